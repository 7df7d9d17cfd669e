# SPDX-License-Identifier: MIT
# Cross-building arm64 programs and libraries that run in the emulated
# dom0, against Debian's arm64 Xen libraries unpacked by scripts/mksysroot.
# Include after TOP is set; use $(ARM64_CC), $(ARM64_CFLAGS), $(ARM64_LIBS).
ARM64_CROSS   ?= aarch64-linux-gnu-
ARM64_CC      := $(ARM64_CROSS)gcc
ARM64_AR      := $(ARM64_CROSS)ar
ARM64_SYSROOT ?= $(TOP)/build/sysroot-arm64
ARM64_LIBDIR  := $(ARM64_SYSROOT)/usr/lib/aarch64-linux-gnu
# -isystem: they are system headers, as /usr/include is for a native build.
ARM64_CFLAGS  := -isystem $(ARM64_SYSROOT)/usr/include
ARM64_LIBS    := -L$(ARM64_LIBDIR) -Wl,-rpath-link,$(ARM64_LIBDIR) \
                 -Wl,-rpath-link,$(ARM64_SYSROOT)/lib/aarch64-linux-gnu

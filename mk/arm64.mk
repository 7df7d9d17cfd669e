# SPDX-License-Identifier: MIT
# Cross-building arm64 programs and libraries that run in the emulated
# dom0, against one Debian distribution's arm64 Xen libraries unpacked by
# scripts/mksysroot.  Include after TOP is set; use $(ARM64_CC),
# $(ARM64_CFLAGS), $(ARM64_LIBS).
#
# D selects the distribution (scripts/apt-dist): 13 (Xen 4.20, the
# default) or 12 (Xen 4.17).  Everything built for one distribution goes
# under $(DIST_OUT) = build/d$(D)/ (host/, sysroot-arm64/, arm64/, privcmd/).
D             ?= 13
DIST_OUT      := $(TOP)/build/d$(D)
ARM64_CROSS   ?= aarch64-linux-gnu-
ARM64_CC      := $(ARM64_CROSS)gcc
ARM64_AR      := $(ARM64_CROSS)ar
ARM64_SYSROOT ?= $(DIST_OUT)/sysroot-arm64
ARM64_LIBDIR  := $(ARM64_SYSROOT)/usr/lib/aarch64-linux-gnu
# -isystem: they are system headers, as /usr/include is for a native build.
# Branch protection (BTI landing pads and return-address signing), as
# Debian 13 builds its arm64 Xen libraries.  Pointer authentication works
# as soon as the code is built so.  BTI guards a library's pages only if
# the library is marked, and the link marks it only if every object is:
# Debian 12's cross toolchain's crti.o is not, so the libraries built
# here carry the landing pads but not the mark (tests/deb/hardening).
ARM64_CFLAGS  := -isystem $(ARM64_SYSROOT)/usr/include -mbranch-protection=standard
# Programs are compiled against the cross toolchain's glibc (Debian 12's
# 2.36) and run on the target's (2.41 on Debian 13), which keeps every
# older symbol version.  Debian 13's Xen libraries themselves need 2.38
# symbols that 2.36 lacks: --allow-shlib-undefined leaves those to the
# dom0's own glibc at run time (mkhost checks that the image has every
# library the toolstack needs).
ARM64_LIBS    := -L$(ARM64_LIBDIR) -Wl,-rpath-link,$(ARM64_LIBDIR) \
                 -Wl,-rpath-link,$(ARM64_SYSROOT)/lib/aarch64-linux-gnu \
                 -Wl,--allow-shlib-undefined

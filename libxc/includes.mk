# SPDX-License-Identifier: LGPL-2.1-only
# The include path of libxc/'s sources, for libxc/Makefile and for the
# unit tests and fuzzers that compile the same sources (tests/unit,
# tests/fuzz).  Include after TOP is set.
LIBXC_INCLUDES := -I$(TOP)/libxc/include -I$(TOP)/libxc/src \
                  -I$(TOP)/privcmd/include/uapi \
                  -I$(TOP)/privcmd/include/debug

# SPDX-License-Identifier: MIT
# Quiet build output, kvmtool/Kbuild style: `$(E) "  CC      x.o"` prints a
# short line, `$(Q)` hides the command; V=1 shows commands instead.
ifeq ($(V),1)
Q :=
E := @true
else
Q := @
E := @echo
endif

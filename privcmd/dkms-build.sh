#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dkms-build.sh D SRCROOT WORKDIR [KO]: what DKMS does for an arm64 Debian
# D dom0, done on this machine, cross: `dkms add` and `dkms build` the
# module source SRCROOT/xen-privcmd-nc-VERSION/ (with its dkms.conf, as
# xen-privcmd-nc-dkms installs it in /usr/src) for the kernel that Debian
# D's linux-image-arm64 points at, against that kernel's headers as
# kdir.sh unpacks them (the same tree and make variables as `make dist`).
# DKMS's state stays in WORKDIR (--dkmstree, and /var/lib/dkms: dkms_
# below): nothing of the machine's changes.  Prints DKMS's output and the
# module's vermagic; exits 0 only if the module was built and its
# vermagic names that kernel; then copies it to KO if given.
# Used by `make dist D=13` (the module the Debian 13 jobs load) and by
# tests/deb/dkms-build (the packaged source).
set -eu -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
d=${1:?usage: dkms-build.sh D SRCROOT WORKDIR [KO]}
srcroot=$(realpath "${2:?usage: dkms-build.sh D SRCROOT WORKDIR [KO]}")
work=$(realpath -m "${3:?usage: dkms-build.sh D SRCROOT WORKDIR [KO]}")
ko_out=${4:-}

eval "$(make -s --no-print-directory -C "$here" dkms-env D="$d")"
abi=${kdir##*/linux-headers-}
rm -rf "$work"
mkdir -p "$work/tree" "$work/bin"
src=$(cd "$srcroot" && echo xen-privcmd-nc-*)
[ -f "$srcroot/$src/dkms.conf" ] || { echo "dkms-build.sh: no $srcroot/xen-privcmd-nc-*/dkms.conf"; exit 1; }
ver=${src#xen-privcmd-nc-}
# DKMS strips the module with `strip`: the cross one here.
ln -s "$(command -v aarch64-linux-gnu-strip)" "$work/bin/strip"
# Variables in MAKEFLAGS act as make command-line variables, so DKMS's
# own make command gets them, as a native dom0's needs none.
export MAKEFLAGS=$kargs PATH=$work/bin:$PATH
# DKMS keeps its signing key in /var/lib/dkms and makes one there when it
# finds the sign-file of a kernel of the same name on this machine (Debian
# 12's 6.1 kbuild is installed here): run it with a folder of WORK bound
# over /var/lib/dkms, in a mount namespace of its own, so that nothing of
# the machine's changes.
dkms_() {
    mkdir -p "$work/var-lib-dkms"
    unshare --mount --propagation private sh -c \
        'mount --bind "$0" /var/lib/dkms && exec dkms "$@"' \
        "$work/var-lib-dkms" "$@"
}
dk=(--dkmstree "$work/tree" --sourcetree "$srcroot")
echo "dkms-build.sh: dkms add/build xen-privcmd-nc $ver for $abi (aarch64)"
dkms_ add "${dk[@]}" -m xen-privcmd-nc -v "$ver"
dkms_ build "${dk[@]}" -m xen-privcmd-nc -v "$ver" -k "$abi" -a aarch64 \
    --kernelsourcedir "$kdir"
dkms_ status "${dk[@]}" -m xen-privcmd-nc
ko=$work/tree/xen-privcmd-nc/$ver/$abi/aarch64/module/xen-privcmd-nc.ko
[ -f "$ko" ] || { echo "dkms-build.sh: no $ko"; exit 1; }
vermagic=$(modinfo -F vermagic "$ko")
echo "dkms-build.sh: $ko: vermagic $vermagic"
case "$vermagic" in
"$abi "*aarch64*) ;;
*) echo "dkms-build.sh: vermagic does not name $abi aarch64"; exit 1 ;;
esac
[ -z "$ko_out" ] || cp "$ko" "$ko_out"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kdir.sh DIST ARCH FLAVOUR OUTDIR: unpack Debian's kernel headers for the
# kernel linux-image-FLAVOUR:ARCH points at in DIST's package index
# (scripts/apt-dist), ready for an out-of-tree build on this machine, and
# print the folder to pass as `make -C`.  Nothing is hard-coded: the ABI,
# the headers, the kbuild tools and the glibc all come from DIST's index.
#
# The tree goes to OUTDIR/<abi>/ and is reused while <abi> is unchanged.
#
# Debian's kbuild tools (fixdep, modpost, genksyms ...) are amd64 programs
# linked against DIST's glibc: trixie's and forky's need glibc 2.38 or
# later, this Debian 12 machine has 2.36.  So DIST's own libc6:amd64 is
# unpacked next to them and every tool is replaced by a wrapper that runs
# the real program through that glibc's dynamic loader.  --argv0 keeps
# argv[0] as the wrapper's path: modpost execs "<argv0>.real-lsb-64",
# which is then a wrapper too.
set -eu -o pipefail
dist=${1:?usage: kdir.sh DIST ARCH FLAVOUR OUTDIR}
arch=${2:?usage: kdir.sh DIST ARCH FLAVOUR OUTDIR}
flavour=${3:?usage: kdir.sh DIST ARCH FLAVOUR OUTDIR}
outdir=${4:?usage: kdir.sh DIST ARCH FLAVOUR OUTDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
debs="$top/scripts/debs --dist $dist"

die() { echo "kdir.sh: $*" >&2; exit 1; }

abi=$($debs kernel-abi "$arch" "$flavour") || die "no kernel ABI for $flavour:$arch in $dist"
root=$outdir/$abi
kdir=$root/usr/src/linux-headers-$abi
if [ -e "$root/.stamp" ]; then
	echo "$kdir"
	exit 0
fi

# The common headers and the kbuild package are what linux-headers-<abi>
# depends on, by name.
deps=$("$top/scripts/apt-dist" "$dist" apt-cache show --no-all-versions \
	"linux-headers-$abi:$arch" | sed -n 's/^Depends: //p' | tr ',' '\n' |
	sed 's/^ *//; s/ .*//')
common=$(grep -m1 '^linux-headers-.*-common' <<<"$deps") ||
	die "linux-headers-$abi has no -common dependency"
kbuild=$(grep -m1 '^linux-kbuild-' <<<"$deps") ||
	die "linux-headers-$abi has no linux-kbuild dependency"

rm -rf "$root" "$root.tmp"
mkdir -p "$root.tmp"
$debs unpack "$root.tmp" "linux-headers-$abi:$arch" "$common" "$kbuild:amd64" \
	>/dev/null
$debs unpack "$root.tmp/glibc" libc6:amd64 >/dev/null
# The release's sparse, for `make check` (C=2 CHECK=<root>/usr/bin/sparse):
# 7.2's headers use __typeof_unqual__, which Debian 12's sparse 0.6.4
# rejects (then Kbuild quietly skips sparse).
$debs unpack "$root.tmp" sparse:amd64 >/dev/null

# The arch headers name the common Makefile (and, since 6.18, their own
# folder as KBUILD_OUTPUT) by absolute path.
sed -i "s|/usr/src/|$root/usr/src/|g" \
	"$root.tmp/usr/src/linux-headers-$abi/Makefile"

ld=$(find "$root.tmp/glibc" -name 'ld-linux-x86-64.so.2' | head -n1)
[ -n "$ld" ] || die "libc6:amd64 of $dist has no ld-linux-x86-64.so.2"
ld=$root/${ld#"$root.tmp/"}
libdir=$root/glibc/usr/lib/x86_64-linux-gnu:$root/glibc/lib/x86_64-linux-gnu
find "$root.tmp/usr/lib/$kbuild" "$root.tmp/usr/bin/sparse" -type f -perm -u+x |
while read -r f; do
	[ "$(head -c4 "$f")" = $'\x7fELF' ] || continue
	mv "$f" "$f.elf"
	cat >"$f" <<EOF
#!/bin/sh
# Run by $dist's glibc (privcmd/kdir.sh).
exec "$ld" --library-path "$libdir" --argv0 "\$0" "\$0.elf" "\$@"
EOF
	chmod +x "$f"
done

# Debian builds 6.12 with gcc 14 and 7.2 with gcc 16; we build with this
# machine's gcc 12 (the module's code does not depend on the difference).
# A few CONFIG_CC_HAS_* options, which Kconfig set by probing Debian's
# compiler, make Kbuild or the headers use what gcc 12 lacks: the Makefile
# adds -fmin-function-alignment= (gcc 12: "unrecognized command-line
# option"), compiler_types.h the counted_by attributes (gcc 12: "attribute
# directive ignored", fatal under -Werror).  Probe our compiler and unset
# each option it fails, in both auto.conf (read by make) and autoconf.h
# (read by the C code), as Kconfig itself would have for gcc 12; Kbuild
# then falls back to -falign-functions= with the same alignment.  None of
# them is part of vermagic or of any structure's layout.
cc=${CC:-${CROSS_COMPILE-aarch64-linux-gnu-}gcc}
probe() { # probe FLAG C-SOURCE
	echo "$2" | $cc -Werror $1 -x c -c -o /dev/null - >/dev/null 2>&1
}
unset_config() { # unset_config NAME
	local k=$root.tmp/usr/src/linux-headers-$abi
	sed -i "/^CONFIG_$1=/d" "$k/include/config/auto.conf"
	sed -i "/^#define CONFIG_$1 /d" "$k/include/generated/autoconf.h"
	echo "kdir.sh: $abi: CONFIG_$1 unset ($cc lacks it)" >&2
}
k=$root.tmp/usr/src/linux-headers-$abi
if grep -q '^CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=y' "$k/include/config/auto.conf" &&
   ! probe -fmin-function-alignment=8 'int x;'; then
	unset_config CC_HAS_MIN_FUNCTION_ALIGNMENT
fi
if grep -q '^CONFIG_CC_HAS_COUNTED_BY=y' "$k/include/config/auto.conf" &&
   ! probe "" 'struct s { int n; int a[] __attribute__((__counted_by__(n))); };'; then
	unset_config CC_HAS_COUNTED_BY
fi
if grep -q '^CONFIG_CC_HAS_COUNTED_BY_PTR=y' "$k/include/config/auto.conf" &&
   ! probe "" 'struct s { int n; int *p __attribute__((__counted_by__(n))); };'; then
	unset_config CC_HAS_COUNTED_BY_PTR
fi

mv "$root.tmp" "$root"
# fixdep with no arguments prints its usage (and exits 1).
{ "$kdir/scripts/basic/fixdep" 2>&1 || true; } | grep -q -i usage ||
	die "the wrapped kbuild tools of $abi do not run"
touch "$root/.stamp"
echo "$kdir"

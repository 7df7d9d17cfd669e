#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# patch-check.sh BUILD_DIR VER DIST KDIR [CHECKPATCH]: apply
# patches/0*.patch (all but the cover letter) with no fuzz to Debian's
# linux-source-VER (from DIST's package index, or /usr/src when it is
# installed) and compile the objects the patches change for arm64, with
# the arm64 config of the headers in KDIR (kdir.sh DIST arm64 arm64).
# With CHECKPATCH, each patch must also pass that checkpatch.pl --strict.
#
# The series is written against mainline (forky's 7.2 is the newest source
# the archive serves); Debian 13's 6.12 is checked too, so the same patch
# can be carried there.  Debian 12's 6.1 is not: its UAPI header ends at
# IOCTL_PRIVCMD_MMAP_RESOURCE, a new ioctl is no stable material, and the
# out-of-tree module covers 6.1.
#
# The unpacked tree and the object folder are kept in BUILD_DIR, so a
# second run only recompiles the changed objects.
set -u -o pipefail
b=$1 ver=$2 dist=$3 kdir=$4 checkpatch=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
src=$b/linux-source-$ver
patched=$b/linux-patched-$ver
obj=$b/kobj-arm64-$ver
kmake=(make -s -j2 -C "$patched" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
fail() { echo "  why: $2"; echo "FAIL: $1-$ver"; exit 1; }

if [ ! -e "$src/.xu-complete" ]; then
	rm -rf "$src" "$b/linux-src.tmp"
	mkdir -p "$b/linux-src.tmp"
	tar=/usr/src/linux-source-$ver.tar.xz
	if [ ! -e "$tar" ]; then
		deb=$("$top/scripts/debs" --dist "$dist" fetch "linux-source-$ver") ||
			fail privcmd-patch-applies "no linux-source-$ver in $dist"
		tar=$b/linux-src.tmp/linux-source-$ver.tar.xz
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO "./usr/src/linux-source-$ver.tar.xz" >"$tar" ||
			fail privcmd-patch-applies "cannot unpack $deb"
	fi
	# Documentation/ is big and unused, but for the Kconfig file it has.
	tar -C "$b/linux-src.tmp" -xJf "$tar" --exclude='*/Documentation/*' &&
	tar -C "$b/linux-src.tmp" -xJf "$tar" "linux-source-$ver/Documentation/Kconfig" ||
		fail privcmd-patch-applies "cannot unpack $tar"
	mv "$b/linux-src.tmp/linux-source-$ver" "$src" && rm -rf "$b/linux-src.tmp"
	touch "$src/.xu-complete"
fi

# A copy of the tree sharing the unchanged files (hard links).
rm -rf "$patched"
cp -al "$src" "$patched"
objs= files=
for p in "$here"/patches/0*.patch; do
	case "$(basename "$p")" in 0000-*) continue ;; esac
	for f in $(sed -n 's|^+++ b/||p' "$p"); do
		cp --remove-destination "$src/$f" "$patched/$f"
		files="$files$f"$'\n'
		case "$f" in *.c) objs="$objs ${f%.c}.o" ;; esac
	done
	(cd "$patched" && patch -p1 -s --fuzz=0 --dry-run <"$p" >/dev/null &&
		patch -p1 -s --fuzz=0 <"$p") ||
		fail privcmd-patch-applies "$(basename "$p") does not apply with --fuzz=0"
	echo "PASS: privcmd-patch-applies-$ver ($(basename "$p"))"
	[ -n "$checkpatch" ] || continue
	out=$(cd "$b" && perl "$checkpatch" --strict --no-tree -q "$p") ||
		fail privcmd-patch-checkpatch "$out"
	echo "PASS: privcmd-patch-checkpatch-$ver ($(basename "$p"))"
done

config=$kdir/.config
[ -e "$config" ] || fail privcmd-patch-builds-arm64 "no arm64 headers in $kdir"
mkdir -p "$obj"
if ! cmp -s "$config" "$obj/.config.debian"; then
	rm -f "$obj/.config.debian"
	cp "$config" "$obj/.config"
	# BTF needs pahole and libelf and is irrelevant to one object; Debian
	# builds 6.12 and 7.2 with a newer gcc than ours, whose options
	# olddefconfig drops by itself.
	"$patched/scripts/config" --file "$obj/.config" --disable DEBUG_INFO_BTF \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS ""
	"${kmake[@]}" olddefconfig >"$obj/config.log" 2>&1 ||
		{ cat "$obj/config.log"; fail privcmd-patch-builds-arm64 "olddefconfig failed"; }
	cp "$config" "$obj/.config.debian"
fi
grep -q '^CONFIG_XEN_PRIVCMD=m' "$obj/.config" ||
	fail privcmd-patch-builds-arm64 "CONFIG_XEN_PRIVCMD is not m in Debian's config"
objs=${objs# }
start=$(date +%s)
log=$obj/patched.log
# shellcheck disable=SC2086 # one word per object
"${kmake[@]}" W=1 $objs >"$log" 2>&1 ||
	{ tail -n 30 "$log"; fail privcmd-patch-builds-arm64 "make $objs failed"; }
if grep -F "${files%$'\n'}" "$log" | grep -q warning; then
	grep -F "${files%$'\n'}" "$log"
	fail privcmd-patch-builds-arm64 "warnings in $objs"
fi
echo "PASS: privcmd-patch-builds-arm64-$ver ($objs, $(( $(date +%s) - start ))s)"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# patch-check.sh BUILD_DIR LINUX_TAR KDIR CHECKPATCH: apply patches/*.patch
# to Debian's linux-source-6.1 and compile drivers/xen/privcmd.o for arm64
# with the arm64 config of the headers in KDIR (kdir.sh 12 arm64 arm64).  The unpacked tree and the object folder are kept
# in BUILD_DIR, so a second run only recompiles privcmd.o.
set -u -o pipefail
b=$1 tar=$2 kdir=$3 checkpatch=$4
here=$(cd "$(dirname "$0")" && pwd)
src=$b/linux-source-6.1
patched=$b/linux-patched
obj=$b/kobj-arm64
kmake=(make -s -j2 -C "$patched" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
fail() { echo "  why: $2"; echo "FAIL: $1"; exit 1; }

if [ ! -e "$src/.xu-complete" ]; then
	rm -rf "$src" "$b/linux-src.tmp"
	mkdir -p "$b/linux-src.tmp"
	# Documentation/ is big and unused, but for the Kconfig file it has.
	tar -C "$b/linux-src.tmp" -xJf "$tar" --exclude='*/Documentation/*' &&
	tar -C "$b/linux-src.tmp" -xJf "$tar" linux-source-6.1/Documentation/Kconfig ||
		fail privcmd-patch-applies "cannot unpack $tar"
	mv "$b/linux-src.tmp/linux-source-6.1" "$src" && rmdir "$b/linux-src.tmp"
	touch "$src/.xu-complete"
fi

# A copy of the tree sharing the unchanged files (hard links).
rm -rf "$patched"
cp -al "$src" "$patched"
for p in "$here"/patches/*.patch; do
	for f in $(sed -n 's|^+++ b/||p' "$p"); do
		cp --remove-destination "$src/$f" "$patched/$f"
	done
	(cd "$patched" && patch -p1 -s --dry-run <"$p" >/dev/null && patch -p1 -s <"$p") ||
		fail privcmd-patch-applies "$(basename "$p") does not apply"
	echo "PASS: privcmd-patch-applies ($(basename "$p"))"
	out=$(cd "$b" && perl "$checkpatch" --strict --no-tree -q "$p") ||
		fail privcmd-patch-checkpatch "$out"
	echo "PASS: privcmd-patch-checkpatch ($(basename "$p"))"
done

config=$kdir/.config
[ -e "$config" ] || fail privcmd-patch-builds-arm64 "no arm64 headers in $kdir"
mkdir -p "$obj"
if ! cmp -s "$config" "$obj/.config.debian"; then
	rm -f "$obj/.config.debian"
	cp "$config" "$obj/.config"
	# BTF needs pahole and libelf and is irrelevant to one object.
	"$patched/scripts/config" --file "$obj/.config" --disable DEBUG_INFO_BTF \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS ""
	"${kmake[@]}" olddefconfig >"$obj/config.log" 2>&1 ||
		{ cat "$obj/config.log"; fail privcmd-patch-builds-arm64 "olddefconfig failed"; }
	cp "$config" "$obj/.config.debian"
fi
grep -q '^CONFIG_XEN_PRIVCMD=m' "$obj/.config" ||
	fail privcmd-patch-builds-arm64 "CONFIG_XEN_PRIVCMD is not m in Debian's config"
start=$(date +%s)
log=$obj/privcmd.log
"${kmake[@]}" W=1 drivers/xen/privcmd.o >"$log" 2>&1 ||
	{ tail -n 30 "$log"; fail privcmd-patch-builds-arm64 "make drivers/xen/privcmd.o failed"; }
if grep -q 'privcmd\.c.*warning' "$log"; then
	grep 'privcmd\.c' "$log"
	fail privcmd-patch-builds-arm64 "warnings in privcmd.c"
fi
echo "PASS: privcmd-patch-builds-arm64 (drivers/xen/privcmd.o, $(( $(date +%s) - start ))s)"

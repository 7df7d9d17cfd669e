#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh MAKE BUILD_DIR "SOURCES" [patch]: the privcmd/ build and lint
# checks, one SETUP PASS:/SETUP FAIL: line each (called by `make check`;
# with "patch", only the upstream patch's; set-up, not tests: the driver's
# behaviour is tested in the emulated host), and one test of the amd64
# build (privcmd-amd64-registers-nothing, a PASS:/FAIL: line).  A failure
# shows its diagnostics above its FAIL line.
#
# For each kernel the module targets (Debian 12's 6.1, Debian 13's 6.12,
# forky's 7.2): the arm64 build under sparse (C=2) with W=1 and -Werror,
# using that release's sparse, and checkpatch --strict on every source
# file, using that release's checkpatch.pl (from its linux-source package).
set -u -o pipefail
make=$1 b=$2 srcs=$3 only=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
failed=0
mkdir -p "$b" || exit 1

verdict() { # verdict PREFIX NAME RC LOGFILE
	if [ "$3" -eq 0 ]; then
		echo "${1}PASS: $2"
	else
		[ -s "$4" ] && sed 's/^/    /' "$4" | tail -n 40
		echo "${1}FAIL: $2"
		failed=$((failed + 1))
	fi
}
result() { verdict "SETUP " "$@"; }	# set-up: result NAME RC LOGFILE
test_result() { verdict "" "$@"; }	# a test: test_result NAME RC LOGFILE

# linux-source-VER's scripts/ (checkpatch.pl and its data files, and
# checker-valid.sh), unpacked once into BUILD_DIR/src-VER/.
kscripts() { # kscripts VER DIST: print the folder
	local ver=$1 dist=$2 d=$b/src-$1 tar deb
	if [ ! -e "$d/.stamp" ]; then
		rm -rf "$d" && mkdir -p "$d" || return 1
		tar=/usr/src/linux-source-$ver.tar.xz
		if [ ! -e "$tar" ]; then
			deb=$("$top/scripts/debs" --dist "$dist" fetch "linux-source-$ver") ||
				return 1
			tar=$d/linux-source-$ver.tar.xz
			dpkg-deb --fsys-tarfile "$deb" |
				tar -xO "./usr/src/linux-source-$ver.tar.xz" >"$tar" || return 1
		fi
		tar -C "$d" --strip-components=1 -xJf "$tar" \
			--wildcards "linux-source-$ver/scripts/*" || return 1
		rm -f "$d/linux-source-$ver.tar.xz"
		touch "$d/.stamp"
	fi
	echo "$d"
}

# A build is clean when it succeeds and neither gcc nor sparse says a word.
# Not counted: BTF is off (no vmlinux, no pahole here), which Kbuild
# mentions, and 7.2's notice that this machine has no pahole.
build_clean() { # build_clean NAME LOG OBJDIR MAKE-ARGS...
	local name=$1 log=$2 obj=$3 start rc
	shift 3
	rm -f "$obj"/*.o "$obj"/*.ko
	start=$(date +%s)
	$make --no-print-directory -C "$here" "$@" W=1 KCFLAGS=-Werror >"$log" 2>&1
	rc=$?
	grep -v -e 'Skipping BTF generation' -e '^privcmd: built' \
		-e '^warning: pahole version differs' \
		-e '^  The kernel was built with: ' -e '^  You are using:  ' \
		-e '^make\[[0-9]*\]: \(Entering\|Leaving\)' "$log" >"$log.noise"
	[ $rc -eq 0 ] && [ ! -s "$log.noise" ] || rc=1
	[ $rc -eq 0 ] || cat "$log" >>"$log.noise"
	result "$name ($(( $(date +%s) - start ))s)" $rc "$log.noise"
}

# The releases, as "apt-dist name:kernel version:make target".
releases="12:6.1:dist-kbuild 13:6.12:dist-kbuild forky:7.2:forky"
[ "$only" = patch ] && releases=

for r in $releases; do
	IFS=: read -r dist ver target <<<"$r"
	log=$b/check-$ver.log
	kdir=$("$here/kdir.sh" "$dist" arm64 arm64 "$b/kdir" 2>"$log") &&
		src=$(kscripts "$ver" "$dist" 2>>"$log")
	if [ $? -ne 0 ]; then
		result "privcmd-prepare-$ver" 1 "$log"
		continue
	fi
	# Debian's linux-kbuild-7.2 lacks the script with which Kbuild
	# checks that sparse works; without it C=2 is silently dropped.
	[ -e "$kdir/scripts/checker-valid.sh" ] ||
		cp "$src/scripts/checker-valid.sh" "$kdir/scripts/"
	sparse=$(cd "$kdir/../../.." && pwd)/usr/bin/sparse
	if [ "$target" = dist-kbuild ]; then
		obj=$top/build/d$dist/privcmd/kbuild
	else
		obj=$b/forky-arm64
	fi
	build_clean "privcmd-build-sparse-arm64-$ver" "$log" "$obj" \
		"$target" D="$dist" C=2 CHECK="$sparse"

	for f in $srcs; do
		case "$f" in */Kbuild) continue ;; esac
		log=$b/checkpatch-$ver-$(basename "$f").log
		# In BUILD_DIR: checkpatch leaves a cache file in its working folder.
		(cd "$b" && perl "$src/scripts/checkpatch.pl" --strict --no-tree \
			--quiet --show-types -f "$f") >"$log" 2>&1
		result "privcmd-checkpatch-$ver-${f#"$here"/}" $? "$log"
	done
done

if [ -z "$only" ]; then
	# Debian 13's 16 KiB-page flavour (linux-image-arm64-16k): the module
	# must build there, W=1 and sparse clean, and refuse such a kernel at
	# load (docs/privcmd.md, "Page size").  PAGE_SIZE is a compile-time
	# constant, so the refusal is folded into privcmd_nc_init(): the 16k
	# module references no misc_register where the 4 KiB one does (a
	# test, like the amd64 one below: no module is loaded here), and
	# carries the message that says why.
	log=$b/check-6.12-16k.log
	if kdir=$("$here/kdir.sh" 13 arm64 arm64-16k "$b/kdir" 2>"$log"); then
		sparse=$(cd "$kdir/../../.." && pwd)/usr/bin/sparse
		build_clean privcmd-build-sparse-arm64-16k-6.12 "$log" \
			"$b/d13-arm64-16k" arm64-16k C=2 CHECK="$sparse"
		ko=$b/d13-arm64-16k/xen-privcmd-nc.ko
		log=$b/check-16k-refuses.log
		{
			echo "$ko: $(modinfo -F vermagic "$ko")"
			echo "$ko: $(nm "$ko" | grep -cw 'U misc_register') misc_register reference(s)"
			strings "$ko" | grep 'kernel page size is' || echo "$ko: no page-size message"
		} >"$log" 2>&1
		grep -q -- '-arm64-16k .*aarch64' "$log" &&
			grep -q 'ko: 0 misc_register' "$log" &&
			grep -q 'only %lu KiB pages' "$log"
		test_result privcmd-16k-refuses-at-load $? "$log"
	else
		result privcmd-prepare-6.12-16k 1 "$log"
	fi

	build_clean privcmd-build-sparse-amd64 "$b/check-amd64.log" "$b/amd64" \
		amd64 C=2

	# x86 (a test, not set-up): privcmd_nc_init() refuses with -ENODEV
	# before anything else, and CONFIG_ARM64 is a compile-time constant,
	# so the amd64 module cannot register its device at all: it references
	# no misc_register, where the arm64 build does.  (Loading it, which
	# would show the -ENODEV, is not done here: no module is ever loaded
	# on the build machine, and the emulated hosts are arm64.)
	log=$b/check-amd64-refuses.log
	{
		for ko in "$b/amd64/xen-privcmd-nc.ko" \
			"$top/build/d13/privcmd/kbuild/xen-privcmd-nc.ko"; do
			echo "$ko: $(nm "$ko" | grep -cw 'U misc_register') misc_register reference(s)"
		done
	} >"$log" 2>&1
	grep -q 'amd64/xen-privcmd-nc.ko: 0 misc_register' "$log" &&
		grep -q 'kbuild/xen-privcmd-nc.ko: 1 misc_register' "$log"
	test_result privcmd-amd64-registers-nothing $? "$log"

	log=$b/check-tests.log
	$make --no-print-directory -C "$here/../tests/privcmd" >"$log" 2>&1
	result "privcmd-test-program-arm64" $? "$log"

	# gpfn.c's region parsing and pool bookkeeping, natively (tests, one
	# PASS:/FAIL: line each; see tests/privcmd/native/gpfn_test.c).
	log=$b/check-native.log
	$make --no-print-directory -s -C "$here/../tests/privcmd/native" check \
		>"$log" 2>&1 || failed=$((failed + 1))
	grep -E '^(PASS|FAIL): ' "$log"
	grep -qE '^(PASS|FAIL): ' "$log" && ! grep -qvE '^(PASS|FAIL): |^  why: |^  CCLD ' "$log" ||
		sed 's/^/    /' "$log" | tail -n 40
fi

# The upstream patch: against forky's 7.2 (mainline as Debian serves it),
# with 7.2's checkpatch; and against Debian 13's 6.12 (apply and build).
for r in forky:7.2 13:6.12; do
	IFS=: read -r dist ver <<<"$r"
	log=$b/check-patch-$ver.log
	cp72=
	kdir=$("$here/kdir.sh" "$dist" arm64 arm64 "$b/kdir" 2>"$log") &&
		if [ "$ver" = 7.2 ]; then
			cp72=$(kscripts 7.2 forky 2>>"$log")/scripts/checkpatch.pl
		fi &&
		"$here/patch-check.sh" "$b" "$ver" "$dist" "$kdir" "$cp72" >>"$log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL|SKIP): ' "$log" | sed 's/^/SETUP /'
	[ $rc -eq 0 ] || { grep -vE '^(PASS|FAIL|SKIP): ' "$log" | tail -n 30; failed=$((failed + 1)); }
done

[ $failed -eq 0 ]

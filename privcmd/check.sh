#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# check.sh MAKE BUILD_DIR CHECKPATCH "SOURCES": the privcmd/ build and lint
# checks, one SETUP PASS:/SETUP FAIL: line each (called by `make check`;
# set-up, not tests: the driver's behaviour is tested in the emulated host).  A failure shows its
# diagnostics above its FAIL line.
set -u -o pipefail
make=$1 b=$2 checkpatch=$3 srcs=$4
here=$(cd "$(dirname "$0")" && pwd)
failed=0

result() { # result NAME RC LOGFILE
	if [ "$2" -eq 0 ]; then
		echo "SETUP PASS: $1"
	else
		[ -s "$3" ] && sed 's/^/    /' "$3" | tail -n 40
		echo "SETUP FAIL: $1"
		failed=$((failed + 1))
	fi
}

# A build is clean when it succeeds and neither gcc nor sparse says a word.
for arch in arm64 amd64; do
	log=$b/check-$arch.log
	rm -f "$b/$arch"/*.o "$b/$arch"/*.ko
	start=$(date +%s)
	$make --no-print-directory -C "$here" "$arch" C=2 W=1 >"$log" 2>&1
	rc=$?
	grep -v -e 'Skipping BTF generation' -e '^privcmd: built' \
		-e '^make\[[0-9]*\]: \(Entering\|Leaving\)' "$log" >"$log.noise"
	[ $rc -eq 0 ] && [ ! -s "$log.noise" ] || rc=1
	[ $rc -eq 0 ] || cat "$log" >>"$log.noise"
	result "privcmd-build-sparse-$arch ($(( $(date +%s) - start ))s)" $rc "$log.noise"
done

for f in $srcs; do
	case "$f" in */Kbuild) continue ;; esac
	log=$b/checkpatch-$(basename "$f").log
	# In BUILD_DIR: checkpatch leaves a cache file in its working folder.
	(cd "$b" && perl "$checkpatch" --strict --no-tree --quiet --show-types \
		-f "$f") >"$log" 2>&1
	result "privcmd-checkpatch-${f#"$here"/}" $? "$log"
done

log=$b/check-tests.log
$make --no-print-directory -C "$here/../tests/privcmd" >"$log" 2>&1
result "privcmd-test-program-arm64" $? "$log"

log=$b/check-patch.log
"$here/patch-check.sh" "$b" /usr/src/linux-source-6.1.tar.xz "$b/hdr-arm64/.stamp" \
	>"$log" 2>&1
rc=$?
grep -E '^(PASS|FAIL|SKIP): ' "$log" | sed 's/^/SETUP /'
[ $rc -eq 0 ] || { grep -vE '^(PASS|FAIL|SKIP): ' "$log" | tail -n 30; failed=$((failed + 1)); }

[ $failed -eq 0 ]

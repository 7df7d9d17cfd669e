#!/bin/sh
# SPDX-License-Identifier: MIT
# write-bw.sh ROUNDS KERNEL INITRD: in dom0, bytes/s of boot-image writing,
# stock libxenguest vs libxc/ through the xl plugin (the mode it picks, and
# again with image_verify), each against a plain memcpy in dom0, rounds
# alternating so every path sees the same machine load.  Prints each
# round, then medians and ratios.  A benchmark: it asserts nothing about
# the figures, only that every build worked.  XU_BENCH names the stock
# bench program; XU_BENCH-plugin is the same linked with the plugin
# (default: the emulated host's).
rounds=${1:?usage: write-bw.sh ROUNDS KERNEL INITRD}
kernel=${2:?}
initrd=${3:?}
bench=${XU_BENCH:-/mnt/dist/arm64/tests/xu-bench-write}
out=/tmp/write-bw
: > $out

i=0
while [ $i -lt "$rounds" ]; do
    $bench -r 1 "$kernel" "$initrd" >> $out || exit 1
    $bench-plugin -r 1 "$kernel" "$initrd" >> $out || exit 1
    $bench-plugin -r 1 --verify "$kernel" "$initrd" >> $out || exit 1
    i=$((i + 1))
done
cat $out

. "$(dirname "$0")/median.sh"
# result PATH KEY: the KEY= values of the RESULT lines of path PATH
result() { sed -n "s/^RESULT path=$1 .*$2=\([0-9]*\).*/\1/p" $out; }
s=$(result stock build_us | median)
p=$(result plugin build_us | median)
v=$(result 'plugin+verify' build_us | median)
m=$(result '[a-z+]*' memcpy_us | median)
bytes=$(result stock bytes | head -n 1)
mode=$(sed -n 's/^report: dom [0-9]*: \(mode [^,]*\),.*/\1/p' $out | head -n 1)
awk -v s="$s" -v p="$p" -v v="$v" -v m="$m" -v bytes="$bytes" \
    -v mode="$mode" 'BEGIN {
    mib = bytes / 1048576
    printf "bytes per build: %d (%.1f MiB)\n", bytes, mib
    printf "median MiB/s: stock libxenguest %.1f, xen-uncached (%s) %.1f, " \
           "with image_verify %.1f, memcpy in dom0 %.1f\n",
           mib / s * 1e6, mode, mib / p * 1e6, mib / v * 1e6, mib / m * 1e6
    printf "ratios (bytes/s): xen-uncached/stock %.3f, " \
           "xen-uncached/memcpy %.3f, stock/memcpy %.3f, " \
           "with-verify/stock %.3f\n", s / p, m / p, m / s, s / v
}'

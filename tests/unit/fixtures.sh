#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-only
#
# fixtures.sh DIR: real kernels and generated inputs for the unit tests.
#   DIR/Image       arm64 Image (Debian's linux-image-<abi>:arm64 vmlinuz)
#   DIR/Image.gz    gzip -n of it
#   DIR/zImage      armhf zImage (linux-image-<abi>:armhf vmlinuz)
#   DIR/initrd-1    1 byte;  DIR/initrd-odd 4097 bytes
#   DIR/initrd-200M 200 MiB, sparse (size-only layout tests)
# Exits 1 (SKIP for the callers) if a kernel package cannot be had.
set -eu -o pipefail
dir=${1:?usage: fixtures.sh DIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
debs=$top/scripts/debs
mkdir -p "$dir"

kernel() { # ARCH FLAVOUR OUT
    local out=$dir/$3 abi unp
    [ -s "$out" ] && return 0
    abi=$("$debs" kernel-abi "$1" "$2")
    unp=$dir/unpack-$1
    rm -rf "$unp"
    "$debs" unpack "$unp" "linux-image-$abi:$1" >/dev/null
    cp "$unp"/boot/vmlinuz-"$abi" "$out.tmp"
    rm -rf "$unp"
    mv "$out.tmp" "$out"
}

kernel arm64 arm64 Image
kernel armhf armmp zImage
[ -s "$dir/Image.gz" ] || { gzip -n -c "$dir/Image" > "$dir/Image.gz.tmp" &&
                            mv "$dir/Image.gz.tmp" "$dir/Image.gz"; }
printf 'x' > "$dir/initrd-1"
head -c 4097 /dev/zero | tr '\0' 'y' > "$dir/initrd-odd"
rm -f "$dir/initrd-200M"
truncate -s 200M "$dir/initrd-200M"

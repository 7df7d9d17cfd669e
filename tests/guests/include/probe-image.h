/* SPDX-License-Identifier: MIT */
/*
 * The block right after the 64-byte arm64 Image header (or the arm32
 * zImage header, which ends before it) that lets the probe check its own
 * bytes.  probe-seal fills in the digest after the
 * link: pwh64 over the whole image file with the 8 digest bytes taken as
 * zero.  file_len is set by the linker script, so the guest knows how many
 * loaded bytes belong to the file (BSS and stack come after them).
 */
#ifndef PROBE__PROBE_IMAGE_H
#define PROBE__PROBE_IMAGE_H

#define PROBE_IMG_MAGIC         "PROBEIMG"
#define PROBE_IMG_BLOCK_OFF     0x40    /* magic */
#define PROBE_IMG_LEN_OFF       0x48    /* u64 file length */
#define PROBE_IMG_DIGEST_OFF    0x50    /* u64 digest */
#define PROBE_IMG_BLOCK_END     0x60

/* arm64 Image header (Documentation/arm64/booting.rst) */
#define ARM64_IMAGE_MAGIC_OFF   0x38
#define ARM64_IMAGE_MAGIC       0x644d5241u     /* "ARM\x64" */
#define ARM64_TEXT_OFFSET       0x80000
/* flags: bit 0 = 0 little-endian, bits 1-2 = 1 4K pages, bit 3 = 1 any
 * 2 MiB-aligned base (the probe is position independent) */
#define ARM64_IMAGE_FLAGS       0xa

/* arm32 zImage header (Linux arch/arm/boot/compressed/head.S) */
#define ZIMAGE_MAGIC_OFF        0x24
#define ZIMAGE_MAGIC            0x016f2818u
#define ZIMAGE_START_OFF        0x28    /* 0: position independent */
#define ZIMAGE_END_OFF          0x2c    /* = file length when start is 0 */
#define ZIMAGE_ENDIAN_OFF       0x30
#define ZIMAGE_ENDIAN_LE        0x04030201u

#endif /* PROBE__PROBE_IMAGE_H */

/* SPDX-License-Identifier: MIT */
/*
 * The probe initrd format: a self-describing blob the probe guest can
 * verify on its own, whatever its size (a few bytes to many GiB).
 *
 *   offset  size  field
 *   0       8     magic "PRBINITR"
 *   8       4     version (1)
 *   12      4     header size (64)
 *   16      8     payload length in bytes
 *   24      4     digest algorithm (1 = pwh64)
 *   28      4     reserved, 0
 *   32      8     payload digest
 *   40      8     seed the payload was generated from (informational)
 *   48      8     reserved, 0
 *   56      8     header check: pwh64 of bytes 0..55
 *   64      ...   payload
 *
 * All fields little-endian.  The file is exactly header + payload: the
 * guest compares linux,initrd-end - linux,initrd-start with that sum, so a
 * loader that truncates or pads the ramdisk is caught as well.
 */
#ifndef PROBE__PROBE_INITRD_H
#define PROBE__PROBE_INITRD_H

#include <stdint.h>

#define PROBE_INITRD_MAGIC      "PRBINITR"
#define PROBE_INITRD_VERSION    1u
#define PROBE_INITRD_HDR_SIZE   64u
#define PROBE_INITRD_CHECK_LEN  56u

struct probe_initrd_hdr {
    char     magic[8];
    uint32_t version;
    uint32_t hdr_size;
    uint64_t payload_len;
    uint32_t digest_alg;
    uint32_t reserved0;
    uint64_t digest;
    uint64_t seed;
    uint64_t reserved1;
    uint64_t hdr_check;
};

_Static_assert(sizeof(struct probe_initrd_hdr) == PROBE_INITRD_HDR_SIZE,
               "probe initrd header layout");

#endif /* PROBE__PROBE_INITRD_H */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * image.h: magics and internal helpers shared by the image parsers.
 */
#ifndef XU_IMAGE_H
#define XU_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARM64_MAGIC_V0      0x14000008u /* "b #32" at offset 0 */
#define ARM64_MAGIC_V1      0x644d5241u /* "ARM\x64" at 0x38 */
#define ZIMAGE32_MAGIC      0x016f2818u /* at 0x24 */
#define GZIP_MAGIC0         0x1f
#define GZIP_MAGIC1         0x8b

bool xu_arm64_magic_(const uint8_t *p, size_t len);
bool xu_zimage32_magic_(const uint8_t *p, size_t len);
bool xu_gzip_magic_(const uint8_t *p, size_t len);

#endif /* XU_IMAGE_H */

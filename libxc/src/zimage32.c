/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * zimage32.c: arm32 zImage header (arch/arm/boot/compressed/head.S:
 * magic, then the zImage's start and end addresses).
 */
#include <string.h>

#include "xenuncached.h"
#include "image.h"
#include "util.h"

#define ZIMAGE32_OFF_MAGIC   0x24
#define ZIMAGE32_OFF_START   0x28
#define ZIMAGE32_OFF_END     0x2c
#define ZIMAGE32_HDR_SIZE    0x30

/* Xen 4.17 does not load at the very first RAM address (Linux arm/Booting
 * recommends the kernel sit 32 KiB into RAM). */
#define ZIMAGE32_TEXT_OFFSET UINT64_C(0x8000)

bool xu_zimage32_magic_(const uint8_t *p, size_t len)
{
    return len >= ZIMAGE32_HDR_SIZE &&
           get_le32_(p + ZIMAGE32_OFF_MAGIC) == ZIMAGE32_MAGIC;
}

int xu_zimage32_parse(const void *buf, size_t len,
                      struct xu_image_info *info)
{
    const uint8_t *p = buf;
    uint32_t start, end;

    if ( !buf || !info )
        return -XU_ERR_BADARG;
    if ( len < ZIMAGE32_HDR_SIZE )
        return -XU_ERR_TRUNCATED;
    if ( !xu_zimage32_magic_(p, len) )
        return -XU_ERR_BADMAGIC;

    start = get_le32_(p + ZIMAGE32_OFF_START);
    end = get_le32_(p + ZIMAGE32_OFF_END);

    /*
     * end - start is the zImage proper; the file may be longer (appended
     * DTB) but never shorter.
     */
    if ( end < start || end - start > len )
        return -XU_ERR_IMAGESIZE;

    memset(info, 0, sizeof(*info));
    info->kind = XU_IMAGE_ZIMAGE32;
    info->text_offset = ZIMAGE32_TEXT_OFFSET;
    info->file_size = len;
    info->mem_size = len;
    /*
     * Xen 4.17 jumps to a non-zero start address (a non-relocatable
     * zImage) even though it loads at rambase + 0x8000.
     */
    info->entry = start;
    info->page_size = 0;
    info->flags = 0;
    return 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */

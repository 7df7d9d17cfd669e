/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * arm64_image.c: arm64 Image header (Linux Documentation/arm64/booting.rst).
 *
 * Unlike Xen 4.17's zimage64 loader, every field is read explicitly as
 * little-endian and image_size is honoured, so the kernel's BSS is part
 * of its reservation.
 */
#include <string.h>

#include "xenuncached.h"
#include "image.h"
#include "util.h"

/* Header layout: offsets of the 64-byte header. */
#define ARM64_OFF_CODE0        0x00    /* branch, or MZ for EFI stubs */
#define ARM64_OFF_TEXT_OFFSET  0x08
#define ARM64_OFF_IMAGE_SIZE   0x10
#define ARM64_OFF_FLAGS        0x18
#define ARM64_OFF_MAGIC        0x38
#define ARM64_HDR_SIZE         0x40

/* flags: bit 0 endianness, bits 1-2 page size, bit 3 placement. */
#define ARM64_FLAG_BE          (UINT64_C(1) << 0)
#define ARM64_FLAG_PAGE_SHIFT  1
#define ARM64_FLAG_PAGE_MASK   UINT64_C(3)

/*
 * booting.rst: "Prior to v3.17, the endianness of text_offset was not
 * specified.  In these cases image_size is zero and text_offset is
 * 0x80000 in the endianness of the kernel."
 */
#define ARM64_LEGACY_TEXT_OFFSET UINT64_C(0x80000)

/*
 * libxenguest gunzips a compressed kernel as it reads it (Xen 4.17
 * xc_dom_kernel_file() -> xc_dom_try_gunzip()): xc_dom_check_gzip()
 * returns the gzip ISIZE + 16, and the blob handed to the loaders is that
 * long, the inflated Image followed by 16 bytes that xc_dom_malloc() left
 * zero.  Those bytes are not part of the kernel: accept up to this many
 * zero bytes past image_size, and copy only image_size.
 */
#define ARM64_GUNZIP_TAIL      16

static bool zero_tail_(const uint8_t *p, size_t from, size_t to)
{
    for ( ; from < to; from++ )
        if ( p[from] )
            return false;
    return true;
}

bool xu_arm64_magic_(const uint8_t *p, size_t len)
{
    /* Xen accepts either: the v0 branch (pre-3.12) or "ARM\x64". */
    if ( len < ARM64_HDR_SIZE )
        return false;
    return get_le32_(p + ARM64_OFF_CODE0) == ARM64_MAGIC_V0 ||
           get_le32_(p + ARM64_OFF_MAGIC) == ARM64_MAGIC_V1;
}

static uint32_t page_size_(uint64_t flags)
{
    static const uint32_t sizes[] = { 0, 4096, 16384, 65536 };

    return sizes[(flags >> ARM64_FLAG_PAGE_SHIFT) & ARM64_FLAG_PAGE_MASK];
}

int xu_arm64_parse(const void *buf, size_t len, struct xu_image_info *info)
{
    const uint8_t *p = buf;
    uint64_t text_offset, image_size, flags, end, file_size = len;

    if ( !buf || !info )
        return -XU_ERR_BADARG;
    if ( len < ARM64_HDR_SIZE )
        return -XU_ERR_TRUNCATED;
    if ( !xu_arm64_magic_(p, len) )
        return -XU_ERR_BADMAGIC;

    text_offset = get_le64_(p + ARM64_OFF_TEXT_OFFSET);
    image_size = get_le64_(p + ARM64_OFF_IMAGE_SIZE);
    flags = get_le64_(p + ARM64_OFF_FLAGS);

    if ( image_size == 0 )
    {
        /* Pre-3.17 kernel: flags did not exist yet, offset is fixed. */
        text_offset = ARM64_LEGACY_TEXT_OFFSET;
        image_size = len;
        flags = 0;
    }
    else if ( image_size < len )
    {
        if ( len - image_size > ARM64_GUNZIP_TAIL ||
             !zero_tail_(p, image_size, len) )
            return -XU_ERR_IMAGESIZE;
        file_size = image_size;
    }

    if ( flags & ARM64_FLAG_BE )
        return -XU_ERR_BIGENDIAN;

    /*
     * Linux places text_offset at page granularity; an unaligned one
     * would make Xen's "just below the kernel" rule place the modules
     * unaligned (found by tests/fuzz).
     */
    if ( text_offset & (XU_SZ_4K - 1) )
        return -XU_ERR_TEXTOFFSET;

    /* The layout adds RAM base on top of this: checked there again. */
    if ( add_overflows_(text_offset, image_size, &end) )
        return -XU_ERR_OVERFLOW;

    memset(info, 0, sizeof(*info));
    info->kind = XU_IMAGE_ARM64;
    info->text_offset = text_offset;
    info->file_size = file_size;
    info->mem_size = image_size;
    info->entry = 0;
    info->page_size = page_size_(flags);
    info->flags = flags;
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

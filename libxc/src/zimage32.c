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

/*
 * Since Linux 3.19 (arch/arm/boot/compressed/head.S) the header goes on:
 * an endianness word, a second magic and the offset of a table of tagged
 * entries (vmlinux.lds.S), each [size in words, tag, data...], ended by a
 * size of 0.  All words read as little-endian whatever the kernel's
 * endianness (ZIMAGE_MAGIC() swaps them for BE8 kernels).
 */
#define ZIMAGE32_OFF_EXTMAGIC 0x34
#define ZIMAGE32_OFF_TABLE    0x38
#define ZIMAGE32_EXT_HDR_SIZE 0x3c
#define ZIMAGE32_EXTMAGIC     0x45454545u
/* "KLSZ": offset of the inflated size, BSS size, TEXT_OFFSET, MALLOC_SIZE */
#define ZIMAGE32_TAG_KLSZ     0x5a534c4bu
#define ZIMAGE32_KLSZ_WORDS   6

/* Xen 4.17 does not load at the very first RAM address (Linux arm/Booting
 * recommends the kernel sit 32 KiB into RAM). */
#define ZIMAGE32_TEXT_OFFSET UINT64_C(0x8000)

/*
 * The decompressor inflates the kernel to (its own address rounded down to
 * 128 MiB) + TEXT_OFFSET.  When it sits in the way it first copies itself
 * past the end of the inflated kernel, with its own BSS, 4 KiB stack and
 * MALLOC_SIZE heap; the BSS and stack are not in the table: allow this.
 */
#define ZIMAGE32_DECOMP_BASE_MASK (~UINT64_C(0x7ffffff))
#define ZIMAGE32_SELF_SLACK  UINT64_C(0x10000)

bool xu_zimage32_magic_(const uint8_t *p, size_t len)
{
    return len >= ZIMAGE32_HDR_SIZE &&
           get_le32_(p + ZIMAGE32_OFF_MAGIC) == ZIMAGE32_MAGIC;
}

struct klsz_ {
    uint32_t inflated, bss, text_offset, malloc_size;
};

/*
 * Find the KLSZ entry of the extension table.  Returns 1 and fills @k if
 * there is one, 0 if the zImage has no table (before 3.19) or no such
 * entry, -XU_ERR_IMAGESIZE if the table or what it points to is not
 * inside the file.
 */
static int find_klsz_(const uint8_t *p, size_t len, struct klsz_ *k)
{
    uint64_t off, words, size_off;

    if ( len < ZIMAGE32_EXT_HDR_SIZE ||
         get_le32_(p + ZIMAGE32_OFF_EXTMAGIC) != ZIMAGE32_EXTMAGIC )
        return 0;

    for ( off = get_le32_(p + ZIMAGE32_OFF_TABLE); ; off += words * 4 )
    {
        if ( (off & 3) || off > len - 4 )
            return -XU_ERR_IMAGESIZE;
        words = get_le32_(p + off);
        if ( words == 0 )
            return 0;
        if ( words < 2 || words > (len - off) / 4 )
            return -XU_ERR_IMAGESIZE;
        if ( get_le32_(p + off + 4) != ZIMAGE32_TAG_KLSZ )
            continue;
        if ( words < ZIMAGE32_KLSZ_WORDS )
            return -XU_ERR_IMAGESIZE;
        size_off = get_le32_(p + off + 8);
        if ( size_off > len - 4 )
            return -XU_ERR_IMAGESIZE;
        k->inflated = get_le32_(p + size_off);
        k->bss = get_le32_(p + off + 12);
        k->text_offset = get_le32_(p + off + 16);
        k->malloc_size = get_le32_(p + off + 20);
        return 1;
    }
}

int xu_zimage32_parse(const void *buf, size_t len,
                      struct xu_image_info *info)
{
    const uint8_t *p = buf;
    uint64_t load, mem_end, decomp, self;
    uint32_t start, end;
    struct klsz_ k;
    int rc;

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

    /*
     * A non-zero start is where a non-relocatable zImage must run: load
     * it there and enter there (Xen's kernel_zimage_place() for dom0 does
     * so; libxenguest 4.17 loads at RAM base + 0x8000 and jumps to start,
     * which misses the image unless the two agree).  It has to lie in RAM
     * bank 0, page aligned (segments are whole pages).
     */
    if ( start == 0 )
        load = XU_GUEST_RAM0_BASE + ZIMAGE32_TEXT_OFFSET;
    else if ( start < XU_GUEST_RAM0_BASE ||
              start - XU_GUEST_RAM0_BASE >= XU_GUEST_RAM0_SIZE ||
              (start & (XU_SZ_4K - 1)) )
        return -XU_ERR_TEXTOFFSET;
    else
        load = start;

    /*
     * Reserve what the kernel will use, not only the file: the inflated
     * kernel and its BSS at the decompression address, and the copy of
     * the decompressor past the inflated kernel (the arm32 twin of arm64
     * image_size).  Decompressing below the load address would put the
     * kernel where this reservation cannot reach (the modules may go
     * just below the kernel): refused.
     */
    if ( add_overflows_(load, len, &mem_end) )
        return -XU_ERR_OVERFLOW;
    rc = find_klsz_(p, len, &k);
    if ( rc < 0 )
        return rc;
    if ( rc )
    {
        /* 32-bit table fields on top of a 32-bit address: cannot wrap. */
        decomp = (load & ZIMAGE32_DECOMP_BASE_MASK) + k.text_offset;
        if ( decomp < load )
            return -XU_ERR_TEXTOFFSET;
        self = mem_end - load + k.malloc_size + ZIMAGE32_SELF_SLACK;
        if ( add_overflows_(decomp + k.inflated, k.bss > self ? k.bss : self,
                            &decomp) )
            return -XU_ERR_OVERFLOW;
        if ( decomp > mem_end )
            mem_end = decomp;
    }

    memset(info, 0, sizeof(*info));
    info->kind = XU_IMAGE_ZIMAGE32;
    info->text_offset = load - XU_GUEST_RAM0_BASE;
    info->file_size = len;
    info->mem_size = mem_end - load;
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

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * verify.c: read a guest region back once it is written and compare it,
 * by digest, with the bytes that were meant to be there.
 *
 * The read goes through the backend in the mode the writes used, so it
 * sees what the guest will see with its caches off:
 *  - nc: an uncached mapping; every load comes from memory;
 *  - fwb: stage 2 forces write-back for the guest as well, so a cached
 *    read is exactly what the guest reads;
 *  - cached+flush: the region was cleaned and invalidated when its write
 *    mapping went, so a fresh cacheable mapping misses and fills from
 *    memory; its unmap cleans and invalidates again, so the check leaves
 *    no line behind for the guest to hit once it turns its caches on.
 *
 * Digest: CRC-32 (zlib) per 4 KiB page, combined into one per region.
 * Per page so that a mismatch says where it is (stale lines are 64 bytes,
 * not whole images); the region digests go in the log so that they can
 * be compared with what a guest computes (the probe guest, for one).
 */
#include <inttypes.h>
#include <string.h>
#include <zlib.h>

#include "private.h"

/* Frames mapped at a time: bounds dom0 address space for huge initrds. */
#define VERIFY_CHUNK_PAGES 1024
#define PAGE_BYTES (1u << XU_PAGE_SHIFT)

static const unsigned char zero_page_[PAGE_BYTES];

/*
 * The bytes page @idx of the region should hold: @expect up to @len, then
 * zeros (libxenguest clears every segment before it copies in), or, with
 * @any_tail, whatever the guest page @got holds there (nobody cleared it).
 */
static const unsigned char *wanted_page_(const unsigned char *expect,
                                         size_t len, size_t idx,
                                         bool any_tail,
                                         const unsigned char *got,
                                         unsigned char *tmp)
{
    size_t off = idx << XU_PAGE_SHIFT;

    if ( off >= len )
        return any_tail ? got : zero_page_;
    if ( len - off >= PAGE_BYTES )
        return expect + off;
    memcpy(tmp, expect + off, len - off);
    if ( any_tail )
        memcpy(tmp + (len - off), got + (len - off),
               PAGE_BYTES - (len - off));
    else
        memset(tmp + (len - off), 0, PAGE_BYTES - (len - off));
    return tmp;
}

int xu_fmem_verify(xu_fmem_handle *h, uint32_t domid, uint64_t gpfn,
                   size_t pages, const void *expect, size_t len,
                   const char *what)
{
    return xu_verify_(h, domid, gpfn, pages, expect, len, false, what);
}

int xu_verify_(xu_fmem_handle *h, uint32_t domid, uint64_t gpfn,
               size_t pages, const void *expect, size_t len, bool any_tail,
               const char *what)
{
    uint64_t arr[VERIFY_CHUNK_PAGES];
    unsigned char tmp[PAGE_BYTES];
    uLong dig_guest = crc32(0, Z_NULL, 0), dig_want = dig_guest;
    size_t done, n, i, nbad = 0, first_bad = 0;
    struct timespec t0;
    int saved_errno;

    if ( !h || !what || !pages || (len && !expect) ||
         pages > SIZE_MAX >> XU_PAGE_SHIFT || len > pages << XU_PAGE_SHIFT ||
         gpfn + pages < gpfn )
    {
        errno = EINVAL;
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);

    for ( done = 0; done < pages; done += n )
    {
        const unsigned char *p;

        n = pages - done < VERIFY_CHUNK_PAGES ? pages - done
                                              : VERIFY_CHUNK_PAGES;
        for ( i = 0; i < n; i++ )
            arr[i] = gpfn + done + i;
        p = xu_map_(h, domid, n, arr, NULL);
        if ( !p )
        {
            saved_errno = errno;
            PERROR(h, "verify d%u %s: map of gpfn %#"PRIx64"+%zu", domid,
                   what, gpfn + done, n);
            errno = saved_errno;
            return -1;
        }
        for ( i = 0; i < n; i++ )
        {
            const unsigned char *got = p + (i << XU_PAGE_SHIFT);
            const unsigned char *want = wanted_page_(expect, len, done + i,
                                                     any_tail, got, tmp);
            uLong cg = crc32(0, got, PAGE_BYTES);
            uLong cw = crc32(0, want, PAGE_BYTES);

            dig_guest = crc32_combine(dig_guest, cg, PAGE_BYTES);
            dig_want = crc32_combine(dig_want, cw, PAGE_BYTES);
            if ( cg != cw && nbad++ == 0 )
                first_bad = done + i;
        }
        if ( xu_fmem_unmap(h, (void *)p) )
            return -1;      /* logged by the unmap */
    }

    h->ver_bytes += (uint64_t)pages << XU_PAGE_SHIFT;
    h->ver_ns += xu_ns_since_(&t0);

    if ( nbad )
    {
        LOG(h, XTL_ERROR, "verify d%u %s: %zu of %zu pages differ, the "
            "first at offset %#zx (gpfn %#"PRIx64"); crc32 in guest "
            "%08lx, written %08lx", domid, what, nbad, pages,
            first_bad << XU_PAGE_SHIFT, gpfn + first_bad,
            (unsigned long)dig_guest, (unsigned long)dig_want);
        errno = EIO;
        return -1;
    }
    LOG(h, XTL_DETAIL, "verify d%u %s: %zu pages match, crc32 %08lx",
        domid, what, pages, (unsigned long)dig_guest);
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

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * gzip.c: bounded gunzip into a caller-owned buffer (zlib).
 */
#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "xenuncached.h"
#include "image.h"
#include "util.h"

/* RFC 1952: 10-byte header, 8-byte trailer (CRC32, ISIZE). */
#define GZIP_MIN_SIZE   18
#define GZIP_ISIZE_LEN  4
/* inflateInit2 windowBits: 15-bit window, +16 = gzip wrapper only. */
#define GZIP_WBITS      (15 + 16)
/* zlib counts in uInt: feed it at most this much per call. */
#define ZCHUNK          ((size_t)UINT_MAX)

bool xu_gzip_magic_(const uint8_t *p, size_t len)
{
    return len >= 2 && p[0] == GZIP_MAGIC0 && p[1] == GZIP_MAGIC1;
}

int xu_gzip_isize(const void *buf, size_t len, uint32_t *isize)
{
    const uint8_t *p = buf;

    if ( !buf || !isize )
        return -XU_ERR_BADARG;
    if ( len < GZIP_MIN_SIZE )
        return xu_gzip_magic_(p, len) ? -XU_ERR_TRUNCATED : -XU_ERR_BADMAGIC;
    if ( !xu_gzip_magic_(p, len) )
        return -XU_ERR_BADMAGIC;

    *isize = get_le32_(p + len - GZIP_ISIZE_LEN);
    return 0;
}

static size_t min_sz_(size_t a, size_t b)
{
    return a < b ? a : b;
}

int xu_gunzip(const void *src, size_t srclen, void *dst, size_t dstlen,
              size_t *outlen)
{
    z_stream zs;
    size_t in_left = srclen, out_left = dstlen;
    int zrc, rc;

    if ( !src || !outlen || (!dst && dstlen) )
        return -XU_ERR_BADARG;
    if ( !xu_gzip_magic_(src, srclen) )
        return -XU_ERR_BADMAGIC;

    memset(&zs, 0, sizeof(zs));
    if ( inflateInit2(&zs, GZIP_WBITS) != Z_OK )
        return -XU_ERR_GZIP;

    zs.next_in = (Bytef *)src;
    zs.next_out = dst;
    for ( ;; )
    {
        size_t in_chunk = min_sz_(in_left, ZCHUNK);
        size_t out_chunk = min_sz_(out_left, ZCHUNK);

        zs.avail_in = in_chunk;
        zs.avail_out = out_chunk;
        zrc = inflate(&zs, Z_NO_FLUSH);
        in_left -= in_chunk - zs.avail_in;
        out_left -= out_chunk - zs.avail_out;

        if ( zrc == Z_STREAM_END )
        {
            rc = 0;
            break;
        }
        if ( zrc == Z_BUF_ERROR )
        {
            /*
             * No progress possible: either the caller's buffer is full
             * or the input ended before the end of the stream.
             */
            rc = out_left == 0 ? -XU_ERR_NOSPACE : -XU_ERR_GZIP;
            break;
        }
        if ( zrc != Z_OK )
        {
            rc = -XU_ERR_GZIP;
            break;
        }
    }

    inflateEnd(&zs);
    if ( rc == 0 )
        *outlen = dstlen - out_left;
    return rc;
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

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * image.c: identify a boot image by its magic.
 */
#include "xenuncached.h"
#include "image.h"

int xu_image_probe(const void *buf, size_t len)
{
    const uint8_t *p = buf;

    if ( !buf )
        return -XU_ERR_BADARG;
    /* Same order as Xen probes (last registered first): arm64 first. */
    if ( xu_arm64_magic_(p, len) )
        return XU_IMAGE_ARM64;
    if ( xu_gzip_magic_(p, len) )
        return XU_IMAGE_ARM64_GZIP;
    if ( xu_zimage32_magic_(p, len) )
        return XU_IMAGE_ZIMAGE32;
    return -XU_ERR_BADMAGIC;
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

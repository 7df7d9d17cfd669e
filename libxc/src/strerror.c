/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * strerror.c: text of the XU_ERR_* codes (libfdt's fdt_strerror shape).
 */
#include <stddef.h>

#include "xenuncached.h"

#define XU_ERRTABENT(val, msg) [(val)] = #val ": " msg

static const char *const errtable[] = {
    XU_ERRTABENT(XU_ERR_BADARG,
                 "invalid argument"),
    XU_ERRTABENT(XU_ERR_TRUNCATED,
                 "buffer shorter than the image header"),
    XU_ERRTABENT(XU_ERR_BADMAGIC,
                 "bad magic: not an arm64 Image, gzip stream or arm32 zImage"),
    XU_ERRTABENT(XU_ERR_BIGENDIAN,
                 "big-endian kernel (arm64 flags bit 0) not supported"),
    XU_ERRTABENT(XU_ERR_IMAGESIZE,
                 "image size field inconsistent with the file size"),
    XU_ERRTABENT(XU_ERR_OVERFLOW,
                 "address or size arithmetic overflows"),
    XU_ERRTABENT(XU_ERR_TEXTOFFSET,
                 "text_offset not 4 KiB aligned or beyond RAM bank 0"),
    XU_ERRTABENT(XU_ERR_GZIP,
                 "corrupt or truncated gzip stream"),
    XU_ERRTABENT(XU_ERR_NOSPACE,
                 "decompressed image larger than the output buffer"),
    XU_ERRTABENT(XU_ERR_RAMSIZE,
                 "RAM size is 0, not page aligned or too large"),
    XU_ERRTABENT(XU_ERR_KERNELSIZE,
                 "kernel does not fit in RAM bank 0"),
    XU_ERRTABENT(XU_ERR_NOFIT,
                 "initrd and DTB fit nowhere in RAM bank 0"),
};

#define ERRTABSIZE (sizeof(errtable) / sizeof(errtable[0]))

const char *xu_strerror(int errval)
{
    unsigned int e;

    if ( errval == 0 )
        return "<no error>";

    /* Accept both -XU_ERR_x (as returned) and XU_ERR_x. */
    e = errval < 0 ? -(unsigned int)errval : (unsigned int)errval;
    if ( e < ERRTABSIZE && errtable[e] )
        return errtable[e];

    return "<unknown error>";
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

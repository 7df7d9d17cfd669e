/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * dom_loader.c: struct xc_dom_loader instances for libxenguest, built on
 * the pure parsers (xg_dom_armzimageloader.c shape).
 *
 * Probes only look at magics, so that once an image is ours the parser can
 * reject it with a clear reason instead of letting libxenguest's own
 * zImage loader accept, say, a big-endian Image.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "xenuncached.h"
#include "xg_compat.h"
#include "util.h"

#define GUEST_TYPE_ARM64 "xen-3.0-aarch64"
#define GUEST_TYPE_ARM32 "xen-3.0-armv7l"

static int probe_common_(struct xc_dom_image *dom, enum xu_image_kind kind,
                         const char *what)
{
    int rc;

    if ( dom->kernel_blob == NULL )
    {
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR,
                     "%s: no kernel image loaded", __func__);
        return -EINVAL;
    }
    rc = xu_image_probe(dom->kernel_blob, dom->kernel_size);
    if ( rc != (int)kind )
    {
        xc_dom_printf(dom->xch, "%s: kernel is not %s (%s)", __func__, what,
                      rc < 0 ? xu_strerror(rc) : "other format");
        return -EINVAL;
    }
    return 0;
}

static int probe_arm64_(struct xc_dom_image *dom)
{
    return probe_common_(dom, XU_IMAGE_ARM64, "an arm64 Image");
}

static int probe_zimage32_(struct xc_dom_image *dom)
{
    return probe_common_(dom, XU_IMAGE_ZIMAGE32, "an arm32 zImage");
}

/*
 * libxenguest normally gunzips the kernel as it reads it; it skips that
 * silently when the trailer looks too large.  We decompress here, bounded
 * by max_kernel_size, and claim the image only if an arm64 Image is inside.
 */
static int probe_arm64_gzip_(struct xc_dom_image *dom)
{
    uint64_t cap = dom->max_kernel_size ? dom->max_kernel_size
                                        : XC_DOM_DECOMPRESS_MAX;
    uint32_t isize;
    size_t outlen;
    void *buf;
    int rc;

    rc = probe_common_(dom, XU_IMAGE_ARM64_GZIP, "gzip");
    if ( rc )
        return rc;
    rc = xu_gzip_isize(dom->kernel_blob, dom->kernel_size, &isize);
    if ( rc == 0 && isize > cap )
        rc = -XU_ERR_NOSPACE;
    if ( rc == 0 && isize == 0 )
        rc = -XU_ERR_GZIP;
    if ( rc )
    {
        xc_dom_printf(dom->xch, "%s: %s", __func__, xu_strerror(rc));
        return -EINVAL;
    }

    buf = xc_dom_malloc(dom, isize);
    if ( buf == NULL )
        return -ENOMEM;
    rc = xu_gunzip(dom->kernel_blob, dom->kernel_size, buf, isize, &outlen);
    if ( rc == 0 && xu_image_probe(buf, outlen) != XU_IMAGE_ARM64 )
        rc = -XU_ERR_BADMAGIC;
    if ( rc )
    {
        /* The buffer stays in dom's pool and goes with xc_dom_release(). */
        xc_dom_printf(dom->xch, "%s: %s", __func__, xu_strerror(rc));
        return -EINVAL;
    }

    dom->kernel_blob = buf;
    dom->kernel_size = outlen;
    return 0;
}

static int parse_common_(struct xc_dom_image *dom,
                         const struct xu_image_info *info,
                         const char *guest_type)
{
    uint64_t rambase = (uint64_t)dom->rambase_pfn << XC_PAGE_SHIFT;
    uint64_t v_start, v_end;

    if ( add_overflows_(rambase, info->text_offset, &v_start) ||
         add_overflows_(v_start, info->mem_size, &v_end) )
    {
        xc_dom_panic(dom->xch, XC_INVALID_KERNEL, "%s: %s", __func__,
                     xu_strerror(-XU_ERR_OVERFLOW));
        return -EINVAL;
    }

    /* Reserve the BSS too: upstream reserves only the file (vend). */
    dom->kernel_seg.vstart = v_start;
    dom->kernel_seg.vend = v_end;
    xu_parms_(dom)->virt_entry = info->entry ? info->entry : v_start;
    xu_parms_(dom)->virt_base = rambase;
    dom->guest_type = guest_type;

    xc_dom_printf(dom->xch, "%s: %s: %#"PRIx64" -> %#"PRIx64
                  " (file %#"PRIx64")", __func__, guest_type, v_start, v_end,
                  info->file_size);
    return 0;
}

/* Run one of the pure parsers over the kernel blob, then lay it out. */
static int parse_with_(struct xc_dom_image *dom,
                       int (*parse)(const void *, size_t,
                                    struct xu_image_info *),
                       const char *guest_type)
{
    struct xu_image_info info;
    int rc = parse(dom->kernel_blob, dom->kernel_size, &info);

    if ( rc )
    {
        xc_dom_panic(dom->xch, XC_INVALID_KERNEL, "%s: %s", __func__,
                     xu_strerror(rc));
        return -EINVAL;
    }
    return parse_common_(dom, &info, guest_type);
}

static int parse_arm64_(struct xc_dom_image *dom)
{
    return parse_with_(dom, xu_arm64_parse, GUEST_TYPE_ARM64);
}

static int parse_zimage32_(struct xc_dom_image *dom)
{
    return parse_with_(dom, xu_zimage32_parse, GUEST_TYPE_ARM32);
}

static int load_kernel_(struct xc_dom_image *dom)
{
    void *dst = xc_dom_seg_to_ptr(dom, &dom->kernel_seg);

    if ( dst == NULL )
    {
        xc_dom_printf(dom->xch, "%s: xc_dom_seg_to_ptr(kernel_seg) => NULL",
                      __func__);
        return -1;
    }
    /* Only the file: the kernel clears its own BSS. */
    memcpy(dst, dom->kernel_blob, dom->kernel_size);
    return 0;
}

static struct xc_dom_loader arm64_loader = {
    .name = "xenuncached arm64 Image",
    .probe = probe_arm64_,
    .parser = parse_arm64_,
    .loader = load_kernel_,
};

static struct xc_dom_loader arm64_gzip_loader = {
    .name = "xenuncached gzip arm64 Image",
    .probe = probe_arm64_gzip_,
    .parser = parse_arm64_,
    .loader = load_kernel_,
};

static struct xc_dom_loader zimage32_loader = {
    .name = "xenuncached arm32 zImage",
    .probe = probe_zimage32_,
    .parser = parse_zimage32_,
    .loader = load_kernel_,
};

void xu_dom_register_loaders(void)
{
    static bool registered;

    if ( registered )
        return;
    registered = true;
    /* Each registration is prepended: the last one is probed first. */
    xc_dom_register_loader(&zimage32_loader);
    xc_dom_register_loader(&arm64_gzip_loader);
    xc_dom_register_loader(&arm64_loader);
}

bool xu_dom_loaders_linked_(void)
{
    /* Registration prepends: arm64, gzip, zimage32, then the stock ones. */
    return arm64_loader.next == &arm64_gzip_loader &&
           arm64_gzip_loader.next == &zimage32_loader &&
           zimage32_loader.next != NULL;
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

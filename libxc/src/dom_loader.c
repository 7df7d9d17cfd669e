/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * dom_loader.c: struct xc_dom_loader instances for libxenguest, built on
 * the pure parsers (xg_dom_armzimageloader.c shape).
 *
 * Probes only look at magics, so that once an image is ours the parser can
 * reject it with a clear reason instead of letting libxenguest's own
 * zImage loader accept, say, a big-endian Image.
 *
 * There is no gzip loader: libxenguest inflates a gzip'd kernel as it
 * reads it (xc_dom_kernel_file()/xc_dom_kernel_mem() -> xc_dom_try_gunzip())
 * whenever ISIZE + 16 is within max_kernel_size, and libxl never changes
 * that bound (1 GiB); a stream it leaves compressed claims more than that,
 * which a loader of ours would have to refuse too.
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

/*
 * libxenguest's meminit() has placed the initrd and the DTB by now (it
 * runs in xc_dom_boot_mem_init(), before xc_dom_build_image() calls the
 * loader), from kernel_seg as our parser set it.  Check that placement
 * against xu_layout_compute(), which follows meminit() rule for rule but
 * with checked arithmetic and the kernel confined to bank 0, and refuse
 * the build, before any byte is written, where the two differ: that is a
 * module overlapping the kernel and its BSS, or beyond RAM (meminit()'s
 * wrapped subtraction), or a libxenguest whose rules changed.
 */
static int check_layout_(struct xc_dom_image *dom,
                         const struct xu_image_info *info)
{
    uint64_t initrd = dom->modules[0].blob ? dom->modules[0].size : 0;
    uint64_t dtb = dom->devicetree_blob ? dom->devicetree_size : 0;
    struct xu_layout l;
    int rc;

    rc = xu_layout_compute((uint64_t)dom->total_pages << XC_PAGE_SHIFT,
                           info, initrd, dtb, &l);
    if ( rc )
    {
        xc_dom_panic(dom->xch, XC_INVALID_KERNEL, "%s: %s", __func__,
                     xu_strerror(rc));
        return -1;
    }
    if ( dom->kernel_seg.vstart != l.kernel_base ||
         (initrd && dom->modules[0].seg.vstart != l.initrd_base) ||
         (dtb && dom->devicetree_seg.vstart != l.dtb_base) )
    {
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR,
                     "%s: libxenguest placed kernel/initrd/DTB at %#"PRIx64
                     "/%#"PRIx64"/%#"PRIx64", xu_layout_compute() at %#"
                     PRIx64"/%#"PRIx64"/%#"PRIx64, __func__,
                     dom->kernel_seg.vstart,
                     initrd ? dom->modules[0].seg.vstart : 0,
                     dtb ? dom->devicetree_seg.vstart : 0,
                     l.kernel_base, l.initrd_base, l.dtb_base);
        return -1;
    }
    return 0;
}

/*
 * Copy the file bytes the parser counted (info.file_size): for an Image
 * inflated by libxenguest that leaves out the 16 zero bytes it appends
 * (arm64_image.c), which would otherwise run past a segment sized to
 * image_size.  The kernel clears its own BSS.
 */
static int load_with_(struct xc_dom_image *dom,
                      int (*parse)(const void *, size_t,
                                   struct xu_image_info *))
{
    struct xu_image_info info;
    uint64_t seg_size = dom->kernel_seg.vend - dom->kernel_seg.vstart;
    void *dst;

    if ( parse(dom->kernel_blob, dom->kernel_size, &info) ||
         info.file_size > seg_size )
    {
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR,
                     "%s: kernel changed since it was parsed", __func__);
        return -1;
    }
    if ( check_layout_(dom, &info) )
        return -1;
    dst = xc_dom_seg_to_ptr(dom, &dom->kernel_seg);
    if ( dst == NULL )
    {
        xc_dom_printf(dom->xch, "%s: xc_dom_seg_to_ptr(kernel_seg) => NULL",
                      __func__);
        return -1;
    }
    memcpy(dst, dom->kernel_blob, info.file_size);
    return 0;
}

static int load_arm64_(struct xc_dom_image *dom)
{
    return load_with_(dom, xu_arm64_parse);
}

static int load_zimage32_(struct xc_dom_image *dom)
{
    return load_with_(dom, xu_zimage32_parse);
}

static struct xc_dom_loader arm64_loader = {
    .name = "xenuncached arm64 Image",
    .probe = probe_arm64_,
    .parser = parse_arm64_,
    .loader = load_arm64_,
};

static struct xc_dom_loader zimage32_loader = {
    .name = "xenuncached arm32 zImage",
    .probe = probe_zimage32_,
    .parser = parse_zimage32_,
    .loader = load_zimage32_,
};

void xu_dom_register_loaders(void)
{
    static bool registered;

    if ( registered )
        return;
    registered = true;
    /* Each registration is prepended: the last one is probed first. */
    xc_dom_register_loader(&zimage32_loader);
    xc_dom_register_loader(&arm64_loader);
}

bool xu_dom_loaders_linked_(void)
{
    /* Registration prepends: arm64, zimage32, then the stock ones. */
    return arm64_loader.next == &zimage32_loader &&
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

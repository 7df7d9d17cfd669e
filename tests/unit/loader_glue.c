/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * loader_glue IMAGE ZIMAGE: our struct xc_dom_loader instances
 * driven as libxenguest's xc_dom_parse_image()/xc_dom_build_image() drive
 * them, against fake xc_dom_* helpers defined here (no Xen needed).
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "tests.h"
#include "xg_compat.h"

static struct xc_dom_loader *first_loader;
static char last_panic[512];
static void *pool[8];
static unsigned int npool;
static uint8_t *guest;          /* fake guest RAM for the kernel segment */

void xc_dom_register_loader(struct xc_dom_loader *loader)
{
    loader->next = first_loader;
    first_loader = loader;
}

void xc_dom_printf(xc_interface *xch, const char *fmt, ...)
{
    (void)xch; (void)fmt;
}

void xc_dom_panic_func(xc_interface *xch, const char *file, int line,
                       xc_error_code err, const char *fmt, ...)
{
    va_list ap;

    (void)xch; (void)file; (void)line; (void)err;
    va_start(ap, fmt);
    vsnprintf(last_panic, sizeof(last_panic), fmt, ap);
    va_end(ap);
}

void *xc_dom_malloc(struct xc_dom_image *dom, size_t size)
{
    (void)dom;
    if ( npool == 8 )
        return NULL;
    return pool[npool++] = calloc(1, size);
}

void *xc_dom_pfn_to_ptr(struct xc_dom_image *dom, xen_pfn_t first,
                        xen_pfn_t count)
{
    (void)dom; (void)first; (void)count;
    return guest;
}

static struct xc_dom_loader *find(const char *name_part)
{
    struct xc_dom_loader *l;

    for ( l = first_loader; l; l = l->next )
        if ( strstr(l->name, name_part) )
            return l;
    FAIL("loader %s not registered", name_part);
}

static void reset(struct xc_dom_image *dom,
                  struct xu_elf_dom_parms_417 *parms, void *blob, size_t len)
{
    memset(dom, 0, sizeof(*dom));
    memset(parms, 0, sizeof(*parms));
    dom->parms = (struct elf_dom_parms *)parms;
    dom->rambase_pfn = 0x40000;
    dom->kernel_blob = blob;
    dom->kernel_size = len;
    dom->max_kernel_size = 256 << 20;
    dom->total_pages = (512 << 20) >> 12;
}

/*
 * Set up the initrd and DTB as libxenguest's meminit() would have placed
 * them (at @initrd_at and right after it) before the loader runs.
 */
static void modules(struct xc_dom_image *dom, uint64_t ram, uint64_t initrd,
                    uint64_t initrd_at, uint64_t dtb)
{
    static uint8_t dummy;

    dom->total_pages = ram >> 12;
    dom->num_modules = 1;
    dom->modules[0].blob = &dummy;
    dom->modules[0].size = initrd;
    dom->modules[0].seg.vstart = initrd_at;
    dom->devicetree_blob = &dummy;
    dom->devicetree_size = dtb;
    dom->devicetree_seg.vstart = initrd_at + ((initrd + 4095) & ~4095ull);
}

int main(int argc, char **argv)
{
    struct xu_elf_dom_parms_417 parms;
    struct xc_dom_image dom;
    struct xc_dom_loader *a64, *z32;
    struct xu_image_info zinfo;
    size_t len, z32len;
    uint8_t *img, *zimg, *inflated;
    uint64_t image_size;
    unsigned int i, n = 0;

    if ( argc != 3 )
        CONFIG("usage: loader_glue IMAGE ZIMAGE");
    img = load_file(argv[1], &len);
    zimg = load_file(argv[2], &z32len);
    guest = malloc(len > z32len ? len : z32len);

    xu_dom_register_loaders();
    xu_dom_register_loaders();          /* idempotent */
    for ( struct xc_dom_loader *l = first_loader; l; l = l->next )
        n++;
    EXPECT_EQ(n, 2);                    /* no gzip loader (dom_loader.c) */
    a64 = find("arm64 Image");
    z32 = find("zImage");
    if ( first_loader != a64 )
        FAIL("arm64 loader is not probed first");

    /* arm64 Image: ours, BSS reserved, entry at load address. */
    reset(&dom, &parms, img, len);
    EXPECT_RC(a64->probe(&dom), 0);
    EXPECT_RC(z32->probe(&dom), -EINVAL);
    EXPECT_RC(a64->parser(&dom), 0);
    image_size = img[0x10] | (uint64_t)img[0x11] << 8 |
                 (uint64_t)img[0x12] << 16 | (uint64_t)img[0x13] << 24;
    EXPECT_EQ(dom.kernel_seg.vstart, 0x40000000);
    EXPECT_EQ(dom.kernel_seg.vend, 0x40000000 + image_size);
    EXPECT_EQ(parms.virt_entry, 0x40000000);
    EXPECT_EQ(parms.virt_base, 0x40000000);
    if ( !dom.guest_type || strcmp(dom.guest_type, "xen-3.0-aarch64") )
        FAIL("guest_type %s", dom.guest_type ? dom.guest_type : "(null)");
    EXPECT_RC(a64->loader(&dom), 0);
    if ( memcmp(guest, img, len) )
        FAIL("kernel bytes not copied");

    /*
     * The loader checks libxenguest's placement of the modules against
     * xu_layout_compute() before copying: as meminit() places them (at
     * 128 MiB) it goes on; anywhere else, nothing is copied.
     */
    modules(&dom, 512 << 20, 1 << 20, 0x48000000, 0x1234);
    memset(guest, 0, len);
    EXPECT_RC(a64->loader(&dom), 0);
    if ( memcmp(guest, img, len) )
        FAIL("kernel bytes not copied");
    dom.devicetree_seg.vstart += 0x1000;
    memset(guest, 0, len);
    EXPECT_RC(a64->loader(&dom), -1);
    if ( !strstr(last_panic, "xu_layout_compute() at 0x40000000/0x48000000/"
                 "0x48100000") )
        FAIL("panic message: %s", last_panic);
    if ( guest[0] )
        FAIL("kernel copied despite a placement that differs");
    /*
     * 1.25 GiB of initrd with 64 MiB of RAM: meminit()'s rule 2 computes
     * bank 0's end - the modules' size unsigned, wraps, and "places" them
     * there; the loader refuses.
     */
    modules(&dom, 64 << 20, 1280ull << 20,
            0x44000000 - (1280ull << 20) - 0x2000, 0x1234);
    EXPECT_RC(a64->loader(&dom), -1);
    if ( !strstr(last_panic, "XU_ERR_NOFIT") )
        FAIL("panic message: %s", last_panic);

    /*
     * An Image as libxenguest hands it over after inflating Image.gz: 16
     * zero bytes past the file (xc_dom_try_gunzip()).  With image_size ==
     * the file size (no BSS) the segment is exactly the Image: the loader
     * must copy the Image only (the fake guest RAM is exactly that long,
     * so ASan sees a copy of the 16 bytes).
     */
    inflated = calloc(1, len + 16);
    memcpy(inflated, img, len);
    inflated[0x10] = len; inflated[0x11] = len >> 8;
    inflated[0x12] = len >> 16; inflated[0x13] = len >> 24;
    inflated[0x14] = inflated[0x15] = inflated[0x16] = inflated[0x17] = 0;
    reset(&dom, &parms, inflated, len + 16);
    EXPECT_RC(a64->probe(&dom), 0);
    EXPECT_RC(a64->parser(&dom), 0);
    EXPECT_EQ(dom.kernel_seg.vend - dom.kernel_seg.vstart, len);
    free(guest);
    guest = malloc(len);
    EXPECT_RC(a64->loader(&dom), 0);
    if ( memcmp(guest, inflated, len) )
        FAIL("inflated kernel bytes not copied");
    free(guest);
    guest = malloc(len > z32len ? len : z32len);
    free(inflated);

    /* Big-endian Image: ours by magic, refused by the parser, clearly. */
    img[0x18] |= 1;
    reset(&dom, &parms, img, len);
    EXPECT_RC(a64->probe(&dom), 0);
    EXPECT_RC(a64->parser(&dom), -EINVAL);
    if ( !strstr(last_panic, "XU_ERR_BIGENDIAN") )
        FAIL("panic message: %s", last_panic);
    img[0x18] &= ~1;

    /* arm32 zImage at rambase + 0x8000. */
    reset(&dom, &parms, zimg, z32len);
    EXPECT_RC(a64->probe(&dom), -EINVAL);
    EXPECT_RC(z32->probe(&dom), 0);
    EXPECT_RC(z32->parser(&dom), 0);
    EXPECT_RC(xu_zimage32_parse(zimg, z32len, &zinfo), 0);
    EXPECT_EQ(dom.kernel_seg.vstart, 0x40008000);
    EXPECT_EQ(dom.kernel_seg.vend, 0x40008000 + zinfo.mem_size);
    if ( zinfo.mem_size <= z32len )
        FAIL("zImage reservation %#"PRIx64" not beyond the file %#zx",
             zinfo.mem_size, z32len);
    EXPECT_EQ(parms.virt_entry, 0x40008000);
    EXPECT_RC(z32->loader(&dom), 0);
    if ( memcmp(guest, zimg, z32len) )
        FAIL("zImage bytes not copied");
    if ( strcmp(dom.guest_type, "xen-3.0-armv7l") )
        FAIL("guest_type %s", dom.guest_type);

    /* No blob. */
    reset(&dom, &parms, NULL, 0);
    EXPECT_RC(a64->probe(&dom), -EINVAL);

    for ( i = 0; i < npool; i++ )
        free(pool[i]);
    free(guest);
    free(img);
    free(zimg);
    PASS();
}

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * loader_glue IMAGE IMAGE.GZ ZIMAGE: our struct xc_dom_loader instances
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
}

int main(int argc, char **argv)
{
    struct xu_elf_dom_parms_417 parms;
    struct xc_dom_image dom;
    struct xc_dom_loader *a64, *gz, *z32;
    size_t len, zlen, z32len;
    uint8_t *img, *gzimg, *zimg;
    uint64_t image_size;
    unsigned int i, n = 0;

    if ( argc != 4 )
        CONFIG("usage: loader_glue IMAGE IMAGE.GZ ZIMAGE");
    img = load_file(argv[1], &len);
    gzimg = load_file(argv[2], &zlen);
    zimg = load_file(argv[3], &z32len);
    guest = malloc(len > z32len ? len : z32len);

    xu_dom_register_loaders();
    xu_dom_register_loaders();          /* idempotent */
    for ( struct xc_dom_loader *l = first_loader; l; l = l->next )
        n++;
    EXPECT_EQ(n, 3);
    a64 = find("arm64 Image");
    gz = find("gzip");
    z32 = find("zImage");
    if ( first_loader != a64 )
        FAIL("arm64 loader is not probed first");

    /* arm64 Image: ours, BSS reserved, entry at load address. */
    reset(&dom, &parms, img, len);
    EXPECT_RC(a64->probe(&dom), 0);
    EXPECT_RC(gz->probe(&dom), -EINVAL);
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

    /* gzip: probe decompresses, bounded, then the arm64 parser runs. */
    reset(&dom, &parms, gzimg, zlen);
    EXPECT_RC(a64->probe(&dom), -EINVAL);
    dom.max_kernel_size = 1 << 20;      /* too small: refused */
    EXPECT_RC(gz->probe(&dom), -EINVAL);
    if ( dom.kernel_blob != gzimg )
        FAIL("blob replaced by a failed probe");
    dom.max_kernel_size = 256 << 20;
    EXPECT_RC(gz->probe(&dom), 0);
    EXPECT_EQ(dom.kernel_size, len);
    if ( memcmp(dom.kernel_blob, img, len) )
        FAIL("gunzipped blob differs");
    EXPECT_RC(gz->parser(&dom), 0);
    EXPECT_EQ(dom.kernel_seg.vend, 0x40000000 + image_size);

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
    EXPECT_EQ(dom.kernel_seg.vstart, 0x40008000);
    EXPECT_EQ(dom.kernel_seg.vend, 0x40008000 + z32len);
    EXPECT_EQ(parms.virt_entry, 0x40008000);
    if ( strcmp(dom.guest_type, "xen-3.0-armv7l") )
        FAIL("guest_type %s", dom.guest_type);

    /* No blob. */
    reset(&dom, &parms, NULL, 0);
    EXPECT_RC(a64->probe(&dom), -EINVAL);

    for ( i = 0; i < npool; i++ )
        free(pool[i]);
    free(guest);
    free(img);
    free(gzimg);
    free(zimg);
    PASS();
}

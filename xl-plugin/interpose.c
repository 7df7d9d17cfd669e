/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * interpose.c: put libxc/ under an unmodified libxl/libxenguest.
 *
 * Debian's libxenguest reaches its own exported functions through the PLT
 * (readelf -rW shows JUMP_SLOT relocations for them), so a definition of
 * the same versioned symbol in an object that comes first in the lookup
 * order (LD_PRELOAD, or a library linked ahead of libxenlight) is the one
 * libxenguest calls.  Four are taken over, each narrowly:
 *
 *  xc_dom_boot_domU_map  the builder's guest-memory mappings go through
 *                        libxc/'s backend, which picks the write mode
 *                        (uncached, FWB-cached, or stock cached+flush);
 *  xc_dom_unmap_one      those mappings are unmapped by the backend too,
 *                        which knows whether a cacheflush is owed;
 *  xc_dom_boot_image     after the real one (which unmaps everything),
 *                        the cache flush of the ACPI tables libxenguest
 *                        wrote its own way, the read-back check if
 *                        image_verify asks for it, then the one-line
 *                        build report, logged and recorded in xenstore;
 *  xc_dom_release        (called by libxl) the end of the build's record.
 * (and libxlutil's config reader, in xlu-hook.c, for image_write and
 * image_verify).
 * Every other mapping the process makes (xenforeignmemory, privcmd, grant
 * maps) is untouched, and on x86 none of this is compiled in.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>
#include <xenguest.h>

#include "plugin.h"
#include "xenuncached-xl.h"

#if defined(__aarch64__) || defined(__arm__)

/*
 * The version each hooked or looked-up function has in the target's own
 * libraries, read from them at build time (gen-vers).  The hooks are
 * defined under XU_VERS_<name> by the generated version-script fragment.
 */
#include "xu-vers.h"

/*
 * One record per build, keyed by libxenguest's xc_dom_image: a libxl
 * program may build several domains at once, in several threads, each
 * with its own libxenctrl handle and its own image_write/image_verify
 * choice (choice.c).  The record holds the build's backend handle (and so
 * its report counters) and the choice read when the build made its first
 * mapping.  It goes when libxenguest releases the build (xc_dom_release,
 * after unmapping whatever is left), or at the end of xc_dom_boot_image
 * if nothing of it is mapped any more.  lock_ guards the list only: a
 * record is used by its build's thread alone, so mapping, unmapping and
 * the read-back run without it.
 */
struct build_ {
    struct build_ *next;
    struct xc_dom_image *dom;
    xu_fmem_handle *fmem;       /* NULL if the backend could not open */
    int open_errno;
    int verify;
    unsigned long mapped;       /* live mappings through fmem */
};

static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;
static struct build_ *builds_;

static struct build_ *build_find_(struct xc_dom_image *dom)
{
    struct build_ *b;

    pthread_mutex_lock(&lock_);
    for ( b = builds_; b && b->dom != dom; b = b->next )
        ;
    pthread_mutex_unlock(&lock_);
    return b;
}

/* The build's record, made at its first mapping; NULL if out of memory. */
static struct build_ *build_get_(struct xc_dom_image *dom)
{
    struct build_ *b = build_find_(dom);
    enum xu_write_mode mode;

    if ( b )
        return b;
    b = calloc(1, sizeof(*b));
    if ( !b )
        return NULL;
    b->dom = dom;
    xu_plugin_choice(&mode, &b->verify);
    b->fmem = xu_fmem_open(NULL, dom->xch, mode);
    b->open_errno = b->fmem ? 0 : errno;
    pthread_mutex_lock(&lock_);
    b->next = builds_;
    builds_ = b;
    pthread_mutex_unlock(&lock_);
    return b;
}

static void build_put_(struct build_ *b)
{
    struct build_ **pp;

    pthread_mutex_lock(&lock_);
    for ( pp = &builds_; *pp && *pp != b; pp = &(*pp)->next )
        ;
    if ( *pp )
        *pp = b->next;
    pthread_mutex_unlock(&lock_);
    xu_fmem_close(b->fmem);
    free(b);
}

/*
 * libxenguest's own definitions.  In a libxl program they are resolved by
 * the load-time check, before any domain exists, and a missing one stops
 * the program there.  The hooks are exported in every process the plugin
 * is loaded into, so in any other program that builds domains with
 * libxenguest (LD_PRELOAD is not confined to xl), the hooks hand each
 * call straight to them: that program builds exactly as without the
 * plugin.  pthread_once() makes the lookup safe from any thread.
 */
static void *(*real_boot_domU_map_)(struct xc_dom_image *, xen_pfn_t,
                                    xen_pfn_t);
static void (*real_unmap_one_)(struct xc_dom_image *, xen_pfn_t);
static int (*real_boot_image_)(struct xc_dom_image *);
static void (*real_release_)(struct xc_dom_image *);
static pthread_once_t real_once_ = PTHREAD_ONCE_INIT;

/* Set by a passing load-time check, before main(): a libxl program. */
static bool active_;

static void real_lookup_(void)
{
    real_boot_domU_map_ = dlvsym(RTLD_NEXT, "xc_dom_boot_domU_map",
                                 XU_VERS_xc_dom_boot_domU_map);
    real_unmap_one_ = dlvsym(RTLD_NEXT, "xc_dom_unmap_one",
                             XU_VERS_xc_dom_unmap_one);
    real_boot_image_ = dlvsym(RTLD_NEXT, "xc_dom_boot_image",
                              XU_VERS_xc_dom_boot_image);
    real_release_ = dlvsym(RTLD_NEXT, "xc_dom_release",
                           XU_VERS_xc_dom_release);
}

static bool real_resolved_(void)
{
    pthread_once(&real_once_, real_lookup_);
    return real_boot_domU_map_ && real_unmap_one_ && real_boot_image_ &&
           real_release_;
}

/*
 * Each hook is a static function exported under libxenguest's name by an
 * alias, so that the load-time check can compare what the callers were
 * bound to with the plugin's own address (taking the address of the
 * exported name would give whatever the dynamic linker bound it to).
 */
static void *boot_domU_map_(struct xc_dom_image *dom, xen_pfn_t pfn,
                            xen_pfn_t count)
{
    struct build_ *b;
    uint64_t *arr;
    void *p = NULL;
    xen_pfn_t i;
    int saved_errno = ENOMEM;

    if ( !active_ )
    {
        if ( real_resolved_() )
            return real_boot_domU_map_(dom, pfn, count);
        errno = ENOSYS;
        return NULL;
    }
    arr = malloc(count * sizeof(*arr));
    b = arr ? build_get_(dom) : NULL;
    if ( b && !b->fmem )
        saved_errno = b->open_errno;
    else if ( b )
    {
        for ( i = 0; i < count; i++ )
            arr[i] = pfn + i;
        p = xu_fmem_map(b->fmem, dom->guest_domid, count, arr, NULL);
        saved_errno = errno;
        if ( p )
            b->mapped++;
    }
    free(arr);

    if ( !p )
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR, "%s: failed to map "
                     "d%u pfn %#"PRI_xen_pfn"+%#"PRI_xen_pfn": %s", __func__,
                     dom->guest_domid, pfn, count, strerror(saved_errno));
    errno = saved_errno;
    return p;
}
void *xc_dom_boot_domU_map(struct xc_dom_image *dom, xen_pfn_t pfn,
                           xen_pfn_t count)
    __attribute__((alias("boot_domU_map_")));

static void unmap_one_(struct xc_dom_image *dom, xen_pfn_t pfn)
{
    struct xc_dom_phys *phys, **pp;
    struct build_ *b;
    bool ours = false, failed = false;

    if ( !active_ )
    {
        if ( real_resolved_() )
            real_unmap_one_(dom, pfn);
        return;
    }
    for ( pp = &dom->phys_pages; (phys = *pp) != NULL; pp = &phys->next )
        if ( pfn >= phys->first && pfn < phys->first + phys->count )
            break;

    b = phys ? build_find_(dom) : NULL;
    if ( b && b->fmem )
    {
        /* EINVAL means "not a mapping of this handle". */
        if ( xu_fmem_unmap(b->fmem, phys->ptr) == 0 )
            ours = true;
        else if ( errno != EINVAL )
            ours = failed = true;
        if ( ours )
            b->mapped--;
    }

    if ( !ours )
    {
        real_unmap_one_(dom, pfn);
        return;
    }
    if ( failed )
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR, "%s: unmap of d%u pfn %#"
                     PRI_xen_pfn " failed", __func__, dom->guest_domid, pfn);
    /* Unlinked as libxenguest does; its memory pool frees the entry. */
    *pp = phys->next;
}
void xc_dom_unmap_one(struct xc_dom_image *dom, xen_pfn_t pfn)
    __attribute__((alias("unmap_one_")));

static int boot_image_(struct xc_dom_image *dom)
{
    char line[XU_FMEM_REPORT_MAX];
    unsigned long acpi_pages = 0;
    struct build_ *b;
    int rc;

    if ( !active_ )
    {
        if ( real_resolved_() )
            return real_boot_image_(dom);
        errno = ENOSYS;
        return -1;
    }
    rc = real_boot_image_(dom);
    b = build_find_(dom);

    /*
     * The ACPI tables (acpi=1) were copied by xc_dom_build_image() through
     * libxenguest's own cacheable mapping, with no flush (libxc/src/
     * dom_acpi.c): clean them to memory in every mode, before the guest
     * can run.  A failure fails the build, as a failed flush of a segment
     * would.
     */
    if ( rc == 0 && xu_dom_acpi_flush(dom, &acpi_pages) )
    {
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR, "%s: d%u: cache flush of "
                     "the ACPI tables failed: %s", __func__,
                     dom->guest_domid, strerror(errno));
        rc = -1;
    }
    else if ( rc == 0 && acpi_pages )
        xc_dom_printf(dom->xch, "xenuncached: d%u: ACPI tables: %lu pages "
                      "cleaned to memory", dom->guest_domid, acpi_pages);

    /*
     * The real call has unmapped (and, where owed, flushed) every segment,
     * so the read-back sees what the guest will.  A mismatch fails the
     * build: libxl then destroys the domain.
     */
    if ( rc == 0 && b && b->verify &&
         (!b->fmem || xu_dom_verify(b->fmem, dom)) )
    {
        if ( !b->fmem )
            errno = b->open_errno;
        xc_dom_panic(dom->xch, XC_INTERNAL_ERROR, "%s: d%u: boot images "
                     "%s (image_verify): %s", __func__, dom->guest_domid,
                     errno == EIO ? "differ from what was written"
                                  : "could not be read back",
                     strerror(errno));
        rc = -1;
    }
    line[0] = '\0';
    if ( b && b->fmem )
        xu_fmem_report(b->fmem, dom->guest_domid, line, sizeof(line));
    if ( line[0] && acpi_pages )
        snprintf(line + strlen(line), sizeof(line) - strlen(line),
                 "; ACPI tables %lu pages, flushed", acpi_pages);
    if ( line[0] )
    {
        xc_dom_printf(dom->xch, "xenuncached: %s", line);
        xu_plugin_record(dom->guest_domid, line);
    }
    /* What is still mapped (a failed boot) goes at xc_dom_release. */
    if ( b && !b->mapped )
        build_put_(b);
    return rc;
}
int xc_dom_boot_image(struct xc_dom_image *dom)
    __attribute__((alias("boot_image_")));

/* The end of a build, whether it got as far as xc_dom_boot_image or not. */
static void release_(struct xc_dom_image *dom)
{
    struct build_ *b;

    if ( !active_ )
    {
        if ( real_resolved_() )
            real_release_(dom);
        return;
    }
    /*
     * The real one unmaps what is left through unmap_one_ (which needs the
     * record), then frees @dom, whose address a later build may reuse.
     */
    b = build_find_(dom);
    real_release_(dom);
    if ( b )
        build_put_(b);
}
void xc_dom_release(struct xc_dom_image *dom)
    __attribute__((alias("release_")));

int xu_plugin_check(char *why, size_t len)
{
    struct xu_hook hooks[XU_HOOKS_MAX] = {
        { "xc_dom_boot_domU_map", XU_VERS_xc_dom_boot_domU_map,
          (void *)boot_domU_map_, XU_SONAME_xenguest },
        { "xc_dom_unmap_one", XU_VERS_xc_dom_unmap_one,
          (void *)unmap_one_, XU_SONAME_xenguest },
        { "xc_dom_boot_image", XU_VERS_xc_dom_boot_image,
          (void *)boot_image_, XU_SONAME_xenguest },
        /* libxl ends every build with it. */
        { "xc_dom_release", XU_VERS_xc_dom_release,
          (void *)release_, XU_SONAME_xenlight },
    };
    unsigned int nr = 4;

    nr += xu_xlu_hooks(hooks + nr, XU_HOOKS_MAX - nr);
    /* (a) the callers will call the hooks... */
    if ( xu_bind_check(hooks, nr, why, len) )
        return -1;
    if ( xu_xlu_resolve(why, len) )
        return -1;
    /* ...which can call the real functions... */
    if ( !real_resolved_() )
    {
        snprintf(why, len, "libxenguest's own xc_dom_boot_domU_map@%s, "
                 "xc_dom_unmap_one@%s, xc_dom_boot_image@%s or "
                 "xc_dom_release@%s not found: %s",
                 XU_VERS_xc_dom_boot_domU_map, XU_VERS_xc_dom_unmap_one,
                 XU_VERS_xc_dom_boot_image, XU_VERS_xc_dom_release,
                 dlerror());
        return -1;
    }
    /* (b) ...and the structures mirrored from Xen's tree are the target's. */
    if ( xu_dom_compat_check(why, len) )
        return -1;
    active_ = true;
    return 0;
}

/*
 * A libxl program: the program itself links libxenlight (xl) or the
 * plugin (a libxl program built with pkg-config).  Whether libxenlight is
 * loaded says nothing: the plugin's own libxlutil needs it.
 */
int xu_xl_active(void)
{
    static const char *const sonames[] = {
        XU_SONAME_xenlight, XU_PLUGIN_SONAME, NULL
    };

    return xu_program_needs(sonames);
}

#else /* not Arm */

int xu_plugin_check(char *why, size_t len)
{
    (void)why;
    (void)len;
    return 0;
}

int xu_xl_active(void)
{
    return 0;
}

#endif

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

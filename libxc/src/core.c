/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * core.c: portable part of the foreign-memory backend: handle lifetime,
 * write-mode choice, the fallback path and the build report.
 *
 * Fallback (the only real path until privcmd/ lands): stock
 * xenforeignmemory mappings, then XEN_DOMCTL_cacheflush of the frames
 * *after* munmap, as libxenguest's xc_dom_unmap_one() does, so that no
 * cacheable alias in this process can refill a line once it is flushed.
 */
#define _GNU_SOURCE             /* secure_getenv */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "private.h"

_Static_assert(sizeof(xen_pfn_t) == sizeof(uint64_t),
               "arr[] is passed to xenforeignmemory_map() as is");

static void fallback_once_(xu_fmem_handle *h, const char *why)
{
    if ( h->fallback_logged )
        return;
    h->fallback_logged = true;
    LOG(h, XTL_PROGRESS, "uncached mapping unavailable (%s): "
        "falling back to cached writes + cacheflush", why);
}

/*
 * What Xen reports to toolstacks through the physinfo sysctl, read once
 * per handle: FWB in use (XEN_SYSCTL_PHYSCAP_ARM_S2FWB, which picks mode
 * fwb), the toggle flush, an IOMMU in use.  The device's QUERY flags are
 * not used for these: they carry Xen's private XENVER_get_features bits,
 * which only a guest kernel has to rely on.  A failed sysctl (an
 * unprivileged caller, XSM) reports nothing, which keeps every flush.
 */
static void physinfo_read_(xu_fmem_handle *h)
{
    xc_physinfo_t pi;

    memset(&pi, 0, sizeof(pi));
    h->pi_ok = xc_physinfo(h->xch, &pi) == 0;
    if ( !h->pi_ok )
    {
        LOG(h, XTL_DETAIL, "physinfo: %s", strerror(errno));
        return;
    }
    h->pi_caps = pi.capabilities;
    h->pi_arch_caps = pi.arch_capabilities;
}

/*
 * May the flush after unmap be dropped?  It is there for what the writes
 * leave in the caches: in mode nc, clean lines of the frames' old content
 * that Xen's cacheable directmap pulled in before the uncached writes; in
 * mode fwb, the writes' own dirty lines, which the guest reads anyway
 * where FWB forces its stage 2 Write-Back.  So it may go only where Xen
 * reports what makes it unneeded: in mode nc the toggle flush, Xen
 * cleaning the domain's RAM when the guest turns its caches on
 * (XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP; docs/model.md, variants
 * project and s1nc_toggle), in mode fwb FWB itself; in both with no
 * IOMMU in use.  Xen arms no trap for, and gives no FWB to, a domain
 * whose P2M the IOMMU shares or that owns a device (passthrough), and
 * this library cannot tell whether the domain it builds is one; without
 * an IOMMU no toolstack-built domain can be (docs/model.md,
 * fwb_system_device_guest).  A stock Xen (neither bit) or a failed
 * sysctl keep the flush.
 */
static void flush_decide_(xu_fmem_handle *h)
{
    uint32_t need;
    const char *absent, *present;

    h->noflush = false;
    switch ( h->mode )
    {
    case XU_WRITE_NC:
        need = XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP;
        absent = "no toggle flush reported";
        present = "toggle flush reported by Xen";
        break;
    case XU_WRITE_FWB_CACHED:
        need = XEN_SYSCTL_PHYSCAP_ARM_S2FWB;
        absent = "no FWB reported";
        present = "FWB reported by Xen";
        break;
    default:
        /* cached+flush: the stock path, flushed whatever Xen says. */
        h->flush_why = NULL;
        return;
    }

    if ( !h->pi_ok )
        h->flush_why = "physinfo failed";
    else if ( !(h->pi_arch_caps & need) )
        h->flush_why = absent;
    else if ( h->pi_caps & XEN_SYSCTL_PHYSCAP_directio )
        h->flush_why = "IOMMU in use";
    else
    {
        h->noflush = true;
        h->flush_why = present;
    }
    LOG(h, XTL_DETAIL, "physinfo capabilities %#x, arch_capabilities %#x: "
        "flush after unmap %s (%s)", h->pi_caps, h->pi_arch_caps,
        h->noflush ? "dropped" : "kept", h->flush_why);
}

xu_fmem_handle *xu_fmem_open(struct xentoollog_logger *logger,
                             xc_interface *xch, enum xu_write_mode mode)
{
    xu_fmem_handle *h;
    const char *env = secure_getenv(XU_WRITE_MODE_ENV), *why;
    int have_nc, have_fwb, saved_errno;

    if ( (unsigned int)mode > XU_WRITE_CACHED_FLUSH || !xch )
    {
        errno = EINVAL;
        return NULL;
    }
    if ( mode == XU_WRITE_AUTO && env && *env &&
         xu_write_mode_parse(env, &mode) < 0 )
    {
        errno = EINVAL;
        return NULL;
    }

    h = calloc(1, sizeof(*h));
    if ( !h )
        return NULL;
    h->fd = -1;
    h->xch = xch;
    h->logger = logger;
    if ( !h->logger )
    {
        h->logger = h->logger_tofree = (xentoollog_logger *)
            xtl_createlogger_stdiostream(stderr, XTL_PROGRESS, 0);
        if ( !h->logger )
            goto err;
    }

    h->fmem = xenforeignmemory_open(h->logger, 0);
    if ( !h->fmem )
    {
        PERROR(h, "xenforeignmemory_open");
        goto err;
    }

    have_nc = osdep_xu_open(h) == 0;
    if ( !have_nc && errno != EOPNOTSUPP )
        PERROR(h, "uncached device");
    physinfo_read_(h);
    have_fwb = h->pi_ok &&
               (h->pi_arch_caps & XEN_SYSCTL_PHYSCAP_ARM_S2FWB) != 0;
    /*
     * A device whose frames sit at dom0 RAM pages with a write-back stage
     * 2 (no extended regions) leaves a cacheable alias of every frame in
     * dom0's linear map: its mappings are not uncached, so no NC claim;
     * the stock path's flush after unmap is what makes the writes safe.
     */
    if ( have_nc && h->nc_alias )
    {
        have_nc = 0;
        why = "the device's frames keep a cacheable dom0 alias";
    }
    else
        why = have_nc ? "FWB requested but not reported"
                      : "no uncached device";
    h->mode = xu_write_mode_select(mode, have_nc, have_fwb);
    flush_decide_(h);
    if ( h->mode == XU_WRITE_CACHED_FLUSH && mode != XU_WRITE_CACHED_FLUSH )
        fallback_once_(h, why);
    LOG(h, XTL_DETAIL, "write mode %s (requested %s)",
        xu_write_mode_name(h->mode), xu_write_mode_name(mode));
    return h;

 err:
    saved_errno = errno;
    if ( h->fmem )
        xenforeignmemory_close(h->fmem);
    xtl_logger_destroy(h->logger_tofree);
    free(h);
    errno = saved_errno;
    return NULL;
}

enum xu_write_mode xu_fmem_mode(const xu_fmem_handle *h)
{
    return h->mode;
}

uint64_t xu_ns_since_(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (uint64_t)(t1.tv_sec - t0->tv_sec) * 1000000000u +
           (uint64_t)(t1.tv_nsec - t0->tv_nsec);
}

static void report_start_(xu_fmem_handle *h)
{
    if ( h->rep_started )
        return;
    clock_gettime(CLOCK_MONOTONIC, &h->rep_start);
    h->rep_started = true;
}

/*
 * The pages mapped for writing, for the report; in mode nc also how the
 * device mapped them at stage 2, from its counters before and after (not
 * counted if either query fails).
 */
void *xu_fmem_map(xu_fmem_handle *h, uint32_t domid, size_t pages,
                  const uint64_t arr[], int err[])
{
    uint64_t nc0, wb0, nc, wb;
    bool s2 = h && h->mode == XU_WRITE_NC &&
              !osdep_xu_nc_pages(h, &nc0, &wb0);
    void *addr = xu_map_(h, domid, pages, arr, err);

    if ( addr )
    {
        report_start_(h);
        h->rep_pages += pages;
        if ( s2 && !osdep_xu_nc_pages(h, &nc, &wb) )
        {
            h->rep_s2_nc += nc - nc0;
            h->rep_s2_wb += wb - wb0;
        }
    }
    return addr;
}

void *xu_map_(xu_fmem_handle *h, uint32_t domid, size_t pages,
              const uint64_t arr[], int err[])
{
    struct xu_mapping *m;
    void *addr = NULL;
    int saved_errno;

    if ( !h || !arr || !pages ||
         pages > (SIZE_MAX - sizeof(*m)) / sizeof(arr[0]) )
    {
        errno = EINVAL;
        return NULL;
    }

    m = malloc(sizeof(*m) + pages * sizeof(arr[0]));
    if ( !m )
        return NULL;

    /*
     * Pages of Xen itself (DOMID_XEN: trace buffers, what xentrace maps)
     * or of DOMID_IO are no guest's boot images: Xen and its users access
     * them cacheably, and the uncached device refuses them (privcmd/,
     * docs/privcmd.md).  They go to stock privcmd, as without this
     * library, and get no cacheflush (which is about a guest's RAM).
     */
    if ( domid >= DOMID_FIRST_RESERVED )
    {
        addr = xenforeignmemory_map(h->fmem, domid, PROT_READ | PROT_WRITE,
                                    pages, (const xen_pfn_t *)arr, err);
        m->uncached = false;
    }
    else if ( h->mode == XU_WRITE_NC )
    {
        addr = osdep_xu_map_nc(h, domid, pages, arr, err);
        if ( !addr && errno == EOPNOTSUPP )
        {
            /* The device went away or refused: degrade for good. */
            h->mode = XU_WRITE_CACHED_FLUSH;
            fallback_once_(h, "uncached map refused");
        }
        m->uncached = addr != NULL;
    }
    if ( !addr && h->mode != XU_WRITE_NC && domid < DOMID_FIRST_RESERVED )
    {
        addr = xenforeignmemory_map(h->fmem, domid, PROT_READ | PROT_WRITE,
                                    pages, (const xen_pfn_t *)arr, err);
        m->uncached = false;
    }
    if ( !addr )
    {
        saved_errno = errno;
        free(m);
        errno = saved_errno;
        return NULL;
    }

    m->addr = addr;
    m->domid = domid;
    m->pages = pages;
    memcpy(m->pfns, arr, pages * sizeof(arr[0]));
    m->next = h->maps;
    h->maps = m;
    return addr;
}

/*
 * Clean+invalidate the frames of @m in runs of contiguous frames, each at
 * most XU_CACHEFLUSH_MAX_PAGES.  Returns 0 or the first errno.
 */
static int flush_runs_(xu_fmem_handle *h, const struct xu_mapping *m)
{
    size_t i = 0, n;
    int first_err = 0;

    while ( i < m->pages )
    {
        for ( n = 1; i + n < m->pages && n < XU_CACHEFLUSH_MAX_PAGES &&
                     m->pfns[i + n] == m->pfns[i] + n; n++ )
            ;
        if ( xc_domain_cacheflush(h->xch, m->domid, m->pfns[i], n) )
        {
            PERROR(h, "cacheflush d%u pfn %#"PRIx64"+%zu",
                   m->domid, m->pfns[i], n);
            if ( !first_err )
                first_err = errno;
        }
        i += n;
    }
    return first_err;
}

/*
 * A mapping gets XEN_DOMCTL_cacheflush after its unmap, in every mode but
 * one case.  Cached writes need it (their dirty lines must reach RAM
 * before the guest reads it with caches off).  Uncached writes reach RAM,
 * but a clean line of the frame's *old* content may be in the cache
 * already, filled through Xen's directmap (always cacheable) before the
 * write; the guest hits it once it turns its caches on.  A hypervisor
 * that cleans the domain's RAM at that moment (the toggle flush) makes
 * the flush unnecessary for uncached mappings; it is dropped for those
 * only where flush_decide_() found Xen reporting it, with no IOMMU in use
 * (docs/model.md: nc_stock_noflush, project).  In mode fwb the guest
 * reads through the caches what the cached writes left there; the flush
 * is dropped where Xen reports FWB in use, with no IOMMU in use either
 * (FWB is decided per domain, none for one that owns a device:
 * fwb_system_device_guest).
 */
int xu_fmem_unmap(xu_fmem_handle *h, void *addr)
{
    struct xu_mapping **pp, *m;
    int rc, first_err = 0;

    if ( !h )
    {
        errno = EINVAL;
        return -1;
    }
    for ( pp = &h->maps; *pp && (*pp)->addr != addr; pp = &(*pp)->next )
        ;
    m = *pp;
    if ( !m )
    {
        errno = EINVAL;
        return -1;
    }
    *pp = m->next;

    if ( m->uncached )
        rc = osdep_xu_unmap_nc(h, addr, m->pages);
    else
        rc = xenforeignmemory_unmap(h->fmem, addr, m->pages);
    if ( rc )
    {
        first_err = errno;
        PERROR(h, "unmap %p (%zu pages)", addr, m->pages);
    }

    rc = m->domid < DOMID_FIRST_RESERVED && !(h->noflush &&
         (m->uncached || h->mode == XU_WRITE_FWB_CACHED))
         ? flush_runs_(h, m) : 0;
    if ( rc && !first_err )
        first_err = rc;

    free(m);
    if ( first_err )
    {
        errno = first_err;
        return -1;
    }
    return 0;
}

/*
 * The memory types the writes went through, into @buf.  Stage 1 is ours
 * to choose ("PTE read back": linux.c read a mapping's PTEs, above all).
 * Stage 2 in mode nc is what the device counted for the frames mapped
 * since the previous report (xu_fmem_map()), both with their counts if
 * they got both: Xen offering NC stage 2 (h->nc_s2_nc) is not enough, as
 * the device does not ask for it with FWB and Xen may refuse it per
 * frame, which leaves them write-back.  With nothing counted (no
 * uncached mapping since, or the device's query failing) it says what
 * Xen offers.  In mode fwb stage 2 is forced write-back; on the stock
 * path it is Normal write-back (stock Xen 4.17 maps guest RAM and foreign
 * pages so).
 */
static void memory_types_(const xu_fmem_handle *h, char *buf, size_t len)
{
    char s2[80];

    switch ( h->mode )
    {
    case XU_WRITE_NC:
        if ( h->rep_s2_nc && h->rep_s2_wb )
            snprintf(s2, sizeof(s2), "Normal-NC for %"PRIu64" pages, "
                     "Normal-WB for %"PRIu64, h->rep_s2_nc, h->rep_s2_wb);
        else if ( h->rep_s2_nc || h->rep_s2_wb )
            snprintf(s2, sizeof(s2), "%s",
                     h->rep_s2_nc ? "Normal-NC" : "Normal-WB");
        else
            snprintf(s2, sizeof(s2), "%s",
                     h->nc_s2_nc ? "Normal-NC" : "Normal-WB");
        snprintf(buf, len, "stage-1 Normal-NC%s, stage-2 %s, %s",
                 h->nc_pte_read ? " (PTE read back)" : "", s2,
                 h->noflush ? "not flushed" : "flushed");
        break;
    case XU_WRITE_FWB_CACHED:
        snprintf(buf, len, "stage-1 Normal-WB, stage-2 forced WB (FWB), %s",
                 h->noflush ? "not flushed" : "flushed");
        break;
    default:
        snprintf(buf, len, "stage-1 Normal-WB, stage-2 Normal-WB, flushed");
        break;
    }
}

void xu_fmem_report(xu_fmem_handle *h, uint32_t domid, char *buf,
                    size_t len)
{
    uint64_t ms = 0;
    char line[XU_FMEM_REPORT_MAX], types[144];
    int n;

    if ( buf && len )
        buf[0] = '\0';
    if ( !h )
        return;
    if ( h->rep_started )
        ms = xu_ns_since_(&h->rep_start) / 1000000;

    memory_types_(h, types, sizeof(types));
    n = snprintf(line, sizeof(line), "dom %u: mode %s, %"PRIu64" bytes, %"
                 PRIu64" pages, %"PRIu64" ms (%s)", domid,
                 xu_write_mode_name(h->mode), h->rep_pages << XU_PAGE_SHIFT,
                 h->rep_pages, ms, types);
    /* Modes nc and fwb: whether the flush after unmap ran, and why. */
    if ( h->flush_why && n > 0 && (size_t)n < sizeof(line) )
        n += snprintf(line + n, sizeof(line) - n, "; flush %s: %s",
                      h->noflush ? "dropped" : "kept", h->flush_why);
    if ( h->ver_bytes && n > 0 && (size_t)n < sizeof(line) )
        snprintf(line + n, sizeof(line) - n, "; verified %"PRIu64" bytes "
                 "in %"PRIu64" ms", h->ver_bytes, h->ver_ns / 1000000);
    LOG(h, XTL_DETAIL, "%s", line);
    if ( buf && len )
        snprintf(buf, len, "%s", line);

    h->rep_pages = 0;
    h->rep_s2_nc = h->rep_s2_wb = 0;
    h->rep_started = false;
    h->ver_bytes = 0;
    h->ver_ns = 0;
}

int xu_fmem_close(xu_fmem_handle *h)
{
    int rc = 0, saved_errno = 0;

    if ( !h )
        return 0;

    while ( h->maps )
    {
        LOG(h, XTL_WARN, "close: mapping %p still present, unmapping",
            h->maps->addr);
        if ( xu_fmem_unmap(h, h->maps->addr) && !saved_errno )
            saved_errno = errno;
    }
    osdep_xu_close(h);
    if ( xenforeignmemory_close(h->fmem) && !saved_errno )
        saved_errno = errno;
    xtl_logger_destroy(h->logger_tofree);
    free(h);
    if ( saved_errno )
    {
        errno = saved_errno;
        rc = -1;
    }
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

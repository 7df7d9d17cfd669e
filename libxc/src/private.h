/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * private.h: the foreign-memory backend's handle and its OS seam
 * (libxenforeignmemory's private.h shape: core.c is portable, the
 * osdep_xu_* functions live in linux.c).
 */
#ifndef XU_PRIVATE_H
#define XU_PRIVATE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <xentoollog.h>
#include <xenctrl.h>
#include <xenforeignmemory.h>

#include "xenuncached.h"

/*
 * hypervisor-patches/: what Xen does about guest caches, in the Arm bits
 * of the physinfo sysctl's arch_capabilities (its public/sysctl.h; not in
 * Debian's headers).  Bits 0..4 are the SVE vector length upstream.
 */
#ifndef XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP
#define XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP  (1U << 5)
#endif
#ifndef XEN_SYSCTL_PHYSCAP_ARM_S2FWB
#define XEN_SYSCTL_PHYSCAP_ARM_S2FWB             (1U << 6)
#endif
#ifndef XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC
#define XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC        (1U << 7)
#endif

/* Xen on Arm: XEN_DOMCTL_cacheflush takes at most 1 << MAX_ORDER pages. */
#define XU_CACHEFLUSH_MAX_PAGES (UINT64_C(1) << 18)
#define XU_PAGE_SHIFT 12

struct xu_mapping {
    struct xu_mapping *next;
    void *addr;
    uint32_t domid;
    size_t pages;
    bool uncached;              /* made by osdep_xu_map_nc */
    uint64_t pfns[];            /* copy: needed to flush after unmap */
};

struct xu_fmem_handle {
    xentoollog_logger *logger, *logger_tofree;
    xc_interface *xch;
    xenforeignmemory_handle *fmem;   /* fallback mappings */
    int fd;                          /* uncached device, -1 if none */
    bool nc_s2_nc;                   /* the device reports Xen offers NC
                                        stage 2 (not what it gets) */
    bool nc_toggle_flush;            /* ...and cleans guest RAM when the
                                        guest turns its caches on (logged
                                        only: noflush is physinfo's) */
    bool nc_alias;                   /* ...its frames keep a cacheable
                                        dom0 alias: not uncached */
    bool nc_pte_logged;              /* the first PTE read-back said */
    bool nc_pte_read;                /* a PTE was read back: Normal-NC */
    bool pi_ok;                      /* physinfo answered, at open: */
    uint32_t pi_caps, pi_arch_caps;  /* its (arch_)capabilities */
    bool noflush;                    /* modes nc and fwb: no flush after
                                        unmap (flush_decide_()) */
    const char *flush_why;           /* modes nc, fwb: why kept/dropped */
    enum xu_write_mode mode;
    bool fallback_logged;
    struct xu_mapping *maps;

    /* Counters for the build report. */
    uint64_t rep_pages;
    uint64_t rep_s2_nc, rep_s2_wb;   /* of those, NC / WB stage 2 */
    struct timespec rep_start;
    bool rep_started;
    uint64_t ver_bytes, ver_ns;      /* read back by xu_fmem_verify */
};

#define PERROR(_h, _f...) \
    xtl_log((_h)->logger, XTL_ERROR, errno, "xenuncached", _f)
#define LOG(_h, _lvl, _f...) \
    xtl_log((_h)->logger, (_lvl), -1, "xenuncached", _f)

/* Nanoseconds of CLOCK_MONOTONIC since @t0 (the report's timings). */
uint64_t xu_ns_since_(const struct timespec *t0);

/*
 * xu_fmem_map() without counting the pages in the build report: for the
 * read-back of xu_fmem_verify(), which is not part of the image writing.
 */
void *xu_map_(xu_fmem_handle *h, uint32_t domid, size_t pages,
              const uint64_t arr[/*pages*/], int err[/*pages*/]);

/*
 * xu_fmem_verify() (verify.c), and with @any_tail the bytes of the last
 * page past @len are not compared: for what a builder writes into pages
 * it did not clear (the ACPI tables: a debug Xen hands out pages filled
 * with its scrub pattern, not zeros).
 */
int xu_verify_(xu_fmem_handle *h, uint32_t domid, uint64_t gpfn,
               size_t pages, const void *expect, size_t len, bool any_tail,
               const char *what);

/*
 * ACPI module @i of @dom (dom_acpi.c): its frames, as xc_dom_load_acpi()
 * wrote them, and the offset of its first byte in the first.  Returns 1,
 * 0 if the module is empty, or -1 (EINVAL) if its address wraps.
 */
int xu_dom_acpi_range_(const struct xc_dom_image *dom, unsigned int i,
                       uint64_t *pfn, size_t *pages, unsigned int *offset);

/*
 * OS seam.  Each returns 0 / a pointer on success, or -1 / NULL with
 * errno set; EOPNOTSUPP means "no uncached path here: use the fallback".
 */
int osdep_xu_open(xu_fmem_handle *h);
void osdep_xu_close(xu_fmem_handle *h);
void *osdep_xu_map_nc(xu_fmem_handle *h, uint32_t domid, size_t pages,
                      const uint64_t arr[/*pages*/], int err[/*pages*/]);
int osdep_xu_unmap_nc(xu_fmem_handle *h, void *addr, size_t pages);
/*
 * The pages the device's fd mapped so far with an NC stage 2 and with a
 * write-back one (QUERY's nc_pages, wb_pages: they only grow).
 */
int osdep_xu_nc_pages(xu_fmem_handle *h, uint64_t *nc_pages,
                      uint64_t *wb_pages);

#endif /* XU_PRIVATE_H */

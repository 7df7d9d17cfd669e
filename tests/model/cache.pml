/* SPDX-License-Identifier: MIT */
/*
 * cache.pml - a model of the cache-coherency protocol for loading an Arm
 * guest's boot images from dom0 (project issue 6).
 *
 * One location of guest RAM (one word that fills one cache line), its RAM
 * copy, and the one data cache line it can live in.  The data cache is
 * physically indexed and tagged (Arm ARM: data caches behave as PIPT), so
 * every alias of the frame - dom0's user mapping, dom0's kernel linear map,
 * Xen's directmap, the guest's own view - hits the same line.  What differs
 * between aliases is only whether an access through it is cacheable, which
 * is why the model tracks a memory type per alias and stage.
 *
 * Actors (one proctype each):
 *   toolstack  dom0 user space: map the foreign frame, write the image,
 *              maybe clean+invalidate by VA, unmap, maybe ask Xen for
 *              XEN_DOMCTL_cacheflush, then start the guest.
 *   cpu        what the hardware may do on its own at any time: allocate a
 *              clean line through any alias that is mapped and cacheable
 *              (speculation, prefetch), write a dirty line back, evict.
 *   guest      boots with MMU and caches off, reads, maybe writes, turns
 *              caches on (trapped by HCR_EL2.TVM when the variant has the
 *              toggle flush), reads again.
 * dom0's linear alias and Xen's directmap have no program of their own: no
 * code writes through them here, they only give the cpu actor more places
 * to speculate from.
 *
 * Safety property: every guest read returns the last value written to the
 * location, by the toolstack before boot or by the guest itself (assert in
 * guest_read).
 *
 * Select exactly one variant with -D<name> (see tests/model/run and
 * docs/model.md); each sets the knobs below.
 */

/* ---- values held by the location ---- */
#define OLD    0    /* what the frame held before the build (scrubbed)   */
#define IMAGE  1    /* the toolstack's write: kernel/initrd/DTB bytes    */
#define GUEST  2    /* the guest's own write, made with caches off       */

/* ---- cache line states ---- */
#define INV    0
#define CLEAN  1
#define DIRTY  2

/* ---- memory types (only the two that matter here) ---- */
#define NC     0    /* Normal Non-cacheable (also: any stage off => NC)  */
#define WB     1    /* Normal Write-Back cacheable                       */

/* ---- variants: each picks the knobs of one design ---- */
#if defined(upstream2013) || defined(upstream2013_race)
/* libxc 2013 (a0035ecc0d82): cacheable foreign mapping, DC CIVAC by the
 * user VA, then munmap.  Xen had no XEN_DOMCTL_cacheflush, no TVM flush. */
#define USER_S1       WB
#define DOM0_S2       WB
#define FLUSH_VA      1
#define DOMCTL_FLUSH  0
#define TOGGLE_FLUSH  0
#define FWB           0
#ifdef upstream2013_race
/* No Xen directmap alias (arm32 Xen maps domheap pages on demand): the only
 * cacheable aliases are dom0's, which live until munmap, so any stale line
 * must come from the window between the flush and the unmap. */
#define XEN_DIRECTMAP 0
#endif
#elif defined(xen417)
/* Stock Xen 4.17 + Linux 6.1: cacheable mapping, munmap, then
 * XEN_DOMCTL_cacheflush; TVM only after a set/way op (the guest does none). */
#define USER_S1       WB
#define DOM0_S2       WB
#define FLUSH_VA      0
#define DOMCTL_FLUSH  1
#define TOGGLE_FLUSH  0
#define FWB           0
#elif defined(xen417_nowrite) || defined(nc_stock_noflush) \
      || defined(nc_stock_flush)
/* libxc's mode nc on a hypervisor without the project's patches (stock
 * stage 2, no toggle flush), for a guest that does not write its RAM
 * before turning its caches on: the class of guests the stock path is
 * right for (xen417_nowrite).  nc_stock_noflush is what "auto" did before:
 * NC writes and no flush after unmap.  nc_stock_flush keeps the flush, the
 * rule libxc follows now (never less safe than stock). */
#define GUEST_WRITES  0
#ifdef xen417_nowrite
#define USER_S1       WB
#else
#define USER_S1       NC
#endif
#define DOM0_S2       WB
#define FLUSH_VA      0
#ifdef nc_stock_noflush
#define DOMCTL_FLUSH  0
#else
#define DOMCTL_FLUSH  1
#endif
#define TOGGLE_FLUSH  0
#define FWB           0
#elif defined(s1nc_only) || defined(s2nc_nodm)
/* The 2013 RFC's idea taken alone: a Normal-NC user mapping replaces the
 * flush.  Xen's directmap is left out so the only cacheable alias that
 * remains is dom0's linear map (s1nc_only); s2nc_nodm adds the stage-2 NC
 * entry, which takes that alias away too. */
#define USER_S1       NC
#ifdef s2nc_nodm
#define DOM0_S2       NC
#else
#define DOM0_S2       WB
#endif
#define FLUSH_VA      0
#define DOMCTL_FLUSH  0
#define TOGGLE_FLUSH  0
#define FWB           0
#define XEN_DIRECTMAP 0
#elif defined(project) || defined(project_no_toggle) || defined(s1nc_toggle) \
      || defined(project_nc_hits)
/* This project: stage-1 NC (privcmd), stage-2 NC for dom0's foreign entry
 * (hypervisor patch), clean+invalidate of guest RAM on the trapped cache
 * enable.  No flush by VA and no XEN_DOMCTL_cacheflush: the design must
 * hold without them.  The two ablations drop one ingredient each. */
#define USER_S1       NC
#ifdef s1nc_toggle
#define DOM0_S2       WB
#else
#define DOM0_S2       NC
#endif
#define FLUSH_VA      0
#define DOMCTL_FLUSH  0
#ifdef project_no_toggle
#define TOGGLE_FLUSH  0
#else
#define TOGGLE_FLUSH  1
#endif
#define FWB           0
#ifdef project_nc_hits
/* Probe of the model's main assumption: let NC reads hit a stale line. */
#define NC_MAY_HIT    1
#endif
#elif defined(fwb_cached) || defined(fwb_nc)
/* FEAT_S2FWB: stage 2 forces Normal-WB on guest RAM, so the guest reads
 * through the cache even with its MMU off.  fwb_cached: plain cached writes,
 * no maintenance.  fwb_nc: the loader wrongly keeps NC writes (dom0's stage
 * 2 honours the NC request, encoding 0b101) and does no invalidate. */
#ifdef fwb_cached
#define USER_S1       WB
#define DOM0_S2       WB
#else
#define USER_S1       NC
#define DOM0_S2       NC
#endif
#define FLUSH_VA      0
#define DOMCTL_FLUSH  0
#define TOGGLE_FLUSH  0
#define FWB           1
#else
#error "select a variant: -Dupstream2013, -Dxen417, -Ds1nc_only, -Dproject, -Dfwb_cached, -Dfwb_nc, ..."
#endif

/* Aliases present unless a variant says otherwise. */
#ifndef XEN_DIRECTMAP
#define XEN_DIRECTMAP 1   /* arm64 Xen maps all RAM cacheable at EL2      */
#endif
#ifndef DOM0_LINEAR
#define DOM0_LINEAR   1   /* the ballooned page's kernel VA, S1 WB        */
#endif
#ifndef GUEST_WRITES
#define GUEST_WRITES  1   /* the guest may write before enabling caches  */
#endif
#ifndef NC_MAY_HIT
#define NC_MAY_HIT    0   /* NC accesses ignore the cache (see typed_read) */
#endif
/* Guest RAM at stage 2: Xen uses MATTR_MEM (WB); with FWB the same WB
 * encoding (0b110) forces WB whatever stage 1 says. */
#define GUEST_S2      WB

/*
 * Combined type of an access that goes through stage 1 then stage 2.
 * HCR_EL2.FWB clear: the stricter of the two wins, so NC at either stage
 * gives NC (Arm ARM "Combining the stage 1 and stage 2 attributes").
 * FWB set: a stage-2 WB entry forces WB regardless of stage 1; a stage-2
 * NC entry still gives NC.
 */
#define EFF(s1, s2) \
    ((FWB && (s2) == WB) -> WB : (((s1) == WB && (s2) == WB) -> WB : NC))

/* Guest stage 1: SCTLR_EL1.M=0 makes data accesses Normal-NC (HCR_EL2.DC
 * clear); once M and C are set its RAM mappings are WB. */
#define GUEST_S1      (gcache -> WB : NC)
#define GUEST_TYPE    EFF(GUEST_S1, GUEST_S2)

/* ---- machine state ---- */
byte ram  = OLD;    /* RAM (point of coherency) copy of the location       */
byte ls   = INV;    /* the cache line's state                              */
byte lv   = OLD;    /* its data; kept OLD while INV to keep states few     */

bool mapped  = false;   /* foreign frame in dom0's p2m + user VA mapped    */
bool booted  = false;   /* toolstack has unpaused the guest                */
bool running = false;   /* guest vCPU has not finished its program         */
bool gcache  = false;   /* guest SCTLR_EL1.M and .C set                    */
byte latest  = OLD;     /* ghost: last value written to the location       */

/*
 * Cache operations.  Each is one indivisible step (d_step): a single
 * access or maintenance instruction on one line.
 */

/* A cacheable read hits the line, or misses and allocates it clean from
 * RAM (read-allocate). */
inline cached_read(v)
{
    if
    :: ls == INV -> ls = CLEAN; lv = ram
    :: else -> skip
    fi;
    v = lv
}

/* A cacheable write of the whole line: write-allocate, line becomes dirty.
 * RAM is updated only by a later write-back. */
inline cached_write(v)
{
    ls = DIRTY; lv = v
}

/* Non-cacheable accesses go to RAM and do not look up or change the line.
 * This is the assumption the whole design rests on (see docs/model.md,
 * "What the model leaves out"): a stale clean line is harmless to NC reads,
 * and an NC write leaves any line for the location untouched (now stale). */
inline typed_read(t, v)
{
    if
    :: t == WB -> cached_read(v)
#if NC_MAY_HIT
    /* "Unexpected cache hit": an NC read of a location that a cacheable
     * alias has put in the cache.  Architecturally UNPREDICTABLE; the
     * Cortex-A53/A35 TRMs say NC accesses do not look up the cache.  This
     * knob lets the read return the line instead of RAM. */
    :: t == NC && ls != INV -> v = lv
#endif
    :: t == NC -> v = ram
    fi
}

inline typed_write(t, v)
{
    if
    :: t == WB -> cached_write(v)
    :: else -> ram = v
    fi
}

/* DC CIVAC (by VA to PoC) or Xen's by-VA flush of guest RAM: write a dirty
 * line back, then drop it.  Maintenance by VA acts on the physical line
 * whatever the VA's memory type, so an NC or cacheable VA does the same. */
inline clean_inval()
{
    if
    :: ls == DIRTY -> ram = lv
    :: else -> skip
    fi;
    ls = INV; lv = OLD
}

/* Guest read: the safety property lives here. */
inline guest_read(v)
{
    typed_read(GUEST_TYPE, v);
    printf("MSC: guest reads %d (caches_on=%d), last written %d\n",
           v, gcache, latest);
    assert(v == latest);
    v = 0
}

/* ---- actors ---- */

active proctype toolstack()
{
    /* privcmd mmap + MMAPBATCH_V2: Xen adds the foreign frame at a ballooned
     * GFN of dom0 (XENMAPSPACE_gmfn_foreign) and Linux maps the user VA. */
    d_step { mapped = true; printf("MSC: toolstack maps the frame\n") }

    /* memcpy of the image through the user mapping */
    d_step {
        typed_write(EFF(USER_S1, DOM0_S2), IMAGE);
        latest = IMAGE;
        printf("MSC: toolstack writes %d (cacheable=%d)\n", IMAGE,
               EFF(USER_S1, DOM0_S2))
    }
#if FLUSH_VA
    /* DC CIVAC over the user VA range, while it is still mapped */
    d_step { clean_inval(); printf("MSC: toolstack cleans+invalidates by VA\n") }
#endif
    /* munmap: Linux drops the PTE, Xen removes the frame from dom0's p2m,
     * so dom0's linear alias no longer reaches it either. */
    d_step { mapped = false; printf("MSC: toolstack unmaps\n") }
#if DOMCTL_FLUSH
    /* XEN_DOMCTL_cacheflush: Xen cleans+invalidates the guest's pages */
    d_step { clean_inval(); printf("MSC: Xen XEN_DOMCTL_cacheflush\n") }
#endif
    d_step { booted = true; running = true; printf("MSC: guest unpaused\n") }
}

active proctype guest()
{
    byte v;

    booted;
    /* early boot code, MMU and caches off: reads the image */
    d_step { guest_read(v) }

    /* may modify the location before enabling caches (e.g. relocating
     * itself, zeroing BSS, writing its own page tables) */
#if GUEST_WRITES
    if
    :: d_step {
           typed_write(GUEST_TYPE, GUEST);
           latest = GUEST;
           printf("MSC: guest writes %d (caches_on=%d, cacheable=%d)\n",
                  GUEST, gcache, GUEST_TYPE)
       }
    :: skip
    fi;
#endif

#if TOGGLE_FLUSH
    /* MSR SCTLR_EL1 with M|C traps to Xen because HCR_EL2.TVM is set from
     * vCPU reset; Xen cleans+invalidates all guest RAM by VA before it lets
     * the write through (KVM's kvm_toggle_cache does the same).  The cpu
     * actor may still speculate between this step and the next. */
    d_step { clean_inval(); printf("MSC: TVM trap: Xen cleans+invalidates guest RAM\n") }
#endif
    d_step { gcache = true; printf("MSC: guest turns caches on\n") }

    d_step { guest_read(v) }
    running = false
}

/*
 * The hardware acting on its own.  Each option may fire at any time its
 * guard holds; spin explores every interleaving with the other actors.
 * Allocation needs an invalid line: a present line already holds the only
 * location of this model.
 */
active proctype cpu()
{
end:
    do
    /* speculative fill through dom0's user VA, only while mapped and
     * cacheable (Arm ARM: any Normal cacheable location mapped in a live
     * translation regime may be accessed speculatively) */
    :: d_step { ls == INV && mapped && EFF(USER_S1, DOM0_S2) == WB ->
           ls = CLEAN; lv = ram;
           printf("MSC: cpu speculates via dom0 user VA: clean line %d\n", lv) }
    /* dom0 kernel linear map: stage-1 WB, stage 2 = dom0's foreign entry */
    :: d_step { DOM0_LINEAR && ls == INV && mapped && EFF(WB, DOM0_S2) == WB ->
           ls = CLEAN; lv = ram;
           printf("MSC: cpu speculates via dom0 linear map: clean line %d\n", lv) }
    /* Xen's directmap: EL2 stage 1 only, WB, always mapped */
    :: d_step { XEN_DIRECTMAP && ls == INV ->
           ls = CLEAN; lv = ram;
           printf("MSC: cpu speculates via Xen directmap: clean line %d\n", lv) }
    /* the guest's own RAM mapping, once that is cacheable */
    :: d_step { running && ls == INV && GUEST_TYPE == WB ->
           ls = CLEAN; lv = ram;
           printf("MSC: cpu speculates via guest mapping: clean line %d\n", lv) }
    /* write-back of a dirty line, keeping it (clean) */
    :: d_step { ls == DIRTY -> ram = lv; ls = CLEAN;
           printf("MSC: cpu writes dirty line %d back\n", lv) }
    /* eviction: a dirty line is written back first */
    :: d_step { ls != INV ->
           if
           :: ls == DIRTY -> ram = lv
           :: else -> skip
           fi;
           printf("MSC: cpu evicts the line (%d)\n", lv);
           ls = INV; lv = OLD }
    od
}

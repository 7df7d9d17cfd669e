/* SPDX-License-Identifier: MIT */
/*
 * cache.pml - a model of the cache-coherency protocol for loading an Arm
 * guest's boot images from dom0 and running the guest (issues 6 and 17).
 *
 * Two words of guest RAM, each filling one cache line:
 *   L  a word of the boot images (kernel, initrd, DTB): the toolstack
 *      writes it; the guest's boot vCPU reads and writes it;
 *   M  a word only the guest's second vCPU uses (its early stack or page
 *      tables): the toolstack never writes it.
 * Each has a RAM copy and one line of the one data cache.  Data caches
 * behave as physically indexed and tagged (Arm ARM), so every alias of a
 * frame - dom0's user mapping, dom0's kernel linear map, Xen's directmap,
 * the guest's own view - hits the same line; aliases differ only in
 * whether an access through them is cacheable.
 *
 * Actors (one proctype each):
 *   toolstack  dom0 user space: map the foreign frame, write the image,
 *              maybe clean+invalidate by VA, unmap, maybe ask Xen for
 *              XEN_DOMCTL_cacheflush, maybe read the image back
 *              (image_verify), start the guest.
 *   vcpu0      boots with caches off, may read and write L, turns caches
 *              on (trapped by HCR_EL2.TVM where the hypervisor arms it),
 *              reads and writes L several times, starts vCPU 1 (PSCI
 *              CPU_ON), may turn its caches off again and on again.
 *   vcpu1      starts with caches off, may write and read M, turns its
 *              caches on later, reads and writes M.
 *   cpu        what the hardware may do on its own at any time: allocate
 *              a clean line through any alias that is mapped and
 *              cacheable (speculation, prefetch), write a dirty line
 *              back, evict.
 *   xen_late   only with TOGGLE == T_LATE: Xen cleans guest RAM when it
 *              notices, some time after the fact, that vCPU 0 turned its
 *              caches on (the ablation of "flush at the trap").
 *
 * Safety property: every read returns the last value written to the word
 * (asserts in guest_read and in the toolstack's read-back).
 *
 * The knobs below come from one variant (variants.pml, selected with
 * -D<name>, or a cell of the table with -DCELL; tests/model/run).
 * docs/model.md explains the model, the variants and the table.
 */

/* ---- values a word can hold (the explainer names them) ---- */
#define OLD     0   /* the frame's previous, scrubbed content             */
#define IMAGE   1   /* the toolstack's write                              */
#define GUEST   2   /* the guest's write with its caches off              */
#define CACHED  3   /* the guest's write with its caches on               */
#define AGAIN   4   /* vCPU 0's write after turning its caches off again  */

/* ---- the two words ---- */
#define L 0
#define M 1

/* ---- cache line states ---- */
#define INV    0
#define CLEAN  1
#define DIRTY  2

/* ---- memory types (only the two that matter here) ---- */
#define NC     0    /* Normal Non-cacheable (also: any stage off => NC)  */
#define WB     1    /* Normal Write-Back cacheable                       */

/* ---- knob values ---- */
#define T_NONE  0   /* TOGGLE: no flush when the guest turns caches on    */
#define T_TRAP  1   /*   the SCTLR_EL1 write traps (TVM), Xen cleans first */
#define T_LATE  2   /*   Xen cleans when it notices, later (no trap)       */
#define S_ALL             0 /* SCOPE: all of the guest's own RAM          */
#define S_TOUCHED_FOREIGN 1 /*   touched since the last flush + the pages  */
                            /*   dom0 mapped, until the first cache enable */
#define S_TOUCHED         2 /*   touched only (Xen's set/way tracking)     */
#define S_FOREIGN         3 /*   dom0-mapped only                          */
#define OFF_NONE   0    /* OFF_AGAIN: vCPU 0 never turns its caches off     */
#define OFF_SETWAY 1    /*   it cleans with set/way ops (trapped, TSW)      */
#define OFF_BYVA   2    /*   it cleans with DC CIVAC by VA (not trapped)    */
#define W_CACHED       0    /* table: write modes                          */
#define W_CACHED_FLUSH 1
#define W_NC           2
#define W_NC_FLUSH     3
#define HV_STOCK       0    /* table: hypervisors                          */
#define HV_TOGGLE      1
#define HV_TOGGLE_S2NC 2

/* ---- codes in the event lines (explain.awk names them) ---- */
#define A_VCPU0     0   /* actors */
#define A_VCPU1     1
#define A_TOOLSTACK 2
#define A_XEN       3
#define A_CPU       4
#define A_VERIFY    5   /* the toolstack's read-back */
#define R_BYVA      0   /* why a clean+invalidate ran */
#define R_DOMCTL    1
#define R_TOGGLE    2
#define R_TOGGLE_SW 3
#define R_SETWAY    4
#define R_LATE      5
#define P_USER      0   /* which alias a speculative fill used */
#define P_LINEAR    1
#define P_DIRECTMAP 2
#define P_VCPU0     3
#define P_VCPU1     4

#include "variants.pml"
#include "defaults.pml"

/*
 * Combined type of an access through stage 1 then stage 2.
 * HCR_EL2.FWB clear: the stricter of the two wins, so NC at either stage
 * gives NC (Arm ARM "Combining the stage 1 and stage 2 attributes").
 * FWB set: a stage-2 WB entry forces WB regardless of stage 1.
 * Dom0 never runs with FWB (hypervisor patch 0004 gives it only to
 * domains that own no device), so its aliases use EFF0.
 */
#define EFF0(s1, s2)  (((s1) == WB && (s2) == WB) -> WB : NC)
/* A guest vCPU's RAM accesses: stage 1 NC with SCTLR_EL1.M or .C clear
 * (HCR_EL2.DC clear), WB once both are set; stage 2 is WB (MATTR_MEM). */
#define GTYPE(on)     ((FWB || (on)) -> WB : NC)

/* ---- machine state ---- */
byte ram[2];        /* RAM (point of coherency) copy of L and M            */
byte ls[2];         /* their cache lines' states                           */
byte lv[2];         /* the lines' data; kept OLD while INV (fewer states)  */
byte latest[2];     /* ghost: last value written to each word              */
bool touched[2];    /* stage-2 entry revalidated by a guest access since   */
                    /* Xen's last p2m_invalidate_root                      */
bool foreign[2];    /* dom0 mapped the page since the guest was created    */

bool mapped  = false;   /* L in dom0's p2m and its user VA mapped          */
byte user_t  = NC;      /* stage-1 type of that user mapping               */
bool booted  = false;   /* toolstack has unpaused the guest                */
bool v1_on   = false;   /* vCPU 0 has started vCPU 1 (PSCI CPU_ON)         */
bool running[2];        /* vCPU n has started                              */
bool gcache[2];         /* vCPU n's SCTLR_EL1.M and .C are set             */
bool tvm[2];            /* HCR_EL2.TVM set for vCPU n                      */
bool whole[2];          /* its trap was armed at reset (whole-RAM flush)   */
bool hit;               /* ghost for the trail: the last read hit a line   */

/*
 * Event lines.  Every step prints one "MSC: E kind|actor|..." line; the
 * explainer (explain.awk) turns them into words and, for a violation,
 * into the one-line counterexample of the table.
 */

/* ---- cache operations; each runs inside one d_step ---- */

/* A cacheable read hits the line, or misses and allocates it clean from
 * RAM (read-allocate). */
inline cached_read(i, v)
{
    if
    :: ls[i] == INV -> ls[i] = CLEAN; lv[i] = ram[i]; hit = false
    :: else -> hit = true
    fi;
    v = lv[i]
}

/* Non-cacheable accesses go to RAM and neither look up nor change the
 * line: the assumption the design rests on (docs/model.md, "What the
 * model leaves out"); NC_MAY_HIT lets an NC read return a present line. */
inline typed_read(i, t, v)
{
    if
    :: t == WB -> cached_read(i, v)
#if NC_MAY_HIT
    :: t == NC && ls[i] != INV -> v = lv[i]; hit = true
#endif
    :: t == NC -> v = ram[i]; hit = false
    fi
}

/* A cacheable write of the whole line: write-allocate, the line becomes
 * dirty; RAM changes only on a later write-back.  An NC write goes to RAM
 * and leaves any line for the word as it was (now stale). */
inline typed_write(i, t, v)
{
    if
    :: t == WB -> ls[i] = DIRTY; lv[i] = v
    :: else -> ram[i] = v
    fi;
    latest[i] = v
}

/* Clean+invalidate by VA to the PoC (DC CIVAC, Xen's flushes of guest
 * RAM): write a dirty line back, then drop it.  Maintenance by VA acts on
 * the physical line whatever the VA's memory type. */
inline clean_inval(i, who, why)
{
    printf("MSC: E civac|%d|%d|%d|%d|%d\n", who, i, ls[i], lv[i], why);
    if
    :: ls[i] == DIRTY -> ram[i] = lv[i]
    :: else -> skip
    fi;
    ls[i] = INV; lv[i] = OLD
}

/* ---- Xen's flushes of guest RAM ---- */

#define IN_SCOPE(i, s) \
    ((s) == S_ALL || ((s) == S_TOUCHED_FOREIGN && (touched[i] || foreign[i])) \
     || ((s) == S_TOUCHED && touched[i]) || ((s) == S_FOREIGN && foreign[i]))

/* p2m_flush_vm(): clean+invalidate the pages in scope, then
 * p2m_invalidate_root() (touched[] restarts).  The record of dom0's
 * mappings is kept only until the first cache enable. */
inline xen_flush(scope, why)
{
    if
    :: IN_SCOPE(L, scope) -> clean_inval(L, A_XEN, why)
    :: else -> skip
    fi;
    if
    :: IN_SCOPE(M, scope) -> clean_inval(M, A_XEN, why)
    :: else -> skip
    fi;
    touched[L] = false; touched[M] = false;
    foreign[L] = false; foreign[M] = false
}

/* Flush of a trapped cache toggle: whole own RAM (or SCOPE) when the trap
 * was armed at vCPU reset, the touched pages when a set/way op armed it. */
inline toggle_flush(c)
{
    if
    :: whole[c] -> xen_flush(SCOPE, R_TOGGLE)
    :: else -> xen_flush(S_TOUCHED, R_TOGGLE_SW)
    fi
}

/* ---- the guest's accesses; c = vCPU, i = word ---- */

inline guest_read(c, i, v)
{
    typed_read(i, GTYPE(gcache[c]), v);
    touched[i] = true;
    printf("MSC: E read|%d|%d|%d|%d|%d|%d\n", c, i, v, latest[i],
           GTYPE(gcache[c]), hit);
    assert(v == latest[i]);
    v = 0; hit = false
}

inline guest_write(c, i, val)
{
    typed_write(i, GTYPE(gcache[c]), val);
    touched[i] = true;
    printf("MSC: E write|%d|%d|%d|%d\n", c, i, val, GTYPE(gcache[c]))
}

/* SCTLR_EL1 write that sets M and C.  With TVM set it traps; Xen cleans
 * before the vCPU runs again with caches on (p2m_toggle_cache marks the
 * flush, p2m_flush_vm does it on the way back to the guest), and stops
 * trapping unless TVM_KEEP.  The cpu actor may speculate between the two
 * steps.  Whether it traps is decided inside each d_step, so that an
 * untrapped enable in one variant is not an "unreached" step. */
inline cache_on(c)
{
#if !ENABLE_FIRST
    d_step {
        if
        :: tvm[c] -> printf("MSC: E trap|%d|on\n", c); toggle_flush(c)
        :: else -> skip
        fi
    };
#endif
    d_step {
        printf("MSC: E cache|%d|on|%d\n", c, tvm[c]);
        gcache[c] = true
    };
#if ENABLE_FIRST
    /* the same trap with its two halves swapped: Xen applies the SCTLR
     * write, then cleans, still before the vCPU runs again */
    d_step {
        if
        :: tvm[c] -> printf("MSC: E trap|%d|on\n", c); toggle_flush(c)
        :: else -> skip
        fi
    };
#endif
    d_step {
        if
        :: tvm[c] -> tvm[c] = TVM_KEEP; whole[c] = TVM_KEEP
        :: else -> skip
        fi
    }
}

/* SCTLR_EL1 write that clears C: trapped, Xen cleans (p2m_toggle_cache:
 * "if switching it off, need to clean the caches") */
inline cache_off(c)
{
    d_step {
        if
        :: tvm[c] -> printf("MSC: E trap|%d|off\n", c); toggle_flush(c)
        :: else -> skip
        fi;
        gcache[c] = false;
        printf("MSC: E cache|%d|off|%d\n", c, tvm[c])
    }
}

/* ---- actors ---- */

active proctype toolstack()
{
    byte v;

    /* privcmd mmap + MMAPBATCH: Xen adds the foreign frame at a GFN of
     * dom0 and Linux maps the user VA; Xen records the page as
     * dom0-mapped (used by SCOPE S_TOUCHED_FOREIGN). */
    d_step { mapped = true; user_t = USER_S1; foreign[L] = true;
             printf("MSC: E map|2|%d|%d\n", USER_S1, DOM0_S2) };
    d_step { typed_write(L, EFF0(USER_S1, DOM0_S2), IMAGE);
             printf("MSC: E write|2|0|%d|%d\n", IMAGE,
                    EFF0(USER_S1, DOM0_S2)) };
#if FLUSH_VA
    d_step { clean_inval(L, A_TOOLSTACK, R_BYVA) };
#endif
    /* munmap: the PTE goes, Xen removes the frame from dom0's p2m, so
     * dom0's linear alias no longer reaches it either */
    d_step { mapped = false; printf("MSC: E unmap|2\n") };
#if DOMCTL_FLUSH
    d_step { clean_inval(L, A_XEN, R_DOMCTL) };
#endif
#if VERIFY
    /* image_verify: map again in the same mode, read back, unmap (and
     * flush where the mode flushes after every unmap) */
    if
    :: skip
    :: d_step { mapped = true; user_t = VERIFY_S1; foreign[L] = true;
                printf("MSC: E map|5|%d|%d\n", VERIFY_S1, DOM0_S2) };
       d_step { typed_read(L, EFF0(VERIFY_S1, DOM0_S2), v);
                printf("MSC: E read|5|0|%d|%d|%d|%d\n", v, latest[L],
                       EFF0(VERIFY_S1, DOM0_S2), hit);
                assert(v == latest[L]); v = 0; hit = false };
       d_step { mapped = false; printf("MSC: E unmap|5\n") };
#if DOMCTL_FLUSH
       d_step { clean_inval(L, A_XEN, R_DOMCTL) };
#endif
       skip
    fi;
#endif
    /* domain creation finished (p2m_invalidate_root: touched[] restarts),
     * vCPU 0's context set (its trap armed at reset if the hypervisor
     * does), unpause */
    d_step { touched[L] = false; touched[M] = false;
             tvm[0] = ARM_AT_RESET; whole[0] = ARM_AT_RESET;
             booted = true; running[0] = true;
             printf("MSC: E unpause|2|%d\n", ARM_AT_RESET) }
}

active proctype vcpu0()
{
    byte v;

    booted;
    /* caches off: early boot.  Each access is optional: a guest may first
     * touch a word of its initrd only after turning its caches on. */
    if
    :: d_step { guest_read(0, L, v) }
    :: skip
    fi;
#if GUEST_WRITES
    /* relocating itself, zeroing BSS, writing page tables */
    if
    :: d_step { guest_write(0, L, GUEST) }
    :: skip
    fi;
#endif
    cache_on(0);
    /* caches on: several reads and writes */
    d_step { guest_read(0, L, v) };
    if
    :: d_step { guest_write(0, L, CACHED) }
    :: skip
    fi;
    d_step { guest_read(0, L, v) };
#if VCPU1
    /* PSCI CPU_ON: Xen sets vCPU 1's context; its reset arms the trap
     * (p2m_reset_cache_trap) where the hypervisor does that per vCPU */
    d_step { tvm[1] = V1_TRAP; whole[1] = V1_TRAP; v1_on = true;
             running[1] = true; printf("MSC: E cpuon|0|%d\n", V1_TRAP) };
#endif
#if GUEST_WRITES && OFF_AGAIN != OFF_NONE
    /* caches off again (a boot loader handing over, kexec): first clean
     * what it wrote with caches on, as the architecture requires */
    if
    :: skip
    ::
#if OFF_AGAIN == OFF_SETWAY
       /* DC CISW loop, trapped (HCR_EL2.TSW): Xen cleans the touched
        * pages and arms TVM (p2m_set_way_flush); with FWB the op is
        * ignored (every alias is cacheable) */
       d_step { printf("MSC: E setway|0\n");
                if
                :: !FWB -> xen_flush(S_TOUCHED, R_SETWAY);
                           tvm[0] = SETWAY_ARMS; whole[0] = false
                :: else -> skip
                fi };
#else
       d_step { clean_inval(L, A_VCPU0, R_BYVA) };
#endif
       cache_off(0);
       /* caches off: may read what it wrote with them on (the probe
        * guest's mmu-off-readback), then writes */
       if
       :: d_step { guest_read(0, L, v) }
       :: skip
       fi;
       d_step { guest_write(0, L, AGAIN) };
       cache_on(0);
       d_step { guest_read(0, L, v) }
    fi;
#endif
    skip
}

#if VCPU1
active proctype vcpu1()
{
    byte v;

    v1_on;
#if GUEST_WRITES
    if
    :: d_step { guest_write(1, M, GUEST) }
    :: skip
    fi;
#endif
    if
    :: d_step { guest_read(1, M, v) }
    :: skip
    fi;
    cache_on(1);
    d_step { guest_read(1, M, v) };
    if
    :: d_step { guest_write(1, M, CACHED) }
    :: skip
    fi;
    d_step { guest_read(1, M, v) }
}
#endif

#if TOGGLE == T_LATE
/* No trap: Xen notices at some later entry (a timer tick, a hypercall)
 * that vCPU 0's caches are on, and cleans then.  vCPU 0 may run meanwhile. */
active proctype xen_late()
{
    gcache[0];
    d_step { printf("MSC: E late|3\n"); xen_flush(SCOPE, R_LATE) }
}
#endif

/* One speculative (or prefetch) fill of word i through alias a. */
inline fill(i, a)
{
    ls[i] = CLEAN; lv[i] = ram[i];
    printf("MSC: E fill|4|%d|%d|%d\n", i, lv[i], a)
}

/* Eviction of a clean line.  A dirty line is evicted by a write-back
 * (an option of its own) and then this: the two steps reach every state
 * the single "write back and evict" step would, and more. */
inline evict(i)
{
    printf("MSC: E evict|4|%d|%d|%d\n", i, ls[i], lv[i]);
    ls[i] = INV; lv[i] = OLD
}

/*
 * The hardware acting on its own.  Each option may fire whenever its guard
 * holds.  An alias that can never be cacheable in the variant is compiled
 * out, so that every option left must be taken somewhere in the search
 * (the runner counts an unreached cpu option as an error, like an
 * unreached guest step).  Allocation needs an invalid line: a present line
 * already holds the word.  Options are atomic, not d_step: pan counts the
 * states inside an atomic sequence, so a guard that never holds leaves its
 * fill "unreached" (a d_step option would start at the loop's head, always
 * reached, and hide it).
 */
active proctype cpu()
{
end:
    do
#if DOM0_S2 == WB && (USER_S1 == WB || (VERIFY && VERIFY_S1 == WB))
    /* dom0's user VA, while mapped and cacheable (Arm ARM: any Normal
     * cacheable location mapped in a live regime may be accessed
     * speculatively) */
    :: atomic { ls[L] == INV && mapped && EFF0(user_t, DOM0_S2) == WB ->
                fill(L, P_USER) }
#endif
#if DOM0_LINEAR && DOM0_S2 == WB
    /* dom0's kernel linear map of the GFN: stage 1 WB, stage 2 = dom0's
     * foreign entry */
    :: atomic { ls[L] == INV && mapped -> fill(L, P_LINEAR) }
#endif
#if XEN_DIRECTMAP
    /* Xen's directmap: EL2 stage 1 only, WB, always mapped */
    :: atomic { ls[L] == INV && DIRECTMAP_LIVE -> fill(L, P_DIRECTMAP) }
    :: atomic { ls[M] == INV && DIRECTMAP_LIVE -> fill(M, P_DIRECTMAP) }
#endif
    /* the guest's own mappings, once cacheable */
    :: atomic { ls[L] == INV && running[0] && GTYPE(gcache[0]) == WB ->
                fill(L, P_VCPU0) }
#if VCPU1
    :: atomic { ls[M] == INV && running[1] && GTYPE(gcache[1]) == WB ->
                fill(M, P_VCPU1) }
#endif
    /* write-back of a dirty line, keeping it (clean) */
    :: atomic { ls[L] == DIRTY -> ram[L] = lv[L]; ls[L] = CLEAN;
                printf("MSC: E wb|4|0|%d\n", lv[L]) }
#if VCPU1
    :: atomic { ls[M] == DIRTY -> ram[M] = lv[M]; ls[M] = CLEAN;
                printf("MSC: E wb|4|1|%d\n", lv[M]) }
#endif
    /* eviction of a clean line (see evict) */
    :: atomic { ls[L] == CLEAN -> evict(L) }
#if XEN_DIRECTMAP || VCPU1
    :: atomic { ls[M] == CLEAN -> evict(M) }
#endif
    od
}

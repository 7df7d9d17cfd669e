/* SPDX-License-Identifier: MIT */
/*
 * variants.pml - the designs and ablations the model checks.  Select one
 * with -D<name>, or a cell of the table with -DCELL -DPLAT_FWB=0|1
 * -DWMODE=W_... -DHV=HV_...  Expected verdicts and reasons: tests/model/
 * variants.expected and table.expected; docs/model.md explains them.
 * Knobs left unset take defaults.pml's values.
 */

#if defined(CELL)
/*
 * A cell of the table: platform x write mode x hypervisor, as the code
 * behaves.  Stock Xen 4.17 never sets HCR_EL2.FWB, so on an FWB platform
 * its cells are those of a platform without FWB.  The patched Xen gives
 * the guest FWB where the CPU has it (0004), and then neither arms TVM
 * for it nor grants dom0 a Normal-NC stage-2 entry (0005 refuses the map
 * space; privcmd falls back to gmfn_foreign).
 */
#if WMODE == W_CACHED || WMODE == W_CACHED_FLUSH
#define USER_S1       WB
#else
#define USER_S1       NC
#endif
#if WMODE == W_CACHED_FLUSH || WMODE == W_NC_FLUSH
#define DOMCTL_FLUSH  1
#endif
#if HV == HV_STOCK || !PLAT_FWB
#define FWB           0
#if HV != HV_STOCK
#define TOGGLE        T_TRAP
#endif
#if HV == HV_TOGGLE_S2NC && USER_S1 == NC
#define DOM0_S2       NC
#endif
#else
#define FWB           1
#endif

#elif defined(upstream2013) || defined(upstream2013_race)
/* libxc 2013 (a0035ecc0d82): cacheable foreign mapping, DC CIVAC by the
 * user VA, then munmap.  No XEN_DOMCTL_cacheflush, no toggle flush. */
#define USER_S1       WB
#define FLUSH_VA      1
#define VERIFY        0
#ifdef upstream2013_race
/* no Xen directmap (arm32 Xen maps domheap pages on demand): a stale
 * line can come only from the window between the flush and the unmap */
#define XEN_DIRECTMAP 0
#endif

#elif defined(xen417) || defined(xen417_nowrite)
/* Stock Xen 4.17 + libxenguest: cacheable mapping, munmap, then
 * XEN_DOMCTL_cacheflush; TVM only after a set/way op.  _nowrite: a guest
 * that writes nothing with its caches off, the class the stock path
 * serves. */
#define USER_S1       WB
#define DOMCTL_FLUSH  1
#define VERIFY        0
#ifdef xen417_nowrite
#define GUEST_WRITES  0
#endif

#elif defined(nc_stock_noflush) || defined(nc_stock_flush)
/* libxc's mode nc on a stock hypervisor, for the guests of
 * xen417_nowrite: without (what auto did before) and with the flush
 * after unmap (what libxc does now). */
#define USER_S1       NC
#define GUEST_WRITES  0
#ifdef nc_stock_flush
#define DOMCTL_FLUSH  1
#endif

#elif defined(s1nc_toggle_nodm)
/* stage-1 NC and the toggle flush, no stage-2 NC, no directmap: the
 * toggle flush drops dom0's linear-map lines as well */
#define USER_S1       NC
#define XEN_DIRECTMAP 0
#define TOGGLE        T_TRAP

#elif defined(fwb_system_device_guest)
/* An FWB system (XU_FEAT_S2FWB set, so libxc's auto picks mode fwb:
 * cached writes, no flush) building a domain with passthrough, which
 * 0004 runs without FWB and with the trap of 0003. */
#define USER_S1       WB
#define TOGGLE        T_TRAP

#elif defined(s1nc_only) || defined(s2nc_nodm)
/* The 2013 RFC's idea alone: a Normal-NC user mapping replaces the
 * flush, on a Xen without the directmap (so dom0's linear map is the
 * only other cacheable alias); s2nc_nodm adds the stage-2 NC entry. */
#define USER_S1       NC
#define XEN_DIRECTMAP 0
#ifdef s2nc_nodm
#define DOM0_S2       NC
#endif

#elif defined(project) || defined(project_no_toggle) || defined(s1nc_toggle) \
      || defined(project_nc_hits) || defined(toggle_late) \
      || defined(toggle_swapped_in_trap) \
      || defined(v1_no_trap) || defined(toggle_touched_foreign) \
      || defined(toggle_touched_only) || defined(toggle_foreign_only) \
      || defined(off_byva) || defined(off_byva_tvm_kept) \
      || defined(off_setway_no_rearm)
/* This project in mode nc: stage-1 NC (privcmd), stage-2 NC for dom0's
 * foreign entry (0005), clean+invalidate of guest RAM at each vCPU's
 * trapped cache enable (0003).  No flush after unmap.  The others each
 * change one thing. */
#define USER_S1       NC
#ifndef s1nc_toggle
#define DOM0_S2       NC
#endif
#ifndef project_no_toggle
#define TOGGLE        T_TRAP
#endif
#ifdef project_nc_hits
#define NC_MAY_HIT    1   /* an NC read may return a present line */
#endif
#ifdef toggle_late
#undef TOGGLE
#define TOGGLE        T_LATE  /* no trap: Xen cleans when it next notices */
#endif
#ifdef toggle_swapped_in_trap
#define ENABLE_FIRST  1   /* the trap applies the enable, then cleans */
#endif
#ifdef v1_no_trap
#define V1_TRAP       0   /* vCPU 1's reset does not arm the trap */
#endif
#ifdef toggle_touched_foreign
#define SCOPE         S_TOUCHED_FOREIGN
#endif
#ifdef toggle_touched_only
#define SCOPE         S_TOUCHED
#endif
#ifdef toggle_foreign_only
#define SCOPE         S_FOREIGN
#endif
#if defined(off_byva) || defined(off_byva_tvm_kept)
#define OFF_AGAIN     OFF_BYVA
#endif
#ifdef off_byva_tvm_kept
#define TVM_KEEP      1
#endif
#ifdef off_setway_no_rearm
#define SETWAY_ARMS   0   /* a set/way op cleans but does not arm TVM */
#endif

#elif defined(fwb_cached) || defined(fwb_nc) || defined(fwb_verify_nc)
/* FEAT_S2FWB (0004): stage 2 forces WB on guest RAM, no TVM.
 * fwb_cached: cached writes, no maintenance (libxc's mode fwb).
 * fwb_nc: NC writes (dom0's entry stays WB: 0005 refuses NC under FWB),
 * no flush.  fwb_verify_nc: mode fwb, but image_verify reads back through
 * an NC mapping instead of the write mode's. */
#define FWB           1
#ifdef fwb_nc
#define USER_S1       NC
#else
#define USER_S1       WB
#endif
#ifdef fwb_verify_nc
#define VERIFY_S1     NC
#endif

#elif defined(selftest_dead_alias)
/* Runner self-test: the project with its directmap fills planted dead.
 * The search still ends with no error, and only the unreached-state check
 * of the cpu actor can tell. */
#define USER_S1       NC
#define DOM0_S2       NC
#define TOGGLE        T_TRAP
#define DIRECTMAP_LIVE 0

#else
#error "select a variant (-Dproject, -Dxen417, ...) or a table cell (-DCELL ...)"
#endif

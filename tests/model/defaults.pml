/* SPDX-License-Identifier: MIT */
/*
 * defaults.pml - the knobs a variant (variants.pml) does not set: the
 * guest and the machine at their most general, an arm64 Xen.
 */

/* ---- platform and hypervisor ---- */
#ifndef FWB
#define FWB           0   /* HCR_EL2.FWB set for the guest (FEAT_S2FWB)    */
#endif
#ifndef DOM0_S2
#define DOM0_S2       WB  /* dom0's stage-2 entry for the foreign frame    */
#endif
#ifndef TOGGLE
#define TOGGLE        T_NONE  /* flush when the guest turns caches on      */
#endif
#ifndef SCOPE
#define SCOPE         S_ALL   /* what that flush cleans                    */
#endif
#ifndef ARM_AT_RESET
/* vCPU reset arms TVM (patch 0003); with FWB patch 0004 arms nothing */
#define ARM_AT_RESET  (TOGGLE == T_TRAP && !FWB)
#endif
#ifndef V1_TRAP
#define V1_TRAP       ARM_AT_RESET    /* ... for vCPU 1's reset as well    */
#endif
#ifndef ENABLE_FIRST
#define ENABLE_FIRST  0   /* in the trap, apply the SCTLR write, then clean */
#endif
#ifndef TVM_KEEP
#define TVM_KEEP      0   /* keep trapping after the enable (every toggle) */
#endif
#ifndef SETWAY_ARMS
#define SETWAY_ARMS   1   /* a trapped set/way op arms TVM (Xen 4.17 does) */
#endif
#ifndef XEN_DIRECTMAP
#define XEN_DIRECTMAP 1   /* arm64 Xen maps all RAM cacheable at EL2       */
#endif
#ifndef DIRECTMAP_LIVE
#define DIRECTMAP_LIVE 1  /* self-test plant: 0 kills the directmap fills  */
#endif
#ifndef DOM0_LINEAR
#define DOM0_LINEAR   1   /* the GFN's kernel VA in dom0, stage 1 WB       */
#endif
#ifndef NC_MAY_HIT
#define NC_MAY_HIT    0   /* NC reads ignore the cache (see typed_read)    */
#endif

/* ---- toolstack ---- */
#ifndef USER_S1
#error "the variant must set USER_S1 (the write mode)"
#endif
#ifndef FLUSH_VA
#define FLUSH_VA      0   /* DC CIVAC by the user VA before munmap (2013)  */
#endif
#ifndef DOMCTL_FLUSH
#define DOMCTL_FLUSH  0   /* XEN_DOMCTL_cacheflush after each munmap       */
#endif
#ifndef VERIFY
#define VERIFY        1   /* image_verify may read the image back          */
#endif
#ifndef VERIFY_S1
#define VERIFY_S1     USER_S1 /* the read-back maps in the write mode      */
#endif

/* ---- guest ---- */
#ifndef GUEST_WRITES
#define GUEST_WRITES  1   /* the guest may write RAM with its caches off   */
#endif
#ifndef VCPU1
#define VCPU1         1   /* a second vCPU, started after vCPU 0's enable  */
#endif
#ifndef OFF_AGAIN
#define OFF_AGAIN     OFF_SETWAY  /* how vCPU 0 may turn caches off again  */
#endif

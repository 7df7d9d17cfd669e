/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercalls and PSCI calls.
 * Xen on arm64 (xen/include/public/arch-arm.h): HVC with immediate
 * XEN_HYPERCALL_TAG 0xEA1, hypercall number in x16, arguments x0..x4,
 * result in x0; x16 and the argument registers are clobbered, which the
 * AAPCS64 already allows for a call.
 */
    .text
    .globl  xen_hypercall
/* long xen_hypercall(a0, a1, a2, a3, a4, nr) */
xen_hypercall:
    mov     x16, x5
    hvc     #0xea1
    ret

/* u64 psci_call(u64 fid, int use_smc): SMCCC, function id in w0. */
    .globl  psci_call
psci_call:
    cbnz    w1, 1f
    hvc     #0
    ret
1:  smc     #0
    ret

/* u64 psci_call3(u64 fid, u64 a1, u64 a2, u64 a3, int use_smc): SMCCC
 * with three arguments (CPU_ON: target MPIDR, entry point, context id). */
    .globl  psci_call3
psci_call3:
    cbnz    w4, 1f
    hvc     #0
    ret
1:  smc     #0
    ret

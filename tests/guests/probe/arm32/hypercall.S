/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercalls and PSCI calls.
 * Xen on arm32 (xen/include/public/arch-arm.h): HVC with immediate
 * XEN_HYPERCALL_TAG 0xEA1, hypercall number in r12, arguments r0..r4,
 * result in r0; r12 and the argument registers are clobbered.  r4 is
 * callee-saved in the AAPCS, so it is kept here (as Linux's HYPERCALL5).
 */
    .syntax unified
    .arm
    .arch_extension virt
    .arch_extension sec

    .text
    .globl  xen_hypercall
/* long xen_hypercall(a0, a1, a2, a3, a4, nr): a4 and nr on the stack */
xen_hypercall:
    mov     r12, sp
    push    {r4}
    ldr     r4, [r12]
    ldr     r12, [r12, #4]
    hvc     #0xea1
    pop     {r4}
    bx      lr

/* ureg psci_call(ureg fid, int use_smc): SMCCC, function id in r0. */
    .globl  psci_call
psci_call:
    cmp     r1, #0
    bne     1f
    hvc     #0
    bx      lr
1:  smc     #0
    bx      lr

/* ureg psci_call3(fid, a1, a2, a3, int use_smc): three arguments (CPU_ON:
 * target MPIDR, entry point, context id) in r1-r3, use_smc on the stack. */
    .globl  psci_call3
psci_call3:
    ldr     r12, [sp]
    cmp     r12, #0
    bne     1f
    hvc     #0
    bx      lr
1:  smc     #0
    bx      lr

    .section .note.GNU-stack, "", %progbits

/* SPDX-License-Identifier: MIT */
/*
 * Entry of the arm32 probe: the zImage header, the drop from HYP to SVC
 * mode, the exception vectors and the jump to C.
 *
 * The header is laid out as Linux's arch/arm/boot/compressed/head.S does
 * (8 NOPs, a branch, magic 0x016f2818 at 0x24, start and end addresses at
 * 0x28/0x2c, the endianness flag, the "table follows" magic and the
 * table's offset), with start = 0: "run where loaded".  Xen loads it at RAM base + 0x8000, QEMU
 * at RAM base + 0x10000: every address below is formed PC-relative, and
 * the linker script refuses any dynamic relocation.  (The start-address
 * build, probe-arm32-start.zImage, states a start: it runs there too.)
 *
 * Boot protocol (Documentation/arm/booting.rst): SVC or HYP mode, MMU and
 * D-cache off, IRQ/FIQ masked, r0 = 0, r1 = machine type, r2 = DTB.
 */
#include "probe-image.h"

    .syntax unified
    .arm
    .arch_extension virt                /* hvc, eret, elr_hyp */
    .arch_extension sec                 /* smc */

#define PSR_MODE_MASK   0x1f
#define PSR_FIQ         0x11
#define PSR_IRQ         0x12
#define PSR_SVC         0x13
#define PSR_ABT         0x17
#define PSR_HYP         0x1a
#define PSR_UND         0x1b
#define PSR_AIF         0x1c0
#define SCTLR_INIT      0x00c50078      /* RES1 bits, MMU/caches off, LE, VBAR */
#define HCPTR_RES1      0x33ff          /* no coprocessor traps */

/* reg <- address of sym, PC-relative (movw/movt of sym - (here + 8)) */
    .macro  adr_l, reg, sym
    movw    \reg, #:lower16:(\sym - (97f + 8))
    movt    \reg, #:upper16:(\sym - (97f + 8))
97: add     \reg, \reg, pc
    .endm

/*
 * The probe's vectors in VBAR, and one small stack for every exception
 * mode (banked SPs: each CPU sets its own): only a fatal report (or the
 * two-instruction fault_skip path) ever runs there.  Ends in SVC mode;
 * clobbers r0.
 */
    .macro  exc_setup
    adr_l   r0, vectors
    mcr     p15, 0, r0, c12, c0, 0      /* VBAR */
    isb
    adr_l   r0, _exc_stack_top
    cps     #PSR_ABT
    mov     sp, r0
    cps     #PSR_UND
    mov     sp, r0
    cps     #PSR_IRQ
    mov     sp, r0
    cps     #PSR_FIQ
    mov     sp, r0
    cps     #PSR_SVC
    .endm

/*
 * The zImage start and end addresses (0x28, 0x2c) and the probe block's
 * file length (0x48) are emitted by the linker script between these pieces: a .word of a
 * linker symbol here would be an absolute relocation in a PIE link.
 */
    .section .text.head.0, "ax"
    .globl  _head
_head:
    .rept   8
    mov     r0, r0                      /* a.out-era NOPs, as Linux */
    .endr
    b       primary_entry               /* 0x20 */
    .word   ZIMAGE_MAGIC                /* 0x24 */
    /* 0x28: start, 0 = run where loaded (probe.lds; PROBE_START) */
    /* 0x2c: end = start + file length (probe.lds) */

    .section .text.head.1, "ax"
    .word   0x04030201                  /* 0x30: little-endian */
    .word   0x45454545                  /* 0x34: a tag table follows... */
    /* 0x38: ...at this offset (probe.lds: the KLSZ entry, in .ztable) */

    .section .text.head.1b, "ax"
    .word   0                           /* 0x3c: unused */
    /* probe block at 0x40 (probe-image.h), digest filled in by probe-seal */
    .ascii  PROBE_IMG_MAGIC
    /* 0x48: file length (probe.lds) */

    .section .text.head.2, "ax"
    .quad   0                           /* digest */
    .quad   0

    .globl  primary_entry
primary_entry:
    mov     r4, r2                      /* DTB physical address */
    mrs     r0, cpsr
    and     r0, r0, #PSR_MODE_MASK
    cmp     r0, #PSR_HYP
    beq     from_hyp
    cmp     r0, #PSR_SVC
    bne     park                        /* Monitor, user...: not supported */
    cpsid   aif
    mrc     p15, 0, r6, c1, c0, 0       /* entry SCTLR, reported by C */
    mov     r5, #1                      /* "EL1" */
    b       at_svc

    /*
     * Entered in HYP mode (QEMU virtualization=on without firmware, or a
     * board's boot loader), as Linux's safe_svcmode_maskall handles it:
     * configure HYP to stay out of the way (no stage 2, no traps, timer
     * accessible, a stub vector table for stray HVCs) and ERET to SVC, so
     * the checks use exactly the PL1 registers they use under Xen.
     */
from_hyp:
    mrc     p15, 4, r6, c1, c0, 0       /* HSCTLR */
    mov     r0, #0
    mcr     p15, 4, r0, c1, c1, 0       /* HCR */
    mcr     p15, 4, r0, c1, c1, 3       /* HSTR */
    movw    r0, #HCPTR_RES1
    mcr     p15, 4, r0, c1, c1, 2       /* HCPTR */
    mov     r0, #3                      /* PL1PCTEN | PL1PCEN */
    mcr     p15, 4, r0, c14, c1, 0      /* CNTHCTL */
    mov     r0, #0
    mov     r1, #0
    mcrr    p15, 4, r0, r1, c14         /* CNTVOFF */
    mrc     p15, 0, r0, c0, c0, 0
    mcr     p15, 4, r0, c0, c0, 0       /* VPIDR <- MIDR */
    mrc     p15, 0, r0, c0, c0, 5
    mcr     p15, 4, r0, c0, c0, 5       /* VMPIDR <- MPIDR */
    adr_l   r0, hyp_vectors
    mcr     p15, 4, r0, c12, c0, 0      /* HVBAR */
    movw    r0, #:lower16:SCTLR_INIT
    movt    r0, #:upper16:SCTLR_INIT
    mcr     p15, 0, r0, c1, c0, 0       /* SCTLR for SVC: MMU/caches off */
    mov     r0, #(PSR_SVC | PSR_AIF)
    msr     spsr_cxsf, r0
    adr_l   r0, from_hyp_svc
    msr     elr_hyp, r0
    isb
    eret
from_hyp_svc:
    mov     r5, #2                      /* "EL2" */

at_svc:
    /*
     * A conforming loader enters with the MMU and D-cache off; if not, C
     * reports it from r6, and we turn them off here so the checks run in
     * the state they claim to test.  V = 0 (vectors at VBAR), TE = 0
     * (exceptions in ARM state), EE = 0.
     */
    mrc     p15, 0, r0, c1, c0, 0
    bic     r0, r0, #(1 << 0)           /* M */
    bic     r0, r0, #(1 << 2)           /* C */
    bic     r0, r0, #(1 << 13)          /* V */
    bic     r0, r0, #(1 << 25)          /* EE */
    bic     r0, r0, #(1 << 30)          /* TE */
    mcr     p15, 0, r0, c1, c0, 0
    isb
    exc_setup
    /* Clear BSS (16-byte aligned by the linker script), then the stack. */
    adr_l   r0, __bss_start
    adr_l   r1, __bss_end
    mov     r2, #0
    mov     r3, #0
1:  cmp     r0, r1
    bhs     2f
    strd    r2, r3, [r0], #8
    b       1b
2:  adr_l   r0, _stack_top
    mov     sp, r0
    mov     r0, r4
    mov     r1, r5
    mov     r2, r6
    bl      probe_main
park:
    wfe
    b       park

/*
 * A secondary CPU started by PSCI CPU_ON (probe.smp, smp.c), r0 = the
 * context id.  PSCI enters with the MMU and caches off in the caller's
 * mode (SVC); nothing here writes SCTLR (that would hide the entry state
 * and, under Xen, be one more trapped write): C checks and reports it.
 * Own stack in BSS; the boot CPU's vectors, and its exception stack for
 * this CPU's banked exception-mode SPs (only a fatal report runs there).
 */
    .text
    .globl  secondary_entry
secondary_entry:
    mov     r4, r0                      /* context id */
    mrc     p15, 0, r6, c1, c0, 0       /* SCTLR at entry */
    mrs     r0, cpsr
    and     r0, r0, #PSR_MODE_MASK
    mov     r5, #1                      /* "EL1" */
    cmp     r0, #PSR_SVC
    movne   r5, #2                      /* not SVC: C reports and parks */
    bne     1f
    cpsid   aif
    exc_setup
1:  adr_l   r0, secondary_stack_top
    mov     sp, r0
    mov     r0, r5
    mov     r1, r6
    mov     r2, r4
    bl      secondary_main
    b       park

/*
 * Exception vectors.  An undefined instruction while fault_skip is set is
 * an expected probe (an HVC/SMC conduit that does not exist): record the
 * vector number, step over the instruction (LR_und points past it) and
 * return.  Anything else goes to C, which prints it and fails the run.
 */
    .section .text.vectors, "ax"
    .balign 32
vectors:
    b       park                        /* reset */
    b       und_entry
    b       svc_entry
    b       pabt_entry
    b       dabt_entry
    b       park                        /* HYP trap: not taken to PL1 */
    b       irq_entry
    b       fiq_entry

/* r0 <- vector number, lr <- address of the faulting instruction */
    .macro  fatal, idx, lroff
    sub     lr, lr, #\lroff
    mov     r0, #\idx
    b       exc_common
    .endm

und_entry:
    push    {r0, r1}
    adr_l   r0, fault_skip
    ldr     r1, [r0]
    cmp     r1, #0
    beq     1f
    mov     r1, #0
    str     r1, [r0]
    adr_l   r0, fault_esr
    mov     r1, #1
    str     r1, [r0]
    pop     {r0, r1}
    movs    pc, lr
1:  pop     {r0, r1}
    fatal   1, 4
svc_entry:
    fatal   2, 4
pabt_entry:
    fatal   3, 4
dabt_entry:
    fatal   4, 8
irq_entry:
    fatal   6, 4
fiq_entry:
    fatal   7, 4

/* probe_exception(idx, FSR, faulting PC, FAR): FSR/FAR for aborts only */
exc_common:
    mov     r2, lr
    mov     r1, #0
    mov     r3, #0
    cmp     r0, #3
    mrceq   p15, 0, r1, c5, c0, 1       /* IFSR */
    mrceq   p15, 0, r3, c6, c0, 2       /* IFAR */
    cmp     r0, #4
    mrceq   p15, 0, r1, c5, c0, 0       /* DFSR */
    mrceq   p15, 0, r3, c6, c0, 0       /* DFAR */
    bl      probe_exception             /* does not return */
    b       park

/*
 * Division by zero in libgcc's 64-bit division helpers: report it like an
 * exception (vector number 8) rather than pull in libgcc's Linux version,
 * which calls raise().
 */
    .globl  __aeabi_idiv0, __aeabi_ldiv0
__aeabi_idiv0:
__aeabi_ldiv0:
    mov     r0, #8
    b       exc_common

/*
 * HYP vectors left behind when dropping to SVC: any HVC from the probe
 * (e.g. a PSCI probe with the wrong conduit) arrives at the HYP trap entry
 * and returns NOT_SUPPORTED (-1) instead of running off an unset HVBAR.
 */
    .balign 32
hyp_vectors:
    .rept   8
    b       hyp_stub
    .endr
hyp_stub:
    mvn     r0, #0
    eret

    .section .note.GNU-stack, "", %progbits

    .section .bss
    .balign 16
secondary_stack:
    .space  0x2000
secondary_stack_top:
    .balign 8
    .globl  fault_skip, fault_esr
fault_skip: .word 0
fault_esr:  .word 0

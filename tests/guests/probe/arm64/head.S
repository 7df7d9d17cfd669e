/* SPDX-License-Identifier: MIT */
/*
 * Entry of the arm64 probe: the Image header, the drop from EL2 to EL1,
 * the exception vectors and the jump to C.
 *
 * The image is linked at 0 but runs wherever the loader put it (QEMU and
 * Xen use RAM base + text_offset, other loaders may differ): every address
 * below is formed PC-relative (adr/adrp), and the linker script refuses
 * any dynamic relocation, so nothing needs relocating.
 */
#include "probe-image.h"

#define SCTLR_EL1_RES1  0x30d00800      /* RES1 bits, MMU/caches off, LE */
#define HCR_EL2_RW      (1 << 31)       /* EL1 is AArch64 */
#define SPSR_EL1H_DAIF  0x3c5           /* EL1h, D, A, I, F masked */

/*
 * The two sizes in the header (image_size at 0x10, file length at 0x48)
 * are emitted by the linker script between these pieces: a .quad of a
 * linker symbol here would be an absolute relocation in a PIE link.
 */
    .section .text.head.0, "ax"
    .globl _head
_head:
    b       primary_entry               /* code0 */
    .long   0                           /* code1 */
    .quad   ARM64_TEXT_OFFSET           /* text_offset */
    /* 0x10: image_size, file + BSS + stack (probe.lds) */

    .section .text.head.1, "ax"
    .quad   ARM64_IMAGE_FLAGS           /* flags */
    .quad   0, 0, 0                     /* res2..res4 */
    .long   ARM64_IMAGE_MAGIC           /* "ARM\x64" at 0x38 */
    .long   0                           /* res5: no PE header */
    /* probe block at 0x40 (probe-image.h), digest filled in by probe-seal */
    .ascii  PROBE_IMG_MAGIC
    /* 0x48: file length (probe.lds) */

    .section .text.head.2, "ax"
    .quad   0                           /* digest */
    .quad   0

    .globl  primary_entry
primary_entry:
    mov     x19, x0                     /* DTB physical address */
    mrs     x20, CurrentEL
    ubfx    x20, x20, #2, #2
    cmp     x20, #2
    b.eq    from_el2
    cmp     x20, #1
    b.ne    park                        /* EL3 (or EL0?): not supported */
    mrs     x21, sctlr_el1              /* entry state, reported by C */
    b       at_el1

    /*
     * Entered at EL2 (e.g. QEMU virtualization=on without firmware): run
     * the probe at EL1, as a guest kernel would run, with EL2 configured to
     * stay out of the way: no stage 2, no traps, timer accessible.  The
     * checks then exercise exactly the EL1 registers they use under Xen.
     */
from_el2:
    mrs     x21, sctlr_el2
    mov     x0, #HCR_EL2_RW
    msr     hcr_el2, x0
    mov     x0, #3                      /* EL1PCTEN | EL1PCEN */
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    msr     cptr_el2, xzr               /* no FP/SIMD traps (unused anyway) */
    msr     hstr_el2, xzr
    adr     x0, el2_vectors             /* a stray HVC must not vanish */
    msr     vbar_el2, x0
    ldr     x0, =SCTLR_EL1_RES1
    msr     sctlr_el1, x0
    mov     x0, #SPSR_EL1H_DAIF
    msr     spsr_el2, x0
    adr     x0, at_el1
    msr     elr_el2, x0
    isb
    eret

at_el1:
    /*
     * A conforming loader enters with the MMU and D-cache off; if not,
     * C reports it from x21, and we turn them off here so the checks run
     * in the state they claim to test.
     */
    mrs     x0, sctlr_el1
    bic     x0, x0, #1                  /* M */
    bic     x0, x0, #4                  /* C */
    msr     sctlr_el1, x0
    isb
    adr     x0, vectors
    msr     vbar_el1, x0
    isb
    /* Clear BSS (16-byte aligned by the linker script), then the stack. */
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  adrp    x0, _stack_top
    add     x0, x0, :lo12:_stack_top
    mov     sp, x0
    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    bl      probe_main
park:
    wfe
    b       park
    .ltorg

/*
 * A secondary CPU started by PSCI CPU_ON (probe.smp, smp.c), x0 = the
 * context id.  PSCI enters with the MMU and caches off at the caller's
 * EL; nothing here touches SCTLR_EL1 (a write would hide the entry state
 * and, under Xen, be one more trapped write): C checks and reports it.
 * Own stack in BSS, the same vectors as the boot CPU.
 */
    .text
    .globl  secondary_entry
secondary_entry:
    mov     x19, x0                     /* context id */
    mrs     x20, CurrentEL
    ubfx    x20, x20, #2, #2
    mrs     x21, sctlr_el1
    cmp     x20, #1
    b.ne    1f                          /* not EL1: C reports and parks */
    adr     x0, vectors
    msr     vbar_el1, x0
    isb
1:  adrp    x0, secondary_stack_top
    add     x0, x0, :lo12:secondary_stack_top
    mov     sp, x0
    mov     x0, x20
    mov     x1, x21
    mov     x2, x19
    bl      secondary_main
    b       park

/*
 * Exception vectors.  A synchronous exception while fault_skip is set is
 * an expected probe (an HVC/SMC conduit that does not exist): record ESR,
 * step over the instruction and return.  Anything else goes to C, which
 * prints it and fails the run.
 */
    .section .text.vectors, "ax"
    .macro  vent, idx
    .balign 0x80
    stp     x0, x1, [sp, #-16]!
    mov     x0, #\idx
    b       vector_common
    .endm

    .balign 0x800
vectors:
    .irp    i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    vent    \i
    .endr

/*
 * EL2 vectors left behind when dropping to EL1: any HVC from the probe
 * (e.g. a PSCI probe with the wrong conduit) returns NOT_SUPPORTED (-1)
 * instead of jumping through an uninitialised VBAR_EL2.
 */
    .macro  el2_vent
    .balign 0x80
    mov     x0, #-1
    eret
    .endm

    .balign 0x800
el2_vectors:
    .rept   16
    el2_vent
    .endr

vector_common:
    adrp    x1, fault_skip
    ldr     x1, [x1, :lo12:fault_skip]
    cbz     x1, 1f
    adrp    x1, fault_skip
    str     xzr, [x1, :lo12:fault_skip]
    mrs     x0, esr_el1
    adrp    x1, fault_esr
    str     x0, [x1, :lo12:fault_esr]
    mrs     x0, elr_el1
    add     x0, x0, #4
    msr     elr_el1, x0
    ldp     x0, x1, [sp], #16
    eret
1:  mrs     x1, esr_el1
    mrs     x2, elr_el1
    mrs     x3, far_el1
    bl      probe_exception             /* does not return */
    b       park

    .section .bss
    .balign 16
secondary_stack:
    .space  0x2000
secondary_stack_top:
    .balign 8
    .globl  fault_skip, fault_esr
fault_skip: .quad 0
fault_esr:  .quad 0

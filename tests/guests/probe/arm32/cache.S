/* SPDX-License-Identifier: MIT */
/*
 * Cache maintenance and MMU on/off, AArch32 with LPAE (the arm64 cache.S
 * in cp15 terms).  The MMU-off path is one leaf routine that touches no
 * memory between cleaning and turning the caches off: anything C wrote
 * after the clean (stack, locals) would otherwise be dirty in a cache the
 * next uncached read no longer looks at.  Addresses are u64 in the C
 * prototypes; only their low words are used (the probe only runs below
 * 4 GiB, checked in C).
 */
    .syntax unified
    .arm

#define SCTLR_M     (1 << 0)
#define SCTLR_C     (1 << 2)

/* reg <- D-cache minimum line size (CTR.DminLine); clobbers tmp */
    .macro  dline, reg, tmp
    mrc     p15, 0, \tmp, c0, c0, 1
    ubfx    \tmp, \tmp, #16, #4
    mov     \reg, #4
    lsl     \reg, \reg, \tmp
    .endm

/* DCCIMVAC over [start, end); clobbers start, r3, r12 */
    .macro  civac_range, start, end
    dline   r3, r12
    sub     r12, r3, #1
    bic     \start, \start, r12
.Lloop\@:
    cmp     \start, \end
    bhs     .Ldone\@
    mcr     p15, 0, \start, c7, c14, 1
    add     \start, \start, r3
    b       .Lloop\@
.Ldone\@:
    .endm

/* every range of the clean_range array at r0, r2 entries; clobbers r1, r3-r6, r12 */
    .macro  civac_ranges
    mov     r4, r0
    mov     r5, r2
.Lnext\@:
    cmp     r5, #0
    beq     .Lend\@
    ldr     r6, [r4]                    /* start, low word */
    ldr     r1, [r4, #8]                /* end, low word */
    add     r4, r4, #16
    civac_range r6, r1
    sub     r5, r5, #1
    b       .Lnext\@
.Lend\@:
    .endm

    .text
/*
 * void dcache_civac_range(u64 start, u64 end): r0 = start, r2 = end.
 * Clean+invalidate to PoC; DCIMVAC is not used, see the arm64 cache.S.
 */
    .globl  dcache_civac_range
dcache_civac_range:
    civac_range r0, r2
    dsb     sy
    bx      lr

/*
 * void asm_mmu_enable(u64 ttbr0, u64 ttbcr, u64 mair, u64 sctlr_set)
 * r0:r1 = TTBR0, r2 = TTBCR (EAE set by arch_tcr_bits), on the stack:
 * mair (low word MAIR0, high word MAIR1), sctlr_set.
 */
    .globl  asm_mmu_enable
asm_mmu_enable:
    push    {r4, r5}
    ldr     r4, [sp, #8]
    ldr     r5, [sp, #12]
    mcr     p15, 0, r4, c10, c2, 0      /* MAIR0 */
    mcr     p15, 0, r5, c10, c2, 1      /* MAIR1 */
    mcr     p15, 0, r2, c2, c0, 2       /* TTBCR: long descriptors first */
    isb
    mcrr    p15, 0, r0, r1, c2          /* TTBR0, 64-bit */
    isb
    mcr     p15, 0, r0, c8, c7, 0       /* TLBIALL */
    dsb     nsh
    isb
    ldr     r4, [sp, #16]
    mrc     p15, 0, r5, c1, c0, 0
    orr     r5, r5, r4
    mcr     p15, 0, r5, c1, c0, 0       /* SCTLR */
    isb
    mov     r4, #0
    mcr     p15, 0, r4, c7, c5, 0       /* ICIALLU: no stale instructions */
    mcr     p15, 0, r4, c7, c5, 6       /* BPIALL */
    dsb     nsh
    isb
    pop     {r4, r5}
    bx      lr

/*
 * void asm_mmu_disable(const struct clean_range *r, u64 n): r0 = r,
 * r2 = n (a u64 goes in an even register pair).
 * Clean+invalidate every range, turn MMU and D-cache off, then do the
 * ranges once more (lines speculatively refilled in between).  The push
 * happens before the first clean, the pop after the last: both see RAM.
 */
    .globl  asm_mmu_disable
asm_mmu_disable:
    push    {r4-r6, lr}
    civac_ranges
    dsb     sy
    mrc     p15, 0, r1, c1, c0, 0
    bic     r1, r1, #(SCTLR_M | SCTLR_C)
    mcr     p15, 0, r1, c1, c0, 0
    isb
    civac_ranges
    dsb     sy
    mcr     p15, 0, r1, c8, c7, 0       /* TLBIALL */
    dsb     nsh
    isb
    pop     {r4-r6, pc}

    .section .note.GNU-stack, "", %progbits

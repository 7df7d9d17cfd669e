/* SPDX-License-Identifier: MIT */
/*
 * Cache maintenance and MMU on/off.  The MMU-off path is one leaf routine
 * that touches no memory between cleaning and turning the caches off:
 * anything C wrote after the clean (stack, locals) would otherwise be
 * dirty in a cache the next uncached read no longer looks at.
 */
#define SCTLR_M     (1 << 0)
#define SCTLR_C     (1 << 2)

/* x3 <- D-cache minimum line size (CTR_EL0.DminLine); clobbers x4 */
    .macro  dline, reg, tmp
    mrs     \tmp, ctr_el0
    ubfx    \tmp, \tmp, #16, #4
    mov     \reg, #4
    lsl     \reg, \reg, \tmp
    .endm

/* DC CIVAC over [start, end); clobbers start, x3, x4 */
    .macro  civac_range, start, end
    dline   x3, x4
    sub     x4, x3, #1
    bic     \start, \start, x4
9:  cmp     \start, \end
    b.hs    8f
    dc      civac, \start
    add     \start, \start, x3
    b       9b
8:
    .endm

    .text
/*
 * void dcache_civac_range(u64 start, u64 end)
 * Clean+invalidate to PoC.  Used instead of DC IVAC even where only
 * "invalidate" is meant: at EL1 under a hypervisor DC IVAC is performed
 * as DC CIVAC anyway (HCR_EL2.VM), and a plain invalidate could throw
 * away data that another agent legitimately left dirty.
 */
    .globl  dcache_civac_range
dcache_civac_range:
    civac_range x0, x1
    dsb     sy
    ret

/* void asm_mmu_enable(u64 ttbr0, u64 tcr, u64 mair, u64 sctlr_set) */
    .globl  asm_mmu_enable
asm_mmu_enable:
    msr     mair_el1, x2
    msr     tcr_el1, x1
    msr     ttbr0_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mrs     x4, sctlr_el1
    orr     x4, x4, x3
    msr     sctlr_el1, x4
    isb
    ic      iallu                       /* no stale instructions from before */
    dsb     nsh
    isb
    ret

/*
 * void asm_mmu_disable(const struct clean_range *r, u64 n)
 * Clean+invalidate every range, turn MMU and D-cache off, then do the
 * ranges once more: lines speculatively refilled between the clean and
 * the SCTLR write are clean copies, but a correct kernel drops them so a
 * later cache-on phase cannot hit them.
 */
    .globl  asm_mmu_disable
asm_mmu_disable:
    mov     x9, x0
    mov     x10, x1
1:  cbz     x10, 2f
    ldp     x5, x6, [x9], #16
    civac_range x5, x6
    sub     x10, x10, #1
    b       1b
2:  dsb     sy
    mrs     x4, sctlr_el1
    bic     x4, x4, #SCTLR_M
    bic     x4, x4, #SCTLR_C
    msr     sctlr_el1, x4
    isb
    mov     x9, x0
    mov     x10, x1
3:  cbz     x10, 4f
    ldp     x5, x6, [x9], #16
    civac_range x5, x6
    sub     x10, x10, #1
    b       3b
4:  dsb     sy
    tlbi    vmalle1
    dsb     nsh
    isb
    ret

/* SPDX-License-Identifier: MIT */
/*
 * arm32 (AArch32, ARMv7-A with LPAE and the virtualization extensions) side
 * of the probe: the same inline functions as probe/arm64/arch.h, through
 * cp15.  Included by probe.h only; the Makefile's -I picks this directory.
 * Exception levels are named as in the arm64 probe: EL1 = PL1 (SVC mode),
 * EL2 = HYP mode.
 */
#ifndef PROBE__ARCH_H
#define PROBE__ARCH_H

/* PSCI calls of the SMC32 range (probe.smp, smp.c) */
#define ARCH_PSCI_CPU_ON    0x84000003ull
#define ARCH_PSCI_AFFINITY  0x84000004ull
#define ARCH_NAME           "arm32"
#define ARCH_ENTRY_EL1      "entered in SVC mode"
#define ARCH_ENTRY_EL2      "entered in HYP mode, dropped to SVC"
#define ARCH_SCTLR_EL1      "SCTLR"
#define ARCH_SCTLR_EL2      "HSCTLR"
#define ARCH_CISW           "DCCISW"

/* Identity map reach: the whole 32-bit VA space (TTBCR.T0SZ = 0). */
#define ARCH_VA_LIMIT       (1ull << 32)

static inline u64 read_sctlr(void)
{
    u32 v;

    asm volatile("mrc p15, 0, %0, c1, c0, 0" : "=r" (v));
    return v;
}

static inline u64 arch_read_mpidr(void)
{
    u32 v;

    asm volatile("mrc p15, 0, %0, c0, c0, 5" : "=r" (v));
    return v;
}

/* Virtual counter (CNTVCT, 64-bit) and CNTFRQ. */
static inline void arch_counter(u64 *cnt, u64 *frq)
{
    u32 lo, hi, f;

    asm volatile("isb\n\tmrrc p15, 1, %0, %1, c14\n\t"
                 "mrc p15, 0, %2, c14, c0, 0"
                 : "=r" (lo), "=r" (hi), "=r" (f));
    *cnt = ((u64)hi << 32) | lo;
    *frq = f;
}

/*
 * TTBCR bits that differ from arm64's TCR_EL1: EAE (long descriptors, the
 * format mmu.c writes) and T0SZ = 0 (32-bit VA, walk from level 1 with 4
 * entries).  IRGN0/ORGN0/SH0/EPD1 sit at the same positions as in TCR_EL1.
 */
static inline u64 arch_tcr_bits(void)
{
    return 1ull << 31;
}

/*
 * TTBR0, 64-bit with TTBCR.EAE (mrrc/mcrr); each write is trapped under
 * HCR.TVM (Xen's cp15 64-bit path).
 */
static inline u64 arch_read_ttbr0(void)
{
    u32 lo, hi;

    asm volatile("mrrc p15, 0, %0, %1, c2" : "=r" (lo), "=r" (hi));
    return ((u64)hi << 32) | lo;
}

static inline void arch_write_ttbr0(u64 v)
{
    asm volatile("mcrr p15, 0, %0, %1, c2\n\tisb"
                 :: "r" ((u32)v), "r" ((u32)(v >> 32)) : "memory");
}

/* ---- set/way (setway.c) ---- */
static inline int arch_has_ccidx(void)
{
    u32 mmfr4;

    asm volatile("mrc p15, 0, %0, c0, c2, 6" : "=r" (mmfr4));  /* ID_MMFR4 */
    return ((mmfr4 >> 24) & 0xf) != 0;
}

static inline u64 arch_read_clidr(void)
{
    u32 v;

    asm volatile("mrc p15, 1, %0, c0, c0, 1" : "=r" (v));
    return v;
}

/*
 * CCSIDR for CSSELR value sel, returned in the arm64 layout setway.c
 * decodes: with FEAT_CCIDX AArch32 keeps NumSets in CCSIDR2, arm64 in bits
 * 55:32 of CCSIDR_EL1.
 */
static inline u64 arch_read_ccsidr(u64 sel)
{
    u32 c, c2 = 0;

    asm volatile("mcr p15, 2, %1, c0, c0, 0\n\tisb\n\t"
                 "mrc p15, 1, %0, c0, c0, 0"
                 : "=r" (c) : "r" ((u32)sel));
    if ( arch_has_ccidx() )
        asm volatile("mrc p15, 1, %0, c0, c0, 2" : "=r" (c2));
    return ((u64)c2 << 32) | c;
}

static inline void arch_dc_cisw(u64 sw)
{
    asm volatile("mcr p15, 0, %0, c7, c14, 2" :: "r" ((u32)sw) : "memory");
}

#endif /* PROBE__ARCH_H */

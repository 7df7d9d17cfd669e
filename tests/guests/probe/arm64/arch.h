/* SPDX-License-Identifier: MIT */
/*
 * arm64 side of the probe: the few system-register accesses the shared C
 * needs, as inline functions with the same names in probe/arm32/arch.h.
 * Included by probe.h only; the Makefile's -I picks this directory.
 */
#ifndef PROBE__ARCH_H
#define PROBE__ARCH_H

/* PSCI calls of the SMC64 range (probe.smp, smp.c) */
#define ARCH_PSCI_CPU_ON    0xc4000003ull
#define ARCH_PSCI_AFFINITY  0xc4000004ull
#define ARCH_NAME           "arm64"
#define ARCH_ENTRY_EL1      "entered at EL1"
#define ARCH_ENTRY_EL2      "entered at EL2, dropped to EL1"
#define ARCH_SCTLR_EL1      "SCTLR_EL1"
#define ARCH_SCTLR_EL2      "SCTLR_EL2"
#define ARCH_CISW           "DC CISW"

/* Identity map reach: 39-bit VA (TCR.T0SZ = 25), walk from level 1. */
#define ARCH_VA_LIMIT       (1ull << 39)

static inline u64 read_sctlr(void)
{
    u64 v;

    asm volatile("mrs %0, sctlr_el1" : "=r" (v));
    return v;
}

static inline u64 arch_read_mpidr(void)
{
    u64 v;

    asm volatile("mrs %0, mpidr_el1" : "=r" (v));
    return v;
}

/* Virtual counter and its frequency. */
static inline void arch_counter(u64 *cnt, u64 *frq)
{
    asm volatile("isb\n\tmrs %0, cntvct_el0\n\tmrs %1, cntfrq_el0"
                 : "=r" (*cnt), "=r" (*frq));
}

/*
 * TCR_EL1 bits that differ from arm32's TTBCR: T0SZ for 39 bits and IPS
 * from the CPU (capped at 48 bits: more needs FEAT_LPA descriptors).  The
 * walk attribute and EPD1 fields sit at the same positions in both.
 */
static inline u64 arch_tcr_bits(void)
{
    u64 ips;

    asm volatile("mrs %0, id_aa64mmfr0_el1" : "=r" (ips));
    ips &= 0xf;
    if ( ips > 5 )
        ips = 5;
    return 25ull | (ips << 32);
}

/* TTBR0_EL1, 64-bit; each write is trapped under HCR_EL2.TVM. */
static inline u64 arch_read_ttbr0(void)
{
    u64 v;

    asm volatile("mrs %0, ttbr0_el1" : "=r" (v));
    return v;
}

static inline void arch_write_ttbr0(u64 v)
{
    asm volatile("msr ttbr0_el1, %0\n\tisb" :: "r" (v) : "memory");
}

/* ---- set/way (setway.c) ---- */
static inline int arch_has_ccidx(void)
{
    u64 mmfr2;

    asm volatile("mrs %0, id_aa64mmfr2_el1" : "=r" (mmfr2));
    return ((mmfr2 >> 20) & 0xf) != 0;
}

static inline u64 arch_read_clidr(void)
{
    u64 v;

    asm volatile("mrs %0, clidr_el1" : "=r" (v));
    return v;
}

/* CCSIDR_EL1 for CSSELR value sel; with FEAT_CCIDX NumSets is bits 55:32. */
static inline u64 arch_read_ccsidr(u64 sel)
{
    u64 c;

    asm volatile("msr csselr_el1, %1\n\tisb\n\tmrs %0, ccsidr_el1"
                 : "=r" (c) : "r" (sel));
    return c;
}

static inline void arch_dc_cisw(u64 sw)
{
    asm volatile("dc cisw, %0" :: "r" (sw) : "memory");
}

#endif /* PROBE__ARCH_H */

/* SPDX-License-Identifier: MIT */
/*
 * probe.smp=1: a second CPU brought up by PSCI CPU_ON, as a kernel brings
 * up its secondaries, checked the way the boot CPU checks itself.
 *
 * Under a hypervisor every vCPU starts from reset with its MMU and caches
 * off, the secondaries at CPU_ON, and each one's first cache enable is a
 * point where a stale line would hide what was written with caches off
 * (hypervisor-patches 0003 traps it on every vCPU, CPU_ON included).
 *
 * The boot CPU, caches off (this runs before its own first cache enable):
 *   1. finds a second CPU in the DTB (/cpus, enable-method "psci") and
 *      the PSCI conduit (/psci method "hvc" or "smc"),
 *   2. writes pattern S over SMP_BUF bytes of the test buffer,
 *   3. CPU_ON(its MPIDR, secondary_entry, SMP_COOKIE).
 * The secondary (head.S secondary_entry, own stack, then secondary_main):
 *   4. notes its entry state (EL, SCTLR_EL1: MMU and D-cache must be off),
 *   5. turns its MMU and caches on with the boot CPU's page tables
 *      (mmu_turn_on: clean+invalidate the BSS first, as the boot CPU does),
 *   6. reads pattern S back through its caches,
 *   7. cleans+invalidates the image/BSS and the buffer and turns MMU and
 *      caches off (asm_mmu_disable), then
 *   8. writes its report into `smp` and, last, smp.done = SMP_DONE, and
 *      calls PSCI CPU_OFF.
 * The boot CPU waits for smp.done (bounded: SMP_WAIT_MS), then for
 * AFFINITY_INFO to say the CPU is off (bounded too), and prints the check.
 *
 * The shared words (`smp`) are only ever accessed with the accessing
 * CPU's data cache off: by the boot CPU because it has not turned its
 * caches on yet, by the secondary only after step 7.  Both then read and
 * write memory directly, so no maintenance of the flag is needed.  What
 * the secondary's caches may hold of that line from its cached phase
 * (speculation) is dropped by step 7's second clean+invalidate pass, and
 * the boot CPU's own later cache enable cleans+invalidates the BSS first.
 * The secondary's report fields are written before smp.done, with a DSB
 * between, so a boot CPU that sees SMP_DONE sees the report.
 */
#include "probe.h"

#define PSCI_CPU_OFF        0x84000002ull
#define PSCI_AFF_OFF        1

#define MPIDR_AFF_MASK      0xff00ffffffull
#define SMP_BUF             (64u << 10)
#define SMP_SEED            0x5e5e5e5e12345678ull
#define SMP_COOKIE          0x504d5350u     /* "PSMP", fits 32 bits */
#define SMP_DONE            0x444f4e45ull           /* "DONE" */
#define SMP_WAIT_MS         30000                   /* TCG + a RAM flush */
#define SMP_OFF_WAIT_MS     5000

static struct {
    volatile u64 done;          /* SMP_DONE: the fields below are valid */
    volatile u64 el, sctlr_entry, sctlr_on, context, mpidr;
    volatile u64 bad, first, got;
    volatile u64 buf, smc;      /* set by the boot CPU before CPU_ON */
} smp __attribute__((aligned(128)));

static u64 smp_pat(u64 addr)
{
    return (addr * 0x9e3779b97f4a7c15ull) ^ SMP_SEED;
}

/* Secondary, MMU and caches still off: steps 4-8. */
void secondary_main(ureg el, ureg sctlr, ureg context)
{
    u64 buf = smp.buf, i, bad = 0, first = 0, got = 0, sctlr_on = 0;
    struct clean_range r[2];

    if ( el == 1 && !(sctlr & (SCTLR_M | SCTLR_C)) )
    {
        volatile u64 *p = to_ptr(buf);

        mmu_turn_on(0, 0, 0);
        sctlr_on = read_sctlr();
        for ( i = 0; i < SMP_BUF / 8; i++ )
        {
            u64 v = p[i];

            if ( v != smp_pat(to_addr(&p[i])) && !bad++ )
                first = to_addr(&p[i]), got = v;
        }
        r[0].start = to_addr(_text);
        r[0].end = to_addr(_end);
        r[1].start = buf;
        r[1].end = buf + SMP_BUF;
        asm_mmu_disable(r, 2);
    }
    smp.el = el;
    smp.sctlr_entry = sctlr;
    smp.sctlr_on = sctlr_on;
    smp.context = context;
    smp.mpidr = arch_read_mpidr();
    smp.bad = bad;
    smp.first = first;
    smp.got = got;
    asm volatile("dsb sy" ::: "memory");
    smp.done = SMP_DONE;
    asm volatile("dsb sy\n\tsev" ::: "memory");
    /* Not at EL1 the conduit would trap to ourselves: just park. */
    if ( el == 1 )
        psci_call(PSCI_CPU_OFF, (int)smp.smc);
    for ( ;; )
        asm volatile("wfi");
}

/* The first okay /cpus node that is not us, or -1. */
static int find_other_cpu(const struct dtb_info *info)
{
    u64 self = arch_read_mpidr() & MPIDR_AFF_MASK;
    int i;

    for ( i = 0; i < info->ncpus; i++ )
        if ( (info->cpu[i].mpidr & MPIDR_AFF_MASK) != self )
            return i;
    return -1;
}

static void wait_step(const struct dtb_info *info)
{
    if ( info->xen )
        xen_yield();            /* let the other vCPU run on a busy host */
}

void smp_check(const struct dtb_info *info, u64 buf)
{
    int c = find_other_cpu(info), smc = info->psci == 2;
    const char *conduit = smc ? "smc" : "hvc";
    volatile u64 *p = to_ptr(buf);
    u64 i, mpidr, t0, t_done, t_off;
    long rc, aff = -99;

    if ( c < 0 )
    {
        check_fail("smp", "no second CPU in /cpus (%d cpu node(s))",
                   info->ncpus);
        return;
    }
    mpidr = info->cpu[c].mpidr;
    if ( !info->cpu[c].psci )
    {
        check_fail("smp", "cpu %d (MPIDR 0x%llx): enable-method is not psci",
                   c, (unsigned long long)mpidr);
        return;
    }
    if ( !info->psci )
    {
        check_fail("smp", "no /psci node with method hvc or smc");
        return;
    }

    /* Step 2-3, caches off: the report, the pattern, then CPU_ON. */
    memset((void *)&smp, 0, sizeof(smp));
    smp.buf = buf;
    smp.smc = (u64)smc;
    for ( i = 0; i < SMP_BUF / 8; i++ )
        p[i] = smp_pat(to_addr(&p[i]));
    asm volatile("dsb sy" ::: "memory");
    t0 = now_ms();
    rc = (long)psci_call3(ARCH_PSCI_CPU_ON, mpidr, to_addr(secondary_entry),
                          SMP_COOKIE, smc);
    if ( rc )
    {
        check_fail("smp", "cpu %d (MPIDR 0x%llx): PSCI CPU_ON (%s) returned "
                   "%ld", c, (unsigned long long)mpidr, conduit, rc);
        return;
    }
    while ( smp.done != SMP_DONE && now_ms() - t0 < SMP_WAIT_MS )
        wait_step(info);
    t_done = now_ms();
    if ( smp.done != SMP_DONE )
    {
        check_fail("smp", "cpu %d (MPIDR 0x%llx) started by PSCI CPU_ON (%s) "
                   "did not report within %u ms", c,
                   (unsigned long long)mpidr, conduit, SMP_WAIT_MS);
        return;
    }
    /* CPU_OFF done: AFFINITY_INFO says OFF (bounded as well). */
    while ( now_ms() - t_done < SMP_OFF_WAIT_MS )
    {
        aff = (long)psci_call3(ARCH_PSCI_AFFINITY, mpidr, 0, 0, smc);
        if ( aff == PSCI_AFF_OFF )
            break;
        wait_step(info);
    }
    t_off = now_ms();

    if ( smp.el != 1 )
        check_fail("smp", "cpu %d entered at EL%llu, want EL1", c,
                   (unsigned long long)smp.el);
    else if ( smp.sctlr_entry & (SCTLR_M | SCTLR_C) )
        check_fail("smp", "cpu %d entered with MMU/D-cache on ("
                   ARCH_SCTLR_EL1 " 0x%llx)", c,
                   (unsigned long long)smp.sctlr_entry);
    else if ( (smp.mpidr & MPIDR_AFF_MASK) != (mpidr & MPIDR_AFF_MASK) ||
              smp.context != SMP_COOKIE )
        check_fail("smp", "cpu %d: MPIDR 0x%llx context 0x%llx, want 0x%llx "
                   "0x%llx", c, (unsigned long long)smp.mpidr,
                   (unsigned long long)smp.context,
                   (unsigned long long)mpidr, (unsigned long long)SMP_COOKIE);
    else if ( (smp.sctlr_on & (SCTLR_M | SCTLR_C)) != (SCTLR_M | SCTLR_C) )
        check_fail("smp", "cpu %d: MMU/D-cache not on after enabling "
                   "(" ARCH_SCTLR_EL1 " 0x%llx)", c,
                   (unsigned long long)smp.sctlr_on);
    else if ( smp.bad )
        check_fail("smp", "cpu %d read %llu of %u words wrong with caches on, "
                   "first at 0x%llx: got %016llx want %016llx", c,
                   (unsigned long long)smp.bad, SMP_BUF / 8,
                   (unsigned long long)smp.first,
                   (unsigned long long)smp.got,
                   (unsigned long long)smp_pat(smp.first));
    else if ( aff != PSCI_AFF_OFF )
        check_fail("smp", "cpu %d reported but AFFINITY_INFO still says %ld "
                   "%u ms later, not OFF: CPU_OFF failed", c, aff,
                   SMP_OFF_WAIT_MS);
    else
        check_ok("smp", "cpu %d (MPIDR 0x%llx) started by PSCI CPU_ON (%s), "
                 ARCH_ENTRY_EL1 ", MMU off, D-cache off (" ARCH_SCTLR_EL1
                 " 0x%llx), caches on (" ARCH_SCTLR_EL1 " 0x%llx), read %u "
                 "KiB written by the boot CPU with caches off, CPU_OFF; "
                 "%llu ms", c,
                 (unsigned long long)mpidr, conduit,
                 (unsigned long long)smp.sctlr_entry,
                 (unsigned long long)smp.sctlr_on, SMP_BUF >> 10,
                 (unsigned long long)(t_off - t0));
}

/* SPDX-License-Identifier: MIT */
/*
 * The boot-protocol checks: what a kernel does in its first instructions.
 *
 *   1. caches off: write pattern A            (as the kernel writes page
 *                                               tables and early data)
 *   2. MMU + caches on: read A back           -> "mmu-on-readback"
 *      (a stale clean line from before step 1, e.g. pulled in through a
 *      hypervisor or dom0 cacheable alias, shows up here), re-hash image
 *      and initrd through the caches        -> "image-cached", "initrd-cached"
 *   3. caches on: write pattern B, clean+invalidate it by VA, MMU off
 *   4. caches off: read B back                -> "mmu-off-readback"
 *
 * probe.mmu_nocache=N runs first, before the first cache enable: MMU on
 * with the D-cache off, N writes of TTBR0, then MMU off again
 *                                             -> "mmu-nocache"
 *
 * Patterns are a function of the address and a per-pattern seed, so a
 * stale copy of any earlier pattern, or of the loader's bytes, never
 * matches.  TCG does not model caches: under QEMU these can only fail on
 * a functional bug; real hardware is where they mean something.
 */
#include "probe.h"
#include "pwh64.h"

#define BP_BUF_SIZE     (256u << 10)
#define PAT_A           0xa5a5a5a5a5a5a5a5ull
#define PAT_B           0x5a5a5a5a00ff00ffull
#define PAT_C           0x0123456789abcdefull
#define PAT_D           0xfedcba9876543210ull
#define PAT_E           0x3c3c3c3cc3c3c3c3ull
#define PAT_F           0x6b6b6b6b96969696ull
#define PAT_G           0x0f0f0f0ff0f0f0f0ull

/* TTBR0's ASID field (bits 55:48 with 8-bit ASIDs: arm64 and arm32 LPAE) */
#define TTBR_ASID_SHIFT 48
#define TTBR_ASID_MASK  (0xffull << TTBR_ASID_SHIFT)

static u64 pat(u64 addr, u64 seed)
{
    return (addr * 0x9e3779b97f4a7c15ull) ^ seed;
}

static void fill(u64 buf, u64 len, u64 seed)
{
    volatile u64 *p = to_ptr(buf);
    u64 i;

    for ( i = 0; i < len / 8; i++ )
        p[i] = pat(to_addr(&p[i]), seed);
    asm volatile("dsb sy" ::: "memory");
}

/* Returns the number of bad words; reports the first one. */
static u64 verify(u64 buf, u64 len, u64 seed)
{
    volatile u64 *p = to_ptr(buf);
    u64 i, bad = 0, first = 0, got = 0;

    for ( i = 0; i < len / 8; i++ )
    {
        u64 v = p[i];

        if ( v != pat(to_addr(&p[i]), seed) )
        {
            if ( !bad++ )
                first = to_addr(&p[i]), got = v;
        }
    }
    if ( bad )
    {
        /* no snprintf: print the detail right away, the caller FAILs */
        pr("PROBE:   %llu of %llu words wrong, first at 0x%llx: got %016llx "
           "want %016llx\n", (unsigned long long)bad,
           (unsigned long long)(len / 8), (unsigned long long)first,
           (unsigned long long)got, (unsigned long long)pat(first, seed));
    }
    return bad;
}

static int in_ranges(u64 s, u64 e, const struct mem_range *r, int n)
{
    int i;

    for ( i = 0; i < n; i++ )
        if ( s < r[i].end && r[i].start < e )
            return i;
    return -1;
}

/*
 * Free RAM for the test buffers: the lowest 2 MiB-aligned range of need
 * bytes in the RAM bank holding the probe that is clear of everything the
 * loader placed (the probe with its BSS, the DTB, the initrd) and of the
 * /memreserve/ entries.  Below the blobs as well as above: Xen puts the
 * initrd and DTB at the top of a small guest's RAM (96 MiB: nothing is
 * free above them), where the free RAM is below.  Each pass moves the
 * candidate past one range it overlaps, so it settles within one pass a
 * range (plus one to see it clear).
 */
int bootproto_find_scratch(const struct dtb_info *info, u64 need, u64 *base)
{
    struct mem_range used[3 + DTB_MAX_RSV];
    u64 s;
    int b, i, n = 0, pass;

    for ( b = 0; b < info->nbanks; b++ )
        if ( to_addr(_text) >= info->bank[b].start &&
             to_addr(_end) <= info->bank[b].end )
            break;
    if ( b == info->nbanks )
        return -1;
    used[n].start = to_addr(_text);
    used[n++].end = to_addr(_end);
    used[n].start = info->dtb_start;
    used[n++].end = info->dtb_start + info->totalsize;
    if ( info->has_initrd )
    {
        used[n].start = info->initrd_start;
        used[n++].end = info->initrd_end;
    }
    for ( i = 0; i < info->nrsv && i < DTB_MAX_RSV; i++ )
        used[n++] = info->rsv[i];

    s = ALIGN_UP(info->bank[b].start, SZ_2M);
    for ( pass = 0; pass <= n; pass++ )
    {
        if ( s + need < s )
            return -1;
        i = in_ranges(s, s + need, used, n);
        if ( i < 0 )
            break;
        if ( ALIGN_UP(used[i].end, SZ_2M) < used[i].end )
            return -1;
        s = ALIGN_UP(used[i].end, SZ_2M);
    }
    if ( pass > n || s + need > info->bank[b].end ||
         !addr_reachable(s, s + need) )
        return -1;
    *base = s;
    return 0;
}

static void cached_rehash(const struct dtb_info *info)
{
    u64 d, want;
    char why[64];

    if ( image_verify(&d, &want) )
        check_fail("image-cached", "digest %016llx, want %016llx",
                   (unsigned long long)d, (unsigned long long)want);
    else
        check_ok("image-cached", NULL);
    if ( !info->has_initrd )
        return;
    if ( initrd_verify(info->initrd_start, info->initrd_end, why, sizeof(why)) )
        check_fail("initrd-cached", "%s", why);
    else
        check_ok("initrd-cached", NULL);
}

/* One round trip off -> on -> off over [buf, buf + len). */
static void roundtrip(const struct dtb_info *info, const struct probe_opts *o,
                      const char *on_name, const char *off_name,
                      u64 buf, u64 len, u64 seed1, u64 seed2, int rehash)
{
    fill(buf, len, seed1);
    mmu_turn_on(o->guestinval, buf, buf + len);
    if ( verify(buf, len, seed1) )
        check_fail(on_name, "data written with caches off read back wrong "
                   "with caches on");
    else
        check_ok(on_name, "%llu KiB", (unsigned long long)(len >> 10));
    if ( rehash )
        cached_rehash(info);
    fill(buf, len, seed2);
    mmu_turn_off(buf, len);
    if ( verify(buf, len, seed2) )
        check_fail(off_name, "data written with caches on, cleaned by VA, "
                   "read back wrong with caches off");
    else
        check_ok(off_name, "%llu KiB", (unsigned long long)(len >> 10));
}

static void setway_check(const struct probe_opts *o, u64 buf)
{
    u64 r, ops = 0;

    setway_describe();
    fill(buf, BP_BUF_SIZE, PAT_E);
    mmu_turn_on(o->guestinval, buf, buf + BP_BUF_SIZE);
    fill(buf, BP_BUF_SIZE, PAT_C);
    for ( r = 0; r < o->setway_rounds; r++ )
        ops += setway_clean_inval_all();
    if ( verify(buf, BP_BUF_SIZE, PAT_C) )
    {
        mmu_turn_off(buf, BP_BUF_SIZE);
        check_fail("setway", "cached data wrong after " ARCH_CISW " rounds");
        return;
    }
    mmu_turn_off(buf, BP_BUF_SIZE);
    if ( verify(buf, BP_BUF_SIZE, PAT_C) )
        check_fail("setway", "data wrong with caches off after " ARCH_CISW
                   " rounds");
    else
        check_ok("setway", "%llu rounds, %llu " ARCH_CISW " ops",
                 (unsigned long long)o->setway_rounds,
                 (unsigned long long)ops);
}

/*
 * probe.mmu_nocache=N: a guest that turns its MMU on before its D-cache,
 * or runs with the D-cache off for good.  MMU on with SCTLR.C clear, then
 * N writes of TTBR0 (the same tables, the ASID counting up, as a context
 * switch does), with the caches still off since reset.  A hypervisor that
 * traps the MMU control registers (HCR_EL2.TVM) until the guest's caches
 * are on takes every one of these writes, unless it bounds the trap.
 * Checked: all N writes happened and the last one is what TTBR0 reads
 * back (a trapped write is emulated, an untrapped one is not: both must
 * land), SCTLR says MMU on and D-cache off, and memory written with MMU on
 * and caches off reads back right that way and with the MMU off again.
 * The identity map's global entries match any ASID, so no TLB maintenance
 * is needed between the writes.
 */
static void nocache_check(const struct probe_opts *o, u64 buf)
{
    volatile u64 done = 0;
    u64 i, base, last = 0, got, sctlr, t0, t1, bad_on, bad_off;

    fill(buf, BP_BUF_SIZE, PAT_F);
    mmu_turn_on_nocache();
    sctlr = read_sctlr();
    base = arch_read_ttbr0() & ~TTBR_ASID_MASK;
    t0 = now_ms();
    for ( i = 0; i < o->mmu_nocache_writes; i++ )
    {
        last = base | (((i + 1) << TTBR_ASID_SHIFT) & TTBR_ASID_MASK);
        arch_write_ttbr0(last);
        done++;
    }
    t1 = now_ms();
    got = arch_read_ttbr0();
    bad_on = verify(buf, BP_BUF_SIZE, PAT_F);
    fill(buf, BP_BUF_SIZE, PAT_G);
    mmu_turn_off(buf, BP_BUF_SIZE);
    bad_off = verify(buf, BP_BUF_SIZE, PAT_G);

    if ( !(sctlr & SCTLR_M) || (sctlr & SCTLR_C) )
        check_fail("mmu-nocache", "SCTLR 0x%llx: want MMU on, D-cache off",
                   (unsigned long long)sctlr);
    else if ( done != o->mmu_nocache_writes || got != last )
        check_fail("mmu-nocache", "%llu of %llu TTBR0 writes done, TTBR0 "
                   "0x%llx, want 0x%llx", (unsigned long long)done,
                   (unsigned long long)o->mmu_nocache_writes,
                   (unsigned long long)got, (unsigned long long)last);
    else if ( bad_on || bad_off )
        check_fail("mmu-nocache", "data read back wrong with MMU %s, "
                   "D-cache off", bad_on ? "on" : "off");
    else
        check_ok("mmu-nocache", "%llu TTBR0 writes with MMU on, D-cache off "
                 "(SCTLR 0x%llx), last 0x%llx, %llu ms",
                 (unsigned long long)done, (unsigned long long)sctlr,
                 (unsigned long long)got, (unsigned long long)(t1 - t0));
}

void bootproto_run(const struct dtb_info *info, const struct probe_opts *o,
                   u64 scratch)
{
    u64 touch = scratch + SZ_2M;

    pr("PROBE: boot protocol buffer at 0x%llx (%u KiB)%s\n",
       (unsigned long long)scratch, BP_BUF_SIZE >> 10,
       o->guestinval ? ", guest invalidates it before caches on" : "");
    if ( o->mmu_nocache_writes )
        nocache_check(o, scratch);
    roundtrip(info, o, "mmu-on-readback", "mmu-off-readback",
              scratch, BP_BUF_SIZE, PAT_A, PAT_B, 1);
    if ( o->setway_rounds )
        setway_check(o, scratch);
    if ( o->touch_bytes )
    {
        pr("PROBE: touch %llu MiB at 0x%llx\n",
           (unsigned long long)(o->touch_bytes >> 20),
           (unsigned long long)touch);
        roundtrip(info, o, "touch-on", "touch-off", touch, o->touch_bytes,
                  PAT_D, PAT_E, 0);
    }
}

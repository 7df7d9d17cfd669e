/* SPDX-License-Identifier: MIT */
/*
 * Identity page tables for the cache-on phases, in the long-descriptor
 * format both arm64 and arm32 LPAE use: 4K granule, walk from level 1
 * (arm64: 39-bit VA, T0SZ = 25; arm32: TTBCR.EAE, 32-bit VA, T0SZ = 0, only
 * the first 4 level-1 entries used), 2 MiB blocks.  RAM banks from the
 * DTB are Normal WB (rounded inwards: Normal mappings of non-RAM invite
 * speculative accesses there), the console UART is Device-nGnRnE, the Xen
 * console ring page is Normal WB, exactly as dom0 maps it.  Nothing else is
 * mapped.
 */
#include "probe.h"

#define L2_POOL         16              /* 16 GiB of 2 MiB blocks */
#define L3_POOL         2
#define VA_LIMIT        ARCH_VA_LIMIT

#define PTE_VALID       (1ull << 0)
#define PTE_TABLE       (3ull << 0)     /* also "page" at level 3 */
#define PTE_BLOCK       (1ull << 0)
#define PTE_ATTR(i)     ((u64)(i) << 2)
#define PTE_SH_INNER    (3ull << 8)
#define PTE_AF          (1ull << 10)
#define PTE_PXN         (1ull << 53)
#define PTE_UXN         (1ull << 54)

#define ATTR_DEVICE     0               /* MAIR attr0: Device-nGnRnE */
#define ATTR_NORMAL     1               /* MAIR attr1: Normal WB RW-allocate */
#define MAIR_VALUE      (0x00ull | (0xffull << 8))

#define TCR_IRGN0_WBWA  (1ull << 8)
#define TCR_ORGN0_WBWA  (1ull << 10)
#define TCR_SH0_INNER   (3ull << 12)
#define TCR_EPD1        (1ull << 23)    /* no TTBR1 walks */

static u64 l1[512] __attribute__((aligned(4096)));
static u64 l2[L2_POOL][512] __attribute__((aligned(4096)));
static u64 l3[L3_POOL][512] __attribute__((aligned(4096)));
static int l2_used, l3_used;
static u64 tcr;

static u64 leaf_attrs(int attr)
{
    if ( attr == ATTR_DEVICE )
        return PTE_AF | PTE_ATTR(ATTR_DEVICE) | PTE_PXN | PTE_UXN;
    return PTE_AF | PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER;
}

static u64 *l2_for(u64 pa)
{
    u64 *e;

    if ( pa >= VA_LIMIT )
        return NULL;
    e = &l1[pa >> 30];
    if ( !*e )
    {
        if ( l2_used == L2_POOL )
            return NULL;
        *e = to_addr(l2[l2_used++]) | PTE_TABLE;
    }
    return to_ptr(*e & ~0xfffull);
}

static int map_2m(u64 pa, int attr)
{
    u64 *t = l2_for(pa);

    if ( !t )
        return -1;
    t[(pa >> 21) & 511] = pa | PTE_BLOCK | leaf_attrs(attr);
    return 0;
}

static int map_4k(u64 pa, int attr)
{
    u64 *t = l2_for(pa), *e;

    if ( !t )
        return -1;
    e = &t[(pa >> 21) & 511];
    if ( (*e & 3) == PTE_BLOCK )
        return 0;               /* already inside a 2 MiB block */
    if ( !*e )
    {
        if ( l3_used == L3_POOL )
            return -1;
        *e = to_addr(l3[l3_used++]) | PTE_TABLE;
    }
    ((u64 *)to_ptr(*e & ~0xfffull))[(pa >> 12) & 511] = pa | PTE_TABLE |
                                                   leaf_attrs(attr);
    return 0;
}

static void set_why(char *why, size_t whylen, const char *s)
{
    size_t n = strnlen(s, whylen - 1);

    memcpy(why, s, n);
    why[n] = '\0';
}

int mmu_build(const struct dtb_info *info, char *why, size_t whylen)
{
    u64 pa, ring_start, ring_end;
    int i;

    tcr = TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_EPD1 |
          arch_tcr_bits();

    for ( i = 0; i < info->nbanks; i++ )
    {
        u64 s = ALIGN_UP(info->bank[i].start, SZ_2M);
        u64 e = info->bank[i].end & ~(SZ_2M - 1);

        if ( e > VA_LIMIT )
            e = VA_LIMIT;
        for ( pa = s; pa < e; pa += SZ_2M )
            if ( map_2m(pa, ATTR_NORMAL) )
                goto pool;      /* keep what fits: low RAM holds the probe */
    }
pool:
    console_ring_range(&ring_start, &ring_end);
    if ( ring_start && map_4k(ring_start, ATTR_NORMAL) )
        return set_why(why, whylen, "no table for the Xen console ring"), -1;
    if ( console_kind() == CONSOLE_PL011 &&
         map_4k(info->uart_base & ~0xfffull, ATTR_DEVICE) )
        return set_why(why, whylen, "no table for the UART"), -1;
    return 0;
}

/*
 * MMU and caches on.  First clean+invalidate what the probe itself wrote
 * with caches off (BSS: page tables, stack, state) so no stale line can
 * shadow it: Linux does the same for its idmap tables.  The test buffer is
 * deliberately *not* invalidated unless asked (probe.guestinval=1): whether
 * it reads back right is what the platform is being tested for.
 */
void mmu_turn_on(int invalidate_extra, u64 extra_start, u64 extra_end)
{
    asm volatile("dsb sy" ::: "memory");
    dcache_civac_range(to_addr(__bss_start), to_addr(_end));
    if ( invalidate_extra )
        dcache_civac_range(extra_start, extra_end);
    asm_mmu_enable(to_addr(l1), tcr, MAIR_VALUE, SCTLR_M | SCTLR_C | SCTLR_I);
}

/*
 * MMU on with the D-cache and I-cache left off (SCTLR.M only), as a guest
 * that turns its MMU on before its caches does (probe.mmu_nocache).  Data
 * accesses are then Normal Non-cacheable: nothing the probe wrote with the
 * MMU off can be shadowed, so no clean is needed; the tables are the same
 * identity map.
 */
void mmu_turn_on_nocache(void)
{
    asm volatile("dsb sy" ::: "memory");
    asm_mmu_enable(to_addr(l1), tcr, MAIR_VALUE, SCTLR_M);
}

/*
 * MMU and caches off, with what a correct kernel does first: clean+
 * invalidate by VA everything written with caches on (the buffer, the
 * probe's own image/BSS/stack, the console ring).
 */
void mmu_turn_off(u64 buf, u64 len)
{
    struct clean_range r[3];
    u64 n = 0;

    r[n].start = to_addr(_text);
    r[n++].end = to_addr(_end);
    r[n].start = buf;
    r[n++].end = buf + len;
    console_ring_range(&r[n].start, &r[n].end);
    if ( r[n].start )
        n++;
    asm_mmu_disable(r, n);
}

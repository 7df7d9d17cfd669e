/* SPDX-License-Identifier: MIT */
/*
 * probe.setway=N: N rounds of DC CISW over every set and way of every
 * data/unified cache level up to the Level of Coherence, as a 32-bit
 * kernel's decompressor or an old boot loader does.  Under Xen these trap
 * (HCR_EL2.TSW) and are turned into maintenance of the whole guest, so the
 * check is that they finish and leave memory intact.  Geometry comes from
 * CLIDR_EL1/CCSIDR_EL1, in both CCSIDR layouts (FEAT_CCIDX or not).
 */
#include "probe.h"

struct cache_geom {
    u64 sets, ways;
    unsigned line_shift;
};

static void geometry(unsigned level, struct cache_geom *g)
{
    u64 c = arch_read_ccsidr((u64)level << 1);

    g->line_shift = (unsigned)(c & 7) + 4;
    if ( arch_has_ccidx() )
    {
        g->ways = ((c >> 3) & 0x1fffff) + 1;
        g->sets = ((c >> 32) & 0xffffff) + 1;
    }
    else
    {
        g->ways = ((c >> 3) & 0x3ff) + 1;
        g->sets = ((c >> 13) & 0x7fff) + 1;
    }
}

static unsigned ceil_log2(u64 v)
{
    unsigned n = 0;

    while ( (1ull << n) < v )
        n++;
    return n;
}

void setway_describe(void)
{
    u64 clidr = arch_read_clidr();
    unsigned loc = (clidr >> 24) & 7, level;

    for ( level = 0; level < loc; level++ )
    {
        unsigned ctype = (clidr >> (3 * level)) & 7;
        struct cache_geom g;

        if ( ctype < 2 )
            continue;
        geometry(level, &g);
        pr("PROBE: cache L%u %s: %llu sets x %llu ways x %u B\n", level + 1,
           ctype == 4 ? "unified" : "data", (unsigned long long)g.sets,
           (unsigned long long)g.ways, 1u << g.line_shift);
    }
}

/* One round over all levels; returns the number of DC CISW issued. */
u64 setway_clean_inval_all(void)
{
    u64 clidr = arch_read_clidr(), ops = 0, set, way;
    unsigned loc = (clidr >> 24) & 7, level;

    for ( level = 0; level < loc; level++ )
    {
        unsigned ctype = (clidr >> (3 * level)) & 7, way_shift;
        struct cache_geom g;

        if ( ctype < 2 )        /* none or instruction only */
            continue;
        geometry(level, &g);
        way_shift = 32 - ceil_log2(g.ways);
        for ( way = 0; way < g.ways; way++ )
            for ( set = 0; set < g.sets; set++ )
            {
                u64 sw = (way << way_shift) | (set << g.line_shift) |
                         (level << 1);

                arch_dc_cisw(sw);
                ops++;
            }
    }
    asm volatile("dsb sy\n\tisb" ::: "memory");
    return ops;
}

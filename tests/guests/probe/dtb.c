/* SPDX-License-Identifier: MIT */
/*
 * A small freestanding flattened-device-tree walker (no libfdt): checks the
 * header and every block bound, walks the structure block token by token
 * and, in the same pass, picks out what the probe needs (console, PSCI,
 * Xen, /chosen, memory).  A structural error stops the walk but keeps what
 * was found before it, so a corrupt DTB can still be reported on a console.
 */
#include "probe.h"

#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1u
#define FDT_END_NODE    2u
#define FDT_PROP        3u
#define FDT_NOP         4u
#define FDT_END         9u
#define FDT_HDR_SIZE    40u
#define DTB_MAX_SIZE    (64u << 20)     /* sanity bound, far above any real DTB */
#define MAX_DEPTH       32
#define MAX_UARTS       8
#define MAX_ALIASES     16

struct node {
    const u8   *reg;
    u32         reglen;
    u32         addr_cells, size_cells;     /* for this node's children */
    int         uart, memory, disabled, psci_compat, cpu, enable_psci;
    const char *method;         /* may precede compatible */
    size_t      pathlen;
};

struct walk {
    const u8   *fdt;
    u32         soff, ssize;                /* structure block */
    u32         stroff, strsize;            /* strings block */
    struct dtb_info *info;
    int         depth;
    char        path[256];
    struct node node[MAX_DEPTH];
    const char *stdout_path;
    int         nuarts;
    struct { char path[64]; u64 base; } uart[MAX_UARTS];
    int         naliases;
    struct { const char *name, *path; } alias[MAX_ALIASES];
};

static void fail(struct dtb_info *info, const char *what, u64 where)
{
    const char *hex = "0123456789abcdef";
    size_t n = 0;
    int shift;

    if ( info->error[0] )
        return;
    while ( *what && n < sizeof(info->error) - 24 )
        info->error[n++] = *what++;
    memcpy(info->error + n, " at 0x", 6);
    n += 6;
    for ( shift = 28; shift >= 0; shift -= 4 )
        info->error[n++] = hex[(where >> shift) & 0xf];
    info->error[n] = '\0';
}

/* Is there a NUL in p[0..len)? (property strings must be terminated) */
static int terminated(const u8 *p, u32 len)
{
    return len && strnlen((const char *)p, len) < len;
}

static int stringlist_has(const u8 *p, u32 len, const char *want, int prefix)
{
    u32 i = 0;

    if ( !terminated(p, len) )
        return 0;
    while ( i < len )
    {
        const char *s = (const char *)p + i;
        size_t n = strnlen(s, len - i);

        if ( prefix ? str_has_prefix(s, want) : !strcmp(s, want) )
            return 1;
        i += n + 1;
    }
    return 0;
}

static u64 read_cells(const u8 *p, u32 cells)
{
    return cells == 2 ? be64(p) : cells == 1 ? be32(p) : 0;
}

static void chosen_prop(struct walk *w, const char *name, const u8 *v, u32 len)
{
    struct dtb_info *info = w->info;

    if ( !strcmp(name, "bootargs") && terminated(v, len) )
        info->bootargs = (const char *)v;
    else if ( (!strcmp(name, "stdout-path") ||
               !strcmp(name, "linux,stdout-path")) && terminated(v, len) )
        w->stdout_path = (const char *)v;
    else if ( !strcmp(name, "linux,initrd-start") && (len == 4 || len == 8) )
    {
        info->initrd_start = len == 8 ? be64(v) : be32(v);
        info->has_initrd |= 1;
    }
    else if ( !strcmp(name, "linux,initrd-end") && (len == 4 || len == 8) )
    {
        info->initrd_end = len == 8 ? be64(v) : be32(v);
        info->has_initrd |= 2;
    }
}

static void prop(struct walk *w, const char *name, const u8 *v, u32 len)
{
    struct node *n = &w->node[w->depth];

    if ( !strcmp(name, "#address-cells") && len == 4 )
        n->addr_cells = be32(v);
    else if ( !strcmp(name, "#size-cells") && len == 4 )
        n->size_cells = be32(v);
    else if ( !strcmp(name, "reg") )
        n->reg = v, n->reglen = len;
    else if ( !strcmp(name, "device_type") && terminated(v, len) &&
              !strcmp((const char *)v, "memory") )
        n->memory = 1;
    else if ( !strcmp(name, "device_type") && terminated(v, len) &&
              !strcmp((const char *)v, "cpu") )
        n->cpu = 1;
    else if ( !strcmp(name, "enable-method") && terminated(v, len) &&
              !strcmp((const char *)v, "psci") )
        n->enable_psci = 1;
    else if ( !strcmp(name, "status") && terminated(v, len) &&
              strcmp((const char *)v, "okay") && strcmp((const char *)v, "ok") )
        n->disabled = 1;
    else if ( !strcmp(name, "compatible") )
    {
        if ( stringlist_has(v, len, "arm,pl011", 0) ||
             stringlist_has(v, len, "arm,sbsa-uart", 0) )
            n->uart = 1;
        if ( stringlist_has(v, len, "arm,psci", 1) )
            n->psci_compat = 1;
        if ( !strcmp(w->path, "/hypervisor") &&
             stringlist_has(v, len, "xen,xen", 0) )
            w->info->xen = 1;
    }
    if ( !strcmp(name, "method") && terminated(v, len) )
        n->method = (const char *)v;
    if ( !strcmp(w->path, "/chosen") )
        chosen_prop(w, name, v, len);
    if ( !strcmp(w->path, "/aliases") && terminated(v, len) &&
         w->naliases < MAX_ALIASES )
    {
        w->alias[w->naliases].name = name;
        w->alias[w->naliases++].path = (const char *)v;
    }
}

/* Node at w->depth is complete: record it if it is a UART or memory. */
static void end_node(struct walk *w)
{
    struct node *n = &w->node[w->depth];
    struct node *parent = &w->node[w->depth - 1];
    u32 ac = parent->addr_cells, sc = parent->size_cells;
    u32 entry = 4 * (ac + sc);
    struct dtb_info *info = w->info;
    u32 off;

    if ( n->psci_compat && n->method )
        info->psci = !strcmp(n->method, "smc") ? 2 :
                     !strcmp(n->method, "hvc") ? 1 : 0;
    if ( !n->reg || ac < 1 || ac > 2 || sc > 2 || entry == 0 ||
         n->reglen < entry || n->disabled )
        return;
    if ( n->uart && w->nuarts < MAX_UARTS )
    {
        size_t l = strnlen(w->path, sizeof(w->uart[0].path) - 1);

        memcpy(w->uart[w->nuarts].path, w->path, l);
        w->uart[w->nuarts].path[l] = '\0';
        w->uart[w->nuarts++].base = read_cells(n->reg, ac);
    }
    /* /cpus/cpu@N: reg is the MPIDR affinity, in /cpus' address cells */
    if ( n->cpu && w->depth == 3 && !strncmp(w->path, "/cpus/", 6) &&
         info->ncpus < DTB_MAX_CPUS )
    {
        info->cpu[info->ncpus].mpidr = read_cells(n->reg, ac);
        info->cpu[info->ncpus++].psci = n->enable_psci;
    }
    if ( n->memory && w->depth == 2 )
        for ( off = 0; off + entry <= n->reglen; off += entry )
        {
            u64 base = read_cells(n->reg + off, ac);
            u64 size = read_cells(n->reg + off + 4 * ac, sc);

            if ( size && info->nbanks < DTB_MAX_BANKS )
            {
                info->bank[info->nbanks].start = base;
                info->bank[info->nbanks++].end = base + size;
            }
        }
}

static int begin_node(struct walk *w, const char *name)
{
    size_t plen = w->depth ? w->node[w->depth].pathlen : 0;
    size_t nlen = strlen(name);
    struct node *n;

    if ( w->depth + 1 >= MAX_DEPTH )
        return -1;
    /* Root is "/", a child of root "/name", deeper ones "/a/b". */
    if ( w->depth > 1 )
        w->path[plen++] = '/';
    else if ( w->depth == 1 )
        plen = 1;
    else
        w->path[plen++] = '/';
    if ( plen + nlen >= sizeof(w->path) )
        nlen = sizeof(w->path) - 1 - plen;  /* truncated: lookups just miss */
    memcpy(w->path + plen, name, nlen);
    w->path[plen + nlen] = '\0';
    n = &w->node[++w->depth];
    memset(n, 0, sizeof(*n));
    n->addr_cells = 2;          /* DT spec defaults */
    n->size_cells = 1;
    n->pathlen = plen + nlen;
    return 0;
}

static int walk_struct(struct walk *w)
{
    const u8 *s = w->fdt + w->soff;
    struct dtb_info *info = w->info;
    u32 off = 0, tag;
    int seen_root = 0;

    for ( ;; )
    {
        if ( off + 4 > w->ssize )
            return fail(info, "structure block ends without FDT_END", off), -1;
        tag = be32(s + off);
        off += 4;
        switch ( tag )
        {
        case FDT_BEGIN_NODE: {
            const char *name = (const char *)s + off;
            size_t nlen = strnlen(name, w->ssize - off);

            if ( off + nlen >= w->ssize )
                return fail(info, "unterminated node name", off), -1;
            if ( w->depth == 0 && (seen_root || nlen) )
                return fail(info, "second or named root node", off), -1;
            seen_root = 1;
            if ( begin_node(w, name) )
                return fail(info, "nodes nested too deep", off), -1;
            off = ALIGN_UP(off + nlen + 1, 4);
            break;
        }
        case FDT_END_NODE:
            if ( w->depth == 0 )
                return fail(info, "FDT_END_NODE without node", off - 4), -1;
            end_node(w);
            w->depth--;
            w->path[w->depth ? w->node[w->depth].pathlen : 0] = '\0';
            if ( w->depth == 0 )
                w->path[0] = '\0';
            break;
        case FDT_PROP: {
            u32 len, nameoff;
            const char *name;

            if ( w->depth == 0 )
                return fail(info, "property outside any node", off - 4), -1;
            if ( off + 8 > w->ssize )
                return fail(info, "truncated property", off), -1;
            len = be32(s + off);
            nameoff = be32(s + off + 4);
            off += 8;
            if ( len > w->ssize - off )
                return fail(info, "property value out of bounds", off), -1;
            if ( nameoff >= w->strsize ||
                 !terminated(w->fdt + w->stroff + nameoff,
                             w->strsize - nameoff) )
                return fail(info, "property name out of strings block",
                            off - 4), -1;
            name = (const char *)w->fdt + w->stroff + nameoff;
            prop(w, name, s + off, len);
            off = ALIGN_UP(off + len, 4);
            break;
        }
        case FDT_NOP:
            break;
        case FDT_END:
            if ( w->depth != 0 || !seen_root )
                return fail(info, "FDT_END inside a node", off - 4), -1;
            return 0;
        default:
            return fail(info, "bad structure token", off - 4), -1;
        }
    }
}

static int check_header(const u8 *fdt, struct walk *w)
{
    struct dtb_info *info = w->info;
    u32 total, off_struct, off_strings, off_rsv, version, last_comp;
    u32 size_strings, size_struct, off;

    if ( (to_addr(fdt) & 7) )
        return fail(info, "DTB not 8-byte aligned", to_addr(fdt)), -1;
    if ( be32(fdt) != FDT_MAGIC )
        return fail(info, "bad magic", 0), -1;
    total = be32(fdt + 4);
    off_struct = be32(fdt + 8);
    off_strings = be32(fdt + 12);
    off_rsv = be32(fdt + 16);
    version = be32(fdt + 20);
    last_comp = be32(fdt + 24);
    size_strings = be32(fdt + 32);
    size_struct = version >= 17 ? be32(fdt + 36) : total - off_struct;
    info->totalsize = total;
    if ( total < FDT_HDR_SIZE || total > DTB_MAX_SIZE )
        return fail(info, "bad totalsize", 4), -1;
    if ( version < 16 || last_comp > 17 )
        return fail(info, "unsupported version", 20), -1;
    if ( off_rsv < FDT_HDR_SIZE || (off_rsv & 7) || off_rsv >= total )
        return fail(info, "memory reserve map out of bounds", 16), -1;
    if ( off_struct < FDT_HDR_SIZE || (off_struct & 3) ||
         off_struct > total || size_struct > total - off_struct )
        return fail(info, "structure block out of bounds", 8), -1;
    if ( off_strings < FDT_HDR_SIZE || off_strings > total ||
         size_strings > total - off_strings )
        return fail(info, "strings block out of bounds", 12), -1;
    /* Reserve map: 16-byte entries ending with (0, 0), inside the blob. */
    for ( off = off_rsv; ; off += 16 )
    {
        u64 a, s;

        if ( off + 16 > total )
            return fail(info, "unterminated memory reserve map", off), -1;
        a = be64(fdt + off);
        s = be64(fdt + off + 8);
        if ( !a && !s )
            break;
        if ( info->nrsv < DTB_MAX_RSV )
        {
            info->rsv[info->nrsv].start = a;
            info->rsv[info->nrsv++].end = a + s;
        }
    }
    w->soff = off_struct;
    w->ssize = size_struct;
    w->stroff = off_strings;
    w->strsize = size_strings;
    return 0;
}

static void pick_uart(struct walk *w)
{
    struct dtb_info *info = w->info;
    char want[64];
    size_t n = 0;
    int i;

    if ( w->stdout_path )
    {
        /* "serial0:115200n8" or "/pl011@9000000": alias or path, then options */
        while ( w->stdout_path[n] && w->stdout_path[n] != ':' &&
                n < sizeof(want) - 1 )
        {
            want[n] = w->stdout_path[n];
            n++;
        }
        want[n] = '\0';
        if ( want[0] != '/' )
            for ( i = 0; i < w->naliases; i++ )
                if ( !strcmp(w->alias[i].name, want) )
                {
                    n = strnlen(w->alias[i].path, sizeof(want) - 1);
                    memcpy(want, w->alias[i].path, n);
                    want[n] = '\0';
                }
        for ( i = 0; i < w->nuarts; i++ )
            if ( !strcmp(w->uart[i].path, want) )
            {
                info->uart_base = w->uart[i].base;
                memcpy(info->uart_path, w->uart[i].path,
                       sizeof(info->uart_path));
                info->uart_from_stdout_path = 1;
                return;
            }
    }
    if ( w->nuarts )
    {
        info->uart_base = w->uart[0].base;
        memcpy(info->uart_path, w->uart[0].path, sizeof(info->uart_path));
    }
}

void dtb_scan(const void *dtb, struct dtb_info *info)
{
    static struct walk w;       /* ~3 KiB: keep it off the small stack */

    memset(info, 0, sizeof(*info));
    memset(&w, 0, sizeof(w));
    w.fdt = dtb;
    info->dtb_start = to_addr(dtb);
    w.info = info;
    if ( !dtb )
    {
        fail(info, "no DTB (x0 == 0)", 0);
        return;
    }
    if ( check_header(dtb, &w) == 0 && walk_struct(&w) == 0 )
        info->valid = 1;
    if ( info->has_initrd != 3 )
        info->has_initrd = 0;
    pick_uart(&w);
}

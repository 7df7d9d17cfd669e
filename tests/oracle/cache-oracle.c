// SPDX-License-Identifier: MIT
/*
 * cache-oracle: a QEMU TCG plugin that knows what a real data cache could
 * hold.  TCG models no caches, so a guest with missing cache maintenance
 * runs correctly under it; this plugin follows every data access with the
 * memory type the guest's translation gave it, and every data cache
 * maintenance instruction, and keeps per 64-byte line of guest memory the
 * worst case a real cache could be in, with speculation as the adversary:
 * a line that is not dirty may hold a clean copy of any value memory had
 * since the line's last invalidation (some cacheable alias, such as a
 * hypervisor's direct map, can always pull it in).  docs/oracle.md defines
 * the rules; in short:
 *
 *   STALE READ    a cacheable read of a line whose memory was changed by a
 *                 non-cacheable write since the line's last invalidation;
 *   HIDDEN DIRTY  a non-cacheable read of a line written cacheably and not
 *                 cleaned since;
 *   LOST WRITE    a non-cacheable write over such a line (its write-back
 *                 will overwrite it);
 *   STALE MERGE   a cacheable partial-line write to a line that may hold a
 *                 stale copy (its write-back puts the stale bytes in memory).
 *
 * It needs the project's QEMU patch series (qemu-patches/), which adds
 * qemu_plugin_hwaddr_mem_type() and cache maintenance events to the API.
 *
 * Arguments (-plugin cache-oracle.so,ARG=VALUE,...):
 *   log=FILE       write reports and the verdict to FILE (default: QEMU's
 *                  log, i.e. stderr or -D FILE)
 *   reports=N      print at most N reports of each kind (default 10); all
 *                  are counted
 *   line=N         cache line size in bytes, a power of two (default 64)
 *
 * Each report names the context of the access (ctx=el2, ctx=vmidN for a
 * guest under a hypervisor's stage 2, ctx=el1 without one) and that of the
 * write that last changed the line's state (written-by=), and the run
 * ends with the total verdict, one "verdict CTX:" line per context with
 * reports, and what was seen.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

#include "oracle-rules.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/*
 * A line's byte: the rules' state (LINE_STATE_MASK), whether it was ever
 * touched, and one "already reported" bit per kind, cleared when the
 * state changes.
 */
#define LINE_SEEN       0x04
#define LINE_REPORTED_SHIFT 4

/* What a history entry records. */
enum event {
    EV_NC_WRITE,
    EV_C_WRITE,    /* the cacheable write that made the line dirty */
    EV_CLEAN,
    EV_CLEAN_POU,
    EV_INVAL,
    EV_CLEAN_INVAL,
    EV_ZERO_C,
    EV_ZERO_NC,
    EV_VIOLATION,  /* + kind */
};

static const char *const event_name[] = {
    [EV_NC_WRITE] = "nc-write",
    [EV_C_WRITE] = "cached-write",
    [EV_CLEAN] = "clean",
    [EV_CLEAN_POU] = "clean-to-pou",
    [EV_INVAL] = "invalidate",
    [EV_CLEAN_INVAL] = "clean+invalidate",
    [EV_ZERO_C] = "dc-zva(cached)",
    [EV_ZERO_NC] = "dc-zva(nc)",
    [EV_VIOLATION] = "",
};

/*
 * History: one ring of events for all lines; each entry links to the
 * previous entry of its line, and a line's link is valid while the entry
 * it names still belongs to that line and is older.
 */
struct hist {
    uint64_t line;
    uint64_t pc;
    uint64_t seq;
    uint32_t prev;
    uint16_t ctx;  /* CTX_* or a VMID */
    uint8_t event;
    uint8_t kind;
    uint8_t el;
    uint8_t vcpu;
};

/*
 * The PC of a cache maintenance event is read from the vCPU only when it
 * is recorded: most operations change nothing (a guest cleaning all of
 * its RAM), and a register read costs far more than the rule.
 */
#define PC_UNREAD UINT64_MAX

#define HIST_SIZE (1u << 20)
#define HIST_SHOWN 6

/* Line tables: a chunk of lines per 2 MiB of physical memory, on demand. */
#define CHUNK_SHIFT 21
#define MAX_PA_BITS 40
struct chunk {
    uint8_t *state;
    uint32_t *last;  /* index + 1 into hist; 0: none */
};

static struct chunk *chunks;
static unsigned line_shift = 6;
static uint64_t lines_per_chunk;
static struct hist *hist;
static uint64_t hist_seq;
static GMutex lock;

static FILE *log_file;
static unsigned max_reports = 10;
static uint64_t counts[KIND_COUNT];
static uint64_t n_lines, n_accesses, n_unknown, n_setway, n_cacheops;
static uint64_t n_untranslated;

/* Per-vCPU register handles, for the exception level, the PC and the VMID. */
struct vcpu_regs {
    struct qemu_plugin_register *cpsr;
    struct qemu_plugin_register *pc;
    struct qemu_plugin_register *vttbr;  /* VTTBR_EL2; NULL without EL2 */
};

/*
 * Where a flagged access was made: EL2/EL3 (the hypervisor, the firmware),
 * or EL0/EL1 under a hypervisor's stage 2, by its VMID (VTTBR_EL2[63:48];
 * Xen gives dom0 VMID 1 and each domU its own), or EL0/EL1 with no
 * hypervisor.  Counted per context so that a run of a whole Xen host can
 * say which guest would have read a stale line.
 */
#define CTX_VMIDS 256                   /* 8-bit VMIDs, as Xen 4.17+ uses */
#define CTX_NOHYP CTX_VMIDS             /* EL0/1, no stage 2 known */
#define CTX_EL2 (CTX_VMIDS + 1)
#define CTX_EL3 (CTX_VMIDS + 2)
#define CTX_COUNT (CTX_VMIDS + 3)
static uint64_t ctx_counts[CTX_COUNT][KIND_COUNT];
static GArray *vcpu_regs;  /* of struct vcpu_regs, by vCPU index */

static void out(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void out(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *s = NULL;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (log_file) {
        fputs(s, log_file);
        fflush(log_file);
    } else {
        qemu_plugin_outs(s);
    }
}

static uint64_t read_reg(struct qemu_plugin_register *reg)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    uint64_t v = 0;
    int n;

    if (!reg) {
        return UINT64_MAX;
    }
    n = qemu_plugin_read_register(reg, buf);
    if (n <= 0 || n > 8) {
        return UINT64_MAX;
    }
    memcpy(&v, buf->data, n);  /* gdb order is target order: little endian */
    return v;
}

/* The current exception level, from PSTATE/CPSR as gdb shows it. */
static unsigned current_el(unsigned vcpu)
{
    uint64_t cpsr;

    if (vcpu >= vcpu_regs->len) {
        return 9;
    }
    cpsr = read_reg(g_array_index(vcpu_regs, struct vcpu_regs, vcpu).cpsr);
    if (cpsr == UINT64_MAX) {
        return 9;
    }
    if (!(cpsr & 0x10)) {
        return (cpsr >> 2) & 3;         /* AArch64: M[3:2] */
    }
    switch (cpsr & 0x1f) {              /* AArch32 modes */
    case 0x10:
        return 0;                       /* User */
    case 0x1a:
        return 2;                       /* Hyp */
    case 0x16:
        return 3;                       /* Monitor */
    default:
        return 1;
    }
}

/* The context of an access at @el on @vcpu (CTX_* or a VMID). */
static unsigned current_ctx(unsigned vcpu, unsigned el)
{
    uint64_t vttbr;

    if (el == 2 || el == 3) {
        return el == 2 ? CTX_EL2 : CTX_EL3;
    }
    if (el > 3 || vcpu >= vcpu_regs->len) {
        return CTX_NOHYP;
    }
    vttbr = read_reg(g_array_index(vcpu_regs, struct vcpu_regs, vcpu).vttbr);
    /* No EL2, or EL2 never set a stage 2 up: a guest without hypervisor. */
    if (vttbr == UINT64_MAX || vttbr == 0) {
        return CTX_NOHYP;
    }
    return (vttbr >> 48) & (CTX_VMIDS - 1);
}

static void ctx_name(unsigned ctx, char *buf, size_t len)
{
    switch (ctx) {
    case CTX_NOHYP:
        snprintf(buf, len, "el1");
        break;
    case CTX_EL2:
        snprintf(buf, len, "el2");
        break;
    case CTX_EL3:
        snprintf(buf, len, "el3");
        break;
    default:
        snprintf(buf, len, "vmid%u", ctx);
        break;
    }
}

static uint64_t current_pc(unsigned vcpu)
{
    if (vcpu >= vcpu_regs->len) {
        return UINT64_MAX;
    }
    return read_reg(g_array_index(vcpu_regs, struct vcpu_regs, vcpu).pc);
}

/* The chunk of @line, allocated on first use; NULL beyond MAX_PA_BITS. */
static struct chunk *chunk_of(uint64_t line)
{
    uint64_t c = line >> (CHUNK_SHIFT - line_shift);
    struct chunk *ch;

    if (c >= (1ull << (MAX_PA_BITS - CHUNK_SHIFT))) {
        return NULL;
    }
    ch = &chunks[c];
    if (!ch->state) {
        ch->state = g_new0(uint8_t, lines_per_chunk);
        ch->last = g_new0(uint32_t, lines_per_chunk);
    }
    return ch;
}

static void record(struct chunk *ch, uint64_t idx, uint64_t line,
                   enum event ev, unsigned kind, unsigned el, unsigned ctx,
                   uint64_t pc, unsigned vcpu)
{
    uint32_t slot = hist_seq % HIST_SIZE;
    struct hist *h = &hist[slot];

    if (pc == PC_UNREAD) {
        pc = current_pc(vcpu);
    }
    h->line = line;
    h->pc = pc;
    h->seq = ++hist_seq;
    h->prev = ch->last[idx];
    h->event = ev;
    h->kind = kind;
    h->el = el;
    h->ctx = ctx;
    h->vcpu = vcpu;
    ch->last[idx] = slot + 1;
}

/*
 * The line's history entries, newest first: @fn(entry, arg) for each kept
 * one until it returns false.
 */
static void walk_history(struct chunk *ch, uint64_t idx, uint64_t line,
                         bool (*fn)(const struct hist *h, void *arg),
                         void *arg)
{
    uint32_t link = ch->last[idx];
    uint64_t newer = UINT64_MAX;

    while (link) {
        const struct hist *h = &hist[link - 1];

        if (h->line != line || h->seq >= newer) {
            break;  /* overwritten by a newer event of another line */
        }
        if (!fn(h, arg)) {
            break;
        }
        newer = h->seq;
        link = h->prev;
    }
}

static bool is_write_event(enum event ev)
{
    switch (ev) {
    case EV_NC_WRITE:
    case EV_C_WRITE:
    case EV_ZERO_C:
    case EV_ZERO_NC:
        return true;
    default:
        return false;
    }
}

static bool find_writer(const struct hist *h, void *arg)
{
    if (!is_write_event(h->event)) {
        return true;
    }
    *(int *)arg = h->ctx;
    return false;
}

/*
 * The context of the newest write that changed the line's state, in its
 * kept history: what put there the value a stale copy is older than (or
 * the dirty data an uncached access misses).  -1 where none is kept.
 */
static int last_writer(struct chunk *ch, uint64_t idx, uint64_t line)
{
    int ctx = -1;

    walk_history(ch, idx, line, find_writer, &ctx);
    return ctx;
}

/* @arg: the count of entries printed so far (int). */
static bool print_entry(const struct hist *h, void *arg)
{
    int *shown = arg;
    char cname[16];

    ctx_name(h->ctx, cname, sizeof(cname));
    out("      #%" PRIu64 " %s  el%u pc=0x%" PRIx64 " vcpu%u ctx=%s\n",
        h->seq, h->event == EV_VIOLATION ? oracle_kind_name[h->kind]
                                          : event_name[h->event],
        h->el, h->pc, h->vcpu, cname);
    return ++*shown < HIST_SHOWN;
}

static void print_history(struct chunk *ch, uint64_t idx, uint64_t line)
{
    int shown = 0;

    out("    history (newest first):\n");
    walk_history(ch, idx, line, print_entry, &shown);
    if (!shown) {
        out("      (none kept)\n");
    }
}

/*
 * @writer: last_writer() of the line before this access (-1: unknown).
 */
static void violation(struct chunk *ch, uint64_t idx, uint64_t line,
                      enum oracle_kind kind, unsigned vcpu, uint64_t pc,
                      int writer)
{
    uint8_t bit = 1u << (LINE_REPORTED_SHIFT + kind);
    unsigned el, ctx;
    char cname[16], wname[16] = "unknown";

    if (ch->state[idx] & bit) {
        return;  /* once per line and kind until its state changes */
    }
    ch->state[idx] |= bit;
    counts[kind]++;
    el = current_el(vcpu);
    ctx = current_ctx(vcpu, el);
    ctx_counts[ctx][kind]++;
    ctx_name(ctx, cname, sizeof(cname));
    if (pc == PC_UNREAD) {
        pc = current_pc(vcpu);
    }
    if (counts[kind] <= max_reports) {
        if (writer >= 0) {
            ctx_name(writer, wname, sizeof(wname));
        }
        out("cache-oracle: %s pa=0x%" PRIx64 " el%u pc=0x%" PRIx64
            " vcpu%u ctx=%s written-by=%s\n", oracle_kind_name[kind],
            line << line_shift, el, pc, vcpu, cname, wname);
        print_history(ch, idx, line);
    } else if (counts[kind] == max_reports + 1) {
        out("cache-oracle: further %s reports are counted, not shown\n",
            oracle_kind_name[kind]);
    }
    record(ch, idx, line, EV_VIOLATION, kind, el, ctx, pc, vcpu);
}

/* The line's chunk and index, marking it seen; NULL if out of range. */
static struct chunk *line_slot(uint64_t line, uint64_t *idx)
{
    struct chunk *ch = chunk_of(line);

    if (!ch) {
        return NULL;
    }
    *idx = line & (lines_per_chunk - 1);
    if (!(ch->state[*idx] & LINE_SEEN)) {
        ch->state[*idx] |= LINE_SEEN;
        n_lines++;
    }
    return ch;
}

/*
 * Store the rules' new state: a change clears the "reported" bits and
 * keeps a history entry.
 */
static void set_state(struct chunk *ch, uint64_t idx, uint64_t line,
                      uint8_t old, uint8_t new, enum event ev, unsigned vcpu,
                      uint64_t pc)
{
    unsigned el;

    if (new == (old & LINE_STATE_MASK)) {
        return;
    }
    ch->state[idx] = new | LINE_SEEN;
    el = current_el(vcpu);
    record(ch, idx, line, ev, 0, el, current_ctx(vcpu, el), pc, vcpu);
}

static void access_line(uint64_t line, enum oracle_access acc,
                        enum oracle_mem mem, unsigned vcpu, uint64_t pc)
{
    uint64_t idx;
    struct chunk *ch = line_slot(line, &idx);
    enum event ev;
    uint8_t new;
    unsigned v;
    int writer = -1;

    if (!ch) {
        return;
    }
    new = ch->state[idx] & LINE_STATE_MASK;
    v = oracle_access(&new, acc, mem);
    if (acc == ACC_WRITE_LINE) {
        ev = mem == MEM_NC ? EV_ZERO_NC : EV_ZERO_C;
    } else {
        ev = mem == MEM_NC ? EV_NC_WRITE : EV_C_WRITE;
    }
    /* Who made the line what it is, before this access is recorded. */
    if (v) {
        writer = last_writer(ch, idx, line);
    }
    /* The state first: its change re-arms reports, this access's included. */
    set_state(ch, idx, line, ch->state[idx], new, ev, vcpu, pc);
    for (int k = 0; k < KIND_COUNT; k++) {
        if (v & (1u << k)) {
            violation(ch, idx, line, k, vcpu, pc, writer);
        }
    }
}

/* False for a type the rules do not know (counted, otherwise ignored). */
static bool to_oracle_mem(enum qemu_plugin_mem_type t, enum oracle_mem *m)
{
    switch (t) {
    case QEMU_PLUGIN_MEM_TYPE_DEVICE:
    case QEMU_PLUGIN_MEM_TYPE_NORMAL_NC:
        *m = MEM_NC;
        return true;
    case QEMU_PLUGIN_MEM_TYPE_NORMAL_WT:
        *m = MEM_WT;
        return true;
    case QEMU_PLUGIN_MEM_TYPE_NORMAL_WB:
        *m = MEM_WB;
        return true;
    default:
        return false;
    }
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info,
                   uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    enum qemu_plugin_mem_type type;
    enum oracle_mem mem;
    uint64_t pa, first, last, l;
    bool store;

    if (!hw || qemu_plugin_hwaddr_is_io(hw)) {
        return;
    }
    pa = qemu_plugin_hwaddr_phys_addr(hw);
    type = qemu_plugin_hwaddr_mem_type(hw);
    store = qemu_plugin_mem_is_store(info);
    first = pa >> line_shift;
    last = (pa + (1u << qemu_plugin_mem_size_shift(info)) - 1) >> line_shift;

    g_mutex_lock(&lock);
    n_accesses++;
    if (!to_oracle_mem(type, &mem)) {
        n_unknown++;
    } else {
        for (l = first; l <= last; l++) {
            access_line(l, store ? ACC_WRITE : ACC_READ, mem, vcpu,
                        (uintptr_t)udata);
        }
    }
    g_mutex_unlock(&lock);
}

static void on_cache_op(qemu_plugin_id_t id, unsigned int vcpu,
                        enum qemu_plugin_cache_op op, uint32_t flags,
                        uint64_t addr, uint64_t paddr, uint64_t len,
                        enum qemu_plugin_mem_type type)
{
    uint64_t pc = PC_UNREAD, l, first, last;

    g_mutex_lock(&lock);
    n_cacheops++;
    if (flags & QEMU_PLUGIN_CACHE_OP_SET_WAY) {
        /*
         * By set/way reaches one cache of one CPU, not an address: no
         * guarantee about the copies other caches or a system cache may
         * hold, so the model's worst case does not change.
         */
        n_setway++;
        g_mutex_unlock(&lock);
        return;
    }
    if (paddr == QEMU_PLUGIN_CACHE_OP_NO_PADDR) {
        n_untranslated++;
        g_mutex_unlock(&lock);
        return;
    }
    first = paddr >> line_shift;
    last = (paddr + (len ? len : 1) - 1) >> line_shift;
    for (l = first; l <= last; l++) {
        enum oracle_maint m;
        enum event ev;
        uint64_t idx;
        struct chunk *ch;
        uint8_t st;

        if (op == QEMU_PLUGIN_CACHE_OP_ZERO) {
            /* A store of zeros over whole lines, not seen as memory ops. */
            enum oracle_mem mem;

            if (to_oracle_mem(type, &mem)) {
                access_line(l, ACC_WRITE_LINE, mem, vcpu, pc);
            } else {
                n_unknown++;
            }
            continue;
        }
        switch (op) {
        case QEMU_PLUGIN_CACHE_OP_CLEAN:
            if (flags & QEMU_PLUGIN_CACHE_OP_TO_POU) {
                m = OP_CLEAN_POU, ev = EV_CLEAN_POU;
            } else {
                m = OP_CLEAN, ev = EV_CLEAN;
            }
            break;
        case QEMU_PLUGIN_CACHE_OP_INVALIDATE:
            m = OP_INVAL, ev = EV_INVAL;
            break;
        case QEMU_PLUGIN_CACHE_OP_CLEAN_INVALIDATE:
            m = OP_CLEAN_INVAL, ev = EV_CLEAN_INVAL;
            break;
        default:
            continue;
        }
        ch = line_slot(l, &idx);
        if (!ch) {
            continue;
        }
        st = ch->state[idx] & LINE_STATE_MASK;
        oracle_maint(&st, m);
        set_state(ch, idx, l, ch->state[idx], st, ev, vcpu, pc);
    }
    g_mutex_unlock(&lock);
}

static void on_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);

        qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_R_REGS,
                                         QEMU_PLUGIN_MEM_RW,
                                         (void *)(uintptr_t)pc);
    }
}

static void on_vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    g_autoptr(GArray) regs = qemu_plugin_get_registers();
    struct vcpu_regs r = { 0 };

    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);

        if (!strcmp(d->name, "cpsr")) {
            r.cpsr = d->handle;
        } else if (!strcmp(d->name, "pc")) {
            r.pc = d->handle;
        } else if (!strcmp(d->name, "VTTBR_EL2")) {
            r.vttbr = d->handle;
        }
    }
    g_mutex_lock(&lock);
    if (vcpu >= vcpu_regs->len) {
        g_array_set_size(vcpu_regs, vcpu + 1);
    }
    g_array_index(vcpu_regs, struct vcpu_regs, vcpu) = r;
    g_mutex_unlock(&lock);
}

static void on_atexit(qemu_plugin_id_t id, void *p)
{
    g_mutex_lock(&lock);
    out("cache-oracle: verdict: stale-read=%" PRIu64 " hidden-dirty=%" PRIu64
        " lost-write=%" PRIu64 " stale-merge=%" PRIu64 " (%s)\n",
        counts[KIND_STALE_READ], counts[KIND_HIDDEN_DIRTY],
        counts[KIND_LOST_WRITE], counts[KIND_STALE_MERGE],
        counts[KIND_STALE_READ] + counts[KIND_HIDDEN_DIRTY] +
        counts[KIND_LOST_WRITE] + counts[KIND_STALE_MERGE] ?
        "FLAGGED" : "clean");
    /* Per context, those with anything to report, before the "seen"
     * line (the last line of a run). */
    for (unsigned c = 0; c < CTX_COUNT; c++) {
        uint64_t *k = ctx_counts[c];
        char cname[16];

        if (!(k[KIND_STALE_READ] + k[KIND_HIDDEN_DIRTY] +
              k[KIND_LOST_WRITE] + k[KIND_STALE_MERGE])) {
            continue;
        }
        ctx_name(c, cname, sizeof(cname));
        out("cache-oracle: verdict %s: stale-read=%" PRIu64
            " hidden-dirty=%" PRIu64 " lost-write=%" PRIu64
            " stale-merge=%" PRIu64 "\n", cname, k[KIND_STALE_READ],
            k[KIND_HIDDEN_DIRTY], k[KIND_LOST_WRITE], k[KIND_STALE_MERGE]);
    }
    out("cache-oracle: seen: %" PRIu64 " data accesses, %" PRIu64
        " lines, %" PRIu64 " cache ops (%" PRIu64 " by set/way, %" PRIu64
        " untranslated), %" PRIu64 " accesses of unknown memory type\n",
        n_accesses, n_lines, n_cacheops, n_setway, n_untranslated,
        n_unknown);
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
    g_mutex_unlock(&lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        const char *val = eq ? eq + 1 : "";
        size_t klen = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);

        if (klen == 3 && !strncmp(argv[i], "log", 3) && *val) {
            log_file = fopen(val, "w");
            if (!log_file) {
                fprintf(stderr, "cache-oracle: cannot open %s\n", val);
                return -1;
            }
        } else if (klen == 7 && !strncmp(argv[i], "reports", 7) && *val) {
            max_reports = strtoul(val, NULL, 0);
        } else if (klen == 4 && !strncmp(argv[i], "line", 4) && *val) {
            unsigned long n = strtoul(val, NULL, 0);

            if (n < 16 || n > 4096 || (n & (n - 1))) {
                fprintf(stderr, "cache-oracle: line=%s: a power of two"
                        " from 16 to 4096\n", val);
                return -1;
            }
            line_shift = __builtin_ctzl(n);
        } else {
            fprintf(stderr, "cache-oracle: unknown argument '%s'"
                    " (log=FILE, reports=N, line=N)\n", argv[i]);
            return -1;
        }
    }
    if (!info->system_emulation) {
        fprintf(stderr, "cache-oracle: needs system emulation\n");
        return -1;
    }
    lines_per_chunk = 1ull << (CHUNK_SHIFT - line_shift);
    chunks = g_new0(struct chunk, 1ull << (MAX_PA_BITS - CHUNK_SHIFT));
    hist = g_new0(struct hist, HIST_SIZE);
    vcpu_regs = g_array_new(FALSE, TRUE, sizeof(struct vcpu_regs));

    qemu_plugin_register_vcpu_init_cb(id, on_vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
    qemu_plugin_register_vcpu_cache_op_cb(id, on_cache_op);
    qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
    return 0;
}

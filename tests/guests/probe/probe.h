/* SPDX-License-Identifier: MIT */
/*
 * The probe guest: shared declarations.
 *
 * Everything is hidden so that -fpie code reaches globals with adrp/add
 * (PC-relative) instead of through a GOT the probe would have to relocate:
 * the image runs wherever the loader put it, unrelocated.
 */
#ifndef PROBE__PROBE_H
#define PROBE__PROBE_H

#pragma GCC visibility push(hidden)

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t  u8;
typedef unsigned long ureg;             /* a general register: 32 or 64 bits */

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)  (((x) + (a) - 1) & ~((u64)(a) - 1))
#define SZ_2M           0x200000ull
#define noreturn        __attribute__((noreturn))

/*
 * Physical addresses are u64 everywhere (DTB cells, initrd bounds) and
 * the probe runs identity-mapped, so an address is a pointer once it is
 * known to be below ADDR_LIMIT.  These two casts are the only place the
 * pointer width shows.
 */
static inline u64 to_addr(const volatile void *p)
{
    return (uintptr_t)p;
}

static inline void *to_ptr(u64 a)
{
    return (void *)(uintptr_t)a;
}

/* Is [start, end) reachable through a pointer?  Always true on arm64. */
static inline int addr_reachable(u64 start, u64 end)
{
    return start <= end && (end == 0 || end - 1 <= (u64)UINTPTR_MAX);
}

/* ---- linker symbols (probe.lds) ---- */
extern char _text[], _etext[], _edata[], __bss_start[], __bss_end[], _end[];
extern char _stack_top[];

/* ---- lib.c ---- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int str_has_prefix(const char *s, const char *prefix);
int parse_u64(const char *s, size_t len, u64 *out);
int parse_size(const char *s, size_t len, u64 *out);
u32 be32(const void *p);
u64 be64(const void *p);
u64 le64(const void *p);

/* ---- console.c ---- */
enum console_kind { CONSOLE_NONE, CONSOLE_PL011, CONSOLE_XEN };
void console_use_pl011(u64 base);
void console_use_xen(void *ring, u32 evtchn);
enum console_kind console_kind(void);
void console_putc(char c);
void console_flush(void);
void console_ring_range(u64 *start, u64 *end);
void vpr(const char *fmt, va_list ap);
void pr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- dtb.c ---- */
#define DTB_MAX_BANKS   8
#define DTB_MAX_RSV     8
#define DTB_MAX_CPUS    8
struct mem_range { u64 start, end; };   /* [start, end) */

/* A /cpus/cpu@N node: its reg (MPIDR affinity bits) and enable-method. */
struct dtb_cpu {
    u64         mpidr;
    int         psci;           /* enable-method is "psci" */
};

struct dtb_info {
    int         valid;          /* full validation passed */
    char        error[96];      /* first problem found, if !valid */
    u64         dtb_start;
    u64         totalsize;
    const char *bootargs;
    int         has_initrd;
    u64         initrd_start, initrd_end;
    int         xen;            /* /hypervisor compatible "xen,xen" */
    int         psci;           /* 0 none, 1 hvc, 2 smc */
    u64         uart_base;      /* 0 if none found */
    char        uart_path[64];
    int         uart_from_stdout_path;
    int         nbanks;
    struct mem_range bank[DTB_MAX_BANKS];
    int         nrsv;
    struct mem_range rsv[DTB_MAX_RSV];
    int         ncpus;          /* okay cpu nodes (first DTB_MAX_CPUS) */
    struct dtb_cpu cpu[DTB_MAX_CPUS];
};
/* Validate the blob at dtb and fill info; tolerant: a corrupt blob still
 * yields whatever was found before the corruption (console, shutdown). */
void dtb_scan(const void *dtb, struct dtb_info *info);

/* ---- checks.c ---- */
void check_ok(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void check_fail(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void check_skip(const char *name, const char *why);
const char *checks_first_failure(void);
int image_verify(u64 *digest_out, u64 *want_out);
int initrd_verify(u64 start, u64 end, char *why, size_t whylen);

/* ---- options.c ---- */
struct probe_opts {
    u64 setway_rounds;
    u64 touch_bytes;
    u64 mmu_nocache_writes;
    int guestinval;
    int smp;
    int nunknown;
    char unknown[160];
};
#define PROBE_SETWAY_MAX    4096
#define PROBE_MMU_NOCACHE_MAX 1000000
void options_parse(const char *bootargs, struct probe_opts *o);

/* ---- mmu.c ---- */
int mmu_build(const struct dtb_info *info, char *why, size_t whylen);
void mmu_turn_on(int invalidate_extra, u64 extra_start, u64 extra_end);
void mmu_turn_off(u64 buf, u64 len);
void mmu_turn_on_nocache(void);

/* ---- bootproto.c ---- */
int bootproto_find_scratch(const struct dtb_info *info, u64 need, u64 *base);
void bootproto_run(const struct dtb_info *info, const struct probe_opts *o,
                   u64 scratch);

/* ---- setway.c ---- */
u64 setway_clean_inval_all(void);
void setway_describe(void);

/* ---- smp.c ---- */
void smp_check(const struct dtb_info *info, u64 buf);
noreturn void secondary_main(ureg el, ureg sctlr, ureg context);

/* ---- main.c ---- */
u64 now_ms(void);

/* ---- power.c / xen.c ---- */
noreturn void power_off(const struct dtb_info *info, int pass);
int xen_console_setup(void);
noreturn void xen_shutdown(int pass);
void xen_console_notify(u32 evtchn);
void xen_yield(void);

/* ---- assembly, probe/<arch>/ (head.S, hypercall.S, cache.S) ---- */
long xen_hypercall(ureg a0, ureg a1, ureg a2, ureg a3, ureg a4, ureg nr);
ureg psci_call(ureg fid, int use_smc);
ureg psci_call3(ureg fid, ureg a1, ureg a2, ureg a3, int use_smc);
extern char secondary_entry[];          /* head.S (arm64 only) */
void dcache_civac_range(u64 start, u64 end);
void asm_mmu_enable(u64 ttbr0, u64 tcr, u64 mair, u64 sctlr_set);
struct clean_range { u64 start, end; };
void asm_mmu_disable(const struct clean_range *r, u64 n);
extern volatile ureg fault_skip;        /* head.S: skip a faulting insn */
extern volatile ureg fault_esr;

#define SCTLR_M     (1ull << 0)
#define SCTLR_C     (1ull << 2)
#define SCTLR_I     (1ull << 12)

#include "arch.h"                       /* probe/arm64/ or probe/arm32/ */

#endif /* PROBE__PROBE_H */

/* SPDX-License-Identifier: MIT */
/*
 * The probe's main line: check the bytes we were given, with the MMU and
 * caches off as a kernel's first instructions would, then run the boot-
 * protocol checks, print one line per check and a verdict, and shut down.
 */
#include "probe.h"
#include "pwh64.h"

/* QEMU virt's PL011: used only when the DTB is too broken to name a
 * console, so that the broken DTB can still be reported there. */
#define FALLBACK_PL011      0x09000000ull

static struct dtb_info info;
static struct probe_opts opts;

noreturn void probe_main(ureg dtb, ureg el, ureg sctlr_entry);
noreturn void probe_exception(ureg idx, ureg esr, ureg elr, ureg far);

u64 now_ms(void)
{
    u64 cnt, frq;

    arch_counter(&cnt, &frq);
    return frq ? cnt / (frq / 1000 ? frq / 1000 : 1) : 0;
}

static noreturn void finish(void)
{
    const char *first = checks_first_failure();

    if ( first )
        pr("PROBE: FAIL %s\n", first);
    else
        pr("PROBE: PASS\n");
    power_off(&info, !first);
}

void probe_exception(ureg idx, ureg esr, ureg elr, ureg far)
{
    static int nested;

    if ( nested++ )
        for ( ;; )
            asm volatile("wfi");
    if ( console_kind() == CONSOLE_NONE )
        console_use_pl011(FALLBACK_PL011);
    check_fail("exception", "vector %llu ESR 0x%llx ELR 0x%llx FAR 0x%llx",
               (unsigned long long)idx, (unsigned long long)esr,
               (unsigned long long)elr, (unsigned long long)far);
    finish();
}

static void choose_console(void)
{
    if ( info.uart_base )
        console_use_pl011(info.uart_base);
    else if ( info.xen && xen_console_setup() == 0 )
        ;
    else
        console_use_pl011(FALLBACK_PL011);
}

static void check_entry(ureg el, ureg sctlr)
{
    const char *how = el == 2 ? ARCH_ENTRY_EL2 : ARCH_ENTRY_EL1;
    const char *reg = el == 2 ? ARCH_SCTLR_EL2 : ARCH_SCTLR_EL1;

    if ( sctlr & (SCTLR_M | SCTLR_C) )
        check_fail("entry-state", "%s with MMU/D-cache on (%s 0x%llx)", how,
                   reg, (unsigned long long)sctlr);
    else
        check_ok("entry-state", "%s, MMU off, D-cache off (%s 0x%llx)", how,
                 reg, (unsigned long long)sctlr);
}

static int in_ram(u64 s, u64 e)
{
    int i;

    for ( i = 0; i < info.nbanks; i++ )
        if ( s >= info.bank[i].start && e <= info.bank[i].end )
            return 1;
    return 0;
}

/*
 * The loader must keep the modules clear of the image and its BSS
 * (image_size: what a kernel clears at boot).  Stock Xen ignores
 * image_size and rounds the file's end up to 2 MiB; the big-BSS build
 * catches a loader that does.
 */
static void check_layout(void)
{
    u64 s = to_addr(_text), e = to_addr(_end);
    const char *what = NULL;
    u64 bs = 0, be = 0;

    if ( info.has_initrd && info.initrd_start < e && s < info.initrd_end )
        what = "initrd", bs = info.initrd_start, be = info.initrd_end;
    else if ( info.dtb_start < e && s < info.dtb_start + info.totalsize )
        what = "DTB", bs = info.dtb_start, be = info.dtb_start + info.totalsize;
    if ( what )
        check_fail("layout", "%s at 0x%llx-0x%llx inside the image and its "
                   "BSS, 0x%llx-0x%llx", what, (unsigned long long)bs,
                   (unsigned long long)be, (unsigned long long)s,
                   (unsigned long long)e);
    else
        check_ok("layout", "image and BSS 0x%llx-0x%llx clear of the DTB and "
                 "initrd", (unsigned long long)s, (unsigned long long)e);
}

static void check_initrd(void)
{
    u64 t0, t1, len = info.initrd_end - info.initrd_start;
    char why[64];

    if ( !info.has_initrd )
    {
        check_skip("initrd", "no linux,initrd-start/end in /chosen");
        return;
    }
    pr("PROBE: initrd at 0x%llx-0x%llx (%llu bytes)\n",
       (unsigned long long)info.initrd_start,
       (unsigned long long)info.initrd_end, (unsigned long long)len);
    if ( info.initrd_end < info.initrd_start ||
         !in_ram(info.initrd_start, info.initrd_end) ||
         !addr_reachable(info.initrd_start, info.initrd_end) )
    {
        check_fail("initrd", "range not inside a /memory bank%s",
                   addr_reachable(info.initrd_start, info.initrd_end) ? "" :
                   " below 4 GiB");
        info.has_initrd = 0;    /* never touch it again */
        return;
    }
    t0 = now_ms();
    if ( initrd_verify(info.initrd_start, info.initrd_end, why, sizeof(why)) )
        check_fail("initrd", "%s", why);
    else
    {
        t1 = now_ms();
        check_ok("initrd", "%llu bytes, pwh64 %016llx, %llu ms",
                 (unsigned long long)len,
                 (unsigned long long)le64(to_ptr(info.initrd_start + 32)),
                 (unsigned long long)(t1 - t0));
    }
}

void probe_main(ureg dtb, ureg el, ureg sctlr_entry)
{
    u64 digest, want, need, scratch;
    int img_bad;
    char why[64];

    /* First, before anything could disturb them: our own bytes. */
    img_bad = image_verify(&digest, &want);
    dtb_scan((const void *)dtb, &info);
    choose_console();

    pr("\nPROBE: " ARCH_NAME " probe guest, image at 0x%llx, %llu bytes + "
       "%llu BSS\n", (unsigned long long)to_addr(_text),
       (unsigned long long)(_edata - _text),
       (unsigned long long)(_end - _edata));
    pr("PROBE: console %s%s%s, DTB at 0x%llx, %s\n",
       console_kind() == CONSOLE_XEN ? "Xen PV ring" : "PL011 at ",
       console_kind() == CONSOLE_XEN ? "" : info.uart_path[0] ?
           info.uart_path : "0x09000000 (fallback)",
       info.uart_from_stdout_path ? " (stdout-path)" : "",
       (unsigned long long)dtb, info.xen ? "under Xen" : "no hypervisor node");

    check_entry(el, sctlr_entry);
    if ( img_bad )
        check_fail("image", "digest %016llx, want %016llx",
                   (unsigned long long)digest, (unsigned long long)want);
    else
        check_ok("image", "pwh64 %016llx", (unsigned long long)digest);

    if ( !info.valid )
    {
        check_fail("dtb", "%s", info.error);
        check_skip("initrd", "DTB invalid");
        check_skip("boot-protocol", "DTB invalid");
        finish();
    }
    check_ok("dtb", "%llu bytes, %d memory bank(s), %d reserved",
             (unsigned long long)info.totalsize, info.nbanks, info.nrsv);

    pr("PROBE: bootargs \"%s\"\n", info.bootargs ? info.bootargs : "");
    options_parse(info.bootargs, &opts);
    if ( opts.nunknown )
        check_fail("options", "unknown or malformed: %s", opts.unknown);
    else
        check_ok("options", "setway=%llu touch=%lluM guestinval=%d "
                 "mmu_nocache=%llu smp=%d",
                 (unsigned long long)opts.setway_rounds,
                 (unsigned long long)(opts.touch_bytes >> 20),
                 opts.guestinval,
                 (unsigned long long)opts.mmu_nocache_writes, opts.smp);

    check_layout();
    check_initrd();

    need = SZ_2M + opts.touch_bytes;
    if ( bootproto_find_scratch(&info, need, &scratch) )
    {
        check_fail("memory", "no free %llu MiB outside the loaded blobs",
                   (unsigned long long)(need >> 20));
        finish();
    }
    if ( mmu_build(&info, why, sizeof(why)) )
    {
        check_fail("mmu", "%s", why);
        finish();
    }
    /* Before the boot CPU's own first cache enable: both vCPUs then
     * start from reset with caches off (docs/probe-guest.md). */
    if ( opts.smp )
        smp_check(&info, scratch);
    bootproto_run(&info, &opts, scratch);
    finish();
}

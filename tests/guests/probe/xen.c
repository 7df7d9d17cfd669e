/* SPDX-License-Identifier: MIT */
/*
 * Xen: PV console setup, event notification, shutdown.  ABI numbers from
 * xen/include/public (xen.h, sched.h, event_channel.h, hvm/hvm_op.h,
 * hvm/params.h, io/console.h) of Xen 4.17.  HYPERVISOR_console_io is not
 * used: release builds refuse it from a domU.
 */
#include "probe.h"

#define __HYPERVISOR_sched_op           29
#define __HYPERVISOR_event_channel_op   32
#define __HYPERVISOR_hvm_op             34

#define SCHEDOP_yield                   0
#define SCHEDOP_shutdown                2
#define SHUTDOWN_poweroff               0
#define SHUTDOWN_crash                  3
#define EVTCHNOP_send                   4
#define HVMOP_get_param                 1
#define HVM_PARAM_CONSOLE_PFN           17
#define HVM_PARAM_CONSOLE_EVTCHN        18
#define DOMID_SELF                      0x7ff0

struct xen_hvm_param {
    u16 domid;
    u16 pad;
    u32 index;
    u64 value;
};

/*
 * Hypercall arguments are read and written by Xen through its cacheable
 * mappings, while with our MMU off we access them uncached: clean+
 * invalidate around them so neither side reads a stale line.
 */
static void arg_sync(void *p, size_t n)
{
    asm volatile("dsb sy" ::: "memory");
    dcache_civac_range(to_addr(p), to_addr(p) + n);
}

static long hvm_get_param(u32 index, u64 *value)
{
    static struct xen_hvm_param a __attribute__((aligned(64)));
    long rc;

    arg_sync(&a, sizeof(a));
    a.domid = DOMID_SELF;
    a.pad = 0;
    a.index = index;
    a.value = 0;
    arg_sync(&a, sizeof(a));
    rc = xen_hypercall(HVMOP_get_param, (ureg)&a, 0, 0, 0,
                       __HYPERVISOR_hvm_op);
    arg_sync(&a, sizeof(a));
    *value = a.value;
    return rc;
}

int xen_console_setup(void)
{
    u64 pfn, evtchn;

    if ( hvm_get_param(HVM_PARAM_CONSOLE_PFN, &pfn) || !pfn ||
         hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn) )
        return -1;
    console_use_xen(to_ptr(pfn << 12), (u32)evtchn);
    return 0;
}

void xen_console_notify(u32 port)
{
    static u32 send __attribute__((aligned(64)));

    arg_sync(&send, sizeof(send));
    send = port;
    arg_sync(&send, sizeof(send));
    xen_hypercall(EVTCHNOP_send, (ureg)&send, 0, 0, 0,
                  __HYPERVISOR_event_channel_op);
}

void xen_yield(void)
{
    xen_hypercall(SCHEDOP_yield, 0, 0, 0, 0, __HYPERVISOR_sched_op);
}

noreturn void xen_shutdown(int pass)
{
    static u32 reason __attribute__((aligned(64)));

    arg_sync(&reason, sizeof(reason));
    reason = pass ? SHUTDOWN_poweroff : SHUTDOWN_crash;
    arg_sync(&reason, sizeof(reason));
    for ( ;; )
    {
        xen_hypercall(SCHEDOP_shutdown, (ureg)&reason, 0, 0, 0,
                      __HYPERVISOR_sched_op);
        asm volatile("wfi");
    }
}

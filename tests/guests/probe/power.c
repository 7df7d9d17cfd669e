/* SPDX-License-Identifier: MIT */
/*
 * Shutting down after the verdict: SCHEDOP_shutdown under Xen, PSCI
 * SYSTEM_OFF through the DTB's /psci method otherwise.  Without a usable
 * DTB the conduit is unknown: try HVC then SMC with fault_skip set, so an
 * UNDEFINED conduit is stepped over instead of killing the report.
 */
#include "probe.h"

#define PSCI_SYSTEM_OFF     0x84000008ull

static void try_conduit(int smc)
{
    fault_skip = 1;
    psci_call(PSCI_SYSTEM_OFF, smc);
    fault_skip = 0;
}

noreturn void power_off(const struct dtb_info *info, int pass)
{
    console_flush();
    if ( info->xen )
        xen_shutdown(pass);
    if ( info->psci )
        psci_call(PSCI_SYSTEM_OFF, info->psci == 2);
    else
    {
        try_conduit(0);
        try_conduit(1);
    }
    pr("PROBE: power off failed, halting\n");
    for ( ;; )
        asm volatile("wfi");
}

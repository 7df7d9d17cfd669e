/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * abi_parms: our copy of Xen 4.17's struct elf_dom_parms (xg_compat.h)
 * puts virt_base/virt_entry where the installed libxenguest reads them
 * (xc_dom_virt_base/xc_dom_virt_entry only dereference dom->parms).  The
 * mirror stops at virt_entry, so nothing past it is read here.
 */
#include <string.h>

#include "tests.h"
#include "xg_compat.h"

int main(void)
{
    struct xu_elf_dom_parms_417 parms;
    struct xc_dom_image dom;

    memset(&parms, 0, sizeof(parms));
    memset(&dom, 0, sizeof(dom));
    dom.parms = (struct elf_dom_parms *)&parms;
    parms.virt_base = UINT64_C(0x1111222233334444);
    parms.virt_entry = UINT64_C(0x5555666677778888);

    EXPECT_EQ(xc_dom_virt_base(&dom), parms.virt_base);
    EXPECT_EQ(xc_dom_virt_entry(&dom), parms.virt_entry);
    /* guest_os sits right after the notes array. */
    strcpy(parms.guest_os, "linux");
    if ( strcmp(xc_dom_guest_os(&dom), "linux") )
        FAIL("guest_os offset differs from libxenguest's");
    PASS();
}

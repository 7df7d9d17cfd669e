/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_check.c: does the libxenguest loaded in this process lay out the
 * private structures xg_compat.h mirrors as the mirror does?  Checked by
 * writing through the mirror and reading back through libxenguest's own
 * code, once, before any domain is built.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "xenuncached.h"
#include "xg_compat.h"

/* Markers no real guest has: "XUbase" and "XUntry" in the top bytes. */
#define MARK_BASE_ UINT64_C(0x5855626173650001)
#define MARK_ENTRY_ UINT64_C(0x58556e7472790002)

int xu_dom_compat_check(char *why, size_t len)
{
    /* Room for any later, larger struct elf_dom_parms of the target's. */
    union {
        struct xu_elf_dom_parms_417 mirror;
        uint64_t room[1024];
    } parms;
    struct xc_dom_image dom;
    uint64_t base, entry;

    memset(&dom, 0, sizeof(dom));
    memset(&parms, 0, sizeof(parms));
    dom.parms = (void *)&parms;
    xu_parms_(&dom)->virt_base = MARK_BASE_;
    xu_parms_(&dom)->virt_entry = MARK_ENTRY_;
    base = xc_dom_virt_base(&dom);
    entry = xc_dom_virt_entry(&dom);
    if ( base != MARK_BASE_ || entry != MARK_ENTRY_ )
    {
        snprintf(why, len, "struct elf_dom_parms differs from the mirror in "
                 "xg_compat.h: virt_base/virt_entry written at offsets "
                 "%#zx/%#zx, this host's libxenguest read %#"PRIx64"/%#"
                 PRIx64, offsetof(struct xu_elf_dom_parms_417, virt_base),
                 offsetof(struct xu_elf_dom_parms_417, virt_entry), base,
                 entry);
        return -1;
    }

    /* libxenguest links each registered loader in through its next. */
    xu_dom_register_loaders();
    if ( !xu_dom_loaders_linked_() )
    {
        snprintf(why, len, "struct xc_dom_loader differs from the mirror in "
                 "xg_compat.h: this host's xc_dom_register_loader() did not "
                 "link the loaders through next (offset %#zx)",
                 offsetof(struct xc_dom_loader, next));
        return -1;
    }
    return 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */

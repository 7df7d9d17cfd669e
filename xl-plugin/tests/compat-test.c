/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * compat-test.c: xu_dom_compat_check() against the build machine's own
 * libxenguest (it must pass), and, built with -DSKEW, with an
 * xc_dom_virt_base() that reads a different field, as a libxenguest
 * whose struct elf_dom_parms moved would (it must refuse).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <xenctrl.h>
#include <xenguest.h>

#include "xenuncached.h"

#ifdef SKEW
/* Ahead of libxenguest's in the lookup order: libxc/ calls this one. */
uint64_t xc_dom_virt_base(struct xc_dom_image *dom)
{
    return ((uint64_t *)dom->parms)[1];
}
#endif

int main(void)
{
    char why[512] = "";
    int rc = xu_dom_compat_check(why, sizeof(why));

    printf("  compat check: %d %s\n", rc, why);
#ifdef SKEW
    return !(rc == -1 && strstr(why, "struct elf_dom_parms differs"));
#else
    return rc != 0;
#endif
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

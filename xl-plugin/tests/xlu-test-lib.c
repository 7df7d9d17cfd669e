/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xlu-test-lib: the plugin's config hooks (xlu-hook.c, config.c) on this
 * machine's libxlutil, with the plugin's load-time checks: linked ahead of
 * libxlutil, as the plugin is, into tests/xlu-test.c.  XLU_TEST_INACTIVE
 * skips the checks, as the plugin does outside libxl programs: the hooks
 * must then leave libxlutil's behaviour alone.
 */
#include <stdio.h>
#include <stdlib.h>

#include "plugin.h"

void xu_test_settings(enum xu_write_mode *mode, int *verify);

void xu_test_settings(enum xu_write_mode *mode, int *verify)
{
    xu_plugin_choice(mode, verify);
}

static void __attribute__((constructor)) xu_test_init(void)
{
    struct xu_hook hooks[XU_HOOKS_MAX];
    unsigned int nr = xu_xlu_hooks(hooks, XU_HOOKS_MAX);
    char why[512];

    /* As in a program the plugin does not act in: no check at all. */
    if ( getenv("XLU_TEST_INACTIVE") )
        return;
    if ( xu_bind_check(hooks, nr, why, sizeof(why)) ||
         xu_xlu_resolve(why, sizeof(why)) )
    {
        fprintf(stderr, "xlu-test-lib: refusing to run: %s\n", why);
        exit(EXIT_FAILURE);
    }
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

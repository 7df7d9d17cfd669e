/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * vt-hook.c: the stand-in for the plugin in bind-test: xuvt_hook defined
 * under the version node VT_VERS (from the version script it is linked
 * with), as interpose.c defines its hooks, and the load-time check.
 */
#include <stddef.h>

#include "plugin.h"

int xuvt_check(char *why, size_t len);

static int hook_(void)
{
    return 2;
}
int xuvt_hook(void) __attribute__((alias("hook_")));

int xuvt_check(char *why, size_t len)
{
    static const struct xu_hook hooks[] = {
        { "xuvt_hook", VT_VERS, (void *)hook_, "libxuvt.so" },
    };

    return xu_bind_check(hooks, 1, why, len);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * bind-test.c: xu_bind_check() against a library that calls a versioned
 * function through its PLT (libxuvt.so) and a hook library defining it.
 * Built three ways (Makefile): the hook first with the right version (the
 * check passes and the hook is what the library calls), the hook first
 * with a wrong version, the hook after the library (both must fail, and
 * the library then calls its own function: the check is right to refuse).
 *   bind-test pass|badvers|order
 */
#include <stdio.h>
#include <string.h>

int xuvt_check(char *why, size_t len);
int xuvt_call(void);

int main(int argc, char **argv)
{
    const char *want = argc > 1 ? argv[1] : "";
    char why[512] = "";
    int rc = xuvt_check(why, sizeof(why));
    int called = xuvt_call();
    const char *expect = !strcmp(want, "badvers")
                         ? "libxuvt.so calls xuvt_hook@XUVT_2 but the plugin "
                           "hooks version XUVT_1"
                         : "libxuvt.so's call to xuvt_hook@XUVT_2 is bound "
                           "to libxuvt.so, not to the plugin";

    printf("  %s: check %d (%s), library calls the %s\n", want, rc, why,
           called == 2 ? "hook" : "original");
    if ( !strcmp(want, "pass") )
        return !(rc == 0 && called == 2);
    return !(rc == -1 && called == 1 && !strncmp(why, expect,
                                                  strlen(expect)));
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: LGPL-2.1-only */
/* strerror: every code has its own text; unknown codes are named so. */
#include <string.h>

#include "tests.h"

int main(void)
{
    int i, j;

    if ( strcmp(xu_strerror(0), "<no error>") )
        FAIL("0 -> %s", xu_strerror(0));
    for ( i = 1; i <= XU_ERR_MAX; i++ )
    {
        const char *s = xu_strerror(-i);

        if ( !s || s[0] == '<' || strncmp(s, "XU_ERR_", 7) )
            FAIL("code %d -> %s", i, s ? s : "(null)");
        if ( strcmp(s, xu_strerror(i)) )
            FAIL("code %d: -%d and %d differ", i, i, i);
        for ( j = 1; j < i; j++ )
            if ( !strcmp(s, xu_strerror(-j)) )
                FAIL("codes %d and %d share text %s", i, j, s);
    }
    if ( strcmp(xu_strerror(-(XU_ERR_MAX + 1)), "<unknown error>") ||
         strcmp(xu_strerror(-1000), "<unknown error>") ||
         strcmp(xu_strerror(-2147483647 - 1), "<unknown error>") )
        FAIL("unknown codes not reported as such");
    PASS();
}

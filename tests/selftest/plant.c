/* SPDX-License-Identifier: MIT */
/*
 * plant: the defects tests/selftest/run plants into a unit test's place.
 *   plant ok       exits 0 (the control)
 *   plant asan     reads one byte past a heap block (ASan must stop it)
 *   plant config   exits 77, "not configured" (a SKIP)
 *   plant refuse   prints the refusal config-check expects for bad.cfg,
 *                  then exits 1 leaking a block (LSan must catch it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *what = getenv("XU_PLANT");
    size_t n = (size_t)argc + 15;    /* not a constant: only ASan sees it */
    char *volatile p = malloc(n);
    int rc = 0;

    (void)argv;
    if ( !what )
        what = "ok";
    memset(p, 0, n);
    if ( !strcmp(what, "asan") )
        rc = p[n];
    else if ( !strcmp(what, "config") )
    {
        fprintf(stderr, "config: planted: not configured\n");
        rc = 77;
    }
    else if ( !strcmp(what, "refuse") )
    {
        fprintf(stderr, "bad.cfg:3: image_write = \"sometimes\" is not a "
                "valid value\n");
        p = NULL;    /* leaked */
        return 1;
    }
    free(p);
    return rc;
}

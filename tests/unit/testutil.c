/* SPDX-License-Identifier: LGPL-2.1-only */
#include <stdio.h>
#include <stdlib.h>

#include "tests.h"

void *load_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    void *buf;

    if ( !f )
        CONFIG("cannot open %s", path);
    if ( fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) )
        CONFIG("cannot size %s", path);
    buf = malloc(n ? n : 1);
    if ( !buf || fread(buf, 1, n, f) != (size_t)n )
        CONFIG("cannot read %s", path);
    fclose(f);
    *len = n;
    return buf;
}

/* SPDX-License-Identifier: MIT */
/*
 * preload-test: xu_preload_without() on LD_PRELOAD values naming a
 * stand-in plugin file by path, by a symlink, by bare name and among
 * other entries, with both separators ld.so accepts.
 *     preload-test DIR    (DIR holds libxenuncached-xl.so.1 and a
 *                          symlink to it, link.so; other.so exists)
 */
#include <stdio.h>
#include <string.h>

#include "plugin.h"

int main(int argc, char **argv)
{
    static const struct {
        const char *in, *out;   /* "@" is DIR */
        int removed;
    } cases[] = {
        { "@/libxenuncached-xl.so.1", "", 1 },
        { "@/libxenuncached-xl.so.1:@/other.so", "@/other.so", 1 },
        { "@/other.so @/libxenuncached-xl.so.1", "@/other.so", 1 },
        { "@/other.so:@/link.so:/lib/x.so", "@/other.so:/lib/x.so", 1 },
        { "libxenuncached-xl.so.1::@/other.so", "@/other.so", 1 },
        { "@/other.so", "@/other.so", 0 },
        { "/no/such/libxenuncached-xl.so.1",
          "/no/such/libxenuncached-xl.so.1", 0 },
        { "", "", 0 },
    };
    char in[1024], want[1024], out[1024], self[1024];
    unsigned int i;
    int rc = 0;

    if ( argc != 2 )
        return 2;
    snprintf(self, sizeof(self), "%s/libxenuncached-xl.so.1", argv[1]);
    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        const char *s;
        char *d;
        int n;

        for ( s = cases[i].in, d = in; *s; s++ )
            d += *s == '@' ? sprintf(d, "%s", argv[1]) : sprintf(d, "%c", *s);
        *d = '\0';
        for ( s = cases[i].out, d = want; *s; s++ )
            d += *s == '@' ? sprintf(d, "%s", argv[1]) : sprintf(d, "%c", *s);
        *d = '\0';
        n = xu_preload_without(in, self, out, sizeof(out));
        if ( n != cases[i].removed || strcmp(out, want) )
        {
            printf("  \"%s\": removed %d, left \"%s\" (wanted %d, \"%s\")\n",
                   in, n, out, cases[i].removed, want);
            rc = 1;
        }
    }
    /* Too long for the output: refused, not truncated. */
    if ( xu_preload_without("/a/b/c.so", self, out, 4) != -1 )
    {
        printf("  a short buffer was not refused\n");
        rc = 1;
    }
    return rc;
}

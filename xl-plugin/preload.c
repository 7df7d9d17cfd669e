/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * preload.c: keep the plugin to xl itself.
 *
 * `xu-xl` loads the plugin with LD_PRELOAD, which every process xl starts
 * would inherit: hotplug scripts, xenconsole, QEMU, the bootloader, each
 * then loading libxenguest and the plugin's constructor for nothing.  So
 * once the plugin is loaded into a libxl program, it takes itself out of
 * LD_PRELOAD, keeping whatever else the user preloaded.  (A process that
 * is not a libxl program, such as Debian's `xl` wrapper script on its way
 * to the real xl, leaves LD_PRELOAD alone: see plugin.c.)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plugin.h"

/* Whether the LD_PRELOAD entry @e (@n bytes) names the file @self. */
static bool is_self_(const char *e, size_t n, const char *self,
                     const struct stat *self_st)
{
    const char *base = strrchr(self, '/');
    char path[4096];
    struct stat st;

    base = base ? base + 1 : self;
    if ( n >= sizeof(path) )
        return false;
    memcpy(path, e, n);
    path[n] = '\0';
    /* A name without '/' is looked up in the library path: by name. */
    if ( !strchr(path, '/') )
        return !strcmp(path, base);
    return !stat(path, &st) && st.st_dev == self_st->st_dev &&
           st.st_ino == self_st->st_ino;
}

int xu_preload_without(const char *preload, const char *self, char *out,
                       size_t len)
{
    struct stat self_st;
    size_t o = 0;
    int removed = 0;
    const char *p = preload;

    if ( stat(self, &self_st) || strlen(preload) >= len )
        return -1;
    /* ld.so separates entries with ':' or ' ' (ld.so(8)). */
    while ( *p )
    {
        size_t n = strcspn(p, ": ");

        if ( n && is_self_(p, n, self, &self_st) )
            removed++;
        else if ( n )
        {
            if ( o )
                out[o++] = ':';
            memcpy(out + o, p, n);
            o += n;
        }
        p += n;
        if ( *p )
            p++;
    }
    out[o] = '\0';
    return removed;
}

int xu_preload_strip_self(void)
{
    const char *preload = getenv("LD_PRELOAD");
    Dl_info self;
    char *rest;
    size_t len;
    int n;

    if ( !preload || !*preload ||
         !dladdr((void *)xu_preload_strip_self, &self) || !self.dli_fname )
        return 0;
    len = strlen(preload) + 1;
    rest = malloc(len);
    if ( !rest )
        return -1;
    n = xu_preload_without(preload, self.dli_fname, rest, len);
    if ( n > 0 )
        n = *rest ? setenv("LD_PRELOAD", rest, 1) : unsetenv("LD_PRELOAD");
    free(rest);
    return n < 0 ? -1 : 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

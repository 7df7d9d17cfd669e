/* SPDX-License-Identifier: MIT */
/*
 * xlu-test: what xl's create does with a config, up to libxlutil, with
 * the plugin's config hooks linked ahead of libxlutil:
 *     xlu-test FILE [KEY=VALUE...]
 * reads FILE whole (/dev/null as empty), appends "\n" KEY=VALUE lines "\n"
 * (xl_vmcontrol.c create_domain), then xlu_cfg_init(stderr, FILE) and
 * xlu_cfg_readdata(), as xl_parse.c parse_config_data() does.  Prints the
 * write mode the hooks chose and "verify" if asked, or exits 1 after
 * "Failed to parse config: ..." as xl does.  XLU_TEST_FIRST=FILE2 parses
 * FILE2 first, as xl parses xl.conf before the domain's config.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "xenuncached.h"

void xu_test_settings(enum xu_write_mode *mode, int *verify);

static char *read_whole_(const char *file, size_t *len)
{
    char *data = NULL;
    FILE *f;
    long size;

    *len = 0;
    if ( !strcmp(file, "/dev/null") )
        return calloc(1, 1);
    f = fopen(file, "r");
    if ( !f )
        return NULL;
    if ( !fseek(f, 0, SEEK_END) && (size = ftell(f)) >= 0 &&
         !fseek(f, 0, SEEK_SET) && (data = malloc(size + 1)) &&
         fread(data, 1, size, f) == (size_t)size )
        *len = size;
    else
    {
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}

/* Parse FILE and the overrides as xl does; 0 or xl's exit status. */
static int parse_(const char *file, char **kv, int nkv)
{
    XLU_Config *cfg;
    size_t len, extra = 0;
    char *data = read_whole_(file, &len), *nd;
    int i, e;

    if ( !data )
    {
        fprintf(stderr, "Failed to read config file: %s\n", file);
        return 1;
    }
    for ( i = 0; i < nkv; i++ )
        extra += strlen(kv[i]) + 1;
    if ( extra )
    {
        nd = realloc(data, len + extra + 3);
        if ( !nd )
        {
            free(data);
            return 1;
        }
        data = nd;
        data[len++] = '\n';
        for ( i = 0; i < nkv; i++ )
            len += sprintf(data + len, "%s\n", kv[i]);
        data[len++] = '\n';
    }
    cfg = xlu_cfg_init(stderr, file);
    if ( !cfg )
    {
        free(data);
        return 1;
    }
    e = xlu_cfg_readdata(cfg, data, len);
    if ( e )
        fprintf(stderr, "Failed to parse config: %s\n", strerror(e));
    xlu_cfg_destroy(cfg);
    free(data);
    return e ? 1 : 0;
}

int main(int argc, char **argv)
{
    const char *first = getenv("XLU_TEST_FIRST");
    enum xu_write_mode mode;
    int verify;

    if ( argc < 2 )
    {
        fprintf(stderr, "usage: xlu-test FILE [KEY=VALUE...]\n");
        return 2;
    }
    if ( first && parse_(first, NULL, 0) )
        return 1;
    if ( parse_(argv[1], argv + 2, argc - 2) )
        return 1;
    xu_test_settings(&mode, &verify);
    printf("%s%s\n", xu_write_mode_name(mode), verify ? " verify" : "");
    return 0;
}

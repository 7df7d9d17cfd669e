/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * config.c: the image_write and image_verify keys, read from the same
 * config file that `xl create` reads, with xl's own parser (libxlutil), so
 * the file's syntax rules are exactly xl's.  Stock xl ignores keys it does
 * not know, which is what lets the keys live in the guest's config file.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "plugin.h"

int xu_plugin_parse_value(const char *value, enum xu_write_mode *mode)
{
    if ( !strcmp(value, "auto") )
        *mode = XU_WRITE_AUTO;
    else if ( !strcmp(value, "uncached") )
        *mode = XU_WRITE_NC;
    else if ( !strcmp(value, "cached") )
        *mode = XU_WRITE_CACHED_FLUSH;
    else
        return -1;
    return 0;
}

/* This process's argv, from /proc (constructors get no argv). */
static int read_cmdline_(char **buf, size_t *len)
{
    FILE *f = fopen("/proc/self/cmdline", "r");
    size_t cap = 4096, n = 0;
    char *b = NULL, *nb;

    if ( !f )
        return -1;
    for ( ;; )
    {
        nb = realloc(b, cap);
        if ( !nb )
            break;
        b = nb;
        n += fread(b + n, 1, cap - n, f);
        if ( n < cap )
        {
            fclose(f);
            *buf = b;
            *len = n;
            return 0;
        }
        cap *= 2;
    }
    free(b);
    fclose(f);
    return -1;
}

/*
 * Find the config file and the key=value overrides of `xl [xl-opts]
 * create [create-opts] [FILE] [KEY=VALUE...]`, as xl's main_create()
 * reads them: the file is -f FILE, --defconfig=FILE or the first
 * argument without '='.
 */
static int parse_create_args_(char **argv, int argc, const char **file,
                              int *first_kv)
{
    int i = 1;

    while ( i < argc && argv[i][0] == '-' )     /* xl's own options */
        i++;
    if ( i >= argc || strcmp(argv[i], "create") )
        return 1;
    *file = NULL;
    for ( i++; i < argc && argv[i][0] == '-'; i++ )
    {
        const char *a = argv[i], *f;

        if ( !strncmp(a, "--defconfig", 11) )
        {
            if ( a[11] == '=' )
                *file = a + 12;
            else if ( i + 1 < argc )
                *file = argv[++i];
            continue;
        }
        if ( a[1] == '-' )
            continue;   /* other long options take no argument */
        f = strchr(a + 1, 'f');
        if ( f )
            *file = f[1] ? f + 1 : (i + 1 < argc ? argv[++i] : NULL);
    }
    if ( !*file && i < argc && !strchr(argv[i], '=') )
        *file = argv[i++];
    *first_kv = i;
    return 0;
}

/* Line (1-based) of the last "KEY =" in @data, which is the setting
 * libxlutil returns; 0 if none.  Only for the error message. */
static int line_of_key_(const char *data, const char *key)
{
    int line = 1, found = 0;
    size_t klen = strlen(key);
    const char *p = data;

    while ( *p )
    {
        const char *q = p + strspn(p, " \t");

        if ( !strncmp(q, key, klen) && q[klen + strspn(q + klen, " \t")] == '=' )
            found = line;
        p = strchr(p, '\n');
        if ( !p )
            break;
        p++;
        line++;
    }
    return found;
}

/* "FILE:LINE: " of the setting of @key that libxlutil returned. */
static void where_(FILE *err, const char *file, const char *data,
                   int file_lines, const char *key)
{
    int line = line_of_key_(data, key);

    /* Lines past the file's own are the command-line overrides. */
    if ( line > file_lines )
        fprintf(err, "xl create command line: ");
    else
        fprintf(err, "%s:%d: ", file, line);
}

int xu_plugin_config_from_cmdline(struct xu_plugin_cfg *out, FILE *err)
{
    char *cmd = NULL, *data = NULL, **argv = NULL;
    const char *file = NULL, *value;
    size_t len, dlen = 0;
    int argc = 0, first_kv, i, rc = 1, file_lines = 0;
    XLU_Config *cfg = NULL;
    FILE *f = NULL;
    long verify;

    out->mode = XU_WRITE_AUTO;
    out->verify = 0;
    if ( read_cmdline_(&cmd, &len) )
        return 1;
    argv = calloc(len + 1, sizeof(*argv));
    if ( !argv )
        goto out;
    for ( i = 0; (size_t)i < len; i += strlen(cmd + i) + 1 )
        argv[argc++] = cmd + i;
    if ( parse_create_args_(argv, argc, &file, &first_kv) )
        goto out;
    /* An xl create: from here on, anything short of a bad value is auto
     * (a missing or unreadable file is xl's to report). */
    rc = 0;

    /* The file, then each KEY=VALUE on its own line, as xl does. */
    if ( file )
    {
        long size;

        f = fopen(file, "r");
        if ( !f )
            goto out;   /* xl itself will report the missing file */
        if ( fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
             fseek(f, 0, SEEK_SET) )
            goto out;
        data = malloc(size + 1);
        if ( !data || fread(data, 1, size, f) != (size_t)size )
            goto out;
        dlen = size;
        data[dlen] = '\0';
        for ( i = 0; (size_t)i < dlen; i++ )
            file_lines += data[i] == '\n';
        if ( dlen && data[dlen - 1] != '\n' )
            file_lines++;
    }
    for ( i = first_kv; i < argc; i++ )
    {
        size_t alen = strlen(argv[i]);
        char *nd = realloc(data, dlen + alen + 2);

        if ( !nd )
            goto out;
        data = nd;
        data[dlen++] = '\n';
        memcpy(data + dlen, argv[i], alen + 1);
        dlen += alen;
    }
    if ( !data )
        goto out;

    cfg = xlu_cfg_init(err, file ? file : "command line");
    /* Syntax errors: xl reports them itself. */
    if ( !cfg || xlu_cfg_readdata(cfg, data, dlen) )
        goto out;
    /* Unset: auto. */
    if ( !xlu_cfg_get_string(cfg, XU_CFG_KEY, &value, 1) &&
         xu_plugin_parse_value(value, &out->mode) )
    {
        where_(err, file, data, file_lines, XU_CFG_KEY);
        fprintf(err, XU_CFG_KEY " = \"%s\" is not a valid value "
                "(auto, uncached or cached)\n", value);
        rc = -1;
        goto out;
    }
    /* A number, as xl's own booleans; unset: 0. */
    switch ( xlu_cfg_get_long(cfg, XU_CFG_VERIFY_KEY, &verify, 1) )
    {
    case 0:
        if ( verify == 0 || verify == 1 )
        {
            out->verify = verify;
            break;
        }
        /* fall through */
    default:
        where_(err, file, data, file_lines, XU_CFG_VERIFY_KEY);
        fprintf(err, XU_CFG_VERIFY_KEY " must be 0 or 1\n");
        rc = -1;
        break;
    case ESRCH:
        break;
    }

 out:
    if ( cfg )
        xlu_cfg_destroy(cfg);
    if ( f )
        fclose(f);
    free(data);
    free(argv);
    free(cmd);
    return rc;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * config.c: the image_write and image_verify keys, read from the config
 * xl itself parsed (xlu-hook.c hands it over as libxlutil returns it), so
 * what counts is exactly what xl built the domain from: its command-line
 * forms, -f, /dev/stdin, /dev/null and KEY=VALUE overrides included.
 * Stock xl ignores keys it does not know, which is what lets the keys live
 * in the guest's config file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxlutil.h>

#include "plugin.h"

size_t xu_cfg_file_len(const char *source, size_t len)
{
    struct stat st;

    /* Not a file (xl's "<saved>", "<updated>"): all of it is the config. */
    if ( stat(source, &st) )
        return len;
    /* xl reads a regular file whole, and /dev/null as empty. */
    if ( S_ISREG(st.st_mode) && (uint64_t)st.st_size <= len )
        return st.st_size;
    return S_ISREG(st.st_mode) ? len : 0;
}

/*
 * Line (1-based) of the last "KEY =" at the start of a line of @t's
 * data, which is the setting libxlutil returns; 0 if none.  Only for the
 * error message.
 */
static unsigned int line_of_key_(const struct xu_cfg_text *t,
                                 const char *key, size_t *at)
{
    size_t klen = strlen(key), i = 0, q;
    unsigned int line = 1, found = 0;

    while ( i < t->len )
    {
        for ( q = i; q < t->len && (t->data[q] == ' ' || t->data[q] == '\t');
              q++ )
            ;
        if ( t->len - q > klen && !memcmp(t->data + q, key, klen) )
        {
            for ( q += klen; q < t->len && (t->data[q] == ' ' ||
                                            t->data[q] == '\t'); q++ )
                ;
            if ( q < t->len && t->data[q] == '=' )
            {
                found = line;
                *at = i;
            }
        }
        while ( i < t->len && t->data[i] != '\n' )
            i++;
        i++;
        line++;
    }
    return found;
}

/* "SOURCE:LINE: " of the setting of @key that libxlutil returned. */
static void where_(FILE *err, const struct xu_cfg_text *t, const char *key)
{
    size_t at = 0;
    unsigned int line = line_of_key_(t, key, &at);

    /* Past the file's own text: one of xl's KEY=VALUE overrides. */
    if ( line && at >= t->file_len )
        fprintf(err, "xl create command line: ");
    else if ( line )
        fprintf(err, "%s:%u: ", t->source, line);
    else
        fprintf(err, "%s: ", t->source);
}

int xu_plugin_config_read(XLU_Config *cfg, const struct xu_cfg_text *text,
                          struct xu_plugin_cfg *out, FILE *err)
{
    const char *value;
    long verify;

    out->mode = XU_WRITE_AUTO;
    out->verify = 0;
    /* Unset: auto. */
    if ( !xlu_cfg_get_string(cfg, XU_CFG_KEY, &value, 1) &&
         xu_write_mode_parse(value, &out->mode) )
    {
        where_(err, text, XU_CFG_KEY);
        fprintf(err, XU_CFG_KEY " = \"%s\" is not a valid value ("
                XU_WRITE_MODE_NAMES ")\n", value);
        return -1;
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
        where_(err, text, XU_CFG_VERIFY_KEY);
        fprintf(err, XU_CFG_VERIFY_KEY " must be 0 or 1\n");
        return -1;
    case ESRCH:
        break;
    }
    return 0;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: MIT */
/*
 * probe.* options from /chosen/bootargs.  Anything else on the command
 * line (console=..., earlycon...) belongs to other guests and is ignored;
 * an unknown or malformed probe.* option is collected and reported as a
 * failed check, because a mistyped option means a test silently did not
 * run what its author asked for.
 */
#include "probe.h"

static void add_unknown(struct probe_opts *o, const char *s, size_t len)
{
    size_t have = strlen(o->unknown);

    o->nunknown++;
    if ( have + len + 2 >= sizeof(o->unknown) )
        return;
    if ( have )
        o->unknown[have++] = ' ';
    memcpy(o->unknown + have, s, len);
    o->unknown[have + len] = '\0';
}

static int opt_value(const char *tok, size_t len, const char *key,
                     const char **val, size_t *vlen)
{
    size_t klen = strlen(key);

    if ( len <= klen + 1 || strncmp(tok, key, klen) || tok[klen] != '=' )
        return 0;
    *val = tok + klen + 1;
    *vlen = len - klen - 1;
    return 1;
}

static void one(struct probe_opts *o, const char *tok, size_t len)
{
    const char *v;
    size_t vl;
    u64 n;

    if ( opt_value(tok, len, "probe.setway", &v, &vl) )
    {
        if ( parse_u64(v, vl, &n) || n == 0 || n > PROBE_SETWAY_MAX )
            add_unknown(o, tok, len);
        else
            o->setway_rounds = n;
    }
    else if ( opt_value(tok, len, "probe.touch", &v, &vl) )
    {
        if ( parse_size(v, vl, &n) || n == 0 )
            add_unknown(o, tok, len);
        else
            o->touch_bytes = ALIGN_UP(n, 4096);
    }
    else if ( opt_value(tok, len, "probe.mmu_nocache", &v, &vl) )
    {
        if ( parse_u64(v, vl, &n) || n == 0 || n > PROBE_MMU_NOCACHE_MAX )
            add_unknown(o, tok, len);
        else
            o->mmu_nocache_writes = n;
    }
    else if ( opt_value(tok, len, "probe.smp", &v, &vl) )
    {
        if ( parse_u64(v, vl, &n) || n > 1 )
            add_unknown(o, tok, len);
        else
            o->smp = (int)n;
    }
    else if ( opt_value(tok, len, "probe.guestinval", &v, &vl) )
    {
        if ( parse_u64(v, vl, &n) || n > 1 )
            add_unknown(o, tok, len);
        else
            o->guestinval = (int)n;
    }
    else
        add_unknown(o, tok, len);
}

void options_parse(const char *args, struct probe_opts *o)
{
    memset(o, 0, sizeof(*o));
    while ( args && *args )
    {
        size_t len = 0;

        while ( *args == ' ' || *args == '\t' || *args == '\n' )
            args++;
        while ( args[len] && args[len] != ' ' && args[len] != '\t' &&
                args[len] != '\n' )
            len++;
        if ( len > 6 && !strncmp(args, "probe.", 6) )
            one(o, args, len);
        args += len;
    }
}

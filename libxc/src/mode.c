/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * mode.c: choice of the write mode (BRIEF section 2: with FEAT_S2FWB plain
 * cached writes are right and NC would be wrong; without it NC mappings
 * avoid the flush-then-unmap race; stock cached+flush always works).
 */
#include <string.h>

#include "xenuncached.h"

static const char *const mode_names[] = {
    [XU_WRITE_AUTO] = "auto",
    [XU_WRITE_NC] = "nc",
    [XU_WRITE_FWB_CACHED] = "fwb",
    [XU_WRITE_CACHED_FLUSH] = "cached+flush",
};

#define NR_MODES (sizeof(mode_names) / sizeof(mode_names[0]))

/* What a guest config says (image_write = "uncached"): the same modes. */
static const struct {
    const char *name;
    enum xu_write_mode mode;
} mode_aliases[] = {
    { "uncached", XU_WRITE_NC },
    { "cached", XU_WRITE_CACHED_FLUSH },
};

enum xu_write_mode xu_write_mode_select(enum xu_write_mode requested,
                                        int have_nc, int have_fwb)
{
    switch ( requested )
    {
    case XU_WRITE_NC:
        return have_nc ? XU_WRITE_NC : XU_WRITE_CACHED_FLUSH;
    case XU_WRITE_FWB_CACHED:
        return have_fwb ? XU_WRITE_FWB_CACHED : XU_WRITE_CACHED_FLUSH;
    case XU_WRITE_CACHED_FLUSH:
        return XU_WRITE_CACHED_FLUSH;
    case XU_WRITE_AUTO:
    default:
        if ( have_fwb )
            return XU_WRITE_FWB_CACHED;
        if ( have_nc )
            return XU_WRITE_NC;
        return XU_WRITE_CACHED_FLUSH;
    }
}

const char *xu_write_mode_name(enum xu_write_mode mode)
{
    if ( (unsigned int)mode >= NR_MODES )
        return NULL;
    return mode_names[mode];
}

int xu_write_mode_parse(const char *name, enum xu_write_mode *mode)
{
    unsigned int i;

    if ( !name || !mode )
        return -XU_ERR_BADARG;
    for ( i = 0; i < NR_MODES; i++ )
    {
        if ( !strcmp(name, mode_names[i]) )
        {
            *mode = (enum xu_write_mode)i;
            return 0;
        }
    }
    for ( i = 0; i < sizeof(mode_aliases) / sizeof(mode_aliases[0]); i++ )
    {
        if ( !strcmp(name, mode_aliases[i].name) )
        {
            *mode = mode_aliases[i].mode;
            return 0;
        }
    }
    return -XU_ERR_BADARG;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */

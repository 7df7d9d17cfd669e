/* SPDX-License-Identifier: LGPL-2.1-only */
/* mode: write-mode selection table and name round trip. */
#include <string.h>

#include "tests.h"

int main(void)
{
    static const struct {
        enum xu_write_mode req;
        int nc, fwb;
        enum xu_write_mode want;
    } t[] = {
        { XU_WRITE_AUTO, 0, 0, XU_WRITE_CACHED_FLUSH },
        { XU_WRITE_AUTO, 1, 0, XU_WRITE_NC },
        { XU_WRITE_AUTO, 0, 1, XU_WRITE_FWB_CACHED },
        { XU_WRITE_AUTO, 1, 1, XU_WRITE_FWB_CACHED },  /* NC wrong w/ FWB */
        { XU_WRITE_NC, 1, 1, XU_WRITE_NC },            /* override wins */
        { XU_WRITE_NC, 0, 1, XU_WRITE_CACHED_FLUSH },  /* cannot: degrade */
        { XU_WRITE_FWB_CACHED, 1, 0, XU_WRITE_CACHED_FLUSH },
        { XU_WRITE_FWB_CACHED, 0, 1, XU_WRITE_FWB_CACHED },
        { XU_WRITE_CACHED_FLUSH, 1, 1, XU_WRITE_CACHED_FLUSH },
        { (enum xu_write_mode)42, 0, 0, XU_WRITE_CACHED_FLUSH },
    };
    enum xu_write_mode m;
    unsigned int i;

    for ( i = 0; i < sizeof(t) / sizeof(t[0]); i++ )
        if ( xu_write_mode_select(t[i].req, t[i].nc, t[i].fwb) != t[i].want )
            FAIL("case %u: req %d nc %d fwb %d -> %d, want %d", i, t[i].req,
                 t[i].nc, t[i].fwb,
                 xu_write_mode_select(t[i].req, t[i].nc, t[i].fwb),
                 t[i].want);

    for ( i = XU_WRITE_AUTO; i <= XU_WRITE_CACHED_FLUSH; i++ )
    {
        const char *n = xu_write_mode_name(i);

        if ( !n )
            FAIL("mode %u has no name", i);
        EXPECT_RC(xu_write_mode_parse(n, &m), 0);
        EXPECT_EQ(m, i);
    }
    if ( strcmp(xu_write_mode_name(XU_WRITE_CACHED_FLUSH), "cached+flush") )
        FAIL("name of CACHED_FLUSH");
    if ( xu_write_mode_name((enum xu_write_mode)4) )
        FAIL("name for a bad mode");
    /* The config's words, accepted everywhere (one vocabulary). */
    EXPECT_RC(xu_write_mode_parse("uncached", &m), 0);
    EXPECT_EQ(m, XU_WRITE_NC);
    EXPECT_RC(xu_write_mode_parse("cached", &m), 0);
    EXPECT_EQ(m, XU_WRITE_CACHED_FLUSH);
    EXPECT_RC(xu_write_mode_parse("Uncached", &m), -XU_ERR_BADARG);
    EXPECT_RC(xu_write_mode_parse("cached+", &m), -XU_ERR_BADARG);
    EXPECT_RC(xu_write_mode_parse("", &m), -XU_ERR_BADARG);
    EXPECT_RC(xu_write_mode_parse(NULL, &m), -XU_ERR_BADARG);
    PASS();
}

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * noop-test [--plugin]: what a libxl program sees of a config, for
 * xl-plugin/tests/x86-noop, which runs it with and without the plugin
 * preloaded: on x86 the plugin must change nothing.
 *
 * Linked against libxenlight (--no-as-needed, so the plugin's constructor takes it for a
 * libxl program) and libxlutil (whose config reader the Arm plugin hooks:
 * it would take image_write out of the config and refuse "bogus"), it
 * parses a config through xlu_cfg_readdata() and prints what libxlutil
 * returned and the two keys the plugin handles.  With --plugin it first
 * checks that the plugin is in the process and says it is not active.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

static const char cfg_[] =
    "name = \"noop\"\n"
    "memory = 64\n"
    "image_write = \"bogus\"\n"
    "image_verify = \"maybe\"\n";

int main(int argc, char **argv)
{
    XLU_Config *cfg;
    const char *s;
    int rc;

    if ( argc > 1 && !strcmp(argv[1], "--plugin") )
    {
        int (*active)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "xu_xl_active");

        if ( !active )
        {
            fprintf(stderr, "noop-test: the plugin is not loaded\n");
            return 3;
        }
        if ( active() )
        {
            fprintf(stderr, "noop-test: xu_xl_active() says the plugin is active\n");
            return 3;
        }
    }
    cfg = xlu_cfg_init(stdout, "noop.cfg");
    if ( !cfg )
    {
        printf("xlu_cfg_init failed\n");
        return 1;
    }
    rc = xlu_cfg_readdata(cfg, cfg_, strlen(cfg_));
    printf("xlu_cfg_readdata: %d\n", rc);
    printf("name: %s\n", xlu_cfg_get_string(cfg, "name", &s, 0) ? "(none)" : s);
    printf("image_write: %s\n",
           xlu_cfg_get_string(cfg, "image_write", &s, 0) ? "(none)" : s);
    printf("image_verify: %s\n",
           xlu_cfg_get_string(cfg, "image_verify", &s, 0) ? "(none)" : s);
    xlu_cfg_destroy(cfg);
    return 0;
}

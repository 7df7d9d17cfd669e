/* SPDX-License-Identifier: MIT */
/*
 * config-test: run the plugin's image_write/image_verify reader on this process's own
 * command line, which the tests make look like xl's:
 *     config-test create [-f FILE | FILE] [KEY=VALUE...]
 * Prints the mode it read and "verify" if asked, "not-create", or exits 1
 * after the parser's
 * own error message.
 */
#include <stdio.h>

#include "plugin.h"

enum xu_write_mode xu_plugin_requested;
int xu_plugin_verify;

int main(void)
{
    struct xu_plugin_cfg cfg;

    switch ( xu_plugin_config_from_cmdline(&cfg, stderr) )
    {
    case 0:
        printf("%s%s\n", xu_write_mode_name(cfg.mode),
               cfg.verify ? " verify" : "");
        return 0;
    case 1:
        printf("not-create\n");
        return 0;
    default:
        return 1;
    }
}

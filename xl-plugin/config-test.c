/* SPDX-License-Identifier: MIT */
/*
 * config-test: run the plugin's image_write reader on this process's own
 * command line, which the tests make look like xl's:
 *     config-test create [-f FILE | FILE] [KEY=VALUE...]
 * Prints the mode it read, "not-create", or exits 1 after the parser's
 * own error message.
 */
#include <stdio.h>

#include "plugin.h"

enum xu_write_mode xu_plugin_requested;

int main(void)
{
    enum xu_write_mode mode;

    switch ( xu_plugin_config_from_cmdline(&mode, stderr) )
    {
    case 0:
        printf("%s\n", xu_write_mode_name(mode));
        return 0;
    case 1:
        printf("not-create\n");
        return 0;
    default:
        return 1;
    }
}

/* SPDX-License-Identifier: LGPL-2.1-only */
/* Private interface between the plugin's files. */
#ifndef XU_PLUGIN_H
#define XU_PLUGIN_H

#include <stdint.h>
#include <stdio.h>

#include "xenuncached.h"

/* The config key, as documented in docs/xl-plugin.md. */
#define XU_CFG_KEY "image_write"

/* Map a config value to a write mode; -1 if it is not one of ours. */
int xu_plugin_parse_value(const char *value, enum xu_write_mode *mode);

/*
 * Read image_write from the xl command line of this process (the config
 * file that `xl create` was given, then key=value overrides after it).
 * Returns 0 (and sets *mode, XU_WRITE_AUTO if unset), 1 if this is not
 * an `xl create`, or -1 after printing "FILE:LINE: ..." on @err.
 */
int xu_plugin_config_from_cmdline(enum xu_write_mode *mode, FILE *err);

/* Record a domain's build report in xenstore (docs/xl-plugin.md). */
void xu_plugin_record(uint32_t domid, const char *line);

/* The write mode requested for domains built from now on. */
extern enum xu_write_mode xu_plugin_requested;

#endif /* XU_PLUGIN_H */

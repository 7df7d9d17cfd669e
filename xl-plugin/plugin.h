/* SPDX-License-Identifier: LGPL-2.1-only */
/* Private interface between the plugin's files. */
#ifndef XU_PLUGIN_H
#define XU_PLUGIN_H

#include <stdint.h>
#include <stdio.h>

#include "xenuncached.h"

/* The config keys, as documented in docs/xl-plugin.md. */
#define XU_CFG_KEY "image_write"
#define XU_CFG_VERIFY_KEY "image_verify"

/* What a guest's config file asks of the plugin. */
struct xu_plugin_cfg {
    enum xu_write_mode mode;    /* image_write; XU_WRITE_AUTO if unset */
    int verify;                 /* image_verify: 0 (default) or 1 */
};

/* Map a config value to a write mode; -1 if it is not one of ours. */
int xu_plugin_parse_value(const char *value, enum xu_write_mode *mode);

/*
 * Read image_write and image_verify from the xl command line of this
 * process (the config file that `xl create` was given, then key=value
 * overrides after it).  Returns 0 (and fills *cfg, defaults for what is
 * unset), 1 if this is not an `xl create` (*cfg holds the defaults), or
 * -1 after printing "FILE:LINE: ..." on @err.
 */
int xu_plugin_config_from_cmdline(struct xu_plugin_cfg *cfg, FILE *err);

/* Record a domain's build report in xenstore (docs/xl-plugin.md). */
void xu_plugin_record(uint32_t domid, const char *line);

/* The write mode requested for domains built from now on. */
extern enum xu_write_mode xu_plugin_requested;

/* Whether builds from now on are read back and checked (xu_dom_verify). */
extern int xu_plugin_verify;

#endif /* XU_PLUGIN_H */

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

/*
 * The load-time checks (interpose.c): the hooks are what libxenguest will
 * call, and the structures libxc/ mirrors are the target's.  Returns 0, or
 * -1 with a one-line reason in @why.  On x86 it checks nothing.
 */
int xu_plugin_check(char *why, size_t len);

/* A function the plugin defines in place of a library's. */
struct xu_hook {
    const char *name;
    const char *vers;           /* the version it is defined with */
    void *fn;                   /* the plugin's own definition */
};
#define XU_HOOKS_MAX 8

/*
 * Check that every reference to each of @hooks in the loaded objects
 * (but the plugin) names the hook's version and is bound to the plugin's
 * definition, and that the object whose soname is @caller references each
 * of them.  Returns 0, or -1 with a one-line reason in @why.
 */
int xu_bind_check(const struct xu_hook *hooks, unsigned int nr,
                  const char *caller, char *why, size_t len);

#endif /* XU_PLUGIN_H */

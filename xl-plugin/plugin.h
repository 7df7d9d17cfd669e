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

/* The text of one config, as libxlutil's xlu_cfg_readdata() was given it. */
struct xu_cfg_text {
    const char *source;         /* the name given to xlu_cfg_init() */
    const char *data;           /* not NUL-terminated */
    size_t len;
    /*
     * How much of @data is the file @source; xl appends the command
     * line's KEY=VALUE overrides after it (xl_vmcontrol.c create_domain).
     */
    size_t file_len;
};

/* The file part of a config of @len bytes read from @source (above). */
size_t xu_cfg_file_len(const char *source, size_t len);

struct XLU_Config;
struct xu_hook;
/*
 * Read image_write and image_verify from @cfg, which libxlutil has just
 * parsed from @text.  Returns 0 (and fills *out, defaults for what is
 * unset), or -1 after printing "SOURCE:LINE: ..." on @err.
 */
int xu_plugin_config_read(struct XLU_Config *cfg,
                          const struct xu_cfg_text *text,
                          struct xu_plugin_cfg *out, FILE *err);

/*
 * The config-reading hooks (xlu-hook.c): libxlutil's own functions,
 * resolved at load; until then the hooks pass every call on.  Returns 0,
 * or -1 with a one-line reason in @why.  xu_xlu_hooks() gives the hooks
 * for the load-time bind check.
 */
int xu_xlu_resolve(char *why, size_t len);
unsigned int xu_xlu_hooks(struct xu_hook *hooks, unsigned int max);

/* Record a domain's build report in xenstore (docs/xl-plugin.md). */
void xu_plugin_record(uint32_t domid, const char *line);

/*
 * The write mode and the read-back (xu_dom_verify) chosen for the builds
 * that follow (choice.c): the calling thread's choice, which is also the
 * default of threads that never chose.  xu_plugin_choice() gives what a
 * build starting now in the calling thread uses.
 */
void xu_plugin_choose_mode(enum xu_write_mode mode);
void xu_plugin_choose_verify(int verify);
void xu_plugin_choice(enum xu_write_mode *mode, int *verify);

/*
 * The load-time checks (interpose.c): the hooks are what libxenguest will
 * call, and the structures libxc/ mirrors are the target's.  Returns 0, or
 * -1 with a one-line reason in @why.  Only once it has passed do the hooks
 * act; before that, and in a program that never runs it (not a libxl
 * program), they pass every call on to libxenguest's own functions.  On
 * x86 it checks nothing.
 */
int xu_plugin_check(char *why, size_t len);

/* A function the plugin defines in place of a library's. */
struct xu_hook {
    const char *name;
    const char *vers;           /* the version it is defined with */
    void *fn;                   /* the plugin's own definition */
    /*
     * The soname of the object that must call it (libxenguest for the
     * build hooks), or NULL where no caller is required: libxlutil's
     * config reader is called by xl, and by no other libxl program.
     */
    const char *caller;
};
#define XU_HOOKS_MAX 8

/*
 * Check that every reference to each of @hooks in the loaded objects
 * (but the plugin) names the hook's version and is bound to the plugin's
 * definition, and that each hook's caller, if it names one, references
 * it.  Returns 0, or -1 with a one-line reason in @why.
 */
int xu_bind_check(const struct xu_hook *hooks, unsigned int nr,
                  char *why, size_t len);

/*
 * Whether the program itself (not one of its libraries) links one of the
 * NULL-terminated @sonames (bind-check.c).
 */
int xu_program_needs(const char *const *sonames);

/*
 * LD_PRELOAD (preload.c): @preload without the entries that name the file
 * @self (same file, or its bare name), into @out; returns how many were
 * removed, or -1 (@self cannot be read, @out too short).
 */
int xu_preload_without(const char *preload, const char *self, char *out,
                       size_t len);
/* Take the plugin out of this process's LD_PRELOAD; 0, or -1 if it could
 * not be. */
int xu_preload_strip_self(void);

#endif /* XU_PLUGIN_H */

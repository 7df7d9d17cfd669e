/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xlu-hook.c: image_write and image_verify from the config xl parsed.
 *
 * xl never hands a config file to anyone else: main_create() decides
 * which file (a unique prefix of "create", options before or after it,
 * -f, /dev/stdin, /dev/null), reads it, appends the command line's
 * KEY=VALUE overrides and gives the text to libxlutil's
 * xlu_cfg_readdata(), which xl calls through its PLT.  So the plugin
 * takes that call over, the same way as libxenguest's (interpose.c): the
 * real parser runs, then the two keys are read from what it parsed.  A bad
 * value makes the call fail with EINVAL after a "FILE:LINE: ..." message
 * on the config's report stream: xl then says "Failed to parse config"
 * and exits, before any domain exists.  xlu_cfg_init() is taken over only
 * to learn the name the message should give.
 *
 * Every config xl reads goes through here (xl.conf first, at start-up;
 * then the domain's), each setting the choice for the builds that follow,
 * so the domain's own config is the one that counts.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "plugin.h"

#if defined(__aarch64__) || defined(__arm__) || defined(XU_XLU_HOOK_TEST)

#include "xu-vers.h"

/*
 * libxlutil's own definitions.  As with libxenguest's (interpose.c), the
 * hooks act only once the load-time check has resolved these (in a libxl
 * program, before main()); in any other program that reads configs with
 * libxlutil they hand every call straight on, looked up at first use.
 */
static XLU_Config *(*real_init_)(FILE *, const char *);
static int (*real_readdata_)(XLU_Config *, const char *, int);
static pthread_once_t real_once_ = PTHREAD_ONCE_INIT;
static bool active_;

static void real_lookup_(void)
{
    real_init_ = dlvsym(RTLD_NEXT, "xlu_cfg_init", XU_VERS_xlu_cfg_init);
    real_readdata_ = dlvsym(RTLD_NEXT, "xlu_cfg_readdata",
                            XU_VERS_xlu_cfg_readdata);
}

static bool real_resolved_(void)
{
    pthread_once(&real_once_, real_lookup_);
    return real_init_ && real_readdata_;
}

/*
 * The name and report stream each recent xlu_cfg_init() was given.  xl
 * reads a config right after creating it; a config whose creation has
 * scrolled out is reported under a generic name.  An address reused
 * after xlu_cfg_destroy() is recorded again by the new init, which is
 * found first.
 */
#define RECENT_ 8
static struct {
    XLU_Config *cfg;
    char *source;
    FILE *report;
} recent_[RECENT_];
static unsigned int next_;
static pthread_mutex_t lock_ = PTHREAD_MUTEX_INITIALIZER;

static XLU_Config *init_(FILE *report, const char *source)
{
    XLU_Config *cfg;
    char *copy;

    if ( !active_ )
    {
        if ( real_resolved_() )
            return real_init_(report, source);
        errno = ENOSYS;
        return NULL;
    }
    cfg = real_init_(report, source);
    copy = source ? strdup(source) : NULL;

    pthread_mutex_lock(&lock_);
    if ( cfg && copy )
    {
        unsigned int i = next_++ % RECENT_;

        free(recent_[i].source);
        recent_[i].cfg = cfg;
        recent_[i].source = copy;
        recent_[i].report = report;
        copy = NULL;
    }
    pthread_mutex_unlock(&lock_);
    free(copy);
    return cfg;
}
XLU_Config *xlu_cfg_init(FILE *report, const char *report_filename)
    __attribute__((alias("init_")));

/* A copy of @cfg's name (NULL if unknown), and its report stream. */
static char *source_of_(XLU_Config *cfg, FILE **report)
{
    char *source = NULL;
    unsigned int n;

    pthread_mutex_lock(&lock_);
    for ( n = 1; n <= RECENT_; n++ )
    {
        unsigned int i = (next_ - n) % RECENT_;

        if ( recent_[i].cfg == cfg && recent_[i].source )
        {
            source = strdup(recent_[i].source);
            *report = recent_[i].report;
            break;
        }
    }
    pthread_mutex_unlock(&lock_);
    return source;
}

static int readdata_(XLU_Config *cfg, const char *data, int length)
{
    struct xu_plugin_cfg settings;
    struct xu_cfg_text text;
    FILE *report = stderr;
    char *source;
    int rc;

    if ( !active_ )
        return real_resolved_() ? real_readdata_(cfg, data, length)
                                : ENOSYS;
    rc = real_readdata_(cfg, data, length);
    if ( rc || length < 0 )
        return rc;      /* libxlutil has said what is wrong */

    source = source_of_(cfg, &report);
    text.source = source ? source : "config";
    text.data = data;
    text.len = length;
    text.file_len = source ? xu_cfg_file_len(source, length) : text.len;
    if ( xu_plugin_config_read(cfg, &text, &settings, report ? report
                                                             : stderr) )
        rc = EINVAL;
    else
    {
        xu_plugin_choose_mode(settings.mode);
        xu_plugin_choose_verify(settings.verify);
    }
    free(source);
    return rc;
}
int xlu_cfg_readdata(XLU_Config *cfg, const char *data, int length)
    __attribute__((alias("readdata_")));

int xu_xlu_resolve(char *why, size_t len)
{
    /* Before main(), one thread: the hooks act from here on. */
    if ( real_resolved_() )
    {
        active_ = true;
        return 0;
    }
    snprintf(why, len, "libxlutil's own xlu_cfg_init@%s or "
             "xlu_cfg_readdata@%s not found: %s", XU_VERS_xlu_cfg_init,
             XU_VERS_xlu_cfg_readdata, dlerror());
    return -1;
}

/* No caller is required: only xl reads its configs with libxlutil. */
unsigned int xu_xlu_hooks(struct xu_hook *hooks, unsigned int max)
{
    const struct xu_hook ours[] = {
        { "xlu_cfg_init", XU_VERS_xlu_cfg_init, (void *)init_, NULL },
        { "xlu_cfg_readdata", XU_VERS_xlu_cfg_readdata, (void *)readdata_,
          NULL },
    };
    unsigned int i;

    for ( i = 0; i < max && i < sizeof(ours) / sizeof(ours[0]); i++ )
        hooks[i] = ours[i];
    return i;
}

#endif

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * plugin.c: set-up when the plugin is loaded, the image_write and
 * image_verify choices, and the xenstore record of each build.
 */
#define _GNU_SOURCE             /* secure_getenv */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstore.h>

#include "plugin.h"
#include "xenuncached-xl.h"

int xu_xl_set_image_write(const char *value)
{
    enum xu_write_mode mode;

    if ( !value || xu_write_mode_parse(value, &mode) )
    {
        errno = EINVAL;
        return -1;
    }
    xu_plugin_choose_mode(mode);
    return 0;
}

int xu_xl_set_image_verify(int on)
{
    if ( on != 0 && on != 1 )
    {
        errno = EINVAL;
        return -1;
    }
    xu_plugin_choose_verify(on);
    return 0;
}

/*
 * /libxl/<domid>/ is dom0's private part of xenstore for the domain, and
 * libxl removes it when the domain is destroyed, so the record goes away
 * with the domain.  A failure to record is reported, never fatal: the
 * guest was built.
 */
void xu_plugin_record(uint32_t domid, const char *line)
{
    struct xs_handle *xs = xs_open(0);
    char path[64];

    snprintf(path, sizeof(path), "/libxl/%u/xen-uncached/report", domid);
    if ( !xs || !xs_write(xs, XBT_NULL, path, line, strlen(line)) )
        fprintf(stderr, "xenuncached-xl: cannot record %s: %s\n", path,
                strerror(errno));
    if ( xs )
        xs_close(xs);
}

/*
 * Runs when the plugin is loaded, before xl's main(): in a libxl program,
 * take the plugin out of LD_PRELOAD, then check that the hooks
 * take effect and the mirrored structures match (xu_plugin_check, which
 * also registers the loaders: registered loaders are probed first).  A
 * failed check or a bad XU_WRITE_MODE stops xl here, before any domain
 * exists.  image_write and image_verify come later, from the config xl
 * parses (xlu-hook.c).
 */
static void __attribute__((constructor)) xu_plugin_init(void)
{
    enum xu_write_mode mode;
    char why[512];

    const char *env = secure_getenv(XU_WRITE_MODE_ENV);

    /*
     * Only a libxl program (xl itself) builds domains.  In any other
     * process the plugin does nothing at all, not even reading LD_PRELOAD:
     * Debian's `xl` is a shell script that must pass it on to the real xl.
     */
    if ( !xu_xl_active() )
        return;
    /* What xl starts (hotplug scripts, xenconsole, QEMU) must not load us. */
    if ( xu_preload_strip_self() )
        fprintf(stderr, "xenuncached-xl: warning: cannot take the plugin "
                "out of LD_PRELOAD: %s\n", strerror(errno));
    /*
     * A plugin whose hooks would not be called, or whose view of Xen's
     * private structures is wrong, must not let xl build anything: the
     * guest would be built the stock way (or worse) while the plugin
     * claims otherwise.
     */
    if ( xu_plugin_check(why, sizeof(why)) )
    {
        fprintf(stderr, "xenuncached-xl: refusing to run: %s\n", why);
        exit(EXIT_FAILURE);
    }
    /* libxc/ would refuse a bad override only once a domain exists. */
    if ( env && *env && xu_write_mode_parse(env, &mode) )
    {
        fprintf(stderr, "xenuncached-xl: " XU_WRITE_MODE_ENV "=\"%s\" is "
                "not a write mode (" XU_WRITE_MODE_NAMES ")\n", env);
        exit(EXIT_FAILURE);
    }
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenuncached-xl.h: the xl/libxl plugin of xen-uncached.
 *
 * Loaded into a program that builds Arm domains through libxl (stock xl
 * via the xu-xl wrapper or LD_PRELOAD; any libxl program by linking
 * -lxenuncached-xl ahead of -lxenlight, see `pkg-config --libs
 * xenuncached-xl`), the plugin registers libxc/'s boot-image loaders and
 * routes libxenguest's guest-memory mappings through libxc/'s uncached
 * backend.  It does nothing on x86.
 *
 * xl users choose the write mode per guest with the config key
 *     image_write = "auto" | "uncached" | "cached"
 * (docs/xl-plugin.md); a libxl program calls xu_xl_set_image_write().
 */
#ifndef XENUNCACHED_XL_H
#define XENUNCACHED_XL_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * xu_xl_set_image_write - choose how boot images are written for the
 * domains this process builds from now on
 * @value: "auto" (what the platform supports, the default), "uncached"
 *         (Normal non-cacheable mappings; falls back, with a warning, if
 *         the device or hypervisor support is missing) or "cached" (the
 *         stock path: cached writes, then XEN_DOMCTL_cacheflush)
 *
 * returns: 0, or -1 with errno EINVAL for any other value.
 */
int xu_xl_set_image_write(const char *value);

/**
 * xu_xl_active - whether the plugin is active in this process
 * returns: 1 on Arm, 0 where it does nothing (x86).
 */
int xu_xl_active(void);

#ifdef __cplusplus
}
#endif

#endif /* XENUNCACHED_XL_H */

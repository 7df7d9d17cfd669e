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
 * xl users choose the write mode per guest with the config keys
 *     image_write = "auto" | "uncached" | "cached"
 *     image_verify = 0 | 1
 * (docs/xl-plugin.md); a libxl program calls xu_xl_set_image_write() and
 * xu_xl_set_image_verify().
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
 *         or "nc" (Normal non-cacheable mappings; falls back, with a
 *         warning, if the device or hypervisor support is missing), "fwb"
 *         (cached writes where the hypervisor forces Write-Back at stage
 *         2; else falls back) or "cached" or "cached+flush" (the stock
 *         path: cached writes, then XEN_DOMCTL_cacheflush): libxc/'s
 *         xu_write_mode_parse() vocabulary, the same as XU_WRITE_MODE's
 *
 * returns: 0, or -1 with errno EINVAL for any other value.
 */
int xu_xl_set_image_write(const char *value);

/**
 * xu_xl_set_image_verify - read each domain's boot images back once they
 * are written, and fail the build if they differ
 * @on: 1 to check the domains this process builds from now on, 0 not to
 *      (the default)
 *
 * The kernel, initrd and device tree are read back through the same kind
 * of mapping the guest's first view has (uncached where the images were
 * written uncached) and compared by CRC-32, page by page (libxc/'s
 * xu_dom_verify()).  A mismatch fails xc_dom_boot_image(), so libxl
 * destroys the half-built domain; the log names the segment and offset.
 *
 * returns: 0, or -1 with errno EINVAL if @on is neither 0 nor 1.
 */
int xu_xl_set_image_verify(int on);

/**
 * xu_xl_active - whether the plugin is active in this process
 * returns: 1 on Arm in a libxl program (one that links libxenlight or
 * the plugin itself), 0 where it does nothing (x86, and any other process
 * it is loaded into).
 */
int xu_xl_active(void);

#ifdef __cplusplus
}
#endif

#endif /* XENUNCACHED_XL_H */

/* SPDX-License-Identifier: MIT */
/*
 * xu-domid-xen: a mapping of a Xen page (DOMID_XEN) through libxc/ in
 * mode nc, as xentrace makes one.  /dev/xen/privcmd-nc refuses DOMID_XEN
 * and DOMID_IO (EINVAL: Xen's own pages stay cacheable), so libxc must
 * hand such a mapping to stock privcmd (libxenforeignmemory) and give it
 * no cache flush (docs/libxc.md).
 *
 *   xu-domid-xen
 *
 * Enables Xen's trace buffers (one page per CPU), maps their t_info page
 * by its machine frame through a handle opened in mode nc, checks that
 * it reads what Xen wrote there (tbuf_size = 1), unmaps it and disables
 * the buffers again.  Prints PASS and exits 0; exits 1 on a failure (the
 * mapping refused, or the wrong bytes), 77 when the handle is not in
 * mode nc (no uncached device: nothing to test).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xenctrl.h>
#include <xentoollog.h>
#include <xen/trace.h>

#include "xenuncached.h"

int main(void)
{
    xentoollog_logger_stdiostream *lg;
    unsigned long mfn = 0, size = 0;
    const struct t_info *ti;
    xu_fmem_handle *h = NULL;
    xc_interface *xch;
    uint64_t frame;
    int err = 0, rc = 1;

    lg = xtl_createlogger_stdiostream(stderr, XTL_DETAIL, 0);
    xch = xc_interface_open((xentoollog_logger *)lg, NULL, 0);
    if ( !xch )
    {
        perror("xu-domid-xen: xc_interface_open");
        return 1;
    }
    if ( xc_tbuf_enable(xch, 1, &mfn, &size) )
    {
        fprintf(stderr, "xu-domid-xen: xc_tbuf_enable: %s\n",
                strerror(errno));
        goto out;
    }
    printf("trace buffers on: t_info at mfn %#lx, %lu bytes\n", mfn, size);

    h = xu_fmem_open((struct xentoollog_logger *)lg, xch, XU_WRITE_NC);
    if ( !h || xu_fmem_mode(h) != XU_WRITE_NC )
    {
        fprintf(stderr, "xu-domid-xen: no handle in mode nc\n");
        rc = 77;
        goto out;
    }
    frame = mfn;
    ti = xu_fmem_map(h, DOMID_XEN, 1, &frame, &err);
    if ( !ti || err )
    {
        fprintf(stderr, "xu-domid-xen: map of DOMID_XEN mfn %#lx: %s "
                "(err %d)\n", mfn, strerror(ti ? -err : errno), err);
        goto out;
    }
    printf("DOMID_XEN mfn %#lx mapped: tbuf_size %u\n", mfn, ti->tbuf_size);
    if ( ti->tbuf_size != 1 )
        fprintf(stderr, "xu-domid-xen: t_info says %u pages per buffer, "
                "1 asked for\n", ti->tbuf_size);
    else
        rc = 0;
    if ( xu_fmem_unmap(h, (void *)ti) )
    {
        fprintf(stderr, "xu-domid-xen: unmap: %s\n", strerror(errno));
        rc = 1;
    }

 out:
    if ( h )
        xu_fmem_close(h);
    if ( mfn )
        xc_tbuf_disable(xch);
    xc_interface_close(xch);
    xtl_logger_destroy((xentoollog_logger *)lg);
    if ( rc == 0 )
        printf("PASS\n");
    return rc;
}

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_fmem_open.c: xenforeignmemory_open/close for the backend tests,
 * which define the map and unmap fakes each needs themselves (or link
 * fake_fmem_none.c's, which fail the test).  The
 * handle is a token the fakes never look at.
 */
#include <xentoollog.h>
#include <xenforeignmemory.h>

static int token_;

xenforeignmemory_handle *xenforeignmemory_open(xentoollog_logger *l,
                                               unsigned int flags)
{
    (void)l; (void)flags;
    return (xenforeignmemory_handle *)&token_;
}

int xenforeignmemory_close(xenforeignmemory_handle *f)
{
    (void)f;
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_fmem_none.c: xenforeignmemory_map/unmap for the backend tests in
 * which mode nc must never take the stock path: any call fails the test.
 */
#include <xenforeignmemory.h>

#include "tests.h"

void *xenforeignmemory_map(xenforeignmemory_handle *f, uint32_t dom,
                           int prot, size_t pages, const xen_pfn_t arr[],
                           int err[])
{
    (void)f; (void)dom; (void)prot; (void)pages; (void)arr; (void)err;
    FAIL("mode nc fell back to a cacheable mapping");
}

int xenforeignmemory_unmap(xenforeignmemory_handle *f, void *addr,
                           size_t pages)
{
    (void)f; (void)addr; (void)pages;
    FAIL("mode nc unmapped through xenforeignmemory");
}

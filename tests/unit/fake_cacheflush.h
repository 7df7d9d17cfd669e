/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_cacheflush.h: xc_domain_cacheflush() for the backend tests that
 * only count what the backend asked Xen to flush after its unmaps.
 */
#ifndef XU_FAKE_CACHEFLUSH_H
#define XU_FAKE_CACHEFLUSH_H

#include <stdint.h>

struct fake_cacheflush {
    unsigned int calls;
    uint64_t pages;             /* summed over the calls */
};
extern struct fake_cacheflush fake_cacheflush;

#endif /* XU_FAKE_CACHEFLUSH_H */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * fake_physinfo.h: xc_physinfo() for the backend tests, answering what
 * fake_physinfo says (stock Xen by default: no capability bit, success).
 */
#ifndef XU_FAKE_PHYSINFO_H
#define XU_FAKE_PHYSINFO_H

#include <stdint.h>

struct fake_physinfo {
    int err;                    /* non-zero: fail with this errno */
    uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* XEN_SYSCTL_PHYSCAP_ARM_* */
    unsigned int calls;
};
extern struct fake_physinfo fake_physinfo;

#endif /* XU_FAKE_PHYSINFO_H */

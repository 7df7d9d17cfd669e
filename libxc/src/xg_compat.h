/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_compat.h: the parts of libxenguest's private ABI our loaders need.
 *
 * Debian's libxen-dev (4.17) ships xenguest.h with struct xc_dom_image but
 * not the loader interface nor struct elf_dom_parms.  These copies are
 * from Xen 4.17:
 *  - struct xc_dom_loader, xc_dom_register_loader():
 *    tools/libs/guest/xg_private.h (elf_negerrnoval/elf_errorstatus are
 *    int, xen/include/xen/libelf.h);
 *  - struct xu_elf_dom_parms_417 mirrors struct elf_dom_parms of
 *    xen/include/xen/libelf.h field for field (elf_ptrval is uintptr_t,
 *    XEN_ELFNOTE_MAX is 18).  The unit test abi_parms checks the offsets
 *    against the installed libxenguest (xc_dom_virt_base/_entry read
 *    them: 0x228 and 0x230 on LP64).
 */
#ifndef XU_XG_COMPAT_H
#define XU_XG_COMPAT_H

#include <stdbool.h>
#include <stdint.h>

#include <xenctrl.h>
#include <xenguest.h>
#include <xen/elfnote.h>

struct xc_dom_loader {
    const char *name;
    int (*probe) (struct xc_dom_image *dom);
    int (*parser) (struct xc_dom_image *dom);
    int (*loader) (struct xc_dom_image *dom);

    struct xc_dom_loader *next;
};

void xc_dom_register_loader(struct xc_dom_loader *loader);

struct xu_xen_elfnote_417 {
    int type;                   /* enum xen_elfnote_type */
    const char *name;
    union {
        const char *str;
        uint64_t num;
    } data;
};

struct xu_elf_dom_parms_417 {
    /* raw */
    uintptr_t guest_info;
    uintptr_t elf_note_start;
    uintptr_t elf_note_end;
    struct xu_xen_elfnote_417 elf_notes[XEN_ELFNOTE_MAX + 1];

    /* parsed */
    char guest_os[16];
    char guest_ver[16];
    char xen_ver[16];
    char loader[16];
    int pae;                    /* enum xen_pae_type */
    bool bsd_symtab;
    bool unmapped_initrd;
    uint64_t virt_base;
    uint64_t virt_entry;
    uint64_t virt_hypercall;
    uint64_t virt_hv_start_low;
    uint64_t p2m_base;
    uint64_t elf_paddr_offset;
    uint32_t f_supported[XENFEAT_NR_SUBMAPS];
    uint32_t f_required[XENFEAT_NR_SUBMAPS];
    uint32_t phys_entry;

    /* calculated */
    uint64_t virt_kstart;
    uint64_t virt_kend;
};

/*
 * Whether libxenguest has linked our registered loaders through the
 * mirror's next field (dom_loader.c; false before registration).
 */
bool xu_dom_loaders_linked_(void);

static inline struct xu_elf_dom_parms_417 *xu_parms_(struct xc_dom_image *d)
{
    return (struct xu_elf_dom_parms_417 *)d->parms;
}

#endif /* XU_XG_COMPAT_H */

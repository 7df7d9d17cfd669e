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
 *    xen/include/xen/libelf.h field for field up to virt_entry, the last
 *    field the loaders write (elf_ptrval is uintptr_t, XEN_ELFNOTE_MAX is
 *    18; the same in 4.20).  The unit test abi_parms checks the offsets
 *    against the installed libxenguest (xc_dom_virt_base/_entry read
 *    them: 0x228 and 0x230 on LP64), and xu_dom_compat_check() against
 *    the libxenguest loaded in the process.
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
    /*
     * The rest (virt_hypercall ... virt_kend in 4.17; 4.20 adds fields
     * after phys_entry) is left out: the loaders write virt_base and
     * virt_entry only, and never size or allocate the structure, which
     * libxenguest owns.  A mirror that stops here cannot be wrong about
     * what follows.
     */
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

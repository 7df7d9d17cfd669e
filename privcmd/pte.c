// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage 1: user PTEs for foreign frames, and reading one back for tests.
 *
 * The PTEs take vma->vm_page_prot, which mmap set to pgprot_writecombine():
 * Normal non-cacheable on arm64.  Never pgprot_noncached(): that is
 * Device-nGnRnE, where unaligned accesses, DC ZVA and atomics fault, so
 * ordinary memcpy()/memset() would SIGBUS.  The PTEs are special (no
 * struct page is behind an extended-region frame), as VM_PFNMAP wants.
 */
#define pr_fmt(fmt) "xen:" KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "internal.h"

struct install_ctx {
	struct mm_struct *mm;
	unsigned long start;
	const xen_pfn_t *gpfns;
	const int *errs;
	pgprot_t prot;
};

static int install_one(pte_t *ptep, unsigned long addr, void *data)
{
	struct install_ctx *c = data;
	unsigned long i = (addr - c->start) >> PAGE_SHIFT;

	if (c->errs[i])
		return 0;	/* Xen did not map it: leave a hole */
	/* The caller checked the range is free; a PTE here is a bug. */
	if (WARN_ON_ONCE(!pte_none(ptep_get(ptep))))
		return -EBUSY;
	set_pte_at(c->mm, addr, ptep,
		   pte_mkspecial(pfn_pte(c->gpfns[i], c->prot)));
	return 0;
}

/*
 * Point the PTEs of [addr, addr + nr pages) at gpfns[i], except where
 * errs[i] is set.  Called with the mmap lock held for writing.
 */
int privcmd_nc_pte_install(struct vm_area_struct *vma, unsigned long addr,
			   const xen_pfn_t *gpfns, const int *errs,
			   unsigned int nr)
{
	struct install_ctx c = {
		.mm = vma->vm_mm,
		.start = addr,
		.gpfns = gpfns,
		.errs = errs,
		.prot = vma->vm_page_prot,
	};

	return apply_to_page_range(vma->vm_mm, addr,
				   (unsigned long)nr << PAGE_SHIFT,
				   install_one, &c);
}

static void attr_of(pte_t pte, struct privcmd_nc_pte *out)
{
#ifdef CONFIG_ARM64
	u64 mair = read_sysreg(mair_el1);

	out->attr_index = FIELD_GET(PTE_ATTRINDX_MASK, pte_val(pte));
	out->mair_attr = (mair >> (8 * out->attr_index)) & 0xff;
#else
	/* Not meaningful off arm64; the module does not load there. */
	out->attr_index = 0;
	out->mair_attr = 0xffffffff;
#endif
}

/* Fill out from the PTE that maps addr in vma; -ENOENT if there is none. */
int privcmd_nc_pte_read(struct vm_area_struct *vma, unsigned long addr,
			struct privcmd_nc_pte *out)
{
	pte_t pte;

	if (privcmd_nc_follow_pte(vma, addr, &pte))
		return -ENOENT;

	out->pte = pte_val(pte);
	out->pfn = pte_pfn(pte);
	out->out_flags = 0;
	if (pte_present(pte))
		out->out_flags |= PRIVCMD_NC_PTE_PRESENT;
	if (pte_write(pte))
		out->out_flags |= PRIVCMD_NC_PTE_WRITE;
	if (pte_special(pte))
		out->out_flags |= PRIVCMD_NC_PTE_SPECIAL;
	attr_of(pte, out);
	out->reserved_out = 0;
	return 0;
}

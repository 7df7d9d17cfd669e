/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces of xen-privcmd-nc, split by job:
 * main.c (device, VMAs, dispatcher), ioctl.c (handlers), s2.c (hypercalls),
 * gpfn.c (where foreign frames go in dom0's physmap), pte.c (stage 1).
 */
#ifndef PRIVCMD_NC_INTERNAL_H
#define PRIVCMD_NC_INTERNAL_H

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/refcount.h>
#include <linux/atomic.h>
#include <xen/interface/xen.h>

#include <xen/privcmd-nc.h>
#include <xen/privcmd-nc-debug.h>

/* Per open file. */
struct privcmd_nc_file {
	domid_t domid;			/* DOMID_INVALID: unrestricted; set once */
	bool nc_refused;		/* Xen refused NC for one of its mappings */
	atomic64_t nc_pages;		/* mapped with NC stage 2 */
	atomic64_t wb_pages;		/* mapped with WB stage 2 (fallback) */
	atomic64_t map_pages;		/* pages of its live mappings (quota) */
};

/* A run of contiguous gpfns in an extended region. */
struct privcmd_nc_extent {
	unsigned long base;		/* first gpfn */
	unsigned long nr;
	unsigned long first;		/* its first frame's index in the mapping */
};

/* Frames of dom0's physmap that back one mapping. */
struct privcmd_nc_gpfns {
	unsigned long nr;
	unsigned long nr_ext;		/* extended regions: runs in ext[] */
	unsigned long max_ext;		/* room in ext[], grown as needed */
	struct privcmd_nc_extent *ext;	/* kvmalloc()ed, or NULL */
	struct page **pages;		/* ballooned pages (fallback), or NULL */
};

/* Per mapping; shared by the VMAs an mremap() copy makes for a moment. */
struct privcmd_nc_vma {
	refcount_t users;
	/* The fd that made it; lives as long as the VMA (vm_file). */
	struct privcmd_nc_file *pf;
	bool nc_refused;		/* Xen refused NC for one of its frames */
	struct privcmd_nc_gpfns gpfns;
	unsigned long *mapped;		/* bit i: page i has a stage-2 entry */
};

/*
 * Kernel API differences between the releases built for (Debian 12's 6.1,
 * Debian 13's 6.12, forky's 7.2), all here.  Kbuild probes the headers
 * for the PRIVCMD_NC_HAVE_* macros.
 */
#ifndef PRIVCMD_NC_HAVE_VM_FLAGS_SET
/* 6.3 made vm_flags read-only; its setters do not exist before. */
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}
#endif

#ifndef kzalloc_obj
/* The typed allocators (7.0) as their plain equivalent. */
#define kzalloc_obj(obj, gfp)	kzalloc(sizeof(obj), gfp)
#endif
#ifndef kvmalloc_obj
#define kvmalloc_obj(obj, gfp)	kvmalloc(sizeof(obj), gfp)
#endif

/*
 * The PTE mapping addr in vma, read under its page-table lock, into *out;
 * -ENOENT if none.  6.12 replaced follow_pte() by follow_pfnmap_start(),
 * which returns the PFN and the protection rather than the PTE: put them
 * back together (on arm64 pfn_pte(pte_pfn(p), pte_pgprot(p)) is p).
 */
static inline int privcmd_nc_follow_pte(struct vm_area_struct *vma,
					unsigned long addr, pte_t *out)
{
#ifdef PRIVCMD_NC_HAVE_FOLLOW_PFNMAP
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };

	if (follow_pfnmap_start(&args))
		return -ENOENT;
	*out = pfn_pte(args.pfn, args.pgprot);
	follow_pfnmap_end(&args);
	return 0;
#else
	spinlock_t *ptl;	/* taken by follow_pte() */
	pte_t *ptep;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return -ENOENT;
	/* follow_pte() took ptl on success; tell sparse. */
	__acquire(ptl);
	*out = ptep_get(ptep);
	pte_unmap_unlock(ptep, ptl);
	return 0;
#endif
}

/* main.c */
extern unsigned int privcmd_nc_max_pages;
extern unsigned int privcmd_nc_restricted_max_pages;
bool privcmd_nc_is_our_vma(struct vm_area_struct *vma);
bool privcmd_nc_is_vma_of(struct vm_area_struct *vma,
			  const struct privcmd_nc_file *pf);

/* ioctl.c: one handler per ioctl */
long privcmd_nc_ioctl_mmap_batch(struct file *file, void __user *udata,
				 int version);
long privcmd_nc_ioctl_restrict(struct file *file, void __user *udata);
long privcmd_nc_ioctl_mmap_resource(struct file *file, void __user *udata);
long privcmd_nc_ioctl_query(struct file *file, void __user *udata);
long privcmd_nc_ioctl_pte(struct file *file, void __user *udata);

/* s2.c: stage 2, through Xen */
#define PRIVCMD_NC_BATCH	512	/* frames per add_to_physmap_range */
struct privcmd_nc_s2_batch;
int privcmd_nc_s2_init(void);
bool privcmd_nc_s2_features_known(void);
u32 privcmd_nc_s2_features(void);
bool privcmd_nc_s2_try_nc(void);
struct privcmd_nc_s2_batch *privcmd_nc_s2_batch_alloc(void);
void privcmd_nc_s2_batch_free(struct privcmd_nc_s2_batch *b);
int privcmd_nc_s2_map(struct privcmd_nc_s2_batch *b, domid_t dom,
		      const u64 *gfns, const xen_pfn_t *gpfns, int *errs,
		      unsigned int nr, unsigned int *nr_nc, unsigned int *nr_wb,
		      bool *refused);
unsigned long privcmd_nc_s2_unmap_mapped(const struct privcmd_nc_gpfns *g,
					 unsigned long *mapped, int *rc);

/* gpfn.c */
int privcmd_nc_gpfn_init(void);
void privcmd_nc_gpfn_exit(void);
unsigned long privcmd_nc_gpfn_region_pages(void);
unsigned long privcmd_nc_gpfn_region_free(void);
int privcmd_nc_gpfns_alloc(struct privcmd_nc_gpfns *g, unsigned long nr);
void privcmd_nc_gpfns_free_except(struct privcmd_nc_gpfns *g,
				  const unsigned long *keep);
xen_pfn_t privcmd_nc_gpfn(const struct privcmd_nc_gpfns *g, unsigned long i);

/* pte.c: stage 1 */
int privcmd_nc_pte_install(struct vm_area_struct *vma, unsigned long addr,
			   const xen_pfn_t *gpfns, const int *errs,
			   unsigned int nr);
int privcmd_nc_pte_read(struct vm_area_struct *vma, unsigned long addr,
			struct privcmd_nc_pte *out);

#endif /* PRIVCMD_NC_INTERNAL_H */

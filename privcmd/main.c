// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-privcmd-nc: /dev/xen/privcmd-nc, foreign mappings for a Xen on Arm
 * dom0 with Normal non-cacheable attributes at stage 1 and, where Xen
 * offers it, at stage 2.  Toolstacks write guest images through it while
 * the guest runs with its caches off.  See docs/privcmd.md.
 *
 * This file: the device, its file and VMA operations, the dispatcher.
 */
#define pr_fmt(fmt) "xen:" KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/moduleparam.h>

#include <xen/xen.h>
#include <xen/features.h>
#include <xen/page.h>

#include "internal.h"

MODULE_DESCRIPTION("Xen foreign mappings with non-cacheable attributes");
MODULE_LICENSE("GPL");

/*
 * 2^20 pages (4 GiB) keeps the ioctl's gfn+err buffers at 12 MiB.  The
 * bound, 2^24 (64 GiB, as max_region_gib), keeps them at 192 MiB: far from
 * the INT_MAX above which kvmalloc() WARNs (2^28 pages of 8-byte gfns).
 */
#define PRIVCMD_NC_MAX_PAGES_BOUND	BIT(24)
unsigned int privcmd_nc_max_pages = 1U << 20;

static int max_pages_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, PRIVCMD_NC_MAX_PAGES_BOUND);
}

static const struct kernel_param_ops max_pages_ops = {
	.set = max_pages_set,
	.get = param_get_uint,
};

module_param_cb(max_pages, &max_pages_ops, &privcmd_nc_max_pages, 0644);
MODULE_PARM_DESC(max_pages,
		 "Largest number of frames in one MMAPBATCH (1 to 2^24; others are refused with EINVAL)");

/* 2^16 pages: 256 MiB, a quarter of a 1 GiB guest. */
unsigned int privcmd_nc_restricted_max_pages = 1U << 16;
module_param_named(restricted_max_pages, privcmd_nc_restricted_max_pages,
		   uint, 0644);
MODULE_PARM_DESC(restricted_max_pages,
		 "Most pages the live mappings of one RESTRICTed fd may hold (more: EDQUOT)");

/*
 * The PTE read-back ioctl is a debug and test aid (its header is not
 * installed): a production module does not offer it at all.
 */
static bool debug_pte;
module_param(debug_pte, bool, 0444);
MODULE_PARM_DESC(debug_pte,
		 "Offer the debug ioctl IOCTL_PRIVCMD_NC_PTE (CAP_SYS_ADMIN, unrestricted fds); without it: ENOTTY");

static long privcmd_nc_ioctl(struct file *file, unsigned int cmd,
			     unsigned long data)
{
	void __user *udata = (void __user *)data;
	long ret = -ENOTTY;

	switch (cmd) {
	case IOCTL_PRIVCMD_NC_MMAPBATCH:
		ret = privcmd_nc_ioctl_mmap_batch(file, udata, 1);
		break;

	case IOCTL_PRIVCMD_NC_MMAPBATCH_V2:
		ret = privcmd_nc_ioctl_mmap_batch(file, udata, 2);
		break;

	case IOCTL_PRIVCMD_NC_RESTRICT:
		ret = privcmd_nc_ioctl_restrict(file, udata);
		break;

	case IOCTL_PRIVCMD_NC_MMAP_RESOURCE:
		ret = privcmd_nc_ioctl_mmap_resource(file, udata);
		break;

	case IOCTL_PRIVCMD_NC_QUERY:
		ret = privcmd_nc_ioctl_query(file, udata);
		break;

	case IOCTL_PRIVCMD_NC_PTE:
		/* Without the option, as unknown as any other number. */
		if (debug_pte)
			ret = privcmd_nc_ioctl_pte(file, udata);
		break;

	default:
		break;
	}

	return ret;
}

static int privcmd_nc_open(struct inode *ino, struct file *file)
{
	struct privcmd_nc_file *pf = kzalloc(sizeof(*pf), GFP_KERNEL);

	if (!pf)
		return -ENOMEM;

	/* DOMID_INVALID: not restricted */
	pf->domid = DOMID_INVALID;
	atomic64_set(&pf->nc_pages, 0);
	atomic64_set(&pf->wb_pages, 0);
	atomic64_set(&pf->map_pages, 0);
	file->private_data = pf;
	return 0;
}

static int privcmd_nc_release(struct inode *ino, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static void privcmd_nc_vma_open(struct vm_area_struct *vma)
{
	struct privcmd_nc_vma *st = vma->vm_private_data;

	if (st)
		refcount_inc(&st->users);
}

/*
 * Last user of a mapping gone: its PTEs are already zapped (the VMA is
 * closed after unmap_region()), so the stage-2 entries can go.  A frame
 * Xen would not remove stays in dom0's physmap: its gpfn is leaked rather
 * than handed to another mapping (which would map over a live entry);
 * every other gpfn of the mapping is given back.
 */
static void privcmd_nc_vma_close(struct vm_area_struct *vma)
{
	struct privcmd_nc_vma *st = vma->vm_private_data;
	unsigned long failed;
	int rc = 0;

	if (!st || !refcount_dec_and_test(&st->users))
		return;

	/* Batched; see "Unmapping" in docs/privcmd.md for the lock held. */
	failed = privcmd_nc_s2_unmap_mapped(&st->gpfns, st->mapped, &rc);
	if (failed)
		pr_crit("unable to unmap %lu of %lu frames (rc=%d): leaking those %lu gpfns\n",
			failed, st->gpfns.nr, rc, failed);
	/* st->mapped now holds exactly the frames still in dom0's physmap. */
	privcmd_nc_gpfns_free_except(&st->gpfns, st->mapped);
	/* The VMA's reference to vm_file keeps st->pf alive until here. */
	atomic64_sub(st->gpfns.nr, &st->pf->map_pages);
	kvfree(st->mapped);
	kfree(st);
}

/* Splitting would leave two VMAs sharing one stage-2 range. */
static int privcmd_nc_vma_may_split(struct vm_area_struct *vma,
				    unsigned long addr)
{
	return -EINVAL;
}

static int privcmd_nc_vma_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static vm_fault_t privcmd_nc_vma_fault(struct vm_fault *vmf)
{
	/* A hole: not mapped yet, or Xen refused that frame. */
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct privcmd_nc_vm_ops = {
	.open = privcmd_nc_vma_open,
	.close = privcmd_nc_vma_close,
	.may_split = privcmd_nc_vma_may_split,
	.mremap = privcmd_nc_vma_mremap,
	.fault = privcmd_nc_vma_fault,
};

bool privcmd_nc_is_our_vma(struct vm_area_struct *vma)
{
	return vma && vma->vm_ops == &privcmd_nc_vm_ops;
}

/* A mapping of the fd whose state is pf (not of another open file). */
bool privcmd_nc_is_vma_of(struct vm_area_struct *vma,
			  const struct privcmd_nc_file *pf)
{
	return privcmd_nc_is_our_vma(vma) && vma->vm_file &&
	       vma->vm_file->private_data == pf;
}

static int privcmd_nc_mmap(struct file *file, struct vm_area_struct *vma)
{
	/* A private (COW) mapping would copy foreign frames on write. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	/*
	 * DONTCOPY because fork's copy_page_range() cannot recreate these
	 * mappings; the rest as for any PFNMAP of frames without struct page.
	 */
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTCOPY | VM_DONTEXPAND |
		     VM_DONTDUMP);
	/* Normal-NC; pgprot_modify() keeps it across mprotect(). */
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	vma->vm_ops = &privcmd_nc_vm_ops;
	vma->vm_private_data = NULL;
	return 0;
}

static const struct file_operations privcmd_nc_fops = {
	/* Pins the module while an fd (or a mapping, via vm_file) lives. */
	.owner = THIS_MODULE,
	.unlocked_ioctl = privcmd_nc_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.open = privcmd_nc_open,
	.release = privcmd_nc_release,
	.mmap = privcmd_nc_mmap,
};

static struct miscdevice privcmd_nc_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xen/privcmd-nc",
	.fops = &privcmd_nc_fops,
};

static int __init privcmd_nc_init(void)
{
	int err;

	if (!IS_ENABLED(CONFIG_ARM64)) {
		pr_err("only arm64 dom0s are supported (stage-1 Normal-NC and stage-2 foreign mappings are Arm concepts)\n");
		return -ENODEV;
	}
	if (!xen_domain() || !xen_feature(XENFEAT_auto_translated_physmap))
		return -ENODEV;
	/*
	 * One user PTE maps one Xen frame here; a 16 KiB or 64 KiB page
	 * would need XEN_PFN_PER_PAGE frames per PTE (docs/privcmd.md,
	 * "Page size").  PAGE_SIZE is a compile-time constant: such a
	 * build refuses here and cannot register the device at all.
	 */
	if (PAGE_SIZE != XEN_PAGE_SIZE) {
		pr_err("kernel page size is %lu KiB: not supported, only %lu KiB pages (Xen's frame size) are; boot a %lu KiB-page kernel (Debian: linux-image-arm64, not -arm64-16k)\n",
		       PAGE_SIZE >> 10, XEN_PAGE_SIZE >> 10,
		       XEN_PAGE_SIZE >> 10);
		return -ENODEV;
	}

	err = privcmd_nc_s2_init();
	if (err)
		return err;
	err = privcmd_nc_gpfn_init();
	if (err)
		return err;

	err = misc_register(&privcmd_nc_dev);
	if (err) {
		pr_err("could not register the device: %d\n", err);
		goto out_gpfn;
	}
	return 0;

out_gpfn:
	privcmd_nc_gpfn_exit();
	return err;
}

static void __exit privcmd_nc_exit(void)
{
	misc_deregister(&privcmd_nc_dev);
	privcmd_nc_gpfn_exit();
}

module_init(privcmd_nc_init);
module_exit(privcmd_nc_exit);

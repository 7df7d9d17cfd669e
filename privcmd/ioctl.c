// SPDX-License-Identifier: GPL-2.0-only
/*
 * One handler per ioctl.  Each checks in the same order: copy the
 * argument, flags and reserved fields, the fd's domain restriction, limits,
 * then allocates and works; after the first allocation errors leave
 * through the cleanup labels.
 */
#define pr_fmt(fmt) "xen:" KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include <asm/xen/hypercall.h>
#include <xen/interface/memory.h>

#include "internal.h"

static bool restricted_from(const struct privcmd_nc_file *pf, domid_t dom)
{
	return pf->domid != DOMID_INVALID && pf->domid != dom;
}

/* The mapping state of vma, created by the call that covers all of it. */
static int vma_state(struct vm_area_struct *vma, unsigned long addr,
		     unsigned long nr, struct privcmd_nc_vma **out)
{
	struct privcmd_nc_vma *st = vma->vm_private_data;
	unsigned long first = (addr - vma->vm_start) >> PAGE_SHIFT;
	int rc;

	if (st) {
		if (find_next_bit(st->mapped, first + nr, first) < first + nr)
			return -EBUSY;
		*out = st;
		return 0;
	}
	if (addr != vma->vm_start || nr != vma_pages(vma))
		return -EINVAL;

	st = kzalloc_obj(*st, GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->mapped = bitmap_zalloc(nr, GFP_KERNEL);
	if (!st->mapped) {
		rc = -ENOMEM;
		goto out_free;
	}
	rc = privcmd_nc_gpfns_alloc(&st->gpfns, nr);
	if (rc)
		goto out_free;
	refcount_set(&st->users, 1);
	vma->vm_private_data = st;
	*out = st;
	return 0;

out_free:
	bitmap_free(st->mapped);
	kfree(st);
	return rc;
}

/* Stage 2 then stage 1 for frames [first, first + nr) of the mapping. */
static int map_chunk(struct privcmd_nc_file *pf, struct vm_area_struct *vma,
		     struct privcmd_nc_vma *st, struct privcmd_nc_s2_batch *b,
		     xen_pfn_t *gp, domid_t dom, const u64 *gfns, int *errs,
		     unsigned long first, unsigned int nr)
{
	unsigned long addr = vma->vm_start + (first << PAGE_SHIFT);
	unsigned int i, nr_nc, nr_wb;
	int rc;

	for (i = 0; i < nr; i++)
		gp[i] = privcmd_nc_gpfn(&st->gpfns, first + i);

	rc = privcmd_nc_s2_map(b, dom, gfns, gp, errs, nr, &nr_nc, &nr_wb);
	if (rc)
		return rc;
	for (i = 0; i < nr; i++)
		if (!errs[i])
			__set_bit(first + i, st->mapped);
	atomic64_add(nr_nc, &pf->nc_pages);
	atomic64_add(nr_wb, &pf->wb_pages);

	return privcmd_nc_pte_install(vma, addr, gp, errs, nr);
}

static int map_frames(struct privcmd_nc_file *pf, struct mm_struct *mm,
		      unsigned long addr, domid_t dom, const u64 *gfns,
		      int *errs, unsigned long num)
{
	struct privcmd_nc_s2_batch *b;
	struct vm_area_struct *vma;
	struct privcmd_nc_vma *st;
	unsigned long done, first;
	xen_pfn_t *gp;
	int rc = -ENOMEM;

	b = privcmd_nc_s2_batch_alloc();
	gp = kmalloc_array(PRIVCMD_NC_BATCH, sizeof(*gp), GFP_KERNEL);
	if (!b || !gp)
		goto out;

	mmap_write_lock(mm);
	vma = vma_lookup(mm, addr);
	if (!privcmd_nc_is_our_vma(vma) ||
	    num > (vma->vm_end - addr) >> PAGE_SHIFT) {
		rc = -EINVAL;
		goto out_unlock;
	}
	rc = vma_state(vma, addr, num, &st);
	if (rc)
		goto out_unlock;

	first = (addr - vma->vm_start) >> PAGE_SHIFT;
	for (done = 0; done < num; done += PRIVCMD_NC_BATCH) {
		unsigned int n = min_t(unsigned long, num - done,
				       PRIVCMD_NC_BATCH);

		if (fatal_signal_pending(current)) {
			rc = -EINTR;
			break;
		}
		rc = map_chunk(pf, vma, st, b, gp, dom, gfns + done,
			       errs + done, first + done, n);
		if (rc)
			break;
		cond_resched();
	}

out_unlock:
	mmap_write_unlock(mm);
out:
	kfree(gp);
	privcmd_nc_s2_batch_free(b);
	return rc;
}

/* Report per-frame errors the way the calling version expects. */
static int return_errors(int version, u64 __user *arr, int __user *uerr,
			 const u64 *gfns, const int *errs, unsigned long num)
{
	unsigned long i;

	if (version == 2)
		return copy_to_user(uerr, errs, num * sizeof(*errs)) ?
			-EFAULT : 0;

	for (i = 0; i < num; i++) {
		u64 gfn = gfns[i];

		if (!errs[i])
			continue;
		gfn |= errs[i] == -ENOENT ? PRIVCMD_NC_MMAPBATCH_PAGED_ERROR :
			PRIVCMD_NC_MMAPBATCH_MFN_ERROR;
		if (put_user(gfn, arr + i))
			return -EFAULT;
	}
	return 0;
}

long privcmd_nc_ioctl_mmap_batch(struct file *file, void __user *udata,
				 int version)
{
	struct privcmd_nc_file *pf = file->private_data;
	struct privcmd_nc_mmapbatch_v2 m;
	u64 __user *arr;
	int __user *uerr;
	u64 *gfns = NULL;
	int *errs = NULL;
	unsigned long i;
	long ret;

	if (version == 1) {
		struct privcmd_nc_mmapbatch m1;

		if (copy_from_user(&m1, udata, sizeof(m1)))
			return -EFAULT;
		m.num = m1.num;
		m.dom = m1.dom;
		m.addr = m1.addr;
		m.arr = m1.arr;
		m.err = 0;
	} else {
		if (copy_from_user(&m, udata, sizeof(m)))
			return -EFAULT;
	}
	arr = u64_to_user_ptr(m.arr);
	uerr = u64_to_user_ptr(m.err);

	/* No flags in this call; pad is ignored (see the UAPI header). */

	if (restricted_from(pf, m.dom))
		return -EPERM;

	if (m.dom == DOMID_SELF || m.dom >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	if (!m.num || m.addr & ~PAGE_MASK)
		return -EINVAL;
	if (m.num > privcmd_nc_max_pages)
		return -E2BIG;
	if (!access_ok(arr, m.num * sizeof(*arr)) ||
	    (version == 2 && !access_ok(uerr, m.num * sizeof(*uerr))))
		return -EFAULT;

	gfns = kvmalloc_array(m.num, sizeof(*gfns), GFP_KERNEL);
	errs = kvcalloc(m.num, sizeof(*errs), GFP_KERNEL);
	if (!gfns || !errs) {
		ret = -ENOMEM;
		goto out;
	}
	/* Read the gfns before taking the mmap lock: faults need it. */
	if (copy_from_user(gfns, arr, m.num * sizeof(*gfns))) {
		ret = -EFAULT;
		goto out;
	}

	ret = map_frames(pf, current->mm, m.addr, m.dom, gfns, errs, m.num);
	if (ret)
		goto out;

	ret = return_errors(version, arr, uerr, gfns, errs, m.num);
	if (ret)
		goto out;
	for (i = 0; i < m.num; i++) {
		if (errs[i] == -ENOENT) {
			ret = -ENOENT;
			break;
		}
	}

out:
	kvfree(errs);
	kvfree(gfns);
	return ret;
}

long privcmd_nc_ioctl_restrict(struct file *file, void __user *udata)
{
	struct privcmd_nc_file *pf = file->private_data;
	domid_t dom;

	if (copy_from_user(&dom, udata, sizeof(dom)))
		return -EFAULT;

	/* Restrict to dom, or check it is the domain already restricted to. */
	if (pf->domid == DOMID_INVALID)
		pf->domid = dom;
	else if (pf->domid != dom)
		return -EINVAL;

	return 0;
}

long privcmd_nc_ioctl_mmap_resource(struct file *file, void __user *udata)
{
	struct privcmd_nc_file *pf = file->private_data;
	struct privcmd_nc_mmap_resource __user *ures = udata;
	struct privcmd_nc_mmap_resource kdata;
	struct xen_mem_acquire_resource xdata = { };
	int rc;

	if (copy_from_user(&kdata, udata, sizeof(kdata)))
		return -EFAULT;

	if (restricted_from(pf, kdata.dom))
		return -EPERM;

	/* Both set or both unset */
	if (!!kdata.addr != !!kdata.num)
		return -EINVAL;

	/*
	 * Resources (grant tables, ioreq pages) are pages Xen itself maps
	 * cacheable; an NC alias would mismatch them.  Only the size query.
	 */
	if (kdata.addr)
		return -EOPNOTSUPP;

	xdata.domid = kdata.dom;
	xdata.type = kdata.type;
	xdata.id = kdata.id;
	rc = HYPERVISOR_memory_op(XENMEM_acquire_resource, &xdata);
	if (rc)
		return rc;
	return put_user((u64)xdata.nr_frames, &ures->num);
}

/* What a mapping made through pf gets, or would get, at stage 2. */
static u32 s2_state(struct privcmd_nc_file *pf)
{
	u32 feat = privcmd_nc_s2_features();

	if (atomic64_read(&pf->wb_pages))
		return PRIVCMD_NC_S2_CACHEABLE;
	if (atomic64_read(&pf->nc_pages))
		return PRIVCMD_NC_S2_NONCACHEABLE;
	if (!privcmd_nc_s2_features_known())
		return PRIVCMD_NC_S2_UNKNOWN;
	if ((feat & PRIVCMD_NC_XENFEAT_S2_NC_FOREIGN) &&
	    !(feat & PRIVCMD_NC_XENFEAT_S2FWB) && !privcmd_nc_s2_nc_refused())
		return PRIVCMD_NC_S2_NONCACHEABLE;
	return PRIVCMD_NC_S2_CACHEABLE;
}

long privcmd_nc_ioctl_query(struct file *file, void __user *udata)
{
	struct privcmd_nc_file *pf = file->private_data;
	struct privcmd_nc_query q = { };
	u32 feat = privcmd_nc_s2_features();

	q.abi_version = PRIVCMD_NC_ABI_VERSION;
	q.s1_memtype = PRIVCMD_NC_S1_NORMAL_NC;
	q.s2_state = s2_state(pf);
	q.fwb = !!(feat & PRIVCMD_NC_XENFEAT_S2FWB);
	q.xen_features = feat;
	if (privcmd_nc_s2_features_known())
		q.flags |= PRIVCMD_NC_QF_FEATURES_KNOWN;
	if (privcmd_nc_gpfn_region_pages())
		q.flags |= PRIVCMD_NC_QF_EXTENDED_REGIONS;
	if (feat & PRIVCMD_NC_XENFEAT_S2_NC_FOREIGN)
		q.flags |= PRIVCMD_NC_QF_S2_NC_FOREIGN;
	if (feat & PRIVCMD_NC_XENFEAT_GUEST_CACHE_TRAP)
		q.flags |= PRIVCMD_NC_QF_GUEST_CACHE_TRAP;
	if (privcmd_nc_s2_nc_refused())
		q.flags |= PRIVCMD_NC_QF_NC_REFUSED;
	q.region_pages = privcmd_nc_gpfn_region_pages();
	q.region_free_pages = privcmd_nc_gpfn_region_free();
	q.nc_pages = atomic64_read(&pf->nc_pages);
	q.wb_pages = atomic64_read(&pf->wb_pages);

	if (copy_to_user(udata, &q, sizeof(q)))
		return -EFAULT;
	return 0;
}

long privcmd_nc_ioctl_pte(struct file *file, void __user *udata)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct privcmd_nc_pte p;
	long ret;

	if (copy_from_user(&p, udata, sizeof(p)))
		return -EFAULT;

	if (p.flags || p.reserved)
		return -EINVAL;

	/* Only our own mappings: this is a test aid, not a page-table dump. */
	mmap_read_lock(mm);
	vma = vma_lookup(mm, p.addr);
	if (!privcmd_nc_is_our_vma(vma)) {
		ret = -EINVAL;
		goto out_unlock;
	}
	ret = privcmd_nc_pte_read(vma, p.addr, &p);

out_unlock:
	mmap_read_unlock(mm);
	if (ret)
		return ret;
	if (copy_to_user(udata, &p, sizeof(p)))
		return -EFAULT;
	return 0;
}

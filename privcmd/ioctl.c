// SPDX-License-Identifier: GPL-2.0-only
/*
 * One handler per ioctl.  Each checks in the same order: copy the
 * argument, flags and reserved fields, the fd's domain restriction, limits,
 * then allocates and works; after the first allocation errors leave
 * through the cleanup labels.
 */
#define pr_fmt(fmt) "xen:" KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/capability.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include <asm/xen/hypercall.h>
#include <xen/interface/memory.h>

#include "internal.h"

/* RESTRICT sets domid once (cmpxchg); readers see DOMID_INVALID or it. */
static domid_t fd_domid(const struct privcmd_nc_file *pf)
{
	return READ_ONCE(pf->domid);
}

static bool restricted_from(const struct privcmd_nc_file *pf, domid_t dom)
{
	domid_t d = fd_domid(pf);

	return d != DOMID_INVALID && d != dom;
}

/*
 * Charge nr pages to pf's quota: a RESTRICTed fd (a deprivileged device
 * model) may hold at most restricted_max_pages pages in its live mappings,
 * so that it cannot exhaust the region pool (or, in fallback, dom0's
 * ballooned pages) that every domain build needs.  -EDQUOT beyond it.
 */
static int quota_charge(struct privcmd_nc_file *pf, unsigned long nr)
{
	s64 limit = READ_ONCE(privcmd_nc_restricted_max_pages);
	s64 now = atomic64_add_return(nr, &pf->map_pages);

	if (fd_domid(pf) != DOMID_INVALID && now > limit) {
		atomic64_sub(nr, &pf->map_pages);
		return -EDQUOT;
	}
	return 0;
}

/* The mapping state of vma, created by the call that covers all of it. */
static int vma_state(struct privcmd_nc_file *pf, struct vm_area_struct *vma,
		     unsigned long addr, unsigned long nr,
		     struct privcmd_nc_vma **out)
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

	rc = quota_charge(pf, nr);
	if (rc)
		return rc;
	st = kzalloc_obj(*st, GFP_KERNEL);
	if (!st) {
		rc = -ENOMEM;
		goto out_uncharge;
	}
	/* 2^20 bits is 128 KiB: an order-5 kmalloc could fail, so kv. */
	st->mapped = kvcalloc(BITS_TO_LONGS(nr), sizeof(unsigned long),
			      GFP_KERNEL);
	if (!st->mapped) {
		rc = -ENOMEM;
		goto out_free;
	}
	rc = privcmd_nc_gpfns_alloc(&st->gpfns, nr);
	if (rc)
		goto out_free;
	refcount_set(&st->users, 1);
	st->pf = pf;
	vma->vm_private_data = st;
	*out = st;
	return 0;

out_free:
	kvfree(st->mapped);
	kfree(st);
out_uncharge:
	atomic64_sub(nr, &pf->map_pages);
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
	bool refused;
	int rc;

	for (i = 0; i < nr; i++)
		gp[i] = privcmd_nc_gpfn(&st->gpfns, first + i);

	rc = privcmd_nc_s2_map(b, dom, gfns, gp, errs, nr, &nr_nc, &nr_wb,
			       &refused);
	if (rc)
		return rc;
	if (refused && !st->nc_refused) {
		st->nc_refused = true;
		WRITE_ONCE(pf->nc_refused, true);
		pr_info_ratelimited("Xen refused NC stage 2 for a mapping of d%u: its frames are cacheable at stage 2\n",
				    dom);
	}
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
	/* Only a mapping of this fd: not another fd's, nor its counters. */
	if (!privcmd_nc_is_vma_of(vma, pf) ||
	    num > (vma->vm_end - addr) >> PAGE_SHIFT) {
		rc = -EINVAL;
		goto out_unlock;
	}
	rc = vma_state(pf, vma, addr, num, &st);
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
	domid_t dom, old, unset;

	if (copy_from_user(&dom, udata, sizeof(dom)))
		return -EFAULT;

	/*
	 * Restrict to dom, or check it is the domain already restricted to.
	 * One atomic step: two racing calls cannot both succeed for two
	 * different domains.  (The value read, not DOMID_INVALID itself:
	 * sparse would see that constant truncated in cmpxchg's byte-sized
	 * branch.)
	 */
	unset = fd_domid(pf);
	if (unset != DOMID_INVALID)
		return unset == dom ? 0 : -EINVAL;
	old = cmpxchg(&pf->domid, unset, dom);
	if (old != DOMID_INVALID && old != dom)
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
	if (atomic64_read(&pf->wb_pages))
		return PRIVCMD_NC_S2_CACHEABLE;
	if (atomic64_read(&pf->nc_pages))
		return PRIVCMD_NC_S2_NONCACHEABLE;
	if (!privcmd_nc_s2_features_known())
		return PRIVCMD_NC_S2_UNKNOWN;
	if (privcmd_nc_s2_try_nc() && !READ_ONCE(pf->nc_refused))
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
	if (READ_ONCE(pf->nc_refused))
		q.flags |= PRIVCMD_NC_QF_NC_REFUSED;
	/*
	 * Without regions the frames sit at dom0 RAM pages: their linear-map
	 * alias is cacheable unless Xen made stage 2 NC for them.
	 */
	if (!privcmd_nc_gpfn_region_pages() &&
	    q.s2_state != PRIVCMD_NC_S2_NONCACHEABLE)
		q.flags |= PRIVCMD_NC_QF_CACHEABLE_ALIAS;
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
	struct privcmd_nc_file *pf = file->private_data;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct privcmd_nc_pte p;
	long ret;

	if (copy_from_user(&p, udata, sizeof(p)))
		return -EFAULT;

	if (p.flags || p.reserved)
		return -EINVAL;

	/*
	 * A debug aid that reveals physical addresses (in fallback mode a
	 * dom0 RAM frame, which pagemap hides without CAP_SYS_ADMIN): for
	 * the administrator on an unrestricted fd only.
	 */
	if (fd_domid(pf) != DOMID_INVALID || !capable(CAP_SYS_ADMIN))
		return -EPERM;

	/* Only this fd's own mappings: not a page-table dump. */
	mmap_read_lock(mm);
	vma = vma_lookup(mm, p.addr);
	if (!privcmd_nc_is_vma_of(vma, pf)) {
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

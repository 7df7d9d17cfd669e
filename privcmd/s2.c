// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage 2: ask Xen to put foreign frames into dom0's physmap, preferably
 * with Normal non-cacheable attributes (XENMAPSPACE_gmfn_foreign_nc, the
 * xen-uncached ABI), else as stock Xen does.
 */
#define pr_fmt(fmt) "xen:" KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/bitops.h>
#include <linux/sched.h>
#include <linux/errno.h>

#include <asm/xen/hypercall.h>
#include <xen/interface/xen.h>
#include <xen/interface/version.h>
#include <xen/interface/memory.h>

#include "internal.h"

/*
 * Not an upstream map space: see docs/privcmd.md.  Sent only to a Xen that
 * declares it (PRIVCMD_NC_XENFEAT_S2_NC_FOREIGN in features submap 1).
 */
#define XENMAPSPACE_gmfn_foreign_nc	0x84

static bool features_known;
static u32 features;

struct privcmd_nc_s2_batch {
	xen_ulong_t idxs[PRIVCMD_NC_BATCH];
	xen_pfn_t gpfns[PRIVCMD_NC_BATCH];
	int errs[PRIVCMD_NC_BATCH];
	unsigned int pos[PRIVCMD_NC_BATCH];	/* retry slot -> caller slot */
};

int privcmd_nc_s2_init(void)
{
	struct xen_feature_info fi = { .submap_idx = 1 };
	int rc;

	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	if (rc == 0) {
		features = fi.submap;
		features_known = true;
	} else if (rc == -EINVAL) {
		/* Stock Xen knows submap 0 only: none of our features. */
		features = 0;
		features_known = true;
	} else {
		pr_warn("XENVER_get_features submap 1 failed: %d\n", rc);
	}
	pr_info("Xen features submap 1: %#x%s\n", features,
		features_known ? "" : " (unknown)");
	return 0;
}

bool privcmd_nc_s2_features_known(void)
{
	return features_known;
}

u32 privcmd_nc_s2_features(void)
{
	return features;
}

/*
 * Whether a mapping asks Xen for NC stage-2 entries: only where Xen
 * declared the map space, and not with FWB (guest RAM is forced
 * write-back there, so NC buys nothing).  An undeclared ABI is never sent.
 */
bool privcmd_nc_s2_try_nc(void)
{
	return (features & PRIVCMD_NC_XENFEAT_S2_NC_FOREIGN) &&
	       !(features & PRIVCMD_NC_XENFEAT_S2FWB);
}

struct privcmd_nc_s2_batch *privcmd_nc_s2_batch_alloc(void)
{
	return kmalloc(sizeof(struct privcmd_nc_s2_batch), GFP_KERNEL);
}

void privcmd_nc_s2_batch_free(struct privcmd_nc_s2_batch *b)
{
	kfree(b);
}

static int s2_add_range(unsigned int space, domid_t dom, xen_ulong_t *idxs,
			xen_pfn_t *gpfns, int *errs, unsigned int nr)
{
	struct xen_add_to_physmap_range xatp = {
		.domid = DOMID_SELF,
		.foreign_domid = dom,
		.space = space,
		.size = nr,
	};
	unsigned int i;
	int rc;

	for (i = 0; i < nr; i++)
		errs[i] = 0;
	set_xen_guest_handle(xatp.idxs, idxs);
	set_xen_guest_handle(xatp.gpfns, gpfns);
	set_xen_guest_handle(xatp.errs, errs);
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap_range, &xatp);
	if (rc < 0) {
		/* Xen refused the whole call: the same error for each frame. */
		for (i = 0; i < nr; i++)
			errs[i] = rc;
	}
	return rc;
}

/* Xen's public errno.h values (the same numbers as Linux's). */
#define XEN_ENOSYS	38
#define XEN_EINVAL	22
#define XEN_EOPNOTSUPP	95

/* Per-frame errors with which Xen turns down a map space it lacks. */
static bool space_refused(int err)
{
	return err == -XEN_ENOSYS || err == -XEN_EOPNOTSUPP ||
	       err == -XEN_EINVAL;
}

/*
 * Map nr (<= PRIVCMD_NC_BATCH) frames gfns of dom at gpfns.  errs[i] gets
 * 0 or Xen's -errno for frame i; *nr_nc and *nr_wb count the frames mapped
 * with NC and WB stage-2 attributes; *refused is set when NC was asked for
 * and Xen mapped a frame write-back instead (never when NC was not asked
 * for).  Returns 0: per-frame errors are reported only through errs.
 */
int privcmd_nc_s2_map(struct privcmd_nc_s2_batch *b, domid_t dom,
		      const u64 *gfns, const xen_pfn_t *gpfns, int *errs,
		      unsigned int nr, unsigned int *nr_nc, unsigned int *nr_wb,
		      bool *refused)
{
	bool try_nc = privcmd_nc_s2_try_nc();
	unsigned int i, n = 0;

	*nr_nc = 0;
	*nr_wb = 0;
	*refused = false;
	for (i = 0; i < nr; i++) {
		b->idxs[i] = gfns[i];
		b->gpfns[i] = gpfns[i];
		b->pos[i] = i;
	}

	if (try_nc) {
		s2_add_range(XENMAPSPACE_gmfn_foreign_nc, dom, b->idxs,
			     b->gpfns, errs, nr);
		/* Compact the refused frames into the retry slots. */
		for (i = 0; i < nr; i++) {
			if (!errs[i]) {
				(*nr_nc)++;
				continue;
			}
			if (!space_refused(errs[i]))
				continue;
			b->idxs[n] = gfns[i];
			b->gpfns[n] = gpfns[i];
			b->pos[n] = i;
			n++;
		}
		if (!n)
			return 0;
	} else {
		n = nr;
	}

	s2_add_range(XENMAPSPACE_gmfn_foreign, dom, b->idxs, b->gpfns,
		     b->errs, n);
	for (i = 0; i < n; i++) {
		errs[b->pos[i]] = b->errs[i];
		if (b->errs[i])
			continue;
		(*nr_wb)++;
		if (try_nc)
			*refused = true;
	}
	return 0;
}

/* Remove one foreign frame from dom0's physmap. */
static int s2_unmap_one(xen_pfn_t gpfn)
{
	struct xen_remove_from_physmap xrp = {
		.domid = DOMID_SELF,
		.gpfn = gpfn,
	};

	return HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &xrp);
}

/*
 * Removals go to Xen PRIVCMD_NC_UNMAP_BATCH at a time, as one multicall of
 * XENMEM_remove_from_physmap ops: one trap into Xen per batch rather than
 * per frame, each op still with its own result.  22 KiB, so kvmalloc'd:
 * Xen reads hypercall arguments through dom0's stage-1 tables, page by
 * page, so vmalloc memory is as good as the linear map.
 */
#define PRIVCMD_NC_UNMAP_BATCH	256

/* Never a result of XENMEM_remove_from_physmap (0 or -errno). */
#define MC_NOT_RUN	1

struct privcmd_nc_s2_unmap_batch {
	struct multicall_entry mc[PRIVCMD_NC_UNMAP_BATCH];
	struct xen_remove_from_physmap xrp[PRIVCMD_NC_UNMAP_BATCH];
	unsigned long idx[PRIVCMD_NC_UNMAP_BATCH];	/* frame of each op */
};

/*
 * Issue the n removals queued in b; clear the bit in mapped of each frame
 * Xen removed.  An op Xen did not run (the multicall itself failed or is
 * unknown to it: its result is still MC_NOT_RUN) is retried on its own.
 * Returns how many frames stay mapped, *rc the last error.
 */
static unsigned long unmap_batch(struct privcmd_nc_s2_unmap_batch *b,
				 unsigned int n, unsigned long *mapped,
				 int *rc)
{
	unsigned long failed = 0;
	unsigned int i;
	long err;

	HYPERVISOR_multicall(b->mc, n);
	for (i = 0; i < n; i++) {
		err = b->mc[i].result;
		if (err == MC_NOT_RUN)
			err = HYPERVISOR_memory_op(XENMEM_remove_from_physmap,
						   &b->xrp[i]);
		if (err) {
			failed++;
			*rc = err;
			continue;
		}
		__clear_bit(b->idx[i], mapped);
	}
	return failed;
}

/*
 * Remove from dom0's physmap every frame of g whose bit is set in mapped
 * (frame i at privcmd_nc_gpfn(g, i)), clearing the bit of each removed.
 * A frame Xen will not remove keeps its bit; returns how many did, with
 * *rc the last error.  Without memory for a batch, one call per frame.
 */
unsigned long privcmd_nc_s2_unmap_mapped(const struct privcmd_nc_gpfns *g,
					 unsigned long *mapped, int *rc)
{
	struct privcmd_nc_s2_unmap_batch *b;
	unsigned long i, failed = 0;
	unsigned int n = 0;

	b = kvmalloc_obj(*b, GFP_KERNEL);
	for_each_set_bit(i, mapped, g->nr) {
		if (!b) {
			int err = s2_unmap_one(privcmd_nc_gpfn(g, i));

			if (err) {
				failed++;
				*rc = err;
			} else {
				__clear_bit(i, mapped);
			}
			cond_resched();
			continue;
		}
		b->xrp[n].domid = DOMID_SELF;
		b->xrp[n].gpfn = privcmd_nc_gpfn(g, i);
		b->mc[n].op = __HYPERVISOR_memory_op;
		b->mc[n].result = MC_NOT_RUN;
		b->mc[n].args[0] = XENMEM_remove_from_physmap;
		b->mc[n].args[1] = (xen_ulong_t)(uintptr_t)&b->xrp[n];
		b->idx[n] = i;
		if (++n < PRIVCMD_NC_UNMAP_BATCH)
			continue;
		failed += unmap_batch(b, n, mapped, rc);
		n = 0;
		cond_resched();
	}
	if (n)
		failed += unmap_batch(b, n, mapped, rc);
	kvfree(b);
	return failed;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * privcmd/s2.c's removals run as a user program, against a fake Xen that
 * the emulated host cannot be made into: one whose multicall fails
 * outright (nothing run) or is cut short after some of its ops, as when
 * Xen cannot read an entry (-EFAULT) or lacks the hypercall (-ENOSYS).
 * privcmd_nc_s2_unmap_mapped() must then run each op Xen did not on its
 * own, so that every frame is either removed exactly once (its bit in
 * mapped cleared) or kept as failed (bit set, counted, its error
 * reported), with the driver's view equal to Xen's: no frame left in
 * dom0's physmap with its bit cleared (its gpfn would be handed to
 * another mapping over a live entry), none removed twice, none kept that
 * Xen could have removed.  One PASS:/FAIL: line per case.
 */
#include "kshim-test.h"

/* The code under test, statics and all. */
#include "../../../privcmd/s2.c"

#define NF	600		/* frames: two full batches and part of a third */
#define BASE	0x40400UL	/* first gpfn (the emulated host's first region) */

static int failures;

static void result(const char *name, bool ok, const char *why)
{
	if (!ok)
		printf("  why: %s\n", why);
	printf("%s: privcmd-s2-%s\n", ok ? "PASS" : "FAIL", name);
	fflush(stdout);
	failures += !ok;
}

#define CHECK(name, cond, ...)						\
	do {								\
		char why_[512];						\
		snprintf(why_, sizeof(why_), __VA_ARGS__);		\
		result(name, cond, why_);				\
	} while (0)

/* The mapping's frames: gpfn BASE + i (no runs needed here). */
xen_pfn_t privcmd_nc_gpfn(const struct privcmd_nc_gpfns *g, unsigned long i)
{
	return BASE + i;
}

/* ---- The fake Xen: dom0's physmap for gpfns BASE .. BASE + NF - 1. */
enum mc_mode {
	MC_RUNS_ALL,		/* every op run, each with its own result */
	MC_FAILS,		/* -EFAULT, no op run */
	MC_UNKNOWN,		/* -ENOSYS: no multicall at all */
	MC_CUT,			/* runs the first cut ops, then -EFAULT */
};

static struct {
	enum mc_mode mode;
	unsigned int cut;
	bool present[NF];	/* a foreign frame is mapped there */
	bool refuse[NF];	/* Xen will not remove it (-EBUSY) */
	int removed[NF];	/* successful removals */
	int absent[NF];		/* removals of an entry already gone */
	int bad_args;		/* an op Xen would not recognise */
	int multicalls, multicall_ops, singles;
} xen;

static long fake_remove(const struct xen_remove_from_physmap *x)
{
	unsigned long i = x->gpfn - BASE;

	if (x->domid != DOMID_SELF || x->gpfn < BASE || i >= NF) {
		xen.bad_args++;
		return -EINVAL;
	}
	if (!xen.present[i]) {
		xen.absent[i]++;
		return -ENOENT;
	}
	if (xen.refuse[i])
		return -EBUSY;
	xen.present[i] = false;
	xen.removed[i]++;
	return 0;
}

int HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	xen.singles++;
	if (cmd != XENMEM_remove_from_physmap) {
		xen.bad_args++;
		return -ENOSYS;
	}
	return fake_remove(arg);
}

int HYPERVISOR_multicall(struct multicall_entry *calls, uint32_t nr)
{
	uint32_t k;

	xen.multicalls++;
	if (xen.mode == MC_FAILS)
		return -EFAULT;
	if (xen.mode == MC_UNKNOWN)
		return -ENOSYS;
	for (k = 0; k < nr; k++) {
		/* As Xen's do_multicall(): a result only for an op it ran. */
		if (xen.mode == MC_CUT && k == xen.cut)
			return -EFAULT;
		xen.multicall_ops++;
		if (calls[k].op != __HYPERVISOR_memory_op ||
		    calls[k].args[0] != XENMEM_remove_from_physmap) {
			xen.bad_args++;
			calls[k].result = -ENOSYS;
			continue;
		}
		calls[k].result =
			fake_remove((void *)(uintptr_t)calls[k].args[1]);
	}
	return 0;
}

int HYPERVISOR_xen_version(int cmd, void *arg)
{
	return -ENOSYS;
}

/* ---- The cases. */
struct setup {
	const char *name;
	enum mc_mode mode;
	unsigned int cut;
	int fail_alloc;		/* kshim_fail_nth: no memory for a batch */
};

static bool hole(unsigned long i)
{
	return i % 97 == 13;		/* never mapped: no op may be sent */
}

static bool refused(unsigned long i)
{
	/* Batch edges and a few inside: 0, 255, 256, 511, 599 and more. */
	return i == 0 || i == 255 || i == 256 || i == 511 || i == NF - 1 ||
	       i % 50 == 7;
}

static void run(const struct setup *s)
{
	unsigned long mapped[(NF + BITS_PER_LONG - 1) / BITS_PER_LONG] = { 0 };
	struct privcmd_nc_gpfns g = { .nr = NF };
	unsigned long i, failed, want_failed = 0, wrong = 0, kept_removable = 0;
	unsigned long double_removed = 0, leaked = 0, kept_gone = 0;
	char name[96];
	int rc = 0;

	memset(&xen, 0, sizeof(xen));
	xen.mode = s->mode;
	xen.cut = s->cut;
	for (i = 0; i < NF; i++) {
		if (hole(i))
			continue;
		mapped[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
		xen.present[i] = true;
		xen.refuse[i] = refused(i);
		want_failed += refused(i);
	}
	kshim_fail_nth = s->fail_alloc;
	failed = privcmd_nc_s2_unmap_mapped(&g, mapped, &rc);
	kshim_fail_nth = 0;

	for (i = 0; i < NF; i++) {
		bool kept = test_bit(i, mapped);

		if (hole(i)) {
			wrong += kept || xen.removed[i] || xen.absent[i];
			continue;
		}
		double_removed += xen.removed[i] > 1 || xen.absent[i];
		leaked += !kept && xen.present[i];	/* cleared, still there */
		kept_gone += kept && !xen.present[i];	/* kept, but removed */
		kept_removable += kept && !xen.refuse[i];
		wrong += kept != xen.refuse[i] ||
			 xen.removed[i] != !xen.refuse[i];
	}

	snprintf(name, sizeof(name), "%s-each-frame-removed-once-or-kept",
		 s->name);
	CHECK(name, !wrong && !double_removed && !leaked && !kept_gone &&
	      !kept_removable && !xen.bad_args,
	      "%lu frames wrong: %lu removed twice, %lu cleared but still mapped, %lu kept but removed, %lu kept although removable; %d bad ops",
	      wrong, double_removed, leaked, kept_gone, kept_removable,
	      xen.bad_args);
	snprintf(name, sizeof(name), "%s-failed-counted-and-reported",
		 s->name);
	CHECK(name, failed == want_failed && rc == -EBUSY,
	      "returned %lu failed (want %lu), rc %d (want %d)", failed,
	      want_failed, rc, -EBUSY);
}

int main(void)
{
	/* Batches of PRIVCMD_NC_UNMAP_BATCH (256): 3 multicalls for NF. */
	static const struct setup setups[] = {
		{ "multicall-ok", MC_RUNS_ALL, 0, 0 },
		{ "multicall-efault", MC_FAILS, 0, 0 },
		{ "multicall-enosys", MC_UNKNOWN, 0, 0 },
		{ "multicall-cut-after-0", MC_CUT, 0, 0 },
		{ "multicall-cut-after-100", MC_CUT, 100, 0 },
		{ "multicall-cut-after-255", MC_CUT, 255, 0 },
		{ "no-batch-memory", MC_RUNS_ALL, 0, 1 },
	};
	size_t k;

	for (k = 0; k < sizeof(setups) / sizeof(setups[0]); k++) {
		run(&setups[k]);
		/* How the work was split, for the cases where it is known. */
		if (setups[k].mode == MC_RUNS_ALL && !setups[k].fail_alloc)
			CHECK("multicall-ok-3-multicalls-no-single-op",
			      xen.multicalls == 3 && xen.singles == 0,
			      "%d multicalls, %d single ops", xen.multicalls,
			      xen.singles);
		/* 593 frames mapped: batches of 256, 256 and 81. */
		if (setups[k].mode == MC_CUT && setups[k].cut == 100)
			CHECK("multicall-cut-after-100-retries-only-the-rest",
			      xen.multicalls == 3 &&
			      xen.multicall_ops == 100 + 100 + 81 &&
			      xen.singles == 593 - 281,
			      "%d multicalls of %d ops run, %d single ops",
			      xen.multicalls, xen.multicall_ops, xen.singles);
		if (setups[k].mode == MC_FAILS)
			CHECK("multicall-efault-each-op-retried-once",
			      xen.multicalls == 3 && !xen.multicall_ops &&
			      xen.singles == 593,
			      "%d multicalls of %d ops run, %d single ops",
			      xen.multicalls, xen.multicall_ops, xen.singles);
		if (setups[k].fail_alloc)
			CHECK("no-batch-memory-one-call-a-frame",
			      !xen.multicalls && xen.singles == 593,
			      "%d multicalls, %d single ops", xen.multicalls,
			      xen.singles);
	}
	return failures ? 1 : 0;
}

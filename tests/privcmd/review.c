// SPDX-License-Identifier: MIT
/*
 * pcnc-test review: the review fixes of issue 15 (docs/privcmd.md,
 * "Review fixes"), each case with the errno it expects.  Needs a paused
 * guest DOM and root (it writes the module's parameters in sysfs and
 * restores them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "pcnc.h"

#define N 16
#define PARAMS "/sys/module/xen_privcmd_nc/parameters/"

/* 600: the largest case, more than two of the module's unmap batches. */
static uint64_t gfns[600];
static int errs[600];

static void *map_area(int fd, size_t pages)
{
	return mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}

static int restrict_fd(int fd, uint16_t dom)
{
	return ioctl(fd, IOCTL_PRIVCMD_NC_RESTRICT, &dom) ? -errno : 0;
}

/* Write val to the module parameter name: 0 or -errno of the write. */
static int param_write(const char *name, const char *val)
{
	char path[128];
	int fd, rc;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	rc = write(fd, val, strlen(val)) < 0 ? -errno : 0;
	close(fd);
	return rc;
}

static int param_read(const char *name, char *buf, size_t len)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* (a) One fd cannot fill another fd's mapping, nor read its PTEs. */
static void case_other_fd(unsigned int dom)
{
	int fd1 = pcnc__open(PCNC_DEV), fd2 = pcnc__open(PCNC_DEV);
	struct privcmd_nc_query q;
	struct privcmd_nc_pte p;
	char *a = map_area(fd2, N);
	int rc;

	rc = pcnc__batch(fd1, dom, a, gfns, N, errs);
	CHECK("other-fd-vma-einval", rc == -EINVAL,
	      "MMAPBATCH through fd1 into fd2's mapping: rc %d", rc);
	rc = pcnc__query(fd1, &q);
	CHECK("other-fd-counters-untouched",
	      !rc && !q.nc_pages && !q.wb_pages,
	      "fd1 counts nc %llu wb %llu pages", (unsigned long long)q.nc_pages,
	      (unsigned long long)q.wb_pages);
	rc = pcnc__batch(fd2, dom, a, gfns, N, errs);
	CHECK("own-fd-vma-maps", !rc && !pcnc__count_errs(errs, N),
	      "MMAPBATCH through fd2 into its own mapping: rc %d", rc);
	rc = pcnc__pte(fd1, a, &p);
	CHECK("other-fd-pte-einval", rc == -EINVAL, "PTE through fd1: rc %d",
	      rc);
	munmap(a, N * PG);
	close(fd1);
	close(fd2);
}

/* Set (on=1) or clear CAP_SYS_ADMIN in this thread's effective set. */
static int cap_sys_admin(int on)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	if (on)
		d[0].effective |= 1U << CAP_SYS_ADMIN;
	else
		d[0].effective &= ~(1U << CAP_SYS_ADMIN);
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* (b) The PTE ioctl: CAP_SYS_ADMIN and an unrestricted fd only. */
static void case_pte_perm(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV);
	struct privcmd_nc_pte p;
	char *a = map_area(fd, N);
	int rc;

	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("pte-perm-map", !rc && !pcnc__count_errs(errs, N), "rc %d", rc);
	rc = pcnc__pte(fd, a, &p);
	CHECK("pte-admin-unrestricted-ok", !rc, "rc %d", rc);
	rc = cap_sys_admin(0);
	if (!rc)
		rc = pcnc__pte(fd, a, &p);
	cap_sys_admin(1);
	CHECK("pte-without-cap-sys-admin-eperm", rc == -EPERM, "rc %d", rc);
	rc = restrict_fd(fd, dom);
	CHECK("pte-perm-restrict", !rc, "rc %d", rc);
	rc = pcnc__pte(fd, a, &p);
	CHECK("pte-restricted-fd-eperm", rc == -EPERM, "rc %d (pfn %#llx)", rc,
	      (unsigned long long)p.pfn);
	munmap(a, N * PG);
	close(fd);
}

/*
 * (b') The same ioctl from a module loaded without debug_pte=1: refused
 * as an unknown ioctl (ENOTTY), even for CAP_SYS_ADMIN on an unrestricted
 * fd and an address in its own mapping, where the debug module answers.
 * The parameter is read-only (0444): it cannot be turned on later.
 */
void pcnc__case_pte_off(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV);
	struct privcmd_nc_pte p;
	char *a = map_area(fd, N);
	char val[16] = "";
	size_t i;
	int rc;

	for (i = 0; i < N; i++)
		gfns[i] = GUEST_RAM0_GFN + 0x3000 + i;
	rc = param_read("debug_pte", val, sizeof(val));
	CHECK("pte-off-param-reads-n", !rc && !strcmp(val, "N"),
	      "rc %d, debug_pte '%s'", rc, val);
	rc = param_write("debug_pte", "1");
	CHECK("pte-off-param-read-only", rc == -EACCES || rc == -EPERM,
	      "write gave rc %d", rc);
	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("pte-off-map", !rc && !pcnc__count_errs(errs, N), "rc %d", rc);
	rc = pcnc__pte(fd, a, &p);
	CHECK("pte-without-debug-pte-enotty", rc == -ENOTTY, "rc %d", rc);
	rc = restrict_fd(fd, dom);
	rc = rc ? rc : pcnc__pte(fd, a, &p);
	CHECK("pte-without-debug-pte-restricted-enotty", rc == -ENOTTY,
	      "rc %d", rc);
	munmap(a, N * PG);
	close(fd);
}

/* (d) max_pages is bounded: 2^24 at most. */
static void case_max_pages(void)
{
	char old[32], now[32];
	int rc;

	if (param_read("max_pages", old, sizeof(old))) {
		CHECK("max-pages-readable", 0, "%s", strerror(errno));
		return;
	}
	rc = param_write("max_pages", "268435457");
	param_read("max_pages", now, sizeof(now));
	CHECK("max-pages-2^28+1-einval", rc == -EINVAL && !strcmp(now, old),
	      "write: rc %d, max_pages now %s (was %s)", rc, now, old);
	rc = param_write("max_pages", "16777217");
	CHECK("max-pages-2^24+1-einval", rc == -EINVAL, "rc %d", rc);
	rc = param_write("max_pages", "0");
	CHECK("max-pages-0-einval", rc == -EINVAL, "rc %d", rc);
	rc = param_write("max_pages", "16777216");
	CHECK("max-pages-2^24-ok", !rc, "rc %d", rc);
	rc = param_write("max_pages", old);
	CHECK("max-pages-restored", !rc, "rc %d", rc);
}

struct restrict_race {
	int fd;
	volatile int go;
	volatile int ready;
	int rc[2];
	uint16_t dom[2];
};

static struct restrict_race rr;

static void *restrict_racer(void *arg)
{
	long i = (long)arg;

	__atomic_add_fetch(&rr.ready, 1, __ATOMIC_SEQ_CST);
	while (!rr.go)
		;
	rr.rc[i] = restrict_fd(rr.fd, rr.dom[i]);
	return NULL;
}

/* (e) Two RESTRICTs to different domains at once: exactly one wins. */
static void case_restrict_race(unsigned int dom)
{
	int both = 0, none = 0, iter;

	rr.dom[0] = dom;
	rr.dom[1] = dom + 1;
	for (iter = 0; iter < 2000; iter++) {
		pthread_t t[2];
		long i;

		rr.fd = pcnc__open(PCNC_DEV);
		rr.go = 0;
		rr.ready = 0;
		for (i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, restrict_racer, (void *)i);
		while (rr.ready < 2)
			;
		rr.go = 1;
		for (i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		both += !rr.rc[0] && !rr.rc[1];
		none += rr.rc[0] && rr.rc[1];
		close(rr.fd);
	}
	printf("  restrict race: %d of 2000 rounds both won, %d none\n",
	       both, none);
	CHECK("restrict-race-one-winner", !both && !none,
	      "%d rounds restricted one fd to two domains, %d to none",
	      both, none);
}

/* (f) A RESTRICTed fd's live mappings hold at most restricted_max_pages. */
static void case_quota(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV), ufd = pcnc__open(PCNC_DEV);
	char old[32];
	char *a, *b, *c;
	int rc;

	if (param_read("restricted_max_pages", old, sizeof(old))) {
		CHECK("quota-param-present", 0, "no restricted_max_pages: %s",
		      strerror(errno));
		return;
	}
	rc = param_write("restricted_max_pages", "64");
	CHECK("quota-set-64", !rc, "rc %d", rc);
	rc = restrict_fd(fd, dom);
	a = map_area(fd, 48);
	b = map_area(fd, 32);
	rc = rc ? rc : pcnc__batch(fd, dom, a, gfns, 48, errs);
	CHECK("quota-48-of-64-ok", !rc && !pcnc__count_errs(errs, 48),
	      "rc %d", rc);
	rc = pcnc__batch(fd, dom, b, gfns, 32, errs);
	CHECK("quota-80-of-64-edquot", rc == -EDQUOT, "rc %d", rc);
	munmap(a, 48 * PG);
	rc = pcnc__batch(fd, dom, b, gfns, 32, errs);
	CHECK("quota-freed-by-munmap", !rc && !pcnc__count_errs(errs, 32),
	      "rc %d", rc);
	c = map_area(ufd, 128);
	rc = pcnc__batch(ufd, dom, c, gfns, 128, errs);
	CHECK("quota-unrestricted-fd-unlimited",
	      !rc && !pcnc__count_errs(errs, 128), "rc %d", rc);
	munmap(b, 32 * PG);
	munmap(c, 128 * PG);
	rc = param_write("restricted_max_pages", old);
	CHECK("quota-restored", !rc, "rc %d", rc);
	close(fd);
	close(ufd);
}

/*
 * (g) NC_REFUSED only when NC was asked for and refused, and per fd: a Xen
 * that does not declare the NC map space is never asked, so a mapping on
 * it leaves the flag clear; another fd never sees this one's refusal.
 */
static void case_nc_refused(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV), fd2;
	struct privcmd_nc_query q;
	char *a = map_area(fd, N);
	int rc, declared;

	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("nc-refused-map", !rc && !pcnc__count_errs(errs, N), "rc %d",
	      rc);
	pcnc__query(fd, &q);
	declared = q.xen_features & PRIVCMD_NC_XENFEAT_S2_NC_FOREIGN;
	printf("  xen_features %#x flags %#x s2_state %u\n", q.xen_features,
	       q.flags, q.s2_state);
	if (!declared)
		CHECK("nc-refused-not-asked-clear",
		      !(q.flags & PRIVCMD_NC_QF_NC_REFUSED) &&
		      q.s2_state == PRIVCMD_NC_S2_CACHEABLE,
		      "Xen never offered NC, yet flags %#x s2_state %u",
		      q.flags, q.s2_state);
	fd2 = pcnc__open(PCNC_DEV);
	pcnc__query(fd2, &q);
	CHECK("nc-refused-per-fd", !(q.flags & PRIVCMD_NC_QF_NC_REFUSED),
	      "a fresh fd reports flags %#x", q.flags);
	close(fd2);
	munmap(a, N * PG);
	close(fd);
}

/* Linux include/uapi/xen/privcmd.h and Xen's public memory.h (Arm). */
struct stock_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define STOCK_IOCTL_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct stock_hypercall))
#define HYPERVISOR_memory_op		12
#define XENMEM_remove_from_physmap	15
struct remove_from_physmap {
	uint16_t domid;
	uint64_t gpfn;
};

/* XENMEM_remove_from_physmap(DOMID_SELF, gpfn) through stock privcmd. */
static long stock_remove(uint64_t gpfn)
{
	struct remove_from_physmap *x;
	struct stock_hypercall call = { .op = HYPERVISOR_memory_op };
	int fd = pcnc__open(STOCK_DEV);
	long rc;

	/* A locked page: Xen reads the argument through dom0's stage 1. */
	x = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	if (fd < 0 || x == MAP_FAILED)
		return -ENOMEM;
	x->domid = DOMID_SELF_;
	x->gpfn = gpfn;
	call.arg[0] = XENMEM_remove_from_physmap;
	call.arg[1] = (uintptr_t)x;
	rc = ioctl(fd, STOCK_IOCTL_HYPERCALL, &call);
	rc = rc < 0 ? -errno : rc;
	munmap(x, PG);
	close(fd);
	return rc;
}

/*
 * (i) One frame Xen will not remove at munmap leaks that one gpfn, not
 * the whole mapping: the frame is removed behind the module's back (stock
 * privcmd, DOMID_SELF), so the module's own removal of it fails.  Regions
 * only (the fallback's pages are not counted in QUERY).
 */
static void case_unmap_one_failed(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV);
	struct privcmd_nc_query q0, q1, q2;
	struct privcmd_nc_pte p;
	char *a = map_area(fd, N);
	long rc;

	if (pcnc__query(fd, &q0) || !q0.region_pages || a == MAP_FAILED) {
		CHECK("unmap-one-failed-leaks-one", 0,
		      "no extended regions or no mapping");
		return;
	}
	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	pcnc__query(fd, &q1);
	rc = rc ? rc : pcnc__pte(fd, a + 5 * PG, &p);
	rc = rc ? rc : stock_remove(p.pfn);
	munmap(a, N * PG);
	pcnc__query(fd, &q2);
	printf("  free pages: %llu before, %llu mapped, %llu after munmap (pfn %#llx removed behind the module: rc %ld)\n",
	       (unsigned long long)q0.region_free_pages,
	       (unsigned long long)q1.region_free_pages,
	       (unsigned long long)q2.region_free_pages,
	       (unsigned long long)p.pfn, rc);
	CHECK("unmap-one-failed-leaks-one",
	      !rc && q1.region_free_pages == q0.region_free_pages - N &&
	      q2.region_free_pages == q0.region_free_pages - 1,
	      "rc %ld; free %llu -> %llu -> %llu, want %llu at the end", rc,
	      (unsigned long long)q0.region_free_pages,
	      (unsigned long long)q1.region_free_pages,
	      (unsigned long long)q2.region_free_pages,
	      (unsigned long long)q0.region_free_pages - 1);
	close(fd);
}

/*
 * (ii) The same across the module's unmap batches (256 frames a
 * multicall): frames removed behind its back at the first and last slot
 * of a batch, the first of the next, and the mapping's last frame, each
 * in a batch whose other frames Xen removes.  Exactly those 5 gpfns may
 * be lost: a result matched to the wrong frame, or a failed op taking its
 * batch with it, shows as another count.
 */
#define XB 600
static void case_unmap_failed_across_batches(unsigned int dom)
{
	static const unsigned int bad[] = { 0, 255, 256, 511, XB - 1 };
	const unsigned int nbad = sizeof(bad) / sizeof(bad[0]);
	int fd = pcnc__open(PCNC_DEV);
	struct privcmd_nc_query q0, q1, q2;
	struct privcmd_nc_pte p;
	char *a = map_area(fd, XB);
	unsigned int i;
	long rc;

	if (pcnc__query(fd, &q0) || !q0.region_pages || a == MAP_FAILED) {
		CHECK("unmap-failed-across-batches-leak-those", 0,
		      "no extended regions or no mapping");
		return;
	}
	rc = pcnc__batch(fd, dom, a, gfns, XB, errs);
	if (!rc && pcnc__count_errs(errs, XB))
		rc = -EIO;
	pcnc__query(fd, &q1);
	for (i = 0; !rc && i < nbad; i++) {
		rc = pcnc__pte(fd, a + (size_t)bad[i] * PG, &p);
		rc = rc ? rc : stock_remove(p.pfn);
	}
	munmap(a, XB * PG);
	pcnc__query(fd, &q2);
	printf("  free pages: %llu before, %llu mapped, %llu after munmap (%u of %u frames removed behind the module: rc %ld)\n",
	       (unsigned long long)q0.region_free_pages,
	       (unsigned long long)q1.region_free_pages,
	       (unsigned long long)q2.region_free_pages, nbad, XB, rc);
	CHECK("unmap-failed-across-batches-leak-those",
	      !rc && q1.region_free_pages == q0.region_free_pages - XB &&
	      q2.region_free_pages == q0.region_free_pages - nbad,
	      "rc %ld; free %llu -> %llu -> %llu, want %llu at the end", rc,
	      (unsigned long long)q0.region_free_pages,
	      (unsigned long long)q1.region_free_pages,
	      (unsigned long long)q2.region_free_pages,
	      (unsigned long long)q0.region_free_pages - nbad);
	close(fd);
}

void pcnc__cases_review(unsigned int dom)
{
	size_t i;

	for (i = 0; i < sizeof(gfns) / sizeof(gfns[0]); i++)
		gfns[i] = GUEST_RAM0_GFN + 0x3000 + i;
	case_other_fd(dom);
	case_pte_perm(dom);
	case_max_pages();
	case_restrict_race(dom);
	case_quota(dom);
	case_nc_refused(dom);
}

/*
 * Apart from review: it leaks one gpfn of the pool for good (by design),
 * so the module's regions stay claimed after rmmod and a reload would
 * find them busy.  The job runs it last before the module is unloaded.
 */
void pcnc__case_unmap_fail(unsigned int dom)
{
	size_t i;

	for (i = 0; i < XB; i++)
		gfns[i] = GUEST_RAM0_GFN + 0x3000 + i;
	case_unmap_one_failed(dom);
	case_unmap_failed_across_batches(dom);
}

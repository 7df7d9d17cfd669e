// SPDX-License-Identifier: MIT
/*
 * pcnc-test: misuse of the device.  Each case expects a clean errno; the
 * job checks dmesg for WARN/BUG/Oops afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcnc.h"

#define N 16

static uint64_t gfns[N];
static int errs[N];

static void *map_area(int fd, size_t pages)
{
	return mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}

static sigjmp_buf touch_env;

static void touch_handler(int sig)
{
	siglongjmp(touch_env, sig);
}

/* Read addr; returns the signal that read raised, or 0.  (In-process: a
 * forked child would not have the mapping at all, VM_DONTCOPY.) */
static int touch(volatile char *addr)
{
	struct sigaction sa = { .sa_handler = touch_handler }, obus, osegv;
	int sig;

	sigaction(SIGBUS, &sa, &obus);
	sigaction(SIGSEGV, &sa, &osegv);
	sig = sigsetjmp(touch_env, 1);
	if (!sig)
		(void)*addr;
	sigaction(SIGBUS, &obus, NULL);
	sigaction(SIGSEGV, &osegv, NULL);
	return sig;
}

static void case_args(int fd, unsigned int dom)
{
	char *a = map_area(fd, N);
	char *anon = mmap(NULL, N * PG, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int zfd = open("/dev/zero", O_RDWR);
	char *z = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_SHARED, zfd, 0);
	int rc;

	rc = pcnc__batch(fd, dom, a, gfns, 0, errs);
	CHECK("num-0-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, dom, a, gfns, N + 1, errs);
	CHECK("num-beyond-vma-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, dom, anon, gfns, N, errs);
	CHECK("addr-not-our-vma-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, dom, z, gfns, N, errs);
	CHECK("vma-of-dev-zero-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, dom, a + 8, gfns, N - 1, errs);
	CHECK("unaligned-addr-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, dom, a + PG, gfns, N - 1, errs);
	CHECK("first-call-not-whole-vma-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, DOMID_SELF_, a, gfns, N, errs);
	CHECK("domid-self-einval", rc == -EINVAL, "rc %d", rc);
	/* Reserved domids (stock privcmd maps them; libxc/ sends such a
	 * mapping there: unit test fmem_reserved_dom). */
	rc = pcnc__batch(fd, 0x7ff2, a, gfns, N, errs);
	CHECK("domid-xen-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, 0x7ff1, a, gfns, N, errs);
	CHECK("domid-io-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__batch(fd, dom, a, (uint64_t *)8, N, errs);
	CHECK("bad-gfn-array-efault", rc == -EFAULT, "rc %d", rc);

	/*
	 * A domain that does not exist: the call succeeds and every frame
	 * fails with Xen's ESRCH (it finds no foreign owner; the same on
	 * stock Xen's gmfn_foreign and the patched NC space); holes SIGBUS.
	 */
	rc = pcnc__batch(fd, 0x7000, a, gfns, N, errs);
	CHECK("absent-domid-frame-errors", rc == 0 &&
	      pcnc__count_errno(errs, N, -ESRCH) == N,
	      "rc %d, %zu of %d frames failed with ESRCH (err[0] %d)", rc,
	      pcnc__count_errno(errs, N, -ESRCH), N, errs[0]);
	rc = touch(a);
	CHECK("hole-sigbus", rc == SIGBUS, "child signal %d", rc);

	munmap(a, N * PG);
	munmap(anon, N * PG);
	munmap(z, N * PG);
	close(zfd);
}

static void case_mapping_rules(int fd, unsigned int dom)
{
	char *a = map_area(fd, N), *b;
	struct privcmd_nc_mmap_resource r = { .dom = dom, .num = 1 };
	int rc, sig;
	pid_t pid;

	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("map-for-rules", !rc && !pcnc__count_errs(errs, N), "rc %d", rc);
	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("remap-mapped-range-ebusy", rc == -EBUSY, "rc %d", rc);
	rc = pcnc__batch(fd, dom, a + 4 * PG, gfns, 2, errs);
	CHECK("remap-part-ebusy", rc == -EBUSY, "rc %d", rc);

	rc = munmap(a + PG, PG) ? -errno : 0;
	CHECK("partial-munmap-einval", rc == -EINVAL, "rc %d", rc);
	b = mremap(a, N * PG, 2 * N * PG, MREMAP_MAYMOVE);
	CHECK("mremap-refused", b == MAP_FAILED, "mremap moved it to %p", b);

	a[0] = 0x5a;
	pid = fork();
	if (pid == 0) {
		/* DONTCOPY: the child has no mapping there. */
		struct privcmd_nc_pte p;

		_exit(pcnc__pte(fd, a, &p) == -EINVAL ? 0 : 1);
	}
	waitpid(pid, &sig, 0);
	CHECK("fork-child-has-no-mapping", WIFEXITED(sig) &&
	      !WEXITSTATUS(sig), "child status %#x", sig);
	CHECK("fork-parent-keeps-mapping", a[0] == 0x5a, "byte %#x", a[0]);

	b = mmap(NULL, N * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("map-private-refused", b == MAP_FAILED, "mmap gave %p", b);

	r.addr = (uintptr_t)a;
	rc = ioctl(fd, IOCTL_PRIVCMD_NC_MMAP_RESOURCE, &r) ? -errno : 0;
	CHECK("mmap-resource-eopnotsupp", rc == -EOPNOTSUPP, "rc %d", rc);
	r.addr = 0;
	r.num = 0;
	r.type = 1;	/* XENMEM_resource_grant_table, id 0: shared frames */
	rc = ioctl(fd, IOCTL_PRIVCMD_NC_MMAP_RESOURCE, &r) ? -errno : 0;
	printf("  resource size query: rc %d num %llu\n", rc,
	       (unsigned long long)r.num);
	CHECK("mmap-resource-query-size", !rc && r.num, "rc %d num %llu", rc,
	      (unsigned long long)r.num);

	struct privcmd_nc_pte p = { .addr = (uintptr_t)a, .flags = 1 };

	rc = ioctl(fd, IOCTL_PRIVCMD_NC_PTE, &p) ? -errno : 0;
	CHECK("pte-flags-einval", rc == -EINVAL, "rc %d", rc);
	rc = pcnc__pte(fd, &p, &p);
	CHECK("pte-other-vma-einval", rc == -EINVAL, "rc %d", rc);
	munmap(a, N * PG);
}

static int batch_v1(int fd, unsigned int dom, void *addr, uint64_t *arr)
{
	struct privcmd_nc_mmapbatch m = {
		.num = N, .dom = dom, .addr = (uintptr_t)addr,
		.arr = (uintptr_t)arr,
	};

	return ioctl(fd, IOCTL_PRIVCMD_NC_MMAPBATCH, &m) ? -errno : 0;
}

/* V1 reports per-frame errors in the top bits of the gfn. */
static void case_v1(int fd, unsigned int dom)
{
	uint64_t arr[N];
	char *a = map_area(fd, N), *b = map_area(fd, N);
	int rc, i, flagged = 0;

	memcpy(arr, gfns, sizeof(arr));
	rc = batch_v1(fd, dom, a, arr);
	CHECK("mmapbatch-v1", !rc && !memcmp(arr, gfns, sizeof(arr)),
	      "rc %d, arr[0] %#llx", rc, (unsigned long long)arr[0]);
	memcpy(arr, gfns, sizeof(arr));
	rc = batch_v1(fd, 0x7000, b, arr);
	for (i = 0; i < N; i++)
		flagged += (arr[i] & PRIVCMD_NC_MMAPBATCH_MFN_ERROR) ==
			   PRIVCMD_NC_MMAPBATCH_MFN_ERROR;
	CHECK("mmapbatch-v1-error-bits", !rc && flagged == N,
	      "rc %d, %d of %d flagged (arr[0] %#llx)", rc, flagged, N,
	      (unsigned long long)arr[0]);
	munmap(a, N * PG);
	munmap(b, N * PG);
}

/* MMAP_RESOURCE's size query (no mapping): grant table frames of dom. */
static int resource_size(int fd, unsigned int dom)
{
	struct privcmd_nc_mmap_resource r = { .dom = dom, .type = 1 };

	return ioctl(fd, IOCTL_PRIVCMD_NC_MMAP_RESOURCE, &r) ? -errno : 0;
}

/*
 * A RESTRICTed fd reaches its own domain only, through every call that
 * names a domain: MMAPBATCH (v1 and v2) and MMAP_RESOURCE.  The calls on
 * the own-domain fd below show that the refusals are the restriction's.
 */
static void case_restrict(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV);
	uint16_t other = dom + 1, same = dom;
	char *a = map_area(fd, N);
	uint64_t arr[N];
	int rc;

	rc = ioctl(fd, IOCTL_PRIVCMD_NC_RESTRICT, &other) ? -errno : 0;
	CHECK("restrict", !rc, "rc %d", rc);
	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("restricted-fd-other-domain-eperm", rc == -EPERM, "rc %d", rc);
	memcpy(arr, gfns, sizeof(arr));
	rc = batch_v1(fd, dom, a, arr);
	CHECK("restricted-fd-v1-other-domain-eperm", rc == -EPERM, "rc %d",
	      rc);
	rc = resource_size(fd, dom);
	CHECK("restricted-fd-resource-other-domain-eperm", rc == -EPERM,
	      "rc %d", rc);
	rc = ioctl(fd, IOCTL_PRIVCMD_NC_RESTRICT, &same) ? -errno : 0;
	CHECK("re-restrict-einval", rc == -EINVAL, "rc %d", rc);
	rc = ioctl(fd, IOCTL_PRIVCMD_NC_RESTRICT, &other) ? -errno : 0;
	CHECK("restrict-same-again", !rc, "rc %d", rc);
	munmap(a, N * PG);
	close(fd);

	fd = pcnc__open(PCNC_DEV);
	a = map_area(fd, N);
	rc = ioctl(fd, IOCTL_PRIVCMD_NC_RESTRICT, &same) ? -errno : 0;
	if (!rc)
		rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("restricted-fd-own-domain", !rc && !pcnc__count_errs(errs, N),
	      "rc %d", rc);
	munmap(a, N * PG);
	a = map_area(fd, N);
	memcpy(arr, gfns, sizeof(arr));
	rc = batch_v1(fd, dom, a, arr);
	CHECK("restricted-fd-v1-own-domain",
	      !rc && !memcmp(arr, gfns, sizeof(arr)), "rc %d", rc);
	rc = resource_size(fd, dom);
	CHECK("restricted-fd-resource-own-domain", !rc, "rc %d", rc);
	munmap(a, N * PG);
	close(fd);
}

struct race {
	int fd;
	unsigned int dom;
	char *volatile addr;
	volatile int stop;
	int ok, einval, other;
};

static void *race_mapper(void *arg)
{
	struct race *r = arg;
	int e[N];

	while (!r->stop) {
		char *a = r->addr;
		int rc;

		if (!a)
			continue;
		rc = pcnc__batch(r->fd, r->dom, a, gfns, N, e);
		if (!rc)
			r->ok++;
		else if (rc == -EINVAL || rc == -EBUSY)
			r->einval++;
		else
			r->other++;
	}
	return NULL;
}

/* munmap racing MMAPBATCH in another thread: only clean errors. */
static void case_race(int fd, unsigned int dom)
{
	struct race r = { .fd = fd, .dom = dom };
	pthread_t t;
	int i;

	pthread_create(&t, NULL, race_mapper, &r);
	for (i = 0; i < 300; i++) {
		char *a = map_area(fd, N);

		r.addr = a;
		usleep(i % 7 * 100);
		r.addr = NULL;
		munmap(a, N * PG);
	}
	r.stop = 1;
	pthread_join(t, NULL);
	printf("  race: %d mapped, %d EINVAL/EBUSY, %d other\n", r.ok,
	       r.einval, r.other);
	CHECK("munmap-races-mmapbatch", !r.other && r.ok + r.einval > 0,
	      "%d unexpected results", r.other);
}

/*
 * Fragmentation (issue 15): fill the region pool with FRAG_S-page mappings,
 * unmap every other one, so the free space is in runs of FRAG_S.  A
 * mapping of FRAG_RUNS runs' worth (more than the 16 runs once allowed)
 * must succeed, every frame mapped; one larger than what is then free
 * must fail with ENOMEM and hold nothing.  At the end the pool's free
 * count and the fd's counters are back where they were.  The fillers are
 * for a domain that does not exist (every frame ESRCH): only their gpfn
 * ranges matter, and they leave no stage-2 entry to remove.
 */
#define FRAG_S		512
#define FRAG_RUNS	48
#define ABSENT_DOM	0x7000

static int map_absent(int fd, size_t n, void **addr)
{
	uint64_t *g = calloc(n, sizeof(*g));
	int *e = calloc(n, sizeof(*e)), rc = -ENOMEM;

	*addr = map_area(fd, n);
	if (g && e && *addr != MAP_FAILED)
		rc = pcnc__batch(fd, ABSENT_DOM, *addr, g, n, e);
	free(g);
	free(e);
	return rc;
}

static void case_fragment(int fd, unsigned int dom)
{
	struct privcmd_nc_query q0, q1, q2, q3;
	size_t nfill, rest, i, runs = 1, n = FRAG_S * FRAG_RUNS, big_n;
	void **fill, *rest_map = NULL, *a = MAP_FAILED, *big = MAP_FAILED;
	struct privcmd_nc_pte p;
	uint64_t prev = 0;
	int rc, *e = NULL;

	if (pcnc__query(fd, &q0) ||
	    !(q0.flags & PRIVCMD_NC_QF_EXTENDED_REGIONS)) {
		CHECK("fragment-needs-regions", 0, "no extended regions");
		return;
	}
	nfill = q0.region_free_pages / FRAG_S;
	rest = q0.region_free_pages % FRAG_S;
	fill = calloc(nfill, sizeof(*fill));
	for (i = 0; fill && i < nfill; i++)
		map_absent(fd, FRAG_S, &fill[i]);
	if (rest)
		map_absent(fd, rest, &rest_map);
	pcnc__query(fd, &q1);
	for (i = 0; fill && i < nfill; i += 2)
		munmap(fill[i], FRAG_S * PG);
	pcnc__query(fd, &q2);
	printf("  fragment: %llu free pages; %zu mappings of %d fill them (%llu left); every other unmapped: %llu free\n",
	       (unsigned long long)q0.region_free_pages, nfill, FRAG_S,
	       (unsigned long long)q1.region_free_pages,
	       (unsigned long long)q2.region_free_pages);
	CHECK("fragment-pool", fill && !q1.region_free_pages &&
	      q2.region_free_pages == (nfill + 1) / 2 * FRAG_S &&
	      q2.region_free_pages >= n,
	      "free %llu then %llu, want 0 then %zu (at least %zu)",
	      (unsigned long long)q1.region_free_pages,
	      (unsigned long long)q2.region_free_pages,
	      (nfill + 1) / 2 * FRAG_S, n);

	/* Needs at least FRAG_RUNS runs: all of the target's frames mapped. */
	rc = pcnc__map(fd, dom, GUEST_RAM0_GFN, n, &a, &e);
	for (i = 0; !rc && i < n; i++) {
		if (pcnc__pte(fd, (char *)a + i * PG, &p)) {
			runs = 0;
			break;
		}
		runs += i && p.pfn != prev + 1;
		prev = p.pfn;
	}
	printf("  fragment: a mapping of %zu pages: rc %d, %zu frame errors, %zu runs of dom0 gpfns\n",
	       n, rc, rc ? 0 : pcnc__count_errs(e, n), runs);
	CHECK("fragmented-pool-map-needs-many-runs",
	      !rc && !pcnc__count_errs(e, n) && runs >= FRAG_RUNS,
	      "rc %d, %zu runs (want >= %d)", rc, runs, FRAG_RUNS);
	free(e);

	/* More than is free: ENOMEM, and the pool and the fd unchanged. */
	pcnc__query(fd, &q1);
	big_n = q1.region_free_pages + 1;
	rc = map_absent(fd, big_n, &big);
	pcnc__query(fd, &q2);
	printf("  fragment: a mapping of %zu pages (one more than free): rc %d, free %llu -> %llu\n",
	       big_n, rc, (unsigned long long)q1.region_free_pages,
	       (unsigned long long)q2.region_free_pages);
	CHECK("pool-exhausted-enomem-holds-nothing", rc == -ENOMEM &&
	      q2.region_free_pages == q1.region_free_pages &&
	      q2.nc_pages == q1.nc_pages && q2.wb_pages == q1.wb_pages,
	      "rc %d for %zu pages; free %llu -> %llu, nc %llu -> %llu, wb %llu -> %llu",
	      rc, big_n, (unsigned long long)q1.region_free_pages,
	      (unsigned long long)q2.region_free_pages,
	      (unsigned long long)q1.nc_pages,
	      (unsigned long long)q2.nc_pages,
	      (unsigned long long)q1.wb_pages,
	      (unsigned long long)q2.wb_pages);

	if (big != MAP_FAILED)
		munmap(big, big_n * PG);
	if (a != MAP_FAILED)
		munmap(a, n * PG);
	for (i = 1; fill && i < nfill; i += 2)
		munmap(fill[i], FRAG_S * PG);
	if (rest_map && rest_map != MAP_FAILED)
		munmap(rest_map, rest * PG);
	free(fill);
	pcnc__query(fd, &q3);
	CHECK("fragment-all-gpfns-back",
	      q3.region_free_pages == q0.region_free_pages,
	      "free %llu at the end, want %llu",
	      (unsigned long long)q3.region_free_pages,
	      (unsigned long long)q0.region_free_pages);
}

void pcnc__cases_adversarial(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV);
	size_t i;

	if (fd < 0) {
		CHECK("open-device", 0, "no device");
		return;
	}
	for (i = 0; i < N; i++)
		gfns[i] = GUEST_RAM0_GFN + 0x2000 + i;
	case_args(fd, dom);
	case_mapping_rules(fd, dom);
	case_v1(fd, dom);
	case_restrict(dom);
	case_race(fd, dom);
	case_fragment(fd, dom);
	close(fd);
}

/* Destroy the domain while a mapping holds its frames. */
void pcnc__case_dying(unsigned int dom, const char *name)
{
	int fd = pcnc__open(PCNC_DEV);
	char cmd[128], *a, *b;
	int rc, i;

	for (i = 0; i < N; i++)
		gfns[i] = GUEST_RAM0_GFN + 0x2000 + i;
	a = map_area(fd, N);
	rc = pcnc__batch(fd, dom, a, gfns, N, errs);
	CHECK("map-before-destroy", !rc && !pcnc__count_errs(errs, N),
	      "rc %d", rc);
	snprintf(cmd, sizeof(cmd), "xl destroy %s", name);
	rc = system(cmd);
	CHECK("destroy-with-live-mapping", rc == 0, "xl destroy: %d", rc);
	a[0] = 1;	/* the frames stay valid while mapped */
	b = map_area(fd, N);
	rc = pcnc__batch(fd, dom, b, gfns, N, errs);
	printf("  map of dying domain: rc %d, %zu frame errors (err[0] %d)\n",
	       rc, pcnc__count_errs(errs, N), errs[0]);
	/* Xen finds no page behind a dying domain's torn-down p2m: EINVAL
	 * for every frame, the call itself succeeds. */
	CHECK("dying-domid-refused", rc == 0 &&
	      pcnc__count_errno(errs, N, -EINVAL) == N,
	      "rc %d, %zu of %d frames failed with EINVAL", rc,
	      pcnc__count_errno(errs, N, -EINVAL), N);
	munmap(b, N * PG);
	munmap(a, N * PG);
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "for i in $(seq 50); do xl list %s >/dev/null 2>&1 || exit 0; sleep 0.2; done; exit 1",
		 name);
	rc = system(cmd);
	CHECK("domain-gone-after-munmap", rc == 0, "%s still listed", name);
}

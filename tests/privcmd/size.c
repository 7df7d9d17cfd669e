// SPDX-License-Identifier: MIT
/* pcnc-test: a whole big guest in one call, map/unmap leak, benchmark. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pcnc.h"

/*
 * split: first hold a small mapping, so that no free run of the extended
 * regions is long enough and the big one is spread over several runs.
 */
void pcnc__case_size(unsigned int dom, size_t pages, long max_drop_kb,
		     int split)
{
	int fd = pcnc__open(PCNC_DEV), sfd = pcnc__open(STOCK_DEV);
	long before = pcnc__memfree_kb(), during, after;
	struct privcmd_nc_query q0, q1;
	void *a, *s, *small = NULL;
	uint64_t *p;
	int *e, *se;
	size_t i, bad = 0;
	double t0;
	int rc;

	if (split) {
		rc = pcnc__map(fd, dom, GUEST_RAM0_GFN, 256, &small, &e);
		CHECK("size-split-small-mapping", !rc, "rc %d", rc);
		free(e);
	}
	pcnc__query(fd, &q0);
	/*
	 * With the kernel's unpopulated allocator (Debian 13) the module
	 * holds only a slice of the extended regions (unpopulated_slice_mib,
	 * docs/privcmd.md): map as much of the guest as that slice holds,
	 * whole 64 MiB steps, still in one call.
	 */
	if ((q0.flags & PRIVCMD_NC_QF_EXTENDED_REGIONS) &&
	    q0.region_free_pages < pages) {
		size_t fit = q0.region_free_pages & ~(size_t)16383;

		printf("  the module's regions hold %llu free pages: mapping %zu of the %zu pages asked for\n",
		       (unsigned long long)q0.region_free_pages, fit, pages);
		pages = fit;
	}
	t0 = pcnc__now();

	rc = pcnc__map(fd, dom, GUEST_RAM0_GFN, pages, &a, &e);
	printf("  mapped %zu pages in %.2f s: rc %d, %zu frame errors\n",
	       pages, pcnc__now() - t0, rc, rc ? 0 : pcnc__count_errs(e, pages));
	CHECK(split ? "size-split-map-whole-guest-one-call" :
	      "size-map-whole-guest-one-call", !rc &&
	      !pcnc__count_errs(e, pages), "rc %d", rc);
	if (rc)
		return;
	pcnc__query(fd, &q1);
	printf("  free extended-region pages %llu -> %llu\n",
	       (unsigned long long)q0.region_free_pages,
	       (unsigned long long)q1.region_free_pages);
	t0 = pcnc__now();
	p = a;
	for (i = 0; i < pages * PG / 8; i++)
		p[i] = i * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < pages * PG / 8; i++)
		bad += p[i] != i * 0x9e3779b97f4a7c15ULL;
	printf("  wrote and read %zu MiB in %.2f s\n", pages * PG >> 20,
	       pcnc__now() - t0);
	CHECK("size-write-verify", !bad, "%zu words differ", bad);

	/* Spot check through stock privcmd, a few pages at a time. */
	for (i = 0; i < pages && !bad; i += pages / 16) {
		rc = pcnc__map(sfd, dom, GUEST_RAM0_GFN + i, 1, &s, &se);
		if (rc || memcmp(s, (char *)a + i * PG, PG))
			bad++;
		munmap(s, PG);
		free(se);
	}
	CHECK("size-spot-check-stock", !bad, "%zu pages differ", bad);

	during = pcnc__memfree_kb();
	printf("  dom0 MemFree %ld kB before, %ld kB while mapped (drop %ld kB)\n",
	       before, during, before - during);
	CHECK("size-dom0-memfree-drop", before - during < max_drop_kb,
	      "dropped %ld kB, limit %ld kB", before - during, max_drop_kb);
	t0 = pcnc__now();
	munmap(a, pages * PG);
	if (small)
		munmap(small, 256 * PG);
	after = pcnc__memfree_kb();
	printf("  unmapped in %.2f s; MemFree %ld kB\n", pcnc__now() - t0, after);
	free(e);
	close(fd);
	close(sfd);
}

void pcnc__case_leak(unsigned int dom, int cycles, size_t pages, long tol_kb)
{
	int fd = pcnc__open(PCNC_DEV);
	struct privcmd_nc_query q0, q1;
	long before = 0, after;
	int i, fails = 0;
	double t0 = 0;

	/* One warm-up cycle: slab caches and page tables are not leaks. */
	for (i = -1; i < cycles; i++) {
		void *a;
		int *e, rc;

		if (i == 0) {
			before = pcnc__memfree_kb();
			pcnc__query(fd, &q0);
			t0 = pcnc__now();
		}
		rc = pcnc__map(fd, dom, GUEST_RAM0_GFN + 0x3000, pages, &a, &e);
		if (rc || pcnc__count_errs(e, pages))
			fails++;
		else
			((volatile char *)a)[PG * (pages - 1)] = (char)i;
		munmap(a, pages * PG);
		free(e);
	}
	after = pcnc__memfree_kb();
	pcnc__query(fd, &q1);
	printf("  %d cycles of %zu pages in %.1f s, %d failed; MemFree %ld -> %ld kB; free gpfns %llu -> %llu\n",
	       cycles, pages, pcnc__now() - t0, fails, before, after,
	       (unsigned long long)q0.region_free_pages,
	       (unsigned long long)q1.region_free_pages);
	CHECK("leak-cycles-all-mapped", !fails, "%d cycles failed", fails);
	CHECK("leak-dom0-memfree", before - after <= tol_kb,
	      "MemFree dropped %ld kB (tolerance %ld kB)", before - after, tol_kb);
	CHECK("leak-gpfns", q0.region_free_pages == q1.region_free_pages,
	      "free gpfns %llu -> %llu", (unsigned long long)q0.region_free_pages,
	      (unsigned long long)q1.region_free_pages);
	close(fd);
}

/* Pages/s for mmap + MMAPBATCH_V2 + munmap, both devices. */
static void bench_one(const char *dev, unsigned int dom, size_t n, int reps)
{
	int fd = pcnc__open(dev), i, rc = 0;
	double t0 = pcnc__now(), dt;

	for (i = 0; i < reps && !rc; i++) {
		void *a;
		int *e;

		rc = pcnc__map(fd, dom, GUEST_RAM0_GFN, n, &a, &e);
		if (a != MAP_FAILED)
			munmap(a, n * PG);
		free(e);
	}
	dt = pcnc__now() - t0;
	if (rc)
		printf("BENCH: %-20s batch %7zu: failed (%s)\n", dev, n,
		       strerror(-rc));
	else
		printf("BENCH: %-20s batch %7zu: %10.0f pages/s (%d x in %.2f s)\n",
		       dev, n, n * reps / dt, reps, dt);
	close(fd);
}

void pcnc__bench(unsigned int dom, size_t max_pages)
{
	static const size_t sizes[] = { 1, 256, 262144 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int reps = sizes[i] == 1 ? 500 : sizes[i] == 256 ? 40 : 1;

		if (sizes[i] > max_pages) {
			printf("BENCH: batch %zu: guest too small\n", sizes[i]);
			continue;
		}
		bench_one(PCNC_DEV, dom, sizes[i], reps);
		bench_one(STOCK_DEV, dom, sizes[i], reps);
	}
}

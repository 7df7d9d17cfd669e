// SPDX-License-Identifier: GPL-2.0-only
/*
 * privcmd/gpfn.c run as a user program, on the fakes of kshim.c: the
 * region parsing and the pool bookkeeping, with device trees the emulated
 * host cannot give (more than 8 extended regions, a region at physical
 * address 0) and pool states it reaches only slowly.  One PASS:/FAIL:
 * line per case.  Built twice: as for Debian 12's kernel, and with
 * CONFIG_XEN_UNPOPULATED_ALLOC (Debian 13's), where only a top slice of
 * the regions is used.
 */
#include "kshim-test.h"

/* The code under test, statics and all. */
#include "../../../privcmd/gpfn.c"

#define MIB (1UL << 20)
#define GIB (1UL << 30)
#define GRANT_TABLE ((struct resource){ 0x38000000, 0x38ffffff, NULL })

static int failures;

static void result(const char *name, bool ok, const char *why)
{
	if (!ok)
		printf("  why: %s\n", why);
	printf("%s: privcmd-gpfn-%s\n", ok ? "PASS" : "FAIL", name);
	fflush(stdout);
	failures += !ok;
}

#define CHECK(name, cond, ...)						\
	do {								\
		char why_[256];						\
		snprintf(why_, sizeof(why_), __VA_ARGS__);		\
		result(name, cond, why_);				\
	} while (0)

static struct resource reg(unsigned long start, unsigned long size)
{
	return (struct resource){ start, start + size - 1, NULL };
}

/* The /hypervisor node: the grant table, then regions[0..n). */
static int boot(const struct resource *regions, int n)
{
	int i;

	kshim_reg[0] = GRANT_TABLE;
	for (i = 0; i < n; i++)
		kshim_reg[i + 1] = regions[i];
	kshim_nr_reg = n + 1;
	kshim_log_clear();
	return privcmd_nc_gpfn_init();
}

static __attribute__((unused)) unsigned long free_pages(void)
{
	return privcmd_nc_gpfn_region_free();
}

static void free_all(struct privcmd_nc_gpfns *g)
{
	unsigned long *keep = calloc((g->nr + 63) / 64 + 1, sizeof(long));

	privcmd_nc_gpfns_free_except(g, keep);
	free(keep);
}

/* Every frame of g in its runs, in order, each gpfn once, none 0. */
static __attribute__((unused)) bool consistent(const struct privcmd_nc_gpfns *g, char *why,
		       size_t len)
{
	unsigned long e, i, j = 0;

	for (e = 0; e < g->nr_ext; e++) {
		if (g->ext[e].first != j) {
			snprintf(why, len, "run %lu starts at frame %lu, want %lu",
				 e, g->ext[e].first, j);
			return false;
		}
		for (i = 0; i < g->ext[e].nr; i++, j++) {
			xen_pfn_t p = privcmd_nc_gpfn(g, j);

			if (p != g->ext[e].base + i || !p) {
				snprintf(why, len, "frame %lu at gpfn %#lx, want %#lx",
					 j, (unsigned long)p,
					 g->ext[e].base + i);
				return false;
			}
		}
	}
	if (j != g->nr) {
		snprintf(why, len, "runs hold %lu frames, want %lu", j, g->nr);
		return false;
	}
	return true;
}

#ifndef CONFIG_XEN_UNPOPULATED_ALLOC
/* More regions than the 8 once read: every one is used. */
static void case_many_regions(void)
{
	struct resource r[12];
	int i, rc;

	for (i = 0; i < 12; i++)
		r[i] = reg(0x100000000UL + i * 0x10000000UL, MIB);
	rc = boot(r, 12);
	CHECK("reads-all-12-regions",
	      !rc && privcmd_nc_gpfn_region_pages() == 12 * 256 &&
	      kshim_claims() == 12,
	      "rc %d, %lu pages in %d regions, want 3072 in 12", rc,
	      privcmd_nc_gpfn_region_pages(), kshim_claims());
	privcmd_nc_gpfn_exit();
}

/*
 * A region at physical address 0: gen_pool_alloc() returns 0 for failure,
 * so frame 0 must never be in the pool; the rest of the region is used,
 * and a mapping of every free frame succeeds and gives all of them back.
 */
static void case_region_at_0(void)
{
	struct resource r[2] = { reg(0, 2 * MIB), reg(0x80000000UL, 2 * MIB) };
	struct privcmd_nc_gpfns g, one[1024];
	unsigned long n = 0, total;
	char why[200] = "";
	bool ok;
	int rc;

	rc = boot(r, 2);
	total = privcmd_nc_gpfn_region_pages();
	CHECK("region-at-0-first-page-left-out",
	      !rc && total == 1023 && kshim_logged("starts at address 0"),
	      "rc %d, %lu pages, want 1023 and the page at 0 logged", rc,
	      total);

	rc = privcmd_nc_gpfns_alloc(&g, total);
	ok = !rc && consistent(&g, why, sizeof(why));
	if (!rc)
		free_all(&g);
	CHECK("region-at-0-all-frames-in-one-mapping",
	      ok && free_pages() == total,
	      "rc %d (%s), free %lu after, want %lu", rc, why, free_pages(),
	      total);

	/* One frame at a time until the pool is empty: never gpfn 0. */
	ok = true;
	while (n < 1024 && !privcmd_nc_gpfns_alloc(&one[n], 1)) {
		ok &= privcmd_nc_gpfn(&one[n], 0) != 0;
		n++;
	}
	CHECK("region-at-0-never-gpfn-0", ok && n == total,
	      "%lu single frames, want %lu, gpfn 0 %s", n, total,
	      ok ? "never" : "handed out");
	while (n)
		free_all(&one[--n]);
	privcmd_nc_gpfn_exit();
	CHECK("region-at-0-unload-releases-all", kshim_claims() == 0,
	      "%d claims left", kshim_claims());
}

/*
 * Fragmented: 64 mappings of 64 frames fill a 4096-frame region; every
 * other one is unmapped: 2048 frames free in 32 runs of 64.  A mapping of
 * 2048 needs all 32 runs (more than the 16 once allowed) and succeeds;
 * one of 2049 fails with ENOMEM and holds nothing.
 */
static void case_fragmented(void)
{
	struct resource r[1] = { reg(0x100000000UL, 4096 * PAGE_SIZE) };
	struct privcmd_nc_gpfns small[64], g;
	unsigned long *keep, kept[4], i, e, before;
	char why[200] = "";
	bool ok;
	int rc;

	boot(r, 1);
	for (i = 0; i < 64; i++)
		if (privcmd_nc_gpfns_alloc(&small[i], 64))
			break;
	for (e = 0; e < i; e += 2)
		free_all(&small[e]);
	before = free_pages();
	CHECK("fragment-set-up", i == 64 && before == 2048,
	      "%lu mappings of 64, %lu free, want 64 and 2048", i, before);

	rc = privcmd_nc_gpfns_alloc(&g, 2049);
	CHECK("exhausted-enomem-holds-nothing",
	      rc == -ENOMEM && free_pages() == before && !g.ext &&
	      !g.nr_ext && kshim_logged("exhausted"),
	      "rc %d, free %lu -> %lu, %lu runs held", rc, before,
	      free_pages(), g.nr_ext);

	kshim_fail_nth = 2;	/* the run list's first growth */
	rc = privcmd_nc_gpfns_alloc(&g, 2048);
	kshim_fail_nth = 0;
	CHECK("run-list-no-memory-enomem-holds-nothing",
	      rc == -ENOMEM && free_pages() == before && !g.ext,
	      "rc %d, free %lu -> %lu", rc, before, free_pages());

	rc = privcmd_nc_gpfns_alloc(&g, 2048);
	ok = !rc && consistent(&g, why, sizeof(why));
	CHECK("fragmented-2048-in-32-runs",
	      ok && g.nr_ext >= 32 && free_pages() == 0,
	      "rc %d (%s), %lu runs, %lu free", rc, why, rc ? 0 : g.nr_ext,
	      free_pages());
	if (rc) {
		for (e = 1; e < 64; e += 2)
			free_all(&small[e]);
		privcmd_nc_gpfn_exit();
		return;
	}

	/* Keep the frames at the edges of runs 0 and 1 and the last one. */
	keep = calloc(2048 / 64 + 1, sizeof(long));
	kept[0] = 0;
	kept[1] = g.ext[0].nr - 1;
	kept[2] = g.ext[1].first;
	kept[3] = 2047;
	for (i = 0; i < 4; i++) {
		keep[kept[i] / 64] |= 1UL << (kept[i] % 64);
		kept[i] = privcmd_nc_gpfn(&g, kept[i]);
	}
	privcmd_nc_gpfns_free_except(&g, keep);
	free(keep);
	CHECK("free-except-keeps-only-those", free_pages() == 2044 && !g.ext,
	      "free %lu, want 2044", free_pages());
	/* The kept frames are still allocated (the fake aborts if not). */
	for (i = 0; i < 4; i++)
		gen_pool_free(pool, kept[i] << PAGE_SHIFT, PAGE_SIZE);
	for (e = 1; e < 64; e += 2)
		free_all(&small[e]);
	CHECK("all-frames-back", free_pages() == 4096, "free %lu, want 4096",
	      free_pages());
	privcmd_nc_gpfn_exit();
}

/* A busy region is skipped and logged; a too-large one is cut, logged. */
static void case_skipped_logged(void)
{
	struct resource r[3] = { reg(0x100000000UL, MIB),
				 reg(0x200000000UL, MIB),
				 reg(0x300000000UL, MIB) };

	kshim_busy = r[1];
	boot(r, 3);
	kshim_busy = (struct resource){ 0 };
	CHECK("busy-region-skipped-logged",
	      privcmd_nc_gpfn_region_pages() == 512 && kshim_logged("busy"),
	      "%lu pages, want 512 and 'busy' logged",
	      privcmd_nc_gpfn_region_pages());
	privcmd_nc_gpfn_exit();

	r[0] = reg(0x100000000UL, 2 * GIB);
	max_region_gib = 1;
	boot(r, 1);
	max_region_gib = 64;
	CHECK("region-cut-at-max-region-gib-logged",
	      privcmd_nc_gpfn_region_pages() == GIB / PAGE_SIZE &&
	      kshim_logged("only its first 1 GiB"),
	      "%lu pages, want %lu and the cut logged",
	      privcmd_nc_gpfn_region_pages(), GIB / PAGE_SIZE);
	privcmd_nc_gpfn_exit();
}

static void run_cases(void)
{
	case_many_regions();
	case_region_at_0();
	case_fragmented();
	case_skipped_logged();
}
#else
/* The top slice comes from the highest region, even the 12th. */
static void case_slice_of_many(void)
{
	struct resource r[12];
	struct privcmd_nc_gpfns g;
	unsigned long top = 0x100000000UL + 11 * 0x20000000UL;
	xen_pfn_t p = 0;
	int i, rc;

	for (i = 0; i < 12; i++)
		r[i] = reg(0x100000000UL + i * 0x20000000UL, 256 * MIB);
	boot(r, 12);
	rc = privcmd_nc_gpfns_alloc(&g, 1);
	if (!rc) {
		p = privcmd_nc_gpfn(&g, 0);
		free_all(&g);
	}
	CHECK("unpopulated-slice-from-highest-of-12",
	      !rc && privcmd_nc_gpfn_region_pages() == 65536 &&
	      (p << PAGE_SHIFT) >= top && (p << PAGE_SHIFT) < top + 256 * MIB,
	      "rc %d, %lu pages, frame at %#lx, want 65536 in %#lx-%#lx", rc,
	      privcmd_nc_gpfn_region_pages(), (unsigned long)p << PAGE_SHIFT,
	      top, top + 256 * MIB);
	privcmd_nc_gpfn_exit();
}

static void run_cases(void)
{
	case_slice_of_many();
}
#endif

int main(void)
{
	run_cases();
	return failures ? 1 : 0;
}

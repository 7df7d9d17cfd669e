// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where foreign frames go in dom0's physmap.
 *
 * Preferred: Xen's "extended regions", guest-physical ranges that are not
 * RAM (the /hypervisor node's reg entries after the first, which is the
 * grant-table region).  A frame there costs dom0 no page of RAM and has no
 * struct page, hence no cacheable alias in the kernel's linear map, so a
 * mapping is bounded by the foreign guest's size, not by dom0's memory.
 * A mapping takes as many runs of the regions as it needs: it fails
 * (-ENOMEM) only when the regions have fewer free frames than it asks for.
 *
 * Fallback (no regions, or use_extended_regions=0): ballooned pages, as
 * stock privcmd uses.  Each costs a dom0 page and keeps its linear-map
 * alias; query reports which is in use.
 */
#define pr_fmt(fmt) "xen:" KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/genalloc.h>
#include <linux/of.h>
#include <linux/of_address.h>

#include <xen/xen.h>
#include <xen/page.h>

#include "internal.h"

static bool use_extended_regions = true;
module_param(use_extended_regions, bool, 0444);
MODULE_PARM_DESC(use_extended_regions,
		 "Map foreign frames in Xen's extended regions (else ballooned pages)");

/* Bounds the allocator's bitmaps: 64 GiB of 4 KiB pages is 2 MiB of bits. */
static unsigned int max_region_gib = 64;
module_param(max_region_gib, uint, 0444);
MODULE_PARM_DESC(max_region_gib, "Largest part of an extended region used, GiB");

/*
 * With CONFIG_XEN_UNPOPULATED_ALLOC (Debian 13's arm64 kernel) the kernel's
 * own allocator (drivers/xen/unpopulated-alloc.c, fed by
 * arch_xen_unpopulated_init() in arch/arm/xen/enlighten.c) takes the
 * frames of stock privcmd, gntdev, blkback and netback from the same
 * extended regions: allocate_resource() of section-sized (128 MiB),
 * section-aligned chunks, first fit from the lowest address, in a private
 * resource that spans the regions; then request_resource() of each chunk
 * in iomem_resource, which fails ("Cannot request resource") where we
 * hold the range, and it does not look elsewhere.  So on such a kernel
 * take only a slice at the top of the highest region, the part that
 * allocator reaches last, and never more than half of all the regions.
 */
static unsigned int unpopulated_slice_mib = 512;
module_param(unpopulated_slice_mib, uint, 0444);
MODULE_PARM_DESC(unpopulated_slice_mib,
		 "With the kernel's unpopulated allocator: MiB taken from the top of the highest extended region (at most half of all regions; 0: none)");

static struct gen_pool *pool;
/* One slot per extended region read; NULL where the region is not used. */
static struct resource **claimed;
static unsigned int nr_claimed;
static unsigned long region_pages;
/*
 * Allocated, not a literal: if frames have to be leaked at unload, the
 * regions stay claimed and /proc/iomem still reads this name.
 */
static const char *res_name;

static void add_region(const struct resource *r, unsigned int slot)
{
	resource_size_t start = PAGE_ALIGN(r->start);
	resource_size_t end = (r->end + 1) & PAGE_MASK;
	resource_size_t max = (resource_size_t)max_region_gib << 30;
	struct resource *res;

	/*
	 * gen_pool_alloc() returns 0 for failure: a run at address 0 could
	 * not be told from it.  Leave out that page.
	 */
	if (!start) {
		start = PAGE_SIZE;
		pr_info("extended region %pR starts at address 0: its first page is not used\n",
			r);
	}
	if (end <= start) {
		pr_info("extended region %pR holds no whole page, not used\n", r);
		return;
	}
	if (end - start > max) {
		end = start + max;
		pr_info("extended region %pR: only its first %u GiB used (max_region_gib)\n",
			r, max_region_gib);
	}
	/* Claim it, so that nothing else in dom0 maps there. */
	res = request_mem_region(start, end - start, res_name);
	if (!res) {
		pr_warn("extended region %pa-%pa busy, not used\n", &start, &end);
		return;
	}
	if (gen_pool_add(pool, start, end - start, NUMA_NO_NODE)) {
		release_mem_region(start, end - start);
		return;
	}
	claimed[slot] = res;
	region_pages += (end - start) >> PAGE_SHIFT;
	pr_info("extended region %pa-%pa used for foreign mappings\n",
		&start, &end);
}

#ifdef CONFIG_XEN_UNPOPULATED_ALLOC
/*
 * The slice of regs[0..nr) to use: the top of the highest region, its
 * start rounded up to a section so that the kernel's allocator can use
 * all of the space below it.
 */
static bool top_slice(const struct resource *regs, unsigned int nr,
		      struct resource *slice)
{
	resource_size_t total = 0, size, section = PAGES_PER_SECTION << PAGE_SHIFT;
	const struct resource *top = &regs[0];
	unsigned int i;

	for (i = 0; i < nr; i++) {
		total += resource_size(&regs[i]);
		if (regs[i].start > top->start)
			top = &regs[i];
	}
	size = min3((resource_size_t)unpopulated_slice_mib << 20,
		    resource_size(top), total / 2);
	*slice = *top;
	slice->start = ALIGN(top->end + 1 - size, section);
	if (size < section || slice->start > slice->end)
		return false;
	pr_info("kernel's unpopulated allocator present: using %llu MiB at the top of extended region %pR (unpopulated_slice_mib=%u)\n",
		(unsigned long long)resource_size(slice) >> 20, top,
		unpopulated_slice_mib);
	return true;
}
#endif

/* Every extended region the node lists, however many. */
static void add_regions(struct device_node *np)
{
	struct resource r, *regs;
	unsigned int i, nr = 0;

	/* reg[0] is the grant-table region; extended regions follow. */
	while (!of_address_to_resource(np, nr + 1, &r))
		nr++;
	if (!nr)
		return;
	regs = kcalloc(nr, sizeof(*regs), GFP_KERNEL);
	claimed = kcalloc(nr, sizeof(*claimed), GFP_KERNEL);
	if (!regs || !claimed) {
		pr_warn("no memory to read %u extended regions: none used\n", nr);
		kfree(claimed);
		claimed = NULL;
		goto out;
	}
	nr_claimed = nr;
	for (i = 0; i < nr; i++)
		if (of_address_to_resource(np, i + 1, &regs[i]))
			goto out;
#ifdef CONFIG_XEN_UNPOPULATED_ALLOC
	{
		struct resource slice;

		if (top_slice(regs, nr, &slice))
			add_region(&slice, 0);
		goto out;
	}
#endif
	for (i = 0; i < nr; i++)
		add_region(&regs[i], i);
out:
	kfree(regs);
}

int privcmd_nc_gpfn_init(void)
{
	struct device_node *np;

	if (!use_extended_regions) {
		pr_info("use_extended_regions=0: using ballooned pages\n");
		return 0;
	}
	np = of_find_compatible_node(NULL, NULL, "xen,xen");
	if (!np) {
		pr_info("no /hypervisor node: using ballooned pages\n");
		return 0;
	}
	res_name = kstrdup("xen-privcmd-nc", GFP_KERNEL);
	pool = gen_pool_create(PAGE_SHIFT, NUMA_NO_NODE);
	if (!pool || !res_name) {
		of_node_put(np);
		privcmd_nc_gpfn_exit();
		return -ENOMEM;
	}
	add_regions(np);
	of_node_put(np);
	if (!region_pages) {
		pr_info("no extended regions: using ballooned pages\n");
		privcmd_nc_gpfn_exit();
	}
	return 0;
}

void privcmd_nc_gpfn_exit(void)
{
	unsigned int i;

	if (pool && gen_pool_avail(pool) != gen_pool_size(pool)) {
		/* Frames Xen would not unmap: keep their gpfns out of use. */
		pr_crit("%zu KiB of extended regions still hold foreign frames: leaving them claimed\n",
			(gen_pool_size(pool) - gen_pool_avail(pool)) >> 10);
		return;
	}
	if (pool)
		gen_pool_destroy(pool);
	pool = NULL;
	for (i = 0; i < nr_claimed; i++)
		if (claimed[i])
			release_mem_region(claimed[i]->start,
					   resource_size(claimed[i]));
	kfree(claimed);
	claimed = NULL;
	nr_claimed = 0;
	region_pages = 0;
	kfree(res_name);
	res_name = NULL;
}

unsigned long privcmd_nc_gpfn_region_pages(void)
{
	return region_pages;
}

unsigned long privcmd_nc_gpfn_region_free(void)
{
	return pool ? gen_pool_avail(pool) >> PAGE_SHIFT : 0;
}

static void drop_ext(struct privcmd_nc_gpfns *g)
{
	kvfree(g->ext);
	g->ext = NULL;
	g->nr_ext = 0;
	g->max_ext = 0;
}

static void free_extents(struct privcmd_nc_gpfns *g)
{
	unsigned long i;

	for (i = 0; i < g->nr_ext; i++)
		gen_pool_free(pool, g->ext[i].base << PAGE_SHIFT,
			      g->ext[i].nr << PAGE_SHIFT);
	drop_ext(g);
}

/*
 * Room for one more run: twice as much (16 at first), never more than
 * one run per frame.  kvmalloc: a mapping of 2^20 frames on a pool cut
 * into single pages needs 2^20 runs.
 */
static int grow_extents(struct privcmd_nc_gpfns *g)
{
	unsigned long max = min(g->max_ext ? 2 * g->max_ext : 16, g->nr);
	struct privcmd_nc_extent *ext;

	ext = kvmalloc_array(max, sizeof(*ext), GFP_KERNEL);
	if (!ext)
		return -ENOMEM;
	if (g->nr_ext)
		memcpy(ext, g->ext, g->nr_ext * sizeof(*ext));
	kvfree(g->ext);
	g->ext = ext;
	g->max_ext = max;
	return 0;
}

/*
 * One run if a free one is long enough, else runs as long as fit, halving
 * the request on each miss (a miss means no free run is that long), as
 * many runs as it takes: the mapping fails only when the regions have
 * fewer free frames than it needs, and then holds none of them.
 */
static int alloc_extents(struct privcmd_nc_gpfns *g, unsigned long nr)
{
	unsigned long left = nr, want = nr, addr;

	while (left) {
		want = min(want, left);
		if (g->nr_ext == g->max_ext && grow_extents(g))
			goto fail;
		addr = gen_pool_alloc(pool, want << PAGE_SHIFT);
		if (!addr) {
			want /= 2;
			if (want)
				continue;
			free_extents(g);
			pr_info_ratelimited("extended regions exhausted: a mapping of %lu pages, %lu free\n",
					    nr, privcmd_nc_gpfn_region_free());
			return -ENOMEM;
		}
		g->ext[g->nr_ext].base = addr >> PAGE_SHIFT;
		g->ext[g->nr_ext].nr = want;
		g->ext[g->nr_ext].first = nr - left;
		g->nr_ext++;
		left -= want;
		cond_resched();
	}
	return 0;

fail:
	free_extents(g);
	return -ENOMEM;
}

int privcmd_nc_gpfns_alloc(struct privcmd_nc_gpfns *g, unsigned long nr)
{
	int rc;

	g->nr = nr;
	g->nr_ext = 0;
	g->max_ext = 0;
	g->ext = NULL;
	g->pages = NULL;
	if (pool)
		return alloc_extents(g, nr);

	if (nr > UINT_MAX)
		return -ENOMEM;
	g->pages = kvcalloc(nr, sizeof(g->pages[0]), GFP_KERNEL);
	if (!g->pages)
		return -ENOMEM;
	rc = xen_alloc_unpopulated_pages(nr, g->pages);
	if (rc) {
		pr_warn("could not allocate %lu ballooned pages: %d\n", nr, rc);
		kvfree(g->pages);
		g->pages = NULL;
		return -ENOMEM;
	}
	return 0;
}

/*
 * Give back every gpfn of @g but those whose bit is set in @keep (frames
 * Xen would not remove from dom0's physmap), which are leaked: the pool
 * never hands them out again, and at unload their region stays claimed.
 */
void privcmd_nc_gpfns_free_except(struct privcmd_nc_gpfns *g,
				  const unsigned long *keep)
{
	unsigned long i, j, e, start, end, first;

	if (g->pages) {
		for (i = 0, j = 0; i < g->nr; i++)
			if (!test_bit(i, keep))
				g->pages[j++] = g->pages[i];
		if (j)
			xen_free_unpopulated_pages(j, g->pages);
		kvfree(g->pages);
		g->pages = NULL;
		return;
	}
	/* Each extent covers bits [first, first + nr) of @keep. */
	for (e = 0; e < g->nr_ext; e++) {
		first = g->ext[e].first;
		end = first + g->ext[e].nr;
		for (start = find_next_zero_bit(keep, end, first); start < end;
		     start = find_next_zero_bit(keep, end, i)) {
			i = find_next_bit(keep, end, start);
			gen_pool_free(pool,
				      (g->ext[e].base + start - first) << PAGE_SHIFT,
				      (i - start) << PAGE_SHIFT);
		}
	}
	drop_ext(g);
}

xen_pfn_t privcmd_nc_gpfn(const struct privcmd_nc_gpfns *g, unsigned long i)
{
	unsigned long lo = 0, hi, mid;

	if (g->pages)
		return page_to_xen_pfn(g->pages[i]);
	/* The last run that starts at or before frame i. */
	hi = g->nr_ext - 1;
	while (lo < hi) {
		mid = hi - (hi - lo) / 2;
		if (g->ext[mid].first <= i)
			lo = mid;
		else
			hi = mid - 1;
	}
	return g->ext[lo].base + i - g->ext[lo].first;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough of the kernel's API for privcmd/gpfn.c to build and run as
 * a user program (gpfn_test.c): a gen_pool, the iomem claims and the
 * device-tree regions are fakes that the test sets up and inspects.
 */
#ifndef KSHIM_H
#define KSHIM_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint64_t resource_size_t;
typedef uint64_t phys_addr_t;
typedef uint16_t domid_t;
typedef uint64_t xen_pfn_t;
typedef struct { int refs; } refcount_t;
typedef struct { long long counter; } atomic64_t;
typedef struct { u64 pte; } pte_t;
typedef struct { u64 prot; } pgprot_t;
typedef unsigned long vm_flags_t;
typedef unsigned int gfp_t;

#define GFP_KERNEL	0U
#define NUMA_NO_NODE	(-1)
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGES_PER_SECTION (1UL << (27 - PAGE_SHIFT))	/* arm64, 4 KiB */
#define BITS_PER_LONG	64
#define ALIGN(x, a)	(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

#define min(a, b)	((a) < (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define min3(a, b, c)	min(min(a, b), c)

#define __init
#define __exit
#define __acquire(x)	((void)0)
#define __user
/* A parameter is used, as module_param() makes it in the kernel. */
#define module_param(name, type, perm)					\
	static void *kshim_param_##name __attribute__((unused)) = &name
#define MODULE_PARM_DESC(name, desc)

/* Messages: printed, and kept for the test to search (kshim_log). */
void kshim_printk(const char *level, const char *fmt, ...);
#define pr_crit(...)	kshim_printk("crit", __VA_ARGS__)
#define pr_warn(...)	kshim_printk("warn", __VA_ARGS__)
#define pr_info(...)	kshim_printk("info", __VA_ARGS__)
#define pr_info_ratelimited(...) kshim_printk("info", __VA_ARGS__)
bool kshim_logged(const char *needle);
void kshim_log_clear(void);

static inline void cond_resched(void) { }

/* Allocation (k*, kv*: malloc); kshim_fail_nth = N: the Nth from now fails */
extern int kshim_fail_nth;
void *kshim_malloc(size_t n, bool zero);
#define kmalloc_array(n, s, gfp)	kshim_malloc((n) * (s), false)
#define kvmalloc_array(n, s, gfp)	kshim_malloc((n) * (s), false)
#define kcalloc(n, s, gfp)		kshim_malloc((n) * (s), true)
#define kvcalloc(n, s, gfp)		kshim_malloc((n) * (s), true)
#define kzalloc(s, gfp)			kshim_malloc((s), true)
static inline void kfree(const void *p) { free((void *)p); }
static inline void kvfree(const void *p) { free((void *)p); }
static inline char *kstrdup(const char *s, gfp_t gfp)
{
	(void)gfp;
	return strdup(s);
}

/* Bitmaps */
static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}
static inline unsigned long find_next_bit(const unsigned long *map,
					  unsigned long size, unsigned long i)
{
	for (; i < size; i++)
		if (test_bit(i, map))
			return i;
	return size;
}
static inline unsigned long find_next_zero_bit(const unsigned long *map,
					       unsigned long size,
					       unsigned long i)
{
	for (; i < size; i++)
		if (!test_bit(i, map))
			return i;
	return size;
}

/* Resources: request_mem_region() claims in a fake iomem. */
struct resource {
	resource_size_t start, end;
	const char *name;
};
static inline resource_size_t resource_size(const struct resource *r)
{
	return r->end - r->start + 1;
}
struct resource *request_mem_region(resource_size_t start,
				    resource_size_t n, const char *name);
void release_mem_region(resource_size_t start, resource_size_t n);

/* A gen_pool with page granularity and the kernel's contract. */
struct gen_pool;
struct gen_pool *gen_pool_create(int min_alloc_order, int nid);
int gen_pool_add(struct gen_pool *pool, unsigned long addr, size_t size,
		 int nid);
unsigned long gen_pool_alloc(struct gen_pool *pool, size_t size);
void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size);
size_t gen_pool_avail(struct gen_pool *pool);
size_t gen_pool_size(struct gen_pool *pool);
void gen_pool_destroy(struct gen_pool *pool);

/* The device tree: the /hypervisor node's reg entries. */
struct device_node;
struct device_node *of_find_compatible_node(struct device_node *from,
					    const char *type,
					    const char *compat);
static inline void of_node_put(struct device_node *np) { (void)np; }
int of_address_to_resource(struct device_node *np, int index,
			   struct resource *r);

/* Ballooned pages (the fallback): not used by the tests. */
struct page;
int xen_alloc_unpopulated_pages(unsigned int nr, struct page **pages);
void xen_free_unpopulated_pages(unsigned int nr, struct page **pages);
xen_pfn_t page_to_xen_pfn(struct page *page);

/* For internal.h's inline helpers, which the tests do not call. */
struct vm_area_struct;
struct file;
struct privcmd_nc_pte;
struct mm_struct;
struct follow_pfnmap_args {
	struct vm_area_struct *vma;
	unsigned long address;
	unsigned long pfn;
	pgprot_t pgprot;
};
int follow_pfnmap_start(struct follow_pfnmap_args *args);
void follow_pfnmap_end(struct follow_pfnmap_args *args);
pte_t pfn_pte(unsigned long pfn, pgprot_t prot);

/*
 * s2.c (s2_test.c): kmalloc, bit operations, and the hypercalls, which
 * s2_test.c fakes (a Xen that can fail a multicall, whole or in part).
 */
#define kmalloc(s, gfp)			kshim_malloc((s), false)
#define kvmalloc(s, gfp)		kshim_malloc((s), false)
static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}
#define for_each_set_bit(bit, map, size)				\
	for ((bit) = find_next_bit((map), (size), 0); (bit) < (size);	\
	     (bit) = find_next_bit((map), (size), (bit) + 1))

typedef uint64_t xen_ulong_t;
typedef int64_t xen_long_t;
#define DOMID_SELF			0x7ff0U
#define __HYPERVISOR_memory_op		12
#define XENMEM_remove_from_physmap	15
#define XENMEM_add_to_physmap_range	23
#define XENMAPSPACE_gmfn_foreign	4
#define XENVER_get_features		6
#define set_xen_guest_handle(h, v)	((h) = (v))
struct xen_feature_info {
	unsigned int submap_idx;
	uint32_t submap;
};
struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
struct xen_add_to_physmap_range {
	domid_t domid;
	uint16_t space;
	uint16_t size;
	domid_t foreign_domid;
	xen_ulong_t *idxs;
	xen_pfn_t *gpfns;
	int *errs;
};
struct multicall_entry {
	xen_ulong_t op;
	xen_long_t result;
	xen_ulong_t args[6];
};
int HYPERVISOR_multicall(struct multicall_entry *calls, uint32_t nr);
int HYPERVISOR_memory_op(unsigned int cmd, void *arg);
int HYPERVISOR_xen_version(int cmd, void *arg);

#endif /* KSHIM_H */

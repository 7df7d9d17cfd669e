// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fakes behind shim/kshim.h: a gen_pool with the kernel's contract
 * (gen_pool_alloc() returns 0 for failure, also when the run it found
 * starts at address 0; gen_pool_free() of what was not allocated and
 * gen_pool_destroy() with frames out are bugs: abort), iomem claims and
 * the /hypervisor node's reg entries.
 */
#include <stdarg.h>

#include "kshim.h"
#include "kshim-test.h"

/* Messages */
static char log_buf[1 << 16];
static size_t log_len;

void kshim_printk(const char *level, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (getenv("KSHIM_VERBOSE"))
		printf("  [%s] %s", level, line);
	if (log_len + strlen(line) + 1 < sizeof(log_buf)) {
		memcpy(log_buf + log_len, line, strlen(line) + 1);
		log_len += strlen(line);
	}
}

bool kshim_logged(const char *needle)
{
	return strstr(log_buf, needle) != NULL;
}

void kshim_log_clear(void)
{
	log_len = 0;
	log_buf[0] = 0;
}

int kshim_fail_nth;

void *kshim_malloc(size_t n, bool zero)
{
	if (kshim_fail_nth > 0 && --kshim_fail_nth == 0)
		return NULL;
	return zero ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
}

static void bug(const char *what)
{
	fprintf(stderr, "kshim: BUG: %s\n", what);
	abort();
}

/* gen_pool: one byte per page, chunks searched newest first (as the
 * kernel's list_add_rcu() of each chunk at the head). */
struct chunk {
	unsigned long start, pages;
	unsigned char *used;
	struct chunk *next;
};

struct gen_pool {
	struct chunk *chunks;
};

struct gen_pool *gen_pool_create(int min_alloc_order, int nid)
{
	(void)nid;
	if (min_alloc_order != PAGE_SHIFT)
		bug("gen_pool_create: not page granular");
	return kshim_malloc(sizeof(struct gen_pool), true);
}

int gen_pool_add(struct gen_pool *pool, unsigned long addr, size_t size,
		 int nid)
{
	struct chunk *c = kshim_malloc(sizeof(*c), true);

	(void)nid;
	if (!c)
		return -ENOMEM;
	c->start = addr;
	c->pages = size >> PAGE_SHIFT;
	c->used = calloc(c->pages ? c->pages : 1, 1);
	c->next = pool->chunks;
	pool->chunks = c;
	return 0;
}

unsigned long gen_pool_alloc(struct gen_pool *pool, size_t size)
{
	unsigned long n = (size + PAGE_SIZE - 1) >> PAGE_SHIFT, i, run;
	struct chunk *c;

	if (!n)
		return 0;
	for (c = pool->chunks; c; c = c->next) {
		for (i = 0, run = 0; i < c->pages; i++) {
			run = c->used[i] ? 0 : run + 1;
			if (run == n) {
				memset(c->used + i + 1 - n, 1, n);
				return c->start + ((i + 1 - n) << PAGE_SHIFT);
			}
		}
	}
	return 0;
}

void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size)
{
	unsigned long n = (size + PAGE_SIZE - 1) >> PAGE_SHIFT, i, first;
	struct chunk *c;

	for (c = pool->chunks; c; c = c->next) {
		if (addr < c->start ||
		    addr >= c->start + (c->pages << PAGE_SHIFT))
			continue;
		first = (addr - c->start) >> PAGE_SHIFT;
		if (first + n > c->pages)
			bug("gen_pool_free: beyond its chunk");
		for (i = first; i < first + n; i++) {
			if (!c->used[i])
				bug("gen_pool_free: not allocated");
			c->used[i] = 0;
		}
		return;
	}
	bug("gen_pool_free: not in the pool");
}

static size_t count(struct gen_pool *pool, bool free_only)
{
	unsigned long i;
	size_t n = 0;
	struct chunk *c;

	for (c = pool->chunks; c; c = c->next)
		for (i = 0; i < c->pages; i++)
			n += !free_only || !c->used[i];
	return n << PAGE_SHIFT;
}

size_t gen_pool_avail(struct gen_pool *pool)
{
	return count(pool, true);
}

size_t gen_pool_size(struct gen_pool *pool)
{
	return count(pool, false);
}

void gen_pool_destroy(struct gen_pool *pool)
{
	struct chunk *c, *next;

	if (gen_pool_avail(pool) != gen_pool_size(pool))
		bug("gen_pool_destroy: frames still allocated");
	for (c = pool->chunks; c; c = next) {
		next = c->next;
		free(c->used);
		free(c);
	}
	free(pool);
}

/* iomem: claims must not overlap; kshim_busy is claimed by "someone else" */
#define MAX_CLAIMS 64
static struct resource *claims[MAX_CLAIMS];
struct resource kshim_busy;

struct resource *request_mem_region(resource_size_t start,
				    resource_size_t n, const char *name)
{
	resource_size_t end = start + n - 1;
	struct resource *r;
	int i, slot = -1;

	if (kshim_busy.end && start <= kshim_busy.end && end >= kshim_busy.start)
		return NULL;
	for (i = 0; i < MAX_CLAIMS; i++) {
		if (!claims[i]) {
			slot = slot < 0 ? i : slot;
			continue;
		}
		if (start <= claims[i]->end && end >= claims[i]->start)
			return NULL;
	}
	if (slot < 0)
		bug("request_mem_region: too many claims for the shim");
	r = kshim_malloc(sizeof(*r), true);
	if (!r)
		return NULL;
	r->start = start;
	r->end = end;
	r->name = name;
	claims[slot] = r;
	return r;
}

void release_mem_region(resource_size_t start, resource_size_t n)
{
	int i;

	for (i = 0; i < MAX_CLAIMS; i++)
		if (claims[i] && claims[i]->start == start &&
		    resource_size(claims[i]) == n) {
			free(claims[i]);
			claims[i] = NULL;
			return;
		}
	bug("release_mem_region: not claimed");
}

int kshim_claims(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_CLAIMS; i++)
		n += claims[i] != NULL;
	return n;
}

/* The /hypervisor node: kshim_reg[0] is the grant table, then regions. */
struct device_node {
	int unused;
};
static struct device_node hyp_node;
struct resource kshim_reg[KSHIM_MAX_REG];
int kshim_nr_reg;		/* -1: no /hypervisor node */

struct device_node *of_find_compatible_node(struct device_node *from,
					    const char *type,
					    const char *compat)
{
	(void)from;
	(void)type;
	if (strcmp(compat, "xen,xen"))
		bug("of_find_compatible_node: unexpected compatible");
	return kshim_nr_reg < 0 ? NULL : &hyp_node;
}

int of_address_to_resource(struct device_node *np, int index,
			   struct resource *r)
{
	if (np != &hyp_node)
		bug("of_address_to_resource: unexpected node");
	if (index < 0 || index >= kshim_nr_reg)
		return -EINVAL;
	*r = kshim_reg[index];
	return 0;
}

int xen_alloc_unpopulated_pages(unsigned int nr, struct page **pages)
{
	(void)nr;
	(void)pages;
	return -ENOMEM;
}

void xen_free_unpopulated_pages(unsigned int nr, struct page **pages)
{
	(void)nr;
	(void)pages;
	bug("xen_free_unpopulated_pages: not expected");
}

xen_pfn_t page_to_xen_pfn(struct page *page)
{
	(void)page;
	bug("page_to_xen_pfn: not expected");
	return 0;
}

int follow_pfnmap_start(struct follow_pfnmap_args *args)
{
	(void)args;
	return -ENOENT;
}

void follow_pfnmap_end(struct follow_pfnmap_args *args)
{
	(void)args;
}

pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return (pte_t){ (pfn << PAGE_SHIFT) | prot.prot };
}

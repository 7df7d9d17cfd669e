/* SPDX-License-Identifier: MIT */
/*
 * pcnc-test: dom0-side tests of /dev/xen/privcmd-nc (helpers shared by the
 * case files).  Runs in the emulated dom0 only.
 */
#ifndef PCNC_H
#define PCNC_H

#include <stddef.h>
#include <stdint.h>
#include <xen/privcmd-nc.h>
#include <xen/privcmd-nc-debug.h>

#define PCNC_DEV	"/dev/xen/privcmd-nc"
#define STOCK_DEV	"/dev/xen/privcmd"
#define PG		4096UL
#define GUEST_RAM0_GFN	0x40000UL	/* Xen on Arm: guest RAM at 1 GiB */
#define DOMID_SELF_	0x7ff0U

extern int pcnc_failures, pcnc_passes;

/* One line per case; the reason of a failure is printed just before it. */
void pcnc__result(const char *name, int ok);
#define CHECK(name, cond, ...)						\
	do {								\
		int ok_ = !!(cond);					\
		if (!ok_)						\
			printf("  why: " __VA_ARGS__), printf("\n");	\
		pcnc__result(name, ok_);				\
	} while (0)

int pcnc__open(const char *dev);
/* mmap n pages of fd and fill them with gfn0.. (MMAPBATCH_V2); *errs
 * gets n per-frame errors (caller frees).  Returns the ioctl's result
 * (0 or -errno) and the mapping in *addr (MAP_FAILED if mmap failed). */
int pcnc__map(int fd, unsigned int dom, uint64_t gfn0, size_t n, void **addr,
	      int **errs);
int pcnc__batch(int fd, unsigned int dom, void *addr, const uint64_t *gfns,
		size_t n, int *errs);
int pcnc__query(int fd, struct privcmd_nc_query *q);
int pcnc__pte(int fd, void *addr, struct privcmd_nc_pte *p);
long pcnc__memfree_kb(void);
double pcnc__now(void);
size_t pcnc__count_errs(const int *errs, size_t n);
size_t pcnc__count_errno(const int *errs, size_t n, int err);

/* Case groups (cases.c, adversarial.c, size.c). */
void pcnc__cases_basic(unsigned int dom, const char *expect_s2,
		       int regions);
void pcnc__cases_running(unsigned int dom);
void pcnc__cases_adversarial(unsigned int dom);
/* review.c: issue 15's fixes */
void pcnc__cases_review(unsigned int dom);
void pcnc__case_pte_off(unsigned int dom);
/* review.c: one frame Xen will not remove; leaks one gpfn for good */
void pcnc__case_unmap_fail(unsigned int dom);
void pcnc__case_dying(unsigned int dom, const char *name);
void pcnc__case_size(unsigned int dom, size_t pages, long max_drop_kb,
		     int split);
void pcnc__case_leak(unsigned int dom, int cycles, size_t pages,
		     long tol_kb);
void pcnc__bench(unsigned int dom, size_t max_pages);
/* coexist.c */
void pcnc__case_holdmap(unsigned int dom, size_t pages, int seconds,
			const char *release_file);
void pcnc__case_stockmap(unsigned int dom, size_t pages);
void pcnc__case_gntdev(unsigned int dom, unsigned int ref);

#endif /* PCNC_H */

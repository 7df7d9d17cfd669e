// SPDX-License-Identifier: MIT
/*
 * pcnc-test: the functional cases.  Writes go only to a guest created
 * paused (xl create -p), whose memory nobody runs; the running guest is
 * only read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pcnc.h"

/* An ioctl number in our magic that the device does not implement. */
#define IOCTL_NOT_ONE_OF_OURS _IOC(_IOC_NONE, 'P', 0xFF, 0)

#define N 256

static uint8_t pattern(size_t page, size_t off, unsigned int salt)
{
	return (uint8_t)((page * 131 + off * 7 + salt) ^ (off >> 8));
}

static void fill(uint8_t *p, size_t pages, unsigned int salt)
{
	size_t pg, off;

	for (pg = 0; pg < pages; pg++)
		for (off = 0; off < PG; off++)
			p[pg * PG + off] = pattern(pg, off, salt);
}

/* Index of the first wrong byte, or -1. */
static long verify(const uint8_t *p, size_t pages, unsigned int salt)
{
	size_t pg, off;

	for (pg = 0; pg < pages; pg++)
		for (off = 0; off < PG; off++)
			if (p[pg * PG + off] != pattern(pg, off, salt))
				return pg * PG + off;
	return -1;
}

static void case_query(int fd, const char *expect_s2, int regions)
{
	struct privcmd_nc_query q;
	int rc = pcnc__query(fd, &q);
	unsigned int want = !strcmp(expect_s2, "noncacheable") ?
		PRIVCMD_NC_S2_NONCACHEABLE : PRIVCMD_NC_S2_CACHEABLE;

	printf("  query: abi %u s1 %u s2 %u fwb %u flags %#x features %#x regions %llu free %llu\n",
	       q.abi_version, q.s1_memtype, q.s2_state, q.fwb, q.flags,
	       q.xen_features, (unsigned long long)q.region_pages,
	       (unsigned long long)q.region_free_pages);
	CHECK("query-abi", !rc && q.abi_version == PRIVCMD_NC_ABI_VERSION &&
	      q.s1_memtype == PRIVCMD_NC_S1_NORMAL_NC &&
	      !q.reserved[0] && !q.reserved[1] && !q.nc_pages && !q.wb_pages,
	      "rc %d abi %u s1 %u reserved %#x %#x", rc, q.abi_version,
	      q.s1_memtype, q.reserved[0], q.reserved[1]);
	CHECK("query-s2-before-mapping", !rc && q.s2_state == want &&
	      (q.flags & PRIVCMD_NC_QF_FEATURES_KNOWN),
	      "s2_state %u, expected %u (%s), flags %#x", q.s2_state, want,
	      expect_s2, q.flags);
	CHECK(regions ? "query-extended-regions" : "query-no-extended-regions",
	      !rc && (regions ? (q.flags & PRIVCMD_NC_QF_EXTENDED_REGIONS) &&
		      q.region_pages && q.region_free_pages == q.region_pages :
		      !(q.flags & PRIVCMD_NC_QF_EXTENDED_REGIONS) &&
		      !q.region_pages),
	      "flags %#x region_pages %llu free %llu", q.flags,
	      (unsigned long long)q.region_pages,
	      (unsigned long long)q.region_free_pages);
	/* Fallback frames keep a write-back alias unless stage 2 is NC. */
	CHECK(regions || want == PRIVCMD_NC_S2_NONCACHEABLE ?
	      "query-no-cacheable-alias" : "query-cacheable-alias",
	      !rc && !(q.flags & PRIVCMD_NC_QF_CACHEABLE_ALIAS) ==
	      (regions || want == PRIVCMD_NC_S2_NONCACHEABLE),
	      "flags %#x", q.flags);
	CHECK("unimplemented-ioctl-enotty",
	      ioctl(fd, IOCTL_NOT_ONE_OF_OURS, 0) == -1 &&
	      errno == ENOTTY, "errno %d", errno);
}

static void case_pte(int fd, void *addr, const char *expect_s2,
		     struct privcmd_nc_query *q0, int regions)
{
	struct privcmd_nc_pte p;
	struct privcmd_nc_query q;
	int rc = pcnc__pte(fd, (char *)addr + 5 * PG + 3, &p);

	printf("  pte: %#llx pfn %#llx attrindx %u mair %#x flags %#x\n",
	       (unsigned long long)p.pte, (unsigned long long)p.pfn,
	       p.attr_index, p.mair_attr, p.out_flags);
	CHECK("pte-normal-nc", !rc && p.mair_attr == PRIVCMD_NC_MAIR_NORMAL_NC &&
	      (p.out_flags & PRIVCMD_NC_PTE_PRESENT) &&
	      (p.out_flags & PRIVCMD_NC_PTE_SPECIAL) &&
	      (p.out_flags & PRIVCMD_NC_PTE_WRITE),
	      "rc %d mair %#x (want 0x44) flags %#x", rc, p.mair_attr,
	      p.out_flags);
	pcnc__query(fd, &q);
	if (regions)
		CHECK("pte-outside-ram", !rc &&
		      q0->region_free_pages - q.region_free_pages == N,
		      "region pages used %lld, want %d (pfn %#llx)",
		      (long long)(q0->region_free_pages - q.region_free_pages),
		      N, (unsigned long long)p.pfn);
	CHECK("query-s2-after-mapping",
	      (!strcmp(expect_s2, "noncacheable") ?
	       q.s2_state == PRIVCMD_NC_S2_NONCACHEABLE && q.nc_pages == N :
	       q.s2_state == PRIVCMD_NC_S2_CACHEABLE && q.wb_pages == N),
	      "s2_state %u nc %llu wb %llu (expected %s)", q.s2_state,
	      (unsigned long long)q.nc_pages, (unsigned long long)q.wb_pages,
	      expect_s2);

	rc = mprotect(addr, N * PG, PROT_READ) ? -errno : 0;
	if (!rc)
		rc = pcnc__pte(fd, addr, &p);
	CHECK("pte-nc-after-mprotect", !rc &&
	      p.mair_attr == PRIVCMD_NC_MAIR_NORMAL_NC &&
	      !(p.out_flags & PRIVCMD_NC_PTE_WRITE),
	      "rc %d mair %#x flags %#x", rc, p.mair_attr, p.out_flags);
	mprotect(addr, N * PG, PROT_READ | PROT_WRITE);
}

/* Map N pages of a paused guest, write through one device, read back
 * through the other. */
void pcnc__cases_basic(unsigned int dom, const char *expect_s2, int regions)
{
	int fd = pcnc__open(PCNC_DEV), sfd = pcnc__open(STOCK_DEV);
	struct privcmd_nc_query q0;
	void *nc, *st;
	int *e1 = NULL, *e2 = NULL;
	long bad;
	int rc;

	CHECK("open-devices", fd >= 0 && sfd >= 0, "cannot open the devices");
	if (fd < 0 || sfd < 0)
		return;
	case_query(fd, expect_s2, regions);
	pcnc__query(fd, &q0);

	rc = pcnc__map(fd, dom, GUEST_RAM0_GFN + 0x1000, N, &nc, &e1);
	CHECK("map-nc", !rc && !pcnc__count_errs(e1, N),
	      "rc %d, %zu frame errors", rc, e1 ? pcnc__count_errs(e1, N) : 0);
	if (rc)
		return;
	rc = pcnc__map(sfd, dom, GUEST_RAM0_GFN + 0x1000, N, &st, &e2);
	CHECK("map-stock", !rc && !pcnc__count_errs(e2, N), "rc %d", rc);
	if (rc)
		return;

	/* glibc's memset/memcpy: DC ZVA and unaligned stores, which would
	 * fault on Device memory. */
	memset(nc, 0, N * PG);
	fill(nc, N, 1);
	bad = verify(st, N, 1);
	CHECK("write-nc-read-stock", bad < 0, "byte %ld differs", bad);
	fill(st, N, 2);
	bad = verify(nc, N, 2);
	CHECK("write-stock-read-nc", bad < 0, "byte %ld differs", bad);
	memcpy((char *)nc + 1, (char *)st + 3 * PG, 2 * PG);
	CHECK("unaligned-memcpy", !memcmp((char *)st + 1, (char *)st + 3 * PG,
					  2 * PG), "bytes differ");

	case_pte(fd, nc, expect_s2, &q0, regions);

	CHECK("munmap-nc", !munmap(nc, N * PG), "%s", strerror(errno));
	pcnc__query(fd, &q0);
	if (regions)
		CHECK("gpfns-freed-on-munmap",
		      q0.region_free_pages == q0.region_pages,
		      "free %llu of %llu",
		      (unsigned long long)q0.region_free_pages,
		      (unsigned long long)q0.region_pages);
	munmap(st, N * PG);
	free(e1);
	free(e2);
	close(fd);
	close(sfd);
}

/* Read a running guest's first pages (its kernel image) both ways. */
void pcnc__cases_running(unsigned int dom)
{
	int fd = pcnc__open(PCNC_DEV), sfd = pcnc__open(STOCK_DEV);
	void *nc = MAP_FAILED, *st = MAP_FAILED;
	int *e1 = NULL, *e2 = NULL;
	int r1 = -1, r2 = -1;

	if (fd >= 0 && sfd >= 0) {
		r1 = pcnc__map(fd, dom, GUEST_RAM0_GFN, 64, &nc, &e1);
		r2 = pcnc__map(sfd, dom, GUEST_RAM0_GFN, 64, &st, &e2);
	}
	CHECK("running-guest-read", !r1 && !r2 && !pcnc__count_errs(e1, 64) &&
	      !memcmp(nc, st, 64 * PG) &&
	      !memcmp((char *)nc + 0x38, "ARM\x64", 4),
	      "rc %d/%d, or contents differ / no arm64 Image magic", r1, r2);
	if (nc != MAP_FAILED)
		munmap(nc, 64 * PG);
	if (st != MAP_FAILED)
		munmap(st, 64 * PG);
	free(e1);
	free(e2);
	close(fd);
	close(sfd);
}

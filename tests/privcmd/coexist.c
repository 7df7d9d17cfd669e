// SPDX-License-Identifier: MIT
/*
 * Coexistence with the kernel's unpopulated allocator (coexist.job): a
 * long-lived NC mapping, a large stock privcmd mapping and a gntdev
 * mapping, each of which takes frames of Xen's extended regions.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "pcnc.h"

/* linux/xen/gntdev.h's later structures need Xen's types; we need none. */
typedef uint32_t grant_ref_t;
typedef uint16_t domid_t;
#include <xen/gntdev.h>

#define MARK	0x6e632d686f6c6421ULL	/* "!dloh-cn" */

/*
 * Map pages of dom through the NC device, mark them, then keep the
 * mapping until release_file exists (or seconds pass); check the marks
 * are still there before unmapping.
 */
void pcnc__case_holdmap(unsigned int dom, size_t pages, int seconds,
			const char *release_file)
{
	int fd = pcnc__open(PCNC_DEV);
	struct privcmd_nc_query q0, q1;
	struct privcmd_nc_pte pte;
	struct stat st;
	uint64_t *p;
	size_t i, bad = 0;
	void *a;
	int *e, rc;

	pcnc__query(fd, &q0);
	rc = pcnc__map(fd, dom, GUEST_RAM0_GFN, pages, &a, &e);
	CHECK("holdmap-nc-map", !rc && !pcnc__count_errs(e, pages),
	      "rc %d mapping %zu pages through %s", rc, pages, PCNC_DEV);
	if (rc)
		return;
	pcnc__query(fd, &q1);
	CHECK("holdmap-nc-in-extended-regions",
	      q0.region_free_pages - q1.region_free_pages == pages,
	      "free region pages %llu -> %llu for %zu pages (fallback?)",
	      (unsigned long long)q0.region_free_pages,
	      (unsigned long long)q1.region_free_pages, pages);
	for (i = 0; i < pages; i++) {
		p = (uint64_t *)((char *)a + i * PG);
		p[0] = MARK ^ i;
	}
	printf("holding %zu pages (%zu MiB) through %s\n", pages,
	       pages * PG >> 20, PCNC_DEV);
	/* Where dom0 sees the first one, for a check of its stage-2 entry
	 * from outside (privcmd.job, s2-from-gdbstub). */
	if (!pcnc__pte(fd, a, &pte))
		printf("first page at dom0 pfn %#llx\n",
		       (unsigned long long)pte.pfn);
	while (seconds-- > 0 && stat(release_file, &st))
		sleep(1);
	for (i = 0; i < pages; i++) {
		p = (uint64_t *)((char *)a + i * PG);
		bad += p[0] != (MARK ^ i);
	}
	CHECK("holdmap-nc-intact", !bad, "%zu pages lost their mark", bad);
	munmap(a, pages * PG);
	free(e);
	close(fd);
}

/* Map pages of dom through stock privcmd. */
void pcnc__case_stockmap(unsigned int dom, size_t pages)
{
	int fd = pcnc__open(STOCK_DEV);
	void *a;
	int *e, rc;

	rc = pcnc__map(fd, dom, GUEST_RAM0_GFN, pages, &a, &e);
	CHECK("stockmap-map", !rc && !pcnc__count_errs(e, pages),
	      "stock %s could not map %zu pages (%zu MiB): rc %d (%s)",
	      STOCK_DEV, pages, pages * PG >> 20, rc, strerror(-rc));
	if (!rc)
		munmap(a, pages * PG);
	free(e);
	close(fd);
}

/* Map grant reference ref of dom through gntdev and read it. */
void pcnc__case_gntdev(unsigned int dom, unsigned int ref)
{
	struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
	int fd = pcnc__open("/dev/xen/gntdev");
	volatile unsigned char *a;
	int rc;

	map.refs[0].domid = dom;
	map.refs[0].ref = ref;
	rc = ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map);
	CHECK("gntdev-map-grant-ref", !rc, "IOCTL_GNTDEV_MAP_GRANT_REF: %s",
	      strerror(errno));
	if (rc)
		return;
	a = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, map.index);
	CHECK("gntdev-mmap", a != MAP_FAILED,
	      "gntdev mmap of dom %u ref %u: %s", dom, ref, strerror(errno));
	if (a != MAP_FAILED) {
		printf("  dom %u grant %u mapped, first byte 0x%02x\n", dom, ref,
		       a[0]);
		munmap((void *)a, PG);
	}
	unmap.index = map.index;
	CHECK("gntdev-unmap", !ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap),
	      "%s", strerror(errno));
	close(fd);
}

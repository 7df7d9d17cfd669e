// SPDX-License-Identifier: MIT
/* pcnc-test helpers: device access, results, memory figures. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "pcnc.h"

/* The layouts stock privcmd has on 64-bit, so its ioctl numbers match. */
_Static_assert(sizeof(struct privcmd_nc_mmapbatch) == 24, "V1 layout");
_Static_assert(sizeof(struct privcmd_nc_mmapbatch_v2) == 32, "V2 layout");
_Static_assert(sizeof(struct privcmd_nc_mmap_resource) == 32, "resource");

int pcnc_failures, pcnc_passes;

void pcnc__result(const char *name, int ok)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", name);
	fflush(stdout);
	if (ok)
		pcnc_passes++;
	else
		pcnc_failures++;
}

int pcnc__open(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		printf("  open %s: %s\n", dev, strerror(errno));
	return fd;
}

int pcnc__batch(int fd, unsigned int dom, void *addr, const uint64_t *gfns,
		size_t n, int *errs)
{
	struct privcmd_nc_mmapbatch_v2 m = {
		.num = n,
		.dom = dom,
		.addr = (uintptr_t)addr,
		.arr = (uintptr_t)gfns,
		.err = (uintptr_t)errs,
	};

	/* Same number and layout as stock privcmd's on 64-bit. */
	return ioctl(fd, IOCTL_PRIVCMD_NC_MMAPBATCH_V2, &m) ? -errno : 0;
}

int pcnc__map(int fd, unsigned int dom, uint64_t gfn0, size_t n, void **addr,
	      int **errs)
{
	uint64_t *gfns = malloc(n * sizeof(*gfns));
	size_t i;
	int rc;

	*errs = calloc(n, sizeof(**errs));
	*addr = mmap(NULL, n * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!gfns || !*errs || *addr == MAP_FAILED) {
		rc = -errno;
		free(gfns);
		return rc ? rc : -ENOMEM;
	}
	for (i = 0; i < n; i++)
		gfns[i] = gfn0 + i;
	rc = pcnc__batch(fd, dom, *addr, gfns, n, *errs);
	free(gfns);
	return rc;
}

int pcnc__query(int fd, struct privcmd_nc_query *q)
{
	memset(q, 0xa5, sizeof(*q));	/* so unwritten fields show */
	return ioctl(fd, IOCTL_PRIVCMD_NC_QUERY, q) ? -errno : 0;
}

int pcnc__pte(int fd, void *addr, struct privcmd_nc_pte *p)
{
	memset(p, 0, sizeof(*p));
	p->addr = (uintptr_t)addr;
	return ioctl(fd, IOCTL_PRIVCMD_NC_PTE, p) ? -errno : 0;
}

long pcnc__memfree_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f;

	sync();
	f = fopen("/proc/sys/vm/drop_caches", "w");
	if (f) {
		fputs("3\n", f);
		fclose(f);
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

double pcnc__now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

size_t pcnc__count_errs(const int *errs, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += errs[i] != 0;
	return c;
}

/* How many of the n frames failed with exactly err (a negative errno). */
size_t pcnc__count_errno(const int *errs, size_t n, int err)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += errs[i] == err;
	return c;
}

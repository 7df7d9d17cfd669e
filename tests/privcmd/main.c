// SPDX-License-Identifier: MIT
/*
 * pcnc-test: tests of /dev/xen/privcmd-nc, run in the emulated dom0 by
 * tests/privcmd/privcmd.job.  One PASS:/FAIL: line per case, a count at
 * the end, exit status 1 if any failed.
 *
 *   pcnc-test basic DOMID cacheable|noncacheable [noregions]  (paused guest)
 *   pcnc-test running DOMID                         (a running guest)
 *   pcnc-test adversarial DOMID                     (a paused guest)
 *   pcnc-test review DOMID                          (a paused guest)
 *   pcnc-test pteoff DOMID                          (module loaded
 *                                                    without debug_pte=1)
 *   pcnc-test unmapfail DOMID                       (a paused guest; leaks
 *                                                    6 region gpfns)
 *   pcnc-test dying DOMID NAME                      (destroys NAME)
 *   pcnc-test size DOMID PAGES MAX_DROP_KB [split]
 *   pcnc-test leak DOMID CYCLES PAGES TOLERANCE_KB
 *   pcnc-test bench DOMID MAX_PAGES                 (prints BENCH: lines)
 *   pcnc-test hold SECONDS                          (keeps an fd open)
 *   pcnc-test holdmap DOMID PAGES SECONDS FILE      (keeps a mapping until
 *                                                    FILE exists)
 *   pcnc-test stockmap DOMID PAGES                  (stock privcmd)
 *   pcnc-test gntdev DOMID REF                      (maps a grant)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcnc.h"

static int usage(void)
{
	fprintf(stderr, "usage: pcnc-test basic|running|adversarial|review|pteoff|unmapfail|dying|size|leak|bench|hold|holdmap|stockmap|gntdev ARGS (see main.c)\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int dom;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "hold")) {
		int fd = pcnc__open(PCNC_DEV);

		printf("holding %s open\n", PCNC_DEV);
		sleep(atoi(argv[2]));
		close(fd);
		return 0;
	}
	dom = strtoul(argv[2], NULL, 0);
	if (!strcmp(argv[1], "basic") && (argc == 4 || argc == 5))
		pcnc__cases_basic(dom, argv[3],
				  argc == 4 || strcmp(argv[4], "noregions"));
	else if (!strcmp(argv[1], "running"))
		pcnc__cases_running(dom);
	else if (!strcmp(argv[1], "adversarial"))
		pcnc__cases_adversarial(dom);
	else if (!strcmp(argv[1], "review"))
		pcnc__cases_review(dom);
	else if (!strcmp(argv[1], "pteoff"))
		pcnc__case_pte_off(dom);
	else if (!strcmp(argv[1], "unmapfail"))
		pcnc__case_unmap_fail(dom);
	else if (!strcmp(argv[1], "dying") && argc == 4)
		pcnc__case_dying(dom, argv[3]);
	else if (!strcmp(argv[1], "size") && (argc == 5 || argc == 6))
		pcnc__case_size(dom, strtoul(argv[3], NULL, 0),
				atol(argv[4]),
				argc == 6 && !strcmp(argv[5], "split"));
	else if (!strcmp(argv[1], "leak") && argc == 6)
		pcnc__case_leak(dom, atoi(argv[3]), strtoul(argv[4], NULL, 0),
				atol(argv[5]));
	else if (!strcmp(argv[1], "holdmap") && argc == 6)
		pcnc__case_holdmap(dom, strtoul(argv[3], NULL, 0),
				   atoi(argv[4]), argv[5]);
	else if (!strcmp(argv[1], "stockmap") && argc == 4)
		pcnc__case_stockmap(dom, strtoul(argv[3], NULL, 0));
	else if (!strcmp(argv[1], "gntdev") && argc == 4)
		pcnc__case_gntdev(dom, strtoul(argv[3], NULL, 0));
	else if (!strcmp(argv[1], "bench") && argc == 4)
		pcnc__bench(dom, strtoul(argv[3], NULL, 0));
	else
		return usage();
	printf("pcnc-test %s: %d passed, %d failed\n", argv[1], pcnc_passes,
	       pcnc_failures);
	return pcnc_failures ? 1 : 0;
}

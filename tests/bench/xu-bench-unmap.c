/* SPDX-License-Identifier: MIT */
/*
 * xu-bench-unmap: how long munmap() of a large foreign mapping takes,
 * /dev/xen/privcmd-nc (privcmd/) against stock /dev/xen/privcmd.
 *
 *   xu-bench-unmap [-r ROUNDS] DOMID [PAGES]
 *
 * Runs in dom0.  Each round maps PAGES frames (default 262144: 1 GiB) of
 * DOMID's RAM, from its first RAM frame (GUEST_RAM0_BASE), in one call
 * through each device in turn, stock first, and times the munmap() alone;
 * the map is timed too, for information.  Stock goes through
 * libxenforeignmemory (xenforeignmemory_map: IOCTL_PRIVCMD_MMAPBATCH_V2 on
 * /dev/xen/privcmd; xenforeignmemory_unmap: munmap), exactly as the
 * toolstack does; privcmd-nc through its own MMAPBATCH_V2.  Every frame
 * must map (a frame's error ends the run: a partial mapping would time
 * something else).  The domain should be paused and never run.
 *
 * A benchmark, not a test: it prints each round, then
 *   median munmap: privcmd-nc S s, stock S s (N pages)
 *   ratio munmap privcmd-nc/stock R
 * and asserts nothing about the figures (tests/bench/unmap.job).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xenforeignmemory.h>

#include <xen/privcmd-nc.h>

#define MAX_ROUNDS 20
#define PAGE 4096UL
/* GUEST_RAM0_BASE (0x40000000) in 4 KiB frames: where an Arm guest's RAM starts. */
#define RAM0_GFN 0x40000UL

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int check_errs(const char *dev, const int *err, size_t n)
{
    size_t i;

    for ( i = 0; i < n; i++ )
        if ( err[i] )
        {
            fprintf(stderr, "%s: frame %zu not mapped: %s\n", dev, i,
                    strerror(-err[i]));
            return -1;
        }
    return 0;
}

/* One round through stock privcmd: *map_s and *unmap_s get the times. */
static int round_stock(xenforeignmemory_handle *fm, uint32_t dom,
                       const xen_pfn_t *gfns, int *err, size_t n,
                       double *map_s, double *unmap_s)
{
    double t0 = now(), t1;
    void *p = xenforeignmemory_map(fm, dom, PROT_READ | PROT_WRITE, n, gfns,
                                   err);

    if ( !p )
    {
        fprintf(stderr, "stock: xenforeignmemory_map of %zu pages: %s\n", n,
                strerror(errno));
        return -1;
    }
    t1 = now();
    if ( check_errs("stock", err, n) )
        return -1;
    /* Touch one page so the mapping is known to be live. */
    (void)*(volatile unsigned char *)p;
    *map_s = t1 - t0;
    t0 = now();
    if ( xenforeignmemory_unmap(fm, p, n) )
    {
        perror("stock: xenforeignmemory_unmap");
        return -1;
    }
    *unmap_s = now() - t0;
    return 0;
}

/* One round through /dev/xen/privcmd-nc, timed the same way. */
static int round_nc(int fd, uint16_t dom, const uint64_t *gfns, int *err,
                    size_t n, double *map_s, double *unmap_s)
{
    struct privcmd_nc_mmapbatch_v2 m = { 0 };
    double t0 = now(), t1;
    void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

    if ( p == MAP_FAILED )
    {
        perror("privcmd-nc: mmap");
        return -1;
    }
    m.num = n;
    m.dom = dom;
    m.addr = (uintptr_t)p;
    m.arr = (uintptr_t)gfns;
    m.err = (uintptr_t)err;
    if ( ioctl(fd, IOCTL_PRIVCMD_NC_MMAPBATCH_V2, &m) )
    {
        fprintf(stderr, "privcmd-nc: MMAPBATCH_V2 of %zu pages: %s\n", n,
                strerror(errno));
        munmap(p, n * PAGE);
        return -1;
    }
    t1 = now();
    if ( check_errs("privcmd-nc", err, n) )
        return -1;
    (void)*(volatile unsigned char *)p;
    *map_s = t1 - t0;
    t0 = now();
    if ( munmap(p, n * PAGE) )
    {
        perror("privcmd-nc: munmap");
        return -1;
    }
    *unmap_s = now() - t0;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
"usage: %s [-r ROUNDS] DOMID [PAGES]\n"
"\n"
"Map PAGES frames (default 262144, 1 GiB) of DOMID's RAM through stock\n"
"/dev/xen/privcmd and through /dev/xen/privcmd-nc, alternating, ROUNDS\n"
"times each (default 5, at most %d), and time each munmap().  Prints each\n"
"round, the medians and the ratio privcmd-nc/stock.\n",
            program_invocation_short_name, MAX_ROUNDS);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "rounds", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    double s_map[MAX_ROUNDS], s_unmap[MAX_ROUNDS];
    double n_map[MAX_ROUNDS], n_unmap[MAX_ROUNDS];
    xenforeignmemory_handle *fm;
    unsigned long dom, n = 262144;
    int rounds = 5, c, fd, i, rc = 1;
    xen_pfn_t *gfns;
    uint64_t *gfns64;
    int *err;
    size_t k;

    while ( (c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 'r':
            rounds = atoi(optarg);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if ( optind >= argc || argc - optind > 2 || rounds < 1 ||
         rounds > MAX_ROUNDS )
    {
        usage(stderr);
        return 2;
    }
    dom = strtoul(argv[optind], NULL, 0);
    if ( argc - optind == 2 )
        n = strtoul(argv[optind + 1], NULL, 0);
    if ( !n || dom >= 0x7ff0 )
    {
        usage(stderr);
        return 2;
    }

    gfns = calloc(n, sizeof(*gfns));
    gfns64 = calloc(n, sizeof(*gfns64));
    err = calloc(n, sizeof(*err));
    if ( !gfns || !gfns64 || !err )
    {
        perror("calloc");
        return 1;
    }
    for ( k = 0; k < n; k++ )
        gfns[k] = gfns64[k] = RAM0_GFN + k;

    fm = xenforeignmemory_open(NULL, 0);
    if ( !fm )
    {
        perror("xenforeignmemory_open");
        return 1;
    }
    fd = open("/dev/xen/privcmd-nc", O_RDWR | O_CLOEXEC);
    if ( fd < 0 )
    {
        perror("/dev/xen/privcmd-nc");
        goto out;
    }

    printf("munmap of %lu pages (%lu MiB) of d%lu, %d rounds each, alternating\n",
           n, n * PAGE >> 20, dom, rounds);
    for ( i = 0; i < rounds; i++ )
    {
        if ( round_stock(fm, dom, gfns, err, n, &s_map[i], &s_unmap[i]) ||
             round_nc(fd, dom, gfns64, err, n, &n_map[i], &n_unmap[i]) )
            goto out;
        printf("round %d: stock map %.3f s unmap %.3f s; "
               "privcmd-nc map %.3f s unmap %.3f s\n", i + 1,
               s_map[i], s_unmap[i], n_map[i], n_unmap[i]);
        fflush(stdout);
    }
    {
        double su = median(s_unmap, rounds), nu = median(n_unmap, rounds);
        double sm = median(s_map, rounds), nm = median(n_map, rounds);

        printf("median map (information): privcmd-nc %.3f s, stock %.3f s\n",
               nm, sm);
        printf("median munmap: privcmd-nc %.3f s, stock %.3f s (%lu pages)\n",
               nu, su, n);
        printf("ratio munmap privcmd-nc/stock %.3f\n", nu / su);
    }
    rc = 0;
out:
    if ( fd >= 0 )
        close(fd);
    xenforeignmemory_close(fm);
    return rc;
}

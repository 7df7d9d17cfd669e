/* SPDX-License-Identifier: MIT */
/*
 * xu-bench-write: how fast boot images get into guest RAM.
 *
 *   xu-bench-write [-r ROUNDS] [-m MEM_MIB] [--verify] KERNEL INITRD
 *
 * Runs in dom0.  Each round creates a paused, never-run domain, builds it
 * with libxenguest exactly as libxl does (allocate, parse, mem_init,
 * build_image, boot_image), and times build_image + boot_image: that is
 * where segments are mapped, cleared, copied, unmapped and (on the stock
 * path) flushed.  The domain is then destroyed.  Each round also times a
 * plain memcpy of the same bytes into dom0 memory that is already
 * faulted in: the ceiling inside this VM.
 *
 * Which path writes depends on how it is built: xu-bench-write is stock
 * libxenguest; xu-bench-write-plugin (XU_BENCH_PLUGIN) is linked with the
 * xl plugin, which makes it a libxl program as far as the plugin is
 * concerned, so libxc/'s backend writes in the mode the plugin picks.
 * (Preloading the plugin into xu-bench-write changes nothing: the plugin
 * acts only in libxl programs, which xl-plugin.job checks.)  --verify
 * asks the plugin to read the images back (xu_xl_set_image_verify).
 * A benchmark, not a test:
 * it prints figures and asserts nothing about them; the job that runs it
 * (tests/bench/write-bw.job) computes the ratios.
 *
 * Output: one line per round, then "RESULT path=P bytes=B build_us=...
 * memcpy_us=..." with the median of each.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenctrl.h>
#include <xenguest.h>
#include <xenstore.h>

#ifdef XU_BENCH_PLUGIN
#include <xenuncached-xl.h>
#define PATH_NAME "plugin"
#else
#define PATH_NAME "stock"
#endif

#define MAX_ROUNDS 20

static void usage(FILE *f)
{
    fprintf(f,
"usage: %s [-r ROUNDS] [-m MEM_MIB] [--verify] KERNEL INITRD\n"
"\n"
"Build a paused, never-started domain ROUNDS times (default 3, at most %d)\n"
"from KERNEL and INITRD with libxenguest, timing the image writing\n"
"(xc_dom_build_image + xc_dom_boot_image), and a plain memcpy of the same\n"
"bytes in dom0 for comparison.  Each domain is destroyed after its round.\n"
"\n"
"  -r, --rounds N   rounds (1..%d)\n"
"  -m, --memory M   guest RAM in MiB (default 256)\n"
"      --verify     xu-bench-write-plugin only: read the images back\n"
"                   (image_verify) and count that in the time\n"
"  -h, --help       this text\n"
"\n"
"The path is stock libxenguest (xu-bench-write), or libxc/ through the\n"
"xl plugin (xu-bench-write-plugin, linked with it).  Prints a line per\n"
"round and a RESULT line of medians.\n",
            program_invocation_short_name, MAX_ROUNDS, MAX_ROUNDS);
}

static void *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    void *b;

    if ( !f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
         fseek(f, 0, SEEK_SET) || !(b = malloc(n)) ||
         fread(b, 1, n, f) != (size_t)n )
    {
        fprintf(stderr, "xu-bench-write: %s: cannot read: %s\n", path,
                strerror(errno ? errno : EIO));
        exit(2);
    }
    fclose(f);
    *len = n;
    return b;
}

static uint64_t now_us(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
    qsort(v, n, sizeof(*v), cmp_u64);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A device tree header is all libxenguest looks at (it copies the blob). */
static unsigned char dtb[4096] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0x10, 0 };

/*
 * One round: the domain as libxl would create it for a 1-vCPU guest with
 * no devices, built, timed, destroyed.  Returns 0 and sets *us, or -1.
 */
static int one_round(xc_interface *xch, struct xs_handle *xs,
                     void *kernel, size_t klen, void *initrd, size_t ilen,
                     unsigned int mem_mib, uint64_t *us)
{
    struct xen_domctl_createdomain cfg = {
        .flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
        .max_vcpus = 1,
        .max_evtchn_port = 1023,
        .max_grant_frames = -1,
        .max_maptrack_frames = -1,
        .grant_opts = XEN_DOMCTL_GRANT_version(1),
        .arch.gic_version = XEN_DOMCTL_CONFIG_GIC_NATIVE,
        .arch.tee_type = XEN_DOMCTL_CONFIG_TEE_NONE,
    };
    /* libxl's paging pool size for Arm: 4 KiB x (256 per vCPU + 1 per
     * MiB of RAM + 128 for extended regions). */
    uint64_t pool = 4096ull * (256 + mem_mib + 128);
    struct xc_dom_image *dom = NULL;
    uint32_t domid = 0;
    char path[64], *report;
    uint64_t t0 = 0, t1 = 0;
    int rc = -1;

    if ( xc_domain_create(xch, &domid, &cfg) )
    {
        perror("xu-bench-write: xc_domain_create");
        return -1;
    }
    if ( xc_domain_max_vcpus(xch, domid, 1) ||
         xc_domain_setmaxmem(xch, domid, (mem_mib + 1) * 1024) ||
         xc_set_paging_mempool_size(xch, domid, pool) )
    {
        perror("xu-bench-write: domain limits");
        goto out;
    }
    dom = xc_dom_allocate(xch, NULL, NULL);
    if ( !dom || xc_dom_kernel_mem(dom, kernel, klen) ||
         xc_dom_module_mem(dom, initrd, ilen, NULL) ||
         xc_dom_devicetree_mem(dom, dtb, sizeof(dtb)) ||
         xc_dom_rambase_init(dom, GUEST_RAM0_BASE) ||
         xc_dom_boot_xen_init(dom, xch, domid) ||
         xc_dom_parse_image(dom) || xc_dom_mem_init(dom, mem_mib) ||
         xc_dom_boot_mem_init(dom) )
    {
        fprintf(stderr, "xu-bench-write: d%u: setting up the build "
                "failed\n", domid);
        goto out;
    }
    t0 = now_us();
    if ( xc_dom_build_image(dom) || xc_dom_boot_image(dom) )
    {
        fprintf(stderr, "xu-bench-write: d%u: build failed\n", domid);
        goto out;
    }
    t1 = now_us();
    *us = t1 - t0;
    rc = 0;

    /* The plugin's report, if it is there (it says which mode wrote). */
    snprintf(path, sizeof(path), "/libxl/%u/xen-uncached/report", domid);
    report = xs ? xs_read(xs, XBT_NULL, path, NULL) : NULL;
    if ( report )
        printf("report: %s\n", report);
    free(report);

 out:
    if ( dom )
        xc_dom_release(dom);
    xc_domain_destroy(xch, domid);
    if ( xs )
    {
        /* Where the plugin records its report; libxl is not there to. */
        snprintf(path, sizeof(path), "/libxl/%u", domid);
        xs_rm(xs, XBT_NULL, path);
    }
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "rounds", required_argument, NULL, 'r' },
        { "memory", required_argument, NULL, 'm' },
        { "verify", no_argument, NULL, 'V' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    uint64_t build_us[MAX_ROUNDS], copy_us[MAX_ROUNDS], t0;
    int rounds = 3, verify = 0, c, i;
    unsigned int mem_mib = 256;
    size_t klen, ilen;
    void *kernel, *initrd;
    unsigned char *copy;
    xc_interface *xch;
    struct xs_handle *xs;

    while ( (c = getopt_long(argc, argv, "r:m:h", opts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 'r':
            rounds = atoi(optarg);
            break;
        case 'm':
            mem_mib = strtoul(optarg, NULL, 0);
            break;
        case 'V':
            verify = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if ( argc - optind != 2 || rounds < 1 || rounds > MAX_ROUNDS ||
         mem_mib < 64 )
    {
        usage(stderr);
        return 2;
    }
#ifdef XU_BENCH_PLUGIN
    if ( verify && xu_xl_set_image_verify(1) )
    {
        perror("xu-bench-write: xu_xl_set_image_verify");
        return 2;
    }
#else
    if ( verify )
    {
        fprintf(stderr, "xu-bench-write: --verify: the stock path has no "
                "read-back; use xu-bench-write-plugin\n");
        return 2;
    }
#endif

    kernel = load(argv[optind], &klen);
    initrd = load(argv[optind + 1], &ilen);
    copy = malloc(klen + ilen);
    xch = xc_interface_open(NULL, NULL, 0);
    if ( !copy || !xch )
    {
        perror("xu-bench-write");
        return 2;
    }
    memset(copy, 0, klen + ilen);       /* fault it in: the ceiling */
    xs = xs_open(0);

    printf("xu-bench-write: path %s%s, kernel %zu + initrd %zu bytes, "
           "%u MiB guest, %d rounds\n", PATH_NAME, verify ? " + verify" : "",
           klen, ilen, mem_mib, rounds);
    for ( i = 0; i < rounds; i++ )
    {
        if ( one_round(xch, xs, kernel, klen, initrd, ilen, mem_mib,
                       &build_us[i]) )
            return 1;
        t0 = now_us();
        memcpy(copy, kernel, klen);
        memcpy(copy + klen, initrd, ilen);
        copy_us[i] = now_us() - t0;
        printf("round %d: build %"PRIu64" us (%.1f MiB/s), memcpy %"PRIu64
               " us (%.1f MiB/s)\n", i + 1, build_us[i],
               (klen + ilen) / (build_us[i] + 1.0) * 1e6 / 1048576,
               copy_us[i], (klen + ilen) / (copy_us[i] + 1.0) * 1e6 / 1048576);
        fflush(stdout);
    }
    printf("RESULT path=%s%s bytes=%zu build_us=%"PRIu64" memcpy_us=%"PRIu64
           "\n", PATH_NAME, verify ? "+verify" : "", klen + ilen,
           median(build_us, rounds), median(copy_us, rounds));

    if ( xs )
        xs_close(xs);
    xc_interface_close(xch);
    free(copy);
    free(kernel);
    free(initrd);
    return 0;
}

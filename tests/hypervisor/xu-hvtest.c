/* SPDX-License-Identifier: MIT */
/*
 * xu-hvtest: make the hypercalls the hypervisor-patches tests need, from
 * dom0, through /dev/xen/privcmd IOCTL_PRIVCMD_HYPERCALL, and print what
 * Xen answered.  Static arm64 program, no Xen libraries: it must run in
 * the emulated dom0 and must not depend on the toolstack under test.
 *
 *   xu-hvtest features
 *       XENVER_get_features submaps 0 and 1, and the xen-uncached bits.
 *   xu-hvtest caps
 *       XEN_SYSCTL_physinfo: capabilities, arch_capabilities and the
 *       xen-uncached bits of the latter (the toolstack's interface).
 *   xu-hvtest map SPACE FOREIGN_DOMID IDX GPFN [SIZE]
 *       XENMEM_add_to_physmap_batch for DOMID_SELF; SIZE > 1 repeats the
 *       entry, SIZE given as "null:N" passes NULL arrays with size N.
 *   xu-hvtest map1 SPACE IDX GPFN
 *       XENMEM_add_to_physmap (the single form).
 *   xu-hvtest unmap GPFN
 *       XENMEM_remove_from_physmap for DOMID_SELF.
 *   xu-hvtest stats DOMID [--size N]
 *       XEN_DOMCTL_get_guest_cache_stats: the domain's guest cache-control
 *       counters (hypervisor-patches 0008), printed as the 'U' debug key's
 *       line, "XU-STATS d<id> tvm=<n> ... tvm_giveup=<n>", followed by
 *       "version=<n> size=<Xen's size> copied=<bytes>".  --size N passes a
 *       buffer of N bytes instead of the whole structure (0: a NULL
 *       buffer, the size query); only the fields within what Xen copied
 *       are printed.
 *
 * Prints "rc=<n>" (and "err[i]=<n>" for a batch), exits 0 only when the
 * call and every entry succeeded, 1 when Xen refused, 2 on usage or
 * system errors.  The shell tests decide which of those they expect.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Linux include/uapi/xen/privcmd.h */
struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

/* Xen public headers (xen.h, version.h, memory.h), Arm layout. */
#define HYPERVISOR_memory_op        12
#define HYPERVISOR_xen_version      17
#define HYPERVISOR_sysctl           35
#define HYPERVISOR_domctl           36
#define XEN_SYSCTL_physinfo         3
#define XENVER_get_features         6
#define XENMEM_add_to_physmap       7
#define XENMEM_remove_from_physmap  15
#define XENMEM_add_to_physmap_batch 23
#define DOMID_SELF                  0x7ff0

/* xen-uncached ABI v1: submap 1 bits. */
#define XU_FEAT_S2_NC_FOREIGN       (1u << 0)
#define XU_FEAT_GUEST_CACHE_TRAP    (1u << 1)
#define XU_FEAT_S2FWB               (1u << 2)

/*
 * The physinfo sysctl's Arm arch_capabilities bits of hypervisor-patches/
 * (its public/sysctl.h); bits 0..4 are the SVE vector length upstream.
 */
#define XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP (1u << 5)
#define XEN_SYSCTL_PHYSCAP_ARM_S2FWB            (1u << 6)
#define XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC       (1u << 7)
#define XEN_SYSCTL_PHYSCAP_directio             (1u << 2)

/*
 * struct xen_sysctl with the physinfo member (public/sysctl.h): the same
 * layout in 4.17 and 4.20, only XEN_SYSCTL_INTERFACE_VERSION differs.
 */
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;
    uint32_t arch_capabilities;
    uint32_t pad;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
    uint32_t hw_cap[8];
};

struct xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct xen_sysctl_physinfo physinfo;
        uint8_t pad[128];
    } u;
};

_Static_assert(sizeof(struct xen_sysctl_physinfo) == 112, "ABI");
_Static_assert(sizeof(struct xen_sysctl) == 136, "ABI");

/*
 * XEN_DOMCTL_get_guest_cache_stats of hypervisor-patches 0008 (its
 * public/domctl.h).  Only the patched Xen 4.17 has it, so the domctl
 * interface version is 4.17's.  The number is the series' own, outside
 * upstream's sequence.
 */
#define XEN_DOMCTL_INTERFACE_VERSION     0x15
#define XEN_DOMCTL_get_guest_cache_stats 2000
#define XEN_GUEST_CACHE_STATS_VERSION    1
#define XEN_GUEST_CACHE_STATS_FWB        (1u << 0)

struct xen_guest_cache_stats {
    uint32_t version;
    uint32_t size;
    uint32_t flags;
    uint32_t pad;
    uint64_t tvm_traps;
    uint64_t setway_traps;
    uint64_t toggle_flushes;
    uint64_t pages_flushed;
    uint64_t flush_ns;
    uint64_t last_pages;
    uint64_t last_ns;
    uint64_t foreign_nc_maps;
    uint64_t tvm_giveups;
};

struct xen_domctl_guest_cache_stats {
    uint32_t size;
    uint32_t pad;
    uint64_t buffer;
};

struct xen_domctl {
    uint32_t cmd;
    uint32_t interface_version;
    uint16_t domain;
    uint16_t _pad[3];
    union {
        struct xen_domctl_guest_cache_stats guest_cache_stats;
        uint64_t align;
        uint8_t pad[128];
    } u;
};

_Static_assert(sizeof(struct xen_guest_cache_stats) == 88, "ABI");
_Static_assert(sizeof(struct xen_domctl) == 144, "ABI");

struct xen_feature_info {
    uint32_t submap_idx;
    uint32_t submap;
};

/* On Arm every guest handle is 64 bits wide and 64-bit aligned. */
struct xen_add_to_physmap_batch {
    uint16_t domid;
    uint16_t space;
    uint16_t size;
    uint16_t foreign_domid;
    uint64_t idxs;
    uint64_t gpfns;
    uint64_t errs;
};

struct xen_add_to_physmap {
    uint16_t domid;
    uint16_t size;
    uint32_t space;
    uint64_t idx;
    uint64_t gpfn;
};

struct xen_remove_from_physmap {
    uint16_t domid;
    uint64_t gpfn;
};

_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 32, "ABI");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "ABI");
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "ABI");

#define MAX_BATCH 64

static int privcmd_fd = -1;

/* The hypercall's return value, or -errno of the ioctl. */
static long hypercall(uint64_t op, uint64_t a0, uint64_t a1)
{
    struct privcmd_hypercall call = { .op = op, .arg = { a0, a1 } };
    long rc = ioctl(privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call);

    return rc < 0 ? -errno : rc;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;

    errno = 0;
    *out = strtoull(s, &end, 0);
    if (errno || end == s || *end) {
        fprintf(stderr, "xu-hvtest: bad number '%s'\n", s);
        return -1;
    }
    return 0;
}

static int cmd_features(void)
{
    struct xen_feature_info fi0 = { .submap_idx = 0 };
    struct xen_feature_info fi1 = { .submap_idx = 1 };
    long rc0 = hypercall(HYPERVISOR_xen_version, XENVER_get_features,
                         (uintptr_t)&fi0);
    long rc1 = hypercall(HYPERVISOR_xen_version, XENVER_get_features,
                         (uintptr_t)&fi1);

    if (rc0) {
        printf("submap0 rc=%ld\n", rc0);
        return 2;
    }
    /* A Xen without the patches refuses submap 1: no features. */
    if (rc1)
        fi1.submap = 0;
    printf("submap0=0x%08x submap1=0x%08x rc1=%ld nc_foreign=%d "
           "cache_trap=%d s2fwb=%d\n", fi0.submap, fi1.submap, rc1,
           !!(fi1.submap & XU_FEAT_S2_NC_FOREIGN),
           !!(fi1.submap & XU_FEAT_GUEST_CACHE_TRAP),
           !!(fi1.submap & XU_FEAT_S2FWB));
    return 0;
}

/*
 * A sysctl with the wrong XEN_SYSCTL_INTERFACE_VERSION is refused with
 * -EACCES; the physinfo layout is the same in every version tried (0x15 is
 * Xen 4.17, 0x17 4.20; later ones for an upstream build), so try each.
 */
static int cmd_caps(void)
{
    struct xen_sysctl op;
    uint32_t ver;
    long rc = -EACCES;

    for (ver = 0x15; ver <= 0x20 && rc == -EACCES; ver++) {
        memset(&op, 0, sizeof(op));
        op.cmd = XEN_SYSCTL_physinfo;
        op.interface_version = ver;
        rc = hypercall(HYPERVISOR_sysctl, (uintptr_t)&op, 0);
    }
    if (rc) {
        printf("physinfo rc=%ld\n", rc);
        return 2;
    }
    printf("sysctl_version=0x%02x capabilities=0x%08x "
           "arch_capabilities=0x%08x cache_trap=%d s2fwb=%d nc_foreign=%d "
           "directio=%d\n", op.interface_version, op.u.physinfo.capabilities,
           op.u.physinfo.arch_capabilities,
           !!(op.u.physinfo.arch_capabilities &
              XEN_SYSCTL_PHYSCAP_ARM_GUEST_CACHE_TRAP),
           !!(op.u.physinfo.arch_capabilities & XEN_SYSCTL_PHYSCAP_ARM_S2FWB),
           !!(op.u.physinfo.arch_capabilities &
              XEN_SYSCTL_PHYSCAP_ARM_FOREIGN_NC),
           !!(op.u.physinfo.capabilities & XEN_SYSCTL_PHYSCAP_directio));
    return 0;
}

static int cmd_map(int argc, char **argv)
{
    static uint64_t idxs[MAX_BATCH], gpfns[MAX_BATCH];
    static int errs[MAX_BATCH];
    struct xen_add_to_physmap_batch b = { .domid = DOMID_SELF };
    uint64_t space, fdom, idx, gpfn, size = 1;
    int null_arrays = 0, failed = 0;
    long rc;

    if (argc < 4 || argc > 5 || parse_u64(argv[0], &space) ||
        parse_u64(argv[1], &fdom) || parse_u64(argv[2], &idx) ||
        parse_u64(argv[3], &gpfn))
        return 2;
    if (argc == 5) {
        const char *s = argv[4];

        if (!strncmp(s, "null:", 5)) {
            null_arrays = 1;
            s += 5;
        }
        if (parse_u64(s, &size) || size > 0xffff ||
            (!null_arrays && size > MAX_BATCH))
            return 2;
    }

    b.space = space;
    b.foreign_domid = fdom;
    b.size = size;
    for (uint64_t i = 0; i < size && !null_arrays; i++) {
        idxs[i] = idx;
        gpfns[i] = gpfn;
        errs[i] = 0x7fffffff; /* Xen must overwrite it */
    }
    if (!null_arrays) {
        b.idxs = (uintptr_t)idxs;
        b.gpfns = (uintptr_t)gpfns;
        b.errs = (uintptr_t)errs;
    }

    rc = hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap_batch,
                   (uintptr_t)&b);
    printf("rc=%ld", rc);
    for (uint64_t i = 0; i < size && !null_arrays; i++) {
        printf(" err[%llu]=%d", (unsigned long long)i, errs[i]);
        failed |= errs[i] != 0;
    }
    printf("\n");
    return rc || failed ? 1 : 0;
}

static int cmd_map1(int argc, char **argv)
{
    struct xen_add_to_physmap a = { .domid = DOMID_SELF, .size = 1 };
    uint64_t space, idx, gpfn;
    long rc;

    if (argc != 3 || parse_u64(argv[0], &space) || parse_u64(argv[1], &idx) ||
        parse_u64(argv[2], &gpfn))
        return 2;
    a.space = space;
    a.idx = idx;
    a.gpfn = gpfn;
    rc = hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap, (uintptr_t)&a);
    printf("rc=%ld\n", rc);
    return rc ? 1 : 0;
}

static int cmd_unmap(int argc, char **argv)
{
    struct xen_remove_from_physmap r = { .domid = DOMID_SELF };
    long rc;

    if (argc != 1 || parse_u64(argv[0], &r.gpfn))
        return 2;
    rc = hypercall(HYPERVISOR_memory_op, XENMEM_remove_from_physmap,
                   (uintptr_t)&r);
    printf("rc=%ld\n", rc);
    return rc ? 1 : 0;
}

/*
 * The buffer given to Xen is the start of a larger one filled with a
 * pattern: Xen must write nothing past the size it was given.
 */
#define STATS_SLACK 4096
#define STATS_FILL  0xa5

static int cmd_stats(int argc, char **argv)
{
    static uint8_t buf[sizeof(struct xen_guest_cache_stats) + STATS_SLACK];
    struct xen_guest_cache_stats st;
    struct xen_domctl op;
    uint64_t domid, size = sizeof(st);
    uint32_t copied, i;
    long rc;

    if (argc == 3 && !strcmp(argv[1], "--size")) {
        if (parse_u64(argv[2], &size))
            return 2;
        if (size > sizeof(st) + STATS_SLACK / 2) {
            fprintf(stderr, "xu-hvtest: --size at most %zu\n",
                    sizeof(st) + STATS_SLACK / 2);
            return 2;
        }
    } else if (argc != 1) {
        fprintf(stderr, "usage: xu-hvtest stats DOMID [--size N]\n");
        return 2;
    }
    if (parse_u64(argv[0], &domid))
        return 2;
    if (domid > 0xffff) {
        fprintf(stderr, "xu-hvtest: domain id %s out of range\n", argv[0]);
        return 2;
    }

    /* Also faults the buffer in: Xen cannot write to a page not mapped. */
    memset(buf, STATS_FILL, sizeof(buf));
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_get_guest_cache_stats;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = domid;
    op.u.guest_cache_stats.size = size;
    op.u.guest_cache_stats.buffer = size ? (uintptr_t)buf : 0;
    rc = hypercall(HYPERVISOR_domctl, (uintptr_t)&op, 0);
    if (rc) {
        fprintf(stderr, "xu-hvtest: XEN_DOMCTL_get_guest_cache_stats for "
                "domain %u: rc=%ld (%s)%s\n", (unsigned int)domid, rc,
                strerror(-rc), rc == -ESRCH ? ": no such domain" :
                rc == -ENOSYS ? ": not the patched Xen?" : "");
        return 1;
    }

    for (i = size; i < sizeof(buf); i++)
        if (buf[i] != STATS_FILL) {
            fprintf(stderr, "xu-hvtest: Xen wrote byte %u of the buffer, "
                    "given %u bytes\n", i, (unsigned int)size);
            return 1;
        }

    copied = op.u.guest_cache_stats.size < size ?
             op.u.guest_cache_stats.size : size;
    memset(&st, 0, sizeof(st));
    memcpy(&st, buf, copied < sizeof(st) ? copied : sizeof(st));

#define HAVE(f) (offsetof(struct xen_guest_cache_stats, f) + \
                 sizeof(st.f) <= copied)
    if (HAVE(version) && st.version != XEN_GUEST_CACHE_STATS_VERSION) {
        fprintf(stderr, "xu-hvtest: structure version %u, this tool "
                "knows %u\n", st.version, XEN_GUEST_CACHE_STATS_VERSION);
        return 1;
    }
    if (HAVE(size) && st.size != op.u.guest_cache_stats.size) {
        fprintf(stderr, "xu-hvtest: the structure says size %u, the "
                "domctl %u\n", st.size, op.u.guest_cache_stats.size);
        return 1;
    }

    /* The debug key's line: the same fields, names and units. */
    printf("XU-STATS d%u", (unsigned int)domid);
    if (HAVE(tvm_traps))
        printf(" tvm=%" PRIu64, st.tvm_traps);
    if (HAVE(setway_traps))
        printf(" setway=%" PRIu64, st.setway_traps);
    if (HAVE(toggle_flushes))
        printf(" toggle=%" PRIu64, st.toggle_flushes);
    if (HAVE(pages_flushed))
        printf(" pages=%" PRIu64, st.pages_flushed);
    if (HAVE(flush_ns))
        printf(" flush_us=%" PRIu64, st.flush_ns / 1000);
    if (HAVE(last_pages))
        printf(" last_pages=%" PRIu64, st.last_pages);
    if (HAVE(last_ns))
        printf(" last_us=%" PRIu64, st.last_ns / 1000);
    if (HAVE(foreign_nc_maps))
        printf(" foreign_nc=%" PRIu64, st.foreign_nc_maps);
    if (HAVE(flags))
        printf(" fwb=%d", !!(st.flags & XEN_GUEST_CACHE_STATS_FWB));
    if (HAVE(tvm_giveups))
        printf(" tvm_giveup=%" PRIu64, st.tvm_giveups);
#undef HAVE
    printf(" version=%u size=%u copied=%u\n",
           copied >= sizeof(st.version) ? st.version : 0,
           op.u.guest_cache_stats.size, copied);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: xu-hvtest features | caps | map SPACE "
                "FDOMID IDX GPFN [SIZE|null:N] | map1 SPACE IDX GPFN | "
                "unmap GPFN | stats DOMID [--size N]\n");
        return 2;
    }
    privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
    if (privcmd_fd < 0) {
        perror("xu-hvtest: /dev/xen/privcmd");
        return 2;
    }
    if (!strcmp(argv[1], "features"))
        return cmd_features();
    if (!strcmp(argv[1], "caps"))
        return cmd_caps();
    if (!strcmp(argv[1], "map"))
        return cmd_map(argc - 2, argv + 2);
    if (!strcmp(argv[1], "map1"))
        return cmd_map1(argc - 2, argv + 2);
    if (!strcmp(argv[1], "unmap"))
        return cmd_unmap(argc - 2, argv + 2);
    if (!strcmp(argv[1], "stats"))
        return cmd_stats(argc - 2, argv + 2);
    fprintf(stderr, "xu-hvtest: unknown command '%s'\n", argv[1]);
    return 2;
}

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xenuncached.h: Arm boot-image loaders and a foreign-memory backend that
 * writes a guest's kernel, initrd and device tree through uncached
 * mappings, for use with libxenguest (Xen 4.17).
 *
 * The library has three layers:
 *
 *  1. Pure parsers and layout (xu_image_*, xu_arm64_*, xu_zimage32_*,
 *     xu_gunzip, xu_layout_compute).  They take caller-owned buffers,
 *     allocate nothing themselves (zlib's inflate state excepted, freed
 *     before return), never log, and return 0 (or a non-negative value
 *     where documented) on success or a negative XU_ERR_* code.
 *     xu_strerror() turns a code into text.
 *
 *  2. The foreign-memory backend (xu_fmem_*), modelled on
 *     libxenforeignmemory: an opaque handle, -1/NULL with errno on
 *     failure, logging through xentoollog.
 *
 *  3. libxenguest glue: xu_dom_register_loaders() adds our loaders in
 *     front of libxenguest's own ones.
 */
#ifndef XENUNCACHED_H
#define XENUNCACHED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Forward declarations, so that callers need not include these headers. */
struct xentoollog_logger;
struct xc_dom_image;
typedef struct xc_interface_core xc_interface;

/* ------------------------------------------------------------------------ */
/* Error codes of the pure functions (returned negated)                     */

#define XU_ERR_BADARG       1
    /* XU_ERR_BADARG: a NULL pointer or an argument out of its domain. */
#define XU_ERR_TRUNCATED    2
    /* XU_ERR_TRUNCATED: the buffer is shorter than the header it must
     * hold. */
#define XU_ERR_BADMAGIC     3
    /* XU_ERR_BADMAGIC: no known image magic at the expected offset. */
#define XU_ERR_BIGENDIAN    4
    /* XU_ERR_BIGENDIAN: arm64 Image flags bit 0 says big-endian kernel. */
#define XU_ERR_IMAGESIZE    5
    /* XU_ERR_IMAGESIZE: arm64 image_size is non-zero but smaller than the
     * file (by more than 16 zero bytes), or a zImage's end - start is
     * inconsistent with the file, or its extension table lies outside
     * it. */
#define XU_ERR_OVERFLOW     6
    /* XU_ERR_OVERFLOW: an address or size computation would wrap. */
#define XU_ERR_TEXTOFFSET   7
    /* XU_ERR_TEXTOFFSET: text_offset (or a zImage's start address) is not
     * 4 KiB aligned, or places the kernel outside RAM bank 0, or a zImage
     * would decompress below where it is loaded. */
#define XU_ERR_GZIP         8
    /* XU_ERR_GZIP: corrupt or truncated gzip stream. */
#define XU_ERR_NOSPACE      9
    /* XU_ERR_NOSPACE: decompressed data would exceed the output buffer. */
#define XU_ERR_RAMSIZE      10
    /* XU_ERR_RAMSIZE: RAM size is 0, not a multiple of 4 KiB, or larger
     * than the guest address space (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE). */
#define XU_ERR_KERNELSIZE   11
    /* XU_ERR_KERNELSIZE: the kernel (with its BSS) does not fit in RAM
     * bank 0, or kernel + modules exceed bank 0's maximum size. */
#define XU_ERR_NOFIT        12
    /* XU_ERR_NOFIT: initrd + DTB fit nowhere under Xen's placement rules. */
#define XU_ERR_MAX          12

/**
 * xu_strerror - text of an XU_ERR_* code
 * @errval: a code, negated as returned (positive values are accepted too)
 *
 * returns: a static string; "<no error>" for 0, "<unknown error>" for a
 * code this library does not define.  Never NULL.
 */
const char *xu_strerror(int errval);

/* ------------------------------------------------------------------------ */
/* Boot images                                                              */

/* Guest RAM map of Xen 4.17 on Arm (public/arch-arm.h). */
#define XU_GUEST_RAM0_BASE  UINT64_C(0x40000000)
#define XU_GUEST_RAM0_SIZE  UINT64_C(0xc0000000)
#define XU_GUEST_RAM1_BASE  UINT64_C(0x200000000)
#define XU_GUEST_RAM1_SIZE  UINT64_C(0xfe00000000)

enum xu_image_kind {
    XU_IMAGE_ARM64 = 1,      /* arm64 Image (Documentation/arm64/booting) */
    XU_IMAGE_ARM64_GZIP = 2, /* gzip stream, presumably of an arm64 Image */
    XU_IMAGE_ZIMAGE32 = 3,   /* arm32 zImage */
};

struct xu_image_info {
    enum xu_image_kind kind;
    uint64_t text_offset;   /* load address - RAM base */
    uint64_t file_size;     /* bytes to copy into the guest */
    uint64_t mem_size;      /* bytes to reserve (>= file_size; BSS too) */
    uint64_t entry;         /* absolute entry address, 0 = load address */
    uint32_t page_size;     /* arm64 kernel page size, 0 = not stated */
    uint64_t flags;         /* arm64 header flags, raw (0 for zImage) */
    uint64_t reserved[4];   /* zero; later fields, 0 meaning "not given" */
};

/**
 * xu_image_probe - identify a boot image from its first bytes
 * @buf: image bytes, @len: their number
 *
 * returns: an enum xu_image_kind (> 0) or
 *      -XU_ERR_BADARG: @buf is NULL
 *      -XU_ERR_BADMAGIC: no arm64, gzip or zImage magic
 * Only magics are checked: call the matching parser for the rest.
 */
int xu_image_probe(const void *buf, size_t len);

/**
 * xu_arm64_parse - validate an arm64 Image header
 * @buf, @len: the whole (uncompressed) Image
 * @info: filled on success only
 *
 * image_size 0 means a kernel older than Linux 3.17: text_offset is then
 * 0x80000 whatever the header says and mem_size is the file size.
 * Up to 16 zero bytes past image_size are accepted and not counted in
 * file_size: libxenguest appends them when it inflates a gzip'd Image.
 *
 * returns: 0 or
 *      -XU_ERR_BADARG, -XU_ERR_TRUNCATED (< 64 bytes), -XU_ERR_BADMAGIC,
 *      -XU_ERR_BIGENDIAN, -XU_ERR_IMAGESIZE (0 < image_size < @len, other
 *      than by up to 16 zero bytes),
 *      -XU_ERR_TEXTOFFSET (text_offset not a multiple of 4 KiB),
 *      -XU_ERR_OVERFLOW (text_offset + mem_size wraps)
 */
int xu_arm64_parse(const void *buf, size_t len, struct xu_image_info *info);

/**
 * xu_zimage32_parse - validate an arm32 zImage header
 * @buf, @len: the whole zImage (an appended DTB may follow it)
 * @info: filled on success only.  Loaded at RAM base + 0x8000 when the
 *        header's start address is 0, else at start (text_offset = start -
 *        RAM base) and entered there.  mem_size covers what the kernel
 *        will use from there, as the extension table's KLSZ entry gives
 *        it (inflated kernel and BSS at the decompression address, or
 *        the decompressor's copy of itself), at least the file.
 *
 * returns: 0 or
 *      -XU_ERR_BADARG, -XU_ERR_TRUNCATED (< 0x30 bytes), -XU_ERR_BADMAGIC,
 *      -XU_ERR_IMAGESIZE (end < start or end - start > @len, extension
 *      table or inflated-size word outside the file),
 *      -XU_ERR_TEXTOFFSET (start not 4 KiB aligned or outside RAM bank 0,
 *      or decompressing below it), -XU_ERR_OVERFLOW
 */
int xu_zimage32_parse(const void *buf, size_t len,
                      struct xu_image_info *info);

/**
 * xu_gzip_isize - decompressed size a gzip stream claims
 * @buf, @len: the gzip stream
 * @isize: set to the ISIZE trailer (size modulo 2^32: a hint, not a bound)
 *
 * returns: 0, -XU_ERR_BADARG, -XU_ERR_TRUNCATED (< 18 bytes),
 *      -XU_ERR_BADMAGIC (not gzip)
 */
int xu_gzip_isize(const void *buf, size_t len, uint32_t *isize);

/**
 * xu_gunzip - decompress one gzip stream into a caller-owned buffer
 * @src, @srclen: the gzip stream
 * @dst, @dstlen: output buffer; never written past @dstlen
 * @outlen: set to the decompressed size on success
 *
 * returns: 0 or
 *      -XU_ERR_BADARG, -XU_ERR_BADMAGIC (not gzip),
 *      -XU_ERR_GZIP (corrupt, truncated or bad CRC),
 *      -XU_ERR_NOSPACE (output larger than @dstlen)
 */
int xu_gunzip(const void *src, size_t srclen, void *dst, size_t dstlen,
              size_t *outlen);

/* ------------------------------------------------------------------------ */
/* Guest memory layout (Xen 4.17 xg_dom_arm.c meminit(), see docs/libxc.md) */

struct xu_layout {
    uint64_t bank_base[2], bank_size[2];
    uint64_t kernel_base;   /* RAM0 base + text_offset */
    uint64_t kernel_end;    /* kernel_base + mem_size (exclusive) */
    uint64_t kernel_resv;   /* kernel_end rounded up to 2 MiB */
    uint64_t entry;         /* first instruction */
    uint64_t modules_base;  /* where initrd then DTB start */
    uint64_t initrd_base, initrd_size;  /* size rounded up to 4 KiB */
    uint64_t dtb_base, dtb_size;        /* size rounded up to 4 KiB */
    uint64_t reserved[6];   /* zero; later fields, 0 meaning "not given" */
};

/**
 * xu_layout_compute - place kernel, initrd and DTB in guest RAM
 * @ram_size: guest RAM in bytes (multiple of 4 KiB)
 *
 * Where libxenguest's meminit() (Xen 4.17 to 4.20 and upstream) puts
 * them, given our kernel reservation, with checked arithmetic.  Our
 * loaders check every build's placement against it.
 *
 * @kernel: from one of the parsers
 * @initrd_size, @dtb_size: bytes; 0 = none (its base is then 0)
 * @out: filled on success only
 *
 * returns: 0 or
 *      -XU_ERR_BADARG, -XU_ERR_RAMSIZE, -XU_ERR_TEXTOFFSET,
 *      -XU_ERR_OVERFLOW, -XU_ERR_KERNELSIZE, -XU_ERR_NOFIT
 */
int xu_layout_compute(uint64_t ram_size, const struct xu_image_info *kernel,
                      uint64_t initrd_size, uint64_t dtb_size,
                      struct xu_layout *out);

/* ------------------------------------------------------------------------ */
/* Write modes                                                              */

enum xu_write_mode {
    XU_WRITE_AUTO = 0,         /* pick from what the platform reports */
    XU_WRITE_NC = 1,           /* Normal non-cacheable mappings */
    XU_WRITE_FWB_CACHED = 2,   /* cached writes, stage 2 forces WB (FWB) */
    XU_WRITE_CACHED_FLUSH = 3, /* stock: cached writes + cacheflush domctl */
};

/**
 * xu_write_mode_select - the mode to use
 * @requested: XU_WRITE_AUTO or an override
 * @have_nc: the uncached mapping device works
 * @have_fwb: the hypervisor reports FEAT_S2FWB for guest RAM
 *
 * Auto picks FWB_CACHED if @have_fwb, else NC if @have_nc, else
 * CACHED_FLUSH.  An override that the platform cannot honour degrades to
 * CACHED_FLUSH, the one mode that always works.  Never returns AUTO.
 */
enum xu_write_mode xu_write_mode_select(enum xu_write_mode requested,
                                        int have_nc, int have_fwb);

/** xu_write_mode_name - "auto", "nc", "fwb", "cached+flush"; NULL if bad. */
const char *xu_write_mode_name(enum xu_write_mode mode);

/**
 * xu_write_mode_parse - parse a mode name: one vocabulary for the config
 * key, the environment and every program's options
 *
 * Accepts the names xu_write_mode_name() prints and two aliases, the words
 * a guest config naturally uses: "uncached" for "nc", "cached" for
 * "cached+flush".  XU_WRITE_MODE_NAMES lists them for messages.
 * returns: 0 and sets *@mode, or -XU_ERR_BADARG.
 */
int xu_write_mode_parse(const char *name, enum xu_write_mode *mode);

#define XU_WRITE_MODE_NAMES \
    "auto, nc (or uncached), fwb, cached+flush (or cached)"

/* Environment variable read by xu_fmem_open() to override the mode. */
#define XU_WRITE_MODE_ENV "XU_WRITE_MODE"

/* ------------------------------------------------------------------------ */
/* Foreign-memory backend                                                   */

typedef struct xu_fmem_handle xu_fmem_handle;

/**
 * xu_fmem_open - open the backend
 * @logger: xentoollog logger, or NULL for a stderr logger at XTL_PROGRESS
 * @xch: open libxenctrl handle used for XEN_DOMCTL_cacheflush; the caller
 *       keeps it open for the lifetime of the handle
 * @mode: XU_WRITE_AUTO, or an override; $XU_WRITE_MODE (a name
 *        xu_write_mode_parse accepts) overrides AUTO
 *
 * Probes the uncached device; if it is missing the fallback (stock
 * mappings + cacheflush) is chosen and logged once.
 *
 * returns: the handle, or NULL with errno set (EINVAL: bad @mode or
 * $XU_WRITE_MODE; ENOMEM; errors of xenforeignmemory_open()).
 */
xu_fmem_handle *xu_fmem_open(struct xentoollog_logger *logger,
                             xc_interface *xch, enum xu_write_mode mode);

/**
 * xu_fmem_close - close the handle; all mappings must be unmapped first
 * (a leftover mapping is unmapped and flushed, and logged).
 * returns: 0, or -1 with errno set; NULL is accepted (returns 0).
 */
int xu_fmem_close(xu_fmem_handle *h);

/** xu_fmem_mode - the write mode in force (never XU_WRITE_AUTO). */
enum xu_write_mode xu_fmem_mode(const xu_fmem_handle *h);

/**
 * xu_fmem_map - map @pages guest frames of @domid, read-write, shared
 * @arr: guest frame numbers
 * @err: per-page errors (negative errno) or NULL, as xenforeignmemory_map()
 *
 * returns: the address, or NULL with errno set.  With @err non-NULL a
 * non-NULL return may still have failed pages, reported only in @err.
 */
void *xu_fmem_map(xu_fmem_handle *h, uint32_t domid, size_t pages,
                  const uint64_t arr[/*pages*/], int err[/*pages*/]);

/**
 * xu_fmem_unmap - unmap a mapping of xu_fmem_map()
 *
 * The frames are cleaned+invalidated with XEN_DOMCTL_cacheflush *after*
 * the unmap (so no cacheable alias can refill a line in between), in runs
 * of contiguous frames of at most 2^18 pages per call: always in
 * CACHED_FLUSH mode; in NC and FWB_CACHED mode unless Xen's physinfo
 * sysctl reports what makes it unneeded (the toggle flush, FWB) with no
 * IOMMU in use (see xu_fmem_report()).
 *
 * returns: 0, or -1 with errno set (EINVAL: not a mapping of this handle;
 * errors of munmap or of the cacheflush domctl, the first one wins, every
 * run is still attempted).
 */
int xu_fmem_unmap(xu_fmem_handle *h, void *addr);

/**
 * xu_fmem_report - the one-line build report
 * @h: handle (NULL: nothing is logged, @buf gets an empty string)
 * @domid: the domain the report is about
 * @buf: if not NULL, receives the line (NUL-terminated, truncated to
 *       @len), e.g. to record it where management tools can see it
 * @len: size of @buf
 *
 * Logs "dom N: mode M, B bytes, P pages, T ms (TYPES)" (counts since
 * open or the previous report; TYPES: the stage-1 and stage-2 memory
 * types of the writes, e.g. "stage-1 Normal-NC, stage-2 Normal-WB"; in
 * mode nc stage 2 is what the device counted for the pages mapped for
 * writing in that time, "Normal-NC for N pages, Normal-WB for M" if they
 * got both, or with none counted what Xen offers; then ", flushed" if
 * the frames were cleaned+invalidated after their unmap (always on the
 * stock path), else ", not flushed"; in modes nc and fwb then
 * "; flush kept: WHY" or "; flush dropped: WHY"), followed by
 * "; verified V bytes in U ms" if
 * xu_fmem_verify() ran in that time, at XTL_DETAIL, so a verbose caller
 * shows it (xl -v), then resets the counters.  The line is shorter than
 * XU_FMEM_REPORT_MAX bytes.
 */
void xu_fmem_report(xu_fmem_handle *h, uint32_t domid, char *buf,
                    size_t len);

/* A buffer of this size holds any report line of xu_fmem_report(). */
#define XU_FMEM_REPORT_MAX 256

/**
 * xu_fmem_verify - read a written guest region back and compare it
 * @h: handle; the read uses the handle's write mode (see below)
 * @domid: the guest
 * @gpfn, @pages: the region, in guest frames
 * @expect, @len: the bytes the region should start with (@len <= @pages
 *        pages; NULL if @len is 0); the rest of the region must be zero
 * @what: a name for the log, e.g. "kernel"
 *
 * Call it once the region's write mappings are gone (for libxenguest,
 * after xc_dom_boot_image()).  The region is mapped again, 1024 frames at
 * a time: uncached in mode nc, so the bytes come from memory as a guest
 * with its caches off reads them; cached in mode fwb, where stage 2 makes
 * the guest's view cached too; cached in mode cached+flush, after the
 * flush that followed the writes and followed by another one, so the
 * check leaves no cache line behind.  Each page is compared by CRC-32.
 * The read-back is not counted in the report's bytes and pages; its own
 * total and time are (see xu_fmem_report).
 *
 * returns: 0 if every page matches (logged at XTL_DETAIL with the
 * region's CRC-32), or -1 with errno: EIO on a mismatch (logged at
 * XTL_ERROR: how many pages differ, the first offset and frame, both
 * CRC-32s), EINVAL for bad arguments, or the mapping's error.  Nothing
 * stays mapped either way.
 */
int xu_fmem_verify(xu_fmem_handle *h, uint32_t domid, uint64_t gpfn,
                   size_t pages, const void *expect, size_t len,
                   const char *what);

/* ------------------------------------------------------------------------ */
/* libxenguest glue                                                         */

/**
 * xu_dom_register_loaders - register our arm64 Image and arm32 zImage
 * loaders with libxenguest's xc_dom_register_loader().  (libxenguest
 * inflates gzip'd kernels before any loader sees them.)
 * Registered loaders are probed first.  Idempotent; not thread-safe
 * (call it before building domains, as libxenguest's constructors do).
 */
void xu_dom_register_loaders(void);

/**
 * xu_dom_compat_check - do the private libxenguest structures this library
 * mirrors (src/xg_compat.h) match the libxenguest loaded in this process?
 * @why: receives a one-line reason on failure
 * @len: size of @why
 *
 * Writes markers into struct elf_dom_parms through the mirror and reads
 * them back with libxenguest's own xc_dom_virt_base()/_entry(), then
 * registers the loaders (as xu_dom_register_loaders()) and checks that
 * libxenguest linked them through the mirror's next field.  Call it once,
 * before building any domain, and build nothing if it fails.
 *
 * returns: 0, or -1 with @why filled in.
 */
int xu_dom_compat_check(char *why, size_t len);

/**
 * xu_dom_verify - the verification option of a libxenguest build
 * @h: the handle whose backend wrote the domain's memory (or any handle:
 *     the read-back is then in that handle's mode)
 * @dom: the image, after xc_dom_boot_image() and before xc_dom_release()
 *
 * Runs xu_fmem_verify() over the kernel segment (kernel_blob, then zeros),
 * each module segment (its blob, raw: Arm modules are placed by meminit
 * and never inflated), the device-tree segment and each ACPI module
 * (acpi=1: its data at guest_addr_out, then zeros to its last page's end;
 * one that does not start a page fails with EINVAL).  Every segment is
 * checked even after a mismatch, so the log names all bad ones.  A
 * builder fails the build when this fails (the xl plugin does).
 *
 * returns: 0, or -1 with the errno of the first failure (EIO: mismatch).
 */
int xu_dom_verify(xu_fmem_handle *h, struct xc_dom_image *dom);

/**
 * xu_dom_acpi_flush - clean the ACPI tables of a build to memory
 * @dom: the image, after xc_dom_build_image() and before the guest runs
 * @pages: if not NULL, set to the number of frames flushed
 *
 * libxenguest writes the ACPI tables (acpi_modules[], acpi=1 on arm64)
 * through a cacheable mapping of its own and never flushes them; a guest
 * reads them with a non-cacheable mapping (they are outside its RAM), so
 * a dirty line would hide them.  This asks Xen for XEN_DOMCTL_cacheflush
 * (clean and invalidate to the point of coherency) of every page of every
 * ACPI module, through @dom's libxenctrl handle, in any write mode.  No
 * modules: nothing to do, 0.
 *
 * returns: 0, or -1 with errno (EINVAL: @dom NULL or a module's address
 * wraps; else the domctl's).
 */
int xu_dom_acpi_flush(struct xc_dom_image *dom, unsigned long *pages);

#ifdef __cplusplus
}
#endif

#endif /* XENUNCACHED_H */

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * tab-width: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: ((GPL-2.0-only WITH Linux-syscall-note) OR MIT) */
/*
 * privcmd-nc.h: interface of /dev/xen/privcmd-nc, foreign mappings with
 * Normal non-cacheable memory attributes for a Xen on Arm dom0.
 *
 * The device speaks the foreign-mapping subset of /dev/xen/privcmd with the
 * same ioctl numbers and, for 64-bit callers, the same structure layouts, so
 * libxenforeignmemory's calls work unchanged.  Structures here use
 * fixed-width fields only (addresses as __u64), so a 32-bit caller built
 * against this header gets the same layout as a 64-bit one.
 *
 * Use: open the device, mmap() a MAP_SHARED range of it, then fill the whole
 * range with one IOCTL_PRIVCMD_NC_MMAPBATCH_V2 (later calls may only fill
 * holes left by per-frame errors).  munmap() removes the foreign frames from
 * dom0's physmap again.
 */

#ifndef __LINUX_PUBLIC_PRIVCMD_NC_H__
#define __LINUX_PUBLIC_PRIVCMD_NC_H__

#include <linux/types.h>
#include <linux/ioctl.h>

/* Version of this interface, reported by IOCTL_PRIVCMD_NC_QUERY. */
#define PRIVCMD_NC_ABI_VERSION		1

/* For privcmd_nc_mmapbatch::arr: per-frame error flags (V1 only). */
#define PRIVCMD_NC_MMAPBATCH_MFN_ERROR	0xf0000000U
#define PRIVCMD_NC_MMAPBATCH_PAGED_ERROR	0x80000000U

struct privcmd_nc_mmapbatch {
	__u32 num;	/* number of frames in arr */
	__u16 dom;	/* foreign domain */
	__u16 pad;	/* ignored (upstream callers leave it undefined) */
	__u64 addr;	/* virtual address, page aligned, in a mapping */
	__u64 arr;	/* IN: __u64 gfns; OUT: error flags ORed in */
};

struct privcmd_nc_mmapbatch_v2 {
	__u32 num;	/* number of frames in arr and err */
	__u16 dom;	/* foreign domain */
	__u16 pad;	/* ignored (upstream callers leave it undefined) */
	__u64 addr;	/* virtual address, page aligned, in a mapping */
	__u64 arr;	/* IN: array of num __u64 gfns */
	__u64 err;	/* OUT: array of num __s32: 0 or -errno per frame */
};

struct privcmd_nc_mmap_resource {
	__u16 dom;	/* domain owning the resource */
	__u16 pad;	/* ignored (upstream callers leave it undefined) */
	__u32 type;	/* XENMEM_resource_* */
	__u32 id;	/* resource id */
	__u32 idx;	/* first frame */
	__u64 num;	/* IN: frames to map; OUT: resource size (query) */
	__u64 addr;	/* virtual address, or 0 to query the size */
};

/* For privcmd_nc_query::s1_memtype: user-space PTE memory type. */
#define PRIVCMD_NC_S1_NORMAL_NC		1	/* arm64 Normal non-cacheable */

/* For privcmd_nc_query::s2_state: stage-2 type of dom0's foreign entries. */
#define PRIVCMD_NC_S2_UNKNOWN		0	/* Xen's features unknown */
#define PRIVCMD_NC_S2_CACHEABLE		1	/* Normal write-back */
#define PRIVCMD_NC_S2_NONCACHEABLE	2	/* Normal non-cacheable */

/* For privcmd_nc_query::flags */
#define PRIVCMD_NC_QF_FEATURES_KNOWN	0x1U /* xen_features is valid */
#define PRIVCMD_NC_QF_EXTENDED_REGIONS	0x2U /* frames go outside RAM */
#define PRIVCMD_NC_QF_S2_NC_FOREIGN	0x4U /* Xen offers NC stage 2 */
#define PRIVCMD_NC_QF_GUEST_CACHE_TRAP	0x8U /* Xen traps cache on/off */
#define PRIVCMD_NC_QF_NC_REFUSED	0x10U /* Xen refused NC stage 2 */
/*
 * Not uncached: the frames are (or would be) mapped at dom0 RAM pages
 * (ballooned, or ZONE_DEVICE with the kernel's unpopulated allocator)
 * whose linear-map alias is cacheable, with a write-back stage 2.
 */
#define PRIVCMD_NC_QF_CACHEABLE_ALIAS	0x20U

/* For privcmd_nc_query::xen_features: XENVER_get_features submap 1. */
#define PRIVCMD_NC_XENFEAT_S2_NC_FOREIGN	0x1U
#define PRIVCMD_NC_XENFEAT_GUEST_CACHE_TRAP	0x2U
#define PRIVCMD_NC_XENFEAT_S2FWB		0x4U

struct privcmd_nc_query {
	__u32 abi_version;	/* PRIVCMD_NC_ABI_VERSION */
	__u32 s1_memtype;	/* PRIVCMD_NC_S1_* */
	__u32 s2_state;		/* PRIVCMD_NC_S2_*, see IOCTL_PRIVCMD_NC_QUERY */
	__u32 fwb;		/* 1: Xen forces Normal-WB (HCR_EL2.FWB) */
	__u32 flags;		/* PRIVCMD_NC_QF_* */
	__u32 xen_features;	/* PRIVCMD_NC_XENFEAT_* as Xen reported */
	__u64 region_pages;	/* pages of extended regions for mappings */
	__u64 nc_pages;		/* pages this fd mapped with NC stage 2 */
	__u64 wb_pages;		/* pages this fd mapped with WB stage 2 */
	__u64 region_free_pages; /* of region_pages, not in use */
	__u32 reserved[2];	/* zero */
};

/*
 * @cmd: IOCTL_PRIVCMD_NC_MMAPBATCH
 * @arg: &struct privcmd_nc_mmapbatch
 * Return: as IOCTL_PRIVCMD_NC_MMAPBATCH_V2, except that per-frame errors
 * are reported by ORing PRIVCMD_NC_MMAPBATCH_PAGED_ERROR (-ENOENT) or
 * PRIVCMD_NC_MMAPBATCH_MFN_ERROR (any other) into the frame's arr entry.
 *
 * @cmd: IOCTL_PRIVCMD_NC_MMAPBATCH_V2
 * @arg: &struct privcmd_nc_mmapbatch_v2
 * Return: 0 when every frame was handled (check err[]: 0 or -errno per
 * frame); -1 with errno ENOENT when at least one frame is paged out (retry
 * those: holes may be filled by later calls); else -1 with errno:
 *  EFAULT  arr, err or the argument is not accessible
 *  EPERM   the fd is restricted to another domain
 *  EINVAL  num is 0; addr is unaligned, not in a mapping made through
 *          this fd or the range leaves it; the first call does not cover
 *          the whole mapping; dom is DOMID_SELF or a reserved domid
 *  E2BIG   num exceeds the module parameter max_pages
 *  EDQUOT  the fd is restricted and its live mappings would hold more than
 *          the module parameter restricted_max_pages
 *  EBUSY   part of the range is already mapped
 *  ENOMEM  no room for the frames in dom0's physmap, or no kernel memory
 *  EINTR   a fatal signal arrived; frames done so far stay mapped
 *
 * @cmd: IOCTL_PRIVCMD_NC_RESTRICT
 * @arg: &__u16 domid
 * Return: 0: from now on this fd may only map domid; -1 with errno EINVAL
 * if the fd is already restricted to another domain (of racing calls for
 * different domains exactly one succeeds), EFAULT.
 *
 * @cmd: IOCTL_PRIVCMD_NC_MMAP_RESOURCE
 * @arg: &struct privcmd_nc_mmap_resource
 * Return: with addr and num 0, the resource's size in num and 0; mapping a
 * resource is not offered: -1 with errno EOPNOTSUPP (resources are pages Xen
 * keeps cacheable mappings of: use /dev/xen/privcmd).  EPERM as above,
 * EINVAL if only one of addr and num is 0, or an error from Xen.
 *
 * @cmd: IOCTL_PRIVCMD_NC_QUERY
 * @arg: &struct privcmd_nc_query (written)
 * Return: 0.  s2_state is CACHEABLE as soon as this fd got one WB stage-2
 * entry, else NONCACHEABLE once it got NC ones; before any mapping it is
 * what a mapping would get (NONCACHEABLE if Xen offers it and has not
 * refused it to this fd, CACHEABLE if not, UNKNOWN if Xen's features are
 * unknown).  PRIVCMD_NC_QF_NC_REFUSED: a mapping of this fd asked Xen for
 * NC stage 2 and got write-back (never set where NC was not asked for).
 * PRIVCMD_NC_QF_CACHEABLE_ALIAS: no extended regions (frames go to dom0
 * RAM pages, which keep a write-back linear-map alias) and stage 2 is not
 * NONCACHEABLE: the mapping is not uncached, whatever s1_memtype says.
 * -1 with errno EFAULT.
 *
 * Any other ioctl: -1, errno ENOTTY.  'P' 0x41 is reserved: a debug ioctl
 * that is not part of this interface uses it, and only when the module
 * was loaded with debug_pte=1.
 */
#define IOCTL_PRIVCMD_NC_MMAPBATCH					\
	_IOC(_IOC_NONE, 'P', 3, sizeof(struct privcmd_nc_mmapbatch))
#define IOCTL_PRIVCMD_NC_MMAPBATCH_V2					\
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_nc_mmapbatch_v2))
#define IOCTL_PRIVCMD_NC_RESTRICT					\
	_IOC(_IOC_NONE, 'P', 6, sizeof(__u16))
#define IOCTL_PRIVCMD_NC_MMAP_RESOURCE					\
	_IOC(_IOC_NONE, 'P', 7, sizeof(struct privcmd_nc_mmap_resource))
#define IOCTL_PRIVCMD_NC_QUERY						\
	_IOR('P', 0x40, struct privcmd_nc_query)

#endif /* __LINUX_PUBLIC_PRIVCMD_NC_H__ */

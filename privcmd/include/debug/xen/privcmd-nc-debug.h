/* SPDX-License-Identifier: ((GPL-2.0-only WITH Linux-syscall-note) OR MIT) */
/*
 * privcmd-nc-debug.h: the debug and test ioctl of /dev/xen/privcmd-nc.
 *
 * Not part of the UAPI: this header is not installed (only
 * include/uapi/xen/privcmd-nc.h is), and the ioctl exists only when the
 * module was loaded with debug_pte=1.  Without it the device answers
 * IOCTL_PRIVCMD_NC_PTE exactly as any unknown ioctl: -1, errno ENOTTY.
 * For the project's own tests and for libxc/'s read-back of its PTEs,
 * which treats ENOTTY as "not offered" and goes on without it.
 */

#ifndef __LINUX_PUBLIC_PRIVCMD_NC_DEBUG_H__
#define __LINUX_PUBLIC_PRIVCMD_NC_DEBUG_H__

#include <linux/types.h>
#include <linux/ioctl.h>

/* For privcmd_nc_pte::out_flags */
#define PRIVCMD_NC_PTE_PRESENT		0x1U
#define PRIVCMD_NC_PTE_WRITE		0x2U
#define PRIVCMD_NC_PTE_SPECIAL		0x4U

/* privcmd_nc_pte::mair_attr values of interest (arm64 MAIR_EL1 bytes) */
#define PRIVCMD_NC_MAIR_DEVICE_NGNRNE	0x00
#define PRIVCMD_NC_MAIR_NORMAL_NC	0x44
#define PRIVCMD_NC_MAIR_NORMAL_WB	0xff

struct privcmd_nc_pte {
	__u64 addr;		/* IN: user address in a mapping of the device */
	__u32 flags;		/* IN: zero */
	__u32 reserved;		/* IN: zero */
	__u64 pte;		/* OUT: raw PTE value */
	__u64 pfn;		/* OUT: frame the PTE points at (dom0 gpfn) */
	__u32 attr_index;	/* OUT: arm64 AttrIndx, PTE bits [4:2] */
	__u32 mair_attr;	/* OUT: MAIR_EL1 byte that AttrIndx selects */
	__u32 out_flags;	/* OUT: PRIVCMD_NC_PTE_* */
	__u32 reserved_out;	/* OUT: zero */
};

/*
 * @cmd: IOCTL_PRIVCMD_NC_PTE
 * @arg: &struct privcmd_nc_pte
 * Return: 0 and the PTE mapping addr (it reveals physical frame numbers);
 * -1 with errno ENOTTY if the module was loaded without debug_pte=1 (the
 * default), EINVAL if flags or reserved are not zero or addr is not in a
 * mapping made through this fd, EPERM if the caller lacks CAP_SYS_ADMIN
 * or the fd is restricted, ENOENT if no PTE maps addr, EFAULT.
 */
#define IOCTL_PRIVCMD_NC_PTE						\
	_IOWR('P', 0x41, struct privcmd_nc_pte)

#endif /* __LINUX_PUBLIC_PRIVCMD_NC_DEBUG_H__ */

# SPDX-License-Identifier: MIT
# Sourced (bash) by the scripts that assemble things for one Debian
# distribution: the facts that differ between them, in one place.
#   dist_init D   sets dist_xen (Xen release of its Xen packages),
#                 dist_name, and dist_libs (the arm64 runtime libraries
#                 the Xen toolstack links, under that release's names)
dist_init() {
    case "$1" in
    13) dist_name=trixie dist_xen=4.20 ext2fs=libext2fs2t64 ;;
    12) dist_name=bookworm dist_xen=4.17 ext2fs=libext2fs2 ;;
    *) echo "unknown distribution '$1' (13 or 12)" >&2; return 1 ;;
    esac
    dist_libs="libxenmisc$dist_xen libxenstore4 libxentoollog1 libxentoolcore1
 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1
 libxendevicemodel1 libxenhypfs1 libyajl2 libfdt1 $ext2fs libcom-err2
 libuuid1 libblkid1 zlib1g"
}

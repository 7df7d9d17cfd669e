# SPDX-License-Identifier: MIT
# The packaged layout, for the jobs that run the plugin (sourced on the
# host by xl-plugin.job and xl-plugin-nc.job): this release's
# libxenuncached2 and xen-uncached-xl as `make deb` built them (make
# check's deb suite runs before the integration lanes), unpacked into
# dom0's root as dpkg would.  The jobs then run the packaged xu-xl, which
# loads the packaged plugin from its Debian path.  Sets xuxl and plugin;
# xu_pkg_steps adds the unpack (set-up) and the layout check (a test).
pkg_debs=/mnt/src/build/deb/d$XU_DIST
pkg_ma=/usr/lib/aarch64-linux-gnu
xuxl=/usr/bin/xu-xl
plugin=$pkg_ma/xen-uncached/libxenuncached-xl.so.1

xu_pkg_steps() {
    setup_step pkg-unpack 60 "for p in libxenuncached2 xen-uncached-xl; do f=\$(ls $pkg_debs/\${p}_*_arm64.deb) || xu_fail \"no \$p package in build/deb/d$XU_DIST (make deb)\"; dpkg-deb -x \$f / || xu_fail \"cannot unpack \$f\"; done"
    step pkg-layout 120 "ls -l $xuxl $plugin $pkg_ma/libxenuncached.so.2 /usr/share/man/man1/xu-xl.1.gz /usr/share/man/man5/xl-uncached.cfg.5.gz || xu_fail 'a packaged file is missing'
    grep -qx 'default=$plugin' $xuxl || xu_fail 'xu-xl does not default to the packaged plugin'
    ! [ -e /usr/bin/libxenuncached-xl.so.1 ] || xu_fail 'a plugin beside xu-xl would be taken instead'"
}

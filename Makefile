# SPDX-License-Identifier: MIT
#
# xen-uncached top-level Makefile.
#
#   make deps     set up this Debian 12 machine (root; idempotent)
#   make all      build everything into build/
#   make host     assemble the emulated Xen-on-Arm hosts (build/d13/host/,
#                 build/d12/host/; DISTS="13" for one)
#   make check    all tests; ends with "N passed, N failed, N skipped"
#   make check-selftest  the test plumbing fails each planted defect
#   make demo     on Debian 13: the probe guest built by stock xl, then
#                 through xen-uncached, side by side
#   make demo-oracle  the same race made visible: the probe under the
#                 cache oracle, flagged on the stock path, clean on the
#                 project's (builds the oracle's QEMU once, ~15 min)
#   make bench    image-writing bandwidth, create latency, munmap of 1 GiB:
#                 stock vs xen-uncached; the patched Xen's flush at a
#                 guest's cache enable against its RAM size (figures)
#   make install  install libraries, headers, plugin (DESTDIR, PREFIX)
#   make deb      Debian packages for arm64, one set per release
#                 (build/deb/d13/, build/deb/d12/; DISTS="13" for one)
#   make clean    remove build/ (the download cache, $XU_CACHE or
#                 /var/cache/xen-uncached, is kept)
#
# V=1 shows commands.  Outputs go to build/ only.

TOP     := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD   := $(TOP)/build
RESULTS := $(BUILD)/results
PREFIX  ?= /usr/local
DESTDIR ?=

include $(TOP)/mk/quiet.mk
include $(TOP)/mk/arm64.mk

CC       ?= gcc
WARNINGS := -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
            -Wwrite-strings -Wundef -Wsign-compare
WERROR   ?= 1
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
CFLAGS   ?= -O2 -g

.PHONY: all deps host tools libxc xl-plugin guests privcmd xen dist dist-userspace deb \
        check check-selftest bench demo demo-oracle install clean help

# The Debian releases whose dom0 gets its own build (build/d<D>/): 13
# (Xen 4.20, Linux 6.12; the primary platform) and 12 (Xen 4.17, Linux
# 6.1).  Set before the rules that name it: prerequisites are expanded
# when read.
DISTS ?= 13 12
all: tools libxc xl-plugin guests privcmd xen $(addprefix dist-,$(DISTS))

# Each area has its own Makefile (outputs under build/<area>/).
libxc:
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/libxc all

# What runs in the emulated dom0 is built once per Debian release, against
# that release's Xen libraries and kernel, into build/d<D>/ (mk/arm64.mk):
# host/ (mkhost), sysroot-arm64/, arm64/{libxc,xl-plugin,tests}/, privcmd/.
# DISTS (set above) lists the releases; 13 is the primary one.
dist-%: tools
	$(Q)$(MAKE) --no-print-directory dist D=$*

# One release (D=13 or D=12; the variables come from mk/arm64.mk).
dist: dist-userspace
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/xl-plugin arm64-badvers D=$(D)
	$(Q)$(MAKE) --no-print-directory $(DIST_OUT)/arm64/tests/xu-corrupt.so \
	    $(DIST_OUT)/arm64/tests/xu-bench-write \
	    $(DIST_OUT)/arm64/tests/xu-bench-write-plugin \
	    $(DIST_OUT)/arm64/tests/xu-parallel-build \
	    $(DIST_OUT)/arm64/tests/xu-bench-unmap \
	    $(DIST_OUT)/arm64/tests/xu-physinfo $(DIST_OUT)/arm64/tests/xu-holdmap \
	    $(DIST_OUT)/arm64/tests/xu-populate \
	    $(DIST_OUT)/arm64/tests/xu-domid-xen \
	    $(DIST_OUT)/arm64/tests/xu-noflush.so D=$(D)
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/privcmd dist D=$(D)
	$(Q)$(TOP)/tests/integration/mkhost --dist $(D) $(DIST_OUT)/host
	$(Q)$(MAKE) --no-print-directory $(DIST_OUT)/host/Image.gz D=$(D)

# Debian's arm64 kernel is a plain Image; gzip'd, it is the Image.gz guest
# of xl-plugin.job (libxl-example boots it).
$(DIST_OUT)/host/Image.gz: $(DIST_OUT)/host/Image
	$(E) "  GZIP    $(notdir $@)"
	$(Q)gzip -n -6 -c $< > $@.tmp && mv $@.tmp $@

# What the Debian packages ship for one release (debian/rules calls it
# too, with its own DIST_OUT and install paths): the sysroot, then the
# library and the plugin, arm64, against that release's Xen libraries.
dist-userspace:
	$(Q)$(TOP)/scripts/mksysroot --dist $(D) $(ARM64_SYSROOT)
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/libxc all \
	    BUILD=$(DIST_OUT)/arm64/libxc CC=$(ARM64_CC) AR=$(ARM64_AR) \
	    XEN_CFLAGS="$(ARM64_CFLAGS)" ZLIB_LIBS=-lz \
	    XEN_LIBS="$(ARM64_LIBS) -lxenguest -lxenctrl -lxenforeignmemory -lxentoollog"
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/xl-plugin arm64 D=$(D)

guests:
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/tests/guests all
	$(Q)$(MAKE) --no-print-directory $(BUILD)/guests/initrd-700m.img

# The scale test's probe initrd (tests/integration/jobs/scale-700m.job),
# remade only when its generator changes.
$(BUILD)/guests/initrd-700m.img: $(BUILD)/guests/mkprobe-initrd
	$(E) "  GEN     $(notdir $@)"
	$(Q)$< --size 700M --seed 7 -o $@.tmp && mv $@.tmp $@

# The kernel module's builds that no emulated host loads (amd64, forky's
# Linux), plus its dom0 test program; each release's module is built by
# dist-<D>.
privcmd:
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/privcmd all

# Debian's Xen 4.17 source with hypervisor-patches/ applied, cross-built
# (build/xen/xen; build/xen/xen-nooption with the series' options off).
xen:
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/hypervisor-patches all

# The plugin for this machine (a no-op on x86); dist-<D> builds it for
# each release's dom0.
xl-plugin: libxc
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/xl-plugin all

# Test programs that run in the emulated dom0 (build/d<D>/arm64/tests/):
# the fault the verification option must catch, and the image-writing
# benchmark.
# xu-corrupt takes the version of the xc_dom_boot_image it stands in for
# from the plugin's generated header (the target's own libxenguest).
XU_VERS_H := $(DIST_OUT)/arm64/xl-plugin/gen/xu-vers.h
$(DIST_OUT)/arm64/tests/xu-corrupt.so: $(TOP)/tests/integration/tools/xu-corrupt.c \
		$(XU_VERS_H)
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)v=$$(sed -n 's/.*XU_VERS_xc_dom_boot_image "\(.*\)"/\1/p' $(XU_VERS_H)) && \
	    printf '%s {\n    global:\n        xc_dom_boot_image;\n    local: *;\n};\n' \
	    "$$v" > $@.map
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ -fPIC -shared \
	    $(ARM64_CFLAGS) -I$(dir $(XU_VERS_H)) -Wl,--version-script=$@.map \
	    -o $@ $< $(ARM64_LIBS) -lxenforeignmemory -lxenctrl -ldl

# The toolstack's flush after unmap dropped (tests/oracle/xen-cases).
$(DIST_OUT)/arm64/tests/xu-noflush.so: $(TOP)/tests/oracle/xu-noflush.c
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ -fPIC -shared \
	    $(ARM64_CFLAGS) -o $@ $<

$(DIST_OUT)/arm64/tests/xu-bench-write: $(TOP)/tests/bench/xu-bench-write.c
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ $(ARM64_CFLAGS) \
	    -o $@ $< $(ARM64_LIBS) -lxenguest -lxenctrl -lxenstore

# The same, linked with the xl plugin (built by dist-userspace): a libxl
# program to the plugin, so libxc/ writes.  Its rpath finds the plugin
# where the emulated host mounts build/d<D>/arm64/.
$(DIST_OUT)/arm64/tests/xu-bench-write-plugin: $(TOP)/tests/bench/xu-bench-write.c \
		$(DIST_OUT)/arm64/xl-plugin/libxenuncached-xl.so.1
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ -DXU_BENCH_PLUGIN \
	    $(ARM64_CFLAGS) -I$(TOP)/xl-plugin -o $@ $< \
	    -L$(DIST_OUT)/arm64/xl-plugin -Wl,-rpath,'$$ORIGIN/../xl-plugin' \
	    -Wl,--no-as-needed -lxenuncached-xl -Wl,--as-needed \
	    $(ARM64_LIBS) -lxenguest -lxenctrl -lxenstore

# Two domains built at once in two threads of a libxl program linked with
# the plugin, each with its own choice (xl-plugin.job).
$(DIST_OUT)/arm64/tests/xu-parallel-build: \
		$(TOP)/tests/integration/tools/xu-parallel-build.c \
		$(DIST_OUT)/arm64/xl-plugin/libxenuncached-xl.so.1
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ \
	    -DLIBXL_API_VERSION=0x041400 $(ARM64_CFLAGS) -I$(TOP)/xl-plugin \
	    -o $@ $< -L$(DIST_OUT)/arm64/xl-plugin \
	    -Wl,-rpath,'$$ORIGIN/../xl-plugin' \
	    -Wl,--push-state,--no-as-needed -lxenuncached-xl -Wl,--pop-state \
	    $(ARM64_LIBS) -lxenlight -lxentoollog -lpthread

# munmap of a 1 GiB foreign mapping, privcmd-nc vs stock privcmd
# (tests/bench/unmap.job).
$(DIST_OUT)/arm64/tests/xu-bench-unmap: $(TOP)/tests/bench/xu-bench-unmap.c \
		$(TOP)/privcmd/include/uapi/xen/privcmd-nc.h
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ $(ARM64_CFLAGS) \
	    -I$(TOP)/privcmd/include/uapi -o $@ $< $(ARM64_LIBS) -lxenforeignmemory

# The leak checks' page counts, the mapping their plants hold and the
# pages the one-page-a-round plant gives a guest
# (tests/integration/dom0/steplib.sh, default.job).
# libxc/ (the release's static build) mapping a DOMID_XEN page in mode nc
# (tests/privcmd/privcmd.job).
$(DIST_OUT)/arm64/tests/xu-domid-xen: $(TOP)/tests/integration/tools/xu-domid-xen.c \
		$(DIST_OUT)/arm64/libxc/libxenuncached.a
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ $(ARM64_CFLAGS) \
	    -I$(TOP)/libxc/include -o $@ $< $(DIST_OUT)/arm64/libxc/libxenuncached.a \
	    $(ARM64_LIBS) -lxenforeignmemory -lxenguest -lxenctrl -lxentoollog -lz

$(DIST_OUT)/arm64/tests/xu-physinfo: $(TOP)/tests/integration/tools/xu-physinfo.c
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ $(ARM64_CFLAGS) \
	    -o $@ $< $(ARM64_LIBS) -lxenctrl

$(DIST_OUT)/arm64/tests/xu-populate: $(TOP)/tests/integration/tools/xu-populate.c
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ $(ARM64_CFLAGS) \
	    -o $@ $< $(ARM64_LIBS) -lxenctrl

$(DIST_OUT)/arm64/tests/xu-holdmap: $(TOP)/tests/integration/tools/xu-holdmap.c
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(ARM64_CC) $(CFLAGS) $(WARNINGS) -D__XEN_TOOLS__ $(ARM64_CFLAGS) \
	    -o $@ $< $(ARM64_LIBS) -lxenforeignmemory -lxenctrl

# The comment block at the top of this file, up to its first blank line.
help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# deps is idempotent and quick when there is nothing to do; the targets
# that need the machine set up call it first.
deps:
	$(Q)$(TOP)/scripts/deps

# --- Test tools built for the build machine ---
TOOLS := $(BUILD)/tools/junit-xml
tools: $(TOOLS)

$(BUILD)/tools/junit-xml: $(TOP)/tests/lib/junit-xml.c
	$(E) "  CC      $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) $(WARNINGS) $$(pkg-config --cflags libxml-2.0) \
	    $< -o $@ $$(pkg-config --libs libxml-2.0)

# --- The emulated hosts (one per release; dist-<D> also makes them) ---
host: deps
	$(Q)for d in $(DISTS); do $(TOP)/tests/integration/mkhost --dist $$d || exit 1; done

# --- Tests ---
# Every suite runs even when an earlier one failed; tally prints the
# closing line and fails the target if any test failed.
# A build that fails is a failed test too, so the tally can never read
# "0 failed" for a tree that does not build.
# The closing line counts behavioural tests only (set-up steps on the line
# above it); every suite and test of tests/manifest.txt must report, and a
# SKIP fails unless tests/skips.txt lists it.  check-selftest runs first:
# it plants each kind of defect and checks that the plumbing turns it
# into a named failure.
# One lock for the tree, outside build/results (which each check empties):
# make check holds it exclusively while it empties build/results, then
# shared; every run-job holds it shared.  So a check never deletes the
# results or locks of a run in progress, and two checks never overlap.
check: deps
	$(Q)mkdir -p $(BUILD)
	$(Q)exec 9>$(BUILD)/.results.lock; \
	if ! flock -n 9; then echo "make check: a check or a run-job is running in this tree"; exit 1; fi; \
	rm -rf $(RESULTS) && mkdir -p $(RESULTS) && flock -s 9; \
	if ! $(MAKE) --no-print-directory all; then \
	    echo "SETUP FAIL: build: make-all # make all failed" > $(RESULTS)/build.verdicts; \
	    $(TOP)/tests/lib/tally $(RESULTS); exit 1; fi; \
	echo "SETUP PASS: build: make-all" > $(RESULTS)/build.verdicts; \
	XU_RESULTS=$(RESULTS) $(TOP)/tests/lib/run-suite selftest \
	    $(TOP)/tests/selftest/run; \
	XU_RESULTS=$(RESULTS) $(TOP)/tests/run-all; \
	$(TOP)/tests/lib/tally --manifest $(TOP)/tests/manifest.txt $(RESULTS)

# The plumbing's own test: each planted defect must fail, by name.
check-selftest:
	$(Q)$(TOP)/tests/selftest/run

# Figures, not tests: each benchmark measures stock and xen-uncached in
# the same emulated run (ratios), on every release in DISTS; the closing
# table comes from tests/bench/summary.  build/results/bench/ holds the logs.
bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/guests/initrd-64m.img \
	    $(BUILD)/guests/check/initrd-1m.img
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/hypervisor-patches
	$(Q)rm -rf $(BUILD)/results/bench; rc=0; \
	for d in $(DISTS); do \
	    $(TOP)/tests/integration/run-job --dist $$d --name write-bw-d$$d \
	        --results $(BUILD)/results/bench \
	        $(TOP)/tests/bench/write-bw.job || rc=1; \
	    XU_BENCH_NC=1 $(TOP)/tests/integration/run-job --dist $$d \
	        --name create-latency-d$$d --results $(BUILD)/results/bench \
	        $(TOP)/tests/bench/create-latency.job || rc=1; \
	    $(TOP)/tests/integration/run-job --dist $$d --name unmap-d$$d \
	        --results $(BUILD)/results/bench \
	        $(TOP)/tests/bench/unmap.job || rc=1; \
	done; \
	$(TOP)/tests/integration/run-job --dist 12 --name toggle-flush-d12 \
	    --xen $(BUILD)/xen/xen --results $(BUILD)/results/bench \
	    $(TOP)/tests/hypervisor/hv-bench.job || rc=1; \
	$(TOP)/tests/bench/summary $(BUILD)/results/bench; exit $$rc

$(BUILD)/guests/initrd-64m.img: $(BUILD)/guests/mkprobe-initrd
	$(E) "  GEN     $(notdir $@)"
	$(Q)$< --size 64M --seed 64 -o $@.tmp && mv $@.tmp $@

demo: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/guests/demo/initrd-1m.img
	$(Q)$(TOP)/tests/integration/run-job --verbose --dist 13 --name demo \
	    $(TOP)/tests/integration/jobs/demo.job

# The cache oracle (docs/oracle.md) on the emulated Xen host (Debian 12):
# the probe guest on stock Xen with Debian's xl, then on hypervisor-patches
# with xu-xl in mode nc, each with the oracle's verdict for the guest.
demo-oracle: deps
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/tests/oracle all
	$(Q)$(MAKE) --no-print-directory all dist-12 $(BUILD)/guests/demo/initrd-1m.img
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/hypervisor-patches
	$(Q)$(TOP)/tests/oracle/xen-cases oracle-xen-stock-xl-flagged \
	    oracle-xen-toggle-nc-clean

# The demo's probe initrd: 1 MiB, sealed (the probe checks every byte);
# the same bytes as the one tests/guests/run-bare-qemu writes into check/
# for the hypervisor jobs, which `make bench` runs without that suite.
$(BUILD)/guests/demo/initrd-1m.img $(BUILD)/guests/check/initrd-1m.img: $(BUILD)/guests/mkprobe-initrd
	$(E) "  GEN     $(notdir $@)"
	$(Q)mkdir -p $(dir $@)
	$(Q)$< --size 1M --seed 1 -o $@.tmp && mv $@.tmp $@

install: all
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/libxc install \
	    DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(Q)$(MAKE) --no-print-directory -C $(TOP)/xl-plugin install \
	    DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(Q)for s in 1 3 5; do install -d $(DESTDIR)$(PREFIX)/share/man/man$$s && \
	    install -m 0644 $(TOP)/docs/man/*.$$s $(DESTDIR)$(PREFIX)/share/man/man$$s/ || exit 1; done
	$(Q)install -d $(DESTDIR)$(PREFIX)/share/doc/xen-uncached
	$(Q)install -m 0644 $(TOP)/README.md $(TOP)/docs/*.md \
	    $(DESTDIR)$(PREFIX)/share/doc/xen-uncached/

# debhelper packages from debian/ (scripts/mkdeb says how).
deb: deps
	$(Q)$(TOP)/scripts/mkdeb $(DISTS)

clean:
	$(Q)rm -rf $(BUILD)

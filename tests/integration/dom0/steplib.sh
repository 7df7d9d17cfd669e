# SPDX-License-Identifier: MIT
#
# Helpers for job steps, sourced into every step script that runs in dom0
# (busybox sh).  A step fails by exiting non-zero; xu_fail says why first,
# in a line the runner shows when it reports the failure.

# xenconsoled's logs; the agent (dom0/init) copies them into the run's
# results after every step.  (Logging straight onto the 9p share leaves the
# files empty: xenconsoled's writes do not reach them.)
# XU_DIST (13 or 12) and XU_D (the dom0 path of build/d<DIST>/: host/,
# arm64/, privcmd/) for the release this host runs (run-job writes them).
[ -r /mnt/ctl/env ] && . /mnt/ctl/env
XU_CONSOLE_DIR=/var/log/xen/console
XU_STATE=${XU_STATE:-/tmp/xu-state}
mkdir -p $XU_STATE

xu_fail() { echo "STEP FAILED: $*" >&2; exit 1; }
xu_log() { echo "[$(cut -d' ' -f1 /proc/uptime)s] $*"; }

# xu_host_check ARGS...: an independent read of the hypervisor's state, made
# on the build machine by the runner through QEMU's gdbstub
# (tests/lib/qemu-gdb ARGS: "regs" or "s2 IPA..."), not by anything in
# this host.  Prints the answer; returns its exit status (2: no answer
# within 60 s, or the gdbstub failed).  A spinner that makes no system
# call keeps a vCPU of dom0 on a physical CPU, with dom0's stage 2 loaded,
# when the runner stops the machine to read it (the wait below does not:
# it blocks in 9p reads).  Were it descheduled all the same, qemu-gdb
# stops the machine again.
xu_host_check() {
    local d=/mnt/ctl/host id="hc.$$.$(cut -d' ' -f1 /proc/uptime)" t0 n=0 spin rc
    t0=$(cut -d. -f1 /proc/uptime)
    (while :; do :; done) & spin=$!
    rc=2
    if echo "$*" > "$d/$id.tmp" && mv "$d/$id.tmp" "$d/$id.req"; then
        until [ -e "$d/$id.rc" ]; do
            n=$((n + 1))
            [ $((n % 500)) != 0 ] ||
                [ $(($(cut -d. -f1 /proc/uptime) - t0)) -lt 60 ] ||
                { echo "xu_host_check: no answer from the runner in 60 s"; break; }
        done
        [ -e "$d/$id.rc" ] && { cat "$d/$id.out"; rc=$(cat "$d/$id.rc"); }
    fi
    kill "$spin" 2>/dev/null; wait "$spin" 2>/dev/null
    return "$rc"
}

# Start the real toolstack daemons, as Debian's xencommons would.
xu_toolstack_up() {
    mkdir -p /var/run/xen /var/run/xenstored /var/lib/xen /var/log/xen/console
    xenstored --pid-file=/var/run/xenstored.pid || xu_fail "xenstored did not start"
    i=0
    until xenstore-read / >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 100 ] || xu_fail "xenstored does not answer"
        usleep 100000
    done
    xen-init-dom0 || xu_fail "xen-init-dom0 failed"
    mkdir -p $XU_CONSOLE_DIR
    xenconsoled --pid-file=/var/run/xenconsoled.pid --log=guest \
        --log-dir=$XU_CONSOLE_DIR ||
        xu_fail "xenconsoled did not start"
    xl info | grep -E '^(xen_version|xen_caps|total_memory|free_memory|nr_cpus)'
    xl list
}

# Number of times MARKER stands in guest NAME's console log so far (0
# before the log exists).
xu_marker_count() {
    if [ -e "$XU_CONSOLE_DIR/guest-$1.log" ]; then
        grep -c "$2" "$XU_CONSOLE_DIR/guest-$1.log"
    else
        echo 0
    fi
}

# xu_mark NAME [MARKER]: before a guest NAME is created, remember how
# often its marker stands in its console log (which xenconsoled appends
# to, guest after guest of the same name), so that xu_wait_up waits for a
# new one, not the one an earlier guest printed.  xu_create does it; a
# step that creates NAME otherwise (xu-xl, a libxl program) calls it
# first.
xu_mark() {
    xu_marker_count "$1" "${2:-XU-GUEST-UP}" > $XU_STATE/$1.marks
}

# xu_create CFG NAME [MARKER]: create a guest from CFG (xl syntax) after
# xu_mark, so xu_wait_up waits for its marker.
xu_create() {
    cfg=$1 name=$2 marker=${3:-XU-GUEST-UP}
    [ -r "$cfg" ] || xu_fail "guest config $cfg not readable"
    xu_mark "$name" "$marker"
    if ! xl -v create "$cfg" > $XU_STATE/$name.create 2>&1; then
        cat $XU_STATE/$name.create
        # The first error is the cause; what follows is libxl unwinding.
        why=$(grep -m1 -E 'error|ERROR' $XU_STATE/$name.create | sed 's/^.*error: //')
        xu_fail "xl create $cfg failed: ${why:-see the log}"
    fi
    cat $XU_STATE/$name.create
    xl list "$name" >/dev/null 2>&1 || xu_fail "guest $name not running after xl create"
}

# xu_wait_up NAME SECONDS [MARKER]: wait until the guest's console shows
# a new marker line, counted from xu_mark's baseline, which it uses up:
# a second wait, or a wait for a guest created without xu_mark, fails at
# once instead of passing on an earlier guest's marker (xl-plugin.job's
# plugin-up once did, and its next step then shut down a guest still
# booting, whose init lost the request: xl shutdown -w waited for ever).
xu_wait_up() {
    name=$1 secs=$2 marker=${3:-XU-GUEST-UP}
    before=$(cat $XU_STATE/$name.marks 2>/dev/null) ||
        xu_fail "xu_wait_up $name: no baseline: xu_mark $name (or xu_create) before creating it"
    rm -f $XU_STATE/$name.marks
    end=$(( $(date +%s) + secs ))
    while [ "$(xu_marker_count "$name" "$marker")" -le "$before" ]; do
        if ! xl list "$name" >/dev/null 2>&1; then
            tail -n 20 "$XU_CONSOLE_DIR/guest-$name.log" 2>/dev/null
            xu_fail "guest $name is gone before its marker '$marker'"
        fi
        if [ "$(date +%s)" -ge "$end" ]; then
            tail -n 20 "$XU_CONSOLE_DIR/guest-$name.log" 2>/dev/null
            xu_diagnose
            xu_fail "guest $name printed no '$marker' within ${secs}s"
        fi
        usleep 200000
    done
    grep "$marker" "$XU_CONSOLE_DIR/guest-$name.log" | tail -n 1
}

# xu_gone NAME SECS [DOMID]: wait until domain NAME is gone, dying
# included: its name goes at once on xl destroy, but a mapping still held
# keeps the domain (and its pages) dying under the same domid, listed as
# (null).  The domid is DOMID, or taken while the name still stands; the
# wait by domid uses what is left of SECS.
xu_gone() {
    end=$(( $(date +%s) + $2 ))
    gone_id=${3:-$(xl domid "$1" 2>/dev/null)}
    while xl list "$1" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$end" ] || return 1
        usleep 200000
    done
    [ -n "$gone_id" ] || return 0
    while xu_domid_listed "$gone_id"; do
        if [ "$(date +%s)" -ge "$end" ]; then
            echo "domain $gone_id (was $1) is still listed, dying:"; xl list
            return 1
        fi
        usleep 200000
    done
}

# xu_domid_listed DOMID: whether xl list shows a domain with DOMID (a
# dying one too: it has no name, "(null)").
xu_domid_listed() {
    xl list 2>/dev/null | awk -v id="$1" 'NR > 1 && $2 == id { f = 1 } END { exit !f }'
}

# `xl shutdown -w` returns once the guest has shut down; the domain is
# then destroyed by the monitor that `xl create` left behind
# (on_poweroff = "destroy"), a moment later on a busy host.
# What a failed wait leaves for whoever reads the step log.
xu_diagnose() {
    echo "--- diagnosis:"
    xl list
    ls -l $XU_CONSOLE_DIR
    pidof xenconsoled >/dev/null && echo "xenconsoled running" || echo "xenconsoled NOT running"
    pidof xenstored >/dev/null && echo "xenstored running" || echo "xenstored NOT running"
}

# What the runner asks for when a step ran past its timeout (run-job's
# hang_report): where each vCPU is and what it waits for, what Xen and
# dom0 said last, the newest guest consoles.  A hang on the emulated host
# is either ours or the host's (dom0 reporting RCU stalls, "timer wakeup
# didn't happen", is the host's: its timer interrupts came late); this is
# what tells them apart after the machine is gone.
xu_hang_report() {
    echo "--- xl list / vcpu-list:"
    xl list; xl vcpu-list
    echo "--- last lines of xl dmesg:"
    xl dmesg | tail -n 20
    # Debug keys print into Xen's console ring: clear it first, so that
    # what follows is their answer only.  r: run queues; q: domains and
    # vCPUs, with pending and masked event channels; a: each CPU's timer
    # queue (a vCPU blocked in WFI waits on one of them).
    xl dmesg -c > /dev/null
    xl debug-keys r; xl debug-keys q; xl debug-keys a
    echo "--- Xen's answer to debug keys r, q and a:"
    xl dmesg | tail -n 160
    echo "--- last lines of dom0's kernel log:"
    dmesg | tail -n 25
    for f in $(ls -t $XU_CONSOLE_DIR/guest-*.log 2>/dev/null | head -n 2); do
        echo "--- last lines of $f:"
        tail -n 15 "$f"
    done
}

xu_shutdown() {
    id=$(xl domid "$1") || xu_fail "no guest $1 to shut down"
    xl shutdown -w "$1" || xu_fail "xl shutdown -w $1 failed"
    xu_gone "$1" ${XU_GONE_WAIT:-30} "$id" ||
        xu_fail "guest $1 (domain $id) still listed ${XU_GONE_WAIT:-30} s after shutdown"
}

xu_destroy() {
    id=$(xl domid "$1") || xu_fail "no guest $1 to destroy"
    xl destroy "$1" || xu_fail "xl destroy $1 failed"
    # By domid: the name goes at once, a dying domain keeps its domid.
    xu_gone "$1" ${XU_GONE_WAIT:-30} "$id" ||
        xu_fail "guest $1 (domain $id) still listed ${XU_GONE_WAIT:-30} s after destroy"
}

# Memory figures for the leak checks, in pages (4 KiB).
# - Xen's free pages come from the physinfo sysctl (xu-physinfo): `xl
#   info` rounds free_memory down to whole MiB (256 pages), which hid up
#   to ~70 pages a round over 11 rounds.
# - dom0's free pages, after dropping the page cache, are the zones' free
#   pages plus those parked in the per-CPU lists (/proc/zoneinfo): MemFree
#   leaves the latter out, and they come and go by the hundred.
# - Domains are counted by row, dying ones ("(null)") included.
# A check compares the last figures with a basis, and where a job takes a
# sample after each round (xu_leak_check sample), fits a line through the
# samples: a leak of a page or two a round shows as a slope long before it
# adds up to a tolerance that must also absorb one-off costs.  See
# xu_leak_check for the limits and why.
XU_PHYSINFO=${XU_D:-/mnt/dist}/arm64/tests/xu-physinfo
# Where a check keeps its basis and samples (a plant uses its own).
XU_LEAK=${XU_LEAK:-$XU_STATE/leak}

xu_xen_free_pages() {
    $XU_PHYSINFO | sed -n 's/^free_pages: //p'
}

# One reading: "XEN_PAGES DOM0_PAGES DOMAINS".
xu_mem_reading() {
    sync
    echo 3 > /proc/sys/vm/drop_caches
    xp=$(xu_xen_free_pages)
    dp=$(awk '$1 == "pages" && $2 == "free" { s += $3 } $1 == "count:" { s += $2 }
              END { print s }' /proc/zoneinfo)
    nd=$(xl list | tail -n +2 | wc -l)
    echo "$xp $dp $nd"
}

# A settled reading: Xen frees a destroyed domain's last pages after an
# RCU grace period, and a balloon driver refills dom0 in the background;
# wait until two readings of Xen's free pages a second apart agree (at
# most 10 s: the reading is quick), then take the whole reading.
xu_mem_snapshot() {
    prev=$(xu_xen_free_pages)
    i=0
    while [ $i -lt 10 ]; do
        sleep 1
        cur=$(xu_xen_free_pages)
        [ "$cur" != "$prev" ] || break
        prev=$cur
        i=$((i + 1))
    done
    xu_mem_reading
}

# xu_leak_trend COLUMN FINAL: the least-squares slope of COLUMN (1: Xen,
# 2: dom0 pages) over the basis, the samples and the FINAL figures, in
# pages a round, negative when pages go; "none" if the job took no sample
# (a check without rounds compares with the basis only).
xu_leak_trend() {
    [ "$(wc -l < $XU_LEAK.samples)" -ge 2 ] || { echo none; return; }
    { cat $XU_LEAK.samples; echo "$2"; } |
    awk -v c="$1" '{ n++; sx += n; sy += $c; sxx += n * n; sxy += n * $c }
        END { d = n * sxx - sx * sx
              if (n < 3 || d == 0) print "none"
              else printf "%.2f\n", (n * sxy - sx * sy) / d }'
}

# xu_leak_over SLOPE LIMIT: whether pages go faster than LIMIT a round.
xu_leak_over() {
    [ "$1" != none ] && awk -v s="$1" -v l="$2" 'BEGIN { exit !(-s >= l) }'
}

# xu_leak_check basis|sample|check
#   basis   after a warm-up round: the figures later ones are held to.
#   sample  after each further round (in the same step, so it is not a
#           step that cannot fail: the round's own commands are the test).
#   check   after the last round, and after teardown: fails on
#   - a domain more or fewer than at the basis (dying ones count);
#   - Xen short of its basis by more than XU_LEAK_XEN_PAGES (default 64:
#     one-off costs, such as Xen 4.17 taking dom0's stage-2 tables from
#     its heap and keeping empty ones; a guest is 32768 pages);
#   - Xen losing XU_LEAK_XEN_TREND pages a round or more (default 0.5)
#     in the fit over the samples: one page a round fails.  On Debian 12
#     (Xen 4.17, Linux 6.1) the default is 4: stock Xen 4.17 lost 7, 2,
#     0, 0 pages over the first rounds (fit -2.0), the patched one 4, 1, 3
#     (-2.5), which fits Xen 4.17 growing dom0's stage-2 tables for the
#     ballooned gfns each build's foreign pages land on (new level-3
#     tables, never freed when empty); Debian 13's kernel maps them in its
#     unpopulated ranges instead, and stays flat (0.0, -0.2);
#   - dom0 short by more than XU_LEAK_DOM0_PAGES (default 8192, 32 MiB:
#     on Debian 12 dom0's MemFree steps by ~10 MiB with the ballooned
#     pages stock privcmd maps through), or losing XU_LEAK_DOM0_TREND
#     pages a round or more (default 256, 1 MiB).
# A shortfall right after teardown may still be settling: the check
# measures again for up to XU_LEAK_SETTLE seconds (30).
xu_leak_check() {
    case "$1" in
    basis)
        rm -f $XU_LEAK.samples
        xu_mem_snapshot > $XU_LEAK.basis
        cp /proc/meminfo $XU_LEAK.basis.meminfo
        read -r xb db nb < $XU_LEAK.basis
        xu_log "basis: Xen ${xb} free pages, dom0 ${db} free pages, ${nb} domain(s)"
        # A basis that did not read all three figures makes the check
        # meaningless: fail here rather than compare against nothing.
        case "$xb:$db:$nb" in
        *[!0-9:]*|:*|*::*|*:) rm -f $XU_LEAK.basis
            xu_fail "leak basis incomplete: '$xb' Xen pages, '$db' dom0 pages, '$nb' domains" ;;
        esac
        [ "$nb" -ge 1 ] || xu_fail "leak basis: xl list shows no domain, not even dom0"
        cat $XU_LEAK.basis > $XU_LEAK.samples
        ;;
    sample)
        [ -s $XU_LEAK.basis ] || xu_fail "no leak-check basis was taken"
        xu_mem_snapshot >> $XU_LEAK.samples
        read -r xs ds ns <<SNAP
$(tail -n 1 $XU_LEAK.samples)
SNAP
        xu_log "sample $(($(wc -l < $XU_LEAK.samples) - 1)): Xen ${xs} free pages," \
               "dom0 ${ds}, ${ns} domain(s)"
        ;;
    check)
        [ -s $XU_LEAK.basis ] || xu_fail "no leak-check basis was taken"
        read -r xb db nb < $XU_LEAK.basis
        xtr=0.5
        [ "${XU_DIST:-}" = 12 ] && xtr=4
        xtol=${XU_LEAK_XEN_PAGES:-64} xtr=${XU_LEAK_XEN_TREND:-$xtr}
        dtol=${XU_LEAK_DOM0_PAGES:-8192} dtr=${XU_LEAK_DOM0_TREND:-256}
        end=$(( $(date +%s) + ${XU_LEAK_SETTLE:-30} ))
        while :; do
            read -r xf df nf <<SNAP
$(xu_mem_snapshot)
SNAP
            [ "$nf" -ne "$nb" ] || [ $((xb - xf)) -gt "$xtol" ] ||
                [ $((db - df)) -gt "$dtol" ] || break
            [ "$(date +%s)" -lt "$end" ] || break
            sleep 2
        done
        rounds=$(wc -l < $XU_LEAK.samples)
        xt=$(xu_leak_trend 1 "$xf $df $nf") dt=$(xu_leak_trend 2 "$xf $df $nf")
        xu_log "check: Xen ${xf} free pages (basis ${xb}, $((xf - xb)); tolerance -${xtol})," \
               "trend ${xt} pages a round over ${rounds} (limit -${xtr})"
        xu_log "check: dom0 ${df} free pages (basis ${db}, $((df - db)); tolerance -${dtol})," \
               "trend ${dt} pages a round (limit -${dtr}); ${nf} domain(s) (basis ${nb})"
        [ "$nf" -eq "$nb" ] || { xl list; xu_fail "domains left behind: ${nf}, basis ${nb}"; }
        [ $((xb - xf)) -le "$xtol" ] ||
            xu_fail "Xen free memory ${xf} pages, basis ${xb}: $((xb - xf)) pages short (tolerance ${xtol})"
        ! xu_leak_over "$xt" "$xtr" ||
            xu_fail "Xen free memory falls by $(echo "$xt" | tr -d -) pages a round over ${rounds} rounds (limit ${xtr})"
        if [ $((db - df)) -gt "$dtol" ] || xu_leak_over "$dt" "$dtr"; then
            echo "/proc/meminfo lines that moved (basis, now, change in kB):"
            paste $XU_LEAK.basis.meminfo /proc/meminfo |
                awk '$2 != $5 { printf "  %-18s %10d %10d %+10d\n", $1, $2, $5, $5 - $2 }'
            [ $((db - df)) -le "$dtol" ] ||
                xu_fail "dom0 free memory ${df} pages, basis ${db}: $((db - df)) pages short (tolerance ${dtol})"
            xu_fail "dom0 free memory falls by $(echo "$dt" | tr -d -) pages a round over ${rounds} rounds (limit ${dtr})"
        fi
        ;;
    *) xu_fail "xu_leak_check basis|sample|check" ;;
    esac
}

# xu_console_clean NAME: fail if guest NAME's console shows a kernel
# Oops, BUG, panic, or stack overflow (a guest can print its marker and
# still have crashed a thread on the way).
xu_console_clean() {
    bad=$(grep -E 'Internal error|Oops|BUG:|Kernel panic|stack overflow|Unable to handle kernel' \
          "$XU_CONSOLE_DIR/guest-$1.log" 2>/dev/null | head -n 3)
    [ -z "$bad" ] || xu_fail "guest $1's console shows: $(echo "$bad" | head -n 1)"
}

# xu_dom0_free: dom0's MemFree in kB after dropping its caches.
xu_dom0_free() {
    sync
    echo 3 > /proc/sys/vm/drop_caches
    sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

# xu_domid_gone DOMID SECS: wait until no domain with DOMID is listed,
# dying ones included (a name goes at once; a domain kept dying by a
# mapping keeps its domid).
xu_domid_gone() {
    end=$(( $(date +%s) + $2 ))
    while xu_domid_listed "$1"; do
        [ "$(date +%s)" -lt "$end" ] || { xl list; return 1; }
        sleep 1
    done
}

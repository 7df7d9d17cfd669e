# SPDX-License-Identifier: MIT
#
# Helpers for the hypervisor-patches jobs (tests/hypervisor/*.job), sourced
# by their steps in dom0 after tests/integration/dom0/steplib.sh.
#
# Counters come from the patched Xen's XEN_DOMCTL_get_guest_cache_stats
# (hypervisor-patches 0008), read by `xu-hvtest stats DOMID`, which prints
# the line debug key 'U' prints (docs/hypervisor.md), then the structure's
# version, Xen's size of it and the bytes Xen copied:
#   XU-STATS d<id> tvm=<n> setway=<n> toggle=<n> pages=<n> flush_us=<n>
#            last_pages=<n> last_us=<n> foreign_nc=<n> fwb=<0|1>
#            tvm_giveup=<n> version=1 size=<n> copied=<n>
# The key remains, for humans; xu_hv_stats_agree checks that both say the
# same.

XU_HV=/mnt/src/tests/hypervisor
XU_HVTEST=/mnt/src/build/xen/xu-hvtest

# xu_hv_stats NAME: print the domain's counters, read now (the domctl).
xu_hv_stats() {
    [ -x $XU_HVTEST ] || xu_fail "$XU_HVTEST missing: make -C hypervisor-patches"
    id=$(xl domid "$1" 2>/dev/null) || xu_fail "no domain $1"
    $XU_HVTEST stats "$id" || xu_fail "xu-hvtest stats $id ($1) failed: not the patched Xen?"
}

# xu_hv_foreign_mapped NAME: the number of pages in the domain's
# "foreign-mapped" record (hypervisor-patches 0009: the GFNs other domains
# mapped, what its flush after a start with caches off cleans besides what
# the guest touched), read from debug key 'q', which prints each domain's
# rangesets: "foreign-mapped { 40000-4001f, 48000 }".
xu_hv_foreign_mapped() {
    id=$(xl domid "$1" 2>/dev/null) || xu_fail "no domain $1"
    # The ring is not cleared (a step may still look for earlier lines):
    # the last dump of the domain's rangesets is the one asked for here.
    xl debug-keys q || xu_fail "xl debug-keys q failed"
    set -- $(xl dmesg | awk -v d="Rangesets belonging to domain $id:" '
        index($0, d) { on = 1; next }
        on && /foreign-mapped \{/ { sub(/.*\{/, ""); sub(/\}.*/, ""); gsub(/,/, " "); rec = "rec " $0; on = 0 }
        /Rangesets belonging to domain/ { on = 0 }
        END { print rec }')
    [ "$1" = rec ] || xu_fail "no foreign-mapped record for d$id in debug key q: not 0009?"
    shift
    # Names of its own: callers' variables are globals too.
    fm_pages=0
    for fm_run in "$@"; do
        fm_s=${fm_run%-*} fm_e=${fm_run#*-}
        fm_pages=$((fm_pages + 0x$fm_e - 0x$fm_s + 1))
    done
    echo "$fm_pages"
}

# xu_hv_stats_key NAME: print the domain's XU-STATS line from debug key
# 'U' (a fresh dump, read back from the console ring).
xu_hv_stats_key() {
    id=$(xl domid "$1" 2>/dev/null) || xu_fail "no domain $1"
    xl debug-keys U || xu_fail "xl debug-keys U failed"
    line=$(xl dmesg | grep "XU-STATS d$id " | tail -n 1 | sed 's/^.*XU-STATS/XU-STATS/')
    [ -n "$line" ] || xu_fail "no XU-STATS line for d$id: not the patched Xen?"
    echo "$line"
}

# xu_hv_stats_agree NAME...: for each domain, the domctl's line and the
# key's agree field for field (every field of the one is in the other,
# with the same value), and the domctl gave a whole structure of version
# 1.  The key is read between two domctl reads; should a running domain's
# counters move in between (the two domctl reads differ), all three are
# read again, up to 5 times.
xu_hv_stats_agree() {
    for name in "$@"; do
        n=0
        while :; do
            a=$(xu_hv_stats "$name") || exit 1
            k=$(xu_hv_stats_key "$name") || exit 1
            b=$(xu_hv_stats "$name") || exit 1
            [ "$a" != "$b" ] || break
            n=$((n + 1))
            [ $n -lt 5 ] || xu_fail "$name's counters kept moving over 5 reads"
        done
        echo "domctl: $a"
        echo "key:    $k"
        echo "$a" | grep -q ' version=1 ' || xu_fail "$name: domctl structure version is not 1"
        size=$(xu_hv_field "$a" size) copied=$(xu_hv_field "$a" copied)
        [ -n "$size" ] && [ "$size" -gt 16 ] && [ "$copied" = "$size" ] ||
            xu_fail "$name: domctl size=$size copied=$copied, expected a whole structure"
        [ "$(echo "$a" | cut -d' ' -f2)" = "$(echo "$k" | cut -d' ' -f2)" ] ||
            xu_fail "$name: the lines are for different domains"
        nk=0
        for kv in $(echo "$k" | cut -d' ' -f3-); do
            f=${kv%%=*} v=${kv#*=}
            got=$(xu_hv_field "$a" "$f")
            [ "$got" = "$v" ] || xu_fail "$name: field $f is $v in the key's line, '$got' from the domctl"
            nk=$((nk + 1))
        done
        for kv in $(echo "$a" | cut -d' ' -f3-); do
            f=${kv%%=*}
            case $f in version|size|copied) continue ;; esac
            [ -n "$(xu_hv_field "$k" "$f")" ] || xu_fail "$name: field $f from the domctl is not in the key's line"
        done
        [ "$nk" -ge 10 ] || xu_fail "$name: only $nk fields in the key's line"
        echo "ok: $name, $nk fields agree"
    done
}

# xu_hv_stats_bad: the domctl's edges, through xu-hvtest stats.  An
# unknown domain: the tool exits non-zero saying so (-ESRCH).  A buffer
# smaller than Xen's structure (--size N): Xen copies the N bytes that fit,
# nothing past them (the tool checks a pattern after its buffer), and
# reports its own size; 0 is the size query (NULL buffer); a larger buffer
# gets the whole structure.
xu_hv_stats_bad() {
    full=$(xu_hv_stats Domain-0) || exit 1
    size=$(xu_hv_field "$full" size)
    echo "dom0: $full"
    for d in 32000 0x7ff0; do
        if out=$($XU_HVTEST stats $d 2>&1); then
            xu_fail "xu-hvtest stats $d succeeded: $out"
        fi
        echo "stats $d: $out"
        echo "$out" | grep -q 'rc=-3 .*no such domain' || xu_fail "stats $d: expected -ESRCH, 'no such domain'"
    done
    for n in 0 5 16 24 200; do
        out=$($XU_HVTEST stats 0 --size $n) || xu_fail "xu-hvtest stats 0 --size $n failed: $out"
        echo "--size $n: $out"
        want=$n
        [ "$n" -le "$size" ] || want=$size
        [ "$(xu_hv_field "$out" size)" = "$size" ] || xu_fail "--size $n: Xen's size not reported ($size expected)"
        [ "$(xu_hv_field "$out" copied)" = "$want" ] || xu_fail "--size $n: expected copied=$want"
        case $n in
        0|5|16) ! echo "$out" | grep -q ' tvm=' || xu_fail "--size $n: tvm beyond the buffer" ;;
        24) [ "$(xu_hv_field "$out" tvm)" = "$(xu_hv_field "$full" tvm)" ] &&
                [ -n "$(xu_hv_field "$out" fwb)" ] || xu_fail "--size 24: expected tvm and fwb"
            ! echo "$out" | grep -q ' setway=' || xu_fail "--size 24: setway beyond the buffer" ;;
        200) [ "${out% version=*}" = "${full% version=*}" ] || xu_fail "--size 200: not the whole line" ;;
        esac
        [ "$n" -lt 4 ] || echo "$out" | grep -q ' version=1 ' || xu_fail "--size $n: version not 1"
    done
    echo "ok: unknown domains refused, short buffers get what fits and Xen's size ($size)"
}

# xu_hv_flask_stats NAME...: under FLASK enforcing (hv-flask.job), the
# counters domctl (0008) is an access-controlled operation: with the
# example policy, which grants get_guest_cache_stats to dom0 on itself
# and to a toolstack on the domains it creates, each domain NAME's
# counters read; with build/xen/policy-no-stats.bin loaded (the same
# policy without that permission) each read is refused with -EACCES
# (rc=-13).  A domctl whose XSM hook checked nothing would still answer.
xu_hv_flask_stats() {
    [ "$(xl getenforce)" = Enforcing ] || xu_fail "FLASK not enforcing: $(xl getenforce)"
    for n in "$@"; do
        xu_hv_stats "$n" || exit 1
    done
    xl loadpolicy /mnt/src/build/xen/policy-no-stats.bin ||
        xu_fail "xl loadpolicy of the policy without the permission failed"
    echo "loaded policy-no-stats.bin (no get_guest_cache_stats)"
    for n in "$@"; do
        id=$(xl domid "$n") || xu_fail "no domain $n"
        if out=$($XU_HVTEST stats "$id" 2>&1); then
            xu_fail "counters of $n read without the permission: $out"
        fi
        echo "$n: $out"
        echo "$out" | grep -q 'rc=-13 ' || xu_fail "$n: expected rc=-13 (EACCES), got: $out"
    done
    echo "ok: read with the permission, refused with -EACCES without it"
}

# xu_hv_field LINE FIELD: the number after FIELD= in an XU-STATS line.
xu_hv_field() {
    echo "$1" | sed -n "s/.* $2=\([0-9]*\).*/\1/p"
}

# xu_hv_expect LINE FIELD OP VALUE: fail unless FIELD OP VALUE (test(1) ops).
xu_hv_expect() {
    val=$(xu_hv_field "$1" "$2")
    [ -n "$val" ] || xu_fail "no field $2 in: $1"
    [ "$val" "$3" "$4" ] || xu_fail "expected $2 $3 $4, got $2=$val"
    echo "ok: $2=$val ($3 $4)"
}

# xu_hv_wait_state NAME STATE SECS: wait until `xl list` shows the domain
# in a state containing letter STATE (s = shutdown, c = crashed).
xu_hv_wait_state() {
    end=$(( $(date +%s) + $3 ))
    while :; do
        st=$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')
        case "$st" in *"$2"*) return 0 ;; esac
        [ "$(date +%s)" -lt "$end" ] || xu_fail "domain $1 not in state '$2' within $3s (state '$st')"
        usleep 200000
    done
}

# xu_hv_probe CFG NAME SECS [KEY=VALUE...]: create the probe guest (with
# xl's config overrides), then xu_hv_probe_end NAME SECS.
xu_hv_probe() {
    cfg=$1 pname=$2 psecs=$3
    shift 3
    xl create "$cfg" "$@" || xu_fail "xl create $cfg failed"
    xu_hv_probe_end "$pname" "$psecs"
}

# xu_hv_probe_end NAME SECS: the probe NAME, running, must reach PROBE:
# PASS within SECS and its powered-off state (the configs here say
# on_poweroff = "preserve", so the counters can still be read); its
# counters go to $XU_STATE/NAME.stats and, where the flush has a record to
# cover (0009, cache trap on), the record's size to $XU_STATE/NAME.fm
# (empty where there is none); both are printed.
xu_hv_probe_end() {
    /mnt/src/tests/guests/xen/probe-wait "$1" "$2" || xu_fail "probe $1 did not PASS"
    xu_hv_wait_state "$1" s 30
    xu_hv_stats "$1" > $XU_STATE/$1.stats || exit 1
    cat $XU_STATE/$1.stats
    # In a subshell, since xu_fail exits where there is no record.
    if (xu_hv_foreign_mapped "$1") > $XU_STATE/$1.fm 2>/dev/null; then
        echo "foreign-mapped: $(cat $XU_STATE/$1.fm) pages"
    else
        : > $XU_STATE/$1.fm
    fi
}

# xu_hv_expect_flush NAME MIB: without FWB, the last toggle flush of the
# probe NAME (MIB MiB of RAM, built by xl from $XU_HV/guests/probe.cfg's
# 1 MiB initrd) covered its foreign-mapped record (0009), the record holds
# what xl wrote (the initrd's pages and a kernel page at least), and the
# flush left out what the guest neither touched nor had written for it:
# fewer pages than its RAM.
xu_hv_expect_flush() {
    line=$(cat $XU_STATE/$1.stats)
    [ -s $XU_STATE/$1.fm ] || xu_fail "no foreign-mapped record for $1: not 0009?"
    fm=$(cat $XU_STATE/$1.fm)
    written=$(( ($(stat -c %s /mnt/src/build/guests/check/initrd-1m.img) + 4095) / 4096 + 1 ))
    [ "$fm" -ge "$written" ] ||
        xu_fail "foreign-mapped record of $1: $fm pages, less than the $written xl wrote"
    echo "ok: foreign-mapped record of $1: $fm pages (>= $written written by xl)"
    xu_hv_expect "$line" last_pages -ge "$fm" &&
        xu_hv_expect "$line" last_pages -lt $(($2 * 256)) || exit 1
}

# xu_hv_features: the XENVER_get_features submaps as seen from dom0.
xu_hv_features() {
    [ -x $XU_HVTEST ] || xu_fail "$XU_HVTEST missing: make -C hypervisor-patches"
    $XU_HVTEST features | tee $XU_STATE/features || xu_fail "xu-hvtest features failed"
}

# xu_hv_feature NAME: 0 or 1, from the last xu_hv_features.
xu_hv_feature() {
    sed -n "s/.* $1=\([01]\).*/\1/p" $XU_STATE/features
}

# xu_hv_check_cpu PART: the job's expectations hold for one CPU model only
# (a --cpu override on the run-job command line would silently test the
# wrong thing): require the MIDR part number dom0 sees.
xu_hv_check_cpu() {
    part=$(sed -n 's/^CPU part[[:space:]]*: *//p' /proc/cpuinfo | sort -u)
    echo "CPU part: $part"
    [ "$part" = "$1" ] || xu_fail "CPU part $part, this job expects $1 (wrong --cpu?)"
}

# xu_hv_check_features NC TRAP FWB: the submap-1 bits dom0 must see.
xu_hv_check_features() {
    xu_hv_features
    for f in "nc_foreign $1" "cache_trap $2" "s2fwb $3"; do
        set -- $f
        got=$(xu_hv_feature $1)
        [ "$got" = "$2" ] || xu_fail "feature $1 is '$got', expected $2"
        echo "ok: $1=$got"
    done
}

# xu_hv_check_caps NC TRAP FWB [DIRECTIO]: the XEN_SYSCTL_PHYSCAP_ARM_*
# bits of the physinfo sysctl's arch_capabilities dom0 must see (the
# toolstack's interface; libxc decides on them, and on
# XEN_SYSCTL_PHYSCAP_directio, the IOMMU in use, whether mode nc drops the
# flush after unmap), and directio when DIRECTIO is given.  A stock Xen
# has none.  Where the patched Xen answers submap 1 (a successful
# xu_hv_features before), both must say the same.
xu_hv_check_caps() {
    [ -x $XU_HVTEST ] || xu_fail "$XU_HVTEST missing: make -C hypervisor-patches"
    $XU_HVTEST caps | tee $XU_STATE/caps || xu_fail "xu-hvtest caps failed"
    if [ -n "${4:-}" ]; then
        got=$(sed -n "s/.* directio=\([01]\).*/\1/p" $XU_STATE/caps)
        [ "$got" = "$4" ] || xu_fail "physinfo directio is '$got', expected $4"
        echo "ok: physinfo directio=$got"
    fi
    for f in "nc_foreign $1" "cache_trap $2" "s2fwb $3"; do
        set -- $f
        got=$(sed -n "s/.* $1=\([01]\).*/\1/p" $XU_STATE/caps)
        [ "$got" = "$2" ] || xu_fail "physinfo bit $1 is '$got', expected $2"
        echo "ok: physinfo $1=$got"
        if [ -s $XU_STATE/features ] && grep -q ' rc1=0 ' $XU_STATE/features; then
            sub=$(xu_hv_feature $1)
            [ "$sub" = "$got" ] || xu_fail "physinfo $1=$got but submap 1 says $sub"
        fi
    done
}

# xu_hv_dom0_counters [TRAPPED]: dom0 never runs with FWB (it owns the
# platform's devices, which may do non-coherent DMA through Non-cacheable
# mappings that FWB would turn Write-Back), on any CPU.  TRAPPED = 1 (the
# default): it booted with its caches off, so it took TVM traps and at
# least one toggle flush.  TRAPPED = 0: its P2M is shared with the SMMU,
# so Xen traps none of its cache control (the toggle flush would clear
# valid bits the SMMU walks): no TVM trap, no toggle flush.
xu_hv_dom0_counters() {
    line=$(xu_hv_stats Domain-0) || exit 1
    echo "$line"
    xu_hv_expect "$line" fwb -eq 0 || exit 1
    if [ "${1:-1}" = 1 ]; then
        xu_hv_expect "$line" tvm -ge 1 && xu_hv_expect "$line" toggle -ge 1
    else
        xu_hv_expect "$line" tvm -eq 0 && xu_hv_expect "$line" toggle -eq 0
    fi
}

# xu_hv_check_smmu_debug: Xen is a debug build (ASSERTs on), its SMMUv3
# driver probed the machine's SMMU, and the IOMMU is in use (xl info's
# virt_caps has hvm_directio only then): what hv-smmu.job is about.
xu_hv_check_smmu_debug() {
    xl dmesg | grep -m1 'Xen version' || xu_fail "no Xen banner in xl dmesg"
    xl dmesg | grep -m1 'Xen version' | grep -q 'debug=y' ||
        xu_fail "Xen is not a debug build (no debug=y in its banner)"
    xl dmesg | grep -i 'smmu' | head -n 8
    ! xl dmesg | grep -iE 'smmu.*(fail|error|unable)' ||
        xu_fail "Xen's SMMUv3 driver reported an error"
    caps=$(xl info | sed -n 's/^virt_caps *: *//p')
    echo "virt_caps: $caps"
    case " $caps " in
    *" hvm_directio "*) echo "ok: the IOMMU is in use" ;;
    *) xu_fail "no hvm_directio in virt_caps: Xen is not using an IOMMU" ;;
    esac
}

# xu_hv_probe_passthrough: the probe as a domU with passthrough enabled
# (the IOMMU shares its P2M, no device assigned): PASS, no trap, no flush,
# no FWB, like dom0.
xu_hv_probe_passthrough() {
    xu_hv_probe $XU_HV/guests/probe.cfg ppt 120 'name="ppt"' 'passthrough="share_pt"' || exit 1
    xl list -l ppt | grep -m1 '"passthrough"' || true
    line=$(cat $XU_STATE/ppt.stats)
    xu_hv_expect "$line" fwb -eq 0 && xu_hv_expect "$line" tvm -eq 0 &&
        xu_hv_expect "$line" toggle -eq 0 && xu_hv_expect "$line" setway -eq 0 || exit 1
    xu_destroy ppt
}

# xu_hv_probe_toggle QUIET [FWB]: the probe with no set/way mode turns its
# caches on then off.  QUIET = 1: no trap and no flush expected (FWB, or
# the options off); FWB: the probe's fwb field (default QUIET).  Without FWB: TVM traps from reset, exactly one toggle flush
# (at the cache enable, after which the trap is dropped, so the disable is
# not seen), covering what xl wrote and what the guest touched, not all of
# its 256 MiB (xu_hv_expect_flush); with FWB: nothing.
xu_hv_probe_toggle() {
    xu_hv_probe $XU_HV/guests/probe.cfg ptoggle 120 || exit 1
    line=$(cat $XU_STATE/ptoggle.stats)
    xu_hv_expect "$line" setway -eq 0 || exit 1
    # A plain domU (no device) runs with FWB wherever the CPU has it.
    xu_hv_expect "$line" fwb -eq "${2:-$1}" || exit 1
    if [ "$1" = 1 ]; then
        xu_hv_expect "$line" tvm -eq 0 && xu_hv_expect "$line" toggle -eq 0
    else
        xu_hv_expect "$line" tvm -ge 1 && xu_hv_expect "$line" toggle -eq 1 &&
            xu_hv_expect_flush ptoggle 256
    fi || exit 1
    xu_destroy ptoggle
}

# xu_hv_sysrq_answers NAME: how many sysrq answers NAME's console shows.
xu_hv_sysrq_answers() {
    n=$(grep -c 'sysrq: HELP' "$XU_CONSOLE_DIR/guest-$1.log" 2>/dev/null)
    echo "${n:-0}"
}

# xu_hv_hcr_from_outside FWB: HCR_EL2 as the runner reads it through
# QEMU's gdbstub (xu_host_check regs), not as Xen's counters say: every
# CPU running dom0 (VMID 1, the first Xen allocates; 0 is its reserved
# one) has FWB clear, whatever the CPU offers (FWB = 1 on -cpu max), and
# any CPU found running a domU has FWB = FWB.  xu_host_check's spinner
# keeps a vCPU of dom0 on a CPU; the machine is stopped again, up to 20
# times, until one is seen.  Not read during the set/way storm: twice in
# about ten such runs the emulated host made no progress after the read
# (QEMU idle, QMP saying it ran; cause not found), so the read is taken
# with the host calm, as privcmd.job's stage-2 reads are.
xu_hv_hcr_from_outside() {
    n=0
    while :; do
        out=$(xu_host_check regs) || { echo "$out"; xu_fail "the gdbstub read failed"; }
        echo "$out" | awk -v fwb="$1" '
            /^cpu / {
                match($0, /FWB=[01]/); f = substr($0, RSTART + 4, 1) + 0
                match($0, /vmid [0-9]+/); vmid = substr($0, RSTART + 5, RLENGTH - 5) + 0
                if (vmid == 1) { dom0 = 1; if (f != 0) { print "dom0 (vmid 1) runs with FWB set"; bad = 1 } }
                if (vmid >= 2 && f != fwb) { print "domU vmid " vmid ": FWB=" f ", expected " fwb; bad = 1 }
            }
            END { exit bad ? 2 : !dom0 }'
        case $? in
        0) break ;;
        2) echo "$out"; xu_fail "HCR_EL2 read from outside disagrees (above)" ;;
        *) ;;
        esac
        n=$((n + 1))
        [ $n -lt 20 ] || { echo "$out"; xu_fail "no CPU ran dom0 (vmid 1) in 20 stops"; }
        usleep 200000
    done
    echo "$out"
    echo "ok: HCR_EL2 through the gdbstub: dom0 FWB=0 (stop $((n + 1)))"
}

# xu_hv_storm FWB ROUNDS OTHER: the probe does ROUNDS rounds of DC CISW
# over every set and way (each one trapped by TSW) while guest OTHER (a
# Linux guest) must keep answering: a sysrq 'h' is sent through xenstore
# a second after the last one was answered, for as long as the storm
# lasts, and each must be answered (the storm and its answers within 600
# s in all).  How fast is information: the slowest answer is printed
# (measured: at most about 3 s with the build host loaded 9 deep, 0.1-1 s
# when idle); a deadline per answer would fail on a loaded host, not on a
# starved guest.  The probe must PASS and its set/way traps be counted;
# without FWB they lead to toggle flushes, with FWB to none.
xu_hv_storm() {
    fwb=$1 rounds=$2 other=$3
    xl list "$other" >/dev/null 2>&1 || xu_fail "guest $other is not running"
    start=$(cut -d. -f1 /proc/uptime)
    xl create $XU_HV/guests/probe.cfg 'name="pstorm"' \
        "extra=\"probe.setway=$rounds\"" || xu_fail "xl create pstorm failed"
    asked=0 answered=0 worst=0
    log=$XU_CONSOLE_DIR/guest-pstorm.log
    until grep -q '^PROBE: \(PASS\|FAIL\)' "$log" 2>/dev/null; do
        now=$(cut -d. -f1 /proc/uptime)
        [ $((now - start)) -lt 600 ] || xu_fail "storm of $rounds rounds not over in 600 s"
        before=$(xu_hv_sysrq_answers "$other")
        xl sysrq "$other" h || xu_fail "xl sysrq $other failed"
        asked=$((asked + 1))
        t0=$(cut -d' ' -f1 /proc/uptime)
        # No deadline per request (a loaded build host stretches any):
        # the next request goes once this one is answered, so a guest
        # starved by the storm holds the loop until the 600 s bound.
        while [ "$(xu_hv_sysrq_answers "$other")" -le "$before" ]; do
            now=$(cut -d. -f1 /proc/uptime)
            [ $((now - start)) -lt 600 ] ||
                xu_fail "guest $other did not answer sysrq $asked (the storm began $((now - start)) s ago)"
            usleep 100000
        done
        answered=$((answered + 1))
        ms=$(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%d", (b - a) * 1000 }')
        [ "$ms" -le "$worst" ] || worst=$ms
        sleep 1
    done
    storm_end=$(cut -d. -f1 /proc/uptime)
    cat "$log"
    grep -q '^PROBE: PASS' "$log" || xu_fail "probe under the set/way storm did not PASS"
    xu_hv_wait_state pstorm s 30
    echo "storm: $rounds rounds in about $((storm_end - start)) s;" \
         "$other answered $answered of $asked sysrq requests, slowest ${worst} ms"
    [ "$asked" -ge 1 ] || xu_fail "the storm ended before any liveness check"
    line=$(xu_hv_stats pstorm) || exit 1
    echo "$line"
    xu_hv_expect "$line" setway -ge "$rounds" || exit 1
    if [ "$fwb" = 1 ]; then
        xu_hv_expect "$line" toggle -eq 0 && xu_hv_expect "$line" tvm -eq 0
    else
        xu_hv_expect "$line" toggle -ge 1
    fi || exit 1
    xu_destroy pstorm
}

# A gfn in dom0's extended regions (the device tree's /hypervisor reg
# entries after the first: guest-physical space that is neither RAM nor
# MMIO, where foreign mappings belong): 16 pages below the end of the last.
xu_hv_free_gpfn() {
    hex=$(od -An -v -tx1 /proc/device-tree/hypervisor/reg | tr -d ' \n')
    n=$(( ${#hex} / 32 ))
    [ "$n" -ge 2 ] || xu_fail "no extended region in /hypervisor/reg"
    last=$(echo "$hex" | cut -c$(( (n - 1) * 32 + 1 ))-$(( n * 32 )))
    base=$(( 0x$(echo "$last" | cut -c1-16) ))
    size=$(( 0x$(echo "$last" | cut -c17-32) ))
    printf '0x%x\n' $(( (base + size) / 4096 - 16 ))
}

# xu_hv_nc_field: dom0's foreign_nc counter now.
xu_hv_nc_count() {
    xu_hv_field "$(xu_hv_stats Domain-0)" foreign_nc
}

# xu_hv_foreign_nc GUEST FWB: dom0 maps the first page of GUEST's RAM with
# XENMAPSPACE_gmfn_foreign_nc at a free gfn: must succeed, be counted once,
# unmap, and leave the gfn empty (a second unmap gets -ENOENT).  The same
# with plain gmfn_foreign must work and not be counted.  With FWB (GUEST
# is a plain domU, so it runs with FWB) the NC space is refused per entry
# with -EOPNOTSUPP, nothing mapped, nothing counted.
xu_hv_foreign_nc() {
    dom=$(xl domid "$1") || xu_fail "no domain $1"
    gpfn=$(xu_hv_free_gpfn) || exit 1
    n0=$(xu_hv_nc_count)
    echo "guest $1 = d$dom, dom0 gpfn $gpfn, foreign_nc before: $n0"
    if [ "$2" = 1 ]; then
        out=$($XU_HVTEST map 0x84 "$dom" 0x40000 "$gpfn")
        echo "gmfn_foreign_nc under FWB: $out"
        [ "$out" = "rc=0 err[0]=-95" ] || xu_fail "expected rc=0 err[0]=-95 (-EOPNOTSUPP), got: $out"
        r=$($XU_HVTEST unmap "$gpfn")
        [ "$r" = "rc=-2" ] || xu_fail "gpfn $gpfn not empty after the refusal (unmap: $r)"
        n1=$n0
    else
        $XU_HVTEST map 0x84 "$dom" 0x40000 "$gpfn" || xu_fail "gmfn_foreign_nc map refused"
        n1=$(xu_hv_nc_count)
        [ "$n1" -eq $((n0 + 1)) ] || xu_fail "foreign_nc $n0 -> $n1, expected +1"
        echo "ok: foreign_nc $n0 -> $n1"
        $XU_HVTEST unmap "$gpfn" || xu_fail "unmap of the NC mapping failed"
        r=$($XU_HVTEST unmap "$gpfn")
        [ "$r" = "rc=-2" ] || xu_fail "second unmap: $r, expected rc=-2 (nothing mapped)"
        echo "ok: unmapped, second unmap $r"
    fi
    $XU_HVTEST map 4 "$dom" 0x40000 "$gpfn" || xu_fail "plain gmfn_foreign map refused"
    $XU_HVTEST unmap "$gpfn" || xu_fail "unmap of the plain mapping failed"
    n2=$(xu_hv_nc_count)
    [ "$n2" -eq "$n1" ] || xu_fail "plain gmfn_foreign changed foreign_nc ($n1 -> $n2)"
    echo "ok: plain gmfn_foreign works and is not counted"
}

# xu_hv_foreign_nc_loop GUEST ROUNDS: map the same page of GUEST NC and
# remove it again, ROUNDS times; then map it 64 times over the same dom0
# gfn in one batch (each entry replaces the previous one, which drops its
# reference) and remove it once.  Each mapping holds a reference on the
# guest's page that its removal or replacement drops: a map that dropped
# its reference on success (the XSA-486 port hazard: a new map space
# reaching 4.17.7's "default: put_page()") makes removal free a page the
# guest still owns, and Xen or the guest crash within a few rounds; a map
# that kept an extra reference leaves the guest a zombie after it is
# destroyed (xu_hv_stop_no_zombie, hv-steps.sh's linux-stop).  Counted
# once per mapping.
xu_hv_foreign_nc_loop() {
    dom=$(xl domid "$1") || xu_fail "no domain $1"
    gpfn=$(xu_hv_free_gpfn) || exit 1
    n0=$(xu_hv_nc_count)
    i=0
    while [ $i -lt "$2" ]; do
        out=$($XU_HVTEST map 0x84 "$dom" 0x40000 "$gpfn") ||
            xu_fail "round $i: NC map failed: $out"
        out=$($XU_HVTEST unmap "$gpfn") || xu_fail "round $i: remove failed: $out"
        i=$((i + 1))
    done
    $XU_HVTEST map 0x84 "$dom" 0x40000 "$gpfn" 64 > /dev/null ||
        xu_fail "64 NC maps over one gfn failed"
    out=$($XU_HVTEST unmap "$gpfn") || xu_fail "remove after 64 maps failed: $out"
    r=$($XU_HVTEST unmap "$gpfn")
    [ "$r" = "rc=-2" ] || xu_fail "second remove: $r, expected rc=-2 (nothing mapped)"
    # The same for plain foreign maps (0x4): Xen's own bug, fixed by 0006.
    $XU_HVTEST map 4 "$dom" 0x40000 "$gpfn" 64 > /dev/null ||
        xu_fail "64 foreign maps over one gfn failed"
    out=$($XU_HVTEST unmap "$gpfn") || xu_fail "remove after 64 foreign maps failed: $out"
    n1=$(xu_hv_nc_count)
    [ "$n1" -eq $(( n0 + $2 + 64 )) ] || xu_fail "foreign_nc $n0 -> $n1, expected +$(( $2 + 64 ))"
    xl list "$1" > /dev/null || xu_fail "guest $1 gone after the map/remove rounds"
    echo "ok: $2 map/remove rounds, 64 maps over one gfn and one remove; foreign_nc $n0 -> $n1"
}

# xu_hv_stop_no_zombie NAME SECS: shut NAME down and require its domain
# id to leave Xen's list within SECS (a page reference left behind keeps a
# destroyed domain there as "(null)", state d, until it is dropped).
# Other dying domains are shown, not judged.  Mem is in whole MiB, so a
# single leaked page would not show there: the domid is what counts.
xu_hv_stop_no_zombie() {
    id=$(xl domid "$1") || xu_fail "no domain $1"
    xu_shutdown "$1" || exit 1
    end=$(( $(date +%s) + $2 ))
    while xl list | awk -v id="$id" 'NR > 1 && $2 == id' | grep -q .; do
        [ "$(date +%s)" -lt "$end" ] || { xl list; xu_fail "d$id ($1) still in Xen's list $2 s after shutdown"; }
        usleep 200000
    done
    xl list
    echo "ok: d$id ($1) gone"
}

# xu_hv_refused DESC GPFN WANT XU-HVTEST-ARGS...: the call must be
# refused exactly as WANT says (xu-hvtest's output: the hypercall's rc and
# each frame's error, as negative errnos) and leave nothing at GPFN.
xu_hv_refused() {
    desc=$1 gpfn=$2 want=$3
    shift 3
    out=$($XU_HVTEST "$@")
    rc=$?
    echo "$desc: $out"
    [ $rc -eq 1 ] || xu_fail "$desc: not refused (xu-hvtest exit $rc)"
    [ "$out" = "$want" ] || xu_fail "$desc: $out, expected $want"
    r=$($XU_HVTEST unmap "$gpfn")
    [ "$r" = "rc=-2" ] || xu_fail "$desc: gpfn $gpfn not empty afterwards (unmap: $r)"
}

# xu_hv_foreign_nc_bad GUEST: bad input to the new map space.  The errnos
# are what the patched Xen 4.17 answers (the same as its gmfn_foreign
# space): ESRCH (-3) for a domain it cannot take as the foreign owner,
# EINVAL (-22) for a frame or address it refuses, per frame; the whole
# batch refused with EINVAL, errors untouched, for a gpfn that overflows;
# EFAULT (-14) for unreadable arrays; ENOSYS (-38) for a space it does not
# know and for the single add_to_physmap, which takes no foreign domain.
# FWB (1 on a CPU with FEAT_S2FWB): the target runs with FWB, so every
# frame-level refusal past the domain checks is EOPNOTSUPP (-95).
# Usage: xu_hv_foreign_nc_bad GUEST [FWB]
xu_hv_foreign_nc_bad() {
    dom=$(xl domid "$1") || xu_fail "no domain $1"
    gpfn=$(xu_hv_free_gpfn) || exit 1
    n0=$(xu_hv_nc_count)
    # Where the target domain runs with FWB the NC space is refused for it
    # (EOPNOTSUPP) before its gfn is looked at.
    gerr=-22
    [ "${2:-0}" = 1 ] && gerr=-95
    srch='rc=0 err[0]=-3' inval='rc=0 err[0]=-22' ginval="rc=0 err[0]=$gerr"
    all64=rc=0 i=0
    while [ $i -lt 64 ]; do all64="$all64 err[$i]=$gerr"; i=$((i + 1)); done
    xu_hv_refused "domain that does not exist" $gpfn "$srch" map 0x84 1234 0x40000 $gpfn
    xu_hv_refused "DOMID_SELF" $gpfn "$inval" map 0x84 0x7ff0 0x40000 $gpfn
    xu_hv_refused "dom0's own id" $gpfn "$srch" map 0x84 0 0x40000 $gpfn
    xu_hv_refused "DOMID_XEN" $gpfn "$inval" map 0x84 0x7ff2 0 $gpfn
    xu_hv_refused "DOMID_IO" $gpfn "$inval" map 0x84 0x7ff1 0 $gpfn
    xu_hv_refused "gfn outside the guest's RAM" $gpfn "$ginval" map 0x84 $dom 0xfffffff $gpfn
    xu_hv_refused "gfn all ones" $gpfn "$ginval" map 0x84 $dom 0xffffffffffffffff $gpfn
    xu_hv_refused "gpfn beyond the IPA space" $gpfn "$ginval" map 0x84 $dom 0x40000 0x10000000000
    xu_hv_refused "gpfn all ones" $gpfn 'rc=-22 err[0]=2147483647' \
        map 0x84 $dom 0x40000 0xffffffffffffffff
    xu_hv_refused "count 65535, NULL arrays" $gpfn 'rc=-14' map 0x84 $dom 0x40000 $gpfn null:65535
    xu_hv_refused "count 64, all bad gfns" $gpfn "$all64" map 0x84 $dom 0xfffffff $gpfn 64
    xu_hv_refused "single XENMEM_add_to_physmap" $gpfn 'rc=-38' map1 0x84 0x40000 $gpfn
    xu_hv_refused "unknown space 0x85" $gpfn 'rc=0 err[0]=-38' map 0x85 $dom 0x40000 $gpfn
    # The guest's grant table (Linux maps it at the start of the region
    # the device tree's /hypervisor gives, 0x38000000): a xenheap page
    # Xen shares with the guest, which must stay Write-Back.
    xu_hv_refused "the guest's grant table frame" $gpfn "$ginval" map 0x84 $dom 0x38000 $gpfn
    out=$($XU_HVTEST map 0x84 $dom 0x40000 $gpfn 0)
    echo "count 0: $out"
    [ "$out" = "rc=0" ] || xu_fail "count 0: $out, expected rc=0 and nothing done"
    n1=$(xu_hv_nc_count)
    [ "$n1" -eq "$n0" ] || xu_fail "foreign_nc changed $n0 -> $n1 on refused calls"
    echo "ok: every bad call refused, nothing mapped, foreign_nc still $n1"
}

# xu_hv_probe_record BASE: the foreign-mapped record (0009) is what the
# flush after a start with caches off cleans besides what the guest
# touched.  The probe is created paused; dom0 then maps, and unmaps
# without writing, 64 pages of its RAM the probe never uses (one per MiB
# in its top 64 MiB), as a toolstack loading it would.  Against BASE
# (the counters and record of the same probe built by xl alone,
# xu_hv_probe_toggle's): the record has exactly 64 pages more, and the
# flush cleaned at least 56 more (up to 8 pages of slack for what the
# guest touches differently from run to run).  A flush that skipped the
# record would clean none of them.
xu_hv_probe_record() {
    base_fm=$(cat $XU_STATE/$1.fm) base_pages=$(xu_hv_field "$(cat $XU_STATE/$1.stats)" last_pages)
    [ -n "$base_fm" ] && [ -n "$base_pages" ] || xu_fail "no counters of $1 to compare with"
    xl create -p $XU_HV/guests/probe.cfg 'name="precord"' || xu_fail "xl create -p failed"
    dom=$(xl domid precord) || xu_fail "no domain precord"
    gpfn=$(xu_hv_free_gpfn) || exit 1
    k=0
    while [ $k -lt 64 ]; do
        idx=$(printf '0x%x' $((0x4c000 + k * 0x100)))
        $XU_HVTEST map 4 "$dom" "$idx" "$gpfn" > /dev/null ||
            xu_fail "gmfn_foreign map of page $idx of d$dom refused"
        $XU_HVTEST unmap "$gpfn" > /dev/null || xu_fail "unmap of gpfn $gpfn failed"
        k=$((k + 1))
    done
    xl unpause precord || xu_fail "xl unpause failed"
    xu_hv_probe_end precord 120 || exit 1
    line=$(cat $XU_STATE/precord.stats) fm=$(cat $XU_STATE/precord.fm)
    [ -n "$fm" ] || xu_fail "no foreign-mapped record for precord: not 0009?"
    echo "$1: $base_fm pages, last_pages=$base_pages"
    [ "$fm" -eq $((base_fm + 64)) ] ||
        xu_fail "record of $fm pages, expected $base_fm + 64"
    xu_hv_expect "$line" toggle -eq 1 &&
        xu_hv_expect "$line" last_pages -ge $((base_pages + 56)) || exit 1
    xu_destroy precord
}

# xu_hv_bench MIB: one probe of MIB MiB, no set/way mode: exactly one
# toggle flush, of what xl wrote and the guest touched, not its MIB MiB
# (xu_hv_expect_flush); print its cost.
xu_hv_bench() {
    name=pbench$1
    xu_hv_probe $XU_HV/guests/probe.cfg "$name" 200 "name=\"$name\"" "memory=$1" || exit 1
    line=$(cat $XU_STATE/$name.stats)
    xu_hv_expect "$line" toggle -eq 1 && xu_hv_expect_flush "$name" "$1" || exit 1
    echo "BENCH mem=$1 pages=$(xu_hv_field "$line" last_pages) us=$(xu_hv_field "$line" last_us) foreign_mapped=$(cat $XU_STATE/$name.fm)"
    xu_destroy "$name"
}

# xu_hv_foreign_nc_absent GUEST: a Xen without the NC map space (options
# off) refuses it per entry with -ENOSYS, leaving nothing mapped, and the
# fallback to plain gmfn_foreign works: what a caller relies on.
xu_hv_foreign_nc_absent() {
    dom=$(xl domid "$1") || xu_fail "no domain $1"
    gpfn=$(xu_hv_free_gpfn) || exit 1
    out=$($XU_HVTEST map 0x84 "$dom" 0x40000 "$gpfn")
    echo "gmfn_foreign_nc: $out"
    [ "$out" = "rc=0 err[0]=-38" ] || xu_fail "expected rc=0 err[0]=-38 (-ENOSYS), got: $out"
    r=$($XU_HVTEST unmap "$gpfn")
    [ "$r" = "rc=-2" ] || xu_fail "gpfn $gpfn not empty after the refusal (unmap: $r)"
    $XU_HVTEST map 4 "$dom" 0x40000 "$gpfn" || xu_fail "fallback gmfn_foreign refused"
    $XU_HVTEST unmap "$gpfn" || xu_fail "unmap of the fallback mapping failed"
    echo "ok: refused with -ENOSYS, nothing mapped, fallback works"
}

# xu_hv_probe_nocache IMAGE NAME WRITES: the probe (IMAGE: the arm64 Image
# or the arm32 zImage) turns its MMU on with the D-cache off and writes
# TTBR0 WRITES times before its first cache enable (probe.mmu_nocache), as
# a guest that enables its MMU before its caches, or never enables them,
# does at every context switch.  The trap armed at its vCPU reset (0003)
# must be given up after exactly 1024 trapped writes with the caches off
# (0007's P2M_RESET_TRAP_MAX_WRITES; the probe's few writes before its
# loop count too): tvm=1024, tvm_giveup=1, the one flush
# done then (toggle=1: its later cache enable is not trapped any more;
# it covers the foreign-mapped record, xu_hv_expect_flush),
# Xen's warning for its vCPU, and the probe PASSes.  Without the bound
# every write traps: tvm is about WRITES and tvm_giveup absent.
xu_hv_probe_nocache() {
    img=$1 name=$2 n=$3
    xu_hv_probe $XU_HV/guests/probe.cfg "$name" 300 "name=\"$name\"" \
        "kernel=\"$img\"" "extra=\"probe.mmu_nocache=$n\"" || exit 1
    grep "^PROBE: check mmu-nocache: ok: $n TTBR0 writes" \
        "$XU_CONSOLE_DIR/guest-$name.log" ||
        xu_fail "the probe did not make its $n TTBR0 writes with caches off"
    line=$(cat $XU_STATE/$name.stats)
    xu_hv_expect "$line" tvm -eq 1024 && xu_hv_expect "$line" tvm_giveup -eq 1 &&
        xu_hv_expect "$line" toggle -eq 1 && xu_hv_expect "$line" setway -eq 0 &&
        xu_hv_expect_flush "$name" 256 || exit 1
    id=$(xl domid "$name") || xu_fail "no domain $name"
    xl dmesg | grep "d${id}v0 caches off after 1024 trapped writes" ||
        xu_fail "no give-up warning for d${id}v0 in xl dmesg"
    # The one guest with tvm_giveup set: the domctl must carry it too.
    xu_hv_stats_agree "$name" || exit 1
    xu_destroy "$name"
}

# xu_hv_probe_smp FWB IMAGE NAME TVM: the probe (IMAGE: the arm64 Image
# or the arm32 zImage) with two vCPUs (probe.smp=1): vCPU 0 starts vCPU 1
# with PSCI CPU_ON before its own first cache enable.  Each vCPU starts
# from reset with its MMU and caches off, so each has the cache trap
# armed (0003: XEN_DOMCTL_setvcpucontext for vCPU 0, PSCI CPU_ON for
# vCPU 1) and each one's cache enable is one toggle flush of the domain's
# RAM: toggle=2, each covering the domain's foreign-mapped record (0009):
# pages >= 2 * the record, the last one within xu_hv_expect_flush.  The
# trapped writes are exact too (TVM): vCPU 1's entry code writes no
# trapped register, its cache enable writes the memory attributes, the
# translation control, TTBR0 and then SCTLR (M and C on: the trap is
# dropped); vCPU 0 the same plus its entry code's SCTLR write.  arm64:
# MAIR_EL1, TCR_EL1, TTBR0_EL1, SCTLR_EL1 = 4 + 5, TVM=9; arm32: MAIR0,
# MAIR1, TTBCR, TTBR0, SCTLR = 5 + 6, TVM=11.  A vCPU 1 without the trap
# (CPU_ON not arming it) gives toggle=1 and TVM-4 (arm32: TVM-5).  With
# FWB: no trap, no flush.
xu_hv_probe_smp() {
    fwb=$1 img=$2 name=$3 want_tvm=$4
    xu_hv_probe $XU_HV/guests/probe.cfg "$name" 200 "name=\"$name\"" \
        "kernel=\"$img\"" 'vcpus=2' 'extra="probe.smp=1"' || exit 1
    grep '^PROBE: check smp: ok: cpu 1 (MPIDR 0x1) started by PSCI CPU_ON (hvc), entered .*, MMU off, D-cache off' \
        "$XU_CONSOLE_DIR/guest-$name.log" ||
        xu_fail "the probe did not bring up and check its second vCPU"
    line=$(cat $XU_STATE/$name.stats)
    xu_hv_expect "$line" setway -eq 0 && xu_hv_expect "$line" fwb -eq "$fwb" || exit 1
    if [ "$fwb" = 1 ]; then
        xu_hv_expect "$line" tvm -eq 0 && xu_hv_expect "$line" toggle -eq 0
    else
        xu_hv_expect "$line" toggle -eq 2 && xu_hv_expect "$line" tvm -eq "$want_tvm" &&
            xu_hv_expect_flush "$name" 256 &&
            xu_hv_expect "$line" pages -ge $((2 * $(cat $XU_STATE/$name.fm)))
    fi || exit 1
    xu_destroy "$name"
}

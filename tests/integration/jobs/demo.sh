# SPDX-License-Identifier: MIT
# Step helpers of demo.job, sourced in dom0 (busybox sh, steplib.sh
# loaded).  Each build appends one row to $rows for demo_table.
rows=$XU_STATE/demo.rows

# Seconds since boot, with hundredths (busybox has no %N in date).
demo_now() { cut -d' ' -f1 /proc/uptime; }

# demo_build PATH XL CFG NAME: create the probe guest NAME from CFG with
# XL (paused, so the record can be read before the probe runs and powers
# off), show what the toolstack said and what the probe found.
demo_build() {
    path=$1 xl=$2 cfg=$3 name=$4
    log=/tmp/demo-$name.log
    echo "== $path: $(basename "$xl") -v create -p $(basename "$cfg") name=$name"
    t0=$(demo_now)
    $xl -v create -p "$cfg" "name=\"$name\"" > "$log" 2>&1 ||
        { cat "$log"; xu_fail "$path: create failed"; }
    t1=$(demo_now)
    domid=$(xl domid "$name") || xu_fail "$path: $name is not there after create"
    echo "-- what the toolstack said (xl -v, boot-image lines):"
    grep -E 'loader probe OK|xenuncached|privcmd-nc|xc_dom_.*(kernel|ramdisk|devicetree|seg)' "$log" |
        sed 's/^/   /' | head -n 20
    report=$(sed -n 's/.*xenuncached: \(dom [0-9]*: mode .*\)/\1/p' "$log" | tail -n 1)
    echo "-- the record in xenstore (/libxl/$domid/xen-uncached/report):"
    if rec=$(xenstore-read "/libxl/$domid/xen-uncached/report" 2>/dev/null); then
        echo "   $rec"
    else
        echo "   (none: the stock path records nothing)"
    fi
    [ "$path" = stock ] || [ -n "$rec" ] || xu_fail "$path: no build report"
    xl unpause "$name" || xu_fail "$path: unpause failed"
    echo "-- the probe guest's verdict (its MMU and caches off):"
    if /mnt/src/tests/guests/xen/probe-wait "$name" 120 > /tmp/demo-$name.probe 2>&1; then
        verdict=PASS
    else
        verdict=FAIL
    fi
    grep -E '^PROBE: ' /tmp/demo-$name.probe | sed 's/^/   /'
    if [ -n "$report" ]; then
        mode=$(echo "$report" | sed -n 's/.*: mode \([^,]*\),.*/\1/p')
        types=$(echo "$report" | sed -n 's/.* ms (\(.*\)).*/\1/p')
        wms=$(echo "$report" | sed -n 's/.*pages, \([0-9]*\) ms.*/\1/p')
    else
        mode=stock types="stage-1 Normal-WB, stage-2 Normal-WB, flushed" wms=-
    fi
    printf '%s|%s|%s|%s|%s|%s\n' "$path" "$mode" "$types" "$wms" \
        "$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")" "$verdict" >> "$rows"
    [ $verdict = PASS ] || xu_fail "$path: the probe did not pass"
}

demo_module() {
    insmod "$1" || xu_fail "cannot load $1"
    ls -l /dev/xen/privcmd-nc || xu_fail "no /dev/xen/privcmd-nc"
    dmesg | grep -i 'privcmd.nc\|privcmd_nc' | tail -n 3
}

demo_table() {
    [ -s "$rows" ] || xu_fail "no builds to compare"
    echo
    printf '%-13s %-7s %-65s %9s %9s  %s\n' PATH MODE "MEMORY TYPES (writes)" \
        "WRITE ms" "CREATE s" PROBE
    while IFS='|' read -r path mode types wms secs verdict; do
        printf '%-13s %-7s %-65s %9s %9s  %s\n' "$path" "$mode" "$types" \
            "$wms" "$secs" "$verdict"
    done < "$rows"
    [ "$(grep -c '|PASS$' "$rows")" = 2 ] || xu_fail "not both builds passed"
}

# SPDX-License-Identifier: MIT
#
# Planted defects for the leak and gone checks of steplib.sh, run in dom0
# by default.job after its own leak check: each check must fail, by its
# own message, on a real defect of the size it claims to see.  Sourced
# by the step that uses it (after steplib.sh).  tests/selftest/run runs
# the same checks on canned figures, without a host.

XU_HOLDMAP=${XU_D:-/mnt/dist}/arm64/tests/xu-holdmap

# xu_plant_dying CFG: a guest destroyed while dom0 keeps one of its pages
# mapped stays dying, nameless, under its domid.  xu_destroy must fail
# (it waits by domid), and so must the leak check (a domain more); once
# the mapping goes, so must the domain.
xu_plant_dying() {
    rm -f $XU_STATE/plant-release
    (XU_LEAK=$XU_STATE/plant-dying; xu_leak_check basis) > /dev/null 2>&1 ||
        xu_fail "plant: leak basis failed"
    xl create -p "$1" 'name="plantd"' > /dev/null 2>&1 || xu_fail "plant: xl create -p failed"
    id=$(xl domid plantd) || xu_fail "plant: no domain plantd"
    $XU_HOLDMAP "$id" 1 $XU_STATE/plant-release > $XU_STATE/holdmap.out 2>&1 &
    tries=0
    until grep -q '^holding 1 pages' $XU_STATE/holdmap.out; do
        tries=$((tries + 1))
        if [ $tries -gt 100 ] || ! kill -0 $! 2>/dev/null; then
            cat $XU_STATE/holdmap.out; xl destroy plantd
            xu_fail "plant: xu-holdmap did not map a page of domain $id"
        fi
        usleep 100000
    done
    echo "domain $id destroyed while xu-holdmap keeps one of its pages mapped"
    (XU_GONE_WAIT=5 xu_destroy plantd) > $XU_STATE/plant-destroy.out 2>&1
    rc1=$?
    cat $XU_STATE/plant-destroy.out
    (XU_LEAK=$XU_STATE/plant-dying XU_LEAK_SETTLE=0 xu_leak_check check) \
        > $XU_STATE/plant-leak.out 2>&1
    rc2=$?
    cat $XU_STATE/plant-leak.out
    echo "releasing the mapping"
    touch $XU_STATE/plant-release
    wait
    xu_domid_gone "$id" 30 || xu_fail "domain $id still there 30 s after its mapping was released"
    [ $rc1 -ne 0 ] || xu_fail "xu_destroy passed while a mapping kept domain $id dying"
    grep -q "STEP FAILED: guest plantd (domain $id) still listed 5 s after destroy" \
        $XU_STATE/plant-destroy.out || xu_fail "xu_destroy failed, but not naming the dying domain"
    [ $rc2 -ne 0 ] || xu_fail "the leak check passed with domain $id dying"
    grep -q 'STEP FAILED: domains left behind: 2, basis 1' $XU_STATE/plant-leak.out ||
        xu_fail "the leak check failed, but not as 'domains left behind'"
    echo "domain $id kept dying by one mapped page: xu_destroy and the leak check failed, as they must"
}

# xu_plant_page_leak CFG [ROUNDS]: Xen's free memory falls by one page a
# round (five on Debian 12, whose trend limit is 4: a leak of the size
# the check claims to see), for real, on this host: a guest created
# paused from CFG before the basis is given one more page a round by
# xu-populate (XENMEM_populate_physmap through privcmd, what a builder
# that populated a page too many per build would leave), each round
# ending in a leak sample.  The leak check must fail on the trend, by its
# own message, with a slope within 10% of the planted one; the guest is
# destroyed after.  (dom0's balloon cannot plant it: Xen keeps a
# direct-mapped dom0's ballooned pages allocated to it.  And a guest page
# kept mapped costs no page while the guest lives, and keeps it dying
# once destroyed: xu_plant_dying.)
XU_POPULATE=${XU_D:-/mnt/dist}/arm64/tests/xu-populate

xu_plant_page_leak() {
    rounds=${2:-4}
    per=1
    [ "${XU_DIST:-}" = 12 ] && per=5
    xl create -p "$1" 'name="plantp"' > /dev/null 2>&1 || xu_fail "plant: xl create -p failed"
    id=$(xl domid plantp) || xu_fail "plant: no domain plantp"
    mem=$(xl list plantp | awk 'NR == 2 { print $3 }')
    # Above the guest's RAM in bank 0 (which starts at 1 GiB).
    gfn=$(( (0x40000000 >> 12) + (mem + 16) * 256 ))
    XU_LEAK=$XU_STATE/plant-page
    (xu_leak_check basis) || { xl destroy plantp; xu_fail "plant: leak basis failed"; }
    r=0
    while [ $r -le "$rounds" ]; do
        $XU_POPULATE "$id" $gfn $per ||
            { xl destroy plantp; xu_fail "plant: xu-populate failed in round $r"; }
        gfn=$((gfn + per))
        if [ $r -lt "$rounds" ]; then
            (xu_leak_check sample) || { xl destroy plantp; xu_fail "plant: leak sample failed"; }
        fi
        r=$((r + 1))
    done
    echo "domain $id given ${per} page(s) from Xen's heap in each of $((rounds + 1)) rounds"
    (XU_LEAK_SETTLE=0 xu_leak_check check) > $XU_STATE/plant-page.out 2>&1
    rc=$?
    cat $XU_STATE/plant-page.out
    xu_destroy plantp
    [ $rc -ne 0 ] || xu_fail "the leak check passed while Xen lost ${per} page(s) a round"
    slope=$(sed -n 's/^STEP FAILED: Xen free memory falls by \([0-9.]*\) pages a round over .*/\1/p' \
            $XU_STATE/plant-page.out)
    [ -n "$slope" ] ||
        xu_fail "the leak check failed, but not as 'Xen free memory falls by N pages a round'"
    awk -v s="$slope" -v p="$per" 'BEGIN { exit !(s >= 0.9 * p && s <= 1.1 * p) }' ||
        xu_fail "the leak check saw ${slope} pages a round, planted ${per}"
    echo "Xen losing ${per} page(s) a round: the leak check failed on a trend of ${slope}, as it must"
}

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

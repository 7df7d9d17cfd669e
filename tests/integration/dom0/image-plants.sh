# SPDX-License-Identifier: MIT
#
# A corrupt boot image, for xl-plugin.job (step libxl-example-bad-gzip):
# sourced by the step, after steplib.sh.

# xu_bad_gzip EXAMPLE IMAGE.GZ RAMDISK: libxl-example (linked with the
# plugin) given a copy of IMAGE.GZ with one byte of its compressed data
# flipped must fail, say that the kernel did not inflate, print no build
# report, and leave nothing behind: the same domain ids, and Xen's and
# dom0's free pages back to a basis taken before (the leak check: a page
# still mapped would keep a dying domain, or Xen's pages short).
xu_bad_gzip() {
    bad=/tmp/Image-bad.gz
    cp "$2" $bad || xu_fail "cannot copy $2"
    size=$(wc -c < $bad)
    off=$((size / 2))
    b=$(od -An -tu1 -j $off -N1 $bad | tr -d ' ')
    # shellcheck disable=SC2059
    printf "$(printf '\\%03o' $((255 - b)))" | dd of=$bad bs=1 seek=$off conv=notrunc 2> /dev/null
    ! cmp -s "$2" $bad || xu_fail "the copy of $2 did not change"
    echo "$bad: byte $off of $size flipped ($b to $((255 - b)))"
    ids=$(xl list | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' ')
    (XU_LEAK=$XU_STATE/bad-gzip; xu_leak_check basis) || xu_fail "leak basis failed"
    if "$1" -v --name exbad --kernel $bad --ramdisk "$3" --cmdline 'console=hvc0 quiet' \
            > /tmp/exbad.out 2> /tmp/exbad.log; then
        xl destroy exbad
        xu_fail "libxl-example built a domain from a corrupt Image.gz"
    fi
    rm -f $bad
    echo "libxl-example failed; its log's errors:"
    grep -iE 'error|fail|gunzip|inflate' /tmp/exbad.log | head -n 12
    grep -q 'xc_dom_do_gunzip: inflate failed' /tmp/exbad.log ||
        xu_fail "no 'inflate failed' error for the corrupt Image.gz"
    ! grep -q 'xenuncached: dom [0-9]*: mode ' /tmp/exbad.log ||
        xu_fail "a build report for a kernel that did not inflate"
    now=$(xl list | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' ')
    [ "$now" = "$ids" ] || { xl list; xu_fail "domains $ids before, $now after"; }
    (XU_LEAK=$XU_STATE/bad-gzip; XU_LEAK_SETTLE=10 xu_leak_check check) ||
        xu_fail "the failed build left pages behind"
}

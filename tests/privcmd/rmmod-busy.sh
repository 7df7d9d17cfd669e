#!/bin/sh
# SPDX-License-Identifier: MIT
# rmmod-busy.sh TEST KO [OPTION...]: the module cannot go while an fd is open (the
# file's module reference), and goes once it is closed; it is then loaded
# again, with the OPTIONs.  Run in dom0.
t=$1 ko=$2 fails=0
shift 2
res() { if [ "$2" = 0 ]; then echo "PASS: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

$t hold 4 > /dev/null &
pid=$!
# Handshake: wait until the fd is open (its /proc link names the device),
# rather than hoping one second was enough on a loaded host.
i=0
until ls -l /proc/$pid/fd 2>/dev/null | grep -q privcmd-nc; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 $pid 2>/dev/null; then
        echo "  why: '$t hold' did not open the device within 10 s"; break
    fi
    usleep 50000
done
if rmmod xen_privcmd_nc 2>/dev/null; then r=1; echo "  why: rmmod succeeded with an open fd"; else r=0; fi
res rmmod-with-open-fd-refused $r
wait $pid
rmmod xen_privcmd_nc; r=$?
res rmmod-after-close $r
insmod "$ko" "$@"; r=$?
res insmod-again $r
[ -e /dev/xen/privcmd-nc ]; res device-back $?
echo "rmmod-busy: $fails failed"
[ $fails = 0 ]

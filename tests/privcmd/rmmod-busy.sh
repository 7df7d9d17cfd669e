#!/bin/sh
# SPDX-License-Identifier: MIT
# rmmod-busy.sh TEST KO: the module cannot go while an fd is open (the
# file's module reference), and goes once it is closed.  Run in dom0.
t=$1 ko=$2 fails=0
res() { if [ "$2" = 0 ]; then echo "PASS: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

$t hold 4 &
pid=$!
sleep 1
if rmmod xen_privcmd_nc 2>/dev/null; then r=1; echo "  why: rmmod succeeded with an open fd"; else r=0; fi
res rmmod-with-open-fd-refused $r
wait $pid
rmmod xen_privcmd_nc; r=$?
res rmmod-after-close $r
insmod "$ko"; r=$?
res insmod-again $r
[ -e /dev/xen/privcmd-nc ]; res device-back $?
echo "rmmod-busy: $fails failed"
[ $fails = 0 ]

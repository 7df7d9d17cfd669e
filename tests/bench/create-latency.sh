#!/bin/sh
# SPDX-License-Identifier: MIT
# create-latency.sh ROUNDS: in dom0, `xl create` to the guest's first
# console line, stock xl vs xu-xl (the plugin), rounds alternating so both
# see the same machine load.  Prints each time and the medians and ratio.
# A benchmark, not a test: it asserts nothing about durations.
. /steplib.sh
. "$(dirname "$0")/median.sh"
rounds=${1:-10}
cfg=/mnt/src/tests/integration/guests/linux.cfg
xuxl=/mnt/dist/arm64/xl-plugin/xu-xl
now() { cut -d' ' -f1 /proc/uptime; }

# one_round CMD: seconds from create to the first byte on the console
one_round() {
    rm -f $XU_CONSOLE_DIR/guest-linux.log
    t0=$(now)
    $1 create $cfg > /dev/null 2>&1 || { echo "create failed" >&2; return 1; }
    while [ ! -s $XU_CONSOLE_DIR/guest-linux.log ]; do usleep 20000; done
    t1=$(now)
    xl destroy linux
    xu_gone linux 30
    echo "$t0 $t1" | awk '{ printf "%.2f\n", $2 - $1 }'
}


: > /tmp/stock.t; : > /tmp/plugin.t
i=0
while [ $i -lt "$rounds" ]; do
    s=$(one_round xl) || exit 1
    p=$(one_round $xuxl) || exit 1
    echo "round $((i + 1)): stock ${s}s, plugin ${p}s"
    echo "$s" >> /tmp/stock.t; echo "$p" >> /tmp/plugin.t
    i=$((i + 1))
done
ms=$(median < /tmp/stock.t); mp=$(median < /tmp/plugin.t)
echo "median create-to-first-console-line: stock ${ms}s, plugin ${mp}s," \
     "ratio plugin/stock $(echo "$mp $ms" | awk '{ printf "%.3f", $1 / $2 }')"

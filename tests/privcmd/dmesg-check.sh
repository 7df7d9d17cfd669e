#!/bin/sh
# SPDX-License-Identifier: MIT
# dmesg-check.sh: fail (exit 1) if the kernel log shows a BUG, an Oops or a
# WARNING, printing each.  One known warning is reported but not counted:
# with -cpu max, dom0's balloon driver hot-adds memory at 0x0 and
# vmemmap_populate() warns (reserve_additional_memory in the trace); it
# happens on xl create with stock privcmd alone, without this module
# loaded (checked in the emulated host).  Run in dom0.
dmesg | awk '
	/WARNING:|BUG:|Oops|Internal error|Unable to handle/ && !inblk {
		inblk = 1; blk = $0; n = 0; next
	}
	inblk {
		blk = blk "\n" $0
		if (++n < 60 && $0 !~ /end trace/)
			next
		inblk = 0
		if (blk ~ /reserve_additional_memory/ && blk ~ /WARNING:/) {
			print "known (balloon hotplug, not privcmd-nc):"
			print blk; known++
		} else {
			print "KERNEL PROBLEM:"; print blk; bad++
		}
	}
	END {
		if (inblk) { print "KERNEL PROBLEM:"; print blk; bad++ }
		printf "dmesg-check: %d problem(s), %d known warning(s)\n", bad, known
		exit (bad > 0 ? 1 : 0)
	}'

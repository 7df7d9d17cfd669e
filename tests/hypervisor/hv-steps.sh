# SPDX-License-Identifier: MIT
# Steps shared by hv-cortex-a57.job and hv-max.job (sourced by the job, on
# the host, by tests/integration/run-job).  The job sets, before sourcing:
#   cpu_part  MIDR part number dom0 must see (guards against --cpu)
#   fwb       1 when Xen must use FEAT_S2FWB on that CPU, else 0
#   storm     rounds of set/way for the probe's storm
t=/mnt/src/tests/hypervisor
lib=". $t/dom0/hvlib.sh"
linux=/mnt/src/tests/integration/guests/linux.cfg
if [ "$fwb" = 1 ]; then trap_bit=0; else trap_bit=1; fi

step toolstack-up      60 xu_toolstack_up
step cpu-model         20 "$lib; xu_hv_check_cpu $cpu_part"
step features          20 "$lib; xu_hv_check_features 1 $trap_bit $fwb"
step caps              20 "$lib; xu_hv_check_caps 1 $trap_bit $fwb"
step dom0-counters     30 "$lib; xu_hv_dom0_counters"
# dom0 without FWB as the CPU itself holds it, read through the gdbstub.
step dom0-hcr          60 "$lib; xu_hv_hcr_from_outside $fwb"
step probe-toggle     150 "$lib; xu_hv_probe_toggle $fwb"
step linux-create      90 xu_create $linux linux
step linux-up         120 xu_wait_up linux 110
step setway-storm     660 "$lib; xu_hv_storm $fwb $storm linux"
step foreign-nc        60 "$lib; xu_hv_foreign_nc linux $fwb"
step foreign-nc-bad    90 "$lib; xu_hv_foreign_nc_bad linux $fwb"
if [ "$fwb" = 0 ]; then
    step foreign-nc-loop 120 "$lib; xu_hv_foreign_nc_loop linux 100"
fi
# The counters through XEN_DOMCTL_get_guest_cache_stats (xu-hvtest stats,
# what xu_hv_stats reads) and through debug key 'U' must agree, for dom0
# (its foreign_nc moved above) and a running guest; then the domctl's
# edges: an unknown domain, buffers smaller and larger than Xen's.
step stats-agree       60 "$lib; xu_hv_stats_agree Domain-0 linux"
step stats-bad         30 "$lib; xu_hv_stats_bad"
# Every foreign entry owns a page reference; one left behind keeps the
# guest dying after it is gone ("(null) ... --p--d").  The NC loop's 64
# maps over one gfn left 63 until 0006 (Xen kept the replaced entry's
# reference when the frame was the same); the storm probe powered itself
# off earlier: no domain but dom0 may be left once linux is stopped.
step linux-stop        90 "$lib; xu_hv_stop_no_zombie linux 30"
step none-dying        30 "xl list; [ \$(xl list | awk 'NR > 2' | wc -l) = 0 ] || xu_fail 'a domain other than dom0 is still listed'"
info_step counters-dump 30 "xl debug-keys U; xl dmesg | grep -E 'XU-|P2M: FEAT' | tail -n 8"

# SPDX-License-Identifier: MIT
#
# explain.awk: turn a replayed counterexample (spin -t -p output of
# cache.pml) into words.  Prints one line per event ("step  what
# happened") and, into the file named by -v summary=FILE, one line: what
# the failing read returned and why.
#
# The model prints each event as "MSC: E kind|actor|field|...", all
# numbers (cache.pml, "codes in the event lines").  To say why a read
# failed, this script replays the events on its own copy of the two words
# (RAM value, line state, and where each came from).

function actor(a) { return a == 0 ? "vCPU 0" : a == 1 ? "vCPU 1" : \
    a == 2 ? "the toolstack" : a == 3 ? "Xen" : a == 4 ? "the CPU" : \
    "image_verify" }
function word(i) { return i == 0 ? "L (an image word)" : "M (vCPU 1's word)" }
function wname(i) { return i == 0 ? "L" : "M" }
function val(v) { return v == 0 ? "0 (old content)" : v == 1 ? "1 (the image)" : \
    v == 2 ? "2 (its caches-off write)" : v == 3 ? "3 (a cached write)" : \
    "4 (the write after caches off again)" }
function vshort(v) { return v == 0 ? "0 (old)" : v == 1 ? "1 (image)" : \
    v == 2 ? "2 (caches-off write)" : v == 3 ? "3 (cached write)" : \
    "4 (write after caches off again)" }
function alias(p) { return p == 0 ? "dom0's user mapping" : \
    p == 1 ? "dom0's kernel linear map" : p == 2 ? "Xen's directmap" : \
    p == 3 ? "vCPU 0's own mapping" : "vCPU 1's own mapping" }
function why(r) { return r == 0 ? "DC CIVAC by VA" : r == 1 ? "XEN_DOMCTL_cacheflush" : \
    r == 2 ? "toggle flush at the trapped SCTLR_EL1 write" : \
    r == 3 ? "flush at a toggle trapped after set/way" : \
    r == 4 ? "Xen's set/way flush" : "Xen's late flush" }
function mtype(t) { return t == 1 ? "Write-Back" : "Normal-NC" }
function lstate(s, v) { return s == 0 ? "no line" : s == 1 ? "clean " v : "dirty " v }

function say(text) { printf "%4s  %s\n", step, text }

BEGIN { FS = "|"; for (i = 0; i < 2; i++) { ram[i] = 0; ls[i] = 0; lv[i] = 0;
        rfrom[i] = "the page's old content"; lfrom[i] = ""; lastcl[i] = "" } }

/^ *[0-9]+:\tproc/ { step = $0; sub(/^ */, "", step); sub(/:.*/, "", step); next }

/^[ \t]*MSC: E / {
    line = $0; sub(/^[ \t]*MSC: E /, "", line)
    n = split(line, f, "|"); k = f[1]
    if (k == "map") {
        say(sprintf("%s maps L (stage 1 %s, dom0 stage 2 %s)",
            f[2] == 5 ? "image_verify" : "the toolstack", mtype(f[3]), mtype(f[4])))
    } else if (k == "unmap") {
        say((f[2] == 5 ? "image_verify" : "the toolstack") " unmaps L (dom0's aliases of it go)")
    } else if (k == "write") {
        a = f[2]; i = f[3]; v = f[4]; t = f[5]
        if (t == 1) {
            ls[i] = 2; lv[i] = v
            lfrom[i] = sprintf("%s's cacheable write at step %s", actor(a), step)
            say(sprintf("%s writes %s to %s cacheably: line dirty, RAM unchanged", actor(a), val(v), wname(i)))
        } else {
            ram[i] = v
            rfrom[i] = sprintf("%s's uncached write at step %s", actor(a), step)
            say(sprintf("%s writes %s to %s uncached: RAM = %d, line (%s) untouched",
                actor(a), val(v), wname(i), v, lstate(ls[i], lv[i])))
        }
    } else if (k == "read") {
        a = f[2]; i = f[3]; g = f[4]; w = f[5]; t = f[6]; h = f[7]
        src = (t == 1 || h == 1) ? "line" : "ram"
        if (t == 1 && ls[i] == 0) {     # read-allocate from RAM
            ls[i] = 1; lv[i] = ram[i]
            lfrom[i] = sprintf("filled from RAM by this read at step %s", step)
        }
        how = t == 1 ? "cacheably" : (h == 1 ? "uncached but hits a line" : "uncached (RAM)")
        if (t == 1 && a <= 1 && !caches[a]) how = "with its caches off, cacheably (FWB)"
        say(sprintf("%s reads %s %s: gets %d%s", actor(a), wname(i), how,
            g, g == w ? "" : sprintf(", last written %d", w)))
        if (g != w) {
            bad = 1; ba = a; bi = i; bg = g; bw = w; bsrc = src; bstep = step
            blfrom = lfrom[i]; brfrom = rfrom[i]; blast = lastcl[i]
            bon = enable[a]; bhow = how
        }
    } else if (k == "civac") {
        a = f[2]; i = f[3]; s = f[4]; v = f[5]; r = f[6]
        if (s == 2) { ram[i] = v; rfrom[i] = sprintf("the write-back of %s by the clean at step %s", lfrom[i], step) }
        ls[i] = 0; lv[i] = 0
        lastcl[i] = sprintf("step %s (%s)", step, why(r))
        say(sprintf("%s cleans+invalidates %s (%s): %s", actor(a), wname(i), why(r),
            s == 2 ? "dirty " v " written back" : s == 1 ? "clean " v " dropped" : "no line"))
    } else if (k == "fill") {
        i = f[3]; v = f[4]
        ls[i] = 1; lv[i] = v
        lfrom[i] = sprintf("filled with %d via %s at step %s", v, alias(f[5]), step)
        say(sprintf("the CPU speculates via %s: clean line %s = %d", alias(f[5]), wname(i), v))
    } else if (k == "wb") {
        i = f[3]; ram[i] = lv[i]; ls[i] = 1
        rfrom[i] = sprintf("the write-back at step %s of %s", step, lfrom[i])
        say(sprintf("the CPU writes dirty %s = %d back (line kept clean)", wname(i), f[4]))
    } else if (k == "evict") {
        i = f[3]
        if (f[4] == 2) { ram[i] = f[5]; rfrom[i] = sprintf("the write-back at step %s of %s", step, lfrom[i]) }
        ls[i] = 0; lv[i] = 0
        say(sprintf("the CPU evicts %s (%s)", wname(i), f[4] == 2 ? "dirty " f[5] ", written back" : "clean " f[5]))
    } else if (k == "unpause") {
        say(sprintf("the toolstack unpauses the guest (vCPU 0's TVM trap %s)", f[3] ? "armed at reset" : "not armed"))
    } else if (k == "trap") {
        say(sprintf("vCPU %d's SCTLR_EL1 write (caches %s) traps to Xen (TVM)", f[2], f[3]))
    } else if (k == "cache") {
        caches[f[2]] = f[3] == "on"
        if (f[3] == "on") enable[f[2]] = sprintf("step %s, %s", step, f[4] ? "trapped" : "not trapped")
        say(sprintf("vCPU %d turns its caches %s%s", f[2], f[3], f[4] ? "" : " (no trap, Xen does nothing)"))
    } else if (k == "cpuon") {
        say(sprintf("vCPU 0 starts vCPU 1 (PSCI CPU_ON; its TVM trap %s)", f[3] ? "armed at reset" : "not armed"))
    } else if (k == "setway") {
        say("vCPU 0 cleans its cache by set/way (trapped by TSW)")
    } else if (k == "late") {
        say("Xen notices that vCPU 0's caches are on")
    } else {
        say("(unknown event " line ")")
    }
    next
}

/Error: assertion violated|assertion violated/ && !said { said = 1; print "      => assertion violated: a read did not return the last value written" }
/^spin: trail ends/ { print "      (" substr($0, 7) ")" }

END {
    if (!bad) { if (summary != "") print "no failing read in the trail" > summary; exit }
    who = actor(ba)
    if (bsrc == "line") {
        out = sprintf("%s read %s %s %s, expected %s: the line held %d (%s) while %d had reached RAM (%s); ",
            who, wname(bi), vshort(bg),
            bhow == "cacheably" ? "through the cache" : bhow == "uncached but hits a line" ? "uncached, but from a line present in the cache" : "through the cache with its caches off (FWB)",
            vshort(bw), bg, blfrom, bw, brfrom)
        if (blast == "") out = out sprintf("nothing ever cleaned+invalidated %s", wname(bi))
        else out = out sprintf("the last clean+invalidate of %s was at %s, before the line came in", wname(bi), blast)
        if (ba <= 1 && bon != "") out = out sprintf(" (cache enable at %s)", bon)
    } else {
        out = sprintf("%s read %s %s uncached, from RAM, expected %s: RAM held %d (%s) while %d was only in a dirty line (%s)",
            who, wname(bi), vshort(bg), vshort(bw), bg, brfrom, bw, blfrom)
    }
    if (summary != "") print out > summary
}

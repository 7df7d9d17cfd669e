// SPDX-License-Identifier: MIT
/*
 * The cache oracle's rules, exactly as docs/oracle.md states them (the
 * tables there and here must say the same thing; test-rules.c checks each
 * row).  The adversary: a line that is not dirty may hold a clean copy of
 * any value memory had since the line's last invalidation; a line written
 * through a write-back mapping is dirty until cleaned.
 */
#include "oracle-rules.h"

const char *const oracle_kind_name[KIND_COUNT] = {
    [KIND_STALE_READ] = "STALE READ",
    [KIND_HIDDEN_DIRTY] = "HIDDEN DIRTY read",
    [KIND_LOST_WRITE] = "LOST WRITE",
    [KIND_STALE_MERGE] = "STALE MERGE",
};

unsigned oracle_access(uint8_t *state, enum oracle_access acc,
                       enum oracle_mem mem)
{
    uint8_t s = *state;
    unsigned v = 0;

    if (mem == MEM_NC) {
        if (acc == ACC_READ) {
            /* Memory lacks what a cache may hold dirty. */
            if (s & LINE_DIRTY) {
                v |= 1u << KIND_HIDDEN_DIRTY;
            }
            return v;
        }
        /* The dirty line's write-back will land on top of this write. */
        if (s & LINE_DIRTY) {
            v |= 1u << KIND_LOST_WRITE;
        }
        *state = s | LINE_NC_CHANGED;
        return v;
    }
    if (acc == ACC_READ) {
        /* A clean copy from before the uncached write may answer. */
        if (s & LINE_NC_CHANGED) {
            v |= 1u << KIND_STALE_READ;
        }
        return v;
    }
    if (mem == MEM_WT) {
        return 0;       /* memory gets the data; nothing is left dirty */
    }
    if (acc == ACC_WRITE_LINE) {
        /* The whole line is replaced: no stale byte survives in it. */
        *state = (s | LINE_DIRTY) & ~LINE_NC_CHANGED;
        return 0;
    }
    /* Merged into a possibly stale copy, written back whole later. */
    if (s & LINE_NC_CHANGED) {
        v |= 1u << KIND_STALE_MERGE;
    }
    *state = s | LINE_DIRTY;
    return v;
}

void oracle_maint(uint8_t *state, enum oracle_maint op)
{
    switch (op) {
    case OP_CLEAN:
        *state &= ~LINE_DIRTY;
        break;
    case OP_CLEAN_POU:
        break;          /* memory (the PoC) need not see it */
    case OP_INVAL:      /* may clean first: treated as clean+invalidate */
    case OP_CLEAN_INVAL:
        *state &= ~(LINE_DIRTY | LINE_NC_CHANGED);
        break;
    default:
        break;
    }
}

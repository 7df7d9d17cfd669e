/* SPDX-License-Identifier: MIT */
/*
 * The cache oracle's rules (docs/oracle.md): the worst case state of one
 * cache line, and what each access and each maintenance operation does to
 * it.  Pure functions of the state, so that the rules are unit-tested
 * (test-rules.c) apart from QEMU.
 */
#ifndef ORACLE_RULES_H
#define ORACLE_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* Line state bits. */
#define LINE_DIRTY      0x01    /* written cacheably, not cleaned since */
#define LINE_NC_CHANGED 0x02    /* memory changed non-cacheably since the
                                 * line's last invalidation */
#define LINE_STATE_MASK 0x03

enum oracle_kind {
    KIND_STALE_READ,
    KIND_HIDDEN_DIRTY,
    KIND_LOST_WRITE,
    KIND_STALE_MERGE,
    KIND_COUNT
};

/* What the access's translation made of it. */
enum oracle_mem {
    MEM_NC,             /* Normal non-cacheable, or any Device type */
    MEM_WT,             /* Normal write-through */
    MEM_WB,             /* Normal write-back */
};

enum oracle_access {
    ACC_READ,
    ACC_WRITE,          /* part of a line (or all of it, unknown) */
    ACC_WRITE_LINE,     /* the whole line (DC ZVA) */
};

enum oracle_maint {
    OP_CLEAN,           /* to the point of coherency */
    OP_CLEAN_POU,       /* to the point of unification only */
    OP_INVAL,
    OP_CLEAN_INVAL,
};

/*
 * Apply a data access to a line in state *state: returns a mask of
 * (1 << enum oracle_kind) for what it violates, updates *state.
 */
unsigned oracle_access(uint8_t *state, enum oracle_access acc,
                       enum oracle_mem mem);

/* Apply a maintenance operation by address to a line in state *state. */
void oracle_maint(uint8_t *state, enum oracle_maint op);

extern const char *const oracle_kind_name[KIND_COUNT];

#endif

// SPDX-License-Identifier: MIT
/*
 * test-rules: the cache oracle's rules (oracle-rules.c) against the tables
 * of docs/oracle.md, row by row, and against the sequences the oracle
 * exists to tell apart.  Prints "PASS: name" / "FAIL: name" per test and
 * exits non-zero if any failed.
 */
#include <stdio.h>
#include <string.h>

#include "oracle-rules.h"

#define D  LINE_DIRTY
#define N  LINE_NC_CHANGED
#define V(k) (1u << (k))

static int failures, passes;

static void result(const char *name, int ok, const char *why)
{
    if (ok) {
        printf("PASS: %s\n", name);
        passes++;
    } else {
        printf("  reason: %s\nFAIL: %s\n", why, name);
        failures++;
    }
}

/* One row of the access table: state before, access -> report, after. */
struct row {
    const char *name;
    uint8_t before;
    enum oracle_access acc;
    enum oracle_mem mem;
    unsigned report;
    uint8_t after;
};

static const struct row access_rows[] = {
    { "rules-cached-read-nc-changed-stale", N, ACC_READ, MEM_WB,
      V(KIND_STALE_READ), N },
    { "rules-cached-read-wt-nc-changed-stale", N, ACC_READ, MEM_WT,
      V(KIND_STALE_READ), N },
    { "rules-cached-read-clean-line-ok", 0, ACC_READ, MEM_WB, 0, 0 },
    { "rules-cached-read-dirty-ok", D, ACC_READ, MEM_WB, 0, D },
    { "rules-nc-read-dirty-hidden", D, ACC_READ, MEM_NC,
      V(KIND_HIDDEN_DIRTY), D },
    { "rules-nc-read-nc-changed-ok", N, ACC_READ, MEM_NC, 0, N },
    { "rules-nc-write-dirty-lost", D, ACC_WRITE, MEM_NC,
      V(KIND_LOST_WRITE), D | N },
    { "rules-nc-write-clean-marks", 0, ACC_WRITE, MEM_NC, 0, N },
    { "rules-nc-zero-dirty-lost", D, ACC_WRITE_LINE, MEM_NC,
      V(KIND_LOST_WRITE), D | N },
    { "rules-wb-write-nc-changed-merge", N, ACC_WRITE, MEM_WB,
      V(KIND_STALE_MERGE), N | D },
    { "rules-wb-write-clean-dirties", 0, ACC_WRITE, MEM_WB, 0, D },
    { "rules-wb-zero-replaces-line", N, ACC_WRITE_LINE, MEM_WB, 0, D },
    { "rules-wt-write-no-change", N, ACC_WRITE, MEM_WT, 0, N },
};

struct mrow {
    const char *name;
    uint8_t before;
    enum oracle_maint op;
    uint8_t after;
};

static const struct mrow maint_rows[] = {
    { "rules-clean-drops-dirty", D | N, OP_CLEAN, N },
    { "rules-clean-pou-no-change", D | N, OP_CLEAN_POU, D | N },
    { "rules-inval-drops-both", D | N, OP_INVAL, 0 },
    { "rules-clean-inval-drops-both", D | N, OP_CLEAN_INVAL, 0 },
};

/* A sequence: steps applied in order, the union of reports expected. */
struct step {
    int maint;              /* 0: access, 1: maintenance */
    enum oracle_access acc;
    enum oracle_mem mem;
    enum oracle_maint op;
};

static unsigned run(const struct step *s, int n)
{
    uint8_t st = 0;
    unsigned v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i].maint) {
            oracle_maint(&st, s[i].op);
        } else {
            v |= oracle_access(&st, s[i].acc, s[i].mem);
        }
    }
    return v;
}

#define ACC(a, m) { 0, a, m, 0 }
#define OP(o)     { 1, 0, 0, o }

static void sequences(void)
{
    /* The boot protocol: caches off write, caches on read. */
    static const struct step no_inval[] = {
        ACC(ACC_WRITE, MEM_NC), ACC(ACC_READ, MEM_WB),
    };
    static const struct step inval[] = {
        ACC(ACC_WRITE, MEM_NC), OP(OP_CLEAN_INVAL), ACC(ACC_READ, MEM_WB),
    };
    /* The toolstack: cached write, guest reads with caches off. */
    static const struct step cached_no_clean[] = {
        ACC(ACC_WRITE, MEM_WB), ACC(ACC_READ, MEM_NC),
    };
    static const struct step cached_clean[] = {
        ACC(ACC_WRITE, MEM_WB), OP(OP_CLEAN), ACC(ACC_READ, MEM_NC),
    };
    /* Cleaning is not invalidating: a stale copy survives a clean. */
    static const struct step clean_only[] = {
        ACC(ACC_WRITE, MEM_NC), OP(OP_CLEAN), ACC(ACC_READ, MEM_WB),
    };
    /* A clean to the PoU does not reach memory. */
    static const struct step pou_only[] = {
        ACC(ACC_WRITE, MEM_WB), OP(OP_CLEAN_POU), ACC(ACC_READ, MEM_NC),
    };
    unsigned v;

    v = run(no_inval, 2);
    result("rules-seq-uncached-write-cached-read-flagged",
           v == V(KIND_STALE_READ), "want STALE READ only");
    v = run(inval, 3);
    result("rules-seq-clean-inval-before-cached-read-clean", v == 0,
           "want no report");
    v = run(cached_no_clean, 2);
    result("rules-seq-cached-write-uncached-read-flagged",
           v == V(KIND_HIDDEN_DIRTY), "want HIDDEN DIRTY only");
    v = run(cached_clean, 3);
    result("rules-seq-clean-before-uncached-read-clean", v == 0,
           "want no report");
    v = run(clean_only, 3);
    result("rules-seq-clean-without-inval-still-stale",
           v == V(KIND_STALE_READ), "want STALE READ only");
    v = run(pou_only, 3);
    result("rules-seq-clean-to-pou-still-hidden",
           v == V(KIND_HIDDEN_DIRTY), "want HIDDEN DIRTY only");
}

int main(void)
{
    char why[128];

    for (size_t i = 0; i < sizeof(access_rows) / sizeof(access_rows[0]); i++) {
        const struct row *r = &access_rows[i];
        uint8_t st = r->before;
        unsigned v = oracle_access(&st, r->acc, r->mem);

        snprintf(why, sizeof(why), "report 0x%x state 0x%x, want 0x%x 0x%x",
                 v, st, r->report, r->after);
        result(r->name, v == r->report && st == r->after, why);
    }
    for (size_t i = 0; i < sizeof(maint_rows) / sizeof(maint_rows[0]); i++) {
        const struct mrow *r = &maint_rows[i];
        uint8_t st = r->before;

        oracle_maint(&st, r->op);
        snprintf(why, sizeof(why), "state 0x%x, want 0x%x", st, r->after);
        result(r->name, st == r->after, why);
    }
    sequences();
    printf("%d passed, %d failed\n", passes, failures);
    return failures != 0;
}

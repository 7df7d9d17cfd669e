/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * tests.h: libfdt-style verdicts.  A test program exits RC_PASS, RC_FAIL
 * or RC_CONFIG; the run script turns that into PASS:/FAIL:/SKIP: lines.
 * FAIL() prints its reason first, so it lands above the FAIL line.
 */
#ifndef XU_TESTS_H
#define XU_TESTS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "xenuncached.h"

/*
 * 77 is automake's "skip"; it cannot clash with the sanitizers, which the
 * run script makes exit 86 (ASan, UBSan, LSan and a SEGV under ASan all
 * exit 1 by default, which used to read as a skip).
 */
#define RC_PASS   0
#define RC_CONFIG 77
#define RC_FAIL   2

#define PASS() exit(RC_PASS)
#define FAIL(fmt, ...) \
    do { \
        fprintf(stderr, "%s:%d: " fmt "\n", __FILE__, __LINE__, \
                ##__VA_ARGS__); \
        exit(RC_FAIL); \
    } while ( 0 )
#define CONFIG(fmt, ...) \
    do { \
        fprintf(stderr, "config: " fmt "\n", ##__VA_ARGS__); \
        exit(RC_CONFIG); \
    } while ( 0 )

/* Expect a call to return a given code; print both as text otherwise. */
#define EXPECT_RC(call, want) \
    do { \
        int rc_ = (call); \
        if ( rc_ != (want) ) \
            FAIL("%s: got %d (%s), want %d (%s)", #call, rc_, \
                 xu_strerror(rc_), (want), xu_strerror(want)); \
    } while ( 0 )

#define EXPECT_EQ(a, b) \
    do { \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b); \
        if ( a_ != b_ ) \
            FAIL("%s = %#" PRIx64 ", want %s = %#" PRIx64, #a, a_, #b, b_); \
    } while ( 0 )

/* Read a whole file into a malloc'ed buffer (test helper, dies on error). */
void *load_file(const char *path, size_t *len);

#endif /* XU_TESTS_H */

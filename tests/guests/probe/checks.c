/* SPDX-License-Identifier: MIT */
/*
 * Check reporting ("PROBE: check <name>: ok|FAIL: reason|skip: reason")
 * and the two content checks: the probe's own image and the initrd.
 */
#include "probe.h"
#include "probe-image.h"
#include "probe-initrd.h"
#include "pwh64.h"

static const char *first_failure;

static void report(const char *name, const char *verdict, const char *fmt,
                   va_list ap)
{
    pr("PROBE: check %s: %s", name, verdict);
    if ( fmt && *fmt )
    {
        pr("%s", *verdict ? ": " : "");
        vpr(fmt, ap);
    }
    pr("\n");
}

void check_ok(const char *name, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report(name, "ok", fmt, ap);
    va_end(ap);
}

void check_fail(const char *name, const char *fmt, ...)
{
    va_list ap;

    if ( !first_failure )
        first_failure = name;
    va_start(ap, fmt);
    report(name, "FAIL", fmt, ap);
    va_end(ap);
}

void check_skip(const char *name, const char *why)
{
    pr("PROBE: check %s: skip: %s\n", name, why);
}

const char *checks_first_failure(void)
{
    return first_failure;
}

/*
 * Hash the image as loaded: [_text, _text + file_len), the digest field
 * read as zero.  Nothing in that range is ever written (the linker script
 * forbids .data), so this gives the same answer with caches off or on.
 */
int image_verify(u64 *digest_out, u64 *want_out)
{
    const u8 *img = (const u8 *)_text;
    u64 len = le64(img + PROBE_IMG_LEN_OFF);
    u64 h = PWH64_INIT;

    *want_out = le64(img + PROBE_IMG_DIGEST_OFF);
    if ( len != (u64)(_edata - _text) )
    {
        *digest_out = 0;
        return -1;
    }
    h = pwh64_words(h, img, PROBE_IMG_DIGEST_OFF / 8);
    h = pwh64_word(h, 0);
    h = pwh64_words(h, img + PROBE_IMG_DIGEST_OFF + 8,
                    (len - PROBE_IMG_DIGEST_OFF - 8) / 8);
    *digest_out = pwh64_final(h, len);
    return *digest_out == *want_out ? 0 : -1;
}

static void set_why(char *why, size_t whylen, const char *s)
{
    size_t n = strnlen(s, whylen - 1);

    memcpy(why, s, n);
    why[n] = '\0';
}

/* Check the probe initrd at [start, end): header, its check, size, digest. */
int initrd_verify(u64 start, u64 end, char *why, size_t whylen)
{
    const struct probe_initrd_hdr *h = to_ptr(start);
    const u8 *p = to_ptr(start);
    u64 payload, d;

    if ( end < start || end - start < PROBE_INITRD_HDR_SIZE )
        return set_why(why, whylen, "smaller than the 64-byte header"), -1;
    if ( start & 7 )
        return set_why(why, whylen, "not 8-byte aligned"), -1;
    if ( memcmp(h->magic, PROBE_INITRD_MAGIC, 8) )
        return set_why(why, whylen, "bad magic (not a probe initrd)"), -1;
    if ( pwh64(p, PROBE_INITRD_CHECK_LEN) != h->hdr_check )
        return set_why(why, whylen, "header check mismatch"), -1;
    if ( h->version != PROBE_INITRD_VERSION ||
         h->hdr_size != PROBE_INITRD_HDR_SIZE )
        return set_why(why, whylen, "unsupported version"), -1;
    if ( h->digest_alg != PWH64_ALG )
        return set_why(why, whylen, "unknown digest algorithm"), -1;
    payload = h->payload_len;
    if ( payload != end - start - PROBE_INITRD_HDR_SIZE )
        return set_why(why, whylen,
                       "size in /chosen differs from header + payload"), -1;
    d = pwh64(p + PROBE_INITRD_HDR_SIZE, payload);
    if ( d != h->digest )
        return set_why(why, whylen, "payload digest mismatch"), -1;
    return 0;
}

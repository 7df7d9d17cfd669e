/* SPDX-License-Identifier: MIT */
/*
 * Console: a PL011/SBSA UART, or the Xen PV console ring, found from the
 * DTB.  Output produced before a console is chosen is kept in a small
 * buffer and replayed, so the image and DTB verdicts (computed before the
 * DTB has told us where the console is) are not lost.
 */
#include "probe.h"

#define PL011_DR        0x00
#define PL011_FR        0x18
#define PL011_FR_TXFF   (1u << 5)
#define PL011_FR_BUSY   (1u << 3)

/* struct xencons_interface (xen/include/public/io/console.h) */
struct xencons {
    char in[1024];
    char out[2048];
    u32 in_cons, in_prod;
    u32 out_cons, out_prod;
};

static enum console_kind kind;
static volatile u8 *pl011;
static struct xencons *ring;
static u32 ring_evtchn;
static char early[8192];
static size_t early_len;

static void pl011_putc(char c)
{
    int spins = 1 << 20;        /* a wedged UART must not hang the verdict */

    while ( (*(volatile u32 *)(pl011 + PL011_FR) & PL011_FR_TXFF) && --spins )
        ;
    *(volatile u32 *)(pl011 + PL011_DR) = (u8)c;
}

/*
 * The ring page is Normal WB in dom0 (xenconsoled).  With our MMU off, our
 * accesses bypass the caches, so clean+invalidate the lines around every
 * access: the read of out_cons then sees what xenconsoled last wrote, and
 * xenconsoled cannot hit a stale line instead of our bytes.  With the MMU on
 * we map the page Normal WB too and the operations are merely redundant.
 */
static void ring_sync(void)
{
    u64 a = to_addr(ring);

    asm volatile("dsb sy" ::: "memory");
    dcache_civac_range(a, a + sizeof(*ring));
}

static void xen_putc(char c)
{
    int spins = 1000;

    ring_sync();
    while ( ring->out_prod - ring->out_cons >= sizeof(ring->out) && --spins )
    {
        xen_console_notify(ring_evtchn);
        xen_yield();
        ring_sync();
    }
    ring->out[ring->out_prod & (sizeof(ring->out) - 1)] = c;
    asm volatile("dmb ish" ::: "memory");   /* data before the index */
    ring->out_prod++;
    ring_sync();
}

void console_flush(void)
{
    int spins = 10000;

    if ( kind == CONSOLE_PL011 )
    {
        /* Let the FIFO drain: power-off must not eat the verdict. */
        spins = 1 << 20;
        while ( (*(volatile u32 *)(pl011 + PL011_FR) & PL011_FR_BUSY) &&
                --spins )
            ;
        return;
    }
    if ( kind != CONSOLE_XEN )
        return;
    xen_console_notify(ring_evtchn);
    /* Wait (bounded) for xenconsoled to drain, so nothing is lost when we
     * shut the domain down straight after the verdict. */
    ring_sync();
    while ( ring->out_cons != ring->out_prod && --spins )
    {
        xen_yield();
        ring_sync();
    }
}

static void replay_early(void)
{
    size_t i, n = early_len;

    early_len = sizeof(early);      /* stop buffering */
    for ( i = 0; i < n; i++ )
        console_putc(early[i]);
}

void console_use_pl011(u64 base)
{
    pl011 = to_ptr(base);
    kind = CONSOLE_PL011;
    replay_early();
}

void console_use_xen(void *r, u32 evtchn)
{
    ring = r;
    ring_evtchn = evtchn;
    kind = CONSOLE_XEN;
    replay_early();
    console_flush();
}

enum console_kind console_kind(void)
{
    return kind;
}

void console_ring_range(u64 *start, u64 *end)
{
    *start = *end = 0;
    if ( kind == CONSOLE_XEN )
    {
        *start = to_addr(ring);
        *end = to_addr(ring) + 4096;
    }
}

void console_putc(char c)
{
    if ( c == '\n' && kind == CONSOLE_PL011 )
        console_putc('\r');
    switch ( kind )
    {
    case CONSOLE_PL011:
        pl011_putc(c);
        break;
    case CONSOLE_XEN:
        xen_putc(c);
        if ( c == '\n' )
            xen_console_notify(ring_evtchn);
        break;
    case CONSOLE_NONE:
        if ( early_len < sizeof(early) )
            early[early_len++] = c;
        break;
    }
}

/* ---- minimal printf: %s %c %d %u %x %p, l/ll/z, width, 0-pad ---- */

/* l is long, ll long long, z size_t: 32 or 64 bits depending on the arch */
enum { LEN_INT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static u64 arg_unsigned(va_list *ap, int len)
{
    switch ( len )
    {
    case LEN_LONG:  return va_arg(*ap, unsigned long);
    case LEN_LLONG: return va_arg(*ap, unsigned long long);
    case LEN_SIZE:  return va_arg(*ap, size_t);
    default:        return va_arg(*ap, unsigned);
    }
}

static long long arg_signed(va_list *ap, int len)
{
    switch ( len )
    {
    case LEN_LONG:  return va_arg(*ap, long);
    case LEN_LLONG: return va_arg(*ap, long long);
    case LEN_SIZE:  return (long long)va_arg(*ap, size_t);
    default:        return va_arg(*ap, int);
    }
}

static void put_num(u64 v, int neg, unsigned base, int width, char pad)
{
    char buf[24];
    int n = 0;

    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while ( v );
    if ( neg )
        buf[n++] = '-';
    while ( width-- > n )
        console_putc(pad);
    while ( n )
        console_putc(buf[--n]);
}

void vpr(const char *fmt, va_list ap)
{
    for ( ; *fmt; fmt++ )
    {
        int width = 0, lng = 0;
        char pad = ' ';
        u64 v;

        if ( *fmt != '%' )
        {
            console_putc(*fmt);
            continue;
        }
        fmt++;
        if ( *fmt == '0' )
            pad = '0', fmt++;
        while ( *fmt >= '0' && *fmt <= '9' )
            width = width * 10 + (*fmt++ - '0');
        while ( *fmt == 'l' && lng < LEN_LLONG )
            lng++, fmt++;
        if ( *fmt == 'z' )
            lng = LEN_SIZE, fmt++;
        switch ( *fmt )
        {
        case 's': {
            const char *s = va_arg(ap, const char *);

            if ( !s )
                s = "(null)";
            while ( *s )
                console_putc(*s++);
            break;
        }
        case 'c':
            console_putc((char)va_arg(ap, int));
            break;
        case 'd': {
            long long sv = arg_signed(&ap, lng);

            put_num(sv < 0 ? -(u64)sv : (u64)sv, sv < 0, 10, width, pad);
            break;
        }
        case 'u':
        case 'x':
            v = arg_unsigned(&ap, lng);
            put_num(v, 0, *fmt == 'u' ? 10 : 16, width, pad);
            break;
        case 'p':
            console_putc('0');
            console_putc('x');
            put_num(to_addr(va_arg(ap, void *)), 0, 16, 0, ' ');
            break;
        case '%':
            console_putc('%');
            break;
        default:
            console_putc('%');
            if ( !*fmt )
                return;
            console_putc(*fmt);
        }
    }
}

void pr(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vpr(fmt, ap);
    va_end(ap);
}

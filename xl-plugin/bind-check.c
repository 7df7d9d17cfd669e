/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * bind-check.c: are the plugin's hooks the functions the target's
 * libraries will call?
 *
 * A hook takes effect only if the callers' references (libxenguest's own
 * PLT slots, libxenlight's) name the version the hook is defined with, and
 * the dynamic linker bound them to the plugin's definition rather than to
 * libxenguest's.  Both are read from the loaded objects themselves: each
 * object's JUMP_SLOT and GLOB_DAT relocations name the symbol, its
 * .gnu.version entry the version the object requires (.gnu.version_r) or
 * defines (.gnu.version_d), and the slot the address it was bound to.
 * Debian's Xen libraries are linked with BIND_NOW, so every slot is filled
 * before any constructor runs; a slot still lazy is judged by what
 * dlvsym(RTLD_DEFAULT) resolves, the lookup lazy binding would make.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin.h"

#if defined(__aarch64__)
#define R_JUMP_SLOT_ R_AARCH64_JUMP_SLOT
#define R_GLOB_DAT_ R_AARCH64_GLOB_DAT
#elif defined(__arm__)
#define R_JUMP_SLOT_ R_ARM_JUMP_SLOT
#define R_GLOB_DAT_ R_ARM_GLOB_DAT
#elif defined(__x86_64__)
#define R_JUMP_SLOT_ R_X86_64_JUMP_SLOT
#define R_GLOB_DAT_ R_X86_64_GLOB_DAT
#elif defined(__i386__)
#define R_JUMP_SLOT_ R_386_JUMP_SLOT
#define R_GLOB_DAT_ R_386_GLOB_DAT
#else
#error "bind-check.c: relocation types unknown for this architecture"
#endif

#if __ELF_NATIVE_CLASS == 64
#define R_SYM_(i) ELF64_R_SYM(i)
#define R_TYPE_(i) ELF64_R_TYPE(i)
#else
#define R_SYM_(i) ELF32_R_SYM(i)
#define R_TYPE_(i) ELF32_R_TYPE(i)
#endif

/* What one loaded object's dynamic section tells us. */
struct obj_ {
    const char *name;           /* as the dynamic linker opened it */
    ElfW(Addr) base;
    const ElfW(Sym) *symtab;
    const char *strtab;
    const ElfW(Half) *versym;
    const ElfW(Verneed) *verneed;
    const ElfW(Verdef) *verdef;
    const char *rel[2];         /* DT_JMPREL, then DT_RELA or DT_REL */
    size_t relsz[2], relent[2];
    bool lazy;
};

struct walk_ {
    const struct xu_hook *hooks;
    unsigned int nr;
    ElfW(Addr) self;            /* the plugin's own base: not checked */
    unsigned int calls[XU_HOOKS_MAX];
    char *why;
    size_t len;
    int rc;
};

static const char *base_name_(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/* Glibc relocates d_ptr in place on most targets; not on all. */
static const void *dptr_(const struct obj_ *o, ElfW(Addr) p)
{
    return (const void *)(p < o->base ? o->base + p : p);
}

/* The version an object gives to its symbol @idx, or NULL if none. */
static const char *sym_version_(const struct obj_ *o, size_t idx)
{
    const ElfW(Verneed) *vn;
    const ElfW(Verdef) *vd;
    ElfW(Half) v;

    if ( !o->versym )
        return NULL;
    v = o->versym[idx] & 0x7fff;
    if ( v <= 1 )                       /* local or unversioned global */
        return NULL;
    for ( vn = o->verneed; vn; )
    {
        const ElfW(Vernaux) *a = (const void *)((const char *)vn +
                                                vn->vn_aux);
        unsigned int i;

        for ( i = 0; i < vn->vn_cnt; i++ )
        {
            if ( a->vna_other == v )
                return o->strtab + a->vna_name;
            a = (const void *)((const char *)a + a->vna_next);
        }
        vn = vn->vn_next ? (const void *)((const char *)vn + vn->vn_next)
                         : NULL;
    }
    for ( vd = o->verdef; vd; )
    {
        const ElfW(Verdaux) *a = (const void *)((const char *)vd +
                                                vd->vd_aux);

        if ( vd->vd_ndx == v )
            return o->strtab + a->vda_name;
        vd = vd->vd_next ? (const void *)((const char *)vd + vd->vd_next)
                         : NULL;
    }
    return NULL;
}

static bool obj_read_(struct obj_ *o, const struct dl_phdr_info *info)
{
    const ElfW(Dyn) *d = NULL;
    ElfW(Addr) jmprel = 0, rel = 0;
    const char *env;
    int i;

    memset(o, 0, sizeof(*o));
    /* The program itself has no name here: xl's messages say "xl". */
    o->name = info->dlpi_name && info->dlpi_name[0]
              ? info->dlpi_name : program_invocation_short_name;
    o->base = info->dlpi_addr;
    for ( i = 0; i < info->dlpi_phnum; i++ )
        if ( info->dlpi_phdr[i].p_type == PT_DYNAMIC )
            d = (const void *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    if ( !d )
        return false;
    env = getenv("LD_BIND_NOW");
    o->lazy = !env || !*env;
    for ( ; d->d_tag != DT_NULL; d++ )
    {
        switch ( d->d_tag )
        {
        case DT_SYMTAB: o->symtab = dptr_(o, d->d_un.d_ptr); break;
        case DT_STRTAB: o->strtab = dptr_(o, d->d_un.d_ptr); break;
        case DT_VERSYM: o->versym = dptr_(o, d->d_un.d_ptr); break;
        case DT_VERNEED: o->verneed = dptr_(o, d->d_un.d_ptr); break;
        case DT_VERDEF: o->verdef = dptr_(o, d->d_un.d_ptr); break;
        case DT_JMPREL: jmprel = d->d_un.d_ptr; break;
        case DT_PLTRELSZ: o->relsz[0] = d->d_un.d_val; break;
        case DT_PLTREL:
            o->relent[0] = d->d_un.d_val == DT_RELA ? sizeof(ElfW(Rela))
                                                    : sizeof(ElfW(Rel));
            break;
        case DT_RELA: case DT_REL: rel = d->d_un.d_ptr; break;
        case DT_RELASZ: case DT_RELSZ: o->relsz[1] = d->d_un.d_val; break;
        case DT_RELAENT: case DT_RELENT: o->relent[1] = d->d_un.d_val; break;
        case DT_BIND_NOW: o->lazy = false; break;
        case DT_FLAGS:
            if ( d->d_un.d_val & DF_BIND_NOW )
                o->lazy = false;
            break;
        case DT_FLAGS_1:
            if ( d->d_un.d_val & DF_1_NOW )
                o->lazy = false;
            break;
        }
    }
    if ( !o->symtab || !o->strtab )
        return false;
    if ( jmprel && o->relent[0] )
        o->rel[0] = dptr_(o, jmprel);
    if ( rel && o->relent[1] )
        o->rel[1] = dptr_(o, rel);
    return true;
}

static void __attribute__((format(printf, 2, 3)))
fail_(struct walk_ *w, const char *fmt, ...)
{
    va_list ap;

    if ( w->rc )
        return;                         /* the first reason is the one */
    va_start(ap, fmt);
    vsnprintf(w->why, w->len, fmt, ap);
    va_end(ap);
    w->rc = -1;
}

/* One reference of @o to hook @h, through the slot at @slot. */
static void check_ref_(struct walk_ *w, const struct obj_ *o,
                       const struct xu_hook *h, const char *vers,
                       void *const *slot)
{
    void *to = *slot;
    Dl_info di;

    if ( !vers || strcmp(vers, h->vers) )
    {
        fail_(w, "%s calls %s@%s but the plugin hooks version %s (built "
              "for another Xen: rebuild it against this host's libraries)",
              base_name_(o->name), h->name, vers ? vers : "(unversioned)",
              h->vers);
        return;
    }
    if ( to == h->fn )
        return;
    /* A lazy slot not yet used points into its own object's PLT. */
    if ( o->lazy && dladdr(to, &di) &&
         (ElfW(Addr))di.dli_fbase == o->base &&
         (!di.dli_sname || strcmp(di.dli_sname, h->name)) &&
         dlvsym(RTLD_DEFAULT, h->name, h->vers) == h->fn )
        return;
    fail_(w, "%s's call to %s@%s is bound to %s, not to the plugin (load "
          "the plugin first: LD_PRELOAD, or link it ahead of libxenlight)",
          base_name_(o->name), h->name, h->vers,
          dladdr(to, &di) && di.dli_fname ? base_name_(di.dli_fname)
                                          : "another object");
}

static int obj_walk_(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct walk_ *w = arg;
    const char *soname;
    struct obj_ o;
    unsigned int t, i;
    size_t off;

    (void)size;
    if ( info->dlpi_addr == w->self || !obj_read_(&o, info) )
        return 0;
    soname = base_name_(o.name);
    for ( t = 0; t < 2; t++ )
        for ( off = 0; o.rel[t] && off + o.relent[t] <= o.relsz[t];
              off += o.relent[t] )
        {
            /* r_offset and r_info lead both Rel and Rela. */
            const ElfW(Rel) *r = (const void *)(o.rel[t] + off);
            size_t idx = R_SYM_(r->r_info);
            const char *name;

            if ( (R_TYPE_(r->r_info) != R_JUMP_SLOT_ &&
                  R_TYPE_(r->r_info) != R_GLOB_DAT_) || idx == 0 )
                continue;
            name = o.strtab + o.symtab[idx].st_name;
            for ( i = 0; i < w->nr; i++ )
            {
                if ( strcmp(name, w->hooks[i].name) )
                    continue;
                if ( w->hooks[i].caller &&
                     !strcmp(soname, w->hooks[i].caller) )
                    w->calls[i]++;
                check_ref_(w, &o, &w->hooks[i], sym_version_(&o, idx),
                           (void *const *)(o.base + r->r_offset));
            }
        }
    return 0;
}

int xu_bind_check(const struct xu_hook *hooks, unsigned int nr,
                  char *why, size_t len)
{
    struct walk_ w = {
        .hooks = hooks, .nr = nr, .why = why, .len = len,
    };
    Dl_info self;
    unsigned int i;

    if ( nr > XU_HOOKS_MAX || !dladdr((void *)xu_bind_check, &self) )
    {
        snprintf(why, len, "cannot inspect the plugin itself");
        return -1;
    }
    w.self = (ElfW(Addr))self.dli_fbase;
    dl_iterate_phdr(obj_walk_, &w);
    for ( i = 0; !w.rc && i < nr; i++ )
        if ( hooks[i].caller && !w.calls[i] )
            fail_(&w, "%s does not call %s through its PLT: the hook "
                  "would not take effect", hooks[i].caller, hooks[i].name);
    return w.rc;
}

/* dl_iterate_phdr() reports the program first: look at it and stop. */
static int program_needs_(struct dl_phdr_info *info, size_t size, void *arg)
{
    const char *const *want = arg;
    const ElfW(Dyn) *d = NULL, *e;
    const char *strtab = NULL;
    struct obj_ o = { .base = info->dlpi_addr };
    int i;

    (void)size;
    for ( i = 0; i < info->dlpi_phnum; i++ )
        if ( info->dlpi_phdr[i].p_type == PT_DYNAMIC )
            d = (const void *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    for ( e = d; e && e->d_tag != DT_NULL; e++ )
        if ( e->d_tag == DT_STRTAB )
            strtab = dptr_(&o, e->d_un.d_ptr);
    for ( e = d; strtab && e->d_tag != DT_NULL; e++ )
        for ( i = 0; e->d_tag == DT_NEEDED && want[i]; i++ )
            if ( !strcmp(strtab + e->d_un.d_val, want[i]) )
                return 2;
    return 1;
}

int xu_program_needs(const char *const *sonames)
{
    return dl_iterate_phdr(program_needs_, (void *)sonames) == 2;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

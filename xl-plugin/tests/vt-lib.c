/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * vt-lib.c: libxuvt.so, the stand-in for libxenguest in bind-test: it
 * exports xuvt_hook under a version and calls it through its own PLT.
 */
int xuvt_hook(void);
int xuvt_call(void);

int xuvt_hook(void)
{
    return 1;
}

int xuvt_call(void)
{
    return xuvt_hook();
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * choice.c: image_write and image_verify, as chosen for the builds that
 * follow.
 *
 * A choice (from a config xl parsed, or xu_xl_set_image_write/_verify())
 * is the calling thread's, and also becomes the process's default for
 * threads that never chose one.  So xl, which parses a config and builds
 * in one thread, and a program that chooses in one thread and builds in
 * another both get what they asked for, while a program building two
 * domains at once in two threads gives each build its own thread's
 * choice.  A build reads the choice once, when it starts (interpose.c),
 * so a later choice never changes a build under way.
 */
#include <stdbool.h>

#include "plugin.h"

/* The process's default: written and read from any thread. */
static int mode_ = XU_WRITE_AUTO;
static int verify_;

/* The calling thread's; -1 until it chooses. */
static __thread int thread_mode_ = -1;
static __thread int thread_verify_ = -1;

void xu_plugin_choose_mode(enum xu_write_mode mode)
{
    thread_mode_ = mode;
    __atomic_store_n(&mode_, mode, __ATOMIC_RELAXED);
}

void xu_plugin_choose_verify(int verify)
{
    thread_verify_ = verify;
    __atomic_store_n(&verify_, verify, __ATOMIC_RELAXED);
}

void xu_plugin_choice(enum xu_write_mode *mode, int *verify)
{
    *mode = (enum xu_write_mode)(thread_mode_ >= 0 ? thread_mode_
                                 : __atomic_load_n(&mode_, __ATOMIC_RELAXED));
    *verify = thread_verify_ >= 0 ? thread_verify_
                                  : __atomic_load_n(&verify_, __ATOMIC_RELAXED);
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

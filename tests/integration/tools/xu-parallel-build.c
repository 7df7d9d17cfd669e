/* SPDX-License-Identifier: MIT */
/*
 * xu-parallel-build KERNEL RAMDISK: build two paused domains at once, in
 * two threads of one libxl program linked with the xl plugin, each thread
 * with its own image_write and image_verify choice.  What a libvirt-like
 * management daemon does (tests/integration/jobs/xl-plugin.job, step
 * plugin-parallel-builds, which checks each domain's report).
 *
 * Domain "par-verify" is built with image_write "cached" and
 * image_verify 1, domain "par-plain" with "auto" and 0.  Both threads
 * make their choice, then wait for each other, then build, so the two
 * builds overlap.  Prints "NAME DOMID" for each domain built; leaves the
 * domains paused for the caller to inspect and destroy.  Exit status 0 if
 * both were built, 1 otherwise.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>
#include <xentoollog.h>

#include "xenuncached-xl.h"

struct build {
    const char *name;
    const char *image_write;
    int verify;
    const char *kernel;
    const char *ramdisk;
    pthread_barrier_t *start;
    uint32_t domid;
    int ok;
};

static void *build_one(void *arg)
{
    struct build *b = arg;
    xentoollog_logger_stdiostream *logger;
    libxl_domain_config config;
    libxl_ctx *ctx = NULL;
    int chose;

    chose = !xu_xl_set_image_write(b->image_write) &&
            !xu_xl_set_image_verify(b->verify);
    logger = xtl_createlogger_stdiostream(stderr, XTL_PROGRESS, 0);
    if ( !logger ||
         libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)logger) )
        ctx = NULL;
    libxl_domain_config_init(&config);
    config.c_info.type = LIBXL_DOMAIN_TYPE_PVH;
    config.c_info.name = strdup(b->name);
    libxl_domain_build_info_init_type(&config.b_info, LIBXL_DOMAIN_TYPE_PVH);
    config.b_info.max_memkb = config.b_info.target_memkb = 128 * 1024;
    config.b_info.max_vcpus = 1;
    config.b_info.kernel = strdup(b->kernel);
    config.b_info.ramdisk = strdup(b->ramdisk);

    /* Both threads have chosen before either builds. */
    pthread_barrier_wait(b->start);
    if ( !chose || !ctx )
        fprintf(stderr, "xu-parallel-build: %s: %s\n", b->name,
                chose ? "cannot open libxl" : "the plugin refused the choice");
    else if ( libxl_cpu_bitmap_alloc(ctx, &config.b_info.avail_vcpus, 1) )
        fprintf(stderr, "xu-parallel-build: %s: no memory\n", b->name);
    else
    {
        libxl_bitmap_set(&config.b_info.avail_vcpus, 0);
        if ( libxl_domain_create_new(ctx, &config, &b->domid, NULL, NULL) )
            fprintf(stderr, "xu-parallel-build: %s: libxl_domain_create_new "
                    "failed\n", b->name);
        else
            b->ok = 1;
    }
    libxl_domain_config_dispose(&config);
    libxl_ctx_free(ctx);
    if ( logger )
        xtl_logger_destroy((xentoollog_logger *)logger);
    return NULL;
}

int main(int argc, char **argv)
{
    struct build builds[] = {
        { .name = "par-verify", .image_write = "cached", .verify = 1 },
        { .name = "par-plain", .image_write = "auto", .verify = 0 },
    };
    pthread_t threads[2];
    pthread_barrier_t start;
    unsigned int i;
    int rc = 0;

    if ( argc != 3 )
    {
        fprintf(stderr, "usage: xu-parallel-build KERNEL RAMDISK\n");
        return 2;
    }
    pthread_barrier_init(&start, NULL, 2);
    for ( i = 0; i < 2; i++ )
    {
        builds[i].kernel = argv[1];
        builds[i].ramdisk = argv[2];
        builds[i].start = &start;
        if ( pthread_create(&threads[i], NULL, build_one, &builds[i]) )
        {
            perror("xu-parallel-build: pthread_create");
            return 1;
        }
    }
    for ( i = 0; i < 2; i++ )
    {
        pthread_join(threads[i], NULL);
        if ( builds[i].ok )
            printf("%s %u\n", builds[i].name, builds[i].domid);
        else
            rc = 1;
    }
    pthread_barrier_destroy(&start);
    return rc;
}

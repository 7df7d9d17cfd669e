/* SPDX-License-Identifier: MIT */
/*
 * libxl-example: create (and optionally destroy) an Arm guest through
 * libxl with the xen-uncached plugin linked in, the way a management tool
 * would.  Built with `pkg-config --libs xenuncached-xl` ahead of
 * -lxenlight; the only call into the plugin is the write-mode choice.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxl.h>
#include <libxl_utils.h>
#include <xentoollog.h>

#include "xenuncached-xl.h"

static void usage(FILE *f)
{
    fprintf(f,
"Usage: libxl-example --name NAME --kernel FILE [OPTIONS]\n"
"\n"
"Create an Arm PVH guest through libxl, with boot images written by the\n"
"xen-uncached plugin, and print its domain id.\n"
"\n"
"  --name NAME           guest name\n"
"  --kernel FILE         kernel image\n"
"  --ramdisk FILE        initrd\n"
"  --cmdline TEXT        kernel command line\n"
"  --memory MIB          guest memory (default 128)\n"
"  --image-write MODE    auto | uncached | cached (default auto); nc,\n"
"                        fwb and cached+flush are accepted too\n"
"  --destroy-after SECS  destroy the guest after SECS seconds\n"
"  -v                    verbose (shows the build report)\n"
"  -h, --help            this text\n"
"\n"
"Exit status: 0 on success, 1 if libxl failed, 2 on bad usage.\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "name", required_argument, NULL, 'n' },
        { "kernel", required_argument, NULL, 'k' },
        { "ramdisk", required_argument, NULL, 'r' },
        { "cmdline", required_argument, NULL, 'c' },
        { "memory", required_argument, NULL, 'm' },
        { "image-write", required_argument, NULL, 'w' },
        { "destroy-after", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *name = NULL, *kernel = NULL, *ramdisk = NULL;
    const char *cmdline = NULL;
    long memory = 128, destroy_after = -1;
    xentoollog_level level = XTL_PROGRESS;
    xentoollog_logger_stdiostream *logger;
    libxl_domain_config config;
    libxl_ctx *ctx = NULL;
    uint32_t domid = 0;
    char *end;
    int c, rc = 1;

    while ( (c = getopt_long(argc, argv, "vh", opts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 'n': name = optarg; break;
        case 'k': kernel = optarg; break;
        case 'r': ramdisk = optarg; break;
        case 'c': cmdline = optarg; break;
        case 'm':
            memory = strtol(optarg, &end, 10);
            if ( *end || memory <= 0 || memory > 1L << 20 )
            {
                fprintf(stderr, "libxl-example: bad --memory '%s'\n", optarg);
                return 2;
            }
            break;
        case 'w':
            if ( xu_xl_set_image_write(optarg) )
            {
                fprintf(stderr, "libxl-example: --image-write: '%s' is not "
                        "a write mode (see --help)\n", optarg);
                return 2;
            }
            break;
        case 'd':
            destroy_after = strtol(optarg, &end, 10);
            if ( *end || destroy_after < 0 )
            {
                fprintf(stderr, "libxl-example: bad --destroy-after '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case 'v': level = XTL_DETAIL; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if ( !name || !kernel || optind != argc )
    {
        usage(stderr);
        return 2;
    }

    logger = xtl_createlogger_stdiostream(stderr, level, 0);
    if ( !logger ||
         libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)logger) )
    {
        fprintf(stderr, "libxl-example: cannot open libxl\n");
        goto out;
    }

    libxl_domain_config_init(&config);
    config.c_info.type = LIBXL_DOMAIN_TYPE_PVH;
    config.c_info.name = strdup(name);
    libxl_domain_build_info_init_type(&config.b_info, LIBXL_DOMAIN_TYPE_PVH);
    config.b_info.max_memkb = config.b_info.target_memkb = memory * 1024;
    config.b_info.max_vcpus = 1;
    if ( libxl_cpu_bitmap_alloc(ctx, &config.b_info.avail_vcpus, 1) )
        goto out_config;
    libxl_bitmap_set(&config.b_info.avail_vcpus, 0);
    config.b_info.kernel = strdup(kernel);
    config.b_info.ramdisk = ramdisk ? strdup(ramdisk) : NULL;
    config.b_info.cmdline = cmdline ? strdup(cmdline) : NULL;

    if ( libxl_domain_create_new(ctx, &config, &domid, NULL, NULL) )
    {
        fprintf(stderr, "libxl-example: libxl_domain_create_new failed\n");
        goto out_config;
    }
    if ( libxl_domain_unpause(ctx, domid, NULL) )
    {
        fprintf(stderr, "libxl-example: cannot unpause domain %u\n", domid);
        libxl_domain_destroy(ctx, domid, NULL);
        goto out_config;
    }
    printf("%u\n", domid);
    fflush(stdout);
    rc = 0;

    if ( destroy_after >= 0 )
    {
        sleep(destroy_after);
        if ( libxl_domain_destroy(ctx, domid, NULL) )
        {
            fprintf(stderr, "libxl-example: cannot destroy domain %u\n", domid);
            rc = 1;
        }
    }

 out_config:
    libxl_domain_config_dispose(&config);
 out:
    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger *)logger);
    return rc;
}

/*
 * Local variables:
 * mode: C
 * c-file-style: "BSD"
 * c-basic-offset: 4
 * indent-tabs-mode: nil
 * End:
 */

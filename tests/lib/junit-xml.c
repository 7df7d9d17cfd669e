/* SPDX-License-Identifier: MIT */
/*
 * junit-xml: turn a run's step results into a JUnit XML report.
 *
 * Input: a tab-separated file, one test per line:
 *     NAME  RESULT  SECONDS  LOGFILE  MESSAGE
 * RESULT is pass, fail or skip; LOGFILE (may be empty) is the test's log,
 * whose last lines go into <system-out> so a dashboard shows why a step
 * failed without the artefacts.  Written with libxml2, so the output is
 * well-formed whatever bytes the logs hold.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#define LOG_TAIL_BYTES 8192
#define MAX_PROPS 16

static void usage(FILE *f)
{
    fprintf(f,
"Usage: junit-xml --suite NAME [--property KEY=VALUE]... -o OUT.xml RESULTS.tsv\n"
"\n"
"Write a JUnit XML report (one <testsuite>, one <testcase> per line of\n"
"RESULTS.tsv: NAME<TAB>pass|fail|skip<TAB>SECONDS<TAB>LOGFILE<TAB>MESSAGE).\n"
"Exit status: 0 on success, 1 on bad input or I/O error, 2 on bad usage.\n");
}

/* Last LOG_TAIL_BYTES of a log, with bytes XML cannot hold replaced. */
static char *log_tail(const char *path)
{
    FILE *f;
    long size;
    size_t n, i;
    char *buf;

    if ( !path || !*path || !(f = fopen(path, "rb")) )
        return NULL;
    if ( fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > LOG_TAIL_BYTES )
        fseek(f, size - LOG_TAIL_BYTES, SEEK_SET);
    else
        fseek(f, 0, SEEK_SET);
    buf = malloc(LOG_TAIL_BYTES + 1);
    if ( !buf )
    {
        fclose(f);
        return NULL;
    }
    n = fread(buf, 1, LOG_TAIL_BYTES, f);
    fclose(f);
    buf[n] = '\0';
    for ( i = 0; i < n; i++ )
    {
        unsigned char c = buf[i];

        /* Control characters are not allowed in XML 1.0; the serial log
         * has plenty (CR, escape sequences). */
        if ( (c < 0x20 && c != '\n' && c != '\t') || c >= 0x80 )
            buf[i] = '?';
    }
    return buf;
}

struct totals {
    unsigned int tests, failures, skipped;
    double time;
};

/* Split a line at tabs into at most n fields; returns how many. */
static int split_tabs(char *line, char **field, int n)
{
    int i = 0;

    line[strcspn(line, "\r\n")] = '\0';
    while ( i < n )
    {
        field[i++] = line;
        line = strchr(line, '\t');
        if ( !line )
            break;
        *line++ = '\0';
    }
    return i;
}

static int add_case(xmlNodePtr suite, const char *suite_name, char *line,
                    unsigned int lineno, const char *input, struct totals *t)
{
    char *f[5];
    xmlNodePtr tc, node;
    char *tail, *end;
    double secs;

    if ( split_tabs(line, f, 5) != 5 )
    {
        fprintf(stderr, "junit-xml: %s:%u: expected 5 tab-separated fields\n",
                input, lineno);
        return -1;
    }
    errno = 0;
    secs = strtod(f[2], &end);
    if ( errno || end == f[2] || *end || secs < 0 )
    {
        fprintf(stderr, "junit-xml: %s:%u: bad seconds '%s'\n",
                input, lineno, f[2]);
        return -1;
    }

    tc = xmlNewChild(suite, NULL, BAD_CAST "testcase", NULL);
    xmlNewProp(tc, BAD_CAST "classname", BAD_CAST suite_name);
    xmlNewProp(tc, BAD_CAST "name", BAD_CAST f[0]);
    xmlNewProp(tc, BAD_CAST "time", BAD_CAST f[2]);
    t->tests++;
    t->time += secs;

    if ( !strcmp(f[1], "fail") )
    {
        node = xmlNewChild(tc, NULL, BAD_CAST "failure", NULL);
        xmlNewProp(node, BAD_CAST "message", BAD_CAST f[4]);
        t->failures++;
    }
    else if ( !strcmp(f[1], "skip") )
    {
        node = xmlNewChild(tc, NULL, BAD_CAST "skipped", NULL);
        xmlNewProp(node, BAD_CAST "message", BAD_CAST f[4]);
        t->skipped++;
    }
    else if ( strcmp(f[1], "pass") )
    {
        fprintf(stderr, "junit-xml: %s:%u: result '%s' is not pass, fail "
                "or skip\n", input, lineno, f[1]);
        return -1;
    }

    tail = log_tail(f[3]);
    if ( tail )
    {
        /* A text child, not CDATA: libxml2 escapes it, and a log that
         * happens to hold "]]>" cannot break the document. */
        xmlNewTextChild(tc, NULL, BAD_CAST "system-out", BAD_CAST tail);
        free(tail);
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "suite", required_argument, NULL, 's' },
        { "property", required_argument, NULL, 'p' },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *suite_name = NULL, *out = NULL, *props[MAX_PROPS];
    unsigned int nprops = 0, lineno = 0, i;
    struct totals t = { 0 };
    char *line = NULL, buf[64];
    size_t cap = 0;
    xmlDocPtr doc;
    xmlNodePtr root, suite, pnode, node;
    FILE *in;
    int c, rc = 0;

    while ( (c = getopt_long(argc, argv, "s:p:o:h", opts, NULL)) != -1 )
    {
        switch ( c )
        {
        case 's': suite_name = optarg; break;
        case 'o': out = optarg; break;
        case 'p':
            if ( nprops == MAX_PROPS || !strchr(optarg, '=') )
            {
                fprintf(stderr, "junit-xml: bad or too many --property\n");
                return 2;
            }
            props[nprops++] = optarg;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if ( !suite_name || !out || optind != argc - 1 )
    {
        usage(stderr);
        return 2;
    }
    in = fopen(argv[optind], "r");
    if ( !in )
    {
        fprintf(stderr, "junit-xml: %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }

    doc = xmlNewDoc(BAD_CAST "1.0");
    root = xmlNewNode(NULL, BAD_CAST "testsuites");
    xmlDocSetRootElement(doc, root);
    suite = xmlNewChild(root, NULL, BAD_CAST "testsuite", NULL);
    xmlNewProp(suite, BAD_CAST "name", BAD_CAST suite_name);
    if ( nprops )
    {
        pnode = xmlNewChild(suite, NULL, BAD_CAST "properties", NULL);
        for ( i = 0; i < nprops; i++ )
        {
            char *kv = strdup(props[i]), *eq = strchr(kv, '=');

            *eq = '\0';
            node = xmlNewChild(pnode, NULL, BAD_CAST "property", NULL);
            xmlNewProp(node, BAD_CAST "name", BAD_CAST kv);
            xmlNewProp(node, BAD_CAST "value", BAD_CAST (eq + 1));
            free(kv);
        }
    }

    while ( getline(&line, &cap, in) > 0 )
    {
        lineno++;
        if ( add_case(suite, suite_name, line, lineno, argv[optind], &t) )
        {
            rc = 1;
            break;
        }
    }
    free(line);
    fclose(in);

    if ( !rc )
    {
        snprintf(buf, sizeof(buf), "%u", t.tests);
        xmlNewProp(suite, BAD_CAST "tests", BAD_CAST buf);
        snprintf(buf, sizeof(buf), "%u", t.failures);
        xmlNewProp(suite, BAD_CAST "failures", BAD_CAST buf);
        xmlNewProp(suite, BAD_CAST "errors", BAD_CAST "0");
        snprintf(buf, sizeof(buf), "%u", t.skipped);
        xmlNewProp(suite, BAD_CAST "skipped", BAD_CAST buf);
        snprintf(buf, sizeof(buf), "%.3f", t.time);
        xmlNewProp(suite, BAD_CAST "time", BAD_CAST buf);
        if ( xmlSaveFormatFileEnc(out, doc, "UTF-8", 1) < 0 )
        {
            fprintf(stderr, "junit-xml: cannot write %s\n", out);
            rc = 1;
        }
    }
    xmlFreeDoc(doc);
    xmlCleanupParser();
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

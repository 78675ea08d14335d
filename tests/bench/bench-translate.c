/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-translate.c - translation throughput: how much CPU a patchset costs
 * from its text to the events queued in a port, split into
 *
 *   parse      clusapi__xml_parse (libxml2 with a new parser context, as
 *              Pacemaker 2.1's string2xml; 3.0: and a copy by copy_xml)
 *   apply      clusapi__patch_apply (Pacemaker's xml_apply_patchset)
 *   translate  clusapi__model_update
 *   post       clusapi__port_post_many into a port with a CLUSTER_CHANGE_ALL
 *              filter
 *
 * and compared, in the same run, with a plain libxml2 parse of the same text
 * (xmlReadMemory).  Figures are thread CPU time (CLOCK_THREAD_CPUTIME_ID;
 * (a) by default the monotonic clock per patchset, see --docs), medians over
 * rounds; the ratios are the figures to quote, the machine is shared.  (a)
 * also times each translation on its own (the monotonic clock): the stage
 * difference includes what translating costs the parse and apply that
 * follow (caches), the calls timed on their own do not.
 * (a) keeps one model per scenario from replay to replay, loaded again
 * from the base CIB each time, as the library keeps its model for as long
 * as it runs; --models fresh creates one per replay instead (then the
 * first changes also pay for the model's tables growing).  --cold KIB
 * sweeps a buffer of KIB KiB before each patchset of (a), outside the
 * timed part (then timed per patchset with the monotonic clock), so that
 * every patchset starts with the caches another process would have left
 * (on a live cluster, changes arrive milliseconds apart): every stage then
 * pays for its own cache misses, and the next parse starts cold whether
 * our translation ran before it or not.  (a) frees each patchset's
 * document and events once it is handled, untimed, as the library frees
 * each message and its events (--docs freed, the default; then each
 * patchset is timed with the monotonic clock as well): a parse then reuses
 * the heap the last one freed, which costs it more than fresh memory does.
 * --docs kept keeps them all until the scenario ends, as (a) did until
 * 2026-12-02 (its parse is the cheaper).
 * Run by hand (make bench), never by make check; see docs/performance.md
 * for what each section measures and why:
 *
 *   (a) fixtures   the recorded tests/fixtures/cib scenarios, replayed
 *   (b) synthetic  diffs creating N primitives, then starting each
 *   (c) single     one resource state change on 10 vs N resources: (c1)
 *                  each translation right after its apply, (c2) both from
 *                  the cache state Pacemaker's apply leaves on the big CIB
 *   (d) create     one primitive created and deleted on 10 vs N resources
 *   (e) digest     xml_apply_patchset with and without the <diff> digest
 *
 *   bench-translate [--fixtures DIR] [--rounds N] [--sizes N,N...]
 *                   [--changes N] [--creates N] [--apply-max N]
 *                   [--models kept|fresh] [--cold KIB] [--docs freed|kept]
 *                   [--only fixtures,synthetic,single,create,digest,message,
 *                           registry]
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <crm/crm.h>
#include <crm/common/xml.h>

#include "clusapi.h"
#include "adapt/patch.h"
#include "core/model.h"
#include "core/port.h"
#include "core/registry.h"
#include "core/xmlutil.h"

/* ---------------------------------------------------------------- timing */

static int64_t
clock_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t
cpu_now(void)
{
    return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

/* For timing one call (a few microseconds): the monotonic clock is read
 * without a system call, the thread CPU clock is not. */
static int64_t
mono_now(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

/* What two mono_now() calls around nothing read, the smallest of many */
static int64_t
mono_overhead(void)
{
    int64_t best = INT64_MAX;

    for (int i = 0; i < 10000; i++) {
        int64_t a = mono_now();
        int64_t b = mono_now();

        if (b - a < best) {
            best = b - a;
        }
    }
    return best;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}

/* Median of a GArray of double (sorted in place). */
static double
median(GArray *a)
{
    if (a->len == 0) {
        return 0.0;
    }
    qsort(a->data, a->len, sizeof(double), cmp_double);
    if (a->len % 2 == 1) {
        return g_array_index(a, double, a->len / 2);
    }
    return (g_array_index(a, double, a->len / 2 - 1)
            + g_array_index(a, double, a->len / 2))
           / 2.0;
}

static void
push(GArray *a, double v)
{
    g_array_append_val(a, v);
}

/* The cost of reading the thread CPU clock, as it shows up in a bracket
 * around no work at all: subtracted from per-call measurements of small
 * stages (see single_change). */
static double
clock_overhead_ns(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
    double med;

    for (int i = 0; i < 20001; i++) {
        int64_t t0 = cpu_now();
        int64_t t1 = cpu_now();
        push(a, (double) (t1 - t0));
    }
    med = median(a);
    g_array_unref(a);
    return med;
}

/* ---------------------------------------------------------------- helpers */

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;

static void
die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("bench-translate: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void
event_destroy(gpointer p)
{
    clusapi__event_free(p);
}

static bool
consume_all(const cl_queued_t *head, void *ctx)
{
    (void) head;
    (void) ctx;
    return true;
}

static guint
drain(cl_port_t *port)
{
    guint n = 0;

    while (clusapi__port_wait(port, 0, consume_all, NULL) == 0) {
        n++;
    }
    return n;
}

static cl_port_t *
new_port(void)
{
    cl_port_t *port = NULL;

    if (clusapi__port_new(CLUSAPI_PORT_MAX_QUEUED, &port) != 0
        || clusapi__port_add_filter(port, CLUSTER_CHANGE_ALL, 1) != 0) {
        die("cannot create a port");
    }
    return port;
}

/* As the library's worker posts a diff's events: all in one call. */
static void
post_from(cl_port_t *port, GPtrArray *events, guint from)
{
    guint n = events->len - from;

    if (n > 0
        && clusapi__port_post_many(port,
                                   (const cl_event_t *const *) events->pdata
                                       + from,
                                   n) != (int) n) {
        die("port_post_many did not queue exactly one copy of each event");
    }
}

static xmlNode *
parse_or_die(const char *text, const char *what)
{
    xmlNode *xml = clusapi__xml_parse(text);

    if (xml == NULL) {
        die("%s: does not parse", what);
    }
    return xml;
}

static void
apply_or_die(xmlNode *cib, xmlNode *patch, const char *what)
{
    int rc = clusapi__patch_apply(cib, patch);

    if (rc != 0) {
        die("%s: clusapi__patch_apply returned %d", what, rc);
    }
}

static void
update_or_die(cl_model_t *m, xmlNode *cib, xmlNode *patch, GPtrArray *events,
              const char *what)
{
    int rc = clusapi__model_update(m, cib, patch, events);

    if (rc != 0) {
        die("%s: clusapi__model_update returned %d", what, rc);
    }
}

static void
print_rule(void)
{
    puts("------------------------------------------------------------------"
         "-----------");
}

/* One line of a stage table: median CPU of the stage for 'events' events. */
static void
print_stage(const char *name, double ns, guint events, double ref_ns)
{
    double per_event = events > 0 ? ns / events : 0.0;
    double rate = ns > 0 ? events / (ns / 1e9) : 0.0;

    printf("  %-26s %11.3f ms %10.3f us/ev %12.0f ev/s", name, ns / 1e6,
           per_event / 1e3, rate);
    if (ref_ns > 0) {
        printf(" %7.2fx", ns / ref_ns);
    }
    putchar('\n');
}

/* ------------------------------------------ (a) the recorded fixtures */

typedef struct scenario {
    char *name;
    char *base;        /* base.xml text */
    GPtrArray *texts;  /* NN.patchset.xml texts, in order */
    cl_model_t *model; /* kept from replay to replay (--models kept) */
} scenario_t;

static bool fresh_models; /* --models fresh */
static size_t cold_bytes;  /* --cold KIB, in bytes; 0: off */
static bool kept_docs;     /* --docs kept */
static unsigned char *cold_buf;

/* Every line of cold_buf read and written: L1 and L2 (and what of L3 the
 * size reaches) then hold it instead of what the stages left. */
static void
cold_sweep(void)
{
    for (size_t i = 0; i < cold_bytes; i += 64) {
        cold_buf[i]++;
    }
    __asm__ __volatile__("" ::: "memory");
}

static void
scenario_free(gpointer p)
{
    scenario_t *s = p;

    g_free(s->name);
    g_free(s->base);
    g_ptr_array_unref(s->texts);
    clusapi__model_free(s->model);
    g_free(s);
}

static int
cmp_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Every directory of dir with a base.xml and NN.patchset.xml files. */
static GPtrArray *
load_scenarios(const char *dir, guint *ret_patches)
{
    GPtrArray *scens = g_ptr_array_new_with_free_func(scenario_free);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *e;

    if (d == NULL) {
        die("cannot open %s (use --fixtures DIR)", dir);
    }
    while ((e = g_dir_read_name(d)) != NULL) {
        g_ptr_array_add(names, g_strdup(e));
    }
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_name);
    *ret_patches = 0;
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *sdir = g_build_filename(dir, name, NULL);
        g_autofree char *base = g_build_filename(sdir, "base.xml", NULL);
        scenario_t *s;

        if (!g_file_test(base, G_FILE_TEST_IS_REGULAR)) {
            continue;
        }
        s = g_new0(scenario_t, 1);
        s->name = g_strdup(name);
        s->texts = g_ptr_array_new_with_free_func(g_free);
        if (!g_file_get_contents(base, &s->base, NULL, NULL)) {
            die("cannot read %s", base);
        }
        for (int n = 1; n < 10000; n++) { /* 01 ... 99, 100 ... */
            g_autofree char *leaf = g_strdup_printf("%02d.patchset.xml", n);
            g_autofree char *path = g_build_filename(sdir, leaf, NULL);
            char *text;

            if (!g_file_get_contents(path, &text, NULL, NULL)) {
                break;
            }
            g_ptr_array_add(s->texts, text);
        }
        *ret_patches += s->texts->len;
        g_ptr_array_add(scens, s);
    }
    if (scens->len == 0) {
        die("no scenario with base.xml in %s", dir);
    }
    return scens;
}

/* Replay every scenario once doing the stages up to 'level' (1 parse,
 * 2 +apply, 3 +translate, 4 +post); returns the CPU spent in the patchset
 * loops.  The set-up (base parse, model load) and the clean-up (freeing the
 * parsed patchsets and the events, draining the port) are outside the
 * timed part; they are the same at every level, so the differences between
 * levels are the stages.  Level 5 is level 3 with each translation timed
 * on its own as well, into *direct (clock overhead not subtracted). */
static int64_t
replay(GPtrArray *scens, int level, cl_port_t *port, guint *ret_events,
       int64_t *direct)
{
    int64_t total = 0;
    guint nev = 0;

    for (guint i = 0; i < scens->len; i++) {
        scenario_t *s = g_ptr_array_index(scens, i);
        xmlNode *cib = parse_or_die(s->base, s->name);
        cl_model_t *m = s->model != NULL ? s->model : clusapi__model_new();
        g_autoptr(GPtrArray) docs = g_ptr_array_new_full(s->texts->len, NULL);
        g_autoptr(GPtrArray) events = g_ptr_array_new_full(64, event_destroy);
        int64_t t0;

        /* per patchset with the monotonic clock (a vDSO call, where the
         * thread CPU clock is a system call) when something between two
         * patchsets is not to be timed */
        bool per = cold_bytes > 0 || !kept_docs;

        clusapi__model_load(m, cib, NULL);
        t0 = per ? 0 : cpu_now();
        for (guint j = 0; j < s->texts->len; j++) {
            xmlNode *patch;
            int64_t c0 = 0;

            if (per) {
                if (cold_bytes > 0) {
                    cold_sweep();
                }
                c0 = mono_now();
            }
            patch = clusapi__xml_parse(g_ptr_array_index(s->texts, j));

            g_ptr_array_add(docs, patch);
            if (level >= 2) {
                apply_or_die(cib, patch, s->name);
            }
            if (level == 5) {
                int64_t a = mono_now();

                update_or_die(m, cib, patch, events, s->name);
                *direct += mono_now() - a;
            } else if (level >= 3) {
                guint from = events->len;

                update_or_die(m, cib, patch, events, s->name);
                if (level >= 4) {
                    post_from(port, events, from);
                }
            }
            if (per) {
                t0 -= mono_now() - c0; /* total = -t0 below */
            }
            if (!kept_docs) {
                /* as the library: the message and the events go once
                 * handled (untimed) */
                nev += events->len;
                g_ptr_array_set_size(events, 0);
                clusapi__xml_free(g_ptr_array_steal_index(docs,
                                                          docs->len - 1));
            }
        }
        total += per ? -t0 : cpu_now() - t0;
        nev += events->len;
        drain(port);
        for (guint j = 0; j < docs->len; j++) {
            clusapi__xml_free(g_ptr_array_index(docs, j));
        }
        s->model = fresh_models ? clusapi__model_free(m) : m;
        clusapi__xml_free(cib);
    }
    *ret_events = nev;
    return total;
}

static void
bench_fixtures(const char *dir, int rounds, int reps)
{
    guint npatch = 0, nev = 0;
    g_autoptr(GPtrArray) scens = load_scenarios(dir, &npatch);
    cl_port_t *port = new_port();
    GArray *st[6];
    double med[6];
    int64_t bytes = 0;
    int64_t clock_cost = mono_overhead();

    for (int k = 0; k < 6; k++) {
        st[k] = g_array_new(FALSE, FALSE, sizeof(double));
    }
    for (guint i = 0; i < scens->len; i++) {
        scenario_t *s = g_ptr_array_index(scens, i);
        for (guint j = 0; j < s->texts->len; j++) {
            bytes += (int64_t) strlen(g_ptr_array_index(s->texts, j));
        }
    }
    (void) replay(scens, 4, port, &nev, NULL); /* warm-up; the events */

    for (int r = 0; r < rounds; r++) {
        int64_t t[6] = { 0 };
        int64_t direct = 0;

        /* the five levels interleaved, their order rotated each time */
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 5; k++) {
                int level = 1 + (k + rep) % 5;
                guint n;
                t[level] += replay(scens, level, port, &n, &direct);
                if (level >= 3 && n != nev) { /* a kept model, too */
                    die("a replay made %u events, the first %u", n, nev);
                }
            }
        }
        push(st[0], (double) t[1] / reps);                 /* parse */
        push(st[1], (double) (t[2] - t[1]) / reps);        /* apply */
        push(st[2], (double) (t[3] - t[2]) / reps);        /* translate */
        push(st[3], (double) (t[4] - t[3]) / reps);        /* post */
        push(st[4], (double) (t[4] - t[2]) / reps);        /* translate+post */
        /* each translation timed on its own, the clock's cost taken off */
        push(st[5], (double) (direct - clock_cost * npatch * reps) / reps);
    }
    for (int k = 0; k < 6; k++) {
        med[k] = median(st[k]);
        g_array_unref(st[k]);
    }

    print_rule();
    printf("(a) recorded fixtures: %u scenarios, %u patchsets (%.1f KiB), "
           "%u events per replay\n",
           scens->len, npatch, bytes / 1024.0, nev);
    printf("    median of %d rounds x %d replays; stage = difference of "
           "cumulative levels\n", rounds, reps);
    if (cold_bytes > 0) {
        printf("    caches swept (%zu KiB) before each patchset; wall time "
               "per patchset (monotonic clock)\n", cold_bytes / 1024);
    } else if (!kept_docs) {
        printf("    wall time per patchset (monotonic clock)\n");
    }
    printf("    %s\n", kept_docs
                          ? "every patchset document and event kept until "
                            "the scenario ends (--docs kept)"
                          : "each patchset's document and events freed after "
                            "it, untimed, as the library does (--docs freed)");
    printf("    %s\n", fresh_models
                          ? "a new model for each replay (--models fresh)"
                          : "one model per scenario, loaded again for each "
                            "replay (--models kept)");
    printf("  %-26s %14s %16s %16s %8s\n", "stage", "CPU/replay", "CPU/event",
           "events/s", "vs parse");
    print_stage("parse (new context)", med[0], nev, med[0]);
    print_stage("apply (xml_apply_patchset)", med[1], nev, med[0]);
    print_stage("translate (model_update)", med[2], nev, med[0]);
    print_stage("post (port_post)", med[3], nev, med[0]);
    print_stage("translate + post", med[4], nev, med[0]);
    print_stage("total", med[0] + med[1] + med[4], nev, med[0]);
    printf("  each translation timed on its own (monotonic clock, less its "
           "%" PRId64 " ns a call):\n", clock_cost);
    print_stage("translate (model_update)", med[5], nev, med[0]);
    printf("  per patchset: parse %.2f us, apply %.2f us, translate+post "
           "%.2f us\n",
           med[0] / npatch / 1e3, med[1] / npatch / 1e3,
           med[4] / npatch / 1e3);
    clusapi__port_unref(port);
}

/* ------------------------------------------ (b) synthetic big diffs */

#define CIB_OPEN                                                             \
    "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" "       \
    "epoch=\"%d\" num_updates=\"%d\" admin_epoch=\"0\" have-quorum=\"1\">"

static void rsc_op(GString *s, int i, bool start, int call, long when);

/* A primitive as the synthetic configuration diff creates it. */
static void
primitive(GString *s, int i)
{
    g_string_append_printf(s,
                           "<primitive id=\"r%d\" class=\"ocf\" "
                           "provider=\"pacemaker\" type=\"Dummy\">"
                           "<operations><op id=\"r%d-monitor-10s\" "
                           "name=\"monitor\" interval=\"10s\"/></operations>"
                           "</primitive>",
                           i, i);
}

/* Its history on node1: one start. */
static void
lrm_resource(GString *s, int i)
{
    g_string_append_printf(s,
                           "<lrm_resource id=\"r%d\" class=\"ocf\" "
                           "provider=\"pacemaker\" type=\"Dummy\">",
                           i);
    rsc_op(s, i, true, 2, 1700000000L);
    g_string_append(s, "</lrm_resource>");
}

/* A CIB with one node, n primitives if cfg, a start of each on node1 if
 * status.  gen_cib(n, false, false) is the CIB before the synthetic diffs
 * (versions 4.0), gen_cib(n, true, false) after the configuration diff (5.0)
 * and gen_cib(n, true, true) after the status diff (5.1): the state
 * xml_apply_patchset produces, checked by check_generated(). */
static char *
gen_cib(int n, bool cfg, bool status)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, CIB_OPEN, cfg ? 5 : 4, status ? 1 : 0);
    g_string_append(
        s,
        "<configuration><crm_config>"
        "<cluster_property_set id=\"cib-bootstrap-options\">"
        "<nvpair id=\"cib-bootstrap-options-stonith-enabled\" "
        "name=\"stonith-enabled\" value=\"false\"/>"
        "<nvpair id=\"cib-bootstrap-options-cluster-name\" "
        "name=\"cluster-name\" value=\"bench\"/>"
        "</cluster_property_set></crm_config>"
        "<nodes><node id=\"node1\" uname=\"node1\"/></nodes>"
        "<resources>");
    for (int i = 0; cfg && i < n; i++) {
        primitive(s, i);
    }
    g_string_append(
        s,
        "</resources><constraints/></configuration>"
        "<status><node_state id=\"node1\" uname=\"node1\" in_ccm=\"true\" "
        "crmd=\"online\" join=\"member\" expected=\"member\">"
        "<lrm id=\"node1\"><lrm_resources>");
    for (int i = 0; status && i < n; i++) {
        lrm_resource(s, i);
    }
    g_string_append(s, "</lrm_resources></lrm></node_state></status></cib>");
    return g_string_free(s, FALSE);
}

/* <diff> head: versions and the change of the cib element's counters. */
static void
diff_head(GString *s, int epoch0, int nu0, int epoch1, int nu1)
{
    g_string_append_printf(
        s,
        "<diff format=\"2\"><version>"
        "<source admin_epoch=\"0\" epoch=\"%d\" num_updates=\"%d\"/>"
        "<target admin_epoch=\"0\" epoch=\"%d\" num_updates=\"%d\"/>"
        "</version><change operation=\"modify\" path=\"/cib\"><change-list>",
        epoch0, nu0, epoch1, nu1);
    if (epoch1 != epoch0) {
        g_string_append_printf(s,
                               "<change-attr name=\"epoch\" operation=\"set\" "
                               "value=\"%d\"/>",
                               epoch1);
    }
    g_string_append_printf(s,
                           "<change-attr name=\"num_updates\" "
                           "operation=\"set\" value=\"%d\"/>"
                           "</change-list><change-result>",
                           nu1);
    g_string_append_printf(s, CIB_OPEN, epoch1, nu1);
    g_string_append(s, "</cib></change-result></change>");
}

/* Create n primitives in configuration/resources: one <change> per created
 * element, as xml_create_patchset writes it (cibadmin --create/--replace). */
static char *
gen_config_diff(int n)
{
    GString *s = g_string_new(NULL);

    diff_head(s, 4, 0, 5, 0);
    for (int i = 0; i < n; i++) {
        g_string_append_printf(s,
                               "<change operation=\"create\" path=\"/cib/"
                               "configuration/resources\" position=\"%d\">",
                               i);
        primitive(s, i);
        g_string_append(s, "</change>");
    }
    g_string_append(s, "</diff>");
    return g_string_free(s, FALSE);
}

/* An operation record as the controller writes it (call 2 = start,
 * call 3+ = the toggles of the single-change benchmark). */
static void
rsc_op(GString *s, int i, bool start, int call, long when)
{
    const char *op = start ? "start" : "stop";

    g_string_append_printf(
        s,
        "<lrm_rsc_op id=\"r%d_last_0\" operation_key=\"r%d_%s_0\" "
        "operation=\"%s\" crm-debug-origin=\"do_update_resource\" "
        "crm_feature_set=\"3.16.1\" "
        "transition-key=\"%d:1:0:bench-0000-0000-0000-000000000000\" "
        "transition-magic=\"0:0;%d:1:0:bench-0000-0000-0000-000000000000\" "
        "exit-reason=\"\" on_node=\"node1\" call-id=\"%d\" rc-code=\"0\" "
        "op-status=\"0\" interval=\"0\" last-rc-change=\"%ld\" "
        "exec-time=\"12\" queue-time=\"0\" "
        "op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"/>",
        i, i, op, op, call, call, call, when);
}

/* Record a start of each of the n primitives on node1: one <change> per
 * created lrm_resource under the existing lrm_resources. */
static char *
gen_status_diff(int n)
{
    GString *s = g_string_new(NULL);

    diff_head(s, 5, 0, 5, 1);
    for (int i = 0; i < n; i++) {
        g_string_append_printf(
            s,
            "<change operation=\"create\" path=\"/cib/status/node_state"
            "[@id='node1']/lrm[@id='node1']/lrm_resources\" position=\"%d\">",
            i);
        lrm_resource(s, i);
        g_string_append(s, "</change>");
    }
    g_string_append(s, "</diff>");
    return g_string_free(s, FALSE);
}

/* One resource's last operation rewritten (start <-> stop): the usual diff
 * of a running cluster, as crm_diff shows it (a modify of one lrm_rsc_op). */
static char *
gen_change_diff(int epoch, int nu0, int i, bool start, int call)
{
    GString *s = g_string_new(NULL);
    const char *op = start ? "start" : "stop";

    diff_head(s, epoch, nu0, epoch, nu0 + 1);
    g_string_append_printf(
        s,
        "<change operation=\"modify\" path=\"/cib/status/node_state"
        "[@id='node1']/lrm[@id='node1']/lrm_resources/lrm_resource"
        "[@id='r%d']/lrm_rsc_op[@id='r%d_last_0']\"><change-list>"
        "<change-attr name=\"operation_key\" operation=\"set\" "
        "value=\"r%d_%s_0\"/>"
        "<change-attr name=\"operation\" operation=\"set\" value=\"%s\"/>"
        "<change-attr name=\"transition-key\" operation=\"set\" "
        "value=\"%d:1:0:bench-0000-0000-0000-000000000000\"/>"
        "<change-attr name=\"transition-magic\" operation=\"set\" "
        "value=\"0:0;%d:1:0:bench-0000-0000-0000-000000000000\"/>"
        "<change-attr name=\"call-id\" operation=\"set\" value=\"%d\"/>"
        "<change-attr name=\"last-rc-change\" operation=\"set\" "
        "value=\"%ld\"/>"
        "</change-list><change-result>",
        i, i, i, op, op, call, call, call, 1700000000L + call);
    rsc_op(s, i, start, call, 1700000000L + call);
    g_string_append(s, "</change-result></change></diff>");
    return g_string_free(s, FALSE);
}

/* A primitive appended to the resources section (create = true), or
 * removed again: a configuration change (the epoch moves on). */
static char *
gen_create_diff(int epoch, int nu0, int i, int position, bool create)
{
    GString *s = g_string_new(NULL);

    diff_head(s, epoch, nu0, epoch + 1, 0);
    if (create) {
        g_string_append_printf(s,
                               "<change operation=\"create\" path=\"/cib/"
                               "configuration/resources\" position=\"%d\">",
                               position);
        primitive(s, i);
        g_string_append(s, "</change>");
    } else {
        g_string_append_printf(s,
                               "<change operation=\"delete\" path=\"/cib/"
                               "configuration/resources/primitive"
                               "[@id='r%d']\"/>",
                               i);
    }
    g_string_append(s, "</diff>");
    return g_string_free(s, FALSE);
}

/* A model and CIB of n started primitives (untimed set-up: the CIB is
 * generated whole, as a full re-read would find it, and loaded). */
typedef struct world {
    int n;
    xmlNode *cib;
    cl_model_t *m;
    int epoch;       /* the CIB's epoch */
    int nu;          /* the CIB's num_updates */
    int call;        /* last call-id used */
    bool *running;   /* per resource */
} world_t;

static void
world_init(world_t *w, int n)
{
    g_autofree char *text = gen_cib(n, true, true);

    memset(w, 0, sizeof(*w));
    w->n = n;
    w->cib = parse_or_die(text, "generated CIB");
    w->m = clusapi__model_new();
    clusapi__model_load(w->m, w->cib, NULL);
    w->epoch = 5;
    w->nu = 1;
    w->call = 2;
    w->running = g_new(bool, n);
    for (int i = 0; i < n; i++) {
        w->running[i] = true;
    }
}

static void
world_clear(world_t *w)
{
    clusapi__model_free(w->m);
    clusapi__xml_free(w->cib);
    g_free(w->running);
}

/* The generated CIBs are what xml_apply_patchset makes of the generated
 * diffs (checked on a small n: applying them for real is cubic, see
 * docs/performance.md). */
static void
check_generated(int n)
{
    g_autofree char *base = gen_cib(n, false, false);
    g_autofree char *cfg = gen_config_diff(n);
    g_autofree char *st = gen_status_diff(n);
    g_autofree char *want1 = gen_cib(n, true, false);
    g_autofree char *want2 = gen_cib(n, true, true);
    xmlNode *cib = parse_or_die(base, "base");
    xmlNode *p;
    char *got, *want;
    xmlNode *w;

    p = parse_or_die(cfg, "config diff");
    apply_or_die(cib, p, "config diff");
    clusapi__xml_free(p);
    w = parse_or_die(want1, "want1");
    got = clusapi__xml_dump(cib);
    want = clusapi__xml_dump(w);
    if (strcmp(got, want) != 0) {
        die("generated CIB after the config diff differs from the applied "
            "one");
    }
    g_free(got);
    g_free(want);
    clusapi__xml_free(w);
    p = parse_or_die(st, "status diff");
    apply_or_die(cib, p, "status diff");
    clusapi__xml_free(p);
    w = parse_or_die(want2, "want2");
    got = clusapi__xml_dump(cib);
    want = clusapi__xml_dump(w);
    if (strcmp(got, want) != 0) {
        die("generated CIB after the status diff differs from the applied "
            "one");
    }
    g_free(got);
    g_free(want);
    clusapi__xml_free(w);
    clusapi__xml_free(cib);
}

typedef struct synth_row {
    int n;
    guint cfg_events, st_events;
    size_t cfg_bytes, st_bytes;
    /* medians, ns: libxml2, parse, apply, translate, post, translate+post;
     * apply < 0: not measured */
    double cfg[6], st[6];
    /* the alternative to applying: re-read the whole CIB (after both
     * diffs): parse it, and load a model from it */
    size_t cib_bytes;
    double reread_parse, reread_load;
} synth_row_t;

/* Time the stages of one diff text turning *cib into after_text's CIB, and
 * a plain libxml2 parse of the same text; o[0..5] as in synth_row_t.  With
 * apply false, Pacemaker's apply is replaced by parsing after_text
 * (untimed). */
static guint
time_one_diff(const char *text, const char *after_text, bool apply,
              xmlNode **cib, cl_model_t *m, cl_port_t *port,
              bool libxml_first, int64_t o[6])
{
    g_autoptr(GPtrArray) events = g_ptr_array_new_full(1024, event_destroy);
    int len = (int) strlen(text);
    int64_t t0, t1;
    xmlDoc *doc;
    xmlNode *patch = NULL;

    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0) == libxml_first) {
            t0 = cpu_now();
            doc = xmlReadMemory(text, len, NULL, NULL, 0);
            t1 = cpu_now();
            if (doc == NULL) {
                die("xmlReadMemory failed");
            }
            xmlFreeDoc(doc);
            o[0] = t1 - t0;
        } else {
            t0 = cpu_now();
            patch = clusapi__xml_parse(text);
            t1 = cpu_now();
            if (patch == NULL) {
                die("clusapi__xml_parse failed");
            }
            o[1] = t1 - t0;
        }
    }
    if (apply) {
        t0 = cpu_now();
        apply_or_die(*cib, patch, "synthetic diff");
        t1 = cpu_now();
        o[2] = t1 - t0;
    } else {
        clusapi__xml_free(*cib);
        *cib = parse_or_die(after_text, "generated CIB");
        o[2] = -1;
    }
    t0 = cpu_now();
    update_or_die(m, *cib, patch, events, "synthetic diff");
    t1 = cpu_now();
    o[3] = t1 - t0;
    t0 = cpu_now();
    post_from(port, events, 0);
    t1 = cpu_now();
    o[4] = t1 - t0;
    o[5] = o[3] + o[4];
    if (drain(port) != events->len) {
        die("port lost events");
    }
    clusapi__xml_free(patch);
    return events->len;
}

static void
bench_synthetic_size(synth_row_t *row, int n, int rounds, int apply_max)
{
    g_autofree char *base = gen_cib(n, false, false);
    g_autofree char *after1 = gen_cib(n, true, false);
    g_autofree char *after2 = gen_cib(n, true, true);
    g_autofree char *cfg = gen_config_diff(n);
    g_autofree char *st = gen_status_diff(n);
    cl_port_t *port = new_port();
    bool apply = n <= apply_max;
    GArray *a[2][6];

    row->n = n;
    row->cfg_bytes = strlen(cfg);
    row->st_bytes = strlen(st);
    for (int d = 0; d < 2; d++) {
        for (int k = 0; k < 6; k++) {
            a[d][k] = g_array_new(FALSE, FALSE, sizeof(double));
        }
    }
    /* round 0 is a warm-up */
    for (int r = 0; r < rounds + 1; r++) {
        xmlNode *cib = parse_or_die(base, "base");
        cl_model_t *m = clusapi__model_new();
        int64_t o[6];
        guint ne;

        clusapi__model_load(m, cib, NULL);
        ne = time_one_diff(cfg, after1, false, &cib, m, port, r % 2 == 0, o);
        if (r > 0) {
            for (int k = 0; k < 6; k++) {
                push(a[0][k], (double) o[k]);
            }
        }
        row->cfg_events = ne;
        ne = time_one_diff(st, after2, false, &cib, m, port, r % 2 == 1, o);
        if (r > 0) {
            for (int k = 0; k < 6; k++) {
                push(a[1][k], (double) o[k]);
            }
        }
        row->st_events = ne;
        clusapi__model_free(m);
        clusapi__xml_free(cib);
    }
    for (int k = 0; k < 6; k++) {
        row->cfg[k] = median(a[0][k]);
        row->st[k] = median(a[1][k]);
        g_array_unref(a[0][k]);
        g_array_unref(a[1][k]);
    }
    /* a full re-read of the CIB after both diffs */
    {
        GArray *rp = g_array_new(FALSE, FALSE, sizeof(double));
        GArray *rl = g_array_new(FALSE, FALSE, sizeof(double));

        row->cib_bytes = strlen(after2);
        for (int r = 0; r < rounds + 1; r++) {
            int64_t t0 = cpu_now();
            xmlNode *cib = parse_or_die(after2, "generated CIB");
            int64_t t1 = cpu_now();
            cl_model_t *m = clusapi__model_new();
            int64_t t2 = cpu_now();

            clusapi__model_load(m, cib, NULL);
            if (r > 0) {
                push(rp, (double) (t1 - t0));
                push(rl, (double) (cpu_now() - t2));
            }
            clusapi__model_free(m);
            clusapi__xml_free(cib);
        }
        row->reread_parse = median(rp);
        row->reread_load = median(rl);
        g_array_unref(rp);
        g_array_unref(rl);
    }
    /* Pacemaker's apply: once (it is cubic in n), same model path */
    if (apply) {
        xmlNode *cib = parse_or_die(base, "base");
        cl_model_t *m = clusapi__model_new();
        int64_t o[6];

        clusapi__model_load(m, cib, NULL);
        (void) time_one_diff(cfg, after1, true, &cib, m, port, true, o);
        row->cfg[2] = (double) o[2];
        (void) time_one_diff(st, after2, true, &cib, m, port, true, o);
        row->st[2] = (double) o[2];
        clusapi__model_free(m);
        clusapi__xml_free(cib);
    }
    clusapi__port_unref(port);
}

static void
print_synth(const char *what, int n, size_t bytes, guint events,
            const double *o)
{
    printf("  %d primitives, %s diff: %.0f KiB, %u events\n", n, what,
           bytes / 1024.0, events);
    print_stage("libxml2 xmlReadMemory", o[0], events, o[0]);
    print_stage("parse (new context)", o[1], events, o[0]);
    if (o[2] >= 0) {
        print_stage("apply (xml_apply_patchset)", o[2], events, o[0]);
    } else {
        printf("  %-26s   not measured: N > --apply-max (cubic in N)\n",
               "apply (xml_apply_patchset)");
    }
    print_stage("translate (model_update)", o[3], events, o[0]);
    print_stage("post (port_post)", o[4], events, o[0]);
    print_stage("translate + post", o[5], events, o[0]);
    if (o[2] >= 0) {
        print_stage("parse+apply+translate+post", o[1] + o[2] + o[5], events,
                    o[0]);
    }
    printf("  => translate+post = %.2fx libxml2 parse (goal < 2x); "
           "%.3f us/event (goal < 2 us)\n",
           o[5] / o[0], o[5] / events / 1e3);
}

static void
bench_synthetic(const int *sizes, int nsizes, int rounds, int apply_max)
{
    check_generated(100);
    print_rule();
    printf("(b) synthetic diffs: create N primitives (config), then record a "
           "start of each on node1 (status)\n");
    printf("    median of %d rounds; 'vs' column: ratio to the libxml2 parse "
           "of the same text, same round\n", rounds);
    printf("    the patched CIB is generated (untimed) for the rounds; apply "
           "is timed once, for N <= %d\n", apply_max);
    printf("  %-26s %14s %16s %16s %8s\n", "stage", "CPU/diff", "CPU/event",
           "events/s", "vs xml");
    for (int i = 0; i < nsizes; i++) {
        synth_row_t row;

        bench_synthetic_size(&row, sizes[i], rounds, apply_max);
        print_synth("config", row.n, row.cfg_bytes, row.cfg_events, row.cfg);
        print_synth("status", row.n, row.st_bytes, row.st_events, row.st);
        printf("  instead of applying: re-read the whole CIB (%.0f KiB): parse "
               "%.3f ms + model_load %.3f ms\n",
               row.cib_bytes / 1024.0, row.reread_parse / 1e6,
               row.reread_load / 1e6);
    }
}

/* ------------------------------------------ one state change, 10 vs 10,000 */

/* What Pacemaker's xml_apply_patchset does to find the lrm_resource a
 * change names on the big CIB: walk the siblings under node1's
 * lrm_resources, reading each one's id.  Run (untimed) before the
 * translation of either model in the "same cache state" series, so that
 * both translations start from the caches such a walk leaves. */
static volatile unsigned long walk_sink; /* the walk is not optimised out */

static void
walk_lrm_resources(xmlNode *cib)
{
    static const char *const path[] = { "status", "node_state", "lrm",
                                        "lrm_resources" };
    xmlNode *n = cib;

    for (int i = 0; i < 4 && n != NULL; i++) {
        for (n = n->children; n != NULL; n = n->next) {
            if (n->type == XML_ELEMENT_NODE
                && strcmp((const char *) n->name, path[i]) == 0) {
                break;
            }
        }
    }
    for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next) {
        xmlChar *id;

        if (n->type != XML_ELEMENT_NODE
            || strcmp((const char *) n->name, "lrm_resource") != 0) {
            continue;
        }
        id = xmlGetProp(n, (const xmlChar *) "id");
        walk_sink += id != NULL ? id[0] : 0;
        xmlFree(id);
    }
}

/* Toggle one resource of w: returns the stage times (clock overhead
 * subtracted) in o[]: libxml2 parse of the same text (reference), parse,
 * apply, translate, post.  With walk set, walk it (untimed) between the
 * apply and the translation. */
static void
one_change(world_t *w, cl_port_t *port, int idx, double ovh, xmlNode *walk,
           double o[5])
{
    g_autoptr(GPtrArray) events = g_ptr_array_new_full(4, event_destroy);
    g_autofree char *text = NULL;
    int64_t t0, t1, t2, t2w, t3, t4, x0, x1;
    xmlNode *patch;
    xmlDoc *doc;

    w->running[idx] = !w->running[idx];
    text = gen_change_diff(w->epoch, w->nu, idx, w->running[idx], ++w->call);
    w->nu++;
    x0 = cpu_now();
    doc = xmlReadMemory(text, (int) strlen(text), NULL, NULL, 0);
    x1 = cpu_now();
    xmlFreeDoc(doc);
    t0 = cpu_now();
    patch = clusapi__xml_parse(text);
    t1 = cpu_now();
    apply_or_die(w->cib, patch, "change");
    t2 = cpu_now();
    t2w = t2;
    if (walk != NULL) {
        walk_lrm_resources(walk);
        t2w = cpu_now();
    }
    update_or_die(w->m, w->cib, patch, events, "change");
    t3 = cpu_now();
    post_from(port, events, 0);
    t4 = cpu_now();
    if (events->len != 2) { /* RESOURCE_STATE + GROUP_STATE */
        die("a state change gave %u events, not 2", events->len);
    }
    drain(port);
    clusapi__xml_free(patch);
    o[0] = (double) (x1 - x0) - ovh;
    o[1] = (double) (t1 - t0) - ovh;
    o[2] = (double) (t2 - t1) - ovh;
    o[3] = (double) (t3 - t2w) - ovh;
    o[4] = (double) (t4 - t3) - ovh;
}

static void crm_mon_look(world_t *small, world_t *big, double ours_small_ns,
                         double ours_big_ns);

/* Two series, interleaved change by change: "natural", each translation
 * right after its own apply (as in the library), and "same cache state",
 * where the benchmark walks the big CIB's lrm_resource siblings between
 * the apply and the translation of either model.  The natural series
 * charges the big model for the caches Pacemaker's apply emptied; the
 * second shows what the size of our model costs by itself. */
static void
bench_single(int big, int changes)
{
    world_t w[2];
    cl_port_t *port = new_port();
    double ovh = clock_overhead_ns();
    GArray *a[2][2][6];
    double med[2][2][6];
    guint32 seed = 12345;
    static const char *const names[] = {
        "libxml2 xmlReadMemory", "parse (new context)",
        "apply (xml_apply_patchset)", "translate (model_update)",
        "post (port_post)", "translate + post"
    };
    static const char *const series[] = {
        "natural: each translation right after its own apply",
        "same cache state: the big CIB's lrm_resource siblings walked "
        "(untimed) before either translation"
    };

    world_init(&w[0], 10);
    world_init(&w[1], big);
    for (int v = 0; v < 2; v++) {
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < 6; k++) {
                a[v][s][k] = g_array_new(FALSE, FALSE, sizeof(double));
            }
        }
    }
    for (int i = 0; i < changes + 50; i++) { /* 50 warm-up changes */
        /* the same pseudo-random position in both models, interleaved */
        seed = seed * 1103515245u + 12345u;
        for (int j = 0; j < 4; j++) {
            int s = (j + i) % 2;
            int v = ((j / 2) + i) % 2;
            double o[5];
            int idx = (int) ((seed >> 8) % (guint32) w[s].n);

            one_change(&w[s], port, idx, ovh, v == 1 ? w[1].cib : NULL, o);
            if (i >= 50) {
                for (int k = 0; k < 5; k++) {
                    push(a[v][s][k], o[k]);
                }
                push(a[v][s][5], o[3] + o[4]);
            }
        }
    }
    for (int v = 0; v < 2; v++) {
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < 6; k++) {
                med[v][s][k] = median(a[v][s][k]);
                g_array_unref(a[v][s][k]);
            }
        }
    }
    print_rule();
    printf("(c) one resource state change (modify of one lrm_rsc_op, 2 events)"
           " on a model of 10 vs %d resources\n", big);
    printf("    median of %d changes each per series, interleaved; clock read "
           "overhead %.0f ns subtracted per stage\n", changes, ovh);
    for (int v = 0; v < 2; v++) {
        double (*md)[6] = med[v];

        printf("  (c%d) %s\n", v + 1, series[v]);
        printf("  %-26s %12s %12s %8s\n", "stage", "10 rsc", "big", "ratio");
        for (int k = 0; k < 6; k++) {
            printf("  %-26s %9.2f us %9.2f us %7.2fx\n", names[k],
                   md[0][k] / 1e3, md[1][k] / 1e3, md[1][k] / md[0][k]);
        }
        printf("  %-26s %9.2f us %9.2f us %7.2fx\n",
               "parse+apply+translate+post",
               (md[0][1] + md[0][2] + md[0][5]) / 1e3,
               (md[1][1] + md[1][2] + md[1][5]) / 1e3,
               (md[1][1] + md[1][2] + md[1][5])
                   / (md[0][1] + md[0][2] + md[0][5]));
        printf("  => (c%d) translate+post ratio %d/10 = %.2fx %s; %.2f "
               "us/event on the big model\n",
               v + 1, big, md[1][5] / md[0][5],
               v == 0 ? "(with the caches Pacemaker's apply emptied on the "
                        "big CIB)"
                      : "(goal < 2x: what the model's size costs)",
               md[1][5] / 2 / 1e3);
    }
    crm_mon_look(&w[0], &w[1], med[0][0][5], med[0][1][5]);
    world_clear(&w[0]);
    world_clear(&w[1]);
    clusapi__port_unref(port);
}

/* What a polling monitor pays per look: `crm_mon -1 --output-as=xml` on
 * the same CIBs (written to files, CIB_file), wall time and the child's CPU
 * time, median of 5 runs each; compared with our cost of one change. */
static void
crm_mon_look(world_t *small, world_t *big, double ours_small_ns,
             double ours_big_ns)
{
    world_t *w[2] = { small, big };
    double wall[2], cpu[2];

    for (int s = 0; s < 2; s++) {
        g_autofree char *path = g_strdup_printf("/tmp/clusapi-bench-cib.%d.%d",
                                                (int) getpid(), s);
        g_autofree char *text = clusapi__xml_dump(w[s]->cib);
        g_autofree char *env = g_strdup_printf("CIB_file=%s", path);
        GArray *aw = g_array_new(FALSE, FALSE, sizeof(double));
        GArray *ac = g_array_new(FALSE, FALSE, sizeof(double));
        char *argv[] = { (char *) "crm_mon", (char *) "-1",
                         (char *) "--output-as=xml", NULL };
        char *envp[] = { env, (char *) "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                         NULL };

        if (!g_file_set_contents(path, text, -1, NULL)) {
            die("cannot write %s", path);
        }
        for (int i = 0; i < 5; i++) {
            struct rusage r0, r1;
            int64_t t0;
            int status = 0;

            getrusage(RUSAGE_CHILDREN, &r0);
            t0 = mono_now();
            if (!g_spawn_sync(NULL, argv, envp, G_SPAWN_SEARCH_PATH_FROM_ENVP
                                                    | G_SPAWN_STDOUT_TO_DEV_NULL
                                                    | G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, NULL, NULL, &status, NULL)
                || status != 0) {
                printf("  crm_mon did not run (not installed?): no "
                       "comparison\n");
                unlink(path);
                g_array_unref(aw);
                g_array_unref(ac);
                return;
            }
            push(aw, (double) (mono_now() - t0));
            getrusage(RUSAGE_CHILDREN, &r1);
            push(ac, ((double) (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec)
                      + (double) (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec))
                             * 1e9
                         + ((double) (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec)
                            + (double) (r1.ru_stime.tv_usec
                                        - r0.ru_stime.tv_usec))
                               * 1e3);
        }
        wall[s] = median(aw);
        cpu[s] = median(ac);
        g_array_unref(aw);
        g_array_unref(ac);
        unlink(path);
    }
    printf("  crm_mon -1 --output-as=xml on the same CIB (median of 5): "
           "%.1f ms / %.1f ms wall, %.1f ms / %.1f ms CPU (10 / %d)\n",
           wall[0] / 1e6, wall[1] / 1e6, cpu[0] / 1e6, cpu[1] / 1e6, big->n);
    printf("  => one crm_mon look costs %.0fx / %.0fx the CPU of our "
           "translate+post of one change (10 / %d)\n",
           cpu[0] / ours_small_ns, cpu[1] / ours_big_ns, big->n);
}

/* ------------------------------------------ one primitive created */

/* Create one primitive at the end of the resources section, then delete
 * it, on a model of 10 and of 'big' resources; o[] per stage as in
 * one_change. */
static void
one_create(world_t *w, cl_port_t *port, bool create, double ovh, double o[4])
{
    g_autoptr(GPtrArray) events = g_ptr_array_new_full(4, event_destroy);
    g_autofree char *text = gen_create_diff(w->epoch, w->nu, w->n, w->n,
                                            create);
    int64_t t0, t1, t2, t3, t4;
    xmlNode *patch;

    w->epoch++;
    w->nu = 0;
    t0 = cpu_now();
    patch = clusapi__xml_parse(text);
    t1 = cpu_now();
    apply_or_die(w->cib, patch, "create");
    t2 = cpu_now();
    update_or_die(w->m, w->cib, patch, events, "create");
    t3 = cpu_now();
    post_from(port, events, 0);
    t4 = cpu_now();
    if (events->len != 2) { /* RESOURCE_ and GROUP_ ADDED or DELETED */
        die("a %s gave %u events, not 2", create ? "create" : "delete",
            events->len);
    }
    drain(port);
    clusapi__xml_free(patch);
    o[0] = (double) (t1 - t0) - ovh;
    o[1] = (double) (t2 - t1) - ovh;
    o[2] = (double) (t3 - t2) - ovh;
    o[3] = (double) (t4 - t3) - ovh;
}

static void
bench_create(int big, int creates)
{
    world_t w[2];
    cl_port_t *port = new_port();
    double ovh = clock_overhead_ns();
    GArray *a[2][2][5]; /* [model][create/delete][stage] */
    static const char *const names[] = {
        "parse (new context)", "apply (xml_apply_patchset)",
        "translate (model_update)", "post (port_post)", "translate + post"
    };

    world_init(&w[0], 10);
    world_init(&w[1], big);
    for (int s = 0; s < 2; s++) {
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < 5; k++) {
                a[s][c][k] = g_array_new(FALSE, FALSE, sizeof(double));
            }
        }
    }
    /* not interleaved: a configuration change on the big model frees
     * thousands of blocks, and whatever runs next pays for consolidating
     * them (glibc); in blocks, each model pays for its own */
    for (int s = 0; s < 2; s++) {
        for (int i = 0; i < creates + 1; i++) { /* i == 0: warm-up */
            for (int c = 0; c < 2; c++) {
                double o[4];

                one_create(&w[s], port, c == 0, ovh, o);
                if (i > 0) {
                    for (int k = 0; k < 4; k++) {
                        push(a[s][c][k], o[k]);
                    }
                    push(a[s][c][4], o[2] + o[3]);
                }
            }
        }
    }
    print_rule();
    printf("(d) one primitive created at the end of resources, then deleted, "
           "on a model of 10 vs %d\n", big);
    printf("    median of %d each; the 10-resource model first, then the big "
           "one (see the source)\n", creates);
    printf("  %-26s %12s %12s %8s %12s %12s %8s\n", "stage", "create 10",
           "create big", "ratio", "delete 10", "delete big", "ratio");
    for (int k = 0; k < 5; k++) {
        double m[2][2];

        for (int s = 0; s < 2; s++) {
            for (int c = 0; c < 2; c++) {
                m[s][c] = median(a[s][c][k]);
                g_array_unref(a[s][c][k]);
            }
        }
        printf("  %-26s %9.2f us %9.2f us %7.1fx %9.2f us %9.2f us %7.1fx\n",
               names[k], m[0][0] / 1e3, m[1][0] / 1e3, m[1][0] / m[0][0],
               m[0][1] / 1e3, m[1][1] / 1e3, m[1][1] / m[0][1]);
    }
    world_clear(&w[0]);
    world_clear(&w[1]);
    clusapi__port_unref(port);
}

/* ------------------------------------------ the digest on <diff> */

/* xml_apply_patchset on the big CIB for a one-change patchset, with and
 * without the digest based puts on <diff>: with it Pacemaker copies the
 * whole CIB before applying and hashes it afterwards.  The patchsets and
 * their digests are prepared first on a copy; then the first half is
 * applied without digest, the second half with it (in blocks: freeing the
 * copies Pacemaker makes with a digest slows down whatever runs next). */
static void
bench_digest(int big, int changes)
{
    world_t w;
    GArray *a[2];
    double med[2];
    double ovh = clock_overhead_ns();
    GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *digests = g_ptr_array_new_with_free_func(free);
    xmlNode *shadow;

    world_init(&w, big);
    shadow = clusapi__xml_copy(w.cib);
    for (int i = 0; i < changes; i++) {
        int idx = (int) (((guint32) i * 2654435761u) % (guint32) big);
        char *text;
        xmlNode *patch;

        w.running[idx] = !w.running[idx];
        text = gen_change_diff(w.epoch, w.nu, idx, w.running[idx], ++w.call);
        w.nu++;
        patch = parse_or_die(text, "change");
        apply_or_die(shadow, patch, "digest copy");
        g_ptr_array_add(texts, text);
        g_ptr_array_add(digests, calculate_xml_versioned_digest(
                                     shadow, FALSE, TRUE,
                                     attr(w.cib, "crm_feature_set")));
        clusapi__xml_free(patch);
    }
    clusapi__xml_free(shadow);
    a[0] = g_array_new(FALSE, FALSE, sizeof(double));
    a[1] = g_array_new(FALSE, FALSE, sizeof(double));
    for (int i = 0; i < changes; i++) {
        bool with = i >= changes / 2;
        xmlNode *patch = parse_or_die(g_ptr_array_index(texts, i), "change");
        int64_t t0, t1;
        int rc;

        if (with) {
            xmlSetProp(patch, (const xmlChar *) "digest",
                       (const xmlChar *) g_ptr_array_index(digests, i));
        }
        t0 = cpu_now();
        rc = xml_apply_patchset(w.cib, patch, true);
        t1 = cpu_now();
        if (rc != pcmk_ok) {
            die("xml_apply_patchset%s returned %d", with ? " (digest)" : "",
                rc);
        }
        push(a[with], (double) (t1 - t0) - ovh);
        clusapi__xml_free(patch);
    }
    med[0] = median(a[0]);
    med[1] = median(a[1]);
    g_array_unref(a[0]);
    g_array_unref(a[1]);
    g_ptr_array_unref(texts);
    g_ptr_array_unref(digests);
    print_rule();
    printf("(e) xml_apply_patchset of one lrm_rsc_op change on a %d-resource "
           "CIB, median of %d each\n", big, changes / 2);
    printf("  without digest %10.2f us\n", med[0] / 1e3);
    printf("  with digest    %10.2f us   (%.0fx)\n", med[1] / 1e3,
           med[1] / med[0]);
    world_clear(&w);
}

/* ---------------------------------------------------------------- main */

/* ------------------------------- (m) parsing a whole diff notification */

/* The envelope of a diff notification around a patchset, as Pacemaker
 * 2.1.5's CIB manager sends it (recorded: tests/unit/test-parser.c) */
static char *
notify_message(const char *patchset_text)
{
    const char *body = strstr(patchset_text, "<diff");

    return g_strdup_printf(
        "<notify t=\"cib_notify\" subt=\"cib_diff_notify\" "
        "cib_op=\"cib_modify\" cib_rc=\"0\" cib_object_type=\"nvpair\">"
        "<cib_generation><generation_tuple crm_feature_set=\"3.16.1\" "
        "validate-with=\"pacemaker-3.9\" epoch=\"7\" num_updates=\"0\" "
        "admin_epoch=\"0\" cib-last-written=\"Wed Dec  2 17:10:05 2026\" "
        "update-origin=\"node1\" update-client=\"crm_attribute\" "
        "update-user=\"root\" have-quorum=\"1\" dc-uuid=\"1\"/>"
        "</cib_generation><cib_update><nvpair id=\"nodes-1-bench\" "
        "name=\"bench\" value=\"2\"/></cib_update><cib_update_result>%s"
        "</cib_update_result></notify>",
        body != NULL ? body : patchset_text);
}

/* What the CIB adapter does with each message before handling it, both
 * ways: clusapi__xml_parse (a new parser context and dictionary per message) and
 * the parser it keeps (clusapi__xml_parser_parse); each parse and free
 * timed on its own with the monotonic clock, after a --cold sweep when one
 * is set. */
static void
bench_message(const char *dir, int rounds)
{
    guint n_patches = 0;
    g_autoptr(GPtrArray) scens = load_scenarios(dir, &n_patches);
    g_autoptr(GPtrArray) msgs = g_ptr_array_new_with_free_func(g_free);
    GArray *per[2] = { g_array_new(FALSE, FALSE, sizeof(double)),
                       g_array_new(FALSE, FALSE, sizeof(double)) };
    cl_xml_parser_t *parser = clusapi__xml_parser_new(CL_XML_PARSER_DICT_MAX);
    size_t bytes = 0;

    for (guint i = 0; i < scens->len; i++) {
        const scenario_t *sc = g_ptr_array_index(scens, i);

        for (guint j = 0; j < sc->texts->len; j++) {
            char *m = notify_message(g_ptr_array_index(sc->texts, j));

            bytes += strlen(m);
            g_ptr_array_add(msgs, m);
        }
    }
    for (int r = 0; r < rounds + 1; r++) { /* round 0 warms up */
        for (int how = 0; how < 2; how++) {
            int64_t sum = 0;

            for (guint k = 0; k < msgs->len; k++) {
                const char *text = g_ptr_array_index(msgs, k);
                int64_t t0;
                xmlNode *xml;

                if (cold_bytes > 0) {
                    cold_sweep();
                }
                t0 = mono_now();
                xml = how == 0 ? clusapi__xml_parse(text)
                               : clusapi__xml_parser_parse(parser, text);
                if (xml == NULL) {
                    die("message %u does not parse", k);
                }
                clusapi__xml_free(xml);
                sum += mono_now() - t0;
            }
            if (r > 0) {
                double v = (double) sum / msgs->len;

                g_array_append_val(per[how], v);
            }
        }
    }
    print_rule();
    printf("(m) a diff notification parsed and freed as the CIB adapter does: "
           "%u messages (the patchsets of %s in the envelope of a live one, "
           "%.1f KiB on average)\n",
           msgs->len, dir, bytes / 1024.0 / MAX(msgs->len, 1));
    printf("    wall time per message (monotonic clock), median of %d rounds%s"
           "\n", rounds, cold_bytes > 0 ? ", caches swept before each" : "");
    printf("  a new context + free_xml              %8.2f us\n",
           median(per[0]) / 1e3);
    printf("  the adapter's parser + free_xml       %8.2f us    %.3fx\n",
           median(per[1]) / 1e3, median(per[1]) / median(per[0]));
    clusapi__xml_parser_free(parser);
    g_array_unref(per[0]);
    g_array_unref(per[1]);
}

/* What a change costs while a port watches the cluster database: the
 * database read whole after it (clusapi__reg_snapshot) and compared with
 * the one before (clusapi__reg_diff), on models of 10 and big resources.
 * A change costs nothing of this while no port watches. */
static void
bench_registry(int big, int rounds)
{
    static const int sizes[2] = { 10, 0 };

    print_rule();
    printf("(r) the cluster database while a port watches it: snapshot + "
           "diff per change, median of %d\n", rounds);
    for (int s = 0; s < 2; s++) {
        int n = s == 0 ? sizes[0] : big;
        world_t w;
        GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
        GHashTable *before;
        guint keys = 0;

        world_init(&w, n);
        before = clusapi__reg_snapshot(w.m, w.cib, NULL, NULL);
        keys = g_hash_table_size(before);
        for (int i = 0; i < rounds; i++) {
            g_autoptr(GPtrArray) evs = g_ptr_array_new();
            int64_t t0 = cpu_now();
            GHashTable *after = clusapi__reg_snapshot(w.m, w.cib, NULL,
                                                      NULL);

            clusapi__reg_diff(before, after, evs);
            push(a, (double) (cpu_now() - t0));
            g_hash_table_unref(before);
            before = after;
        }
        printf("  %6d resources: %6u keys, %10.1f us per change\n", n,
               keys, median(a) / 1e3);
        g_hash_table_unref(before);
        g_array_unref(a);
        world_clear(&w);
    }
}

/* Is section 'name' in the comma-separated list 'only' (NULL: all)? */
static bool
wanted(const char *only, const char *name)
{
    g_auto(GStrv) parts = NULL;

    if (only == NULL) {
        return true;
    }
    parts = g_strsplit(only, ",", -1);
    return g_strv_contains((const char *const *) parts, name);
}

int
main(int argc, char **argv)
{
    const char *fixtures = NULL;
    const char *only = NULL;
    int rounds = 11;
    int changes = 2000;
    int creates = 10;
    int apply_max = 2000;
    int sizes[8] = { 1000, 10000 };
    int nsizes = 2;
    int big;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;

        if (val == NULL) {
            die("usage: bench-translate [--fixtures DIR] [--rounds N] "
                "[--sizes N,N] [--changes N] [--creates N] [--apply-max N] "
                "[--models kept|fresh] [--cold KIB] [--docs freed|kept] "
                "[--only fixtures,synthetic,single,create,digest,message,"
                "registry]");
        }
        i++;
        if (strcmp(arg, "--fixtures") == 0) {
            fixtures = val;
        } else if (strcmp(arg, "--rounds") == 0) {
            rounds = atoi(val);
        } else if (strcmp(arg, "--changes") == 0) {
            changes = atoi(val);
        } else if (strcmp(arg, "--creates") == 0) {
            creates = atoi(val);
        } else if (strcmp(arg, "--apply-max") == 0) {
            apply_max = atoi(val);
        } else if (strcmp(arg, "--only") == 0) {
            only = val;
        } else if (strcmp(arg, "--models") == 0) {
            if (strcmp(val, "fresh") != 0 && strcmp(val, "kept") != 0) {
                die("--models: kept or fresh");
            }
            fresh_models = strcmp(val, "fresh") == 0;
        } else if (strcmp(arg, "--docs") == 0) {
            if (strcmp(val, "freed") != 0 && strcmp(val, "kept") != 0) {
                die("--docs: freed or kept");
            }
            kept_docs = strcmp(val, "kept") == 0;
        } else if (strcmp(arg, "--cold") == 0) {
            cold_bytes = (size_t) strtoul(val, NULL, 10) * 1024;
            cold_buf = g_malloc0(cold_bytes > 0 ? cold_bytes : 1);
        } else if (strcmp(arg, "--sizes") == 0) {
            char **parts = g_strsplit(val, ",", 8);
            nsizes = 0;
            for (int k = 0; parts[k] != NULL && nsizes < 8; k++) {
                sizes[nsizes++] = atoi(parts[k]);
            }
            g_strfreev(parts);
        } else {
            die("unknown option %s", arg);
        }
    }
    if (rounds < 1 || changes < 2 || nsizes < 1) {
        die("--rounds, --changes and --sizes must be positive");
    }
    if (fixtures == NULL) {
        /* $top_srcdir, else the source tree this was built from */
        const char *top = g_getenv("top_srcdir");
        static char buf[4096];

#ifdef BENCH_TOP_SRCDIR
        if (top == NULL) {
            top = BENCH_TOP_SRCDIR;
        }
#endif
        g_snprintf(buf, sizeof(buf), "%s/tests/fixtures/cib",
                   top != NULL ? top : ".");
        fixtures = buf;
    }
    big = sizes[nsizes - 1];
    clusapi__xml_init();

    printf("bench-translate: thread CPU time (but where a section says "
           "otherwise), medians; rounds=%d changes=%d\n", rounds, changes);
    if (wanted(only, "fixtures")) {
        bench_fixtures(fixtures, rounds, 20);
    }
    if (wanted(only, "synthetic")) {
        bench_synthetic(sizes, nsizes, rounds, apply_max);
    }
    if (wanted(only, "single")) {
        bench_single(big, changes);
    }
    if (wanted(only, "create")) {
        bench_create(big, creates);
    }
    if (wanted(only, "digest")) {
        bench_digest(big, 40);
    }
    if (wanted(only, "message")) {
        bench_message(fixtures, rounds);
    }
    if (wanted(only, "registry")) {
        bench_registry(big, 9);
    }
    print_rule();
    return 0;
}

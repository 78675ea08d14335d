/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-latency.c - end-to-end latency on a live cluster: from a CIB change
 * being submitted to GetClusterNotify returning, measured in the same run
 * as a bare libcib client's diff-notification latency.  Run inside one
 * sandbox node by tests/bench/run-latency.sh, as four separate processes
 * (libcib is not thread-safe, and our library runs libcib on its own
 * thread):
 *
 *   bench-latency writer  DIR N PAUSE_MS  N+1 synchronous cib modify calls of
 *                                         a permanent attribute of node1
 *                                         (1 warm-up), CLOCK_MONOTONIC
 *                                         stamped just before each call
 *   bench-latency bare    DIR N           cib_new + signon(cib_query) +
 *                                         add_notify_callback(cib_diff_notify)
 *                                         + a GMainLoop on the default
 *                                         context, as Pacemaker's tools do;
 *                                         stamps each matching diff
 *   bench-latency clusapi DIR N [NAME [poll]]
 *                                         OpenCluster +
 *                                         CreateClusterNotifyPort(NODE_PROPERTY)
 *                                         + blocking GetClusterNotify; stamps
 *                                         each return.  With poll: poll() on
 *                                         clusapi_port_fd, then
 *                                         GetClusterNotify(0) (a second
 *                                         subscriber, NAME clusapi2, to tell
 *                                         the wake-up paths apart)
 *   bench-latency report  DIR RUNS        pairs the stamps of DIR/<run>/ and
 *                                         prints the figures
 *   bench-latency record  DIR             no latency: writes the CIB as
 *                                         DIR/base.xml, then the <diff> of
 *                                         every later diff notification as
 *                                         DIR/NN.patchset.xml (01, 02, ...)
 *                                         until DIR/stop appears: a live
 *                                         scenario for bench-translate
 *                                         --fixtures (tests/bench/record-live.sh)
 *
 * A subscriber writes DIR/ready.<name> once subscribed, and stops after N+1
 * events or when DIR/stop appears.  Run by hand (make bench
 * BENCH_LATENCY=1), never by make check; see docs/performance.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/tree.h>

#include <crm/crm.h>
#include <crm/cib.h>
#include <crm/common/xml.h>

#include "clusapi.h"
#include "core/xmlutil.h"

#define ATTR_NAME "bench-lat"
#define WARM_VALUE "warm"

static void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;

static void
die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fputs("bench-latency: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static int64_t
clock_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t
mono_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

static void
touch_file(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    if (!g_file_set_contents(path, "", 0, NULL)) {
        die("cannot write %s", path);
    }
}

static bool
file_exists(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static FILE *
open_out(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    FILE *f = fopen(path, "w");

    if (f == NULL) {
        die("cannot write %s: %s", path, strerror(errno));
    }
    return f;
}

/* ---------------------------------------------------------------- writer */

/* Pacemaker's own XML calls differ between 2.1 and 3.0: libxml2's */
static void
xset(xmlNode *n, const char *name, const char *value)
{
    xmlSetProp(n, (const xmlChar *) name, (const xmlChar *) value);
}

/* x serialised, indented (g_free it) */
static char *
dump_formatted(xmlNode *x)
{
    xmlBufferPtr buf = xmlBufferCreate();
    char *text;

    (void) xmlNodeDump(buf, x->doc, x, 0, 1);
    text = g_strdup_printf("%s\n", (const char *) xmlBufferContent(buf));
    xmlBufferFree(buf);
    return text;
}

/* The id of node1 in the nodes section (the corosync node id). */
static char *
node1_id(cib_t *cib)
{
    xmlNode *nodes = NULL;
    char *id = NULL;
    int rc = cib->cmds->query(cib, "nodes", &nodes, cib_sync_call);

    if (rc != pcmk_ok || nodes == NULL) {
        die("query of the nodes section failed: %s", pcmk_strerror(rc));
    }
    for (xmlNode *n = nodes->children; n != NULL; n = n->next) {
        if (n->type == XML_ELEMENT_NODE
            && g_strcmp0(attr(n, "uname"), "node1") == 0) {
            id = g_strdup(attr(n, "id"));
            break;
        }
    }
    free_xml(nodes);
    if (id == NULL) {
        die("node1 is not in the nodes section");
    }
    return id;
}

static int
set_attr(cib_t *cib, const char *id, const char *value)
{
    xmlDoc *doc = xmlNewDoc((const xmlChar *) "1.0");
    xmlNode *node = xmlNewDocNode(doc, NULL, (const xmlChar *) "node", NULL);
    xmlNode *set, *nv;
    g_autofree char *set_id = g_strdup_printf("nodes-%s", id);
    g_autofree char *nv_id = g_strdup_printf("nodes-%s-" ATTR_NAME, id);
    int rc;

    xmlDocSetRootElement(doc, node);
    xset(node, "id", id);
    xset(node, "uname", "node1");
    set = xmlNewChild(node, NULL, (const xmlChar *) "instance_attributes",
                      NULL);
    xset(set, "id", set_id);
    nv = xmlNewChild(set, NULL, (const xmlChar *) "nvpair", NULL);
    xset(nv, "id", nv_id);
    xset(nv, "name", ATTR_NAME);
    xset(nv, "value", value);
    rc = cib->cmds->modify(cib, "nodes", node, cib_sync_call);
    xmlFreeDoc(doc);
    return rc;
}

static int
run_writer(const char *dir, int n, int pause_ms)
{
    cib_t *cib = cib_new();
    g_autofree char *id = NULL;
    FILE *out = open_out(dir, "writer");
    int rc;
    int64_t t0, t1;

    if (cib == NULL) {
        die("cib_new failed");
    }
    rc = cib->cmds->signon(cib, "bench-writer", cib_command);
    if (rc != pcmk_ok) {
        die("writer signon failed: %s", pcmk_strerror(rc));
    }
    id = node1_id(cib);
    /* warm-up: creates the nvpair (or changes it from a previous run) */
    t0 = mono_ns();
    rc = set_attr(cib, id, WARM_VALUE);
    t1 = mono_ns();
    if (rc != pcmk_ok) {
        die("modify failed: %s", pcmk_strerror(rc));
    }
    fprintf(out, "%s %" PRId64 " %" PRId64 "\n", WARM_VALUE, t0, t1);
    g_usleep(500 * 1000);
    for (int i = 0; i < n; i++) {
        char value[32];

        g_snprintf(value, sizeof(value), "%d", i);
        t0 = mono_ns();
        rc = set_attr(cib, id, value);
        t1 = mono_ns();
        if (rc != pcmk_ok) {
            die("modify %d failed: %s", i, pcmk_strerror(rc));
        }
        fprintf(out, "%d %" PRId64 " %" PRId64 "\n", i, t0, t1);
        g_usleep((gulong) pause_ms * 1000);
    }
    fclose(out);
    cib->cmds->signoff(cib);
    cib_delete(cib);
    return 0;
}

/* ---------------------------------------------------------------- bare */

static struct {
    const char *dir;
    const char *name; /* "bare", or "bare2" for the control client */
    int want;       /* N */
    int seen;       /* matching diffs, warm-up included */
    int diffs;      /* every diff */
    int digests;    /* diffs with a digest attribute */
    GString *lines;
    GMainLoop *loop;
} bare;

/* The value our attribute gets in this diff, or NULL. */
static const char *
attr_value_in(xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        const char *v;

        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (strcmp((const char *) n->name, "nvpair") == 0
            && g_strcmp0(attr(n, "name"), ATTR_NAME) == 0) {
            return attr(n, "value");
        }
        v = attr_value_in(n->children);
        if (v != NULL) {
            return v;
        }
    }
    return NULL;
}

static xmlNode *
child_named(xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent != NULL ? parent->children : NULL; c != NULL;
         c = c->next) {
        if (c->type == XML_ELEMENT_NODE
            && strcmp((const char *) c->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

static void
on_diff(const char *event, xmlNode *msg)
{
    int64_t now = mono_ns();   /* first thing: the arrival */
    xmlNode *result = child_named(msg, "cib_update_result");
    xmlNode *diff = child_named(result, "diff");
    const char *value;
    bool digest;

    (void) event;
    if (diff == NULL) {
        return;
    }
    bare.diffs++;
    digest = attr(diff, "digest") != NULL;
    if (digest) {
        bare.digests++;
    }
    value = attr_value_in(diff->children);
    if (value == NULL) {
        return;
    }
    g_string_append_printf(bare.lines, "%s %" PRId64 " %d\n", value, now,
                           digest ? 1 : 0);
    if (++bare.seen >= bare.want + 1) {
        g_main_loop_quit(bare.loop);
    }
}

/* A main loop that ends when DIR/stop appears (checked every 100 ms) */
typedef struct stopper {
    const char *dir;
    GMainLoop *loop;
} stopper_t;

static gboolean
check_stop(gpointer data)
{
    stopper_t *st = data;

    if (file_exists(st->dir, "stop")) {
        g_main_loop_quit(st->loop);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

/* What the process cost besides CPU, from its start line to its end:
 * page faults and context switches (a tail of the latency may come from
 * them rather than from the code). */
static void
ru_now(long v[4])
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    v[0] = ru.ru_minflt;
    v[1] = ru.ru_majflt;
    v[2] = ru.ru_nvcsw;
    v[3] = ru.ru_nivcsw;
}

static void
ru_print(FILE *out, const long a[4], const long b[4])
{
    fprintf(out, "# rusage minflt %ld majflt %ld nvcsw %ld nivcsw %ld\n",
            b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]);
}

static bool
ru_parse(const char *line, long v[4])
{
    long t[4];

    if (sscanf(line, "# rusage minflt %ld majflt %ld nvcsw %ld nivcsw %ld",
               &t[0], &t[1], &t[2], &t[3]) != 4) {
        return false;
    }
    for (int i = 0; i < 4; i++) {
        v[i] += t[i];
    }
    return true;
}

static int
run_bare(const char *dir, int n, const char *name)
{
    g_autofree char *ready = g_strdup_printf("ready.%s", name);
    cib_t *cib = cib_new();
    FILE *out;
    int rc;
    int64_t cpu0, cpu1;
    long ru0[4], ru1[4];
    stopper_t st;

    bare.dir = dir;
    bare.name = name;
    bare.want = n;
    bare.lines = g_string_new(NULL);
    bare.loop = g_main_loop_new(NULL, FALSE);
    if (cib == NULL) {
        die("cib_new failed");
    }
    rc = cib->cmds->signon(cib, name, cib_query);
    if (rc != pcmk_ok) {
        die("bare signon failed: %s", pcmk_strerror(rc));
    }
    rc = cib->cmds->add_notify_callback(cib, "cib_diff_notify", on_diff);
    if (rc != pcmk_ok) {
        die("add_notify_callback failed: %s", pcmk_strerror(rc));
    }
    st.dir = dir;
    st.loop = bare.loop;
    g_timeout_add(100, check_stop, &st);
    ru_now(ru0);
    cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    touch_file(dir, ready);
    g_main_loop_run(bare.loop);
    cpu1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    ru_now(ru1);
    out = open_out(dir, name);
    fputs(bare.lines->str, out);
    fprintf(out, "# cpu_ns %" PRId64 " diffs %d digests %d\n", cpu1 - cpu0,
            bare.diffs, bare.digests);
    ru_print(out, ru0, ru1);
    fclose(out);
    cib->cmds->signoff(cib);
    cib_delete(cib);
    g_string_free(bare.lines, TRUE);
    return 0;
}

/* ---------------------------------------------------------------- clusapi */

/* Closes the port when DIR/stop appears: the blocked GetClusterNotify then
 * returns ERROR_INVALID_HANDLE. */
typedef struct watch {
    const char *dir;
    HCHANGE port;
    volatile gint done;
} watch_t;

static gpointer
watchdog(gpointer data)
{
    watch_t *w = data;

    while (!g_atomic_int_get(&w->done)) {
        if (file_exists(w->dir, "stop")) {
            CloseClusterNotifyPort(w->port);
            break;
        }
        g_usleep(100 * 1000);
    }
    return NULL;
}

static int
run_clusapi(const char *dir, int n, const char *name, bool use_poll)
{
    g_autofree char *recv_name = g_strdup_printf("recv.%s", name);
    g_autofree char *recv_path = g_build_filename(dir, recv_name, NULL);
    /* the library's worker stamps each message it reads (src/adapt/cib.c),
     * written out when the cluster handle closes */
    bool stamped = g_setenv("CLUSAPI_TEST_RECV_STAMPS", recv_path, TRUE);
    HCLUSTER h = OpenClusterA(NULL);
    HCHANGE port;
    GString *lines = g_string_new(NULL);
    watch_t w = { 0 };
    GThread *t;
    FILE *out;
    int seen = 0;
    int64_t cpu0, cpu1;
    long ru0[4], ru1[4];

    if (h == NULL) {
        die("OpenCluster failed: %u", GetLastError());
    }
    port = CreateClusterNotifyPort(INVALID_HANDLE_VALUE, h,
                                   CLUSTER_CHANGE_NODE_PROPERTY, 1);
    if (port == NULL) {
        die("CreateClusterNotifyPort failed: %u", GetLastError());
    }
    w.dir = dir;
    w.port = port;
    t = g_thread_new("watchdog", watchdog, &w);
    ru_now(ru0);
    cpu0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    {
        g_autofree char *ready = g_strdup_printf("ready.%s", name);
        touch_file(dir, ready);
    }
    while (seen < n + 1) {
        DWORD_PTR key;
        DWORD type;
        char obj[256];
        DWORD len = sizeof(obj);
        DWORD rc;
        int64_t now;

        if (use_poll) {
            /* a bounded wait: the watchdog's close ends the loop through
             * GetClusterNotify's answer, not through the fd */
            struct pollfd pfd = { clusapi_port_fd(port), POLLIN, 0 };

            if (pfd.fd >= 0 && poll(&pfd, 1, 100) == 0) {
                continue;
            }
            rc = GetClusterNotifyA(port, &key, &type, obj, &len, 0);
            if (rc == WAIT_TIMEOUT) {
                continue;
            }
        } else {
            rc = GetClusterNotifyA(port, &key, &type, obj, &len, INFINITE);
        }
        now = mono_ns();
        if (rc != ERROR_SUCCESS) {
            break; /* closed by the watchdog */
        }
        if (type == CLUSTER_CHANGE_NODE_PROPERTY
            && strcmp(obj, "node1") == 0) {
            g_string_append_printf(lines, "%d %" PRId64 "\n", seen, now);
            seen++;
        }
    }
    cpu1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    ru_now(ru1);
    g_atomic_int_set(&w.done, 1);
    g_thread_join(t);
    out = open_out(dir, name);
    fputs(lines->str, out);
    fprintf(out, "# cpu_ns %" PRId64 " events %d\n", cpu1 - cpu0, seen);
    ru_print(out, ru0, ru1);
    fclose(out);
    g_string_free(lines, TRUE);
    CloseClusterNotifyPort(port);
    CloseCluster(h);
    (void) stamped;
    return 0;
}

/* ---------------------------------------------------------------- record */

static struct {
    const char *dir;
    int n;                   /* patchsets written */
    long long base[3];       /* the base CIB's admin_epoch, epoch, num_updates */
    long long last[3];       /* the last written diff's target */
    int gaps;                /* diffs whose source was not the last target */
    GMainLoop *loop;
} rec;

static void
version_of(xmlNode *x, long long v[3])
{
    static const char *const names[] = { "admin_epoch", "epoch",
                                         "num_updates" };

    for (int i = 0; i < 3; i++) {
        const char *s = x != NULL ? attr(x, names[i]) : NULL;

        v[i] = s != NULL ? g_ascii_strtoll(s, NULL, 10) : -1;
    }
}

static int
version_cmp(const long long a[3], const long long b[3])
{
    for (int i = 0; i < 3; i++) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}

static void
on_record(const char *event, xmlNode *msg)
{
    xmlNode *diff = child_named(child_named(msg, "cib_update_result"), "diff");
    xmlNode *version = child_named(diff, "version");
    long long src[3], tgt[3];
    g_autofree char *leaf = NULL;
    g_autofree char *path = NULL;
    char *text;

    (void) event;
    if (diff == NULL || version == NULL) {
        return;
    }
    version_of(child_named(version, "source"), src);
    version_of(child_named(version, "target"), tgt);
    if (version_cmp(tgt, rec.base) <= 0) {
        return; /* already in the base */
    }
    if (version_cmp(src, rec.last) != 0) {
        rec.gaps++;
    }
    memcpy(rec.last, tgt, sizeof(rec.last));
    leaf = g_strdup_printf("%02d.patchset.xml", ++rec.n);
    path = g_build_filename(rec.dir, leaf, NULL);
    text = dump_formatted(diff);
    if (!g_file_set_contents(path, text, -1, NULL)) {
        die("cannot write %s", path);
    }
    g_free(text);
}

static int
run_record(const char *dir)
{
    cib_t *cib = cib_new();
    xmlNode *base = NULL;
    g_autofree char *path = g_build_filename(dir, "base.xml", NULL);
    char *text;
    int rc;
    stopper_t st;

    rec.dir = dir;
    rec.loop = g_main_loop_new(NULL, FALSE);
    if (cib == NULL) {
        die("cib_new failed");
    }
    rc = cib->cmds->signon(cib, "bench-record", cib_query);
    if (rc != pcmk_ok) {
        die("record signon failed: %s", pcmk_strerror(rc));
    }
    /* subscribed first, then the base: a diff between the two is in the
     * base and skipped by its version */
    rc = cib->cmds->add_notify_callback(cib, "cib_diff_notify", on_record);
    if (rc != pcmk_ok) {
        die("add_notify_callback failed: %s", pcmk_strerror(rc));
    }
    rc = cib->cmds->query(cib, NULL, &base, cib_scope_local | cib_sync_call);
    if (rc != pcmk_ok || base == NULL) {
        die("query failed: %s", pcmk_strerror(rc));
    }
    version_of(base, rec.base);
    memcpy(rec.last, rec.base, sizeof(rec.last));
    text = dump_formatted(base);
    if (!g_file_set_contents(path, text, -1, NULL)) {
        die("cannot write %s", path);
    }
    g_free(text);
    free_xml(base);
    st.dir = dir;
    st.loop = rec.loop;
    g_timeout_add(100, check_stop, &st);
    touch_file(dir, "ready.record");
    g_main_loop_run(rec.loop);
    printf("record: %d patchsets, %d not following the one before\n", rec.n,
           rec.gaps);
    cib->cmds->signoff(cib);
    cib_delete(cib);
    return rec.gaps == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- report */

/* the worker's stamps per message (src/adapt/cib.c) */
enum { ST_READ, ST_FREED = 4, STAGES };

typedef struct run {
    GArray *w0;      /* int64 submit stamps, index = change (warm-up excluded) */
    GArray *w1;      /* int64 return of the synchronous modify */
    int64_t warm;    /* warm-up submit stamp */
    GArray *bare;    /* int64 arrival by value, -1 = missing */
    GArray *bare2;   /* the same for the control client, or NULL */
    GArray *ours;    /* int64 GetClusterNotify returns, in order */
    GArray *ours2;   /* the same for the polling subscriber, or NULL */
    GArray *st[STAGES]; /* int64 the blocking subscriber's worker read a
                         * message, parsed it, applied its patch, handled
                         * it (events posted), freed it
                         * (CLUSAPI_TEST_RECV_STAMPS), or NULL */
    int64_t bare_cpu, ours_cpu;
    long bare_ru[4], ours_ru[4]; /* ru_now's four counts */
    int diffs, digests, ours_events;
} run_t;

static char *
read_text(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        die("cannot read %s", path);
    }
    return text;
}

/* A bare client's file: arrival stamps by value (-1 = missing). */
static GArray *
load_bare(const char *text, guint n, int64_t *ret_cpu, int *ret_diffs,
          int *ret_digests, long ru[4])
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(int64_t));

    g_array_set_size(a, n);
    for (guint i = 0; i < n; i++) {
        g_array_index(a, int64_t, i) = -1;
    }
    for (int i = 0; lines[i] != NULL; i++) {
        char v[32];
        int64_t t;
        int d, diffs, digests;

        if (sscanf(lines[i], "# cpu_ns %" SCNd64 " diffs %d digests %d", &t,
                   &diffs, &digests) == 3) {
            *ret_cpu = t;
            *ret_diffs = diffs;
            *ret_digests = digests;
        } else if (ru_parse(lines[i], ru)) {
            continue;
        } else if (sscanf(lines[i], "%31s %" SCNd64 " %d", v, &t, &d) == 3
                   && strcmp(v, WARM_VALUE) != 0) {
            int idx = atoi(v);
            if (idx >= 0 && (guint) idx < n) {
                g_array_index(a, int64_t, idx) = t;
            }
        }
    }
    return a;
}

static void
load_run(run_t *r, const char *dir)
{
    g_autofree char *wt = read_text(dir, "writer");
    g_autofree char *bt = read_text(dir, "bare");
    g_autofree char *ct = read_text(dir, "clusapi");
    g_autofree char *b2path = g_build_filename(dir, "bare2", NULL);
    g_autofree char *c2path = g_build_filename(dir, "clusapi2", NULL);
    g_autofree char *rpath = g_build_filename(dir, "recv.clusapi", NULL);
    g_auto(GStrv) wl = g_strsplit(wt, "\n", -1);
    g_auto(GStrv) cl = g_strsplit(ct, "\n", -1);

    memset(r, 0, sizeof(*r));
    r->w0 = g_array_new(FALSE, FALSE, sizeof(int64_t));
    r->w1 = g_array_new(FALSE, FALSE, sizeof(int64_t));
    r->ours = g_array_new(FALSE, FALSE, sizeof(int64_t));
    for (int i = 0; wl[i] != NULL; i++) {
        char v[32];
        int64_t a, b;

        if (sscanf(wl[i], "%31s %" SCNd64 " %" SCNd64, v, &a, &b) != 3) {
            continue;
        }
        if (strcmp(v, WARM_VALUE) == 0) {
            r->warm = a;
        } else {
            g_array_append_val(r->w0, a);
            g_array_append_val(r->w1, b);
        }
    }
    r->bare = load_bare(bt, r->w0->len, &r->bare_cpu, &r->diffs,
                        &r->digests, r->bare_ru);
    if (g_file_test(b2path, G_FILE_TEST_EXISTS)) {
        g_autofree char *b2 = read_text(dir, "bare2");
        int64_t cpu;
        int diffs, digests;
        long ru[4] = { 0 };

        r->bare2 = load_bare(b2, r->w0->len, &cpu, &diffs, &digests, ru);
    }
    for (int i = 0; cl[i] != NULL; i++) {
        int64_t a;
        int seq;

        if (sscanf(cl[i], "# cpu_ns %" SCNd64 " events %d", &a,
                   &r->ours_events) == 2) {
            r->ours_cpu = a;
        } else if (ru_parse(cl[i], r->ours_ru)) {
            continue;
        } else if (sscanf(cl[i], "%d %" SCNd64, &seq, &a) == 2) {
            g_array_append_val(r->ours, a);
        }
    }
    if (g_file_test(rpath, G_FILE_TEST_EXISTS)) {
        g_autofree char *rt = read_text(dir, "recv.clusapi");
        g_auto(GStrv) rl = g_strsplit(rt, "\n", -1);

        for (int k = 0; k < STAGES; k++) {
            r->st[k] = g_array_new(FALSE, FALSE, sizeof(int64_t));
        }
        for (int i = 0; rl[i] != NULL; i++) {
            int64_t t[STAGES];

            if (sscanf(rl[i],
                       "%" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64
                       " %" SCNd64, &t[0], &t[1], &t[2], &t[3], &t[4])
                == STAGES) {
                for (int k = 0; k < STAGES; k++) {
                    g_array_append_val(r->st[k], t[k]);
                }
            }
        }
    }
    if (g_file_test(c2path, G_FILE_TEST_EXISTS)) {
        g_autofree char *c2 = read_text(dir, "clusapi2");
        g_auto(GStrv) l2 = g_strsplit(c2, "\n", -1);

        r->ours2 = g_array_new(FALSE, FALSE, sizeof(int64_t));
        for (int i = 0; l2[i] != NULL; i++) {
            int64_t a;
            int seq;

            if (l2[i][0] != '#'
                && sscanf(l2[i], "%d %" SCNd64, &seq, &a) == 2) {
                g_array_append_val(r->ours2, a);
            }
        }
    }
}

static void
free_run(run_t *r)
{
    g_array_unref(r->w0);
    g_array_unref(r->w1);
    g_array_unref(r->bare);
    if (r->bare2 != NULL) {
        g_array_unref(r->bare2);
    }
    g_array_unref(r->ours);
    if (r->ours2 != NULL) {
        g_array_unref(r->ours2);
    }
    for (int k = 0; k < STAGES; k++) {
        if (r->st[k] != NULL) {
            g_array_unref(r->st[k]);
        }
    }
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static double
pct(GArray *sorted, double p)
{
    double x;
    guint rank;

    if (sorted->len == 0) {
        return NAN;
    }
    if (p == 50.0) {
        guint n = sorted->len;
        return n % 2 ? g_array_index(sorted, double, n / 2)
                     : (g_array_index(sorted, double, n / 2 - 1)
                        + g_array_index(sorted, double, n / 2))
                           / 2;
    }
    x = p / 100.0 * sorted->len;
    rank = (guint) x;
    if ((double) rank < x) {
        rank++;
    }
    if (rank < 1) {
        rank = 1;
    }
    return g_array_index(sorted, double, rank - 1);
}

typedef struct stats {
    GArray *bare, *ours, *added, *call;  /* double, ms */
    GArray *control;  /* bare2 - bare, ms (control run only) */
    GArray *bare2;    /* the control client's latency, ms (control run only) */
    GArray *ours2;    /* the polling subscriber's latency, ms (if it ran) */
    GArray *poll_d;   /* ours2 - ours per change, ms */
    GArray *recv;     /* the worker's read of the change's message, ms */
    GArray *rest;     /* ours - that read per change, ms */
    GArray *work;     /* the worker's handling of it, ms */
    GArray *handoff;  /* ours - the end of that handling, ms */
    GArray *step[4];  /* that handling's parse, apply, translate + post,
                       * free, ms */
    guint missing_bare, missing_ours, extra_ours;
} stats_t;

static void
stats_init(stats_t *s)
{
    memset(s, 0, sizeof(*s));
    s->bare = g_array_new(FALSE, FALSE, sizeof(double));
    s->ours = g_array_new(FALSE, FALSE, sizeof(double));
    s->added = g_array_new(FALSE, FALSE, sizeof(double));
    s->call = g_array_new(FALSE, FALSE, sizeof(double));
    s->control = g_array_new(FALSE, FALSE, sizeof(double));
    s->bare2 = g_array_new(FALSE, FALSE, sizeof(double));
    s->ours2 = g_array_new(FALSE, FALSE, sizeof(double));
    s->poll_d = g_array_new(FALSE, FALSE, sizeof(double));
    s->recv = g_array_new(FALSE, FALSE, sizeof(double));
    s->rest = g_array_new(FALSE, FALSE, sizeof(double));
    s->work = g_array_new(FALSE, FALSE, sizeof(double));
    s->handoff = g_array_new(FALSE, FALSE, sizeof(double));
    for (int k = 0; k < 4; k++) {
        s->step[k] = g_array_new(FALSE, FALSE, sizeof(double));
    }
}

static void
stats_clear(stats_t *s)
{
    g_array_unref(s->bare);
    g_array_unref(s->ours);
    g_array_unref(s->added);
    g_array_unref(s->call);
    g_array_unref(s->control);
    g_array_unref(s->bare2);
    g_array_unref(s->ours2);
    g_array_unref(s->poll_d);
    g_array_unref(s->recv);
    g_array_unref(s->rest);
    g_array_unref(s->work);
    g_array_unref(s->handoff);
    for (int k = 0; k < 4; k++) {
        g_array_unref(s->step[k]);
    }
}

/* For each change i, the index in evs (stamps in order) of the first stamp
 * in [submit i, submit i+1), or -1: events come in order and the pause
 * between changes is far longer than the latency; the warm-up's come
 * before the first submission.  *extra counts the stamps after the first
 * in an interval (a second event for one change).  NULL evs: NULL. */
static GArray *
by_change(const run_t *r, const GArray *evs, guint *extra)
{
    GArray *idx;
    guint j = 0;

    if (evs == NULL) {
        return NULL;
    }
    idx = g_array_sized_new(FALSE, FALSE, sizeof(int), r->w0->len);
    while (j < evs->len && r->w0->len > 0
           && g_array_index(evs, int64_t, j)
                  < g_array_index(r->w0, int64_t, 0)) {
        j++;
    }
    for (guint i = 0; i < r->w0->len; i++) {
        int64_t next = i + 1 < r->w0->len
                           ? g_array_index(r->w0, int64_t, i + 1)
                           : INT64_MAX;
        int at = -1;

        if (j < evs->len && g_array_index(evs, int64_t, j) < next) {
            at = (int) j++;
            while (j < evs->len && g_array_index(evs, int64_t, j) < next) {
                j++;
                (*extra)++;
            }
        }
        g_array_append_val(idx, at);
    }
    return idx;
}

/* The stamp of evs that by_change gave change i, or -1 */
static int64_t
stamp_of(const GArray *evs, const GArray *idx, guint i)
{
    int at = idx != NULL ? g_array_index(idx, int, i) : -1;

    return at >= 0 ? g_array_index(evs, int64_t, at) : -1;
}

/* Append (to - from) in ms to a if both stamps are there */
static void
push_ms(GArray *a, int64_t from, int64_t to)
{
    if (from >= 0 && to >= 0) {
        double v = (to - from) / 1e6;

        g_array_append_val(a, v);
    }
}

/* Pair each change with the first event of ours (and of the polling
 * subscriber, and the worker's read of its message) in its interval
 * (by_change), and with the bare clients' diffs carrying its value. */
static void
pair_run(run_t *r, stats_t *s)
{
    guint extra = 0;
    g_autoptr(GArray) oi = by_change(r, r->ours, &s->extra_ours);
    g_autoptr(GArray) o2i = by_change(r, r->ours2, &extra);
    g_autoptr(GArray) ri = by_change(r, r->st[ST_READ], &extra);

    for (guint i = 0; i < r->w0->len; i++) {
        int64_t w = g_array_index(r->w0, int64_t, i);
        int64_t b = g_array_index(r->bare, int64_t, i);
        int64_t b2 = r->bare2 != NULL ? g_array_index(r->bare2, int64_t, i)
                                      : -1;
        int64_t o = stamp_of(r->ours, oi, i);
        int64_t o2 = stamp_of(r->ours2, o2i, i);
        int64_t t[STAGES];
        int64_t rd, done;

        for (int k = 0; k < STAGES; k++) {
            t[k] = stamp_of(r->st[k], ri, i);
        }
        rd = t[ST_READ];
        done = t[ST_FREED];

        push_ms(s->call, w, g_array_index(r->w1, int64_t, i));
        if (b < 0) {
            s->missing_bare++;
        }
        if (o < 0) {
            s->missing_ours++;
        }
        push_ms(s->bare, w, b);
        push_ms(s->ours, w, o);
        push_ms(s->added, b, o);
        push_ms(s->control, b, b2);
        push_ms(s->bare2, w, b2);
        push_ms(s->ours2, w, o2);
        push_ms(s->poll_d, o, o2);
        push_ms(s->recv, w, rd);
        push_ms(s->work, rd, done);
        push_ms(s->rest, rd, o);
        push_ms(s->handoff, done, o);
        for (int k = 0; k + 1 < STAGES; k++) {
            push_ms(s->step[k], t[k], t[k + 1]);
        }
    }
}

static void
sort_all(stats_t *s)
{
    g_array_sort(s->bare, cmp_double);
    g_array_sort(s->ours, cmp_double);
    g_array_sort(s->added, cmp_double);
    g_array_sort(s->call, cmp_double);
    g_array_sort(s->control, cmp_double);
    g_array_sort(s->bare2, cmp_double);
    g_array_sort(s->ours2, cmp_double);
    g_array_sort(s->poll_d, cmp_double);
    g_array_sort(s->recv, cmp_double);
    g_array_sort(s->rest, cmp_double);
    g_array_sort(s->work, cmp_double);
    g_array_sort(s->handoff, cmp_double);
    for (int k = 0; k < 4; k++) {
        g_array_sort(s->step[k], cmp_double);
    }
}

/* Median of the absolute values (how far apart two identical clients are,
 * whichever is first). */
static double
abs_median(GArray *a)
{
    g_autoptr(GArray) b = g_array_sized_new(FALSE, FALSE, sizeof(double),
                                            a->len);
    for (guint i = 0; i < a->len; i++) {
        double v = g_array_index(a, double, i);

        v = v < 0 ? -v : v;
        g_array_append_val(b, v);
    }
    g_array_sort(b, cmp_double);
    return pct(b, 50);
}

static void
print_stats_line(const char *label, stats_t *s)
{
    double mb = pct(s->bare, 50), mo = pct(s->ours, 50);

    printf("  %-8s %5u %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %6.2fx "
           "%8.3f\n",
           label, s->added->len, mb, pct(s->bare, 99), mo, pct(s->ours, 99),
           pct(s->added, 50), pct(s->added, 99),
           pct(s->ours, 99) - pct(s->bare, 99), mo / mb, pct(s->call, 50));
}

static int
run_report(const char *dir, int runs)
{
    stats_t all;
    GArray *run_added_med = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *run_added_p99 = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *run_ratio = g_array_new(FALSE, FALSE, sizeof(double));
    int64_t bare_cpu = 0, ours_cpu = 0;
    long bare_ru[4] = { 0 }, ours_ru[4] = { 0 };
    int diffs = 0, digests = 0, ours_events = 0;
    double med_added, p99_added, d99;

    stats_init(&all);
    printf("latency from submission (CLOCK_MONOTONIC before cib modify) to "
           "arrival, ms\n");
    printf("  %-8s %5s %8s %8s %8s %8s %8s %8s %8s %7s %8s\n", "run", "n",
           "bare50", "bare99", "ours50", "ours99", "added50", "added99",
           "d99", "ratio", "call50");
    for (int k = 1; k <= runs; k++) {
        g_autofree char *rdir = g_strdup_printf("%s/%d", dir, k);
        g_autofree char *label = g_strdup_printf("%d", k);
        run_t r;
        stats_t s;
        double v;

        load_run(&r, rdir);
        stats_init(&s);
        pair_run(&r, &s);
        pair_run(&r, &all);
        sort_all(&s);
        print_stats_line(label, &s);
        if (s.control->len > 0) {
            printf("           control bare2 - bare: median %.3f ms, p99 "
                   "%.3f ms, d99 %.3f ms\n",
                   pct(s.control, 50), pct(s.control, 99),
                   pct(s.bare2, 99) - pct(s.bare, 99));
        }
        if (s.recv->len > 0) {
            printf("           worker read: median %.3f ms, p99 %.3f ms "
                   "(read99 - bare99 %.3f ms); then to the event: median "
                   "%.3f ms, p99 %.3f ms (handling %.3f / %.3f, hand-off "
                   "%.3f / %.3f)\n",
                   pct(s.recv, 50), pct(s.recv, 99),
                   pct(s.recv, 99) - pct(s.bare, 99), pct(s.rest, 50),
                   pct(s.rest, 99), pct(s.work, 50), pct(s.work, 99),
                   pct(s.handoff, 50), pct(s.handoff, 99));
        }
        if (s.ours2->len > 0) {
            printf("           polling ours2 - ours: median %.3f ms, p99 "
                   "%.3f ms; ours2_99 - bare99 %.3f ms\n",
                   pct(s.poll_d, 50), pct(s.poll_d, 99),
                   pct(s.ours2, 99) - pct(s.bare, 99));
        }
        if (s.missing_bare || s.missing_ours || s.extra_ours) {
            printf("           (missing: bare %u, ours %u; extra ours %u)\n",
                   s.missing_bare, s.missing_ours, s.extra_ours);
        }
        v = pct(s.added, 50);
        g_array_append_val(run_added_med, v);
        v = pct(s.added, 99);
        g_array_append_val(run_added_p99, v);
        v = pct(s.ours, 50) / pct(s.bare, 50);
        g_array_append_val(run_ratio, v);
        bare_cpu += r.bare_cpu;
        ours_cpu += r.ours_cpu;
        for (int i = 0; i < 4; i++) {
            bare_ru[i] += r.bare_ru[i];
            ours_ru[i] += r.ours_ru[i];
        }
        diffs += r.diffs;
        digests += r.digests;
        ours_events += r.ours_events;
        stats_clear(&s);
        free_run(&r);
    }
    sort_all(&all);
    print_stats_line("pooled", &all);
    g_array_sort(run_added_med, cmp_double);
    g_array_sort(run_added_p99, cmp_double);
    g_array_sort(run_ratio, cmp_double);
    med_added = pct(all.added, 50);
    p99_added = pct(all.added, 99);
    printf("  median over runs: added50 %.3f ms, added99 %.3f ms, "
           "ratio %.2fx\n",
           pct(run_added_med, 50), pct(run_added_p99, 50),
           pct(run_ratio, 50));
    printf("  (bare = libcib client, ours = GetClusterNotify; added = ours - "
           "bare per change; d99 = ours99 - bare99, the tail latency ours adds; "
           "call = the synchronous modify)\n");
    d99 = pct(all.ours, 99) - pct(all.bare, 99);
    printf("goals: added latency < 0.3 ms median: %s (%.3f ms); < 1 ms p99: "
           "%s (%.3f ms, ours99 - bare99)\n",
           med_added < 0.3 ? "met" : "MISSED", med_added,
           d99 < 1.0 ? "met" : "MISSED", d99);
    printf("       the stricter p99 of the per-change differences: %.3f ms "
           "(%s)\n", p99_added, p99_added < 1.0 ? "under 1 ms" : "over 1 ms");
    printf("subscriber CPU (whole process, ready to exit): bare %.1f us per "
           "diff (%d diffs), ours %.1f us per diff\n",
           diffs ? bare_cpu / 1e3 / diffs : 0.0, diffs,
           diffs ? ours_cpu / 1e3 / diffs : 0.0);
    if (diffs > 0) {
        printf("per diff: page faults (minor/major) bare %.2f / %.2f, ours "
               "%.2f / %.2f; context switches (voluntary/involuntary) bare "
               "%.2f / %.2f, ours %.2f / %.2f\n",
               (double) bare_ru[0] / diffs, (double) bare_ru[1] / diffs,
               (double) ours_ru[0] / diffs, (double) ours_ru[1] / diffs,
               (double) bare_ru[2] / diffs, (double) bare_ru[3] / diffs,
               (double) ours_ru[2] / diffs, (double) ours_ru[3] / diffs);
    }
    printf("diff notifications with a digest attribute on <diff>: %d of %d\n",
           digests, diffs);
    if (all.control->len > 0) {
        printf("control: a second bare libcib client in the same runs, "
               "bare2 - bare: median %.3f ms, p99 %.3f ms, |median| of "
               "|differences| %.3f ms; d99 (bare2_99 - bare99) %.3f ms\n",
               pct(all.control, 50), pct(all.control, 99),
               abs_median(all.control), pct(all.bare2, 99) - pct(all.bare, 99));
    }
    if (all.recv->len > 0) {
        printf("ours split: the library's worker read the change's message "
               "at median %.3f ms, p99 %.3f ms (read99 - bare99 %.3f ms); "
               "from that read to GetClusterNotify's return (parse, apply, "
               "translate, post, hand-off): median %.3f ms, p99 %.3f ms (%u "
               "of the changes); of it the worker's handling of the message "
               "(parse to free) median %.3f ms, p99 %.3f ms, and the "
               "hand-off from its end to GetClusterNotify's return median "
               "%.3f ms, p99 %.3f ms\n",
               pct(all.recv, 50), pct(all.recv, 99),
               pct(all.recv, 99) - pct(all.bare, 99), pct(all.rest, 50),
               pct(all.rest, 99), all.rest->len, pct(all.work, 50),
               pct(all.work, 99), pct(all.handoff, 50),
               pct(all.handoff, 99));
        printf("ours split, the worker's handling (median / p99 ms): parse "
               "%.3f / %.3f, apply %.3f / %.3f, translate + post %.3f / "
               "%.3f, free %.3f / %.3f\n",
               pct(all.step[0], 50), pct(all.step[0], 99),
               pct(all.step[1], 50), pct(all.step[1], 99),
               pct(all.step[2], 50), pct(all.step[2], 99),
               pct(all.step[3], 50), pct(all.step[3], 99));
    }
    if (all.ours2->len > 0) {
        printf("polling: a second clusapi subscriber in the same runs, "
               "poll() on clusapi_port_fd then GetClusterNotify(0): ours2 - "
               "ours median %.3f ms, p99 %.3f ms; d99 (ours2_99 - bare99) "
               "%.3f ms against ours' %.3f ms (%u of the changes)\n",
               pct(all.poll_d, 50), pct(all.poll_d, 99),
               pct(all.ours2, 99) - pct(all.bare, 99),
               pct(all.ours, 99) - pct(all.bare, 99), all.ours2->len);
    }
    if (all.missing_bare || all.missing_ours || all.extra_ours) {
        printf("WARNING: missing bare %u, missing ours %u, extra ours %u\n",
               all.missing_bare, all.missing_ours, all.extra_ours);
    }
    (void) ours_events;
    stats_clear(&all);
    g_array_unref(run_added_med);
    g_array_unref(run_added_p99);
    g_array_unref(run_ratio);
    return 0;
}

/* ---------------------------------------------------------------- main */

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "record") == 0) {
        return run_record(argv[2]);
    }
    if (argc < 4) {
        die("usage: bench-latency writer DIR N PAUSE_MS | bare DIR N [bare2] | "
            "clusapi DIR N [NAME [poll]] | report DIR RUNS | record DIR");
    }
    if (strcmp(argv[1], "writer") == 0 && argc == 5) {
        return run_writer(argv[2], atoi(argv[3]), atoi(argv[4]));
    }
    if (strcmp(argv[1], "bare") == 0) {
        return run_bare(argv[2], atoi(argv[3]), argc > 4 ? argv[4] : "bare");
    }
    if (strcmp(argv[1], "clusapi") == 0) {
        return run_clusapi(argv[2], atoi(argv[3]),
                           argc > 4 ? argv[4] : "clusapi",
                           argc > 5 && strcmp(argv[5], "poll") == 0);
    }
    if (strcmp(argv[1], "report") == 0) {
        return run_report(argv[2], atoi(argv[3]));
    }
    die("unknown mode %s", argv[1]);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cib.c - the CIB adapter (see cib.h).  The only file that calls libcib.
 *
 * Why not a plain cib->cmds->signon(): the native backend attaches its IPC
 * watch with mainloop_add_ipc_client() -> g_io_add_watch_full(), i.e. to
 * glib's global default GMainContext.  A library thread iterating that
 * context would race an application's own default-context loop, and a
 * library that does not iterate it never hears its notifications.  So we
 * watch the channel's event fd on our own context and read its messages
 * with the public crm_ipc_* calls, and no Pacemaker code ever runs on an
 * application thread:
 *   - Pacemaker 2.1: signon_raw() connects the channel without any
 *     main-loop source and returns its event fd;
 *   - Pacemaker 3.0 (no signon_raw): signon() attaches the watch to the
 *     default context and we take its fd out of that context's poll, so
 *     it never fires there; signoff() removes it as usual.
 * Either way the crm_ipc_t lives in the backend's private data
 * (cib_native.c's cib_native_opaque_t, the same from 2.0 to 3.0); it is
 * checked against what the public API says of the connection before use,
 * and a connection that does not match is refused (-EPROTONOSUPPORT).
 * docs/design.md records the measurements.  Only libxml2 reads the
 * messages (core/xmlutil.h): Pacemaker's XML accessors moved between 2.1
 * and 3.0.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <glib-unix.h>
#include <crm/crm.h>
#include <crm/cib.h>
#include <crm/common/ipc.h>
#include <crm/common/mainloop.h>

#include "adapt/cib.h"
#include "adapt/patch.h"
#include "core/xmlutil.h"

/* Message and notification names of the CIB manager, spelled once
 * (upstream moved its own constants to compat headers during 2.1). */
#define CL_CIB_CLIENT_NAME "clusapi"
#define CL_CIB_DIFF_NOTIFY "cib_diff_notify"
#define CL_CIB_REPLACE_NOTIFY "cib_refresh_notify"
#define CL_CIB_T_NOTIFY "cib_notify"
#define CL_CIB_F_TYPE "t"
#define CL_CIB_F_SUBTYPE "subt"
#define CL_CIB_F_RC "cib_rc"
#define CL_CIB_F_UPDATE_RESULT "cib_update_result"

#define RECONNECT_MIN_MS 100
#define RECONNECT_MAX_MS 2000
/* after a reconnect: how long to wait for the CIB manager's copy to be
 * synced with the cluster, and how often to look (cib_is_synced) */
#define SETTLE_MS 10000
#define SETTLE_POLL_MS 500

/* A CIB manager that is stopped or hung keeps the channel open and says
 * nothing, which a healthy one with nothing to tell does too.  So after
 * PROBE_SILENCE_MS with no message on the channel, one small asynchronous
 * query goes out (the cib element without its children; its reply comes
 * back on the same channel as an event, Pacemaker 2.1 and 3.0 alike:
 * based's do_local_notify sends the reply of a call without cib_sync_call
 * with crm_ipc_server_event).  No message within PROBE_TIMEOUT_MS after
 * it: the connection is reported lost (on_lost) and kept, with no timer,
 * until the next message on it; that one means the manager answers again:
 * full re-read and on_cib(reconnect).  A channel with messages flowing
 * gets no query, and an idle one a wake-up every PROBE_SILENCE_MS (a
 * message while the probe is outstanding, its answer or not, moves the
 * timer from the deadline to the next silence).  The
 * environment variables set other bounds (a positive number of ms; for
 * the tests, docs/design.md). */
#define PROBE_SILENCE_MS 30000
#define PROBE_TIMEOUT_MS 10000
#define PROBE_SILENCE_ENV "CLUSAPI_CIB_PROBE_SILENCE_MS"
#define PROBE_TIMEOUT_ENV "CLUSAPI_CIB_PROBE_TIMEOUT_MS"
#define CL_CIB_PROBE_XPATH "/cib"

/* Fault injection for the tests (tests/integration/test-reread.c), in the
 * test build of the library only (CLUSAPI_TEST_HOOKS: libclusapi-testhooks,
 * which the tests and benchmarks that use it link; the shipped library has
 * none of it), read once when the adapter is created
 * (clusapi__cib_connect):
 *   CLUSAPI_TEST_FAULT=skip:MARK     a diff notification whose message text
 *                                    contains MARK is dropped, as if lost:
 *                                    the next diff then has a version gap;
 *   CLUSAPI_TEST_FAULT=corrupt:MARK  in a diff notification containing MARK,
 *                                    one change (the first that contains
 *                                    MARK and is not a delete, else the
 *                                    first that is not a delete) gets a path
 *                                    that names no element, so
 *                                    xml_apply_patchset fails;
 *   CLUSAPI_TEST_FAULT=garble:MARK   a message whose text contains MARK is
 *                                    cut in half before it is parsed, so
 *                                    it is not well-formed XML.
 *   CLUSAPI_TEST_FAULT=unsafe:MARK   a diff notification containing MARK
 *                                    gets one more change, a delete of
 *                                    /cib, which xml_apply_patchset would
 *                                    carry out by freeing the whole CIB:
 *                                    clusapi__patch_apply must refuse the
 *                                    patchset (-EBADMSG).
 * Either way the library must re-read the CIB and report the change once.
 * Unset (or not understood): one branch per message, nothing else.
 * For the latency benchmark (tests/bench/bench-latency.c):
 *   CLUSAPI_TEST_RECV_STAMPS=FILE    each message read from the CIB manager
 *                                    gets a line in FILE (written out when
 *                                    the adapter is freed) of five
 *                                    CLOCK_MONOTONIC stamps in ns: read,
 *                                    parsed, patch applied, handled (its
 *                                    events posted), freed; a stage the
 *                                    message does not reach has the stamp
 *                                    of the one before.  When the worker
 *                                    heard of a change, where its time went
 *                                    and when it was done, beside when the
 *                                    application got its event.
 * For the liveness probe (tests/integration/test-hang.c):
 *   CLUSAPI_TEST_PROBES=FILE         each probe sent (PROBE_* below) appends
 *                                    a line "probe" to FILE at once. */
#define CL_TEST_FAULT_ENV "CLUSAPI_TEST_FAULT"
#define CL_TEST_PROBES_ENV "CLUSAPI_TEST_PROBES"
#define CL_TEST_RECV_STAMPS_ENV "CLUSAPI_TEST_RECV_STAMPS"
#define CL_TEST_FAULT_PATH "/clusapi-test-fault"
/* a format-2 patchset's change, its operation and the XPath it applies to */
#define CL_DIFF_CHANGE "change"
#define CL_DIFF_OPERATION "operation"
#define CL_DIFF_OP_DELETE "delete"
#define CL_DIFF_PATH "path"

/* CLUSAPI_TEST_RECV_STAMPS: the stages of a message */
enum { STAMP_READ, STAMP_PARSED, STAMP_APPLIED, STAMP_HANDLED, STAMP_FREED,
       STAMP_N };

enum test_fault {
    TEST_FAULT_NONE = 0,
    TEST_FAULT_SKIP,
    TEST_FAULT_CORRUPT,
    TEST_FAULT_GARBLE,
    TEST_FAULT_UNSAFE,
};

/* Mirror of cib_native.c's private cib_native_opaque_t (2.0 to 3.0). */
struct native_opaque {
    char *token;
    crm_ipc_t *ipc;
    void (*dnotify_fn)(gpointer user_data);
    mainloop_io_t *source; /* 3.0: the watch signon() attached */
};

struct cl_cib {
    GMainContext *ctx;
    cl_cib_callbacks_t cb;
    void *ud;
    cib_t *cib;
    crm_ipc_t *ipc;      /* native backend: the notification channel */
    GSource *watch;      /* fd watch on ctx */
    GSource *retry;      /* reconnect timer on ctx */
    guint retry_ms;
    xmlNode *local;      /* our copy of the CIB */
    cl_xml_parser_t *parser; /* the messages' (on ctx's thread) */
    bool live;
    /* Reconnected to a CIB manager that has not synced its copy with the
     * cluster yet: on_cib(reconnect) waits (cib_is_synced) until then, or
     * until settle_until. */
    bool settling;
    gint64 settle_until;
    GSource *settle;     /* re-check timer on ctx */
    /* liveness (PROBE_*): one timer on ctx, the silence or the probe's
     * deadline; monotonic times in us */
    GSource *probe;
    gint64 heard;        /* the last message read, or the connect */
    gint64 probe_sent;   /* 0: no probe outstanding */
    bool hung;           /* reported lost, waiting for a message */
    guint silence_ms;
    guint probe_timeout_ms;
    enum test_fault fault; /* CLUSAPI_TEST_FAULT, see above */
    char *fault_mark;
    FILE *recv_stamps;     /* CLUSAPI_TEST_RECV_STAMPS, see above */
    char *probes_path;     /* CLUSAPI_TEST_PROBES, see above */
    int64_t st[STAMP_N];   /* the current message's stamps, 0 = not reached */
};

static void schedule_reconnect(cl_cib_t *c);

/* Destroy a source of ours (on ctx) and forget it; NULL-safe. */
static void
source_drop(GSource **src)
{
    if (*src != NULL) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}
static void settle_stop(cl_cib_t *c);
static void probe_stop(cl_cib_t *c);
static void test_probe_sent(cl_cib_t *c);

static void
disconnect(cl_cib_t *c)
{
    probe_stop(c);
    c->hung = false;
    source_drop(&c->watch);
    if (c->cib != NULL) {
        /* signoff closes and destroys the raw IPC channel */
        (void) c->cib->cmds->signoff(c->cib);
        cib_delete(c->cib);
        c->cib = NULL;
    }
    c->ipc = NULL;
}

/* Query the whole CIB into c->local. */
static int
read_cib(cl_cib_t *c)
{
    xmlNode *xml = NULL;
    int rc = c->cib->cmds->query(c->cib, NULL, &xml,
                                 cib_scope_local | cib_sync_call);

    if (rc != pcmk_ok || xml == NULL) {
        clusapi__xml_free(xml);
        return rc != pcmk_ok ? rc : -ENODATA;
    }
    clusapi__xml_free(c->local);
    c->local = xml;
    return 0;
}

static void
handle_lost(cl_cib_t *c)
{
    settle_stop(c);
    disconnect(c);
    c->cb.on_lost(c->ud);
    c->retry_ms = RECONNECT_MIN_MS;
    schedule_reconnect(c);
}

/* A positive number of ms from the environment, else def. */
static guint
env_ms(const char *name, guint def)
{
    const char *v = getenv(name);
    char *end = NULL;
    long long ms = v != NULL ? strtoll(v, &end, 10) : 0;

    return v != NULL && end != v && *end == '\0' && ms > 0 && ms <= G_MAXINT
               ? (guint) ms
               : def;
}

static void
probe_stop(cl_cib_t *c)
{
    source_drop(&c->probe);
    c->probe_sent = 0;
}

static gboolean on_probe(gpointer user_data);

static void
probe_arm(cl_cib_t *c, gint64 ms)
{
    source_drop(&c->probe);
    c->probe = g_timeout_source_new((guint) CLAMP(ms, 1, G_MAXINT));
    g_source_set_callback(c->probe, on_probe, c, NULL);
    g_source_attach(c->probe, c->ctx);
}

/* The liveness timer (PROBE_*): a probe that got no answer, a silence long
 * enough for one, or neither yet. */
static gboolean
on_probe(gpointer user_data)
{
    cl_cib_t *c = user_data;
    gint64 now = g_get_monotonic_time();
    gint64 quiet_ms;
    int timeout;
    int rc;

    g_source_unref(c->probe); /* destroyed on return */
    c->probe = NULL;
    if (c->probe_sent != 0 && c->heard < c->probe_sent) {
        c->probe_sent = 0;
        c->hung = true;
        c->cb.on_lost(c->ud); /* and nothing more until a message comes */
        return G_SOURCE_REMOVE;
    }
    c->probe_sent = 0;
    quiet_ms = (now - c->heard) / 1000;
    if (quiet_ms < c->silence_ms) {
        probe_arm(c, c->silence_ms - quiet_ms);
        return G_SOURCE_REMOVE;
    }
    /* asynchronous: returns once sent (its call id), the reply is read in
     * on_readable.  The send only waits while the channel's buffer is
     * full (a manager stopped with our requests queued); bound that wait
     * to a second or two. */
    timeout = c->cib->call_timeout;
    c->cib->call_timeout = 1;
    rc = c->cib->cmds->query(c->cib, CL_CIB_PROBE_XPATH, NULL,
                             cib_xpath | cib_no_children | cib_scope_local);
    c->cib->call_timeout = timeout;
    if (rc < 0) {
        handle_lost(c);
        return G_SOURCE_REMOVE;
    }
    c->probe_sent = now;
    test_probe_sent(c);
    probe_arm(c, c->probe_timeout_ms);
    return G_SOURCE_REMOVE;
}

/* A message after the probe went unanswered: the manager answers again.
 * Re-read and report the reconnect, as after a new connection.  False if
 * the re-read failed (then the connection is lost). */
static bool
hung_over(cl_cib_t *c)
{
    c->hung = false;
    if (read_cib(c) != 0) {
        handle_lost(c);
        return false;
    }
    c->cb.on_cib(c->ud, c->local, true);
    probe_arm(c, c->silence_ms);
    return true;
}

#ifdef CLUSAPI_TEST_HOOKS
/* CLUSAPI_TEST_FAULT: parse the variable once. */
static void
test_fault_init(cl_cib_t *c)
{
    const char *v = getenv(CL_TEST_FAULT_ENV);
    const char *r = getenv(CL_TEST_RECV_STAMPS_ENV);
    const char *p = getenv(CL_TEST_PROBES_ENV);

    if (r != NULL && r[0] != '\0') {
        c->recv_stamps = fopen(r, "we"); /* fully buffered until freed */
    }
    if (p != NULL && p[0] != '\0') {
        c->probes_path = g_strdup(p);
    }
    if (v == NULL || v[0] == '\0') {
        return;
    }
    if (g_str_has_prefix(v, "skip:") && v[5] != '\0') {
        c->fault = TEST_FAULT_SKIP;
        c->fault_mark = g_strdup(v + 5);
    } else if (g_str_has_prefix(v, "corrupt:") && v[8] != '\0') {
        c->fault = TEST_FAULT_CORRUPT;
        c->fault_mark = g_strdup(v + 8);
    } else if (g_str_has_prefix(v, "garble:") && v[7] != '\0') {
        c->fault = TEST_FAULT_GARBLE;
        c->fault_mark = g_strdup(v + 7);
    } else if (g_str_has_prefix(v, "unsafe:") && v[7] != '\0') {
        c->fault = TEST_FAULT_UNSAFE;
        c->fault_mark = g_strdup(v + 7);
    }
}

/* CLUSAPI_TEST_RECV_STAMPS: the monotonic clock in ns at a stage */
static inline void
stamp(cl_cib_t *c, int stage)
{
    if (G_UNLIKELY(c->recv_stamps != NULL)) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        c->st[stage] = (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
    }
}

/* ... and the line of a message once it is freed */
static void
stamp_line(cl_cib_t *c)
{
    if (G_UNLIKELY(c->recv_stamps != NULL)) {
        stamp(c, STAMP_FREED);
        for (int i = 0; i < STAMP_N; i++) {
            if (c->st[i] == 0 && i > 0) {
                c->st[i] = c->st[i - 1]; /* not reached */
            }
            fprintf(c->recv_stamps, "%" PRId64 "%c", c->st[i],
                    i + 1 < STAMP_N ? ' ' : '\n');
        }
        memset(c->st, 0, sizeof(c->st));
    }
}

/* CLUSAPI_TEST_FAULT=corrupt: give one change of the patchset a path that
 * names no element. */
static void
test_fault_corrupt(cl_cib_t *c, xmlNode *patchset)
{
    xmlNode *victim = NULL;

    for (xmlNode *ch = first_elem(patchset, CL_DIFF_CHANGE); ch != NULL;
         ch = ch->next) {
        const char *op = attr(ch, CL_DIFF_OPERATION);
        g_autofree char *text = NULL;

        if (!is_elem(ch, CL_DIFF_CHANGE) || str_eq0(op, CL_DIFF_OP_DELETE)
            || attr(ch, CL_DIFF_PATH) == NULL) {
            continue; /* a delete that finds nothing is not an error */
        }
        if (victim == NULL) {
            victim = ch;
        }
        text = clusapi__xml_dump(ch);
        if (strstr(text, c->fault_mark) != NULL) {
            victim = ch;
            break;
        }
    }
    if (victim != NULL) {
        g_autofree char *path = g_strconcat(attr(victim, CL_DIFF_PATH),
                                            CL_TEST_FAULT_PATH, NULL);

        xmlSetProp(victim, (const xmlChar *) CL_DIFF_PATH,
                   (const xmlChar *) path);
    }
}

/* CLUSAPI_TEST_PROBES: a probe was sent */
static void
test_probe_sent(cl_cib_t *c)
{
    FILE *f = c->probes_path != NULL ? fopen(c->probes_path, "ae") : NULL;

    if (f != NULL) {
        fputs("probe\n", f);
        fclose(f);
    }
}

#else
static void
test_fault_init(cl_cib_t *c)
{
    (void) c;
}

static void
test_probe_sent(cl_cib_t *c)
{
    (void) c;
}

static inline void
stamp(cl_cib_t *c, int stage)
{
    (void) c;
    (void) stage;
}

static void
stamp_line(cl_cib_t *c)
{
    (void) c;
}

static void
test_fault_corrupt(cl_cib_t *c, xmlNode *patchset)
{
    (void) c;
    (void) patchset;
}
#endif

/* A CIB manager that has just started reads the configuration from its
 * disk, with an empty status section, and gets the cluster's copy some
 * time later (a sync from the DC): until then every node reads as Down and
 * every resource as Stopped, and the local controller's first writes add
 * to that.  A re-read of such a CIB is not what the cluster looks like.
 * The copy on disk has no dc-uuid; the DC's copy has (seen on 2.1.5: the
 * sync comes 1-2 s after the restart).  A cluster with no nodes configured
 * has nothing to wait for. */
static bool
cib_is_synced(xmlNode *cib)
{
    xmlNode *nodes = first_elem(first_elem(cib, "configuration"), "nodes");

    return first_elem(nodes, "node") == NULL
           || attr(cib, "dc-uuid") != NULL;
}

static void
settle_stop(cl_cib_t *c)
{
    source_drop(&c->settle);
    c->settling = false;
}

/* Deliver the reconnect once the copy is synced (or the wait is over). */
static void
settle_check(cl_cib_t *c)
{
    if (c->settling
        && (cib_is_synced(c->local)
            || g_get_monotonic_time() >= c->settle_until)) {
        settle_stop(c);
        c->cb.on_cib(c->ud, c->local, true);
    }
}

static gboolean
on_settle(gpointer user_data)
{
    cl_cib_t *c = user_data;

    /* the sync may come as a replace notification or as diffs: read it */
    if (read_cib(c) != 0) {
        handle_lost(c);
        return G_SOURCE_REMOVE; /* handle_lost destroyed the source */
    }
    settle_check(c);
    return c->settling ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* msg NULL: a message that is not well-formed XML, which may have been a
 * change: re-read (libcib's own dispatch drops it with a warning). */
static void
handle_message(cl_cib_t *c, xmlNode *msg, const char *text)
{
    const char *subtype;
    const char *result;
    xmlNode *patchset;
    int rc;

    if (msg == NULL) {
        goto reread;
    }
    subtype = attr(msg, CL_CIB_F_SUBTYPE);
    if (!str_eq0(attr(msg, CL_CIB_F_TYPE), CL_CIB_T_NOTIFY)) {
        return;
    }
    if (str_eq0(subtype, CL_CIB_REPLACE_NOTIFY)) {
        goto reread;
    }
    if (!str_eq0(subtype, CL_CIB_DIFF_NOTIFY)) {
        return;
    }
    result = attr(msg, CL_CIB_F_RC);
    if (result != NULL && strtol(result, NULL, 10) != pcmk_ok) {
        return; /* a failed update changed nothing */
    }
    patchset = first_elem(first_elem(msg, CL_CIB_F_UPDATE_RESULT), "diff");
    if (patchset == NULL) {
        goto reread;
    }
    if (G_UNLIKELY(c->fault != TEST_FAULT_NONE)
        && strstr(text, c->fault_mark) != NULL) {
        if (c->fault == TEST_FAULT_SKIP) {
            return; /* lost */
        }
        if (c->fault == TEST_FAULT_UNSAFE) {
            xmlNode *del = xmlNewChild(patchset, NULL,
                                       (const xmlChar *) CL_DIFF_CHANGE, NULL);

            xmlSetProp(del, (const xmlChar *) CL_DIFF_OPERATION,
                       (const xmlChar *) CL_DIFF_OP_DELETE);
            xmlSetProp(del, (const xmlChar *) CL_DIFF_PATH,
                       (const xmlChar *) "/cib");
        } else {
            test_fault_corrupt(c, patchset);
        }
    }
    rc = clusapi__patch_apply(c->local, patchset);
    stamp(c, STAMP_APPLIED);
    if (rc == 0) {
        if (c->settling) {
            settle_check(c); /* the copy is current; reported once synced */
        } else {
            c->cb.on_patch(c->ud, c->local, patchset);
        }
        stamp(c, STAMP_HANDLED);
        return;
    }
    if (rc == -EALREADY) {
        return; /* already in the CIB we read */
    }
reread:
    /* a gap, a digest mismatch, a patchset refused before Pacemaker
     * applied it (the CIB copy is untouched), a replace or something we do
     * not know:
     * the answer is always a full re-read and a model comparison */
    if (read_cib(c) != 0) {
        handle_lost(c);
        return;
    }
    if (c->settling) {
        settle_check(c);
    } else {
        c->cb.on_cib(c->ud, c->local, false);
    }
}

static gboolean
on_readable(gint fd, GIOCondition cond, gpointer user_data)
{
    cl_cib_t *c = user_data;

    while (c->ipc != NULL) {
        int ready = crm_ipc_ready(c->ipc);
        const char *text;
        xmlNode *msg;

        if (ready == 0) {
            break;
        }
        if (ready < 0 || crm_ipc_read(c->ipc) < 0) {
            goto lost;
        }
        stamp(c, STAMP_READ);
        c->heard = g_get_monotonic_time();
        if (c->probe_sent != 0) {
            /* answered: no wake-up at the deadline, the next silence */
            c->probe_sent = 0;
            probe_arm(c, c->silence_ms);
        }
        text = crm_ipc_buffer(c->ipc);
        if (G_UNLIKELY(c->fault == TEST_FAULT_GARBLE)
            && strstr(text, c->fault_mark) != NULL) {
            g_autofree char *half = g_strndup(text, strlen(text) / 2);

            msg = clusapi__xml_parser_parse(c->parser, half);
        } else {
            msg = clusapi__xml_parser_parse(c->parser, text);
        }
        stamp(c, STAMP_PARSED);
        handle_message(c, msg, text);
        clusapi__xml_free(msg);
        stamp_line(c);
        if (c->watch == NULL) {
            return G_SOURCE_REMOVE; /* lost while handling */
        }
        /* after the message: the re-read reuses the channel's buffer */
        if (G_UNLIKELY(c->hung) && !hung_over(c)) {
            return G_SOURCE_REMOVE; /* handle_lost destroyed the watch */
        }
    }
    if (c->ipc != NULL && !crm_ipc_connected(c->ipc)) {
        goto lost;
    }
    if ((cond & (G_IO_HUP | G_IO_ERR | G_IO_NVAL)) != 0) {
        goto lost;
    }
    return G_SOURCE_CONTINUE;
lost:
    /* the watch is destroyed by disconnect(); keep our reference valid */
    handle_lost(c);
    return G_SOURCE_REMOVE;
}

#ifdef HAVE_CIB_SIGNON_RAW
/* Pacemaker 2.1: the channel without a main-loop source, and its fd. */
static int
native_signon(cl_cib_t *c, int *fd)
{
    struct native_opaque *native = c->cib->variant_opaque;
    int rc = c->cib->cmds->signon_raw(c->cib, CL_CIB_CLIENT_NAME, cib_query,
                                      fd);

    if (rc != pcmk_ok) {
        return rc;
    }
    if (native == NULL || native->ipc == NULL
        || crm_ipc_get_fd(native->ipc) != *fd) {
        return -EPROTONOSUPPORT; /* private layout changed */
    }
    c->ipc = native->ipc;
    return pcmk_ok;
}
#else
/* Pacemaker 3.0: signon() attaches a watch of the channel's event fd to
 * the global default context (user data: the mainloop_io_t).  We take the
 * fd out of that context's poll: an IO watch whose fd is not polled never
 * dispatches (its buffer stays empty, nobody reads through its channel),
 * so libcib's dispatch cannot run on an application's default loop; the
 * source stays attached until signoff() removes it with the channel.
 * GSource.poll_fds is a field of GLib's public struct, marked private; its
 * layout is part of GLib's ABI (every custom source embeds the struct).
 * Between signon() and this, only a hang-up of the channel could fire it:
 * nothing is sent on the event channel before notifications are asked
 * for. */
static int
native_signon(cl_cib_t *c, int *fd)
{
    struct native_opaque *native = c->cib->variant_opaque;
    GSource *watch;
    int rc = c->cib->cmds->signon(c->cib, CL_CIB_CLIENT_NAME, cib_query);

    if (rc != pcmk_ok) {
        return rc;
    }
    if (native == NULL || native->ipc == NULL || native->source == NULL
        || mainloop_get_ipc_client(native->source) != native->ipc) {
        return -EPROTONOSUPPORT; /* private layout changed */
    }
    watch = g_main_context_find_source_by_user_data(g_main_context_default(),
                                                    native->source);
    if (watch == NULL || watch->poll_fds == NULL) {
        return -EPROTONOSUPPORT;
    }
    while (watch->poll_fds != NULL) {
        g_source_remove_poll(watch, watch->poll_fds->data);
    }
    *fd = crm_ipc_get_fd(native->ipc);
    c->ipc = native->ipc;
    return *fd >= 0 ? pcmk_ok : -ENOTCONN;
}
#endif

/* One connection attempt: sign on, register, read, watch. */
static int
connect_once(cl_cib_t *c)
{
    int fd = -1;
    int rc;

    c->cib = cib_new();
    if (c->cib == NULL) {
        return -ENOMEM;
    }
    c->live = c->cib->variant == cib_native;
    if (c->live) {
        errno = 0;
        rc = native_signon(c, &fd);
        if (rc != pcmk_ok) {
            /* the CIB manager turned the caller away (not root, hacluster
             * or in haclient): libcib says only "not connected", the
             * errno of its IPC connect says why */
            if (rc == -ENOTCONN && errno == EACCES) {
                rc = -EACCES;
            }
            goto fail;
        }
        /* register_notification returns the bytes sent (> 0) on success */
        rc = c->cib->cmds->register_notification(c->cib, CL_CIB_DIFF_NOTIFY,
                                                 1);
        if (rc < 0) {
            goto fail;
        }
        rc = c->cib->cmds->register_notification(c->cib,
                                                 CL_CIB_REPLACE_NOTIFY, 1);
        if (rc < 0) {
            goto fail;
        }
    } else {
        /* CIB_file: a file, no daemon and no changes.  Remote (CIB_port):
         * no live events over the remote port, the state is read once
         * (docs/design.md). */
        rc = c->cib->cmds->signon(c->cib, CL_CIB_CLIENT_NAME, cib_query);
        if (rc != pcmk_ok) {
            goto fail;
        }
    }
    rc = read_cib(c);
    if (rc != 0) {
        goto fail;
    }
    if (c->ipc != NULL) {
        c->watch = g_unix_fd_source_new(fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
        g_source_set_callback(
            c->watch, (GSourceFunc) (void (*)(void)) on_readable, c, NULL);
        g_source_attach(c->watch, c->ctx);
        c->heard = g_get_monotonic_time();
        probe_arm(c, c->silence_ms);
    }
    return 0;
fail:
    disconnect(c);
    return rc < 0 ? rc : -ENOTCONN;
}

static gboolean
on_retry(gpointer user_data)
{
    cl_cib_t *c = user_data;

    g_source_unref(c->retry);
    c->retry = NULL;
    if (connect_once(c) == 0) {
        c->settling = true;
        c->settle_until = g_get_monotonic_time()
                          + SETTLE_MS * G_GINT64_CONSTANT(1000);
        settle_check(c);
        if (c->settling) {
            c->settle = g_timeout_source_new(SETTLE_POLL_MS);
            g_source_set_callback(c->settle, on_settle, c, NULL);
            g_source_attach(c->settle, c->ctx);
        }
    } else {
        c->retry_ms = MIN(c->retry_ms * 2, RECONNECT_MAX_MS);
        schedule_reconnect(c);
    }
    return G_SOURCE_REMOVE;
}

static void
schedule_reconnect(cl_cib_t *c)
{
    c->retry = g_timeout_source_new(c->retry_ms);
    g_source_set_callback(c->retry, on_retry, c, NULL);
    g_source_attach(c->retry, c->ctx);
}

void
clusapi__cib_init(void)
{
    clusapi__xml_init();
}

int
clusapi__cib_connect(GMainContext *ctx, const cl_cib_callbacks_t *cb,
                     void *ud, cl_cib_t **ret_cib)
{
    cl_cib_t *c = g_new0(cl_cib_t, 1);
    int rc;

    c->ctx = g_main_context_ref(ctx);
    c->cb = *cb;
    c->ud = ud;
    c->parser = clusapi__xml_parser_new(CL_XML_PARSER_DICT_MAX);
    c->silence_ms = env_ms(PROBE_SILENCE_ENV, PROBE_SILENCE_MS);
    c->probe_timeout_ms = env_ms(PROBE_TIMEOUT_ENV, PROBE_TIMEOUT_MS);
    test_fault_init(c);
    rc = connect_once(c);
    if (rc != 0) {
        clusapi__cib_free(c);
        return rc;
    }
    c->cb.on_cib(c->ud, c->local, false);
    *ret_cib = c;
    return 0;
}

cl_cib_t *
clusapi__cib_free(cl_cib_t *c)
{
    if (c != NULL) {
        settle_stop(c);
        disconnect(c);
        source_drop(&c->retry);
        clusapi__xml_free(c->local);
        c->parser = clusapi__xml_parser_free(c->parser);
        g_main_context_unref(c->ctx);
        g_free(c->fault_mark);
        g_free(c->probes_path);
        if (c->recv_stamps != NULL) {
            fclose(c->recv_stamps);
        }
        g_free(c);
    }
    return NULL;
}

unsigned
clusapi__cib_pacemaker_version(void)
{
    return CLUSAPI_PACEMAKER_VERSION;
}

bool
clusapi__cib_is_live(const cl_cib_t *c)
{
    return c->live;
}

xmlNode *
clusapi__cib_local(const cl_cib_t *c)
{
    return c->local;
}

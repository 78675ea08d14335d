/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine.c - the worker thread, the model and the sessions (see engine.h).
 * Names no Pacemaker API itself: it drives the CIB adapter through cib.h.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "clusapi.h"
#include "adapt/cib.h"
#include "adapt/corosync.h"
#include "adapt/patch.h"
#include "core/check.h"
#include "core/memb.h"
#include "core/registry.h"
#include "api/engine.h"

struct cl_session {
    gint refs;
    bool closed;
};

/* An open port and the session whose events it receives (NULL: none). */
typedef struct port_entry {
    cl_port_t *port;
    cl_session_t *session;
} port_entry_t;

static struct {
    GMutex start_lock; /* serialises engine start/stop */
    GMutex lock;       /* model + sessions */
    GPtrArray *sessions;
    GPtrArray *ports; /* port_entry_t *, every open port */
    cl_model_t *model;
    cl_memb_t *memb;   /* Corosync's view (networks, quorum) */
    bool loaded;
    bool running; /* connected: sessions can open */
    GThread *thread;
    GMainContext *ctx;
    GMainLoop *loop;
    cl_cib_t *cib;
    /* the CIB as Pacemaker reads it when its schema is older than the
     * current major (clusapi__cib_upgraded): the model reads this copy,
     * made anew from the CIB at every change; NULL otherwise */
    xmlNode *upgraded;
    /* the cluster database as it was after the last change, while a port
     * asks for REGISTRY_* events (core/registry.h); NULL otherwise */
    GHashTable *reg;
    cl_cs_t *cs;
    GSource *join_timer; /* clusapi__model_tick while a node is Joining */
    GSource *recheck;    /* re-read at the model's next change */
    long long recheck_at; /* the next change it was armed for */
    /* Connections lost (LOST_*): CLUSTER_STATE went out when the first was
     * lost, CLUSTER_RECONNECT goes out when the last is back; the events
     * of the connections back meanwhile wait in held. */
    unsigned lost;
    GPtrArray *held;
    /* CLUSAPI_CHECK_MODEL, read at each start: after every patchset the
     * model is compared with a fresh load (clusapi__model_check) */
    enum { CHECK_OFF, CHECK_LOG, CHECK_ABORT } check;
    /* start handshake */
    GCond started;
    bool start_done;
    int start_rc;
    /* A connect (do_connect) is under way on the worker; abandoned: the
     * OpenCluster that started it stopped waiting (OPEN_TIMEOUT_MS), so
     * the worker undoes it when it ends. */
    bool connecting;
    bool abandoned;
} eng;

/* How long OpenCluster waits for the connect and the first read of the
 * CIB (include/clusapi.h, docs/design.md), in ms; the environment variable
 * overrides it (a positive number of ms). */
#define OPEN_TIMEOUT_MS 10000
#define OPEN_TIMEOUT_ENV "CLUSAPI_OPEN_TIMEOUT_MS"

static void
event_destroy(gpointer ev)
{
    clusapi__event_free(ev);
}

static GPtrArray *
events_new(void)
{
    return g_ptr_array_new_with_free_func(event_destroy);
}

/* Queue events on every port of every open session.  Lock held. */
static void
post_all(GPtrArray *events)
{
    if (eng.ports == NULL) {
        return;
    }
    for (guint p = 0; p < eng.ports->len && events->len > 0; p++) {
        port_entry_t *pe = g_ptr_array_index(eng.ports, p);

        if (pe->session != NULL) {
            (void) clusapi__port_post_many(
                pe->port, (const cl_event_t *const *) events->pdata,
                events->len);
        }
    }
}

static void
post_cluster_event(GPtrArray *events, uint32_t change)
{
    g_ptr_array_add(events,
                    clusapi__event_new(change, CL_KIND_CLUSTER, "",
                                       clusapi__model_cluster_name(eng.model)));
}

enum { LOST_CIB = 1, LOST_CS = 2 };
/* events kept while a connection is down; past this the re-read that
 * CLUSTER_RECONNECT asks for has to do */
#define HELD_MAX 65536

/* Post now, or keep for after CLUSTER_RECONNECT while a connection is
 * down.  Lock held. */
static void
post_or_hold(GPtrArray *events)
{
    if (eng.lost == 0) {
        post_all(events);
        return;
    }
    if (eng.held == NULL) {
        eng.held = events_new();
    }
    for (guint i = 0; i < events->len && eng.held->len < HELD_MAX; i++) {
        g_ptr_array_add(eng.held, events->pdata[i]);
        events->pdata[i] = NULL;
    }
}

/* A connection was lost.  Lock held. */
static void
conn_lost(unsigned what)
{
    if (eng.lost == 0) {
        g_autoptr(GPtrArray) events = events_new();

        post_cluster_event(events, CLUSTER_CHANGE_CLUSTER_STATE);
        post_all(events);
    }
    eng.lost |= what;
}

/* The events kept while a connection was down, for release after
 * CLUSTER_RECONNECT: STATE and PROPERTY events carry nothing but "read it
 * now", so of several for the same object only the last is kept (a node
 * seen Down then Up meanwhile is one NODE_STATE); ADDED and DELETED stay
 * as they are.  In place. */
static void
collapse_held(GPtrArray *held)
{
    static const uint32_t no_payload =
        CLUSTER_CHANGE_NODE_STATE | CLUSTER_CHANGE_NODE_PROPERTY
        | CLUSTER_CHANGE_GROUP_STATE | CLUSTER_CHANGE_GROUP_PROPERTY
        | CLUSTER_CHANGE_RESOURCE_STATE | CLUSTER_CHANGE_RESOURCE_PROPERTY
        | CLUSTER_CHANGE_NETWORK_STATE | CLUSTER_CHANGE_NETWORK_PROPERTY
        | CLUSTER_CHANGE_NETINTERFACE_STATE
        | CLUSTER_CHANGE_NETINTERFACE_PROPERTY | CLUSTER_CHANGE_QUORUM_STATE
        | CLUSTER_CHANGE_CLUSTER_PROPERTY;
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    guint j;

    /* walk from the end: the first seen is the last of its kind */
    for (guint i = held->len; i-- > 0;) {
        cl_event_t *ev = held->pdata[i];
        char *key;

        if ((ev->change & no_payload) == 0) {
            continue;
        }
        key = g_strdup_printf("%u/%d/%s", ev->change, (int) ev->kind, ev->id);
        if (g_hash_table_contains(seen, key)) {
            g_free(key);
            clusapi__event_free(ev);
            held->pdata[i] = NULL;
        } else {
            g_hash_table_add(seen, key);
        }
    }
    j = 0;
    for (guint i = 0; i < held->len; i++) {
        if (held->pdata[i] != NULL) {
            held->pdata[j++] = held->pdata[i];
        }
    }
    for (guint i = j; i < held->len; i++) {
        held->pdata[i] = NULL; /* moved or freed already */
    }
    g_ptr_array_set_size(held, j);
}

/* A connection is back, with the events of its re-read.  Lock held. */
static void
conn_back(unsigned what, GPtrArray *events)
{
    if (eng.lost == 0) {
        /* first connection after a failed start: nothing was lost */
        post_all(events);
        return;
    }
    post_or_hold(events);
    eng.lost &= ~what;
    if (eng.lost == 0) {
        g_autoptr(GPtrArray) reconnect = events_new();

        /* the state was re-read: RECONNECT first, then what changed */
        post_cluster_event(reconnect, CLUSTER_CHANGE_CLUSTER_RECONNECT);
        post_all(reconnect);
        if (eng.held != NULL) {
            collapse_held(eng.held);
            post_all(eng.held);
            g_ptr_array_set_size(eng.held, 0);
        }
    }
}

/* Longest wait of the recheck timer: its timeout runs on the monotonic
 * clock, the model's times are real ones; waking at least this often, a
 * real clock set forward is noticed within this time. */
#define RECHECK_MAX_MS (60 * 1000)

static void recheck_arm(void);
static void registry_step(GPtrArray *events);
static void model_read(xmlNode *cib, GPtrArray *events);

static void
recheck_stop(void)
{
    if (eng.recheck != NULL) {
        g_source_destroy(eng.recheck);
        g_source_unref(eng.recheck);
        eng.recheck = NULL;
    }
}

/* The model's next change is due (a failure expires, a date rule's outcome
 * changes) with no CIB change: re-read the same CIB, as after a replace. */
static gboolean
on_recheck(gpointer data)
{
    long long next;

    g_mutex_lock(&eng.lock);
    g_source_unref(eng.recheck); /* destroyed on return */
    eng.recheck = NULL;
    next = eng.model != NULL ? clusapi__model_next_change(eng.model) : 0;
    /* while the CIB connection is down, its reconnect re-reads anyway */
    if (next != 0 && eng.cib != NULL && (eng.lost & LOST_CIB) == 0) {
        if (g_get_real_time() / G_USEC_PER_SEC >= next) {
            g_autoptr(GPtrArray) events = events_new();

            model_read(clusapi__cib_local(eng.cib), events);
            registry_step(events);
            post_or_hold(events);
        }
        recheck_arm(); /* the next one, or the same one if it was early */
    }
    g_mutex_unlock(&eng.lock);
    return G_SOURCE_REMOVE;
}

/* Wake at the model's next change (once it is due: at once if it is
 * already past), or not at all if there is none.  Lock held, on the
 * worker. */
static void
recheck_arm(void)
{
    long long next = clusapi__model_next_change(eng.model);
    gint64 wait_ms;

    if (eng.recheck != NULL && next == eng.recheck_at) {
        return;
    }
    recheck_stop();
    if (next == 0) {
        return;
    }
    eng.recheck_at = next;
    wait_ms = (next * G_USEC_PER_SEC - g_get_real_time() + 999) / 1000;
    wait_ms = CLAMP(wait_ms, 0, RECHECK_MAX_MS);
    eng.recheck = g_timeout_source_new((guint) wait_ms);
    g_source_set_callback(eng.recheck, on_recheck, NULL, NULL);
    g_source_attach(eng.recheck, eng.ctx);
}

/* "admin_epoch.epoch.num_updates" of a CIB, for messages */
static char *
cib_version(xmlNode *cib)
{
    static const char *const names[] = { "admin_epoch", "epoch",
                                         "num_updates" };
    GString *v = g_string_new(NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        xmlChar *p = xmlGetProp(cib, (const xmlChar *) names[i]);

        g_string_append_printf(v, "%s%s", i > 0 ? "." : "",
                               p != NULL ? (const char *) p : "?");
        xmlFree(p);
    }
    return g_string_free(v, FALSE);
}

/* The debug mode CLUSAPI_CHECK_MODEL (docs/design.md): a model that
 * drifted from the CIB, or an update without the events of its changes,
 * is reported on stderr (the library is otherwise silent), and with
 * "abort" ends the process so that a test run cannot miss it. */
static void
check_model(xmlNode *cib, const GPtrArray *before, const GPtrArray *events)
{
    g_autofree char *err = clusapi__model_check(eng.model, cib, before,
                                                events);
    g_autofree char *version = NULL;

    if (err == NULL) {
        return;
    }
    version = cib_version(cib);
    fprintf(stderr, "clusapi: CLUSAPI_CHECK_MODEL: the model after CIB "
            "%s differs from a fresh load or lacks events:\n%s", version,
            err);
    fflush(stderr);
    if (eng.check == CHECK_ABORT) {
        abort();
    }
}

/* A whole read of the CIB into the model (events: what changed, NULL for
 * the first), as Pacemaker reads it: through its schema upgrade when it
 * is older (docs/mapping.md), the upgraded copy kept until the next read.
 * Lock held. */
static void
model_read(xmlNode *cib, GPtrArray *events)
{
    xmlNode *up = clusapi__cib_upgraded(cib);
    xmlNode *old = eng.upgraded;
    g_autoptr(GPtrArray) before = NULL;

    if (eng.check != CHECK_OFF && events != NULL) {
        before = clusapi__model_snapshot(eng.model);
    }
    clusapi__model_load(eng.model, up != NULL ? up : cib, events);
    if (before != NULL) {
        check_model(up != NULL ? up : cib, before, events);
    }
    eng.upgraded = up;
    clusapi__xml_free(old);
}

static void
on_cib(void *ud, xmlNode *cib, bool reconnect)
{
    g_autoptr(GPtrArray) events = events_new();

    g_mutex_lock(&eng.lock);
    model_read(cib, eng.loaded ? events : NULL);
    eng.loaded = true;
    registry_step(events);
    recheck_arm();
    if (reconnect) {
        conn_back(LOST_CIB, events);
    } else {
        post_or_hold(events);
    }
    g_mutex_unlock(&eng.lock);
}

static void
on_patch(void *ud, xmlNode *cib, xmlNode *patchset)
{
    g_autoptr(GPtrArray) events = events_new();
    g_autoptr(GPtrArray) before = NULL;

    g_mutex_lock(&eng.lock);
    if (eng.upgraded != NULL || clusapi__cib_needs_upgrade(cib)) {
        /* read through the upgrade (or no longer): a whole read */
        model_read(cib, events);
        registry_step(events);
        recheck_arm();
        post_or_hold(events);
        g_mutex_unlock(&eng.lock);
        return;
    }
    if (eng.check != CHECK_OFF) {
        before = clusapi__model_snapshot(eng.model);
    }
    if (clusapi__model_update(eng.model, cib, patchset, events) != 0) {
        /* a patchset we cannot read: compare the whole CIB instead */
        g_ptr_array_set_size(events, 0);
        clusapi__model_load(eng.model, cib, events);
    }
    if (eng.check != CHECK_OFF) {
        check_model(cib, before, events);
    }
    registry_step(events);
    recheck_arm();
    post_or_hold(events);
    g_mutex_unlock(&eng.lock);
}

static void
on_lost(void *ud)
{
    g_mutex_lock(&eng.lock);
    conn_lost(LOST_CIB);
    g_mutex_unlock(&eng.lock);
}

static gboolean
on_join_timer(gpointer data)
{
    g_autoptr(GPtrArray) events = events_new();
    bool again;

    g_mutex_lock(&eng.lock);
    again = clusapi__model_tick(eng.model, g_get_monotonic_time(), events);
    post_or_hold(events);
    if (!again) {
        g_source_unref(eng.join_timer); /* destroyed on return */
        eng.join_timer = NULL;
    }
    g_mutex_unlock(&eng.lock);
    return again ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* A node is Joining until Pacemaker has joined it or its grace period is
 * over: look once a second.  Lock held, on the worker. */
static void
join_timer_start(void)
{
    if (eng.join_timer == NULL) {
        eng.join_timer = g_timeout_source_new_seconds(1);
        g_source_set_callback(eng.join_timer, on_join_timer, NULL, NULL);
        g_source_attach(eng.join_timer, eng.ctx);
    }
}

static void
join_timer_stop(void)
{
    if (eng.join_timer != NULL) {
        g_source_destroy(eng.join_timer);
        g_source_unref(eng.join_timer);
        eng.join_timer = NULL;
    }
}

/* A Corosync snapshot: node membership into the model (NODE_STATE), then
 * networks, interfaces and quorum. */
static void
on_cs_snap(void *ud, cl_cs_snap_t *snap, bool reconnect)
{
    g_autoptr(GPtrArray) events = events_new();
    guint n = snap->nodes->len;
    g_autofree uint32_t *ids = g_new(uint32_t, n + 1);
    g_autofree bool *member = g_new(bool, n + 1);

    for (guint i = 0; i < n; i++) {
        const cl_cs_node_t *node = snap->nodes->pdata[i];

        ids[i] = node->nodeid;
        member[i] = clusapi__cs_snap_is_member(snap, node->nodeid);
    }
    g_mutex_lock(&eng.lock);
    clusapi__model_set_members(eng.model, ids, member, n,
                               g_get_monotonic_time(), events);
    if (clusapi__model_tick(eng.model, g_get_monotonic_time(), events)) {
        join_timer_start();
    }
    /* the first snapshot comes while the engine starts, before any port
     * exists, unless Corosync only answered later: then its networks and
     * interfaces are news (ADDED) */
    clusapi__memb_update(eng.memb, snap,
                         clusapi__model_cluster_name(eng.model), events);
    registry_step(events);
    if (reconnect) {
        conn_back(LOST_CS, events);
    } else {
        post_or_hold(events);
    }
    g_mutex_unlock(&eng.lock);
}

static void
on_cs_lost(void *ud)
{
    g_mutex_lock(&eng.lock);
    conn_lost(LOST_CS);
    g_mutex_unlock(&eng.lock);
}

static const cl_cs_callbacks_t cs_callbacks = {
    .on_snap = on_cs_snap,
    .on_lost = on_cs_lost,
};

static const cl_cib_callbacks_t cib_callbacks = {
    .on_cib = on_cib,
    .on_patch = on_patch,
    .on_lost = on_lost,
};

/* The worker thread lives from the first OpenCluster to the end of the
 * process: Pacemaker's XML set-up (crm_xml_init) registers libxml2 node
 * hooks for the calling thread only, and only once per process, so every
 * Pacemaker call must stay on this one thread. */
static gpointer
worker(gpointer data)
{
    g_main_context_push_thread_default(eng.ctx);
    clusapi__cib_init();
    g_main_loop_run(eng.loop); /* never quits */
    return NULL;
}

/* Free the adapters and the worker's timers.  On the worker. */
static void
adapters_free(void)
{
    join_timer_stop();
    g_mutex_lock(&eng.lock);
    recheck_stop();
    g_mutex_unlock(&eng.lock);
    eng.cs = clusapi__cs_free(eng.cs);
    eng.cib = clusapi__cib_free(eng.cib);
}

/* The model and what goes with it, after a failed or undone connect or
 * the last CloseCluster.  Lock held. */
static void
model_reset(void)
{
    eng.model = clusapi__model_free(eng.model);
    clusapi__xml_free(eng.upgraded);
    eng.upgraded = NULL;
    if (eng.reg != NULL) {
        g_hash_table_unref(g_steal_pointer(&eng.reg));
    }
    eng.memb = clusapi__memb_free(eng.memb);
    eng.loaded = false;
    eng.lost = 0;
    if (eng.held != NULL) {
        g_ptr_array_set_size(eng.held, 0);
    }
}

/* The connect and the first read.  Nothing here can be interrupted: a CIB
 * manager that accepts the connection and then does not answer (stopped,
 * hung) keeps Pacemaker's IPC calls waiting, for as long as it does not
 * answer.  So the OpenCluster that started it waits a bounded time
 * (engine_start) and, if it gave up, this undoes the connect once it
 * ends; the model it filled belongs to nobody else meanwhile. */
static gboolean
do_connect(gpointer data)
{
    int rc = clusapi__cib_connect(eng.ctx, &cib_callbacks, NULL, &eng.cib);

    if (rc == 0 && clusapi__cib_is_live(eng.cib)) {
        /* Corosync not answering is no error: the adapter keeps trying,
         * and the CIB's node states stand meanwhile */
        (void) clusapi__cs_connect(eng.ctx, &cs_callbacks, NULL, &eng.cs);
    }

    g_mutex_lock(&eng.lock);
    if (eng.abandoned) {
        g_mutex_unlock(&eng.lock);
        adapters_free();
        g_mutex_lock(&eng.lock);
        rc = -ETIME;
    }
    if (rc != 0) {
        model_reset();
    }
    eng.start_rc = rc;
    eng.connecting = false;
    eng.abandoned = false;
    g_cond_broadcast(&eng.started);
    g_mutex_unlock(&eng.lock);
    return G_SOURCE_REMOVE;
}

static gboolean
do_disconnect(gpointer data)
{
    adapters_free();
    g_mutex_lock(&eng.lock);
    eng.start_done = true;
    g_cond_broadcast(&eng.started);
    g_mutex_unlock(&eng.lock);
    return G_SOURCE_REMOVE;
}

/* The worker thread, started with the first OpenCluster. */
static void
worker_ensure(void)
{
    if (eng.thread == NULL) {
        eng.ctx = g_main_context_new();
        eng.loop = g_main_loop_new(eng.ctx, FALSE);
        eng.thread = g_thread_new("clusapi", worker, NULL);
    }
}

/* Run fn on the worker and wait for it to signal.  start_lock held. */
static int
run_on_worker(GSourceFunc fn)
{
    int rc;

    worker_ensure();
    g_mutex_lock(&eng.lock);
    eng.start_done = false;
    g_mutex_unlock(&eng.lock);
    g_main_context_invoke(eng.ctx, fn, NULL);
    g_mutex_lock(&eng.lock);
    while (!eng.start_done) {
        g_cond_wait(&eng.started, &eng.lock);
    }
    rc = eng.start_rc;
    g_mutex_unlock(&eng.lock);
    return rc;
}

/* Disconnect from the CIB.  start_lock held, no session left. */
static void
engine_stop(void)
{
    (void) run_on_worker(do_disconnect);
    g_mutex_lock(&eng.lock);
    model_reset();
    eng.running = false;
    g_mutex_unlock(&eng.lock);
}

/* OPEN_TIMEOUT_MS, or the environment's value. */
static gint64
open_timeout_ms(void)
{
    const char *v = g_getenv(OPEN_TIMEOUT_ENV);
    char *end = NULL;
    gint64 ms = v != NULL ? g_ascii_strtoll(v, &end, 10) : 0;

    return v != NULL && end != v && *end == '\0' && ms > 0 ? ms
                                                            : OPEN_TIMEOUT_MS;
}

/* The file CIB_file names, when libcib would read it (CIB_shadow, which
 * libcib prefers, unset or empty): checked before libcib sees it, which
 * leaks what it parsed of a file that is not XML and reports any bad file
 * as no cluster; not a FIFO or a device (see below).  0, or
 * clusapi__xml_check_file's -ENOENT, -EACCES, -EBADMSG or -ENOMEM. */
static int
check_cib_file(void)
{
    const char *shadow = g_getenv("CIB_shadow");
    const char *file = g_getenv("CIB_file");
    struct stat st;

    if ((shadow != NULL && shadow[0] != '\0') || file == NULL) {
        return 0;
    }
    /* a FIFO or a device: reading it here could block for good; libcib
     * reads it on the worker, within OpenCluster's bound */
    if (stat(file, &st) == 0
        && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)
            || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode))) {
        return 0;
    }
    return clusapi__xml_check_file(file, "cib");
}

/* CLUSAPI_CHECK_MODEL: unset, empty or 0 off, "abort", anything else on. */
static int
check_mode(void)
{
    const char *v = g_getenv("CLUSAPI_CHECK_MODEL");

    if (v == NULL || v[0] == '\0' || strcmp(v, "0") == 0) {
        return CHECK_OFF;
    }
    return strcmp(v, "abort") == 0 ? CHECK_ABORT : CHECK_LOG;
}

/* Connect and read the CIB, waiting at most open_timeout_ms().  start_lock
 * held.  The failures are those of clusapi__engine_open: a bad CIB_file
 * (check_cib_file); -ETIME when the connect did not end in time (it goes
 * on, and is undone when it ends: do_connect; the next OpenCluster waits
 * for that first); running out of memory, being refused, or else the
 * cluster not being reachable (-ENOTCONN: -ECOMM, a Pacemaker code, ...). */
static int
engine_start(void)
{
    gint64 until = g_get_monotonic_time()
                   + open_timeout_ms() * G_GINT64_CONSTANT(1000);
    bool launched = false;
    int rc = check_cib_file();

    if (rc != 0) {
        return rc;
    }
    worker_ensure();
    g_mutex_lock(&eng.lock);
    for (;;) {
        if (!eng.connecting && launched) {
            rc = eng.start_rc;
            break;
        }
        if (!eng.connecting) {
            /* none under way (one given up on earlier has been undone) */
            eng.check = check_mode();
            eng.model = clusapi__model_new();
            clusapi__model_set_pacemaker(eng.model,
                                         clusapi__cib_pacemaker_version());
            eng.memb = clusapi__memb_new();
            eng.connecting = true;
            launched = true;
            g_main_context_invoke(eng.ctx, do_connect, NULL);
            continue;
        }
        if (!g_cond_wait_until(&eng.started, &eng.lock, until)
            && eng.connecting) {
            if (launched) {
                eng.abandoned = true;
            }
            rc = -ETIME;
            break;
        }
    }
    if (rc == 0) {
        eng.running = true;
    }
    g_mutex_unlock(&eng.lock);
    if (rc != 0 && rc != -ENOMEM && rc != -EACCES && rc != -EPERM
        && rc != -ETIME) {
        rc = -ENOTCONN;
    }
    return rc;
}

int
clusapi__engine_open(cl_session_t **ret_session)
{
    cl_session_t *s;

    g_mutex_lock(&eng.start_lock);
    if (!eng.running) {
        int rc = engine_start();
        if (rc != 0) {
            g_mutex_unlock(&eng.start_lock);
            return rc;
        }
    }
    s = g_new0(cl_session_t, 1);
    s->refs = 1;
    g_mutex_lock(&eng.lock);
    if (eng.sessions == NULL) {
        eng.sessions = g_ptr_array_new();
    }
    g_ptr_array_add(eng.sessions, s);
    g_mutex_unlock(&eng.lock);
    g_mutex_unlock(&eng.start_lock);
    *ret_session = s;
    return 0;
}

cl_session_t *
clusapi__session_ref(cl_session_t *s)
{
    g_atomic_int_inc(&s->refs);
    return s;
}

void
clusapi__session_unref(cl_session_t *s)
{
    if (s != NULL && g_atomic_int_dec_and_test(&s->refs)) {
        g_free(s);
    }
}

void
clusapi__session_close(cl_session_t *s)
{
    bool last;

    g_mutex_lock(&eng.start_lock);
    g_mutex_lock(&eng.lock);
    s->closed = true;
    for (guint p = 0; eng.ports != NULL && p < eng.ports->len; p++) {
        port_entry_t *pe = g_ptr_array_index(eng.ports, p);

        if (pe->session == s) {
            (void) clusapi__port_cluster_closed(
                pe->port, clusapi__model_cluster_name(eng.model));
            pe->session = NULL; /* no more events for it */
        }
    }
    g_ptr_array_remove(eng.sessions, s);
    last = eng.sessions->len == 0;
    g_mutex_unlock(&eng.lock);
    if (last) {
        engine_stop();
    }
    g_mutex_unlock(&eng.start_lock);
}

bool
clusapi__session_is_open(const cl_session_t *s)
{
    return s != NULL && !s->closed;
}

static void
port_entry_free(gpointer p)
{
    port_entry_t *pe = p;

    clusapi__port_unref(pe->port);
    g_free(pe);
}

void
clusapi__engine_add_port(cl_session_t *s, cl_port_t *port)
{
    port_entry_t *pe = g_new0(port_entry_t, 1);

    pe->port = clusapi__port_ref(port);
    g_mutex_lock(&eng.lock);
    if (eng.ports == NULL) {
        eng.ports = g_ptr_array_new_with_free_func(port_entry_free);
    }
    if (s != NULL && !s->closed) {
        pe->session = s;
        clusapi__port_set_cluster_name(port,
                                       clusapi__model_cluster_name(eng.model));
    }
    g_ptr_array_add(eng.ports, pe);
    g_mutex_unlock(&eng.lock);
}

void
clusapi__engine_remove_port(cl_port_t *port)
{
    g_mutex_lock(&eng.lock);
    for (guint p = 0; eng.ports != NULL && p < eng.ports->len; p++) {
        port_entry_t *pe = g_ptr_array_index(eng.ports, p);

        if (pe->port == port) {
            g_ptr_array_remove_index(eng.ports, p);
            break;
        }
    }
    g_mutex_unlock(&eng.lock);
}

void
clusapi__engine_handle_closed(uintptr_t registrant, const char *name)
{
    g_mutex_lock(&eng.lock);
    for (guint p = 0; eng.ports != NULL && p < eng.ports->len; p++) {
        port_entry_t *pe = g_ptr_array_index(eng.ports, p);

        (void) clusapi__port_handle_closed(pe->port, registrant, name);
    }
    g_mutex_unlock(&eng.lock);
}

const cl_model_t *
clusapi__engine_lock_model(void)
{
    g_mutex_lock(&eng.lock);
    return eng.model;
}

xmlNode *
clusapi__engine_cib(void)
{
    if (eng.upgraded != NULL) {
        return eng.upgraded;
    }
    return eng.cib != NULL && eng.loaded ? clusapi__cib_local(eng.cib) : NULL;
}

/* The names of Corosync's networks or interfaces (lock held) */
static GPtrArray *
memb_names(bool netif)
{
    g_autoptr(GPtrArray) ids = clusapi__memb_list(eng.memb, netif, NULL,
                                                  NULL);
    GPtrArray *names = g_ptr_array_new();

    for (guint i = 0; ids != NULL && i < ids->len; i++) {
        const char *n = clusapi__memb_name(eng.memb, netif,
                                           g_ptr_array_index(ids, i));

        if (n != NULL) {
            g_ptr_array_add(names, (gpointer) n);
        }
    }
    return names;
}

/* The whole database now (lock held) */
static GHashTable *
registry_snapshot(void)
{
    g_autoptr(GPtrArray) nets = memb_names(false);
    g_autoptr(GPtrArray) ifaces = memb_names(true);

    return clusapi__reg_snapshot(eng.model, clusapi__engine_cib(), nets,
                                 ifaces);
}

cl_reg_key_t *
clusapi__engine_reg_key(const char *path)
{
    g_autoptr(GPtrArray) nets = memb_names(false);
    g_autoptr(GPtrArray) ifaces = memb_names(true);

    return clusapi__reg_key(eng.model, clusapi__engine_cib(), nets, ifaces,
                            path);
}

/* Whether an open port asks for REGISTRY_* events (lock held) */
static bool
registry_watched(void)
{
    for (guint p = 0; eng.ports != NULL && p < eng.ports->len; p++) {
        port_entry_t *pe = g_ptr_array_index(eng.ports, p);

        if (pe->session != NULL && clusapi__port_wants_registry(pe->port)) {
            return true;
        }
    }
    return false;
}

/* After a change (lock held): while a port watches the database, the
 * REGISTRY_* events of what the change did to it go after the change's
 * other events, and the database is kept for the next comparison.  No
 * port watching: nothing is computed or kept. */
static void
registry_step(GPtrArray *events)
{
    GHashTable *now;

    if (eng.reg == NULL) {
        return;
    }
    if (!registry_watched()) {
        g_hash_table_unref(g_steal_pointer(&eng.reg));
        return;
    }
    now = registry_snapshot();
    clusapi__reg_diff(eng.reg, now, events);
    g_hash_table_unref(eng.reg);
    eng.reg = now;
}

bool
clusapi__engine_is_live(void)
{
    return eng.cib != NULL && clusapi__cib_is_live(eng.cib);
}

void
clusapi__engine_registry_watch(void)
{
    g_mutex_lock(&eng.lock);
    if (eng.reg == NULL && eng.model != NULL && eng.loaded) {
        eng.reg = registry_snapshot();
    }
    g_mutex_unlock(&eng.lock);
}

const cl_memb_t *
clusapi__engine_memb(void)
{
    return eng.memb;
}

void
clusapi__engine_unlock_model(void)
{
    g_mutex_unlock(&eng.lock);
}

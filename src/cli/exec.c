/* SPDX-License-Identifier: LGPL-2.1-or-later *
 * Uses the public API (clusapi.h) and cli.h only, like every command.
 */
/*
 * exec.c - `clusapi exec`: a Pacemaker alert agent run once per event
 * with the CRM_alert_* environment, one at a time, with a timeout and a
 * bounded queue.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "clusapi.h"
#include "cli/cli.h"

/* --- exec: alert agents driven by the events -------------------------- */

static const char exec_summary[] =
    "Run AGENT once per event, with the environment of a Pacemaker alert\n"
    "agent (CRM_alert_kind, CRM_alert_node, CRM_alert_rsc, CRM_alert_desc,\n"
    "...) and clusapi's own view (CLUSAPI_EVENT, CLUSAPI_NAME,\n"
    "CLUSAPI_STATE, ...), so that the agents Pacemaker ships\n"
    "(alert_file.sh.sample, alert_smtp, alert_snmp) work unchanged, and\n"
    "hear of everything the events report: also resources and groups\n"
    "created, changed and deleted, networks and quorum.  One agent at a\n"
    "time, in event order, each killed after --timeout; events wait in a\n"
    "queue meanwhile.  Ends on SIGINT or SIGTERM.";

static const char exec_description[] =
    "The mapping from events to CRM_alert_* variables is in clusapi(1).\n"
    "\n"
    "Exit codes: 0 ended by a signal, 1 error (an agent that cannot be\n"
    "run), 2 usage error, 3 no cluster running.";

/* Events that wait for the agent (--queue); beyond, the oldest are dropped
 * and their objects' current states are handed to the agent once the queue
 * emptied */
#define EXEC_QUEUE_DEFAULT 4096

typedef struct exec_job {
    DWORD type;        /* CLUSTER_CHANGE_* */
    char *name;
    char *state;       /* read when the event was taken: NULL for none */
    char *owner;
    char *group;
    gint64 when_us;    /* real time, when the event was taken */
} exec_job_t;

typedef struct {
    /* options: --filter, --timeout (the agent's) and --help as watch's */
    watch_opts_t o;
    char *recipient;
    char *tstamp_format;
    int queue_max;
    char *agent;
    /* running */
    HCLUSTER cluster;
    HCHANGE port;
    GMainLoop *loop;
    GQueue queue;              /* exec_job_t * */
    GHashTable *dropped;       /* "TYPE\tname" -> exec_job_t *, overflow */
    guint64 ndropped;
    GHashTable *last_owner;    /* resource/group name -> node it was on */
    GHashTable *last_state;    /* group name -> its state the agent got */
    GHashTable *implicit;      /* names of the implicit groups seen (one
                                * member of the same name) */
    GPid child;                /* 0: none running */
    guint child_timer;
    bool child_killed;
    unsigned long sequence;
    char version[64];          /* the DC's Pacemaker version, x.y.z */
    char cluster_name[256];
    int rc;
} exec_ctx_t;

static void
exec_job_free(gpointer p)
{
    exec_job_t *j = p;

    if (j != NULL) {
        g_free(j->name);
        g_free(j->state);
        g_free(j->owner);
        g_free(j->group);
        g_free(j);
    }
}

/* Pacemaker's words for a few results (2.1 / 3.0) */
static const char *
ocf_word(int rc)
{
    const bool three = CLUSAPI_PACEMAKER_VERSION >= 30000;

    switch (rc) {
        case 0: return three ? "OK" : "ok";
        case 1: return three ? "Error occurred" : "error";
        case 7: return three ? "Not running" : "not running";
        default: return three ? "Unknown exit status" : "unknown";
    }
}

static const char *
pending_word(void)
{
    return CLUSAPI_PACEMAKER_VERSION >= 30000 ? "Pending" : "pending";
}

/* pcmk__time_format_hr: strftime with %N (or %<digits>N) for the digits
 * of the fraction of a second, at most 6 */
static char *
format_timestamp(const char *fmt, gint64 when_us)
{
    time_t t = (time_t) (when_us / G_USEC_PER_SEC);
    int usec = (int) (when_us % G_USEC_PER_SEC);
    char usec_s[8];
    struct tm tm;
    GString *out = g_string_new(NULL);
    GString *part = g_string_new(NULL);

    g_snprintf(usec_s, sizeof(usec_s), "%06d", usec);
    localtime_r(&t, &tm);
    for (const char *p = fmt;; p++) {
        int digits = 0;
        const char *q = p + 1;

        if (*p == '%') {
            while (*q >= '0' && *q <= '9') {
                digits = digits * 10 + (*q - '0');
                q++;
            }
        }
        if (*p == '\0' || (*p == '%' && *q == 'N')) {
            char buf[256];

            if (part->len > 0) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
                size_t n = strftime(buf, sizeof(buf), part->str, &tm);
#pragma GCC diagnostic pop

                g_string_append_len(out, buf, (gssize) n);
                g_string_truncate(part, 0);
            }
            if (*p == '\0') {
                break;
            }
            g_string_append_len(out, usec_s, MIN(digits, 6));
            p = q;
            continue;
        }
        g_string_append_c(part, *p);
        if (*p == '%' && p[1] != '\0') {
            g_string_append_c(part, *++p);
        }
    }
    g_string_free(part, TRUE);
    return g_string_free(out, FALSE);
}

/* the kind of object an event is about */
static const char *
event_object_type(DWORD type)
{
    if (type & (CLUSTER_CHANGE_NODE_STATE | CLUSTER_CHANGE_NODE_ADDED
                | CLUSTER_CHANGE_NODE_DELETED | CLUSTER_CHANGE_NODE_PROPERTY)) {
        return "node";
    }
    if (type & (CLUSTER_CHANGE_GROUP_STATE | CLUSTER_CHANGE_GROUP_ADDED
                | CLUSTER_CHANGE_GROUP_DELETED
                | CLUSTER_CHANGE_GROUP_PROPERTY)) {
        return "group";
    }
    if (type & (CLUSTER_CHANGE_RESOURCE_STATE | CLUSTER_CHANGE_RESOURCE_ADDED
                | CLUSTER_CHANGE_RESOURCE_DELETED
                | CLUSTER_CHANGE_RESOURCE_PROPERTY)) {
        return "resource";
    }
    if (type & (CLUSTER_CHANGE_NETWORK_STATE | CLUSTER_CHANGE_NETWORK_ADDED
                | CLUSTER_CHANGE_NETWORK_DELETED
                | CLUSTER_CHANGE_NETWORK_PROPERTY)) {
        return "network";
    }
    if (type & (CLUSTER_CHANGE_NETINTERFACE_STATE
                | CLUSTER_CHANGE_NETINTERFACE_ADDED
                | CLUSTER_CHANGE_NETINTERFACE_DELETED
                | CLUSTER_CHANGE_NETINTERFACE_PROPERTY)) {
        return "netinterface";
    }
    return "cluster";
}

static void
setenv2(GPtrArray *env, const char *key, const char *value)
{
    /* Pacemaker sets each key twice: CRM_alert_KEY, and CRM_notify_KEY for
     * agents written for ocf:pacemaker:ClusterMon */
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_%s=%s", key,
                                         value != NULL ? value : ""));
    g_ptr_array_add(env, g_strdup_printf("CRM_notify_%s=%s", key,
                                         value != NULL ? value : ""));
}

static void
setenv2_int(GPtrArray *env, const char *key, long long value)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%lld", value);
    setenv2(env, key, buf);
}

/* A resource operation, as a resource alert reports one */
typedef struct {
    const char *node;
    const char *task;
    long long interval;
    int rc;
    int status;
    int target_rc;
    const char *desc;
} exec_op_t;

/* The operation that explains a resource's (or group's) state: its last
 * failed action for Failed, else start or stop, done or pending. */
static void
explain_state(exec_ctx_t *x, const exec_job_t *j, exec_op_t *op,
              CLUSAPI_FAILED_ACTION **failed)
{
    const char *st = j->state != NULL ? j->state : "Unknown";

    op->interval = 0;
    op->status = 0;
    op->rc = 0;
    op->target_rc = 0;
    if (g_ascii_strcasecmp(st, "Failed") == 0) {
        DWORD n = 0;
        CLUSAPI_FAILED_ACTION *best = NULL;

        *failed = read_failed_actions(x->cluster, &n);
        for (DWORD i = 0; *failed != NULL && i < n; i++) {
            CLUSAPI_FAILED_ACTION *a = &(*failed)[i];

            if (g_ascii_strcasecmp(a->lpszResource, j->name) == 0
                && (best == NULL
                    || a->llLastRcChange >= best->llLastRcChange)) {
                best = a;
            }
        }
        if (best != NULL) {
            op->node = best->lpszNode;
            op->task = best->lpszTask;
            op->interval = best->dwIntervalMs;
            op->rc = (int) best->lExitCode;
            op->status = (int) best->lExecStatus;
            op->target_rc = (best->dwIntervalMs == 0
                             && strcmp(best->lpszTask, "monitor") == 0)
                                ? 7
                                : 0;
            op->desc = best->lExecStatus == 0 ? best->lpszExitStatus
                                              : best->lpszExecStatus;
            return;
        }
        op->task = "monitor";
        op->rc = 1;
        op->desc = ocf_word(1);
        return;
    }
    if (g_ascii_strcasecmp(st, "Online") == 0
        || g_ascii_strcasecmp(st, "PartialOnline") == 0) {
        op->task = "start";
    } else if (g_ascii_strcasecmp(st, "OnlinePending") == 0
               || g_ascii_strcasecmp(st, "Pending") == 0) {
        /* a group's Pending: stopping if it was (partly) online */
        const char *was = g_hash_table_lookup(x->last_state, j->name);
        bool stopping = g_ascii_strcasecmp(st, "Pending") == 0 && was != NULL
                        && (strcmp(was, "Online") == 0
                            || strcmp(was, "PartialOnline") == 0);

        op->task = stopping ? "stop" : "start";
        op->status = -1;
        op->rc = 193;
    } else if (g_ascii_strcasecmp(st, "OfflinePending") == 0) {
        op->task = "stop";
        op->status = -1;
        op->rc = 193;
    } else if (g_ascii_strcasecmp(st, "Offline") == 0) {
        op->task = "stop";
    } else {
        op->task = "monitor";
        op->rc = 7;
        op->target_rc = 7;
    }
    op->desc = op->status == -1 ? pending_word() : ocf_word(op->rc);
}

/* The environment of the agent for one job: ours, without any CRM_alert_*
 * or CRM_notify_* of our own, then the alert's variables. */
static char **
exec_env(exec_ctx_t *x, const exec_job_t *j)
{
    GPtrArray *env = g_ptr_array_new();
    char **own = g_get_environ();
    const char *otype = event_object_type(j->type);
    const char *event = clusapi_change_name(j->type);
    g_autofree char *stamp = format_timestamp(x->tstamp_format, j->when_us);
    g_autofree CLUSAPI_FAILED_ACTION *failed = NULL;
    const char *last;
    char buf[64];

    for (char **e = own; *e != NULL; e++) {
        if (!g_str_has_prefix(*e, "CRM_alert_")
            && !g_str_has_prefix(*e, "CRM_notify_")
            && !g_str_has_prefix(*e, "CLUSAPI_")) {
            g_ptr_array_add(env, g_strdup(*e));
        }
    }
    g_strfreev(own);

    setenv2(env, "version", x->version);
    setenv2(env, "recipient", x->recipient);
    setenv2_int(env, "node_sequence", (long long) ++x->sequence);
    setenv2(env, "timestamp", stamp);
    setenv2_int(env, "timestamp_epoch", j->when_us / G_USEC_PER_SEC);
    g_snprintf(buf, sizeof(buf), "%06d", (int) (j->when_us % G_USEC_PER_SEC));
    setenv2(env, "timestamp_usec", buf);

    last = g_hash_table_lookup(x->last_owner, j->name);
    if (strcmp(otype, "resource") == 0 || strcmp(otype, "group") == 0) {
        exec_op_t op = { .node = (j->owner != NULL && j->owner[0]) ? j->owner
                                 : last != NULL ? last : "" };

        if (j->type & (CLUSTER_CHANGE_RESOURCE_STATE
                       | CLUSTER_CHANGE_GROUP_STATE)) {
            explain_state(x, j, &op, &failed);
        } else {
            op.task = (j->type & (CLUSTER_CHANGE_RESOURCE_ADDED
                                  | CLUSTER_CHANGE_GROUP_ADDED))
                          ? "create"
                      : (j->type & (CLUSTER_CHANGE_RESOURCE_DELETED
                                    | CLUSTER_CHANGE_GROUP_DELETED))
                          ? "delete"
                          : "configure";
            op.desc = ocf_word(0);
        }
        setenv2(env, "kind", "resource");
        setenv2(env, "node", op.node);
        setenv2(env, "rsc", j->name);
        setenv2(env, "task", op.task);
        setenv2_int(env, "interval", op.interval);
        setenv2_int(env, "rc", op.rc);
        setenv2_int(env, "status", op.status);
        setenv2_int(env, "target_rc", op.target_rc);
        setenv2(env, "desc", op.desc);
    } else if (j->type == CLUSTER_CHANGE_QUORUM_STATE) {
        bool quorate = false;

        (void) read_quorum(x->cluster, &quorate);
        setenv2(env, "kind", "attribute");
        setenv2(env, "node", x->cluster_name);
        setenv2(env, "attribute_name", "have-quorum");
        setenv2(env, "attribute_value", quorate ? "1" : "0");
    } else if (j->type & (CLUSTER_CHANGE_CLUSTER_STATE
                          | CLUSTER_CHANGE_CLUSTER_RECONNECT
                          | CLUSTER_CHANGE_CLUSTER_PROPERTY)) {
        setenv2(env, "kind", "attribute");
        setenv2(env, "node", x->cluster_name);
        if (j->type == CLUSTER_CHANGE_CLUSTER_PROPERTY) {
            setenv2(env, "attribute_name", "cluster-properties");
            setenv2(env, "attribute_value", "changed");
        } else {
            setenv2(env, "attribute_name", "connection");
            setenv2(env, "attribute_value",
                    j->type == CLUSTER_CHANGE_CLUSTER_STATE ? "lost"
                                                            : "reconnected");
        }
    } else {
        /* nodes, networks, interfaces: "Node 'X' is now 'DESC'" */
        const char *desc;
        g_autofree char *lower = NULL;

        if (j->type & (CLUSTER_CHANGE_NODE_ADDED | CLUSTER_CHANGE_NETWORK_ADDED
                       | CLUSTER_CHANGE_NETINTERFACE_ADDED)) {
            desc = "added";
        } else if (j->type & (CLUSTER_CHANGE_NODE_DELETED
                              | CLUSTER_CHANGE_NETWORK_DELETED
                              | CLUSTER_CHANGE_NETINTERFACE_DELETED)) {
            desc = "deleted";
        } else if (j->type & (CLUSTER_CHANGE_NODE_PROPERTY
                              | CLUSTER_CHANGE_NETWORK_PROPERTY
                              | CLUSTER_CHANGE_NETINTERFACE_PROPERTY)) {
            desc = "changed";
        } else if (j->type == CLUSTER_CHANGE_NODE_STATE) {
            /* Pacemaker's words for the membership: member or lost */
            const char *st = j->state != NULL ? j->state : "Unknown";

            desc = g_ascii_strcasecmp(st, "Down") == 0 ? "lost"
                   : g_ascii_strcasecmp(st, "Paused") == 0 ? "paused"
                   : g_ascii_strcasecmp(st, "Unknown") == 0 ? "unknown"
                                                           : "member";
        } else {
            desc = lower = g_ascii_strdown(j->state != NULL ? j->state
                                                            : "unknown", -1);
        }
        setenv2(env, "kind", "node");
        setenv2(env, "node", j->name);
        setenv2(env, "desc", desc);
    }

    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_EVENT=%s",
                                         event != NULL ? event : "UNKNOWN"));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_NAME=%s", j->name));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_OBJECT_TYPE=%s", otype));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_STATE=%s",
                                         j->state != NULL ? j->state : ""));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_OWNER=%s",
                                         j->owner != NULL ? j->owner : ""));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_GROUP=%s",
                                         j->group != NULL ? j->group : ""));
    g_ptr_array_add(env, NULL);
    return (char **) g_ptr_array_free(env, FALSE);
}

/* A job for an event taken now: the object's state read now. */
static exec_job_t *
exec_job_new(exec_ctx_t *x, DWORD type, const char *name)
{
    exec_job_t *j = g_new0(exec_job_t, 1);
    const char *otype = event_object_type(type);
    static const struct {
        const char *name;
        DWORD kind;
    } objkinds[] = { { "node", CLUSTER_ENUM_NODE },
                  { "group", CLUSTER_ENUM_GROUP },
                  { "resource", CLUSTER_ENUM_RESOURCE },
                  { "network", CLUSTER_ENUM_NETWORK },
                  { "netinterface", CLUSTER_ENUM_NETINTERFACE } };

    j->type = type;
    j->name = g_strdup(name);
    j->when_us = g_get_real_time();
    for (size_t i = 0; i < G_N_ELEMENTS(objkinds); i++) {
        char owner[256], group[256];
        const char *st;

        if (strcmp(otype, objkinds[i].name) != 0) {
            continue;
        }
        st = object_state(x->cluster, objkinds[i].kind, name, owner,
                          sizeof(owner), group, sizeof(group));
        if (st != NULL && strcmp(st, "Unknown") != 0) {
            j->state = g_strdup(st);
        }
        j->owner = g_strdup(owner);
        j->group = g_strdup(group);
    }
    return j;
}

static void exec_next(exec_ctx_t *x);

static void
on_agent_exit(GPid pid, gint status, gpointer data)
{
    exec_ctx_t *x = data;
    g_autoptr(GError) err = NULL;

    g_spawn_close_pid(pid);
    if (x->child_timer != 0) {
        g_source_remove(x->child_timer);
        x->child_timer = 0;
    }
    if (x->child_killed) {
        fprintf(stderr, "clusapi: exec: %s timed out after %g s and was "
                        "killed\n",
                x->agent, x->o.timeout);
    } else if (!g_spawn_check_exit_status(status, &err)) {
        fprintf(stderr, "clusapi: exec: %s: %s\n", x->agent, err->message);
    }
    x->child = 0;
    x->child_killed = false;
    exec_next(x);
}

static gboolean
on_agent_timeout(gpointer data)
{
    exec_ctx_t *x = data;

    x->child_timer = 0;
    x->child_killed = true;
    kill(-x->child, SIGKILL); /* its process group: what it started too */
    kill(x->child, SIGKILL);
    return G_SOURCE_REMOVE;
}

static void
agent_setup(gpointer data)
{
    (void) setpgid(0, 0);
}

/* Start the agent for the next job, if none runs.  Once the queue is
 * empty after an overflow, the objects of the dropped events get a job
 * each, with their state now. */
static void
exec_next(exec_ctx_t *x)
{
    exec_job_t *j;
    char **env;
    char *argv[] = { x->agent, NULL };
    g_autoptr(GError) err = NULL;

    if (x->child != 0) {
        return;
    }
    if (g_queue_is_empty(&x->queue) && g_hash_table_size(x->dropped) > 0) {
        GHashTableIter it;
        gpointer v;

        fprintf(stderr, "clusapi: exec: %" G_GUINT64_FORMAT " events did not "
                        "fit in the queue (%d): the current state of their "
                        "%u objects follows\n",
                x->ndropped, x->queue_max, g_hash_table_size(x->dropped));
        g_hash_table_iter_init(&it, x->dropped);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            const exec_job_t *d = v;

            g_queue_push_tail(&x->queue, exec_job_new(x, d->type, d->name));
        }
        g_hash_table_remove_all(x->dropped);
        x->ndropped = 0;
    }
    j = g_queue_pop_head(&x->queue);
    if (j == NULL) {
        return;
    }
    env = exec_env(x, j);
    if (j->owner != NULL && j->owner[0] != '\0') {
        g_hash_table_replace(x->last_owner, g_strdup(j->name),
                             g_strdup(j->owner));
    }
    if (j->type == CLUSTER_CHANGE_GROUP_STATE && j->state != NULL
        && strcmp(j->state, "Pending") != 0) {
        g_hash_table_replace(x->last_state, g_strdup(j->name),
                             g_strdup(j->state));
    }
    if (!g_spawn_async(NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                       agent_setup, NULL, &x->child, &err)) {
        fprintf(stderr, "clusapi: exec: cannot run %s: %s\n", x->agent,
                err->message);
        x->child = 0;
        x->rc = EXIT_ERROR;
        g_main_loop_quit(x->loop);
    } else {
        g_child_watch_add(x->child, on_agent_exit, x);
        x->child_timer = g_timeout_add((guint) MIN(x->o.timeout * 1000.0,
                                                   (double) G_MAXUINT),
                                       on_agent_timeout, x);
    }
    g_strfreev(env);
    exec_job_free(j);
}

/* Whether a group event repeats a resource event the agent gets anyway:
 * the group is the implicit one of an ungrouped resource (its only member
 * has its name; a group deleted already: as it was when last seen), and
 * the filter has the resource's counterpart of the event. */
static bool
repeats_resource_event(exec_ctx_t *x, DWORD type, const char *name)
{
    static const DWORD pairs[][2] = {
        { CLUSTER_CHANGE_GROUP_STATE, CLUSTER_CHANGE_RESOURCE_STATE },
        { CLUSTER_CHANGE_GROUP_ADDED, CLUSTER_CHANGE_RESOURCE_ADDED },
        { CLUSTER_CHANGE_GROUP_DELETED, CLUSTER_CHANGE_RESOURCE_DELETED },
        { CLUSTER_CHANGE_GROUP_PROPERTY, CLUSTER_CHANGE_RESOURCE_PROPERTY },
    };
    DWORD twin = 0;
    HGROUP g;

    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (type == pairs[i][0]) {
            twin = pairs[i][1];
        }
    }
    if (twin == 0 || (x->o.filter & twin) == 0) {
        return false;
    }
    g = OpenClusterGroupA(x->cluster, name);
    if (g != NULL) {
        HGROUPENUM e = ClusterGroupOpenEnum(g, CLUSTER_GROUP_ENUM_CONTAINS);
        char member[512];
        DWORD t = 0, len = sizeof(member);
        bool one = e != NULL && ClusterGroupGetEnumCount(e) == 1
                   && ClusterGroupEnumA(e, 0, &t, member, &len)
                          == ERROR_SUCCESS
                   && strcmp(member, name) == 0;

        if (e != NULL) {
            ClusterGroupCloseEnum(e);
        }
        CloseClusterGroup(g);
        if (one) {
            g_hash_table_add(x->implicit, g_strdup(name));
        } else {
            g_hash_table_remove(x->implicit, name);
        }
    }
    return g_hash_table_contains(x->implicit, name);
}

/* The port is readable: take every event queued, then run the agent. */
static gboolean
on_exec_port(gint fd, GIOCondition cond, gpointer data)
{
    exec_ctx_t *x = data;
    char buf[1024];

    for (;;) {
        DWORD_PTR key = 0;
        DWORD type = 0, len = sizeof(buf);
        DWORD err = GetClusterNotifyA(x->port, &key, &type, buf, &len, 0);
        exec_job_t *j;

        if (err == WAIT_TIMEOUT) {
            break;
        }
        if (err != ERROR_SUCCESS) {
            fprintf(stderr, "clusapi: GetClusterNotify failed (error %u)\n",
                    err);
            x->rc = EXIT_ERROR;
            g_main_loop_quit(x->loop);
            return G_SOURCE_REMOVE;
        }
        if (type == CLUSTER_CHANGE_HANDLE_CLOSE
            || repeats_resource_event(x, type, buf)) {
            continue;
        }
        if (g_queue_get_length(&x->queue) >= (guint) x->queue_max) {
            /* the oldest waits no more: its object is read again later */
            j = g_queue_pop_head(&x->queue);
            g_hash_table_replace(x->dropped,
                                 g_strdup_printf("%u\t%s", j->type, j->name),
                                 j);
            x->ndropped++;
        }
        g_queue_push_tail(&x->queue, exec_job_new(x, type, buf));
    }
    exec_next(x);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_exec_signal(gpointer data)
{
    exec_ctx_t *x = data;

    g_main_loop_quit(x->loop);
    return G_SOURCE_CONTINUE;
}

int
cmd_exec(int argc, char **argv)
{
    exec_ctx_t x = { .o = { .filter = CLI_DEFAULT_EVENTS, .count = -1,
                            .timeout = 30 },
                     .queue_max = EXEC_QUEUE_DEFAULT };
    const GOptionEntry entries[] = {
        { "filter", 'f', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_filter, "Run the agent only for the events named "
          "(default ALL; the names of 'clusapi watch --help')", "NAME,..." },
        { "recipient", 'r', 0, G_OPTION_ARG_STRING, &x.recipient,
          "CRM_alert_recipient (such as the file of alert_file.sh.sample)",
          "RECIPIENT" },
        { "timeout", 't', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_timeout,
          "Kill an agent that runs longer (default 30, as Pacemaker's)",
          "SECONDS" },
        { "timestamp-format", 'T', 0, G_OPTION_ARG_STRING, &x.tstamp_format,
          "strftime format of CRM_alert_timestamp, %N the fraction of a "
          "second (default %H:%M:%S.%06N)", "FORMAT" },
        { "queue", 'q', 0, G_OPTION_ARG_INT, &x.queue_max,
          "Events that wait for the agent, at most (default 4096)", "N" },
        HELP_ENTRY(x.o.help),
        { 0 },
    };
    CLUSTERVERSIONINFOA vi = { .dwVersionInfoSize = sizeof(vi) };
    DWORD nlen;
    struct stat st;
    int fd;
    int rc = parse_options("exec", "AGENT", exec_summary, exec_description,
                           entries, &x.o, &x.o.help, &argc, &argv);

    if (rc < 0 && argc < 2) {
        rc = usage_error("exec", "which AGENT?");
    }
    if (rc < 0) {
        rc = check_words("exec", argc, argv, 1);
    }
    if (rc < 0 && x.o.timeout <= 0) {
        rc = usage_error("exec", "--timeout must be more than 0");
    }
    if (rc < 0 && x.queue_max < 1) {
        rc = usage_error("exec", "--queue must be 1 or more");
    }
    if (rc >= 0) {
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return rc;
    }
    x.agent = argv[1];
    if (stat(x.agent, &st) != 0 || !S_ISREG(st.st_mode)
        || access(x.agent, X_OK) != 0) {
        fprintf(stderr, "clusapi: exec: %s is not an executable file\n",
                x.agent);
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return EXIT_ERROR;
    }
    if (x.recipient == NULL) {
        x.recipient = g_strdup("");
    }
    if (x.tstamp_format == NULL) {
        x.tstamp_format = g_strdup("%H:%M:%S.%06N");
    }
    rc = open_cluster(&x.cluster);
    if (rc != EXIT_OK) {
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return rc;
    }
    nlen = sizeof(x.cluster_name);
    if (GetClusterInformationA(x.cluster, x.cluster_name, &nlen, &vi)
        != ERROR_SUCCESS) {
        x.cluster_name[0] = '\0';
    }
    g_snprintf(x.version, sizeof(x.version), "%u.%u.%u", vi.MajorVersion,
               vi.MinorVersion, vi.BuildNumber);
    x.port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE,
                                     x.cluster, x.o.filter, 1);
    fd = x.port != NULL ? clusapi_port_fd(x.port) : -1;
    if (fd < 0) {
        fprintf(stderr, "clusapi: cannot create a notification port (error "
                        "%u)\n",
                GetLastError());
        if (x.port != NULL) {
            CloseClusterNotifyPort(x.port);
        }
        CloseCluster(x.cluster);
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return EXIT_ERROR;
    }
    g_queue_init(&x.queue);
    x.dropped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      exec_job_free);
    x.last_owner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         g_free);
    x.implicit = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    x.last_state = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         g_free);
    x.loop = g_main_loop_new(NULL, FALSE);
    g_unix_fd_add(fd, G_IO_IN, on_exec_port, &x);
    g_unix_signal_add(SIGTERM, on_exec_signal, &x);
    g_unix_signal_add(SIGINT, on_exec_signal, &x);
    fprintf(stderr, "clusapi: watching\n");
    g_main_loop_run(x.loop);

    if (x.child != 0) {
        kill(-x.child, SIGTERM);
        kill(x.child, SIGTERM);
    }
    g_main_loop_unref(x.loop);
    g_queue_clear_full(&x.queue, exec_job_free);
    g_hash_table_unref(x.dropped);
    g_hash_table_unref(x.last_owner);
    g_hash_table_unref(x.implicit);
    g_hash_table_unref(x.last_state);
    CloseClusterNotifyPort(x.port);
    CloseCluster(x.cluster);
    g_free(x.recipient);
    g_free(x.tstamp_format);
    return x.rc;
}


/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-rules - a date rule's boundary passing on a real cluster, with no
 * CIB change: node1's standby=on in a set whose rule is "lt" 20 s ahead,
 * then its maintenance=on in a set whose rule is "gt" 15 s ahead.  The
 * NODE_STATE event must come when the outcome changes (at the end of lt,
 * one second after the start of gt, as crm_mon sees it) and no later than
 * BOUND_MS after it, while the CIB's version stays the same; before and
 * after, the states equal crm_mon's.  Runs inside a sandbox node
 * (tests/integration/run.sh).  Prints TAP.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

/* How late the event may be: the engine's timer (millisecond rounding)
 * and one re-read of a small CIB, with room for a loaded machine. */
#define BOUND_MS 2000

static HCLUSTER cluster;
static HCHANGE port;

/* ISO 8601 in UTC, as the rules read it */
static char *
iso_utc(time_t t)
{
    struct tm tm;
    char buf[64];

    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return g_strdup(buf);
}

/* The CIB's version "admin_epoch.epoch.num_updates" */
static char *
cib_version(void)
{
    g_autofree char *out = NULL;
    g_autoptr(GRegex) re = NULL;
    g_autoptr(GMatchInfo) mi = NULL;
    char *v = NULL;

    if (!g_spawn_command_line_sync("cibadmin -Q -l", &out, NULL, NULL, NULL)
        || out == NULL) {
        return g_strdup("?");
    }
    /* the <cib> element's attributes, in any order */
    re = g_regex_new("<cib [^>]*", 0, 0, NULL);
    if (g_regex_match(re, out, 0, &mi)) {
        g_autofree char *cib = g_match_info_fetch(mi, 0);
        const char *names[] = { "admin_epoch", "epoch", "num_updates" };
        GString *s = g_string_new(NULL);

        for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
            g_autofree char *pat = g_strdup_printf(" %s=\"", names[i]);
            const char *p = strstr(cib, pat);

            g_string_append_printf(s, "%s%.*s", i > 0 ? "." : "",
                                   p != NULL ? (int) strcspn(p + strlen(pat),
                                                             "\"")
                                             : 1,
                                   p != NULL ? p + strlen(pat) : "?");
        }
        v = g_string_free(s, FALSE);
    }
    return v != NULL ? v : g_strdup("?");
}

static CLUSTER_NODE_STATE
node1_state(void)
{
    HNODE n = OpenClusterNodeA(cluster, "node1");
    CLUSTER_NODE_STATE s = ClusterNodeStateUnknown;

    if (n != NULL) {
        s = GetClusterNodeState(n);
        CloseClusterNode(n);
    }
    return s;
}

/* Wait (at most until deadline, real time in µs) for the next event:
 * "EVENT name", and when it came (real time, µs); NULL if none. */
static char *
next_event(gint64 deadline, gint64 *when)
{
    char name[256];
    DWORD_PTR key = 0;
    DWORD type = 0, len = sizeof(name), rc;
    gint64 left = (deadline - g_get_real_time()) / 1000;

    rc = GetClusterNotifyA(port, &key, &type, name, &len,
                           left > 0 ? (DWORD) left : 0);
    *when = g_get_real_time();
    if (rc != ERROR_SUCCESS) {
        return NULL;
    }
    return g_strdup_printf("%s %s", clusapi_change_name(type), name);
}

/* The boundary at 'at' (seconds since the epoch): the only event is
 * NODE_STATE node1, not before 'at' and at most BOUND_MS after it, node1
 * is then in state 'want', and the CIB did not change meanwhile. */
static void
expect_boundary(const char *step, time_t at, CLUSTER_NODE_STATE want)
{
    g_autofree char *before = cib_version();
    g_autofree char *after = NULL;
    g_autofree char *ev = NULL;
    g_autoptr(GPtrArray) rest = NULL;
    gint64 when = 0, late;

    ev = next_event(((gint64) at + 10) * G_USEC_PER_SEC, &when);
    late = (when - (gint64) at * G_USEC_PER_SEC) / 1000;
    ok(ev != NULL && strcmp(ev, "NODE_STATE node1") == 0,
       "%s: NODE_STATE node1 with no CIB change (got %s)", step,
       ev != NULL ? ev : "nothing");
    ok(ev != NULL && late >= 0 && late <= BOUND_MS,
       "%s: the event came %lld ms after the boundary (0 to %d)", step,
       (long long) late, BOUND_MS);
    ok(node1_state() == want, "%s: node1 is %d, want %d", step,
       (int) node1_state(), (int) want);
    after = cib_version();
    ok(strcmp(before, after) == 0, "%s: CIB version %s unchanged (now %s)",
       step, before, after);
    rest = drain_events(port, 1000, NULL);
    ok(rest->len == 0, "%s: no other event", step);
    for (guint i = 0; i < rest->len; i++) {
        printf("# event %s\n", (char *) g_ptr_array_index(rest, i));
    }
    compare_with_crm_mon(step);
    compare_api_with_crm_mon(cluster, step);
}

/* node1's set ID: NAME=on while its rule "OP (start|end)=WHEN" passes */
static void
add_node_set(const char *id, const char *op, const char *when,
             const char *name)
{
    sh("cibadmin -M -o nodes -X \"<node id='$(crm_node -i)'>"
       "<instance_attributes id='%s'><rule id='%s-r'><date_expression "
       "id='%s-d' operation='%s' %s='%s'/></rule><nvpair id='%s-on' "
       "name='%s' value='on'/></instance_attributes></node>\"",
       id, id, id, op, strcmp(op, "gt") == 0 ? "start" : "end", when, id,
       name);
}

static void
del_node_set(const char *id)
{
    sh("cibadmin -D -o nodes -X \"<instance_attributes id='%s'/>\"", id);
}

static void
clean_slate(void)
{
    (void) system("for id in rt-standby rt-maint; do cibadmin -D -o nodes "
                  "-X \"<instance_attributes id='$id'/>\" >/dev/null 2>&1; "
                  "done; crm_resource --wait");
}

int
main(void)
{
    time_t t;
    g_autofree char *end = NULL;
    g_autofree char *start = NULL;

    printf("TAP version 13\n");
    clean_slate();
    if (!open_live(&cluster, &port)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    settle();
    expect("idle cluster", drain_events(port, 1000, NULL),
           (const char *[]) { NULL });
    ok(node1_state() == ClusterNodeUp, "node1 is Up");

    /* standby until 20 s from now */
    t = time(NULL) + 20;
    end = iso_utc(t);
    add_node_set("rt-standby", "lt", end, "standby");
    settle();
    expect("standby=on while lt its end", drain_events(port, 1000, NULL),
           (const char *[]) { "NODE_PROPERTY node1 1", "NODE_STATE node1 1",
                              NULL });
    ok(node1_state() == ClusterNodePaused, "node1 is Paused until %s", end);
    compare_with_crm_mon("standby until the rule's end");
    ok(time(NULL) < t - 2, "the boundary is still ahead");
    expect_boundary("the standby rule ends", t, ClusterNodeUp);

    /* maintenance from 15 s from now: gt passes from the second after */
    t = time(NULL) + 15;
    start = iso_utc(t);
    add_node_set("rt-maint", "gt", start, "maintenance");
    settle();
    expect("maintenance=on once gt its start", drain_events(port, 1000, NULL),
           (const char *[]) { "NODE_PROPERTY node1 1", NULL });
    ok(node1_state() == ClusterNodeUp, "node1 is Up until %s", start);
    compare_with_crm_mon("maintenance not yet");
    ok(time(NULL) < t - 2, "the boundary is still ahead");
    expect_boundary("the maintenance rule starts", t + 1, ClusterNodePaused);

    del_node_set("rt-maint");
    settle();
    expect("maintenance set removed", drain_events(port, 1000, NULL),
           (const char *[]) { "NODE_PROPERTY node1 1", "NODE_STATE node1 1",
                              NULL });
    del_node_set("rt-standby");
    settle();
    expect("expired standby set removed", drain_events(port, 1000, NULL),
           (const char *[]) { "NODE_PROPERTY node1 1", NULL });
    compare_with_crm_mon("after the rules");

    ok(CloseCluster(cluster), "CloseCluster");
    ok(CloseClusterNotifyPort(port), "CloseClusterNotifyPort");
    printf("1..%d\n", test_no);
    return failures != 0;
}

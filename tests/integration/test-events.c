/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-events - every event kind the library sends, on a real cluster.  Runs inside a
 * sandbox node (tests/integration/run.sh).  Each step changes the cluster
 * with Pacemaker's own tools, waits for the cluster to settle
 * (crm_resource --wait), drains the port until it has been quiet for a
 * while, and compares the exact list of events ("EVENT name key") with the
 * expected one.  After every step the states the library reports must equal
 * crm_mon's.  Prints TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

static HCLUSTER cluster;
static HCHANGE port;
static GPtrArray *all_events; /* "EVENT name" of key 1, every step */

/* Wait for the cluster to finish acting, then for the port to be quiet. */
static GPtrArray *
settle_and_drain(unsigned quiet_ms)
{
    settle();
    return drain_events(port, quiet_ms, all_events);
}

/* `clusapi watch --json` in the background, from the first step to the
 * restart of the CIB manager: it must print exactly the events the API
 * delivered with key 1. */
static GPid watch_pid;
static char *watch_out;

static void
watch_start(void)
{
    g_autofree char *cmd = g_strdup_printf(
        "exec %s/clusapi watch --json > %s 2> %s.err", getenv("top_builddir"),
        watch_out, watch_out);
    char sh_path[] = "/bin/sh", sh_c[] = "-c";
    char *argv[] = { sh_path, sh_c, cmd, NULL };
    g_autofree char *err = g_strdup_printf("%s.err", watch_out);

    ok(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                     &watch_pid, NULL),
       "clusapi watch --json started");
    for (int i = 0; i < 100; i++) {
        g_autofree char *text = NULL;
        if (g_file_get_contents(err, &text, NULL, NULL)
            && strstr(text, "watching") != NULL) {
            break;
        }
        g_usleep(100 * 1000);
    }
    unlink(err);
}

static void
watch_stop_and_compare(void)
{
    g_autofree char *text = NULL;
    g_autoptr(GString) want = g_string_new(NULL);
    g_autoptr(GString) got = g_string_new(NULL);
    g_autoptr(GRegex) re = g_regex_new(
        "\"event\":\"([A-Z_]+)\",\"name\":\"([^\"]*)\"", 0, 0, NULL);
    g_autoptr(GMatchInfo) mi = NULL;
    int status = 0;

    g_usleep(500 * 1000); /* its last line */
    kill(watch_pid, SIGTERM);
    waitpid(watch_pid, &status, 0);
    g_spawn_close_pid(watch_pid);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
       "clusapi watch exits 0 on SIGTERM");
    for (guint i = 0; i < all_events->len; i++) {
        g_string_append_printf(want, "%s\n",
                               (char *) g_ptr_array_index(all_events, i));
    }
    if (g_file_get_contents(watch_out, &text, NULL, NULL)) {
        g_regex_match(re, text, 0, &mi);
        while (g_match_info_matches(mi)) {
            g_autofree char *ev = g_match_info_fetch(mi, 1);
            g_autofree char *name = g_match_info_fetch(mi, 2);
            g_string_append_printf(got, "%s %s\n", ev, name);
            g_match_info_next(mi, NULL);
        }
    }
    ok(strcmp(want->str, got->str) == 0 && want->len > 0,
       "clusapi watch --json printed exactly the %u events of the API",
       all_events->len);
    if (strcmp(want->str, got->str) != 0) {
        printf("# API:\n%s# watch:\n%s", want->str, got->str);
    }
    unlink(watch_out);
}

int
main(void)
{
    printf("TAP version 13\n");
    all_events = g_ptr_array_new_with_free_func(g_free);
    watch_out = g_strdup_printf("/tmp/clusapi-watch.%d", (int) getpid());
    /* a clean slate */
    (void) system("cibadmin -D -o resources -X '<group id=\"g1\"/>' "
                  ">/dev/null 2>&1; cibadmin -D -o resources -X "
                  "'<primitive id=\"solo\"/>' >/dev/null 2>&1; "
                  "cibadmin -D -o resources -X '<primitive id=\"rep1\"/>' "
                  ">/dev/null 2>&1; "
                  "crm_resource --wait");
    if (!open_live(&cluster, &port)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    expect("idle cluster", settle_and_drain(1000), (const char *[]) { NULL });
    watch_start();

    sh("cibadmin -C -o resources -X '<group id=\"g1\"><primitive id=\"d1\" "
       "class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/></group>'");
    expect("create group g1 with d1", settle_and_drain(1000),
           (const char *[]) { "GROUP_ADDED g1 1", "RESOURCE_ADDED d1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              NULL });
    compare_with_crm_mon("create group");

    sh("cibadmin -M -X '<group id=\"g1\"><primitive id=\"d2\" class=\"ocf\" "
       "provider=\"pacemaker\" type=\"Dummy\"/></group>'");
    expect("add d2 to g1", settle_and_drain(1000),
           (const char *[]) { "RESOURCE_ADDED d2 1", "GROUP_PROPERTY g1 1",
                              "GROUP_STATE g1 1", "RESOURCE_STATE d2 1",
                              "GROUP_STATE g1 1", "RESOURCE_STATE d2 1",
                              "GROUP_STATE g1 1", NULL });
    compare_with_crm_mon("add to group");

    sh("crm_resource -r d1 --meta -p resource-stickiness -v 10 >/dev/null");
    expect("meta attribute of d1", settle_and_drain(1000),
           (const char *[]) { "RESOURCE_PROPERTY d1 1", NULL });

    sh("crm_resource -r g1 --meta -p description -v web >/dev/null");
    expect("meta attribute of g1", settle_and_drain(1000),
           (const char *[]) { "GROUP_PROPERTY g1 1", NULL });

    sh("crm_resource -r g1 --meta -p target-role -v Stopped >/dev/null");
    expect("stop g1", settle_and_drain(1000),
           (const char *[]) { "GROUP_PROPERTY g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              NULL });
    compare_with_crm_mon("stop group");

    sh("crm_resource -r g1 --meta -p target-role -v Started >/dev/null");
    expect("start g1", settle_and_drain(1000),
           (const char *[]) { "GROUP_PROPERTY g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              NULL });
    compare_with_crm_mon("start group");

    sh("crm_standby -N node1 -v on");
    expect("standby node1", settle_and_drain(1000),
           (const char *[]) { "NODE_PROPERTY node1 1", "NODE_STATE node1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              NULL });
    compare_with_crm_mon("standby");

    sh("crm_standby -N node1 -v off");
    expect("node1 back from standby", settle_and_drain(1000),
           (const char *[]) { "NODE_PROPERTY node1 1", "NODE_STATE node1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d1 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              NULL });
    compare_with_crm_mon("standby off");

    /* a value that differs on every run, so a reused sandbox changes too */
    sh("crm_attribute -n clusapi-test-stamp -v $$-$(date +%%s%%N)");
    expect("cluster property", settle_and_drain(1000),
           (const char *[]) { "CLUSTER_PROPERTY clusapi-sandbox 1", NULL });

    sh("cibadmin -C -o nodes -X '<node id=\"99\" uname=\"ghost\"/>'");
    expect("node added", settle_and_drain(1000),
           (const char *[]) { "NODE_ADDED ghost 1", NULL });
    sh("cibadmin -D -o nodes -X '<node id=\"99\"/>'");
    expect("node deleted", settle_and_drain(1000),
           (const char *[]) { "NODE_DELETED ghost 1", NULL });

    /* per-object registration: a second copy with its own key, and
     * HANDLE_CLOSE when the handle is closed */
    {
        HRESOURCE d1 = OpenClusterResourceA(cluster, "d1");
        char node[64], group[64];
        DWORD nlen = sizeof(node), glen = sizeof(group);

        ok(d1 != NULL, "OpenClusterResource d1");
        ok(RegisterClusterNotify(port, CLUSTER_CHANGE_RESOURCE_STATE
                                           | CLUSTER_CHANGE_RESOURCE_PROPERTY
                                           | CLUSTER_CHANGE_HANDLE_CLOSE,
                                 d1, 2)
               == ERROR_SUCCESS,
           "RegisterClusterNotify d1 with key 2");
        ok(GetClusterResourceStateA(d1, node, &nlen, group, &glen)
                   == ClusterResourceOnline
               && strcmp(node, "node1") == 0 && strcmp(group, "g1") == 0,
           "GetClusterResourceState d1: Online on node1 in g1");
        sh("crm_resource -r d1 --meta -p resource-stickiness -v 20 "
           ">/dev/null");
        expect("registered object", settle_and_drain(1000),
               (const char *[]) { "RESOURCE_PROPERTY d1 1",
                                  "RESOURCE_PROPERTY d1 2", NULL });
        ok(CloseClusterResource(d1), "CloseClusterResource d1");
        expect("close registered handle", settle_and_drain(300),
               (const char *[]) { "HANDLE_CLOSE d1 2", NULL });
    }

    sh("crm_resource -r d2 --meta -p target-role -v Stopped >/dev/null");
    expect("stop d2", settle_and_drain(1000),
           (const char *[]) { "RESOURCE_PROPERTY d2 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              "RESOURCE_STATE d2 1", "GROUP_STATE g1 1",
                              NULL });
    sh("cibadmin -D -o resources -X '<primitive id=\"d2\"/>'");
    expect("remove d2 from g1", settle_and_drain(1000),
           (const char *[]) { "GROUP_PROPERTY g1 1", "GROUP_STATE g1 1",
                              "RESOURCE_DELETED d2 1", NULL });
    sh("crm_resource -r g1 --meta -p target-role -v Stopped >/dev/null");
    (void) settle_and_drain(1000);
    sh("cibadmin -D -o resources -X '<group id=\"g1\"/>'");
    expect("delete g1", settle_and_drain(1000),
           (const char *[]) { "RESOURCE_DELETED d1 1", "GROUP_DELETED g1 1",
                              NULL });
    compare_with_crm_mon("after deletes");

    /* a whole-CIB replace (cibadmin --replace) that adds a resource: the
     * library re-reads and reports exactly the difference */
    sh("cibadmin -Q > /tmp/clusapi-replace.$$ && "
       "sed -i 's|<resources/>|<resources><primitive id=\"rep1\" "
       "class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>"
       "</resources>|' /tmp/clusapi-replace.$$ && "
       "grep -q rep1 /tmp/clusapi-replace.$$ && "
       "cibadmin --replace --xml-file /tmp/clusapi-replace.$$; "
       "rc=$?; rm -f /tmp/clusapi-replace.$$; exit $rc");
    expect("cibadmin --replace", settle_and_drain(1000),
           (const char *[]) { "GROUP_ADDED rep1 1", "RESOURCE_ADDED rep1 1",
                              "RESOURCE_STATE rep1 1", "GROUP_STATE rep1 1",
                              "RESOURCE_STATE rep1 1", "GROUP_STATE rep1 1",
                              NULL });
    compare_with_crm_mon("after replace");
    sh("crm_resource -r rep1 --meta -p target-role -v Stopped >/dev/null");
    (void) settle_and_drain(1000);
    sh("cibadmin -D -o resources -X '<primitive id=\"rep1\"/>'");
    expect("delete rep1", settle_and_drain(1000),
           (const char *[]) { "RESOURCE_DELETED rep1 1",
                              "GROUP_DELETED rep1 1", NULL });

    watch_stop_and_compare();

    /* the CIB manager goes away and comes back */
    sh("kill -9 $(pidof pacemaker-based)");
    /* pacemakerd starts it again.  Pacemaker 2.1.5's pacemakerd sometimes
     * declines ("Not respawning ... until cluster returns": a race in its
     * corosync check, about 1 kill in 5 here); then restart Pacemaker in
     * this node (the sandbox's pid 1 does it on SIGUSR1).  Either way the
     * library lost the CIB and must get it back. */
    if (sh("for i in $(seq 30); do sleep 0.5; "
           "pidof pacemaker-based pacemaker-fenced pacemaker-attrd "
           "pacemaker-controld >/dev/null || continue; "
           "[ $(pidof pacemaker-based pacemaker-fenced pacemaker-attrd "
           "pacemaker-controld | wc -w) -eq 4 ] && cibadmin -Q -l >/dev/null "
           "2>&1 && exit 0; done; exit 1")
        != 0) {
        /* pacemaker-fenced goes down with the CIB manager and may not be
         * respawned either; the controller then spins on reconnecting */
        printf("# a Pacemaker daemon was not respawned: restarting "
               "Pacemaker\n");
        sh("kill -USR1 1");
    }
    sh("for i in $(seq 240); do crm_mon -1 --output-as=xml 2>/dev/null | "
       "grep -q 'online=\"true\"' && crm_resource --wait >/dev/null 2>&1 "
       "&& exit 0; sleep 0.5; done; exit 1");
    {
        GPtrArray *got = settle_and_drain(2000);
        int lost = -1, back = -1;

        for (guint i = 0; i < got->len; i++) {
            const char *e = g_ptr_array_index(got, i);
            if (lost < 0 && g_str_has_prefix(e, "CLUSTER_STATE ")) {
                lost = (int) i;
            }
            if (back < 0 && g_str_has_prefix(e, "CLUSTER_RECONNECT ")) {
                back = (int) i;
            }
            printf("# event %s\n", e);
        }
        ok(lost >= 0 && back > lost,
           "CIB manager restart: CLUSTER_STATE, then CLUSTER_RECONNECT");
        g_ptr_array_unref(got);
    }
    compare_with_crm_mon("after CIB manager restart");
    sh("cibadmin -C -o resources -X '<primitive id=\"solo\" class=\"ocf\" "
       "provider=\"pacemaker\" type=\"Dummy\"/>'");
    expect("events after the reconnect", settle_and_drain(1000),
           (const char *[]) { "GROUP_ADDED solo 1", "RESOURCE_ADDED solo 1",
                              "RESOURCE_STATE solo 1", "GROUP_STATE solo 1",
                              "RESOURCE_STATE solo 1", "GROUP_STATE solo 1",
                              NULL });
    compare_with_crm_mon("ungrouped resource");
    compare_failures_with_crm_mon(cluster, "no failure", false);

    /* a failure the controller records (crm_resource --fail), which the
     * cluster recovers from: kept in the history until the cleanup */
    sh("crm_resource --fail -r solo -N \"$(crm_resource -r solo -W -Q)\" "
       ">/dev/null 2>&1");
    (void) settle_and_drain(1000);
    compare_failures_with_crm_mon(cluster, "a failed resource", true);
    compare_with_crm_mon("a failed resource recovered");
    sh("crm_resource --cleanup -r solo >/dev/null");
    (void) settle_and_drain(1000);
    compare_failures_with_crm_mon(cluster, "cleaned up", false);

    sh("crm_resource -r solo --meta -p target-role -v Stopped >/dev/null");
    (void) settle_and_drain(1000);
    sh("cibadmin -D -o resources -X '<primitive id=\"solo\"/>'");
    expect("delete solo", settle_and_drain(1000),
           (const char *[]) { "RESOURCE_DELETED solo 1",
                              "GROUP_DELETED solo 1", NULL });

    ok(CloseCluster(cluster), "CloseCluster");
    ok(CloseClusterNotifyPort(port), "CloseClusterNotifyPort");
    printf("1..%d\n", test_no);
    return failures != 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-schema - a live CIB whose schema is older than the Pacemaker's
 * current major is read as Pacemaker reads it: through Pacemaker's schema
 * upgrade (docs/mapping.md).  Runs inside a sandbox node
 * (tests/integration/run.sh) and prints TAP.
 *
 * A cluster upgraded from an old Pacemaker keeps the schema its CIB names
 * (validate-with) until someone upgrades it: the CIB manager only checks
 * the CIB against it, while the scheduler and crm_mon upgrade a copy each
 * time they read it.  Here the live CIB is set to pacemaker-2.10 and its
 * node given the type "normal", which that schema has and the upgrade
 * turns into "member".  Read as it is, the node would be a ping node
 * (Down); read upgraded it stays Up, as crm_mon shows it, and as read it
 * did not change (no NODE_PROPERTY either).  Then a
 * resource created, changed and deleted while the CIB keeps that schema
 * gives the events of a current CIB, once each, and the states equal
 * crm_mon's; and setting the schema back changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

static HCLUSTER cluster;
static HCHANGE port;

/* The CIB's validate-with, or NULL */
static char *
validate_with(void)
{
    char *out = NULL;
    const char *p;
    int status = 0;
    char *v = NULL;

    if (g_spawn_command_line_sync("sh -c 'cibadmin -Q | head -n 1'", &out,
                                  NULL, &status, NULL)
        && status == 0 && (p = strstr(out, " validate-with=\"")) != NULL) {
        p += strlen(" validate-with=\"");
        v = g_strndup(p, strcspn(p, "\""));
    }
    g_free(out);
    return v;
}

static CLUSTER_NODE_STATE
node_state(const char *name)
{
    HNODE n = OpenClusterNodeA(cluster, name);
    CLUSTER_NODE_STATE s;

    if (n == NULL) {
        return ClusterNodeStateUnknown;
    }
    s = GetClusterNodeState(n);
    CloseClusterNode(n);
    return s;
}

int
main(void)
{
    g_autofree char *orig = NULL;
    g_autofree char *now = NULL;

    printf("TAP version 13\n");
    (void) system("cibadmin -D -o resources -X '<primitive id=\"old1\"/>' "
                  ">/dev/null 2>&1; crm_resource --wait");
    orig = validate_with();
    ok(orig != NULL, "the CIB's schema: %s", orig != NULL ? orig : "?");
    if (orig == NULL || !open_live(&cluster, &port)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    /* node1's type written out, as the upgrade will write it */
    ok(sh("cibadmin --modify -o nodes --xml-text "
          "'<node id=\"1\" type=\"member\"/>'") == 0,
       "node1 given type=member");
    g_ptr_array_unref(drain_events(port, 1500, NULL));
    ok(node_state("node1") == ClusterNodeUp, "node1 Up");

    /* the older schema: nothing changes for the model */
    ok(sh("cibadmin --modify --xml-text "
          "'<cib validate-with=\"pacemaker-2.10\"/>'") == 0,
       "validate-with set to pacemaker-2.10");
    now = validate_with();
    ok(now != NULL && strcmp(now, "pacemaker-2.10") == 0,
       "the CIB names pacemaker-2.10 (%s)", now != NULL ? now : "?");
    expect("the older schema", drain_events(port, 1500, NULL),
           (const char *[]) { NULL });

    /* a node type of that schema, which the upgrade renames */
    ok(sh("cibadmin --modify -o nodes --xml-text "
          "'<node id=\"1\" type=\"normal\"/>'") == 0,
       "node1 given type=normal");
    /* as Pacemaker reads it, the node did not change: no event */
    expect("type=normal", drain_events(port, 1500, NULL),
           (const char *[]) { NULL });
    ok(node_state("node1") == ClusterNodeUp,
       "node1 still Up (a member, as upgraded), not a ping node");
    compare_api_with_crm_mon(cluster, "type=normal under pacemaker-2.10");

    /* resources under the older schema */
    sh("cibadmin -C -o resources -X '<primitive id=\"old1\" class=\"ocf\" "
       "provider=\"pacemaker\" type=\"Dummy\"/>'");
    settle();
    expect("old1 created", drain_changes(port),
           (const char *[]) { "GROUP_ADDED old1 1", "RESOURCE_ADDED old1 1",
                              NULL });
    compare_api_with_crm_mon(cluster, "old1 created");
    sh("crm_resource -r old1 --meta -p target-role -v Stopped >/dev/null");
    settle();
    expect("old1 disabled", drain_changes(port),
           (const char *[]) { "RESOURCE_PROPERTY old1 1", NULL });
    compare_api_with_crm_mon(cluster, "old1 disabled");
    sh("cibadmin -D -o resources -X '<primitive id=\"old1\"/>'");
    settle();
    expect("old1 deleted", drain_changes(port),
           (const char *[]) { "RESOURCE_DELETED old1 1",
                              "GROUP_DELETED old1 1", NULL });

    /* back to the current schema: the same model */
    ok(sh("cibadmin --modify -o nodes --xml-text "
          "'<node id=\"1\" type=\"member\"/>'") == 0
           && sh("cibadmin --modify --xml-text '<cib validate-with=\"%s\"/>'",
                 orig) == 0,
       "node1 a member and the schema %s again", orig);
    expect("the schema back", drain_events(port, 1500, NULL),
           (const char *[]) { NULL });
    ok(node_state("node1") == ClusterNodeUp, "node1 Up");
    compare_api_with_crm_mon(cluster, "the schema back");

    ok(CloseCluster(cluster), "CloseCluster");
    ok(CloseClusterNotifyPort(port), "CloseClusterNotifyPort");
    printf("1..%d\n", test_no);
    return failures != 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-registry - the cluster database on a real cluster: REGISTRY_* events
 * for the changes Pacemaker's tools make, exactly, beside the other events
 * of the same diff, and the values read back as the tools wrote them.
 * Runs inside a sandbox node (tests/integration/run.sh) and prints TAP.
 *
 * Port 1 registers the resource reg1 (RESOURCE_PROPERTY, key 8) and its
 * key (REGISTRY_VALUE | REGISTRY_NAME | SUBTREE | HANDLE_CLOSE, key 7):
 * crm_resource --set-parameter / --delete-parameter and a meta attribute
 * give RESOURCE_PROPERTY and then REGISTRY_VALUE, named relative to the
 * key ("Parameters", ""), for the one diff.  Port 2 has a port-wide filter
 * (the root) without SUBTREE: a cluster option set with crm_attribute is a
 * value of the root (""); port 3 one with SUBTREE: cibadmin creating and
 * deleting a resource gives REGISTRY_NAME for its keys (Groups\X,
 * Resources\X, Resources\X\Parameters).  Closing the key posts
 * HANDLE_CLOSE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

static HCLUSTER cluster;

/* A REG_SZ value of a key as the A form reads it; NULL if none */
static char *
query(HKEY k, const char *name)
{
    DWORD type = 0, size = 0;
    char *data;

    if (ClusterRegQueryValueA(k, name, &type, NULL, &size) != ERROR_SUCCESS
        || type != REG_SZ) {
        return NULL;
    }
    data = g_malloc(size);
    if (ClusterRegQueryValueA(k, name, NULL, (LPBYTE) data, &size)
        != ERROR_SUCCESS) {
        g_free(data);
        return NULL;
    }
    return data;
}

/* `test-registry --as-user`, run as another user by the test: what that
 * user gets, on one line: "open ERR" when OpenCluster fails, else
 * "open 0 set ERR" for a write of an instance attribute of reg1 */
static int
as_user(void)
{
    HCLUSTER c = OpenClusterA(NULL);
    HRESOURCE r;
    HKEY k, params = NULL;
    DWORD err;

    if (c == NULL) {
        printf("open %u\n", GetLastError());
        return 0;
    }
    r = OpenClusterResourceA(c, "reg1");
    k = GetClusterResourceKey(r, KEY_ALL_ACCESS);
    err = ClusterRegOpenKeyA(k, "Parameters", KEY_ALL_ACCESS, &params);
    if (err == ERROR_SUCCESS) {
        err = ClusterRegSetValueA(params, "acl", REG_SZ,
                                  (const BYTE *) "denied", 7);
    }
    printf("open 0 set %u\n", err);
    ClusterRegCloseKey(params);
    ClusterRegCloseKey(k);
    CloseClusterResource(r);
    CloseCluster(c);
    return 0;
}

/* This program run as user (and group), its one line of output */
static char *
run_as(const char *user, const char *group, const char *groups_opt)
{
    g_autofree char *self = g_build_filename(g_getenv("top_builddir"),
                                             "tests", "integration",
                                             "test-registry", NULL);
    g_autofree char *cmd = g_strdup_printf(
        "setpriv --reuid=%s --regid=%s %s -- %s --as-user", user, group,
        groups_opt, self);

    return sh_out(cmd);
}

int
main(int argc, char **argv)
{
    HCHANGE p1, p2, p3;
    HRESOURCE r;
    HKEY k, params = NULL;
    g_autofree char *v = NULL;

    if (argc > 1 && strcmp(argv[1], "--as-user") == 0) {
        return as_user();
    }
    printf("TAP version 13\n");
    (void) system("for r in reg1 reg2; do cibadmin -D -o resources "
                  "-X \"<primitive id=\\\"$r\\\"/>\" >/dev/null 2>&1; done; "
                  "crm_attribute -t crm_config -n clusapi-test -D "
                  ">/dev/null 2>&1; crm_resource --wait");
    cluster = OpenClusterA(NULL);
    ok(cluster != NULL, "OpenCluster on the live cluster");
    if (cluster == NULL) {
        printf("1..%d\n", test_no);
        return 1;
    }
    sh("cibadmin -C -o resources -X '<primitive id=\"reg1\" class=\"ocf\" "
       "provider=\"pacemaker\" type=\"Dummy\"/>'");
    settle();

    p1 = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster, 0,
                                 0);
    r = OpenClusterResourceA(cluster, "reg1");
    k = GetClusterResourceKey(r, KEY_READ);
    ok(p1 != NULL && r != NULL && k != NULL, "reg1's key");
    ok(RegisterClusterNotify(p1, CLUSTER_CHANGE_RESOURCE_PROPERTY, r, 8)
           == ERROR_SUCCESS
           && RegisterClusterNotify(p1,
                                    CLUSTER_CHANGE_REGISTRY_VALUE
                                        | CLUSTER_CHANGE_REGISTRY_NAME
                                        | CLUSTER_CHANGE_REGISTRY_SUBTREE
                                        | CLUSTER_CHANGE_HANDLE_CLOSE,
                                    (HANDLE) k, 7)
                  == ERROR_SUCCESS,
       "RegisterClusterNotify on the resource and on its key");
    ok(RegisterClusterNotify(p1, CLUSTER_CHANGE_RESOURCE_STATE, (HANDLE) k,
                             9) == ERROR_INVALID_PARAMETER,
       "a key takes only REGISTRY_* and HANDLE_CLOSE");
    p2 = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                 CLUSTER_CHANGE_REGISTRY_VALUE
                                     | CLUSTER_CHANGE_REGISTRY_NAME,
                                 2);
    p3 = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                 CLUSTER_CHANGE_REGISTRY_NAME
                                     | CLUSTER_CHANGE_REGISTRY_SUBTREE,
                                 3);
    ok(p2 != NULL && p3 != NULL, "two ports with registry filters");

    /* an instance attribute set, changed through crm_resource */
    sh("crm_resource -r reg1 --set-parameter fake --parameter-value 42 "
       ">/dev/null");
    settle();
    expect("--set-parameter", drain_changes(p1),
           (const char *[]) { "RESOURCE_PROPERTY reg1 8",
                              "REGISTRY_VALUE Parameters 7", NULL });
    ok(ClusterRegOpenKeyA(k, "Parameters", KEY_READ, &params)
           == ERROR_SUCCESS,
       "open reg1\\Parameters");
    v = query(params, "fake");
    ok(v != NULL && strcmp(v, "42") == 0, "fake reads 42 (%s)",
       v != NULL ? v : "none");
    g_clear_pointer(&v, g_free);
    sh("crm_resource -r reg1 --delete-parameter fake >/dev/null");
    settle();
    expect("--delete-parameter", drain_changes(p1),
           (const char *[]) { "RESOURCE_PROPERTY reg1 8",
                              "REGISTRY_VALUE Parameters 7", NULL });
    ok(query(params, "fake") == NULL, "fake is gone");
    /* a meta attribute: a value of the key itself */
    sh("crm_resource -r reg1 --meta --set-parameter resource-stickiness "
       "--parameter-value 5 >/dev/null");
    settle();
    expect("a meta attribute", drain_changes(p1),
           (const char *[]) { "RESOURCE_PROPERTY reg1 8",
                              "REGISTRY_VALUE  7", NULL });
    v = query(k, "resource-stickiness");
    ok(v != NULL && strcmp(v, "5") == 0, "resource-stickiness reads 5");
    g_clear_pointer(&v, g_free);

    /* a cluster option: the root's value, on the port-wide filter */
    g_ptr_array_unref(drain_changes(p2));
    g_ptr_array_unref(drain_changes(p3));
    sh("crm_attribute -t crm_config -n clusapi-test -v on >/dev/null");
    settle();
    expect("a cluster option (root, no SUBTREE)", drain_changes(p2),
           (const char *[]) { "REGISTRY_VALUE  2", NULL });
    expect("a cluster option (SUBTREE, NAME only)", drain_changes(p3),
           (const char *[]) { NULL });
    expect("a cluster option (reg1's key)", drain_changes(p1),
           (const char *[]) { NULL });
    /* cibadmin on reg1's own element */
    sh("cibadmin -M -o resources -X '<primitive id=\"reg1\">"
       "<meta_attributes id=\"reg1-meta_attributes\">"
       "<nvpair id=\"reg1-ma-tr\" name=\"target-role\" "
       "value=\"Started\"/></meta_attributes></primitive>'");
    settle();
    expect("cibadmin on reg1", drain_changes(p1),
           (const char *[]) { "RESOURCE_PROPERTY reg1 8",
                              "REGISTRY_VALUE  7", NULL });

    /* a resource created and deleted: its keys, with SUBTREE */
    sh("cibadmin -C -o resources -X '<primitive id=\"reg2\" class=\"ocf\" "
       "provider=\"pacemaker\" type=\"Dummy\"/>'");
    settle();
    expect("reg2 created", drain_changes(p3),
           (const char *[]) { "REGISTRY_NAME Groups\\reg2 3",
                              "REGISTRY_NAME Resources\\reg2 3",
                              "REGISTRY_NAME Resources\\reg2\\Parameters 3",
                              NULL });
    expect("reg2 created (root, no SUBTREE)", drain_changes(p2),
           (const char *[]) { NULL });
    expect("reg2 created (reg1's key)", drain_changes(p1),
           (const char *[]) { NULL });
    sh("cibadmin -D -o resources -X '<primitive id=\"reg2\"/>'");
    settle();
    expect("reg2 deleted", drain_changes(p3),
           (const char *[]) { "REGISTRY_NAME Resources\\reg2\\Parameters 3",
                              "REGISTRY_NAME Resources\\reg2 3",
                              "REGISTRY_NAME Groups\\reg2 3", NULL });

    /* writes: through the CIB manager, seen by crm_resource and
     * crm_attribute when the call returns, and read back at once */
    {
        g_autofree char *out = NULL;
        DWORD err = ClusterRegSetValueA(params, "fake2", REG_SZ,
                                        (const BYTE *) "hello", 6);

        ok(err == ERROR_SUCCESS, "ClusterRegSetValue on Parameters (%u)",
           err);
        out = sh_out("crm_resource -r reg1 --get-parameter fake2");
        ok(out != NULL && strcmp(out, "hello") == 0,
           "crm_resource --get-parameter shows it at once (%s)",
           out != NULL ? out : "nothing");
        v = query(params, "fake2");
        ok(v != NULL && strcmp(v, "hello") == 0,
           "ClusterRegQueryValue reads it at once");
        g_clear_pointer(&v, g_free);
        settle();
        expect("ClusterRegSetValue's events", drain_changes(p1),
               (const char *[]) { "RESOURCE_PROPERTY reg1 8",
                                  "REGISTRY_VALUE Parameters 7", NULL });
        ok(ClusterRegDeleteValueA(params, "fake2") == ERROR_SUCCESS,
           "ClusterRegDeleteValue");
        g_free(out);
        /* (crm_resource says so on stderr, and exits 0) */
        out = sh_out("sh -c 'crm_resource -r reg1 --get-parameter fake2 "
                     "2>/dev/null'");
        ok(out != NULL && out[0] == '\0', "crm_resource finds fake2 no more "
                                          "(%s)",
           out != NULL ? out : "failed");
        ok(query(params, "fake2") == NULL, "nor does ClusterRegQueryValue");
        settle();
        g_ptr_array_unref(drain_changes(p1));
        err = ClusterRegSetValueA(k, "Type", REG_SZ, (const BYTE *) "x", 2);
        ok(err == ERROR_ACCESS_DENIED, "Type is not written (%u)", err);
    }
    /* every home: a meta attribute, a value changed where it is (one
     * nvpair), REG_DWORD, a cluster option, a node attribute; an implicit
     * group has none */
    {
        HKEY root = GetClusterKey(cluster, KEY_ALL_ACCESS);
        HKEY node = NULL, grp = NULL;
        DWORD n = 300, err;
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;
        g_autofree char *c = NULL;
        g_autofree char *d = NULL;
        g_autofree char *e = NULL;

        ok(ClusterRegSetValueA(k, "migration-threshold", REG_SZ,
                               (const BYTE *) "3", 2) == ERROR_SUCCESS
               && ClusterRegSetValueA(k, "migration-threshold", REG_SZ,
                                      (const BYTE *) "4", 2)
                      == ERROR_SUCCESS,
           "a meta attribute set, then changed");
        a = sh_out("crm_resource -r reg1 --meta --get-parameter "
                   "migration-threshold");
        ok(a != NULL && strcmp(a, "4") == 0, "crm_resource reads 4 (%s)",
           a != NULL ? a : "failed");
        b = sh_out("sh -c 'cibadmin -Q -o resources | grep -c "
                   "\"name=.migration-threshold.\"'");
        ok(b != NULL && strcmp(b, "1") == 0, "one nvpair (%s)",
           b != NULL ? b : "failed");
        ok(ClusterRegSetValueA(params, "port", REG_DWORD, (const BYTE *) &n,
                               sizeof(n)) == ERROR_SUCCESS,
           "REG_DWORD");
        c = sh_out("crm_resource -r reg1 --get-parameter port");
        ok(c != NULL && strcmp(c, "300") == 0, "written as 300 (%s)",
           c != NULL ? c : "failed");
        ok(ClusterRegSetValueA(root, "batch-limit", REG_SZ,
                               (const BYTE *) "7", 2) == ERROR_SUCCESS,
           "a cluster option");
        d = sh_out("crm_attribute -t crm_config -n batch-limit -G -q");
        ok(d != NULL && strcmp(d, "7") == 0, "crm_attribute reads 7 (%s)",
           d != NULL ? d : "failed");
        ok(ClusterRegOpenKeyA(root, "Nodes\\node1", KEY_ALL_ACCESS, &node)
               == ERROR_SUCCESS
               && ClusterRegSetValueA(node, "rack", REG_SZ,
                                      (const BYTE *) "r1", 3)
                      == ERROR_SUCCESS,
           "a node attribute");
        e = sh_out("crm_attribute -N node1 -n rack -G -q");
        ok(e != NULL && strcmp(e, "r1") == 0, "crm_attribute reads r1 (%s)",
           e != NULL ? e : "failed");
        err = ClusterRegOpenKeyA(root, "Groups\\reg1", KEY_ALL_ACCESS, &grp);
        ok(err == ERROR_SUCCESS
               && ClusterRegSetValueA(grp, "x", REG_SZ, (const BYTE *) "1", 2)
                      == ERROR_ACCESS_DENIED,
           "an implicit group keeps nothing");
        ok(ClusterRegDeleteValueA(root, "batch-limit") == ERROR_SUCCESS
               && ClusterRegDeleteValueA(node, "rack") == ERROR_SUCCESS
               && ClusterRegDeleteValueA(params, "port") == ERROR_SUCCESS
               && ClusterRegDeleteValueA(k, "migration-threshold")
                      == ERROR_SUCCESS,
           "and deleted");
        ClusterRegCloseKey(grp);
        ClusterRegCloseKey(node);
        ClusterRegCloseKey(root);
        settle();
        g_ptr_array_unref(drain_changes(p1));
    }

    /* the CIB manager's own rights: a user of haclient whose ACL role reads
     * only, and a user outside haclient */
    {
        g_autofree char *out = NULL;

        sh("id clusapi-acl >/dev/null 2>&1 || useradd -M -N -g haclient "
           "-s /usr/sbin/nologin clusapi-acl");
        sh("cibadmin -C -o configuration -X '<acls>"
           "<acl_target id=\"clusapi-acl\"><role id=\"clusapi-ro\"/>"
           "</acl_target><acl_role id=\"clusapi-ro\">"
           "<acl_permission id=\"clusapi-ro-r\" kind=\"read\" "
           "xpath=\"/cib\"/></acl_role></acls>'");
        sh("crm_attribute -t crm_config -n enable-acl -v true >/dev/null");
        settle();
        out = run_as("clusapi-acl", "haclient", "--init-groups");
        ok(out != NULL && strcmp(out, "open 0 set 5") == 0,
           "a read-only ACL role: ERROR_ACCESS_DENIED (%s)",
           out != NULL ? out : "failed");
        g_free(out);
        out = run_as("nobody", "nogroup", "--clear-groups");
        ok(out != NULL && strcmp(out, "open 5") == 0,
           "a user outside haclient: ERROR_ACCESS_DENIED (%s)",
           out != NULL ? out : "failed");
        g_free(out);
        out = sh_out("sh -c 'crm_resource -r reg1 --get-parameter acl "
                     "2>/dev/null'");
        ok(out != NULL && out[0] == '\0', "the CIB is unchanged (%s)",
           out != NULL ? out : "failed");
        sh("crm_attribute -t crm_config -n enable-acl -D >/dev/null");
        sh("cibadmin -D -o configuration -X '<acls/>'");
        settle();
        g_ptr_array_unref(drain_changes(p1));
    }

    /* closing the key */
    ok(ClusterRegCloseKey(params) == ERROR_SUCCESS
           && ClusterRegCloseKey(k) == ERROR_SUCCESS,
       "ClusterRegCloseKey");
    expect("the key closed", drain_changes(p1),
           (const char *[]) { "HANDLE_CLOSE Resources\\reg1 7", NULL });

    sh("cibadmin -D -o resources -X '<primitive id=\"reg1\"/>'");
    sh("crm_attribute -t crm_config -n clusapi-test -D >/dev/null");
    settle();
    CloseClusterResource(r);
    CloseClusterNotifyPort(p1);
    CloseClusterNotifyPort(p2);
    CloseClusterNotifyPort(p3);
    ok(CloseCluster(cluster), "CloseCluster");
    printf("1..%d\n", test_no);
    return failures != 0;
}

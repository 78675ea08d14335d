/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-expiry - a failure that expires (failure-timeout) is noticed with no
 * CIB change, on a real cluster.  Runs inside a sandbox node
 * (tests/integration/run.sh).
 *
 * An unmanaged Dummy (the cluster leaves it failed) with failure-timeout
 * 20s gets a failure from the controller (crm_resource --fail); the library
 * reports it Failed, as crm_mon does.  Then nothing touches the CIB: the
 * failure stops counting once it is 20 s old and its fail count too (a fail
 * count expires the second after: last-failure + 20 + 1), and the
 * RESOURCE_STATE event must arrive within 2 s of that time, with the CIB's
 * version unchanged from the failure to the event and for 3 s after it
 * (Pacemaker's own scheduler runs at that time too, and writes nothing for
 * an unmanaged resource; for a managed one it clears the fail count and
 * deletes the failure's history entry).  Prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

#define TIMEOUT_S 20
#define BOUND_S 2

static HCLUSTER cluster;
static HCHANGE port;

/* A number attribute of the first element an XPath query gives, -1 none. */
static long long
cib_number(const char *xpath, const char *name)
{
    g_autofree char *cmd = g_strdup_printf("cibadmin -Q --xpath \"%s\"",
                                           xpath);
    g_autofree char *xml = sh_out(cmd);
    g_autofree char *key = g_strdup_printf(" %s=\"", name);
    const char *p = xml != NULL ? strstr(xml, key) : NULL;

    return p != NULL ? g_ascii_strtoll(p + strlen(key), NULL, 10) : -1;
}

/* The CIB's version: admin_epoch.epoch.num_updates */
static char *
cib_version(void)
{
    g_autofree char *first = sh_out("sh -c 'cibadmin -Q | head -n 1'");
    long long v[3] = { -1, -1, -1 };
    static const char *const names[] = { " admin_epoch=\"", " epoch=\"",
                                         " num_updates=\"" };

    for (int i = 0; first != NULL && i < 3; i++) {
        const char *p = strstr(first, names[i]);

        if (p != NULL) {
            v[i] = g_ascii_strtoll(p + strlen(names[i]), NULL, 10);
        }
    }
    return g_strdup_printf("%lld.%lld.%lld", v[0], v[1], v[2]);
}

static CLUSTER_RESOURCE_STATE
state_of(const char *name)
{
    HRESOURCE r = OpenClusterResourceA(cluster, name);
    CLUSTER_RESOURCE_STATE s;
    char node[256], group[256];
    DWORD nl = sizeof(node), gl = sizeof(group);

    if (r == NULL) {
        return ClusterResourceStateUnknown;
    }
    s = GetClusterResourceStateA(r, node, &nl, group, &gl);
    CloseClusterResource(r);
    return s;
}

int
main(void)
{
    g_autoptr(GPtrArray) got = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    long long lrc, last, due, deadline;
    gint64 arrived = 0;

    printf("TAP version 13\n");
    (void) system("cibadmin -D -o resources -X '<primitive id=\"ft\"/>' "
                  ">/dev/null 2>&1; crm_resource --wait");
    if (!open_live(&cluster, &port)) {
        printf("1..%d\n", test_no);
        return 1;
    }

    sh("cibadmin -C -o resources -X '<primitive id=\"ft\" class=\"ocf\" "
       "provider=\"pacemaker\" type=\"Dummy\"><meta_attributes id=\"ft-m\">"
       "<nvpair id=\"ft-m-ft\" name=\"failure-timeout\" value=\"%ds\"/>"
       "</meta_attributes><operations><op id=\"ft-mon\" name=\"monitor\" "
       "interval=\"10s\"/></operations></primitive>'", TIMEOUT_S);
    settle();
    sh("crm_resource -r ft --meta -p is-managed -v false >/dev/null");
    settle();
    g_ptr_array_unref(drain_events(port, 1000, NULL));
    ok(state_of("ft") == ClusterResourceOnline, "ft online, unmanaged");

    /* the failure: the unmanaged resource stays failed */
    sh("crm_resource --fail -r ft -N \"$(crm_resource -r ft -W -Q)\" "
       ">/dev/null 2>&1");
    settle();
    got = drain_events(port, 1000, NULL);
    ok(state_of("ft") == ClusterResourceFailed, "ft failed");
    compare_api_with_crm_mon(cluster, "ft failed");
    compare_failures_with_crm_mon(cluster, "ft failed", true);
    g_ptr_array_unref(g_steal_pointer(&got));

    /* when it expires: the failure 20 s old, and its fail count's last
     * failure more than 20 s old (the second after) */
    lrc = cib_number("//lrm_resource[@id='ft']/lrm_rsc_op[@rc-code!='0' "
                     "and @rc-code!='7']", "last-rc-change");
    last = cib_number("//nvpair[starts-with(@name,'last-failure-ft#')]",
                      "value");
    ok(lrc > 0, "the failure's last-rc-change: %lld", lrc);
    due = MAX(lrc + TIMEOUT_S, last > 0 ? last + TIMEOUT_S + 1 : 0);
    printf("# fail count's last failure %lld, expiry due at %lld "
           "(now %lld)\n", last, due,
           (long long) (g_get_real_time() / G_USEC_PER_SEC));
    before = cib_version();

    /* no CIB change from here: wait for the event */
    deadline = due + 10;
    got = g_ptr_array_new_with_free_func(g_free);
    while (arrived == 0 && g_get_real_time() / G_USEC_PER_SEC < deadline) {
        DWORD_PTR key = 0;
        DWORD type = 0;
        char name[256];
        DWORD len = sizeof(name);
        DWORD rc = GetClusterNotifyA(port, &key, &type, name, &len, 500);

        if (rc == WAIT_TIMEOUT) {
            continue;
        }
        if (rc != ERROR_SUCCESS) {
            g_ptr_array_add(got, g_strdup_printf("ERROR %u", rc));
            break;
        }
        g_ptr_array_add(got, g_strdup_printf("%s %s %lu",
                                             clusapi_change_name(type), name,
                                             (unsigned long) key));
        if (type == CLUSTER_CHANGE_RESOURCE_STATE && strcmp(name, "ft") == 0) {
            arrived = g_get_real_time();
        }
    }
    after = cib_version();
    ok(arrived != 0, "RESOURCE_STATE ft arrived");
    printf("# arrived %.3f s after the expiry time\n",
           (double) (arrived - due * G_USEC_PER_SEC) / G_USEC_PER_SEC);
    ok(arrived >= due * G_USEC_PER_SEC
           && arrived <= (due + BOUND_S) * G_USEC_PER_SEC,
       "the event came within %d s of the expiry time", BOUND_S);
    ok(strcmp(before, after) == 0, "no CIB change meanwhile (%s, %s)",
       before, after);
    /* Pacemaker's own recheck runs at the fail count's expiry too (its
     * controller's recheck timer): for an unmanaged resource it writes
     * nothing either */
    g_usleep(3 * G_USEC_PER_SEC);
    g_free(after);
    after = cib_version();
    ok(strcmp(before, after) == 0, "nor in the 3 s after it (%s)", after);
    ok(state_of("ft") == ClusterResourceOnline, "ft online again");
    compare_api_with_crm_mon(cluster, "ft's failure expired");
    compare_failures_with_crm_mon(cluster, "ft's failure expired", false);
    {
        g_autoptr(GPtrArray) rest = drain_events(port, 1000, NULL);

        for (guint i = 0; i < rest->len; i++) {
            g_ptr_array_add(got, g_strdup(g_ptr_array_index(rest, i)));
        }
        expect("the expiry", g_steal_pointer(&got),
               (const char *[]) { "RESOURCE_STATE ft 1", "GROUP_STATE ft 1",
                                  NULL });
    }

    sh("cibadmin -D -o resources -X '<primitive id=\"ft\"/>'");
    settle();
    ok(CloseCluster(cluster), "CloseCluster");
    ok(CloseClusterNotifyPort(port), "CloseClusterNotifyPort");
    printf("1..%d\n", test_no);
    return failures != 0;
}

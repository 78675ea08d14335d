/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-api - the public API against a CIB file (CIB_file, as Pacemaker's
 * tools use it): handles, bad input, buffers in both string forms,
 * HANDLE_CLOSE, blocking waits and closing from another thread.  No daemon
 * is needed; live events are tested in tests/integration/.
 * The fixture tests/fixtures/api/cib.xml is made by make-api-fixture.sh:
 * nodes node1 and node2 up, group "web" (ip, httpd) on node1, ungrouped
 * "Ünïcodé日本" on node2, cluster name "apitest".
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "clusapi.h"

#define UNI "\xc3\x9c" "n" "\xc3\xaf" "cod" "\xc3\xa9" "\xe6\x97\xa5\xe6\x9c\xac" /* Ünïcodé日本 */

static char *fixture;

static WCHAR *
w(const char *utf8)
{
    return (WCHAR *) g_utf8_to_utf16(utf8, -1, NULL, NULL, NULL);
}

static HCLUSTER
open_ok(void)
{
    HCLUSTER c = OpenClusterA(NULL);

    assert_non_null(c);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    return c;
}

static void
test_open_close(void **state)
{
    g_autofree WCHAR *name = w("APITEST");
    HCLUSTER c1 = OpenCluster(NULL);
    HCLUSTER c2 = OpenCluster(name);
    HCLUSTER c3 = OpenClusterA("node2");

    assert_non_null(c1);
    assert_non_null(c2);
    assert_non_null(c3);
    assert_ptr_not_equal(c1, c2);
    assert_null(OpenClusterA("no-such-cluster"));
    assert_int_equal(GetLastError(), ERROR_NOT_FOUND);
    assert_null(OpenClusterA("\xff\xfe"));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_true(CloseCluster(c1));
    assert_false(CloseCluster(c1));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(CloseCluster(c2));
    assert_true(CloseCluster(c3));
    assert_false(CloseCluster(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_false(CloseCluster((HCLUSTER) INVALID_HANDLE_VALUE));
    assert_false(CloseCluster((HCLUSTER) (uintptr_t) 0xdeadbeef));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

static void
test_no_cluster(void **state)
{
    /* every cluster handle is closed: the engine reconnects on the next
     * OpenCluster and must fail cleanly */
    setenv("CIB_file", "/nonexistent/cib.xml", 1);
    assert_null(OpenClusterA(NULL));
    assert_int_equal(GetLastError(), RPC_S_SERVER_UNAVAILABLE);
    setenv("CIB_file", fixture, 1);
    CloseCluster(open_ok());
}

static void
test_states(void **state)
{
    HCLUSTER c = open_ok();
    HNODE n = OpenClusterNodeA(c, "NODE2"); /* case-insensitive */
    HGROUP g = OpenClusterGroupA(c, "web");
    g_autofree WCHAR *rname = w("ip");
    HRESOURCE r = OpenClusterResource(c, rname);
    HRESOURCE u = OpenClusterResourceA(c, UNI);
    char node[64], group[64];
    WCHAR wnode[64], wgroup[64];
    DWORD nlen, glen;

    assert_non_null(n);
    assert_non_null(g);
    assert_non_null(r);
    assert_non_null(u);
    assert_int_equal(GetClusterNodeState(n), ClusterNodeUp);

    nlen = sizeof(node);
    assert_int_equal(GetClusterGroupStateA(g, node, &nlen), ClusterGroupOnline);
    assert_string_equal(node, "node1");
    assert_int_equal(nlen, 5);
    assert_int_equal(GetClusterGroupStateA(g, NULL, NULL), ClusterGroupOnline);

    nlen = G_N_ELEMENTS(wnode);
    glen = G_N_ELEMENTS(wgroup);
    assert_int_equal(GetClusterResourceState(u, wnode, &nlen, wgroup, &glen),
                     ClusterResourceOnline);
    assert_int_equal(nlen, 5);
    assert_int_equal(glen, 9); /* 9 UTF-16 units */
    {
        g_autofree char *back = g_utf16_to_utf8(wgroup, -1, NULL, NULL, NULL);
        assert_string_equal(back, UNI);
    }
    nlen = sizeof(node);
    glen = sizeof(group);
    assert_int_equal(GetClusterResourceStateA(r, node, &nlen, group, &glen),
                     ClusterResourceOnline);
    assert_string_equal(node, "node1");
    assert_string_equal(group, "web");

    /* a buffer too small: the state, the needed length, ERROR_MORE_DATA */
    glen = 3;
    nlen = sizeof(node);
    assert_int_equal(GetClusterResourceStateA(u, node, &nlen, group, &glen),
                     ClusterResourceOnline);
    assert_int_equal(GetLastError(), ERROR_MORE_DATA);
    assert_int_equal(glen, strlen(UNI));
    /* a count pointer missing for a buffer */
    assert_int_equal(GetClusterResourceStateA(r, node, NULL, NULL, NULL),
                     ClusterResourceStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    /* wrong handle types, bogus and closed handles */
    assert_int_equal(GetClusterNodeState((HNODE) g), ClusterNodeStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterGroupStateA((HGROUP) r, NULL, NULL),
                     ClusterGroupStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterResourceStateA((HRESOURCE) c, NULL, NULL, NULL,
                                              NULL),
                     ClusterResourceStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(CloseClusterNode(n));
    assert_int_equal(GetClusterNodeState(n), ClusterNodeStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_false(CloseClusterNode(n));
    assert_false(CloseClusterGroup((HGROUP) r));

    /* unknown names and bad names */
    assert_null(OpenClusterNodeA(c, "node9"));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_NODE_NOT_FOUND);
    assert_null(OpenClusterGroupA(c, "nogroup"));
    assert_int_equal(GetLastError(), ERROR_GROUP_NOT_FOUND);
    assert_null(OpenClusterResourceA(c, "norsc"));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NOT_FOUND);
    assert_null(OpenClusterResourceA(c, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(OpenClusterResourceA((HCLUSTER) g, "ip"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    CloseClusterGroup(g);
    CloseClusterResource(r);
    CloseClusterResource(u);
    CloseCluster(c);
}

static void
test_port_errors(void **state)
{
    HCLUSTER c = open_ok();
    HCLUSTER other = open_ok();
    HCHANGE p;
    DWORD_PTR key;
    DWORD type, len = 0;
    char buf[8];
    gint64 t0;

    assert_null(CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE,
                                        (HCLUSTER) (uintptr_t) 0x1234,
                                        CLUSTER_CHANGE_ALL, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    p = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                CLUSTER_CHANGE_ALL, 1);
    assert_non_null(p);
    /* a port handle is not a cluster handle */
    assert_null(CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE,
                                        (HCLUSTER) p, CLUSTER_CHANGE_ALL, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    /* adding a filter: same port back; another cluster is refused */
    assert_ptr_equal(CreateClusterNotifyPort(p, c, CLUSTER_CHANGE_NODE_STATE, 2),
                     p);
    assert_null(CreateClusterNotifyPort(p, other, CLUSTER_CHANGE_NODE_STATE, 2));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    assert_int_equal(GetClusterNotifyA(NULL, &key, &type, buf, &len, 0),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterNotifyA((HCHANGE) c, &key, &type, buf, &len, 0),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterNotifyA(p, NULL, &type, buf, &len, 0),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNotifyA(p, &key, NULL, buf, &len, 0),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, NULL, 0),
                     ERROR_INVALID_PARAMETER);
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 0),
                     WAIT_TIMEOUT);
    t0 = g_get_monotonic_time();
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 150),
                     WAIT_TIMEOUT);
    assert_true(g_get_monotonic_time() - t0 >= 140 * 1000);

    assert_true(clusapi_port_fd(p) >= 0);
    assert_int_equal(clusapi_port_fd((HCHANGE) c), -1);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_RESOURCE_STATE,
                                           (HANDLE) (uintptr_t) 77, 0),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(RegisterClusterNotify((HCHANGE) c,
                                           CLUSTER_CHANGE_RESOURCE_STATE, c, 0),
                     ERROR_INVALID_HANDLE);

    assert_true(CloseClusterNotifyPort(p));
    assert_false(CloseClusterNotifyPort(p));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 0),
                     ERROR_INVALID_HANDLE);
    CloseCluster(other);
    CloseCluster(c);
}

/* HANDLE_CLOSE: per-object registrations and the port's cluster handle;
 * ERROR_MORE_DATA keeps the event at the head, in both string forms. */
static void
test_handle_close_and_buffers(void **state)
{
    HCLUSTER c = open_ok();
    HCHANGE p = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                        CLUSTER_CHANGE_HANDLE_CLOSE, 100);
    HRESOURCE u = OpenClusterResourceA(c, UNI);
    HGROUP g = OpenClusterGroupA(c, "web");
    HNODE n = OpenClusterNodeA(c, "node1");
    DWORD_PTR key = 0;
    DWORD type = 0, len;
    WCHAR wbuf[16];
    char buf[32];
    struct pollfd pfd = { .fd = clusapi_port_fd(p), .events = POLLIN };

    assert_non_null(p);
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_RESOURCE_STATE
                                                  | CLUSTER_CHANGE_HANDLE_CLOSE,
                                           u, 42),
                     ERROR_SUCCESS);
    /* bits that do not fit the object */
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_NODE_STATE, u, 1),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(RegisterClusterNotify(p, 0, g, 1), ERROR_INVALID_PARAMETER);
    /* registered without HANDLE_CLOSE: closing it posts nothing */
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_GROUP_STATE, g, 43),
                     ERROR_SUCCESS);
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_NODE_STATE
                                                  | CLUSTER_CHANGE_HANDLE_CLOSE,
                                           n, 44),
                     ERROR_SUCCESS);

    assert_int_equal(poll(&pfd, 1, 0), 0);
    assert_true(CloseClusterGroup(g));
    assert_true(CloseClusterResource(u));
    assert_int_equal(poll(&pfd, 1, 0), 1);

    /* W form, too small: needed length in WCHARs, event kept */
    len = 4;
    assert_int_equal(GetClusterNotify(p, &key, &type, wbuf, &len, 0),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 9);
    len = 0;
    assert_int_equal(GetClusterNotify(p, &key, &type, NULL, &len, 0),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 9);
    len = 9; /* no room for the NUL */
    assert_int_equal(GetClusterNotify(p, &key, &type, wbuf, &len, 0),
                     ERROR_MORE_DATA);
    len = 10;
    assert_int_equal(GetClusterNotify(p, &key, &type, wbuf, &len, 0),
                     ERROR_SUCCESS);
    assert_int_equal(len, 9);
    assert_int_equal(type, CLUSTER_CHANGE_HANDLE_CLOSE);
    assert_int_equal(key, 42);
    {
        g_autofree char *back = g_utf16_to_utf8(wbuf, -1, NULL, NULL, NULL);
        assert_string_equal(back, UNI);
    }
    assert_int_equal(poll(&pfd, 1, 0), 0);

    /* the node, in the A form: bytes */
    assert_true(CloseClusterNode(n));
    len = 3;
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 0),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 5);
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 0),
                     ERROR_SUCCESS);
    assert_string_equal(buf, "node1");
    assert_int_equal(key, 44);

    /* closing the cluster handle: HANDLE_CLOSE with the port's key */
    assert_true(CloseCluster(c));
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 1000),
                     ERROR_SUCCESS);
    assert_int_equal(type, CLUSTER_CHANGE_HANDLE_CLOSE);
    assert_string_equal(buf, "apitest");
    assert_int_equal(key, 100);
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(p, &key, &type, buf, &len, 0),
                     WAIT_TIMEOUT);
    assert_true(CloseClusterNotifyPort(p));
}

struct waiter {
    HCHANGE port;
    DWORD rc;
};

static gpointer
wait_forever(gpointer data)
{
    struct waiter *wt = data;
    DWORD_PTR key;
    DWORD type, len;
    char buf[64];

    len = sizeof(buf);
    wt->rc = GetClusterNotifyA(wt->port, &key, &type, buf, &len, INFINITE);
    return NULL;
}

static void
test_close_while_waiting(void **state)
{
    HCLUSTER c = open_ok();
    HCHANGE p = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                        CLUSTER_CHANGE_ALL, 1);
    struct waiter wt[4];
    GThread *threads[4];

    for (int i = 0; i < 4; i++) {
        wt[i].port = p;
        wt[i].rc = 12345;
        threads[i] = g_thread_new("waiter", wait_forever, &wt[i]);
    }
    g_usleep(200 * 1000);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(wt[i].rc, 12345); /* still blocked */
    }
    assert_true(CloseClusterNotifyPort(p));
    for (int i = 0; i < 4; i++) {
        g_thread_join(threads[i]);
        assert_int_equal(wt[i].rc, ERROR_INVALID_HANDLE);
    }
    CloseCluster(c);
}

static void
test_enum(void **state)
{
    HCLUSTER c = open_ok();
    HCLUSENUM e = ClusterOpenEnum(c, CLUSTER_ENUM_NODE | CLUSTER_ENUM_GROUP
                                         | CLUSTER_ENUM_RESOURCE);
    static const char *want[] = { "node1", "node2", "web", UNI,
                                  "httpd", "ip",    UNI };
    static const DWORD want_type[] = {
        CLUSTER_ENUM_NODE,     CLUSTER_ENUM_NODE,     CLUSTER_ENUM_GROUP,
        CLUSTER_ENUM_GROUP,    CLUSTER_ENUM_RESOURCE, CLUSTER_ENUM_RESOURCE,
        CLUSTER_ENUM_RESOURCE,
    };
    DWORD type, len;
    char buf[64];
    WCHAR wbuf[4];

    assert_non_null(e);
    assert_int_equal(ClusterGetEnumCount(e), 7);
    for (DWORD i = 0; i < 7; i++) {
        len = sizeof(buf);
        assert_int_equal(ClusterEnumA(e, i, &type, buf, &len), ERROR_SUCCESS);
        assert_string_equal(buf, want[i]);
        assert_int_equal(type, want_type[i]);
    }
    len = sizeof(buf);
    assert_int_equal(ClusterEnumA(e, 7, &type, buf, &len), ERROR_NO_MORE_ITEMS);
    len = G_N_ELEMENTS(wbuf);
    assert_int_equal(ClusterEnum(e, 6, &type, wbuf, &len), ERROR_MORE_DATA);
    assert_int_equal(len, 9);
    assert_int_equal(ClusterEnumA(e, 0, NULL, buf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterCloseEnum(e), ERROR_SUCCESS);
    assert_int_equal(ClusterCloseEnum(e), ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGetEnumCount(e), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterOpenEnum(c, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(ClusterOpenEnum(c, 0x1000));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    CloseCluster(c);
}

static gpointer
set_error(gpointer data)
{
    SetLastError(ERROR_MORE_DATA);
    return GUINT_TO_POINTER(GetLastError());
}

static void
test_last_error_is_per_thread(void **state)
{
    SetLastError(ERROR_NOT_FOUND);
    assert_int_equal(GPOINTER_TO_UINT(g_thread_join(
                         g_thread_new("e", set_error, NULL))),
                     ERROR_MORE_DATA);
    assert_int_equal(GetLastError(), ERROR_NOT_FOUND);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_close),
        cmocka_unit_test(test_no_cluster),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_port_errors),
        cmocka_unit_test(test_handle_close_and_buffers),
        cmocka_unit_test(test_close_while_waiting),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_last_error_is_per_thread),
    };
    const char *top = getenv("top_srcdir");

    fixture = g_build_filename(top != NULL ? top : ".", "tests", "fixtures",
                               "api", "cib.xml", NULL);
    setenv("CIB_file", fixture, 1);
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

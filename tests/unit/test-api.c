/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-api - the public API against a CIB file (CIB_file, as Pacemaker's
 * tools use it): handles, bad input, buffers in both string forms,
 * HANDLE_CLOSE, blocking waits and closing from another thread.  No daemon
 * is needed; live events are tested in tests/integration/.
 * The fixture tests/fixtures/api/cib.xml is made by make-api-fixture.sh:
 * nodes node1 and node2 up, group "web" (ip ocf:heartbeat:IPaddr2, httpd
 * systemd:httpd) on node1, preferring node1 (100) and node2 (50) and naming
 * node9 (not a node); ungrouped "Ünïcodé日本" (ocf:pacemaker:Dummy) on node2,
 * avoiding node1; cluster name "apitest", dc-version "2.1.5-a3f44794f94".
 */
#include <config.h>

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "clusapi.h"

/* the Pacemaker the library is built against names results its way */
#define CLUSAPI_PACEMAKER_3 (CLUSAPI_PACEMAKER_VERSION >= 30000)

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

/* after a test that names a bad CIB_file, even a failed one: the fixture */
static int
restore_cib_file(void **state)
{
    (void) state;
    setenv("CIB_file", fixture, 1);
    return 0;
}

static void
test_no_cluster(void **state)
{
    /* every cluster handle is closed: the engine reconnects on the next
     * OpenCluster and must fail cleanly */
    setenv("CIB_file", "/nonexistent/cib.xml", 1);
    assert_null(OpenClusterA(NULL));
    assert_int_equal(GetLastError(), ERROR_FILE_NOT_FOUND);
    setenv("CIB_file", fixture, 1);
    CloseCluster(open_ok());
}

/* A CIB_file that holds no CIB is refused before Pacemaker reads it (its
 * file backend would leak what it parsed of a file that is not XML, and
 * report no cluster), with an error that says what is wrong, every time.
 * A CIB that is not well-formed is what Pacemaker makes of it: 2.1 reads
 * what libxml2 recovers (crm_mon shows that cluster), 3.0 refuses it.
 * Run under valgrind or LeakSanitizer for the leak. */
static void
test_bad_cib_file(void **state)
{
    static const struct {
        const char *name;
        const char *content; /* NULL: no such file */
        DWORD err;
    } cases[] = {
        { "missing.xml", NULL, ERROR_FILE_NOT_FOUND },
        { "missing/cib.xml", NULL, ERROR_FILE_NOT_FOUND },
        { "empty.xml", "", ERROR_INVALID_DATA },
        { "text.xml", "not XML", ERROR_INVALID_DATA },
        { "cut.xml", "<cib><configuration><nodes>",
          CLUSAPI_PACEMAKER_VERSION >= 30000 ? ERROR_INVALID_DATA
                                             : ERROR_SUCCESS },
        { "status.xml", "<status/>", ERROR_INVALID_DATA },
        { "", NULL, ERROR_INVALID_DATA }, /* the directory itself */
    };
    g_autofree char *dir = g_dir_make_tmp("clusapi-api-XXXXXX", NULL);
    g_autofree char *unreadable = NULL;

    (void) state;
    assert_non_null(dir);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_build_filename(dir, cases[i].name, NULL);

        if (cases[i].content != NULL) {
            assert_true(g_file_set_contents(path, cases[i].content, -1,
                                            NULL));
        }
        setenv("CIB_file", path, 1);
        for (int round = 0; round < 3; round++) {
            HCLUSTER c;

            SetLastError(ERROR_SUCCESS);
            c = OpenClusterA(NULL);
            if (cases[i].err == ERROR_SUCCESS) {
                assert_non_null(c);
                assert_int_equal(CloseCluster(c), TRUE);
                continue;
            }
            assert_null(c);
            if (GetLastError() != cases[i].err) {
                fail_msg("CIB_file %s: error %u, not %u", cases[i].name,
                         GetLastError(), cases[i].err);
            }
        }
        if (cases[i].content != NULL) {
            assert_int_equal(unlink(path), 0);
        }
    }
    /* root reads any file: only someone else can see the refusal */
    unreadable = g_build_filename(dir, "unreadable.xml", NULL);
    assert_true(g_file_set_contents(unreadable, "<cib/>", -1, NULL));
    assert_int_equal(chmod(unreadable, 0), 0);
    setenv("CIB_file", unreadable, 1);
    if (geteuid() != 0) {
        assert_null(OpenClusterA(NULL));
        assert_int_equal(GetLastError(), ERROR_ACCESS_DENIED);
    } else {
        print_message("# unreadable CIB_file: not checked as root\n");
    }
    assert_int_equal(unlink(unreadable), 0);
    assert_int_equal(rmdir(dir), 0);
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

    /* the descriptor is made with the port: with none left no port is
     * made, and a port made before gives its own all the same */
    {
        struct rlimit old, tight;
        HCHANGE none;
        DWORD err;
        int fd;

        assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
        tight = old;
        tight.rlim_cur = 0;
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
        SetLastError(ERROR_SUCCESS);
        none = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                       CLUSTER_CHANGE_ALL, 3);
        err = GetLastError();
        fd = clusapi_port_fd(p);
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
        assert_null(none);
        assert_int_equal(err, ERROR_TOO_MANY_OPEN_FILES);
        assert_true(fd >= 0);
    }
    assert_true(clusapi_port_fd(p) >= 0);
    assert_int_equal(clusapi_port_fd(p), clusapi_port_fd(p));
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

/* CreateClusterNotifyPort with a filter of 0, with bits the library never
 * raises (every bit is a CLUSTER_CHANGE name: none is reserved), and with
 * INVALID_HANDLE_VALUE as the cluster (a new port only). */
static void
test_port_filter_and_cluster(void **state)
{
    HCLUSTER c = open_ok();
    HCHANGE all, zero, none;
    DWORD_PTR key;
    DWORD type, len;
    char buf[64];

    (void) state;
    all = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                  CLUSTER_CHANGE_ALL, 1);
    assert_non_null(all);
    /* 0 asks for nothing: a port all the same, or the same port back */
    SetLastError(ERROR_NOT_FOUND);
    zero = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c, 0, 2);
    assert_non_null(zero);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_ptr_equal(CreateClusterNotifyPort(zero, c, 0, 3), zero);
    /* registry bits are accepted and never match */
    assert_ptr_equal(CreateClusterNotifyPort(zero, c,
                                             CLUSTER_CHANGE_REGISTRY_NAME
                                             | CLUSTER_CHANGE_REGISTRY_SUBTREE,
                                             4),
                     zero);
    /* no cluster: a new port that gets no cluster events ... */
    none = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE,
                                   (HCLUSTER) INVALID_HANDLE_VALUE,
                                   CLUSTER_CHANGE_ALL, 5);
    assert_non_null(none);
    /* ... but adding to a port needs the port's own cluster handle */
    assert_null(CreateClusterNotifyPort(none, (HCLUSTER) INVALID_HANDLE_VALUE,
                                        CLUSTER_CHANGE_ALL, 6));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(CreateClusterNotifyPort(zero, (HCLUSTER) INVALID_HANDLE_VALUE,
                                        CLUSTER_CHANGE_ALL, 6));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(CreateClusterNotifyPort(none, c, CLUSTER_CHANGE_ALL, 6));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    /* closing the cluster: HANDLE_CLOSE on the port that asked for it
     * only */
    CloseCluster(c);
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(all, &key, &type, buf, &len, 0),
                     ERROR_SUCCESS);
    assert_int_equal(type, CLUSTER_CHANGE_HANDLE_CLOSE);
    assert_int_equal(key, 1);
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(zero, &key, &type, buf, &len, 0),
                     WAIT_TIMEOUT);
    len = sizeof(buf);
    assert_int_equal(GetClusterNotifyA(none, &key, &type, buf, &len, 0),
                     WAIT_TIMEOUT);
    assert_true(CloseClusterNotifyPort(none));
    assert_true(CloseClusterNotifyPort(zero));
    assert_true(CloseClusterNotifyPort(all));
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

/* Read every item of an enumeration through the A function (fn), checking
 * the types; returns the names joined with ";". */
typedef DWORD (*enum_a_fn)(HANDLE, DWORD, LPDWORD, LPSTR, LPDWORD);

static char *
read_all(HANDLE e, enum_a_fn fn, DWORD n, const DWORD *want_type)
{
    GString *out = g_string_new(NULL);
    DWORD type, len;
    char buf[64];

    for (DWORD i = 0; i < n; i++) {
        len = sizeof(buf);
        type = 0xdead;
        assert_int_equal(fn(e, i, &type, buf, &len), ERROR_SUCCESS);
        assert_int_equal(len, strlen(buf));
        if (want_type != NULL) {
            assert_int_equal(type, want_type[i]);
        }
        g_string_append_printf(out, "%s%s", i ? ";" : "", buf);
    }
    len = sizeof(buf);
    assert_int_equal(fn(e, n, &type, buf, &len), ERROR_NO_MORE_ITEMS);
    return g_string_free(out, FALSE);
}

static DWORD
cluster_enum_a(HANDLE e, DWORD i, LPDWORD t, LPSTR b, LPDWORD n)
{
    return ClusterEnumA((HCLUSENUM) e, i, t, b, n);
}

static DWORD
group_enum_a(HANDLE e, DWORD i, LPDWORD t, LPSTR b, LPDWORD n)
{
    return ClusterGroupEnumA((HGROUPENUM) e, i, t, b, n);
}

static DWORD
node_enum_a(HANDLE e, DWORD i, LPDWORD t, LPSTR b, LPDWORD n)
{
    return ClusterNodeEnumA((HNODEENUM) e, i, t, b, n);
}

#define TYPES "ocf:heartbeat:IPaddr2;ocf:pacemaker:Dummy;systemd:httpd"

/* CLUSTER_ENUM_RESTYPE, and the documented order of a mixed mask: nodes,
 * resource types, groups, resources, whatever the bits. */
static void
test_enum_restype_and_order(void **state)
{
    HCLUSTER c = open_ok();
    HCLUSENUM e = ClusterOpenEnum(c, CLUSTER_ENUM_RESTYPE);
    static const DWORD all_types[] = {
        CLUSTER_ENUM_NODE,     CLUSTER_ENUM_NODE,     CLUSTER_ENUM_RESTYPE,
        CLUSTER_ENUM_RESTYPE,  CLUSTER_ENUM_RESTYPE,  CLUSTER_ENUM_GROUP,
        CLUSTER_ENUM_GROUP,    CLUSTER_ENUM_RESOURCE, CLUSTER_ENUM_RESOURCE,
        CLUSTER_ENUM_RESOURCE,
    };
    char *got;

    assert_non_null(e);
    assert_int_equal(ClusterGetEnumCount(e), 3);
    got = read_all(e, cluster_enum_a, 3, NULL);
    assert_string_equal(got, TYPES);
    g_free(got);
    assert_int_equal(ClusterCloseEnum(e), ERROR_SUCCESS);

    e = ClusterOpenEnum(c, CLUSTER_ENUM_ALL);
    assert_non_null(e);
    assert_int_equal(ClusterGetEnumCount(e), 10);
    got = read_all(e, cluster_enum_a, 10, all_types);
    assert_string_equal(got, "node1;node2;" TYPES ";web;" UNI ";httpd;ip;" UNI);
    g_free(got);
    assert_int_equal(ClusterCloseEnum(e), ERROR_SUCCESS);

    /* resources before groups in the bits, groups first in the list */
    e = ClusterOpenEnum(c, CLUSTER_ENUM_RESOURCE | CLUSTER_ENUM_GROUP);
    got = read_all(e, cluster_enum_a, ClusterGetEnumCount(e), NULL);
    assert_string_equal(got, "web;" UNI ";httpd;ip;" UNI);
    g_free(got);
    assert_int_equal(ClusterCloseEnum(e), ERROR_SUCCESS);

    /* no Corosync in file mode, so no networks: empty, not an error */
    e = ClusterOpenEnum(c, CLUSTER_ENUM_NETWORK | CLUSTER_ENUM_NETINTERFACE);
    assert_non_null(e);
    assert_int_equal(ClusterGetEnumCount(e), 0);
    assert_int_equal(ClusterCloseEnum(e), ERROR_SUCCESS);

    assert_null(ClusterOpenEnum(NULL, CLUSTER_ENUM_NODE));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    CloseCluster(c);
}

static void
test_group_enum(void **state)
{
    HCLUSTER c = open_ok();
    HGROUP web = OpenClusterGroupA(c, "web");
    HGROUP uni = OpenClusterGroupA(c, UNI);
    HNODE node1 = OpenClusterNodeA(c, "node1");
    HCLUSENUM ce = ClusterOpenEnum(c, CLUSTER_ENUM_NODE);
    static const DWORD all_types[] = {
        CLUSTER_GROUP_ENUM_CONTAINS, CLUSTER_GROUP_ENUM_CONTAINS,
        CLUSTER_GROUP_ENUM_NODES, CLUSTER_GROUP_ENUM_NODES
    };
    HGROUPENUM e;
    HNODEENUM ne;
    DWORD type, len;
    WCHAR wbuf[8];
    char buf[64];
    char *got;

    assert_int_equal(CLUSTER_GROUP_ENUM_ALL, 3);
    /* members in member order (ip before httpd), not sorted */
    e = ClusterGroupOpenEnum(web, CLUSTER_GROUP_ENUM_CONTAINS);
    assert_non_null(e);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(ClusterGroupGetEnumCount(e), 2);
    got = read_all(e, group_enum_a, 2, all_types);
    assert_string_equal(got, "ip;httpd");
    g_free(got);
    assert_int_equal(ClusterGroupCloseEnum(e), ERROR_SUCCESS);

    /* preferred nodes: by score, node9 (not a node) left out */
    e = ClusterGroupOpenEnum(web, CLUSTER_GROUP_ENUM_NODES);
    got = read_all(e, group_enum_a, ClusterGroupGetEnumCount(e),
                   all_types + 2);
    assert_string_equal(got, "node1;node2");
    g_free(got);
    assert_int_equal(ClusterGroupCloseEnum(e), ERROR_SUCCESS);

    e = ClusterGroupOpenEnum(web, CLUSTER_GROUP_ENUM_ALL);
    assert_int_equal(ClusterGroupGetEnumCount(e), 4);
    got = read_all(e, group_enum_a, 4, all_types);
    assert_string_equal(got, "ip;httpd;node1;node2");
    g_free(got);

    /* W form: counts in WCHARs, ERROR_MORE_DATA with the type */
    len = G_N_ELEMENTS(wbuf);
    assert_int_equal(ClusterGroupEnum(e, 1, &type, wbuf, &len), ERROR_SUCCESS);
    assert_int_equal(len, 5);
    {
        g_autofree char *back = g_utf16_to_utf8(wbuf, -1, NULL, NULL, NULL);
        assert_string_equal(back, "httpd");
    }
    len = 5; /* no room for the NUL */
    type = 0;
    assert_int_equal(ClusterGroupEnum(e, 2, &type, wbuf, &len),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 5);
    assert_int_equal(type, CLUSTER_GROUP_ENUM_NODES);
    len = 0;
    assert_int_equal(ClusterGroupEnum(e, 0, &type, NULL, &len),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 2);
    /* A form: counts in bytes */
    len = 3;
    assert_int_equal(ClusterGroupEnumA(e, 1, &type, buf, &len),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 5);
    /* bad input */
    len = sizeof(buf);
    assert_int_equal(ClusterGroupEnumA(e, 4, &type, buf, &len),
                     ERROR_NO_MORE_ITEMS);
    assert_int_equal(ClusterGroupEnumA(e, 0xffffffffu, &type, buf, &len),
                     ERROR_NO_MORE_ITEMS);
    assert_int_equal(ClusterGroupEnumA(e, 0, NULL, buf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterGroupEnumA(e, 0, &type, buf, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterGroupEnum(e, 0, &type, wbuf, NULL),
                     ERROR_INVALID_PARAMETER);
    /* enumeration handles of another kind */
    assert_int_equal(ClusterGroupEnumA((HGROUPENUM) ce, 0, &type, buf, &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGroupGetEnumCount((HGROUPENUM) ce), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGroupCloseEnum((HGROUPENUM) ce),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGetEnumCount(ce), 2); /* still open */
    assert_int_equal(ClusterEnumA((HCLUSENUM) e, 0, &type, buf, &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterCloseEnum((HCLUSENUM) e), ERROR_INVALID_HANDLE);
    ne = ClusterNodeOpenEnum(node1, CLUSTER_NODE_ENUM_GROUPS);
    assert_int_equal(ClusterGroupEnumA((HGROUPENUM) ne, 0, &type, buf, &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNodeCloseEnum(ne), ERROR_SUCCESS);
    /* the snapshot outlives the group handle */
    assert_true(CloseClusterGroup(web));
    assert_int_equal(ClusterGroupGetEnumCount(e), 4);
    assert_int_equal(ClusterGroupCloseEnum(e), ERROR_SUCCESS);
    assert_int_equal(ClusterGroupCloseEnum(e), ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGroupGetEnumCount(e), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    len = sizeof(buf);
    assert_int_equal(ClusterGroupEnumA(e, 0, &type, buf, &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGroupCloseEnum(NULL), ERROR_INVALID_HANDLE);

    /* an implicit group: the resource itself; no preferred node (only a
     * negative score) */
    e = ClusterGroupOpenEnum(uni, CLUSTER_GROUP_ENUM_ALL);
    assert_int_equal(ClusterGroupGetEnumCount(e), 1);
    got = read_all(e, group_enum_a, 1, all_types);
    assert_string_equal(got, UNI);
    g_free(got);
    len = 4;
    assert_int_equal(ClusterGroupEnum(e, 0, &type, wbuf, &len),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 9); /* UTF-16 units */
    len = 4;
    assert_int_equal(ClusterGroupEnumA(e, 0, &type, buf, &len),
                     ERROR_MORE_DATA);
    assert_int_equal(len, strlen(UNI)); /* bytes */
    assert_int_equal(ClusterGroupCloseEnum(e), ERROR_SUCCESS);

    /* bad handles and types for the open */
    assert_null(ClusterGroupOpenEnum(web, CLUSTER_GROUP_ENUM_CONTAINS));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE); /* closed */
    assert_null(ClusterGroupOpenEnum((HGROUP) node1, CLUSTER_GROUP_ENUM_ALL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterGroupOpenEnum((HGROUP) c, CLUSTER_GROUP_ENUM_ALL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterGroupOpenEnum(NULL, CLUSTER_GROUP_ENUM_ALL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterGroupOpenEnum(uni, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(ClusterGroupOpenEnum(uni, 0x4));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    ClusterCloseEnum(ce);
    CloseClusterGroup(uni);
    CloseClusterNode(node1);
    CloseCluster(c);
}

static void
test_node_enum(void **state)
{
    HCLUSTER c = open_ok();
    HNODE node1 = OpenClusterNodeA(c, "node1");
    HNODE node2 = OpenClusterNodeA(c, "NODE2");
    HGROUP web = OpenClusterGroupA(c, "web");
    static const DWORD groups[] = { CLUSTER_NODE_ENUM_GROUPS };
    static const DWORD preferred[] = { CLUSTER_NODE_ENUM_PREFERRED_GROUPS };
    HNODEENUM e;
    HGROUPENUM ge;
    DWORD type, len;
    WCHAR wbuf[4];
    char buf[64];
    char *got;

    assert_int_equal(CLUSTER_NODE_ENUM_ALL, 3);
    e = ClusterNodeOpenEnum(node1, CLUSTER_NODE_ENUM_GROUPS);
    assert_non_null(e);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_int_equal(ClusterNodeGetEnumCount(e), 1);
    got = read_all(e, node_enum_a, 1, groups);
    assert_string_equal(got, "web");
    g_free(got);
    assert_int_equal(ClusterNodeCloseEnum(e), ERROR_SUCCESS);

    e = ClusterNodeOpenEnum(node2, CLUSTER_NODE_ENUM_ALL);
    assert_int_equal(ClusterNodeGetEnumCount(e), 1);
    got = read_all(e, node_enum_a, 1, groups);
    assert_string_equal(got, UNI);
    g_free(got);
    /* W and A sizes of a non-ASCII name */
    len = G_N_ELEMENTS(wbuf);
    type = 0;
    assert_int_equal(ClusterNodeEnum(e, 0, &type, wbuf, &len), ERROR_MORE_DATA);
    assert_int_equal(len, 9);
    assert_int_equal(type, CLUSTER_NODE_ENUM_GROUPS);
    len = 9;
    assert_int_equal(ClusterNodeEnumA(e, 0, &type, buf, &len), ERROR_MORE_DATA);
    assert_int_equal(len, strlen(UNI));
    len = sizeof(buf);
    assert_int_equal(ClusterNodeEnumA(e, 1, &type, buf, &len),
                     ERROR_NO_MORE_ITEMS);
    assert_int_equal(ClusterNodeEnumA(e, 0, NULL, buf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterNodeEnum(e, 0, &type, wbuf, NULL),
                     ERROR_INVALID_PARAMETER);
    /* another kind of enumeration handle */
    ge = ClusterGroupOpenEnum(web, CLUSTER_GROUP_ENUM_CONTAINS);
    assert_int_equal(ClusterNodeEnumA((HNODEENUM) ge, 0, &type, buf, &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNodeGetEnumCount((HNODEENUM) ge), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNodeCloseEnum((HNODEENUM) ge),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterGroupCloseEnum(ge), ERROR_SUCCESS);
    assert_int_equal(ClusterGroupCloseEnum((HGROUPENUM) e),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNodeCloseEnum(e), ERROR_SUCCESS);
    assert_int_equal(ClusterNodeCloseEnum(e), ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNodeGetEnumCount(e), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* no Corosync in file mode, so no network interfaces: empty */
    e = ClusterNodeOpenEnum(node1, CLUSTER_NODE_ENUM_NETINTERFACES);
    assert_non_null(e);
    assert_int_equal(ClusterNodeGetEnumCount(e), 0);
    len = sizeof(buf);
    assert_int_equal(ClusterNodeEnumA(e, 0, &type, buf, &len),
                     ERROR_NO_MORE_ITEMS);
    assert_int_equal(ClusterNodeCloseEnum(e), ERROR_SUCCESS);

    /* preferred groups: web prefers both nodes, the other group none */
    for (int i = 0; i < 2; i++) {
        e = ClusterNodeOpenEnum(i ? node2 : node1,
                                CLUSTER_NODE_ENUM_PREFERRED_GROUPS);
        got = read_all(e, node_enum_a, ClusterNodeGetEnumCount(e), preferred);
        assert_string_equal(got, "web");
        g_free(got);
        assert_int_equal(ClusterNodeCloseEnum(e), ERROR_SUCCESS);
    }
    e = ClusterNodeOpenEnum(node1, CLUSTER_NODE_ENUM_GROUPS
                                       | CLUSTER_NODE_ENUM_PREFERRED_GROUPS);
    assert_int_equal(ClusterNodeGetEnumCount(e), 2);
    {
        static const DWORD both[] = { CLUSTER_NODE_ENUM_GROUPS,
                                      CLUSTER_NODE_ENUM_PREFERRED_GROUPS };
        got = read_all(e, node_enum_a, 2, both);
        assert_string_equal(got, "web;web");
        g_free(got);
    }
    assert_int_equal(ClusterNodeCloseEnum(e), ERROR_SUCCESS);

    /* bad input for the open */
    assert_null(ClusterNodeOpenEnum(node1, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(ClusterNodeOpenEnum(node1, 0x8));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(ClusterNodeOpenEnum((HNODE) web, CLUSTER_NODE_ENUM_GROUPS));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterNodeOpenEnum((HNODE) (uintptr_t) 0xdeadbeef,
                                    CLUSTER_NODE_ENUM_GROUPS));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(CloseClusterNode(node2));
    assert_null(ClusterNodeOpenEnum(node2, CLUSTER_NODE_ENUM_GROUPS));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    CloseClusterGroup(web);
    CloseClusterNode(node1);
    CloseCluster(c);
}

static void
test_cluster_information(void **state)
{
    HCLUSTER c = open_ok();
    HNODE n = OpenClusterNodeA(c, "node1");
    CLUSTERVERSIONINFO vi;
    CLUSTERVERSIONINFOA va;
    WCHAR wname[16];
    char name[16];
    DWORD len;

    /* the Windows SDK layout */
    assert_int_equal(sizeof(CLUSTERVERSIONINFO), 284);
    assert_int_equal(sizeof(CLUSTERVERSIONINFO_NT4), 268);
    assert_int_equal(offsetof(CLUSTERVERSIONINFO, MajorVersion), 4);
    assert_int_equal(offsetof(CLUSTERVERSIONINFO, BuildNumber), 8);
    assert_int_equal(offsetof(CLUSTERVERSIONINFO, szVendorId), 10);
    assert_int_equal(offsetof(CLUSTERVERSIONINFO, szCSDVersion), 138);
    assert_int_equal(offsetof(CLUSTERVERSIONINFO, dwClusterHighestVersion),
                     268);
    assert_int_equal(offsetof(CLUSTERVERSIONINFO, dwReserved), 280);
    assert_int_equal(sizeof(CLUSTERVERSIONINFOA), 156);
    assert_int_equal(CLUSTER_MAKE_VERSION(2, 1), 0x00020001u);
    assert_int_equal(CLUSTER_GET_MAJOR_VERSION(0x00020001u), 2);
    assert_int_equal(CLUSTER_GET_MINOR_VERSION(0x00020001u), 1);

    /* W form */
    memset(&vi, 0xaa, sizeof(vi));
    vi.dwVersionInfoSize = sizeof(vi);
    len = G_N_ELEMENTS(wname);
    assert_int_equal(GetClusterInformation(c, wname, &len, &vi),
                     ERROR_SUCCESS);
    assert_int_equal(len, 7);
    {
        g_autofree char *back = g_utf16_to_utf8(wname, -1, NULL, NULL, NULL);
        g_autofree char *vendor = g_utf16_to_utf8(vi.szVendorId, -1, NULL,
                                                  NULL, NULL);
        g_autofree char *csd = g_utf16_to_utf8(vi.szCSDVersion, -1, NULL,
                                               NULL, NULL);
        assert_string_equal(back, "apitest");
        assert_string_equal(vendor, "Pacemaker");
        assert_string_equal(csd, "2.1.5-a3f44794f94");
    }
    assert_int_equal(vi.dwVersionInfoSize, sizeof(vi));
    assert_int_equal(vi.MajorVersion, 2);
    assert_int_equal(vi.MinorVersion, 1);
    assert_int_equal(vi.BuildNumber, 5);
    assert_int_equal(vi.dwClusterHighestVersion, CLUSTER_MAKE_VERSION(2, 1));
    assert_int_equal(vi.dwClusterLowestVersion, CLUSTER_MAKE_VERSION(2, 1));
    assert_int_equal(vi.dwFlags, 0);
    assert_int_equal(vi.dwReserved, 0);
    /* buffers: too small, no room for the NUL, NULL buffer, NULL info */
    len = 3;
    assert_int_equal(GetClusterInformation(c, wname, &len, NULL),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 7);
    len = 7;
    assert_int_equal(GetClusterInformation(c, wname, &len, NULL),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 7);
    len = 0;
    memset(&vi, 0, sizeof(vi));
    vi.dwVersionInfoSize = sizeof(vi);
    assert_int_equal(GetClusterInformation(c, NULL, &len, &vi),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 7);
    assert_int_equal(vi.MajorVersion, 2); /* filled all the same */
    len = 8;
    assert_int_equal(GetClusterInformation(c, wname, &len, NULL),
                     ERROR_SUCCESS);
    /* the NT4 form: only its members are written */
    memset(&vi, 0xaa, sizeof(vi));
    vi.dwVersionInfoSize = sizeof(CLUSTERVERSIONINFO_NT4);
    len = G_N_ELEMENTS(wname);
    assert_int_equal(GetClusterInformation(c, wname, &len, &vi),
                     ERROR_SUCCESS);
    assert_int_equal(vi.BuildNumber, 5);
    assert_int_equal(vi.dwClusterHighestVersion, 0xaaaaaaaau);
    assert_int_equal(vi.dwReserved, 0xaaaaaaaau);
    /* bad input */
    vi.dwVersionInfoSize = sizeof(CLUSTERVERSIONINFO_NT4) - 1;
    vi.MajorVersion = 77;
    len = G_N_ELEMENTS(wname);
    assert_int_equal(GetClusterInformation(c, wname, &len, &vi),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(vi.MajorVersion, 77);
    assert_int_equal(len, G_N_ELEMENTS(wname)); /* nothing written */
    vi.dwVersionInfoSize = 0;
    assert_int_equal(GetClusterInformation(c, wname, &len, &vi),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterInformation(c, wname, NULL, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterInformation(NULL, wname, &len, NULL),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterInformation((HCLUSTER) n, wname, &len, NULL),
                     ERROR_INVALID_HANDLE);

    /* A form: bytes, CLUSTERVERSIONINFOA */
    memset(&va, 0xaa, sizeof(va));
    va.dwVersionInfoSize = sizeof(va);
    len = sizeof(name);
    assert_int_equal(GetClusterInformationA(c, name, &len, &va),
                     ERROR_SUCCESS);
    assert_string_equal(name, "apitest");
    assert_int_equal(len, 7);
    assert_string_equal(va.szVendorId, "Pacemaker");
    assert_string_equal(va.szCSDVersion, "2.1.5-a3f44794f94");
    assert_int_equal(va.MajorVersion, 2);
    assert_int_equal(va.MinorVersion, 1);
    assert_int_equal(va.BuildNumber, 5);
    assert_int_equal(va.dwClusterHighestVersion, 0x00020001u);
    assert_int_equal(va.dwClusterLowestVersion, 0x00020001u);
    assert_int_equal(va.dwFlags, 0);
    len = 7;
    assert_int_equal(GetClusterInformationA(c, name, &len, &va),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 7);
    len = 0;
    assert_int_equal(GetClusterInformationA(c, NULL, &len, NULL),
                     ERROR_MORE_DATA);
    assert_int_equal(len, 7);
    va.dwVersionInfoSize = offsetof(CLUSTERVERSIONINFOA,
                                    dwClusterHighestVersion) - 1;
    len = sizeof(name);
    assert_int_equal(GetClusterInformationA(c, name, &len, &va),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterInformationA(c, name, NULL, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterInformationA((HCLUSTER) (uintptr_t) 0x1234,
                                            name, &len, NULL),
                     ERROR_INVALID_HANDLE);

    CloseClusterNode(n);
    assert_true(CloseCluster(c));
    len = sizeof(name);
    assert_int_equal(GetClusterInformationA(c, name, &len, NULL),
                     ERROR_INVALID_HANDLE);
}

/* The fixture's dc-version nvpair. */
#define DC_VERSION                                      \
    "<nvpair id=\"cib-bootstrap-options-dc-version\" " \
    "name=\"dc-version\" value=\"2.1.5-a3f44794f94\"/>"

/* The fixture with the text orig (found once) replaced by with, in a
 * temporary file that CIB_file then names. */
static char *
fixture_with(const char *orig, const char *with)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) parts = NULL;
    g_autofree char *changed = NULL;
    char *path = NULL;
    int fd;

    assert_true(g_file_get_contents(fixture, &text, NULL, NULL));
    parts = g_strsplit(text, orig, -1);
    assert_int_equal(g_strv_length(parts), 2);
    changed = g_strjoinv(with, parts);
    fd = g_file_open_tmp("clusapi-api-XXXXXX.xml", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, changed, -1, NULL));
    setenv("CIB_file", path, 1);
    return path;
}

/* No DC yet: zeros and an empty szCSDVersion.  A long version: cut to 63
 * units, never inside a UTF-16 surrogate pair (W) or a UTF-8 character
 * (A). */
static void
test_cluster_information_versions(void **state)
{
    /* U+1F600: 4 UTF-8 bytes, 2 UTF-16 units */
    static const char *smile = "\xf0\x9f\x98\x80";
    g_autofree char *path = fixture_with(DC_VERSION, "");
    CLUSTERVERSIONINFO vi;
    CLUSTERVERSIONINFOA va;
    GString *value;
    HCLUSTER c;
    DWORD len = 0;

    c = open_ok();
    memset(&vi, 0xaa, sizeof(vi));
    vi.dwVersionInfoSize = sizeof(vi);
    assert_int_equal(GetClusterInformation(c, NULL, &len, &vi),
                     ERROR_MORE_DATA);
    assert_int_equal(vi.MajorVersion, 0);
    assert_int_equal(vi.MinorVersion, 0);
    assert_int_equal(vi.BuildNumber, 0);
    assert_int_equal(vi.szCSDVersion[0], 0);
    assert_int_equal(vi.szVendorId[0], 'P');
    assert_int_equal(vi.dwClusterHighestVersion, 0);
    assert_int_equal(vi.dwClusterLowestVersion, 0);
    assert_true(CloseCluster(c)); /* the last: the next open re-reads */
    unlink(path);
    g_free(path);

    value = g_string_new("<nvpair id=\"v\" name=\"dc-version\" "
                         "value=\"10.20.300-");
    for (int i = 0; i < 30; i++) {
        g_string_append(value, smile);
    }
    g_string_append(value, "\"/>");
    path = fixture_with(DC_VERSION, value->str);
    g_string_free(value, TRUE);
    c = open_ok();
    memset(&vi, 0xaa, sizeof(vi));
    vi.dwVersionInfoSize = sizeof(vi);
    len = 0;
    assert_int_equal(GetClusterInformation(c, NULL, &len, &vi),
                     ERROR_MORE_DATA);
    assert_int_equal(vi.MajorVersion, 10);
    assert_int_equal(vi.MinorVersion, 20);
    assert_int_equal(vi.BuildNumber, 300);
    assert_int_equal(vi.dwClusterHighestVersion, 0x000a0014u);
    /* 10 units of "10.20.300-", then 26 pairs: 63 would split the 27th */
    {
        size_t n = 0;
        while (n < 64 && vi.szCSDVersion[n] != 0) {
            n++;
        }
        assert_int_equal(n, 10 + 2 * 26);
        assert_int_equal(vi.szCSDVersion[n - 1], 0xDE00);
    }
    memset(&va, 0xaa, sizeof(va));
    va.dwVersionInfoSize = sizeof(va);
    len = 0;
    assert_int_equal(GetClusterInformationA(c, NULL, &len, &va),
                     ERROR_MORE_DATA);
    /* 10 bytes, then 13 characters of 4 bytes: 63 would cut the 14th */
    assert_int_equal(strlen(va.szCSDVersion), 10 + 4 * 13);
    assert_true(g_utf8_validate(va.szCSDVersion, -1, NULL));
    assert_int_equal(va.BuildNumber, 300);
    assert_true(CloseCluster(c));
    unlink(path);
    setenv("CIB_file", fixture, 1);
}

/* GetClusterFrom*: as on Windows, another instance of the cluster handle,
 * closed by the caller, whose closing invalidates neither the object nor
 * the original; closing the original invalidates the objects. */
static void
test_cluster_from(void **state)
{
    HCLUSTER c = open_ok();
    HNODE n = OpenClusterNodeA(c, "node2");
    HGROUP g = OpenClusterGroupA(c, "web");
    HRESOURCE r = OpenClusterResourceA(c, "ip");
    HCLUSTER cn = GetClusterFromNode(n);
    HCLUSTER cg, cr;
    HGROUP g2;
    char name[16];
    DWORD len = sizeof(name);

    assert_non_null(cn);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_ptr_not_equal(cn, c);
    assert_int_equal(GetClusterInformationA(cn, name, &len, NULL),
                     ERROR_SUCCESS);
    assert_string_equal(name, "apitest");
    g2 = OpenClusterGroupA(cn, "web");
    assert_non_null(g2);
    assert_int_equal(GetClusterGroupStateA(g2, NULL, NULL), ClusterGroupOnline);
    CloseClusterGroup(g2);
    cg = GetClusterFromGroup(g);
    cr = GetClusterFromResource(r);
    assert_non_null(cg);
    assert_non_null(cr);
    assert_ptr_not_equal(cg, cr);
    assert_true(CloseCluster(cn));
    assert_true(CloseCluster(cg));
    assert_true(CloseCluster(cr));
    assert_false(CloseCluster(cr));
    /* the objects and the original are untouched */
    assert_int_equal(GetClusterNodeState(n), ClusterNodeUp);
    assert_int_equal(GetClusterGroupStateA(g, NULL, NULL), ClusterGroupOnline);
    assert_int_equal(GetClusterResourceStateA(r, NULL, NULL, NULL, NULL),
                     ClusterResourceOnline);
    len = sizeof(name);
    assert_int_equal(GetClusterInformationA(c, name, &len, NULL),
                     ERROR_SUCCESS);

    /* wrong types, bogus handles */
    assert_null(GetClusterFromNode((HNODE) g));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GetClusterFromGroup((HGROUP) r));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GetClusterFromResource((HRESOURCE) c));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GetClusterFromNode(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* the original closed (another cluster handle still open): every
     * handle opened with it is invalid, but can still be closed */
    cn = GetClusterFromNode(n);
    assert_true(CloseCluster(c));
    assert_null(GetClusterFromNode(n));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GetClusterFromGroup(g));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterNodeState(n), ClusterNodeStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterGroupOpenEnum(g, CLUSTER_GROUP_ENUM_ALL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(ClusterNodeOpenEnum(n, CLUSTER_NODE_ENUM_ALL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    /* the other instance still works */
    len = sizeof(name);
    assert_int_equal(GetClusterInformationA(cn, name, &len, NULL),
                     ERROR_SUCCESS);
    /* the last cluster handle closed: the engine stops, queries on the
     * objects must still fail cleanly */
    assert_true(CloseCluster(cn));
    assert_int_equal(GetClusterNodeState(n), ClusterNodeStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterGroupStateA(g, NULL, NULL),
                     ClusterGroupStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterResourceStateA(r, NULL, NULL, NULL, NULL),
                     ClusterResourceStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GetClusterFromResource(r));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(CloseClusterNode(n));
    assert_true(CloseClusterGroup(g));
    assert_true(CloseClusterResource(r));
}

/* Networks and interfaces are Corosync's; in file mode there are none:
 * empty enumerations, the *_NOT_FOUND codes, and the checks of arguments
 * and handles of every network function. */
static void
test_networks(void **state)
{
    HCLUSTER c = open_ok();
    HCLUSTER closed = open_ok();
    HNODE n = OpenClusterNodeA(c, "node1");
    HNODE gone = OpenClusterNodeA(c, "node2");
    HCLUSENUM ce = ClusterOpenEnum(c, CLUSTER_ENUM_NETWORK);
    g_autofree WCHAR *wnet = w("link0");
    g_autofree WCHAR *wif = w("node1 - link0");
    g_autofree WCHAR *wnode = w("node1");
    HNETWORK bogus[3];
    DWORD type, len;
    WCHAR wbuf[16];
    char buf[64];

    assert_int_equal(ERROR_CLUSTER_NETWORK_NOT_FOUND, 5045);
    assert_int_equal(ERROR_CLUSTER_NETINTERFACE_NOT_FOUND, 5047);
    assert_int_equal(CLUSTER_NETWORK_ENUM_ALL, 1);
    assert_non_null(ce);
    assert_int_equal(ClusterGetEnumCount(ce), 0);
    {
        HCLUSENUM e = ClusterOpenEnum(c, CLUSTER_ENUM_NETINTERFACE);

        assert_non_null(e);
        assert_int_equal(ClusterGetEnumCount(e), 0);
        len = sizeof(buf);
        assert_int_equal(ClusterEnumA(e, 0, &type, buf, &len),
                         ERROR_NO_MORE_ITEMS);
        assert_int_equal(ClusterCloseEnum(e), ERROR_SUCCESS);
    }

    /* unknown names, bad names, bad cluster handles */
    assert_null(OpenClusterNetworkA(c, "link0"));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_NETWORK_NOT_FOUND);
    assert_null(OpenClusterNetwork(c, wnet));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_NETWORK_NOT_FOUND);
    assert_null(OpenClusterNetworkA(c, "0"));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_NETWORK_NOT_FOUND);
    assert_null(OpenClusterNetInterfaceA(c, "node1 - link0"));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_NETINTERFACE_NOT_FOUND);
    assert_null(OpenClusterNetInterface(c, wif));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_NETINTERFACE_NOT_FOUND);
    assert_null(OpenClusterNetworkA(c, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(OpenClusterNetwork(c, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(OpenClusterNetInterfaceA(c, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(OpenClusterNetInterfaceA(c, "\xff\xfe"));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(OpenClusterNetworkA((HCLUSTER) n, "link0"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(OpenClusterNetInterfaceA(NULL, "node1 - link0"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* a node's interface on a network: what is missing, first the node */
    len = sizeof(buf);
    assert_int_equal(GetClusterNetInterfaceA(c, "node1", "link0", buf, &len),
                     ERROR_CLUSTER_NETWORK_NOT_FOUND);
    assert_int_equal(GetClusterNetInterfaceA(c, "node9", "link0", buf, &len),
                     ERROR_CLUSTER_NODE_NOT_FOUND);
    len = G_N_ELEMENTS(wbuf);
    assert_int_equal(GetClusterNetInterface(c, wnode, wnet, wbuf, &len),
                     ERROR_CLUSTER_NETWORK_NOT_FOUND);
    assert_int_equal(len, G_N_ELEMENTS(wbuf)); /* untouched */
    assert_int_equal(GetClusterNetInterfaceA(c, NULL, "link0", buf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNetInterfaceA(c, "node1", NULL, buf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNetInterfaceA(c, "node1", "link0", buf, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNetInterface(c, wnode, NULL, wbuf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNetInterfaceA(c, "\xff", "link0", buf, &len),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(GetClusterNetInterfaceA((HCLUSTER) n, "node1", "link0",
                                             buf, &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterNetInterfaceA(NULL, "node1", "link0", buf,
                                             &len),
                     ERROR_INVALID_HANDLE);
    /* the handle is checked first */
    assert_int_equal(GetClusterNetInterface(NULL, NULL, NULL, NULL, NULL),
                     ERROR_INVALID_HANDLE);

    /* every function on a network or interface handle, given a handle that
     * is not one: another type, a closed one, forged ones */
    assert_true(CloseClusterNode(gone));
    bogus[0] = (HNETWORK) n;
    bogus[1] = (HNETWORK) gone;
    bogus[2] = (HNETWORK) (uintptr_t) 0xdeadbeef;
    for (size_t i = 0; i < G_N_ELEMENTS(bogus); i++) {
        HNETWORK h = bogus[i];
        HNETINTERFACE hi = (HNETINTERFACE) h;

        assert_int_equal(GetClusterNetworkState(h), ClusterNetworkStateUnknown);
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_int_equal(GetClusterNetInterfaceState(hi),
                         ClusterNetInterfaceStateUnknown);
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        len = G_N_ELEMENTS(wbuf);
        assert_int_equal(GetClusterNetworkId(h, wbuf, &len),
                         ERROR_INVALID_HANDLE);
        assert_int_equal(GetClusterNetworkIdA(h, buf, NULL),
                         ERROR_INVALID_HANDLE);
        assert_null(GetClusterFromNetwork(h));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_null(GetClusterFromNetInterface(hi));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_null(ClusterNetworkOpenEnum(h,
                                           CLUSTER_NETWORK_ENUM_NETINTERFACES));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_false(CloseClusterNetwork(h));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_false(CloseClusterNetInterface(hi));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    }
    assert_int_equal(GetClusterNetworkState(NULL), ClusterNetworkStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(GetClusterNetInterfaceState(
                         (HNETINTERFACE) INVALID_HANDLE_VALUE),
                     ClusterNetInterfaceStateUnknown);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    /* the node survived being passed as a network */
    assert_int_equal(GetClusterNodeState(n), ClusterNodeUp);
    assert_true(CloseClusterNode(n));

    /* a cluster enumeration is not a network enumeration */
    assert_int_equal(ClusterNetworkGetEnumCount((HNETWORKENUM) ce), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    len = sizeof(buf);
    assert_int_equal(ClusterNetworkEnumA((HNETWORKENUM) ce, 0, &type, buf,
                                         &len),
                     ERROR_INVALID_HANDLE);
    len = G_N_ELEMENTS(wbuf);
    assert_int_equal(ClusterNetworkEnum((HNETWORKENUM) ce, 0, &type, wbuf,
                                        &len),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNetworkCloseEnum((HNETWORKENUM) ce),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterCloseEnum(ce), ERROR_SUCCESS);
    assert_int_equal(ClusterNetworkCloseEnum((HNETWORKENUM) ce),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterNetworkGetEnumCount(NULL), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* a closed cluster handle */
    assert_true(CloseCluster(closed));
    assert_null(OpenClusterNetworkA(closed, "link0"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(OpenClusterNetInterfaceA(closed, "node1 - link0"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    len = sizeof(buf);
    assert_int_equal(GetClusterNetInterfaceA(closed, "node1", "link0", buf,
                                             &len),
                     ERROR_INVALID_HANDLE);
    CloseCluster(c);
}

/* RegisterClusterNotify takes NETWORK_* bits only with a network handle,
 * NETINTERFACE_* only with an interface handle. */
static void
test_network_registration(void **state)
{
    HCLUSTER c = open_ok();
    HCHANGE p = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                        CLUSTER_CHANGE_HANDLE_CLOSE, 1);
    HNODE n = OpenClusterNodeA(c, "node1");

    assert_non_null(p);
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_NETWORK_STATE, n,
                                           2),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(RegisterClusterNotify(p,
                                           CLUSTER_CHANGE_NETINTERFACE_STATE,
                                           n, 2),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_NETWORK_STATE, c,
                                           2),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(RegisterClusterNotify(p, CLUSTER_CHANGE_NETWORK_STATE,
                                           (HANDLE) (uintptr_t) 0xdeadbeef, 2),
                     ERROR_INVALID_HANDLE);
    assert_true(CloseClusterNode(n));
    assert_int_equal(RegisterClusterNotify(p,
                                           CLUSTER_CHANGE_NETINTERFACE_STATE,
                                           n, 2),
                     ERROR_INVALID_HANDLE);
    assert_true(CloseClusterNotifyPort(p));
    CloseCluster(c);
}

/* clusapi_cluster_quorum: no Corosync in file mode, so the CIB's
 * have-quorum (absent in the fixture: not quorate). */
static void
test_quorum(void **state)
{
    HCLUSTER c = open_ok();
    HNODE n = OpenClusterNodeA(c, "node1");
    g_autofree char *path = NULL;
    DWORD q = 77;

    assert_int_equal(clusapi_cluster_quorum(c, &q), ERROR_SUCCESS);
    assert_int_equal(q, 0);
    q = 77;
    assert_int_equal(clusapi_cluster_quorum(c, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(clusapi_cluster_quorum(NULL, &q), ERROR_INVALID_HANDLE);
    assert_int_equal(clusapi_cluster_quorum((HCLUSTER) n, &q),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(clusapi_cluster_quorum((HCLUSTER) (uintptr_t) 0x1234,
                                            &q),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(q, 77); /* not written on failure */
    CloseClusterNode(n);
    assert_true(CloseCluster(c)); /* the last: the next open re-reads */
    assert_int_equal(clusapi_cluster_quorum(c, &q), ERROR_INVALID_HANDLE);

    path = fixture_with("<cib ", "<cib have-quorum=\"1\" ");
    c = open_ok();
    assert_int_equal(clusapi_cluster_quorum(c, &q), ERROR_SUCCESS);
    assert_int_equal(q, 1);
    assert_true(CloseCluster(c));
    unlink(path);
    setenv("CIB_file", fixture, 1);
}

/* clusapi_failed_actions: none in the fixture; a failed recurring monitor
 * of ip on node1 (the resource recovered: a last_failure entry beside the
 * start); the buffer protocol and every error. */
static void
test_failed_actions(void **state)
{
    HCLUSTER c = open_ok();
    HNODE n = OpenClusterNodeA(c, "node1");
    g_autofree char *path = NULL;
    g_autofree CLUSAPI_FAILED_ACTION *buf = NULL;
    DWORD size = 12345, count = 77, need;
    const CLUSAPI_FAILED_ACTION *a;

    assert_int_equal(clusapi_failed_actions(c, NULL, NULL, &size, &count),
                     ERROR_SUCCESS);
    assert_int_equal(size, 0);
    assert_int_equal(count, 0);
    assert_int_equal(clusapi_failed_actions(c, "WEB", NULL, &size, &count),
                     ERROR_RESOURCE_NOT_FOUND); /* a group, not a resource */
    assert_int_equal(clusapi_failed_actions(c, "nope", NULL, &size, &count),
                     ERROR_RESOURCE_NOT_FOUND);
    assert_int_equal(clusapi_failed_actions(c, NULL, NULL, NULL, &count),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(clusapi_failed_actions(c, NULL, NULL, &size, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(clusapi_failed_actions(
                         c, NULL, (PCLUSAPI_FAILED_ACTION) (uintptr_t) 0x1001,
                         &size, &count),
                     ERROR_INVALID_PARAMETER); /* misaligned */
    assert_int_equal(clusapi_failed_actions(NULL, NULL, NULL, &size, &count),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(clusapi_failed_actions((HCLUSTER) n, NULL, NULL, &size,
                                            &count),
                     ERROR_INVALID_HANDLE);
    CloseClusterNode(n);
    assert_true(CloseCluster(c));
    assert_int_equal(clusapi_failed_actions(c, NULL, NULL, &size, &count),
                     ERROR_INVALID_HANDLE);

    path = fixture_with(
        "<lrm_rsc_op id=\"ip_last_0\" operation_key=\"ip_start_0\"",
        "<lrm_rsc_op id=\"ip_last_failure_0\" "
        "operation_key=\"ip_monitor_10000\" operation=\"monitor\" "
        "transition-key=\"3:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\" "
        "transition-magic=\"0:7;3:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\" "
        "exit-reason=\"gone &lt;eth0&gt;\" call-id=\"3\" rc-code=\"7\" "
        "op-status=\"0\" interval=\"10000\" last-rc-change=\"1795606800\" "
        "exec-time=\"12\" queue-time=\"0\"/>"
        "<lrm_rsc_op id=\"ip_last_0\" operation_key=\"ip_start_0\"");
    c = open_ok();
    size = 0;
    assert_int_equal(clusapi_failed_actions(c, NULL, NULL, &size, &count),
                     ERROR_MORE_DATA);
    assert_int_equal(count, 1);
    need = size;
    assert_true(need > sizeof(CLUSAPI_FAILED_ACTION));
    buf = g_malloc(need);
    size = need - 1; /* one byte short: nothing written */
    memset(buf, 0xa5, need);
    assert_int_equal(clusapi_failed_actions(c, "ip", buf, &size, &count),
                     ERROR_MORE_DATA);
    assert_int_equal(size, need);
    assert_int_equal(((unsigned char *) buf)[0], 0xa5);
    assert_int_equal(clusapi_failed_actions(c, "IP", buf, &size, &count),
                     ERROR_SUCCESS);
    assert_int_equal(size, need);
    assert_int_equal(count, 1);
    a = &buf[0];
    assert_string_equal(a->lpszResource, "ip");
    assert_string_equal(a->lpszNode, "node1");
    assert_string_equal(a->lpszOperationKey, "ip_monitor_10000");
    assert_string_equal(a->lpszTask, "monitor");
    assert_string_equal(a->lpszExitReason, "gone <eth0>");
    assert_int_equal(a->lExitCode, 7);
    assert_int_equal(a->lExecStatus, 0);
    assert_string_equal(a->lpszExitStatus, CLUSAPI_PACEMAKER_3 ? "Not running"
                                                              : "not running");
    assert_string_equal(a->lpszExecStatus, CLUSAPI_PACEMAKER_3 ? "Done"
                                                              : "complete");
    assert_int_equal(a->dwIntervalMs, 10000);
    assert_int_equal(a->llLastRcChange, 1795606800);
    assert_int_equal(a->lCallId, 3);
    assert_int_equal(a->lQueuedMs, 0);
    assert_int_equal(a->lExecMs, 12);
    assert_int_equal(a->dwFlags, 0);
    /* the strings lie in the buffer, after the array */
    assert_true((const char *) a->lpszResource >= (const char *) (buf + 1));
    assert_true(a->lpszExecStatus + strlen(a->lpszExecStatus)
                < (const char *) buf + need);
    /* another resource has none */
    assert_int_equal(clusapi_failed_actions(c, "httpd", NULL, &size, &count),
                     ERROR_SUCCESS);
    assert_int_equal(count, 0);
    assert_true(CloseCluster(c));
    unlink(path);
    setenv("CIB_file", fixture, 1);
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

/* The cluster database through the public API, on the fixture CIB: keys of
 * every kind, the W and A forms, size queries, small buffers, missing keys
 * and values, bad and closed handles. */
static void
test_registry(void **state)
{
    HCLUSTER c = open_ok();
    HKEY root, k = NULL, k2 = NULL;
    HGROUP g;
    HRESOURCE r;
    HNODE n;
    DWORD type = 0, size = 0, len;
    char buf[64];
    BYTE data[64];
    WCHAR wbuf[64];
    DWORD subs = 0, maxsub = 0, vals = 0, maxname = 0, maxdata = 0, sd = 9;
    FILETIME ft = { 1, 1 };
    g_autofree WCHAR *wname = w("cluster-name");
    g_autofree WCHAR *wsub = w("Resources\\ip\\Parameters");

    (void) state;
    root = GetClusterKey(c, KEY_READ);
    assert_non_null(root);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);

    /* a size query, then the value: REG_SZ with its NUL */
    assert_int_equal(ClusterRegQueryValueA(root, "cluster-name", &type, NULL,
                                           &size),
                     ERROR_SUCCESS);
    assert_int_equal(type, REG_SZ);
    assert_int_equal(size, sizeof("apitest"));
    size = 3;
    assert_int_equal(ClusterRegQueryValueA(root, "cluster-name", NULL, data,
                                           &size),
                     ERROR_MORE_DATA);
    assert_int_equal(size, sizeof("apitest"));
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(root, "CLUSTER-NAME", NULL, data,
                                           &size),
                     ERROR_SUCCESS);
    assert_int_equal(size, sizeof("apitest"));
    assert_string_equal((char *) data, "apitest");
    /* the W form: UTF-16 with a 2-byte NUL */
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValue(root, wname, &type, data, &size),
                     ERROR_SUCCESS);
    assert_int_equal(size, 2 * sizeof("apitest"));
    assert_int_equal(data[0], 'a');
    assert_int_equal(data[1], 0);
    assert_int_equal(data[size - 2] | data[size - 1], 0);
    assert_int_equal(ClusterRegQueryValueA(root, "nope", &type, data, &size),
                     ERROR_FILE_NOT_FOUND);
    assert_int_equal(ClusterRegQueryValueA(root, "cluster-name", NULL, data,
                                           NULL),
                     ERROR_INVALID_PARAMETER);

    /* the root's subkeys, in name order, and the end */
    len = sizeof(buf);
    assert_int_equal(ClusterRegEnumKeyA(root, 0, buf, &len, &ft),
                     ERROR_SUCCESS);
    assert_string_equal(buf, "Groups");
    assert_int_equal(len, strlen("Groups"));
    assert_int_equal(ft.dwLowDateTime | ft.dwHighDateTime, 0);
    len = 2;
    assert_int_equal(ClusterRegEnumKeyA(root, 5, buf, &len, NULL),
                     ERROR_MORE_DATA);
    assert_int_equal(len, strlen("Resources"));
    len = sizeof(wbuf) / sizeof(wbuf[0]);
    assert_int_equal(ClusterRegEnumKey(root, 5, wbuf, &len, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(len, strlen("Resources"));
    assert_int_equal(wbuf[0], 'R');
    len = sizeof(buf);
    assert_int_equal(ClusterRegEnumKeyA(root, 6, buf, &len, NULL),
                     ERROR_NO_MORE_ITEMS);
    assert_int_equal(ClusterRegQueryInfoKeyA(root, &subs, &maxsub, &vals,
                                             &maxname, &maxdata, &sd, &ft),
                     ERROR_SUCCESS);
    assert_int_equal(subs, 6);
    assert_int_equal(maxsub, strlen("NetworkInterfaces"));
    assert_true(vals >= 4);
    assert_int_equal(sd, 0);

    /* every value by enumeration: names and sizes agree with queries */
    for (DWORD i = 0;; i++) {
        DWORD nl = sizeof(buf), dl = sizeof(data), ql = 0;

        if (ClusterRegEnumValueA(root, i, buf, &nl, &type, data, &dl)
            == ERROR_NO_MORE_ITEMS) {
            assert_int_equal(i, vals);
            break;
        }
        assert_int_equal(type, REG_SZ);
        assert_int_equal(ClusterRegQueryValueA(root, buf, NULL, NULL, &ql),
                         ERROR_SUCCESS);
        assert_int_equal(ql, dl);
        assert_true(dl <= maxdata);
    }

    /* a subkey path; "" opens the key again */
    assert_int_equal(ClusterRegOpenKey(root, wsub, KEY_READ, &k),
                     ERROR_SUCCESS);
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(k, "ip", NULL, data, &size),
                     ERROR_FILE_NOT_FOUND); /* the fixture sets none */
    assert_int_equal(ClusterRegCloseKey(k), ERROR_SUCCESS);
    assert_int_equal(ClusterRegOpenKeyA(root, "Resources\\ip", KEY_READ, &k),
                     ERROR_SUCCESS);
    assert_int_equal(ClusterRegOpenKeyA(k, "", KEY_READ, &k2), ERROR_SUCCESS);
    assert_ptr_not_equal(k, k2);
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(k2, "Type", &type, data, &size),
                     ERROR_SUCCESS);
    assert_string_equal((char *) data, "ocf:heartbeat:IPaddr2");
    assert_int_equal(ClusterRegCloseKey(k2), ERROR_SUCCESS);
    assert_int_equal(ClusterRegOpenKeyA(root, "Resources\\nope", KEY_READ,
                                        &k2),
                     ERROR_FILE_NOT_FOUND);
    assert_null(k2);
    assert_int_equal(ClusterRegOpenKeyA(root, "\\Resources", KEY_READ, &k2),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegOpenKeyA(root, NULL, KEY_READ, &k2),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegOpenKeyA(root, "Nodes", KEY_READ, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegCloseKey(k), ERROR_SUCCESS);

    /* the objects' keys */
    g = OpenClusterGroupA(c, "web");
    k = GetClusterGroupKey(g, KEY_READ);
    assert_non_null(k);
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(k, "Contains", &type, data, &size),
                     ERROR_SUCCESS);
    assert_int_equal(type, REG_MULTI_SZ);
    assert_int_equal(size, sizeof("ip\0httpd\0"));
    assert_memory_equal(data, "ip\0httpd\0", sizeof("ip\0httpd\0"));
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValue(k, NULL, &type, data, &size),
                     ERROR_FILE_NOT_FOUND); /* no default value */
    assert_int_equal(ClusterRegCloseKey(k), ERROR_SUCCESS);
    CloseClusterGroup(g);
    r = OpenClusterResourceA(c, UNI);
    k = GetClusterResourceKey(r, KEY_READ);
    assert_non_null(k);
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(k, "Name", NULL, data, &size),
                     ERROR_SUCCESS);
    assert_string_equal((char *) data, UNI);
    assert_int_equal(ClusterRegCloseKey(k), ERROR_SUCCESS);
    CloseClusterResource(r);
    n = OpenClusterNodeA(c, "node2");
    k = GetClusterNodeKey(n, KEY_READ);
    assert_non_null(k);
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(k, "NodeName", NULL, data, &size),
                     ERROR_SUCCESS);
    assert_string_equal((char *) data, "node2");
    assert_int_equal(ClusterRegCloseKey(k), ERROR_SUCCESS);
    CloseClusterNode(n);
    k = GetClusterResourceTypeKeyA(c, "systemd:httpd", KEY_READ);
    assert_non_null(k);
    assert_int_equal(ClusterRegCloseKey(k), ERROR_SUCCESS);
    assert_null(GetClusterResourceTypeKeyA(c, "lsb:nope", KEY_READ));
    assert_int_equal(GetLastError(), ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);

    /* bad, closed and other handles */
    assert_int_equal(ClusterRegCloseKey(root), ERROR_SUCCESS);
    assert_int_equal(ClusterRegCloseKey(root), ERROR_INVALID_HANDLE);
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(root, "cluster-name", NULL, data,
                                           &size),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterRegCloseKey(NULL), ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterRegCloseKey((HKEY) c), ERROR_INVALID_HANDLE);
    assert_null(GetClusterKey(NULL, KEY_READ));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GetClusterNodeKey((HNODE) c, KEY_READ));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    len = sizeof(buf);
    assert_int_equal(ClusterRegEnumKeyA((HKEY) (uintptr_t) 0xdeadbeef, 0,
                                        buf, &len, NULL),
                     ERROR_INVALID_HANDLE);
    /* a key of a closed cluster */
    root = GetClusterKey(c, KEY_READ);
    assert_true(CloseCluster(c));
    size = sizeof(data);
    assert_int_equal(ClusterRegQueryValueA(root, "cluster-name", NULL, data,
                                           &size),
                     ERROR_INVALID_HANDLE);
    assert_int_equal(ClusterRegCloseKey(root), ERROR_SUCCESS);
}

/* Writes through the registry with CIB_file: a saved CIB is read, not
 * written (ERROR_ACCESS_DENIED, the file unchanged); what the arguments
 * say wrong comes first (ERROR_INVALID_PARAMETER); keys are opened, never
 * made or deleted.  The writes themselves: test-registry (live). */
static void
test_registry_writes(void **state)
{
    g_autofree char *dir = g_dir_make_tmp("clusapi-reg-XXXXXX", NULL);
    g_autofree char *copy = g_build_filename(dir, "cib.xml", NULL);
    g_autofree char *text = NULL;
    g_autofree char *after = NULL;
    g_autofree WCHAR *wname = w("wide");
    g_autofree WCHAR *wdata = w("été");
    HCLUSTER c;
    HKEY root, k, k2 = NULL;
    DWORD disp = 0, n = 7;

    (void) state;
    assert_true(g_file_get_contents(fixture, &text, NULL, NULL));
    assert_true(g_file_set_contents(copy, text, -1, NULL));
    setenv("CIB_file", copy, 1);
    c = open_ok();
    root = GetClusterKey(c, KEY_ALL_ACCESS);
    assert_int_equal(ClusterRegOpenKeyA(root, "Resources\\ip\\Parameters",
                                        KEY_ALL_ACCESS, &k),
                     ERROR_SUCCESS);
    assert_int_equal(ClusterRegSetValueA(k, "ip", REG_SZ,
                                         (const BYTE *) "10.1.1.1", 9),
                     ERROR_ACCESS_DENIED);
    assert_int_equal(ClusterRegSetValueA(k, "mask", REG_DWORD,
                                         (const BYTE *) &n, sizeof(n)),
                     ERROR_ACCESS_DENIED);
    assert_int_equal(ClusterRegSetValue(k, wname, REG_SZ,
                                        (const BYTE *) wdata,
                                        (DWORD) (sizeof(WCHAR)
                                                 * (g_utf8_strlen("été", -1)
                                                    + 1))),
                     ERROR_ACCESS_DENIED);
    /* the arguments first: a bad type, data that do not fit it, no name */
    assert_int_equal(ClusterRegSetValueA(k, "x", REG_BINARY,
                                         (const BYTE *) "a", 1),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegSetValueA(k, "x", REG_DWORD,
                                         (const BYTE *) "a", 1),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegSetValueA(k, "", REG_SZ,
                                         (const BYTE *) "a", 2),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegDeleteValueA(k, "nope"),
                     ERROR_FILE_NOT_FOUND);
    ClusterRegCloseKey(k);
    assert_int_equal(ClusterRegOpenKeyA(root, "Resources\\ip",
                                        KEY_ALL_ACCESS, &k),
                     ERROR_SUCCESS);
    assert_int_equal(ClusterRegSetValueA(k, "Type", REG_SZ,
                                         (const BYTE *) "x", 2),
                     ERROR_ACCESS_DENIED);
    assert_int_equal(ClusterRegCreateKeyA(k, "Parameters", 0, KEY_READ, NULL,
                                          &k2, &disp),
                     ERROR_SUCCESS);
    assert_int_equal(disp, REG_OPENED_EXISTING_KEY);
    ClusterRegCloseKey(k2);
    assert_int_equal(ClusterRegCreateKeyA(k, "New", 0, KEY_READ, NULL, &k2,
                                          &disp),
                     ERROR_ACCESS_DENIED);
    assert_null(k2);
    assert_int_equal(ClusterRegCreateKeyA(k, "Parameters", 1, KEY_READ, NULL,
                                          &k2, &disp),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(ClusterRegDeleteKeyA(k, "Parameters"),
                     ERROR_ACCESS_DENIED);
    assert_int_equal(ClusterRegDeleteKeyA(k, "Nope"), ERROR_FILE_NOT_FOUND);
    ClusterRegCloseKey(k);
    assert_int_equal(ClusterRegSetValueA(root, "batch-limit", REG_SZ,
                                         (const BYTE *) "7", 2),
                     ERROR_ACCESS_DENIED);
    ClusterRegCloseKey(root);
    CloseCluster(c);
    assert_true(g_file_get_contents(copy, &after, NULL, NULL));
    assert_string_equal(after, text);
    setenv("CIB_file", fixture, 1);
    assert_int_equal(unlink(copy), 0);
    assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_close),
        cmocka_unit_test_teardown(test_no_cluster, restore_cib_file),
        cmocka_unit_test_teardown(test_bad_cib_file, restore_cib_file),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_port_errors),
        cmocka_unit_test(test_port_filter_and_cluster),
        cmocka_unit_test(test_handle_close_and_buffers),
        cmocka_unit_test(test_close_while_waiting),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_enum_restype_and_order),
        cmocka_unit_test(test_group_enum),
        cmocka_unit_test(test_node_enum),
        cmocka_unit_test(test_cluster_information),
        cmocka_unit_test(test_cluster_information_versions),
        cmocka_unit_test(test_cluster_from),
        cmocka_unit_test(test_networks),
        cmocka_unit_test(test_network_registration),
        cmocka_unit_test(test_quorum),
        cmocka_unit_test(test_failed_actions),
        cmocka_unit_test(test_registry),
        cmocka_unit_test_teardown(test_registry_writes, restore_cib_file),
        cmocka_unit_test(test_last_error_is_per_thread),
    };
    const char *top = getenv("top_srcdir");

    fixture = g_build_filename(top != NULL ? top : ".", "tests", "fixtures",
                               "api", "cib.xml", NULL);
    setenv("CIB_file", fixture, 1);
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

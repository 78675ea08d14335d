/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-default-loop - an application that runs its own GLib default main
 * loop while it uses libclusapi (docs/design.md, "the default context").
 *
 * It checks that:
 *   - the library attaches no source to glib's global default context
 *     (libcib's own signon would: mainloop_add_fd -> g_io_add_watch_full);
 *   - events arrive while the application iterates that context, through
 *     the port's fd watched by a g_unix_fd_add() source of the application;
 *   - the library never runs code on the application's thread.
 * Runs inside a sandbox node (tests/integration/run.sh); prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>

#include "clusapi.h"

static int failures;
static int test_no;

static void
ok(int cond, const char *what)
{
    printf("%s %d - %s\n", cond ? "ok" : "not ok", ++test_no, what);
    if (!cond) {
        failures++;
    }
}

/* The descriptors glib's default context polls (its own wake-up among
 * them), by one iteration that blocks on none: a source of the library's
 * whose fd is not among them can never run on this thread.  (With
 * Pacemaker 3.0 libcib attaches a watch there when it signs on; the
 * library takes its fd out of the poll, docs/design.md.) */
static int
default_polled_fds(void)
{
    GMainContext *ctx = g_main_context_default();
    GPollFD fds[64];
    gint prio = 0;
    gint timeout;
    int n;

    if (!g_main_context_acquire(ctx)) {
        return -1;
    }
    (void) g_main_context_prepare(ctx, &prio);
    n = g_main_context_query(ctx, G_MAXINT, &timeout, fds, G_N_ELEMENTS(fds));
    for (int i = 0; i < n && i < (int) G_N_ELEMENTS(fds); i++) {
        fds[i].revents = 0;
    }
    if (g_main_context_check(ctx, G_MAXINT, fds, MIN(n, 64))) {
        g_main_context_dispatch(ctx);
    }
    g_main_context_release(ctx);
    return n;
}

struct app {
    HCHANGE port;
    GMainLoop *loop;
    GThread *main_thread;
    gboolean saw_added;
    gboolean saw_state;
    gboolean wrong_thread;
};

static gboolean
on_port(gint fd, GIOCondition cond, gpointer data)
{
    struct app *app = data;
    char name[256];
    DWORD_PTR key;
    DWORD type;
    DWORD len;

    if (g_thread_self() != app->main_thread) {
        app->wrong_thread = TRUE;
    }
    for (;;) {
        len = sizeof(name);
        if (GetClusterNotifyA(app->port, &key, &type, name, &len, 0)
            != ERROR_SUCCESS) {
            break;
        }
        printf("# event %s %s\n", clusapi_change_name(type), name);
        if (strcmp(name, "loopd") == 0) {
            if (type == CLUSTER_CHANGE_RESOURCE_ADDED) {
                app->saw_added = TRUE;
            } else if (type == CLUSTER_CHANGE_RESOURCE_STATE) {
                app->saw_state = TRUE;
            }
        }
    }
    if (app->saw_added && app->saw_state) {
        g_main_loop_quit(app->loop);
    }
    return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout(gpointer data)
{
    g_main_loop_quit(data);
    return G_SOURCE_REMOVE;
}

static gboolean
make_change(gpointer data)
{
    int rc = system("cibadmin -C -o resources -X '<primitive id=\"loopd\" "
                    "class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>'");
    ok(rc == 0, "cibadmin created a resource while the default loop runs");
    return G_SOURCE_REMOVE;
}

int
main(void)
{
    struct app app = { 0 };
    HCLUSTER cluster;
    int before;
    guint watch;

    printf("TAP version 13\n");
    (void) system("cibadmin -D -o resources -X '<primitive id=\"loopd\"/>' "
                  ">/dev/null 2>&1");
    before = default_polled_fds();
    ok(before > 0, "the default context's poll can be read");
    cluster = OpenClusterA(NULL);
    ok(cluster != NULL, "OpenCluster");
    if (cluster == NULL) {
        printf("1..%d\n", test_no);
        return 1;
    }
    ok(default_polled_fds() == before,
       "the library added no descriptor to the default GMainContext's poll");
    app.port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                       CLUSTER_CHANGE_RESOURCE_ADDED
                                           | CLUSTER_CHANGE_RESOURCE_STATE,
                                       7);
    ok(app.port != NULL, "CreateClusterNotifyPort");
    app.loop = g_main_loop_new(NULL, FALSE);
    app.main_thread = g_thread_self();
    watch = g_unix_fd_add(clusapi_port_fd(app.port), G_IO_IN, on_port, &app);
    g_idle_add(make_change, NULL);
    g_timeout_add_seconds(60, on_timeout, app.loop);
    g_main_loop_run(app.loop);
    ok(app.saw_added, "RESOURCE_ADDED arrived through the port fd");
    ok(app.saw_state, "RESOURCE_STATE arrived through the port fd");
    ok(!app.wrong_thread, "callbacks ran on the application's thread only");
    ok(default_polled_fds() == before + 1,
       "the default context polls the port's fd and nothing of the library's");
    g_source_remove(watch);
    CloseClusterNotifyPort(app.port);
    CloseCluster(cluster);
    (void) system("cibadmin -D -o resources -X '<primitive id=\"loopd\"/>'");
    g_main_loop_unref(app.loop);
    printf("1..%d\n", test_no);
    return failures != 0;
}

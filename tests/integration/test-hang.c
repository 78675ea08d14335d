/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-hang - a CIB manager that stops answering, on a real cluster.  Runs
 * inside a sandbox node (tests/integration/run.sh) and prints TAP.
 *
 * pacemaker-based is stopped (SIGSTOP) and resumed (SIGCONT) under the
 * library; it keeps its IPC connections open meanwhile and says nothing,
 * as a hung one would.  The bounds are made short through the documented
 * environment variables (docs/design.md): OpenCluster waits
 * CLUSAPI_OPEN_TIMEOUT_MS, an idle channel gets a probe after
 * CLUSAPI_CIB_PROBE_SILENCE_MS and the probe must be answered within
 * CLUSAPI_CIB_PROBE_TIMEOUT_MS.  The test build's CLUSAPI_TEST_PROBES
 * (src/adapt/cib.c) counts the probes sent.
 *   a. a healthy connection with changes flowing: their events, no probe,
 *      no CLUSTER_STATE; then idle: probes, answered, no event at all;
 *   b. connected, based stopped: CLUSTER_STATE within silence + timeout,
 *      nothing more while it stays stopped; resumed: CLUSTER_RECONNECT,
 *      then a change made after it arrives;
 *  b2. CloseCluster after CLUSTER_STATE, based still stopped, returns at
 *      once (the connection is closed without asking the manager);
 *   c. OpenCluster while based is stopped fails within its bound with
 *      RPC_S_CALL_FAILED, a second one too, `clusapi state` exits with
 *      3 (no cluster can be reached); a process that exits after
 *      such a failure exits cleanly and in time; resumed, OpenCluster
 *      works again and its events flow, CloseCluster is clean.
 * A watchdog resumes based after WATCHDOG_S whatever happens, so that a
 * library that blocks makes the test fail instead of hanging it; so does
 * the exit of this program.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

#define SILENCE_MS 2000
#define PROBE_MS 1000
#define OPEN_MS 2000
/* timers, scheduling and a loaded machine */
#define SLACK_MS 1000
#define WATCHDOG_S 12
#define PROP "clusapi-hang"

static pid_t based_pid;
static char *probes_path;
static GMutex dog_lock;
static GCond dog_cond;
static gint64 dog_until; /* 0: based runs */

static gint64
now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static gpointer
watchdog(gpointer data)
{
    g_mutex_lock(&dog_lock);
    for (;;) {
        if (dog_until != 0 && g_get_monotonic_time() >= dog_until) {
            printf("# watchdog: based stopped for %d s, resumed\n",
                   WATCHDOG_S);
            (void) kill(based_pid, SIGCONT);
            dog_until = 0;
        }
        if (dog_until != 0) {
            g_cond_wait_until(&dog_cond, &dog_lock, dog_until);
        } else {
            g_cond_wait(&dog_cond, &dog_lock);
        }
    }
    return NULL;
}

static void
based_stop(void)
{
    g_mutex_lock(&dog_lock);
    ok(kill(based_pid, SIGSTOP) == 0, "SIGSTOP pacemaker-based (%d)",
       (int) based_pid);
    dog_until = g_get_monotonic_time() + WATCHDOG_S * G_USEC_PER_SEC;
    g_cond_broadcast(&dog_cond);
    g_mutex_unlock(&dog_lock);
}

static void
based_cont(void)
{
    g_mutex_lock(&dog_lock);
    ok(kill(based_pid, SIGCONT) == 0, "SIGCONT pacemaker-based");
    dog_until = 0;
    g_cond_broadcast(&dog_cond);
    g_mutex_unlock(&dog_lock);
}

static void
based_cont_at_exit(void)
{
    if (based_pid > 0) {
        (void) kill(based_pid, SIGCONT);
    }
    if (probes_path != NULL) {
        (void) unlink(probes_path);
    }
}

static unsigned
probes_count(void)
{
    g_autofree char *text = NULL;
    unsigned n = 0;

    if (!g_file_get_contents(probes_path, &text, NULL, NULL)) {
        return 0;
    }
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++) {
        n++;
    }
    return n;
}

static void
probes_reset(void)
{
    (void) g_file_set_contents(probes_path, "", 0, NULL);
}

/* The first event within ms ("NAME object key", g_free), NULL if none. */
static char *
next_event(HCHANGE port, unsigned ms)
{
    char name[256];
    DWORD_PTR key = 0;
    DWORD type = 0;
    DWORD len = sizeof(name);
    DWORD rc = GetClusterNotifyA(port, &key, &type, name, &len, ms);

    if (rc != ERROR_SUCCESS) {
        return rc == WAIT_TIMEOUT ? NULL : g_strdup_printf("ERROR %u", rc);
    }
    return g_strdup_printf("%s %s %lu", clusapi_change_name(type), name,
                           (unsigned long) key);
}

/* Wait up to ms for an event that starts with prefix; the others before
 * it are printed.  Returns the time it took, or -1. */
static gint64
wait_event(HCHANGE port, const char *prefix, unsigned ms)
{
    gint64 t0 = now_ms();

    for (;;) {
        gint64 left = t0 + ms - now_ms();
        g_autofree char *ev = left > 0 ? next_event(port, left) : NULL;

        if (ev == NULL) {
            return -1;
        }
        printf("#   event: %s\n", ev);
        if (g_str_has_prefix(ev, prefix)) {
            return now_ms() - t0;
        }
    }
}

static void
print_events(GPtrArray *got)
{
    for (guint i = 0; i < got->len; i++) {
        printf("#   event: %s\n", (char *) got->pdata[i]);
    }
}

/* Count the events of a drain that start with prefix. */
static unsigned
count_prefix(GPtrArray *got, const char *prefix)
{
    unsigned n = 0;

    for (guint i = 0; i < got->len; i++) {
        if (g_str_has_prefix(got->pdata[i], prefix)) {
            n++;
        }
    }
    return n;
}

static void
set_prop(const char *value)
{
    sh("crm_attribute -t crm_config -n " PROP " -v %s >/dev/null", value);
}

/* ---- a: healthy, changes flowing, then idle ---- */
static void
case_healthy(HCHANGE port)
{
    g_autoptr(GPtrArray) got = NULL;
    unsigned probes;
    gint64 t0 = now_ms();
    gint64 last = t0;
    gint64 gap = 0;

    probes_reset();
    /* a change every quarter second or so, for three silences */
    for (int i = 0; now_ms() - t0 < 3 * SILENCE_MS; i++) {
        g_autofree char *v = g_strdup_printf("flow-%d", i);

        set_prop(v);
        gap = MAX(gap, now_ms() - last);
        last = now_ms();
        g_usleep(250 * 1000);
    }
    printf("# the longest time between two changes: %" G_GINT64_FORMAT
           " ms\n", gap);
    got = drain_events(port, 500, NULL);
    probes = probes_count();
    print_events(got);
    ok(count_prefix(got, "CLUSTER_PROPERTY ") > 0,
       "a: the changes arrive as CLUSTER_PROPERTY");
    ok(count_prefix(got, "CLUSTER_STATE ") == 0
           && count_prefix(got, "CLUSTER_RECONNECT ") == 0,
       "a: no CLUSTER_STATE or CLUSTER_RECONNECT while changes flow");
    ok(probes == 0, "a: no probe while changes flow (%u sent)", probes);

    /* idle for two and a half silences: probes, answered */
    g_ptr_array_unref(got);
    got = drain_events(port, SILENCE_MS * 5 / 2, NULL);
    probes = probes_count();
    print_events(got);
    ok(got->len == 0, "a: idle, probes answered: no event (%u)", got->len);
    ok(probes >= 1 && probes <= 2,
       "a: idle for %d ms: %u probe(s), one per %d ms of silence",
       SILENCE_MS * 5 / 2, probes, SILENCE_MS);
}

/* ---- b: based stops under a connected application ---- */
static void
case_connected(HCHANGE port)
{
    g_autoptr(GPtrArray) got = NULL;
    gint64 t;

    (void) drain_events(port, 300, NULL);
    based_stop();
    t = wait_event(port, "CLUSTER_STATE ", SILENCE_MS + PROBE_MS + 8000);
    ok(t >= 0 && t <= SILENCE_MS + PROBE_MS + SLACK_MS,
       "b: CLUSTER_STATE %" G_GINT64_FORMAT " ms after SIGSTOP (bound %d + "
       "%d ms)", t, SILENCE_MS, PROBE_MS);
    got = drain_events(port, SILENCE_MS + PROBE_MS, NULL);
    print_events(got);
    ok(got->len == 0, "b: nothing more while based stays stopped (%u)",
       got->len);
    based_cont();
    t = wait_event(port, "CLUSTER_RECONNECT ", 5000);
    ok(t >= 0, "b: CLUSTER_RECONNECT %" G_GINT64_FORMAT " ms after SIGCONT",
       t);
    (void) drain_events(port, 500, NULL);
    set_prop("after-cont");
    t = wait_event(port, "CLUSTER_PROPERTY ", 5000);
    ok(t >= 0, "b: a change made after SIGCONT arrives (%" G_GINT64_FORMAT
       " ms)", t);
}

/* ---- b2: CloseCluster while based is stopped ---- */
static void
case_close_while_stopped(void)
{
    HCLUSTER c = OpenClusterA(NULL);
    HCHANGE port;
    gint64 t0;
    gint64 t;

    ok(c != NULL, "b2: OpenCluster");
    if (c == NULL) {
        return;
    }
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                   OBJECT_EVENTS, 1);
    (void) drain_events(port, 300, NULL);
    based_stop();
    t = wait_event(port, "CLUSTER_STATE ", SILENCE_MS + PROBE_MS + 8000);
    ok(t >= 0 && t <= SILENCE_MS + PROBE_MS + SLACK_MS,
       "b2: CLUSTER_STATE %" G_GINT64_FORMAT " ms after SIGSTOP", t);
    t0 = now_ms();
    ok(CloseClusterNotifyPort(port) && CloseCluster(c),
       "b2: CloseClusterNotifyPort, CloseCluster");
    t = now_ms() - t0;
    ok(t <= SLACK_MS, "b2: ... in %" G_GINT64_FORMAT " ms, based stopped",
       t);
    based_cont();
}

/* ---- c: OpenCluster while based is stopped ---- */
static void
case_open(const char *self)
{
    HCLUSTER c;
    HCHANGE port;
    DWORD err;
    gint64 t0;
    gint64 t;
    int status = -1;
    g_autofree char *out = NULL;
    g_autofree char *cli = NULL;
    g_autofree char *cli_err = NULL;
    g_autoptr(GError) error = NULL;
    const char *argv[] = { self, "open-and-exit", NULL };

    based_stop();
    t0 = now_ms();
    c = OpenClusterA(NULL);
    err = GetLastError();
    t = now_ms() - t0;
    ok(c == NULL && err == RPC_S_CALL_FAILED,
       "c: OpenCluster fails with RPC_S_CALL_FAILED (%p, %u)", (void *) c,
       err);
    ok(t >= OPEN_MS && t <= OPEN_MS + SLACK_MS,
       "c: ... after %" G_GINT64_FORMAT " ms (bound %d ms)", t, OPEN_MS);
    ok(!CloseCluster(c) && GetLastError() == ERROR_INVALID_HANDLE,
       "c: CloseCluster(NULL) after it: ERROR_INVALID_HANDLE");

    t0 = now_ms();
    c = OpenClusterA(NULL);
    err = GetLastError();
    t = now_ms() - t0;
    ok(c == NULL && err == RPC_S_CALL_FAILED && t <= OPEN_MS + SLACK_MS,
       "c: a second OpenCluster fails the same way in %" G_GINT64_FORMAT
       " ms", t);

    /* the command line tool says what happened (exit status 3) */
    cli = g_strdup_printf("%s/clusapi state", getenv("top_builddir"));
    t0 = now_ms();
    (void) g_spawn_command_line_sync(cli, NULL, &cli_err, &status, NULL);
    t = now_ms() - t0;
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 3 && cli_err != NULL
           && strstr(cli_err, "did not answer in time") != NULL
           && t <= OPEN_MS + 2 * SLACK_MS,
       "c: clusapi state exits with 3 in %" G_GINT64_FORMAT " ms (%d: %s)",
       t, status, cli_err != NULL ? g_strstrip(cli_err) : "");

    /* another process: fails in time, and exits cleanly after it */
    t0 = now_ms();
    if (!g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL,
                      NULL, &out, NULL, &status, &error)) {
        printf("# spawn: %s\n", error->message);
    }
    t = now_ms() - t0;
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0 && out != NULL
           && strstr(out, "OpenCluster: 1726") != NULL,
       "c: a process whose OpenCluster failed exits with status 0 (%d: %s)",
       status, out != NULL ? g_strstrip(out) : "");
    ok(t <= OPEN_MS + 2 * SLACK_MS,
       "c: ... %" G_GINT64_FORMAT " ms after it started", t);

    based_cont();
    setenv("CLUSAPI_OPEN_TIMEOUT_MS", "10000", 1);
    c = OpenClusterA(NULL);
    ok(c != NULL, "c: OpenCluster once based runs again (%u)",
       c == NULL ? GetLastError() : 0);
    if (c == NULL) {
        return;
    }
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, c,
                                   OBJECT_EVENTS, 1);
    ok(port != NULL, "c: CreateClusterNotifyPort(ALL)");
    (void) drain_events(port, 500, NULL);
    set_prop("after-open");
    t = wait_event(port, "CLUSTER_PROPERTY ", 5000);
    ok(t >= 0, "c: its events flow (%" G_GINT64_FORMAT " ms)", t);
    ok(CloseClusterNotifyPort(port), "c: CloseClusterNotifyPort");
    ok(CloseCluster(c), "c: CloseCluster");
}

int
main(int argc, char **argv)
{
    g_autofree char *pid_text = NULL;
    g_autofree char *ms = NULL;
    HCLUSTER cluster;
    HCHANGE port;

    if (argc == 2 && strcmp(argv[1], "open-and-exit") == 0) {
        HCLUSTER c = OpenClusterA(NULL);

        printf("OpenCluster: %u\n", c == NULL ? GetLastError() : 0);
        return 0; /* a worker stuck in Pacemaker's IPC must not hold this */
    }
    printf("TAP version 13\n");
    if (!g_spawn_command_line_sync("pgrep -x pacemaker-based", &pid_text,
                                   NULL, NULL, NULL)
        || (based_pid = (pid_t) strtol(pid_text, NULL, 10)) <= 0) {
        printf("Bail out! no pacemaker-based in this node\n");
        return 1;
    }
    probes_path = g_strdup_printf("/tmp/clusapi-hang-probes.%d",
                                  (int) getpid());
    atexit(based_cont_at_exit);
    (void) g_thread_new("watchdog", watchdog, NULL);
    ms = g_strdup_printf("%d", SILENCE_MS);
    setenv("CLUSAPI_CIB_PROBE_SILENCE_MS", ms, 1);
    g_free(ms);
    ms = g_strdup_printf("%d", PROBE_MS);
    setenv("CLUSAPI_CIB_PROBE_TIMEOUT_MS", ms, 1);
    g_free(ms);
    ms = g_strdup_printf("%d", OPEN_MS);
    setenv("CLUSAPI_OPEN_TIMEOUT_MS", ms, 1);
    setenv("CLUSAPI_TEST_PROBES", probes_path, 1);
    settle();

    if (!open_live(&cluster, &port)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    (void) drain_events(port, 1000, NULL);
    case_healthy(port);
    case_connected(port);
    ok(CloseClusterNotifyPort(port), "CloseClusterNotifyPort");
    ok(CloseCluster(cluster), "CloseCluster");
    case_close_while_stopped();
    case_open(argv[0]);
    sh("crm_attribute -t crm_config -n " PROP " -D >/dev/null 2>&1");
    printf("1..%d\n", test_no);
    return failures == 0 ? 0 : 1;
}

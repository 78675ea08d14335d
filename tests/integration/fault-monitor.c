/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fault-monitor.c - the application of the fault tests
 * (tests/integration/test-faults.sh): runs inside one sandbox node as a
 * monitoring program would, through the public API only, and prints what
 * it sees, while the harness on the host breaks the cluster.
 *
 * Usage: fault-monitor FIFO
 * Output (stdout, line-buffered):
 *   EV <realtime ms> <EVENT> <name> [<state>]  every event, as it arrives
 *                                  (with the object's state read then, for
 *                                  *_STATE events)
 *   KEY2 <realtime ms> <EVENT> <name>  an event of the one per-object
 *                                  registration: NETINTERFACE_STATE of
 *                                  "node2 - link1", notify key 2
 *   READY                          the cluster is open and the port set up
 *   DONE <tag>                     a command is finished
 *   TAP lines ("ok N - ...", "not ok N - ...") from the checks
 * Commands, one per line on FIFO:
 *   mark <tag>     prints "MARK <realtime ms> <tag>"
 *   check <step>   waits (up to 60 s) until this process's states of every
 *                  node and resource equal crm_mon's on this node, then
 *                  prints one TAP line
 *   quorum <tag>   prints "QUORUM <0|1>"
 *   net <tag>      prints "NET <name> <state>" for every network and
 *                  interface
 *   quit           exits
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

static HCLUSTER cluster;
static HCHANGE port;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void G_GNUC_PRINTF(1, 2)
out(const char *fmt, ...)
{
    va_list ap;

    pthread_mutex_lock(&out_lock);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

static const char *
network_state_name(CLUSTER_NETWORK_STATE s)
{
    switch (s) {
        case ClusterNetworkUnavailable: return "Unavailable";
        case ClusterNetworkDown: return "Down";
        case ClusterNetworkPartitioned: return "Partitioned";
        case ClusterNetworkUp: return "Up";
        default: return "Unknown";
    }
}

static const char *
netif_state_name(CLUSTER_NETINTERFACE_STATE s)
{
    switch (s) {
        case ClusterNetInterfaceUnavailable: return "Unavailable";
        case ClusterNetInterfaceFailed: return "Failed";
        case ClusterNetInterfaceUnreachable: return "Unreachable";
        case ClusterNetInterfaceUp: return "Up";
        default: return "Unknown";
    }
}

/* The state of the object of a *_STATE event, read now. */
static const char *
state_of(DWORD type, const char *name)
{
    static const char *const node_names[] = { "Up", "Down", "Paused",
                                              "Joining" };
    const char *r = "";

    if (type == CLUSTER_CHANGE_NODE_STATE) {
        HNODE h = OpenClusterNodeA(cluster, name);
        int s = h != NULL ? (int) GetClusterNodeState(h) : -1;

        r = s >= 0 && s <= 3 ? node_names[s] : "Unknown";
        CloseClusterNode(h);
    } else if (type == CLUSTER_CHANGE_NETWORK_STATE) {
        HNETWORK h = OpenClusterNetworkA(cluster, name);

        r = network_state_name(h != NULL ? GetClusterNetworkState(h)
                                         : ClusterNetworkStateUnknown);
        CloseClusterNetwork(h);
    } else if (type == CLUSTER_CHANGE_NETINTERFACE_STATE) {
        HNETINTERFACE h = OpenClusterNetInterfaceA(cluster, name);

        r = netif_state_name(h != NULL ? GetClusterNetInterfaceState(h)
                                       : ClusterNetInterfaceStateUnknown);
        CloseClusterNetInterface(h);
    }
    return r;
}

static void *
reader(void *arg)
{
    (void) arg;
    for (;;) {
        char name[512];
        DWORD len = sizeof(name), type = 0;
        DWORD_PTR key = 0;
        DWORD rc = GetClusterNotifyA(port, &key, &type, name, &len, INFINITE);

        if (rc != ERROR_SUCCESS) {
            out("EV %lld ERROR %u\n", now_ms(), rc);
            return NULL;
        }
        if (key == 2) {
            /* the per-object registration (main) */
            out("KEY2 %lld %s %s\n", now_ms(), clusapi_change_name(type),
                name);
            continue;
        }
        out("EV %lld %s %s %s\n", now_ms(), clusapi_change_name(type), name,
            state_of(type, name));
    }
}

/* Every node and resource as crm_mon sees it, within timeout_ms. */
static void
check(const char *step)
{
    gint64 end = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    g_autofree char *theirs = NULL;
    g_autofree char *mine = NULL;

    for (;;) {
        bool same;

        g_free(theirs);
        g_free(mine);
        theirs = crm_mon_states();
        mine = api_states(cluster);
        same = states_equal(theirs, mine);
        if (same || g_get_monotonic_time() > end) {
            pthread_mutex_lock(&out_lock);
            ok(same, "%s: the application's states equal crm_mon's", step);
            if (!same) {
                printf("# crm_mon:\n# %s\n# clusapi:\n# %s\n",
                       theirs != NULL ? theirs : "(crm_mon failed)",
                       mine != NULL ? mine : "(failed)");
            }
            fflush(stdout);
            pthread_mutex_unlock(&out_lock);
            return;
        }
        g_usleep(500 * 1000);
    }
}

static void
print_nets(void)
{
    HCLUSENUM e = ClusterOpenEnum(cluster, CLUSTER_ENUM_NETWORK
                                               | CLUSTER_ENUM_NETINTERFACE);

    for (DWORD i = 0; e != NULL; i++) {
        char name[256];
        DWORD type = 0, len = sizeof(name);

        if (ClusterEnumA(e, i, &type, name, &len) != ERROR_SUCCESS) {
            break;
        }
        if (type == CLUSTER_ENUM_NETWORK) {
            HNETWORK h = OpenClusterNetworkA(cluster, name);

            out("NET %s %s\n", name,
                network_state_name(GetClusterNetworkState(h)));
            CloseClusterNetwork(h);
        } else {
            HNETINTERFACE h = OpenClusterNetInterfaceA(cluster, name);

            out("NET %s %s\n", name,
                netif_state_name(GetClusterNetInterfaceState(h)));
            CloseClusterNetInterface(h);
        }
    }
    (void) ClusterCloseEnum(e);
}

int
main(int argc, char **argv)
{
    pthread_t th;
    FILE *cmds;
    char line[512];
    int fd;

    if (argc != 2) {
        fprintf(stderr, "usage: fault-monitor FIFO\n");
        return 2;
    }
    /* read-write: no EOF when a writer closes it */
    fd = open(argv[1], O_RDWR);
    if (fd < 0 || (cmds = fdopen(fd, "r")) == NULL) {
        fprintf(stderr, "fault-monitor: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    for (int i = 0; (cluster = OpenCluster(NULL)) == NULL; i++) {
        if (i == 60) {
            fprintf(stderr, "fault-monitor: OpenCluster: error %u\n",
                    GetLastError());
            return 1;
        }
        sleep(1);
    }
    port = CreateClusterNotifyPort(INVALID_HANDLE_VALUE, cluster,
                                   OBJECT_EVENTS, 1);
    if (port == NULL) {
        fprintf(stderr, "fault-monitor: CreateClusterNotifyPort: error %u\n",
                GetLastError());
        return 1;
    }
    /* one object registered on its own, key 2: node2's interface on link
     * 1 (test-faults.sh takes that link down) */
    {
        HNETINTERFACE h = OpenClusterNetInterfaceA(cluster, "node2 - link1");

        if (h != NULL) {
            (void) RegisterClusterNotify(port,
                                         CLUSTER_CHANGE_NETINTERFACE_STATE, h,
                                         2);
        }
    }
    pthread_create(&th, NULL, reader, NULL);
    out("READY\n");
    while (fgets(line, sizeof(line), cmds) != NULL) {
        char *arg;

        g_strchomp(line);
        arg = strchr(line, ' ');
        arg = arg != NULL ? arg + 1 : line + strlen(line);
        if (g_str_has_prefix(line, "mark ")) {
            out("MARK %lld %s\n", now_ms(), arg);
        } else if (g_str_has_prefix(line, "check ")) {
            check(arg);
        } else if (g_str_has_prefix(line, "quorum ")) {
            DWORD q = 2;
            DWORD rc = clusapi_cluster_quorum(cluster, &q);

            out("QUORUM %u rc=%u\n", q, rc);
        } else if (g_str_has_prefix(line, "net ")) {
            print_nets();
        } else if (strcmp(line, "quit") == 0) {
            out("DONE quit\n");
            return failures > 0;
        }
        out("DONE %s\n", arg);
    }
    return 0;
}

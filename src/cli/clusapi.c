/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * clusapi - command-line front end of libclusapi for people and scripts.
 *   clusapi watch [--json] [--filter NAME,...] [--count N] [--timeout SECONDS]
 *                 [--state]
 *   clusapi state [--json]
 *   clusapi list nodes|groups|resources|types|networks|netinterfaces [--json]
 *   clusapi info [--json]
 * Uses only the public API (clusapi.h), through the A (UTF-8) functions.
 *
 * Exit codes: 0 success; 1 other error; 2 usage error or bad filter;
 * 3 no cluster is running (or reachable); 4 --timeout expired before
 * --count events arrived.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <glib.h>

#include "clusapi.h"

enum {
    EXIT_OK = 0,
    EXIT_ERROR = 1,
    EXIT_USAGE = 2,
    EXIT_NO_CLUSTER = 3,
    EXIT_TIMEOUT = 4,
};

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
    stop = 1;
}

static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: clusapi watch [--json] [--filter NAME,...] [--count N] "
            "[--timeout SECONDS] [--state]\n"
            "       clusapi state [--json]\n"
            "       clusapi list "
            "nodes|groups|resources|types|networks|netinterfaces [--json]\n"
            "       clusapi info [--json]\n"
            "\n"
            "watch   print cluster events as they happen, one per line\n"
            "        (time, event, object name, notify key); --state adds, for\n"
            "        *_STATE events, the state read when the line is printed\n"
            "state   print the nodes, groups, resources, networks and\n"
            "        network interfaces with their states, and the quorum\n"
            "list    print the names of one kind of object, one per line "
            "(types:\n"
            "        the resource agents in use); --json: an array of objects "
            "with\n"
            "        the name and, for all but types, the state\n"
            "        (owner node for groups; owner and group for resources)\n"
            "info    print the cluster's name, Pacemaker version and quorum\n"
            "\n"
            "Filter names are CLUSTER_CHANGE_* names with or without the "
            "prefix,\n"
            "e.g. NODE_STATE,RESOURCE_STATE; ALL is the default.\n"
            "The CIB is reached as Pacemaker's tools reach it (CIB_file, "
            "CIB_port, ...).\n"
            "Exit codes: 0 ok, 1 error, 2 usage or bad filter, 3 no cluster, "
            "4 timeout.\n");
}

/* Print s as a JSON string. */
static void
json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            default:
                if (*p < 0x20) {
                    fprintf(out, "\\u%04x", *p);
                } else {
                    fputc(*p, out);
                }
        }
    }
    fputc('"', out);
}

static int
open_cluster(HCLUSTER *ret)
{
    HCLUSTER h = OpenClusterA(NULL);

    if (h == NULL) {
        DWORD err = GetLastError();

        if (err == RPC_S_SERVER_UNAVAILABLE) {
            fprintf(stderr,
                    "clusapi: no cluster is running here: no Pacemaker CIB "
                    "manager answered (error %u).\n"
                    "Start Corosync and Pacemaker, or a throw-away sandbox "
                    "cluster with:\n"
                    "    tests/sandbox/sandbox.sh up\n"
                    "or read a saved CIB with CIB_file=/path/to/cib.xml.\n",
                    err);
            return EXIT_NO_CLUSTER;
        }
        fprintf(stderr, "clusapi: cannot open the cluster (error %u)\n", err);
        return EXIT_ERROR;
    }
    *ret = h;
    return EXIT_OK;
}

/* The names of the states 0, 1, ... of the enums whose values run on
 * from 0 (each *StateUnknown is -1). */
static const char *const node_states[] = { "Up", "Down", "Paused", "Joining" };
static const char *const group_states[] = { "Online", "Offline", "Failed",
                                            "PartialOnline", "Pending" };
static const char *const network_states[] = { "Unavailable", "Down",
                                              "Partitioned", "Up" };
static const char *const netinterface_states[] = { "Unavailable", "Failed",
                                                   "Unreachable", "Up" };

static const char *
state_name(int s, const char *const *names, size_t n)
{
    return (s >= 0 && (size_t) s < n) ? names[s] : "Unknown";
}

#define STATE_NAME(s, names) state_name((int) (s), names, G_N_ELEMENTS(names))

static const char *
resource_state_name(CLUSTER_RESOURCE_STATE s)
{
    switch (s) {
        case ClusterResourceOnline: return "Online";
        case ClusterResourceOffline: return "Offline";
        case ClusterResourceFailed: return "Failed";
        case ClusterResourceOnlinePending: return "OnlinePending";
        case ClusterResourceOfflinePending: return "OfflinePending";
        case ClusterResourcePending: return "Pending";
        case ClusterResourceInitializing: return "Initializing";
        default: return "Unknown";
    }
}

/* The kinds of object, as `list` names them and `state` heads them. */
static const struct {
    const char *word;
    DWORD type; /* CLUSTER_ENUM_* */
} kinds[] = { { "nodes", CLUSTER_ENUM_NODE },
              { "groups", CLUSTER_ENUM_GROUP },
              { "resources", CLUSTER_ENUM_RESOURCE },
              { "types", CLUSTER_ENUM_RESTYPE },
              { "networks", CLUSTER_ENUM_NETWORK },
              { "netinterfaces", CLUSTER_ENUM_NETINTERFACE } };

static const char *
kind_word(DWORD type)
{
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (kinds[i].type == type) {
            return kinds[i].word;
        }
    }
    return "?";
}

/* The state of an object of a CLUSTER_ENUM kind, read now, with its owner
 * node (groups and resources) and group (resources); "" when there is
 * none.  NULL for resource types, which have no state. */
static const char *
object_state(HCLUSTER cluster, DWORD type, const char *name, char *owner,
             DWORD olen, char *group, DWORD glen)
{
    const char *state = NULL;

    owner[0] = '\0';
    group[0] = '\0';
    if (type == CLUSTER_ENUM_NODE) {
        HNODE h = OpenClusterNodeA(cluster, name);
        state = STATE_NAME(GetClusterNodeState(h), node_states);
        CloseClusterNode(h);
    } else if (type == CLUSTER_ENUM_GROUP) {
        HGROUP h = OpenClusterGroupA(cluster, name);
        state = STATE_NAME(GetClusterGroupStateA(h, owner, &olen),
                           group_states);
        CloseClusterGroup(h);
    } else if (type == CLUSTER_ENUM_RESOURCE) {
        HRESOURCE h = OpenClusterResourceA(cluster, name);
        state = resource_state_name(
            GetClusterResourceStateA(h, owner, &olen, group, &glen));
        CloseClusterResource(h);
    } else if (type == CLUSTER_ENUM_NETWORK) {
        HNETWORK h = OpenClusterNetworkA(cluster, name);
        state = STATE_NAME(GetClusterNetworkState(h), network_states);
        CloseClusterNetwork(h);
    } else if (type == CLUSTER_ENUM_NETINTERFACE) {
        HNETINTERFACE h = OpenClusterNetInterfaceA(cluster, name);
        state = STATE_NAME(GetClusterNetInterfaceState(h),
                           netinterface_states);
        CloseClusterNetInterface(h);
    }
    return state;
}

/* Whether the cluster has quorum; EXIT_ERROR (with a message) if that
 * cannot be read. */
static int
read_quorum(HCLUSTER cluster, bool *ret_quorate)
{
    DWORD q = 0;
    DWORD err = clusapi_cluster_quorum(cluster, &q);

    if (err != ERROR_SUCCESS) {
        fprintf(stderr, "clusapi: cannot read the quorum (error %u)\n", err);
        return EXIT_ERROR;
    }
    *ret_quorate = q != 0;
    return EXIT_OK;
}

static DWORD
parse_filter(const char *text)
{
    DWORD filter = 0;
    g_auto(GStrv) names = g_strsplit(text, ",", -1);

    for (char **n = names; *n != NULL; n++) {
        DWORD bit = 0;
        g_strstrip(*n);
        if (**n == '\0') {
            continue;
        }
        if (g_ascii_strcasecmp(*n, "ALL") == 0) {
            bit = CLUSTER_CHANGE_ALL;
        } else {
            for (int i = 0; i < 32; i++) {
                const char *name = clusapi_change_name(1u << i);
                const char *q = *n;
                if (g_ascii_strncasecmp(q, "CLUSTER_CHANGE_", 15) == 0) {
                    q += 15;
                }
                if (name != NULL && g_ascii_strcasecmp(name, q) == 0) {
                    bit = 1u << i;
                    break;
                }
            }
        }
        if (bit == 0) {
            fprintf(stderr, "clusapi: unknown event name '%s' in --filter\n",
                    *n);
            return 0;
        }
        filter |= bit;
    }
    return filter;
}

/* The CLUSTER_ENUM kind of the object a *_STATE event names; 0 for other
 * events. */
static DWORD
state_event_kind(DWORD change)
{
    switch (change) {
        case CLUSTER_CHANGE_NODE_STATE: return CLUSTER_ENUM_NODE;
        case CLUSTER_CHANGE_GROUP_STATE: return CLUSTER_ENUM_GROUP;
        case CLUSTER_CHANGE_RESOURCE_STATE: return CLUSTER_ENUM_RESOURCE;
        case CLUSTER_CHANGE_NETWORK_STATE: return CLUSTER_ENUM_NETWORK;
        case CLUSTER_CHANGE_NETINTERFACE_STATE:
            return CLUSTER_ENUM_NETINTERFACE;
        default: return 0;
    }
}

static void
print_event(bool json, DWORD type, const char *name, DWORD_PTR key,
            HCLUSTER cluster)
{
    char owner[256], group[256];
    DWORD kind = cluster != NULL ? state_event_kind(type) : 0;
    /* the state read now: it may already be newer than the event, as on
     * Windows */
    const char *state = kind != 0 ? object_state(cluster, kind, name, owner,
                                                 sizeof(owner), group,
                                                 sizeof(group))
                                  : NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S.%fZ");
    const char *event = clusapi_change_name(type);

    if (event == NULL) {
        event = "UNKNOWN";
    }
    if (json) {
        printf("{\"time\":\"%s\",\"event\":\"%s\",\"name\":", stamp, event);
        json_str(stdout, name);
        printf(",\"key\":%lu", (unsigned long) key);
        if (state != NULL) {
            printf(",\"state\":\"%s\",\"node\":", state);
            json_str(stdout, owner);
        }
        printf("}\n");
    } else if (state != NULL) {
        printf("%s %s %s %lu %s%s%s\n", stamp, event, name[0] ? name : "-",
               (unsigned long) key, state, owner[0] ? " on " : "", owner);
    } else {
        printf("%s %s %s %lu\n", stamp, event, name[0] ? name : "-",
               (unsigned long) key);
    }
    fflush(stdout);
}

static int
cmd_watch(int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' },
        { "filter", required_argument, NULL, 'f' },
        { "count", required_argument, NULL, 'c' },
        { "timeout", required_argument, NULL, 't' },
        { "state", no_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bool json = false;
    bool show_state = false;
    DWORD filter = CLUSTER_CHANGE_ALL;
    long count = -1;
    double timeout = -1;
    HCLUSTER cluster = NULL;
    HCHANGE port;
    gint64 deadline;
    char *buf;
    DWORD cap = 256;
    long seen = 0;
    int rc = EXIT_OK;
    int c;

    while ((c = getopt_long(argc, argv, "jf:c:t:sh", opts, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
            case 'j': json = true; break;
            case 's': show_state = true; break;
            case 'f':
                filter = parse_filter(optarg);
                if (filter == 0) {
                    return EXIT_USAGE;
                }
                break;
            case 'c':
                count = strtol(optarg, &end, 10);
                if (*optarg == '\0' || *end != '\0' || count <= 0) {
                    fprintf(stderr, "clusapi: --count needs a positive "
                                    "number\n");
                    return EXIT_USAGE;
                }
                break;
            case 't':
                timeout = strtod(optarg, &end);
                if (*optarg == '\0' || *end != '\0' || timeout < 0) {
                    fprintf(stderr, "clusapi: --timeout needs a number of "
                                    "seconds\n");
                    return EXIT_USAGE;
                }
                break;
            case 'h': usage(stdout); return EXIT_OK;
            default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                   filter, 1);
    if (port == NULL) {
        fprintf(stderr, "clusapi: cannot create a notification port (error "
                        "%u)\n",
                GetLastError());
        CloseCluster(cluster);
        return EXIT_ERROR;
    }
    /* ready: scripts may wait for this line on stderr before changing the
     * cluster */
    fprintf(stderr, "clusapi: watching\n");
    deadline = timeout >= 0 ? g_get_monotonic_time()
                                  + (gint64) (timeout * G_USEC_PER_SEC)
                            : G_MAXINT64;
    buf = g_malloc(cap);
    while (!stop && (count < 0 || seen < count)) {
        DWORD_PTR key = 0;
        DWORD type = 0;
        DWORD len = cap;
        gint64 now = g_get_monotonic_time();
        DWORD wait_ms;
        DWORD err;

        if (now >= deadline) {
            rc = EXIT_TIMEOUT;
            break;
        }
        wait_ms = (DWORD) MIN((deadline - now + 999) / 1000, 200);
        err = GetClusterNotifyA(port, &key, &type, buf, &len, wait_ms);
        if (err == WAIT_TIMEOUT) {
            continue;
        }
        if (err == ERROR_MORE_DATA) {
            cap = len + 1;
            buf = g_realloc(buf, cap);
            continue;
        }
        if (err != ERROR_SUCCESS) {
            fprintf(stderr, "clusapi: GetClusterNotify failed (error %u)\n",
                    err);
            rc = EXIT_ERROR;
            break;
        }
        print_event(json, type, buf, key, show_state ? cluster : NULL);
        seen++;
    }
    g_free(buf);
    CloseClusterNotifyPort(port);
    CloseCluster(cluster);
    return rc;
}

typedef struct item {
    DWORD type;
    char *name;
} item_t;

static void
item_clear(gpointer p)
{
    g_free(((item_t *) p)->name);
}

/* The objects of the given CLUSTER_ENUM kinds, in the API's order; NULL
 * (with a message) if the enumeration fails. */
static GArray *
enumerate(HCLUSTER cluster, DWORD types)
{
    GArray *items = g_array_new(FALSE, FALSE, sizeof(item_t));
    HCLUSENUM e = ClusterOpenEnum(cluster, types);
    DWORD n = e != NULL ? ClusterGetEnumCount(e) : 0;
    DWORD fail = e == NULL ? GetLastError() : ERROR_SUCCESS;

    g_array_set_clear_func(items, item_clear);
    for (DWORD i = 0; i < n; i++) {
        DWORD cap = 64;
        item_t it = { 0, g_malloc(cap) };
        DWORD len = cap;
        DWORD err;

        while ((err = ClusterEnumA(e, i, &it.type, it.name, &len))
               == ERROR_MORE_DATA) {
            cap = len + 1;
            len = cap;
            it.name = g_realloc(it.name, cap);
        }
        if (err != ERROR_SUCCESS) {
            g_free(it.name);
            fail = err;
            break;
        }
        g_array_append_val(items, it);
    }
    if (e != NULL) {
        ClusterCloseEnum(e);
    }
    if (fail != ERROR_SUCCESS) {
        fprintf(stderr, "clusapi: cannot enumerate the cluster (error %u)\n",
                fail);
        g_array_unref(items);
        return NULL;
    }
    return items;
}

/* One object as JSON: name, and state, owner, group where they apply. */
static void
print_json_item(const item_t *it, const char *state, const char *owner,
                const char *group)
{
    printf("{\"name\":");
    json_str(stdout, it->name);
    if (state != NULL) {
        printf(",\"state\":\"%s\"", state);
    }
    if (it->type == CLUSTER_ENUM_GROUP || it->type == CLUSTER_ENUM_RESOURCE) {
        printf(",\"owner\":");
        json_str(stdout, owner);
    }
    if (it->type == CLUSTER_ENUM_RESOURCE) {
        printf(",\"group\":");
        json_str(stdout, group);
    }
    printf("}");
}

static int
cmd_state(int argc, char **argv)
{
    bool json = argc > 1 && strcmp(argv[1], "--json") == 0;
    HCLUSTER cluster = NULL;
    GArray *items;
    int rc;
    const char *sep = "";
    DWORD section = 0;
    bool quorate = false;

    if (argc > 2 || (argc == 2 && !json)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    items = enumerate(cluster, CLUSTER_ENUM_NODE | CLUSTER_ENUM_GROUP
                                   | CLUSTER_ENUM_RESOURCE
                                   | CLUSTER_ENUM_NETWORK
                                   | CLUSTER_ENUM_NETINTERFACE);
    if (items == NULL || read_quorum(cluster, &quorate) != EXIT_OK) {
        if (items != NULL) {
            g_array_unref(items);
        }
        CloseCluster(cluster);
        return EXIT_ERROR;
    }
    if (json) {
        printf("{");
    }
    for (guint i = 0; i < items->len; i++) {
        item_t *it = &g_array_index(items, item_t, i);
        char owner[256], group[256];
        const char *state = object_state(cluster, it->type, it->name, owner,
                                         sizeof(owner), group, sizeof(group));
        const char *kind = kind_word(it->type);

        if (it->type != section) {
            if (json) {
                printf("%s\"%s\":[", section != 0 ? "]," : "", kind);
            } else {
                printf("%s%s:\n", section != 0 ? "\n" : "", kind);
            }
            section = it->type;
            sep = "";
        }
        if (json) {
            printf("%s", sep);
            print_json_item(it, state, owner, group);
            sep = ",";
        } else {
            printf("  %-24s %-14s %s%s%s\n", it->name, state, owner,
                   group[0] ? "  group " : "", group);
        }
    }
    if (json) {
        printf("%s\"quorate\":%s}\n", section != 0 ? "]," : "",
               quorate ? "true" : "false");
    } else {
        printf("%squorum: %s\n", section != 0 ? "\n" : "",
               quorate ? "yes" : "no");
    }
    g_array_unref(items);
    CloseCluster(cluster);
    return EXIT_OK;
}

/* Options of list and info: --json, --help; *ret_word gets the one word
 * allowed (NULL if none), or a second word is a usage error.  Returns -1 to
 * go on, else the exit code. */
static int
parse_simple(int argc, char **argv, bool want_word, bool *json,
             const char **ret_word)
{
    *json = false;
    *ret_word = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            *json = true;
        } else if (strcmp(argv[i], "--help") == 0
                   || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (argv[i][0] == '-' || !want_word || *ret_word != NULL) {
            usage(stderr);
            return EXIT_USAGE;
        } else {
            *ret_word = argv[i];
        }
    }
    return -1;
}

static int
cmd_list(int argc, char **argv)
{
    const char *word;
    HCLUSTER cluster = NULL;
    GArray *items;
    DWORD type = 0;
    bool json;
    int rc = parse_simple(argc, argv, true, &json, &word);

    if (rc >= 0) {
        return rc;
    }
    for (size_t i = 0; word != NULL && i < G_N_ELEMENTS(kinds); i++) {
        if (strcmp(word, kinds[i].word) == 0) {
            type = kinds[i].type;
        }
    }
    if (type == 0) {
        if (word != NULL) {
            fprintf(stderr, "clusapi: cannot list '%s'\n", word);
        }
        fprintf(stderr, "clusapi: list nodes, groups, resources, types, "
                        "networks or netinterfaces\n");
        return EXIT_USAGE;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    items = enumerate(cluster, type);
    if (items == NULL) {
        CloseCluster(cluster);
        return EXIT_ERROR;
    }
    if (json) {
        printf("[");
    }
    for (guint i = 0; i < items->len; i++) {
        const item_t *it = &g_array_index(items, item_t, i);

        if (json) {
            char owner[256], group[256];
            const char *state = object_state(cluster, it->type, it->name,
                                             owner, sizeof(owner), group,
                                             sizeof(group));
            printf("%s", i > 0 ? "," : "");
            print_json_item(it, state, owner, group);
        } else {
            printf("%s\n", it->name);
        }
    }
    if (json) {
        printf("]\n");
    }
    g_array_unref(items);
    CloseCluster(cluster);
    return EXIT_OK;
}

static int
cmd_info(int argc, char **argv)
{
    const char *word;
    HCLUSTER cluster = NULL;
    CLUSTERVERSIONINFOA vi = { .dwVersionInfoSize = sizeof(vi) };
    DWORD cap = 64;
    DWORD len = cap;
    char *name = g_malloc(cap);
    DWORD err;
    bool json;
    bool quorate = false;
    int rc = parse_simple(argc, argv, false, &json, &word);

    if (rc >= 0) {
        g_free(name);
        return rc;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        g_free(name);
        return rc;
    }
    while ((err = GetClusterInformationA(cluster, name, &len, &vi))
           == ERROR_MORE_DATA) {
        cap = len + 1;
        len = cap;
        name = g_realloc(name, cap);
    }
    if (err != ERROR_SUCCESS) {
        fprintf(stderr, "clusapi: GetClusterInformation failed (error %u)\n",
                err);
    }
    rc = err == ERROR_SUCCESS ? read_quorum(cluster, &quorate) : EXIT_ERROR;
    CloseCluster(cluster);
    if (rc != EXIT_OK) {
        g_free(name);
        return rc;
    }
    if (json) {
        printf("{\"name\":");
        json_str(stdout, name);
        printf(",\"vendor\":");
        json_str(stdout, vi.szVendorId);
        printf(",\"version\":");
        json_str(stdout, vi.szCSDVersion);
        printf(",\"major\":%u,\"minor\":%u,\"build\":%u,\"quorate\":%s}\n",
               vi.MajorVersion, vi.MinorVersion, vi.BuildNumber,
               quorate ? "true" : "false");
    } else {
        printf("name: %s\nversion: %s %s\nquorum: %s\n", name, vi.szVendorId,
               vi.szCSDVersion[0] ? vi.szCSDVersion
                                  : "(unknown: no DC elected yet)",
               quorate ? "yes" : "no");
    }
    g_free(name);
    return EXIT_OK;
}

int
main(int argc, char **argv)
{
    struct sigaction sa = { 0 };

    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "watch") == 0) {
        return cmd_watch(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "state") == 0) {
        return cmd_state(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "list") == 0) {
        return cmd_list(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "info") == 0) {
        return cmd_info(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    usage(stderr);
    return EXIT_USAGE;
}

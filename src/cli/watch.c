/* SPDX-License-Identifier: LGPL-2.1-or-later *
 * Uses the public API (clusapi.h) and cli.h only, like every command.
 */
/*
 * watch.c - `clusapi watch`: the events as they happen, as text or JSON
 * Lines, with the state read when each line is printed.
 */
#define _GNU_SOURCE /* ppoll */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "clusapi.h"
#include "cli/cli.h"

/* --- watch ---------------------------------------------------------- */

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

/* One event, as a line of text or of JSON. */
static void
format_event(GString *out, bool json, DWORD type, const char *name,
             DWORD_PTR key, HCLUSTER cluster)
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
        g_string_append_printf(out, "{\"time\":\"%s\",\"event\":\"%s\","
                                    "\"name\":",
                               stamp, event);
        json_str(out, name);
        g_string_append_printf(out, ",\"key\":%lu", (unsigned long) key);
        if (state != NULL) {
            g_string_append_printf(out, ",\"state\":\"%s\",\"owner\":",
                                   state);
            json_str(out, owner);
        }
        g_string_append(out, "}\n");
    } else {
        g_string_append_printf(out, "%s %s %s %lu", stamp, event,
                               name[0] ? name : "-", (unsigned long) key);
        if (state != NULL) {
            g_string_append_printf(out, " %s%s%s", state,
                                   owner[0] ? " on " : "", owner);
        }
        g_string_append_c(out, '\n');
    }
}

static const char watch_summary[] =
    "Print the cluster events as they happen, one line per event: the time\n"
    "(UTC), the event, the object's name and the notify key; with --state,\n"
    "for *_STATE events, the object's state read when the line is printed.\n"
    "Ends on SIGINT or SIGTERM, after --count events, when --timeout\n"
    "expires, or when the reader of its output goes away.";

static const char watch_description[] =
    "Event names (for --filter; with or without the CLUSTER_CHANGE_ prefix,\n"
    "in any case; ALL is the default):\n"
    "  NODE_STATE NODE_DELETED NODE_ADDED NODE_PROPERTY\n"
    "  GROUP_STATE GROUP_DELETED GROUP_ADDED GROUP_PROPERTY\n"
    "  RESOURCE_STATE RESOURCE_DELETED RESOURCE_ADDED RESOURCE_PROPERTY\n"
    "  NETWORK_STATE NETWORK_DELETED NETWORK_ADDED\n"
    "  NETINTERFACE_STATE NETINTERFACE_DELETED NETINTERFACE_ADDED\n"
    "  NETINTERFACE_PROPERTY QUORUM_STATE CLUSTER_STATE CLUSTER_PROPERTY\n"
    "  CLUSTER_RECONNECT HANDLE_CLOSE\n"
    "\n"
    "Exit codes: 0 ok (--count reached, a signal, the reader gone),\n"
    "1 error, 2 usage error or bad filter, 3 no cluster running, 4 timeout.";

int
cmd_watch(int argc, char **argv)
{
    watch_opts_t o = { .filter = CLI_DEFAULT_EVENTS, .count = -1,
                       .timeout = -1 };
    const GOptionEntry entries[] = {
        { "json", 'j', 0, G_OPTION_ARG_NONE, &o.json,
          "Print JSON Lines: one JSON object per event", NULL },
        { "filter", 'f', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_filter, "Print only the events named (default ALL)",
          "NAME,..." },
        { "count", 'c', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_count, "Exit with status 0 once N events were printed",
          "N" },
        { "timeout", 't', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_timeout,
          "Exit with status 4 after SECONDS (such as 0.5)",
          "SECONDS" },
        { "state", 's', 0, G_OPTION_ARG_NONE, &o.show_state,
          "Add the object's state to *_STATE events",
          NULL },
        HELP_ENTRY(o.help),
        { 0 },
    };
    HCLUSTER cluster = NULL;
    HCHANGE port;
    sigset_t block, unblocked;
    gint64 deadline;
    char *buf;
    DWORD cap = 256;
    long seen = 0;
    int rc = parse_options("watch", NULL, watch_summary, watch_description,
                           entries, &o, &o.help, &argc, &argv);

    if (rc < 0) {
        rc = check_words("watch", argc, argv, 0);
    }
    if (rc >= 0) {
        return rc;
    }
    /* SIGINT and SIGTERM blocked but while waiting in ppoll (and while
     * writing), so they end the wait at once and no other thread takes
     * them (the library's thread, made by OpenCluster, inherits this
     * mask): an idle watch sleeps until an event, a signal or its
     * reader's leaving, with no timer */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &unblocked);
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        pthread_sigmask(SIG_SETMASK, &unblocked, NULL);
        return rc;
    }
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                   o.filter, 1);
    if (port == NULL) {
        fprintf(stderr, "clusapi: cannot create a notification port (error "
                        "%u)\n",
                GetLastError());
        CloseCluster(cluster);
        pthread_sigmask(SIG_SETMASK, &unblocked, NULL);
        return EXIT_ERROR;
    }
    /* ready: scripts may wait for this line on stderr before changing the
     * cluster */
    fprintf(stderr, "clusapi: watching\n");
    deadline = o.timeout >= 0 ? g_get_monotonic_time()
                                    + (gint64) (o.timeout * G_USEC_PER_SEC)
                              : G_MAXINT64;
    buf = g_malloc(cap);
    while (!stop && (o.count < 0 || seen < o.count)) {
        DWORD_PTR key = 0;
        DWORD type = 0;
        DWORD len = cap;
        gint64 now = g_get_monotonic_time();
        /* the port's events, and stdout's POLLERR/POLLHUP (nobody reads
         * any more: clusapi watch | head -n 1) */
        struct pollfd fds[2] = {
            { .fd = clusapi_port_fd(port), .events = POLLIN },
            { .fd = STDOUT_FILENO, .events = 0 },
        };
        struct timespec left, *timeout = NULL;
        DWORD err;
        GString *line;
        int werr;

        if (now >= deadline) {
            rc = EXIT_TIMEOUT;
            break;
        }
        if (deadline != G_MAXINT64) {
            left.tv_sec = (time_t) ((deadline - now) / G_USEC_PER_SEC);
            left.tv_nsec = (long) ((deadline - now) % G_USEC_PER_SEC) * 1000;
            timeout = &left;
        }
        if (ppoll(fds, 2, timeout, &unblocked) < 0 && errno != EINTR) {
            fprintf(stderr, "clusapi: poll: %s\n", g_strerror(errno));
            rc = EXIT_ERROR;
            break;
        }
        if ((fds[1].revents & (POLLERR | POLLHUP)) != 0) {
            break;
        }
        if ((fds[0].revents & POLLIN) == 0) {
            continue; /* a signal (stop), the deadline, or nothing */
        }
        err = GetClusterNotifyA(port, &key, &type, buf, &len, 0);
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
        line = g_string_new(NULL);
        format_event(line, o.json, type, buf, key,
                     o.show_state ? cluster : NULL);
        pthread_sigmask(SIG_SETMASK, &unblocked, NULL);
        werr = write_out(line); /* a signal ends a blocked write (EINTR) */
        pthread_sigmask(SIG_BLOCK, &block, NULL);
        g_string_free(line, TRUE);
        if (werr == EPIPE || (werr == EINTR && stop)) {
            break;
        }
        if (werr != 0) {
            fprintf(stderr, "clusapi: cannot write to standard output: %s\n",
                    g_strerror(werr));
            rc = EXIT_ERROR;
            break;
        }
        seen++;
    }
    g_free(buf);
    CloseClusterNotifyPort(port);
    CloseCluster(cluster);
    pthread_sigmask(SIG_SETMASK, &unblocked, NULL);
    return rc;
}


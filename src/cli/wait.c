/* SPDX-License-Identifier: LGPL-2.1-or-later *
 * Uses the public API (clusapi.h) and cli.h only, like every command.
 */
/*
 * wait.c - `clusapi wait`: block until a node, group or resource is in
 * a state, or the cluster has quorum, on the events.
 */
#include <config.h>

#include <errno.h>
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

/* --- wait ----------------------------------------------------------- */

static const char wait_summary[] =
    "Wait until a condition holds: a node, group or resource in a state, or\n"
    "the cluster quorate.  Exits 0 as soon as it holds (at once if it holds\n"
    "already), 4 when --timeout expires first.  Waits on the cluster's\n"
    "events, not by polling; reads again after a reconnect.  An object\n"
    "that does not exist (yet) is in no state.";

static const char wait_description[] =
    "Conditions:\n"
    "  node NAME up|down|paused|joining\n"
    "  group NAME online|offline|failed|partialonline|pending [--node NODE]\n"
    "  resource NAME online|offline|failed|onlinepending|offlinepending\n"
    "           [--node NODE]\n"
    "  quorum\n"
    "States in any case.  --node: the group's or resource's owner node is\n"
    "NODE too (for a clone, the first node it is in that state on).\n"
    "\n"
    "Exit codes: 0 the condition holds, 1 error (or a signal), 2 usage\n"
    "error, 3 no cluster running, 4 timeout.";

typedef struct {
    DWORD type;        /* CLUSTER_ENUM_NODE, _GROUP, _RESOURCE; 0: quorum */
    const char *name;
    const char *state; /* as object_state names it */
    const char *node;  /* NULL: any owner */
} wait_cond_t;

/* Whether c holds now. */
static bool
cond_holds(HCLUSTER cluster, const wait_cond_t *c)
{
    char owner[256], group[256];
    const char *state;
    bool quorate = false;

    if (c->type == 0) {
        return read_quorum(cluster, &quorate) == EXIT_OK && quorate;
    }
    state = object_state(cluster, c->type, c->name, owner, sizeof(owner),
                         group, sizeof(group));
    return state != NULL && g_ascii_strcasecmp(state, c->state) == 0
           && (c->node == NULL || g_ascii_strcasecmp(owner, c->node) == 0);
}

/* The words of a condition -> c; a usage error's exit code, or -1. */
static int
parse_cond(int argc, char **argv, const char *node, wait_cond_t *c)
{
    static const char *const rsc_states[] = { "Online", "Offline", "Failed",
                                              "OnlinePending",
                                              "OfflinePending" };
    static const struct {
        const char *word;
        DWORD type;
        const char *const *states;
        size_t n;
    } conds[] = {
        { "node", CLUSTER_ENUM_NODE, node_states, G_N_ELEMENTS(node_states) },
        { "group", CLUSTER_ENUM_GROUP, group_states,
          G_N_ELEMENTS(group_states) },
        { "resource", CLUSTER_ENUM_RESOURCE, rsc_states,
          G_N_ELEMENTS(rsc_states) },
    };

    memset(c, 0, sizeof(*c));
    if (argc < 2) {
        return usage_error("wait", "which condition? (node, group, resource "
                                   "or quorum)");
    }
    if (strcmp(argv[1], "quorum") == 0) {
        if (node != NULL) {
            return usage_error("wait", "--node is for groups and resources");
        }
        return check_words("wait", argc, argv, 1);
    }
    for (size_t k = 0; k < G_N_ELEMENTS(conds); k++) {
        if (strcmp(argv[1], conds[k].word) != 0) {
            continue;
        }
        if (argc < 4) {
            return usage_error("wait", "%s: a name and a state are needed",
                               argv[1]);
        }
        if (node != NULL && conds[k].type == CLUSTER_ENUM_NODE) {
            return usage_error("wait", "--node is for groups and resources");
        }
        c->type = conds[k].type;
        c->name = argv[2];
        c->node = node;
        for (size_t i = 0; i < conds[k].n; i++) {
            if (g_ascii_strcasecmp(argv[3], conds[k].states[i]) == 0) {
                c->state = conds[k].states[i];
            }
        }
        if (c->state == NULL) {
            GString *list = g_string_new(NULL);
            int r;

            for (size_t i = 0; i < conds[k].n; i++) {
                g_string_append_printf(list, "%s%s", i > 0 ? ", " : "",
                                       conds[k].states[i]);
            }
            r = usage_error("wait", "a %s is not '%s' (states: %s)", argv[1],
                            argv[3], list->str);
            g_string_free(list, TRUE);
            return r;
        }
        return check_words("wait", argc, argv, 3);
    }
    return usage_error("wait", "unknown condition '%s' (node, group, "
                               "resource or quorum)", argv[1]);
}

int
cmd_wait(int argc, char **argv)
{
    watch_opts_t o = { .timeout = -1 };
    char *node = NULL;
    const GOptionEntry entries[] = {
        { "timeout", 't', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_timeout,
          "Exit with status 4 after SECONDS (such as 0.5)", "SECONDS" },
        { "node", 'n', 0, G_OPTION_ARG_STRING, &node,
          "A group or resource: owned by NODE", "NODE" },
        HELP_ENTRY(o.help),
        { 0 },
    };
    HCLUSTER cluster = NULL;
    HCHANGE port;
    wait_cond_t c;
    gint64 deadline;
    char buf[512];
    int rc = parse_options("wait", "CONDITION", wait_summary,
                           wait_description, entries, &o, &o.help, &argc,
                           &argv);

    if (rc < 0) {
        rc = parse_cond(argc, argv, node, &c);
    }
    if (rc >= 0) {
        g_free(node);
        return rc;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        g_free(node);
        return rc;
    }
    /* the port first: a change between the first look and the port would
     * be missed */
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                   CLI_DEFAULT_EVENTS, 0);
    if (port == NULL) {
        fprintf(stderr, "clusapi: cannot create a notification port (error "
                        "%u)\n",
                GetLastError());
        CloseCluster(cluster);
        g_free(node);
        return EXIT_ERROR;
    }
    deadline = o.timeout >= 0 ? g_get_monotonic_time()
                                    + (gint64) (o.timeout * G_USEC_PER_SEC)
                              : G_MAXINT64;
    rc = EXIT_TIMEOUT;
    while (!stop) {
        DWORD_PTR key = 0;
        DWORD type = 0, len = sizeof(buf), err;
        gint64 now;

        if (cond_holds(cluster, &c)) {
            rc = EXIT_OK;
            break;
        }
        /* one event or more: look again (a burst of them, one look) */
        do {
            now = g_get_monotonic_time();
            if (now >= deadline) {
                break;
            }
            len = sizeof(buf);
            err = GetClusterNotifyA(port, &key, &type, buf, &len,
                                    (DWORD) MIN((deadline - now + 999) / 1000,
                                                200));
        } while (err == WAIT_TIMEOUT && !stop);
        if (now >= deadline) {
            break;
        }
        while (err == ERROR_SUCCESS || err == ERROR_MORE_DATA) {
            len = sizeof(buf);
            err = GetClusterNotifyA(port, &key, &type, buf, &len, 0);
        }
        if (err != WAIT_TIMEOUT) {
            fprintf(stderr, "clusapi: GetClusterNotify failed (error %u)\n",
                    err);
            rc = EXIT_ERROR;
            break;
        }
    }
    if (stop && rc == EXIT_TIMEOUT) {
        fprintf(stderr, "clusapi: interrupted\n");
        rc = EXIT_ERROR;
    }
    CloseClusterNotifyPort(port);
    CloseCluster(cluster);
    g_free(node);
    return rc;
}


/* SPDX-License-Identifier: LGPL-2.1-or-later *
 * Uses the public API (clusapi.h) and cli.h only, like every command.
 */
/*
 * query.c - `clusapi state`, `list` and `info`: the objects with their
 * states in tables or JSON, the failed resource actions worded as
 * crm_mon's, the cluster's name, version and quorum.
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

/* An interval as Pacemaker's tools write one (pcmk__readable_interval):
 * "10s", "2m59.014s", "250ms"; 2.1 moves to the next unit only above it
 * ("60s"), 3.0 at it ("1m") */
static void
append_interval(GString *out, guint64 ms)
{
    static const struct {
        guint64 ms;
        const char *unit;
    } units[] = { { 86400000, "d" }, { 3600000, "h" }, { 60000, "m" },
                  { 1000, "s" } };
    const bool at = CLUSAPI_PACEMAKER_VERSION >= 30000;
    size_t start = out->len;

    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        if (ms > units[i].ms || (at && ms == units[i].ms)) {
            g_string_append_printf(out, "%" G_GUINT64_FORMAT,
                                   ms / units[i].ms);
            ms %= units[i].ms;
            if (units[i].ms == 1000 && ms > 0) {
                g_string_append_printf(out, ".%03u", (unsigned) ms);
                ms = 0;
            }
            g_string_append(out, units[i].unit);
        }
    }
    if (ms > 0) {
        g_string_append_printf(out, "%" G_GUINT64_FORMAT "ms", ms);
    } else if (out->len == start) {
        g_string_append(out, "0s");
    }
}

/* One failed action as crm_mon words it in "Failed Resource Actions":
 * "web 10s-interval monitor on node1 returned 'not running' (reason) at
 * Tue Nov 14 22:13:20 2023 after 2s" */
static void
append_failed_action(GString *out, const CLUSAPI_FAILED_ACTION *a)
{
    bool probe = a->dwIntervalMs == 0 && strcmp(a->lpszTask, "monitor") == 0;
    g_autofree char *suffix = g_strdup_printf("_%s_%u", a->lpszTask,
                                              (unsigned) a->dwIntervalMs);
    size_t klen = strlen(a->lpszOperationKey), slen = strlen(suffix);

    /* the primitive, as the operation key names it (a clone's or bundle's
     * member, where lpszResource is the clone or bundle) */
    if (klen > slen && strcmp(a->lpszOperationKey + klen - slen, suffix) == 0) {
        g_string_append_len(out, a->lpszOperationKey, (gssize) (klen - slen));
        g_string_append_c(out, ' ');
    } else {
        g_string_append_printf(out, "%s ", a->lpszResource);
    }
    if (a->dwIntervalMs != 0) {
        append_interval(out, a->dwIntervalMs);
        g_string_append(out, "-interval ");
    }
    g_string_append_printf(out, "%s on %s",
                           probe ? "probe"
                           : a->lpszTask[0] ? a->lpszTask
                                            : "unknown action",
                           a->lpszNode);
    if (a->lExecStatus == 0) {
        g_string_append_printf(out, " returned '%s'", a->lpszExitStatus);
        if (a->lpszExitReason[0] != '\0') {
            g_string_append_printf(out, " (%s)", a->lpszExitReason);
        }
    } else {
        g_string_append_printf(out, " could not be executed (%s%s%s)",
                               a->lpszExecStatus,
                               a->lpszExitReason[0] ? ": " : "",
                               a->lpszExitReason);
    }
    if (a->llLastRcChange > 0) {
        time_t t = (time_t) a->llLastRcChange;
        struct tm tm;
        char when[64];

        if (localtime_r(&t, &tm) != NULL
            && strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm) > 0) {
            g_string_append_printf(out, " at %s", when);
        }
    }
    if (a->lExecMs > 0) {
        g_string_append(out, " after ");
        append_interval(out, (guint64) a->lExecMs);
    }
}

static void
json_failed_action(GString *out, const CLUSAPI_FAILED_ACTION *a)
{
    const struct {
        const char *key;
        LPCSTR value;
    } strs[] = {
        { "resource", a->lpszResource }, { "node", a->lpszNode },
        { "operation", a->lpszOperationKey }, { "task", a->lpszTask },
        { "exit_status", a->lpszExitStatus },
        { "exec_status", a->lpszExecStatus },
        { "exit_reason", a->lpszExitReason },
    };

    g_string_append_c(out, '{');
    for (size_t i = 0; i < G_N_ELEMENTS(strs); i++) {
        g_string_append_printf(out, "%s\"%s\":", i > 0 ? "," : "",
                               strs[i].key);
        json_str(out, strs[i].value);
    }
    g_string_append_printf(out,
                           ",\"interval_ms\":%u,\"exit_code\":%d,"
                           "\"exec_status_code\":%d,\"call_id\":%d,"
                           "\"last_rc_change\":",
                           (unsigned) a->dwIntervalMs, (int) a->lExitCode,
                           (int) a->lExecStatus, (int) a->lCallId);
    if (a->llLastRcChange > 0) {
        g_string_append_printf(out, "%" G_GINT64_FORMAT,
                               (gint64) a->llLastRcChange);
    } else {
        g_string_append(out, "null");
    }
    g_string_append_printf(out, ",\"ignored\":%s}",
                           (a->dwFlags & CLUSAPI_FAILED_ACTION_IGNORED)
                               ? "true"
                               : "false");
}

/* --- state and list ------------------------------------------------- */

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
json_item(GString *out, const item_t *it, const char *state,
          const char *owner, const char *group)
{
    g_string_append(out, "{\"name\":");
    json_str(out, it->name);
    if (state != NULL) {
        g_string_append_printf(out, ",\"state\":\"%s\"", state);
    }
    if (it->type == CLUSTER_ENUM_GROUP || it->type == CLUSTER_ENUM_RESOURCE) {
        g_string_append(out, ",\"owner\":");
        json_str(out, owner);
    }
    if (it->type == CLUSTER_ENUM_RESOURCE) {
        g_string_append(out, ",\"group\":");
        json_str(out, group);
    }
    g_string_append_c(out, '}');
}

/* Append to the table t the rows of items (all of one kind after the
 * other), each section headed by its kind (with_titles) and the column
 * names. */
static void
tabulate(GArray *t, HCLUSTER cluster, GArray *items, bool with_titles)
{
    DWORD section = 0;

    for (guint i = 0; i < items->len; i++) {
        const item_t *it = &g_array_index(items, item_t, i);
        char owner[256], group[256];
        const char *state = object_state(cluster, it->type, it->name, owner,
                                         sizeof(owner), group, sizeof(group));
        int ncols = kind_columns(it->type);

        if (it->type != section) {
            if (with_titles) {
                g_autofree char *title =
                    g_strdup_printf("%s:", kind_word(it->type));

                if (section != 0) {
                    table_add(t, 0, NULL, NULL, NULL, NULL);
                }
                table_add(t, -1, title, NULL, NULL, NULL);
            }
            table_add(t, ncols, "NAME", "STATE", "OWNER", "GROUP");
            section = it->type;
        }
        table_add(t, ncols, it->name, state != NULL ? state : "",
                  owner[0] ? owner : "-", group[0] ? group : "-");
    }
}

static const char state_summary[] =
    "Print every node, group, resource, network and network interface with\n"
    "its state (groups and resources with their owner node, resources with\n"
    "their group), the failed resource actions (what failed, where, with\n"
    "what result and when, as crm_mon lists them), and whether the cluster\n"
    "has quorum.";

static const char list_summary[] =
    "Print the objects of one KIND, one per line, with their states, as in\n"
    "'clusapi state'. KIND is one of:\n"
    "  nodes, groups, resources, networks, netinterfaces, or\n"
    "  types (the resource agents the configuration uses).";

static const char info_summary[] =
    "Print the cluster's name, the Pacemaker version of its Designated\n"
    "Controller, and whether the cluster has quorum.";

static const char exit_codes[] =
    "Exit codes: 0 ok, 1 error, 2 usage error, 3 no cluster running.";

int
cmd_state(int argc, char **argv)
{
    gboolean json = FALSE;
    gboolean help = FALSE;
    const GOptionEntry entries[] = {
        { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
          "Print one JSON object instead of text", NULL },
        HELP_ENTRY(help),
        { 0 },
    };
    HCLUSTER cluster = NULL;
    GArray *items;
    GString *out;
    bool quorate = false;
    g_autofree CLUSAPI_FAILED_ACTION *failed = NULL;
    DWORD nfailed = 0;
    int rc = parse_options("state", NULL, state_summary, exit_codes, entries,
                           NULL, &help, &argc, &argv);

    if (rc < 0) {
        rc = check_words("state", argc, argv, 0);
    }
    if (rc >= 0) {
        return rc;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    items = enumerate(cluster, CLUSTER_ENUM_NODE | CLUSTER_ENUM_GROUP
                                   | CLUSTER_ENUM_RESOURCE
                                   | CLUSTER_ENUM_NETWORK
                                   | CLUSTER_ENUM_NETINTERFACE);
    if (items == NULL || read_quorum(cluster, &quorate) != EXIT_OK
        || (failed = read_failed_actions(cluster, &nfailed)) == NULL) {
        if (items != NULL) {
            g_array_unref(items);
        }
        CloseCluster(cluster);
        return EXIT_ERROR;
    }
    out = g_string_new(NULL);
    if (json) {
        DWORD section = 0;

        g_string_append_c(out, '{');
        for (guint i = 0; i < items->len; i++) {
            const item_t *it = &g_array_index(items, item_t, i);
            char owner[256], group[256];
            const char *state = object_state(cluster, it->type, it->name,
                                             owner, sizeof(owner), group,
                                             sizeof(group));

            if (it->type != section) {
                g_string_append_printf(out, "%s\"%s\":[",
                                       section != 0 ? "]," : "",
                                       kind_word(it->type));
                section = it->type;
            } else {
                g_string_append_c(out, ',');
            }
            json_item(out, it, state, owner, group);
        }
        g_string_append_printf(out, "%s\"failed_actions\":[",
                               section != 0 ? "]," : "");
        for (DWORD i = 0; i < nfailed; i++) {
            g_string_append(out, i > 0 ? "," : "");
            json_failed_action(out, &failed[i]);
        }
        g_string_append_printf(out, "],\"quorate\":%s}\n",
                               quorate ? "true" : "false");
    } else {
        GArray *t = table_new();

        tabulate(t, cluster, items, true);
        table_print(out, t);
        g_array_unref(t);
        if (nfailed > 0) {
            g_string_append_printf(out, "%sfailed actions:\n",
                                   items->len > 0 ? "\n" : "");
            for (DWORD i = 0; i < nfailed; i++) {
                g_string_append(out, "  ");
                append_failed_action(out, &failed[i]);
                g_string_append_c(out, '\n');
            }
        }
        g_string_append_printf(out, "%squorum: %s\n",
                               items->len > 0 || nfailed > 0 ? "\n" : "",
                               quorate ? "yes" : "no");
    }
    g_array_unref(items);
    CloseCluster(cluster);
    return finish_output(out);
}

int
cmd_list(int argc, char **argv)
{
    gboolean json = FALSE;
    gboolean help = FALSE;
    const GOptionEntry entries[] = {
        { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
          "Print a JSON array instead of text", NULL },
        HELP_ENTRY(help),
        { 0 },
    };
    HCLUSTER cluster = NULL;
    GArray *items;
    GString *out;
    DWORD type = 0;
    int rc = parse_options("list", "KIND", list_summary, exit_codes, entries,
                           NULL, &help, &argc, &argv);

    if (rc < 0) {
        rc = check_words("list", argc, argv, 1);
    }
    if (rc >= 0) {
        return rc;
    }
    if (argc < 2) {
        return usage_error("list", "which KIND? nodes, groups, resources, "
                                   "types, networks or netinterfaces");
    }
    type = kind_of_word(argv[1]);
    if (type == 0) {
        return usage_error("list", "unknown KIND '%s': nodes, groups, "
                                   "resources, types, networks or "
                                   "netinterfaces",
                           argv[1]);
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
    out = g_string_new(NULL);
    if (json) {
        g_string_append_c(out, '[');
        for (guint i = 0; i < items->len; i++) {
            const item_t *it = &g_array_index(items, item_t, i);
            char owner[256], group[256];
            const char *state = object_state(cluster, it->type, it->name,
                                             owner, sizeof(owner), group,
                                             sizeof(group));

            if (i > 0) {
                g_string_append_c(out, ',');
            }
            json_item(out, it, state, owner, group);
        }
        g_string_append(out, "]\n");
    } else {
        GArray *t = table_new();

        tabulate(t, cluster, items, false);
        table_print(out, t);
        g_array_unref(t);
    }
    g_array_unref(items);
    CloseCluster(cluster);
    return finish_output(out);
}

int
cmd_info(int argc, char **argv)
{
    gboolean json = FALSE;
    gboolean help = FALSE;
    const GOptionEntry entries[] = {
        { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
          "Print one JSON object instead of text", NULL },
        HELP_ENTRY(help),
        { 0 },
    };
    HCLUSTER cluster = NULL;
    CLUSTERVERSIONINFOA vi = { .dwVersionInfoSize = sizeof(vi) };
    DWORD cap = 64;
    DWORD len = cap;
    g_autofree char *name = NULL;
    DWORD err;
    bool quorate = false;
    GString *out;
    int rc = parse_options("info", NULL, info_summary, exit_codes, entries,
                           NULL, &help, &argc, &argv);

    if (rc < 0) {
        rc = check_words("info", argc, argv, 0);
    }
    if (rc >= 0) {
        return rc;
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    name = g_malloc(cap);
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
        return rc;
    }
    out = g_string_new(NULL);
    if (json) {
        g_string_append(out, "{\"name\":");
        json_str(out, name);
        g_string_append(out, ",\"vendor\":");
        json_str(out, vi.szVendorId);
        g_string_append(out, ",\"version\":");
        json_str(out, vi.szCSDVersion);
        g_string_append_printf(out,
                               ",\"major\":%u,\"minor\":%u,\"build\":%u,"
                               "\"quorate\":%s}\n",
                               vi.MajorVersion, vi.MinorVersion,
                               vi.BuildNumber, quorate ? "true" : "false");
    } else {
        g_string_append_printf(out, "name: %s\nversion: %s %s\nquorum: %s\n",
                               name, vi.szVendorId,
                               vi.szCSDVersion[0]
                                   ? vi.szCSDVersion
                                   : "(unknown: no DC elected yet)",
                               quorate ? "yes" : "no");
    }
    return finish_output(out);
}


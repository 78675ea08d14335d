/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common.c - helpers shared by the C integration tests (see common.h).
 * Public API and glib only.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

int test_no;
int failures;

void
ok(int cond, const char *fmt, ...)
{
    va_list ap;

    printf("%s %d - ", cond ? "ok" : "not ok", ++test_no);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    if (!cond) {
        failures++;
    }
}

int
sh(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL;
    int rc;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout); /* TAP lines before a command that may take the node */
    rc = system(cmd);
    if (rc != 0) {
        printf("# command failed (%d): %s\n", rc, cmd);
    }
    return rc;
}

void
settle(void)
{
    (void) sh("crm_resource --wait --timeout=120 >/dev/null");
}

bool
open_live(HCLUSTER *cluster, HCHANGE *port)
{
    *cluster = OpenClusterA(NULL);
    ok(*cluster != NULL, "OpenCluster on the live cluster");
    if (*cluster == NULL) {
        return false;
    }
    *port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, *cluster,
                                    OBJECT_EVENTS, 1);
    ok(*port != NULL, "CreateClusterNotifyPort(ALL)");
    return true;
}

GPtrArray *
drain_events(HCHANGE port, unsigned quiet_ms, GPtrArray *record)
{
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    char name[256];

    for (;;) {
        DWORD_PTR key = 0;
        DWORD type = 0;
        DWORD len = sizeof(name);
        DWORD rc = GetClusterNotifyA(port, &key, &type, name, &len, quiet_ms);

        if (rc == WAIT_TIMEOUT) {
            break;
        }
        if (rc != ERROR_SUCCESS) {
            g_ptr_array_add(got, g_strdup_printf("ERROR %u", rc));
            break;
        }
        g_ptr_array_add(got, g_strdup_printf("%s %s %lu",
                                             clusapi_change_name(type), name,
                                             (unsigned long) key));
        if (key == 1 && record != NULL) {
            g_ptr_array_add(record, g_strdup_printf(
                                        "%s %s", clusapi_change_name(type),
                                        name));
        }
    }
    return got;
}

char *
sh_out(const char *cmd)
{
    char *out = NULL;
    int status = 0;

    if (!g_spawn_command_line_sync(cmd, &out, NULL, &status, NULL)
        || status != 0) {
        g_free(out);
        return NULL;
    }
    return g_strstrip(out);
}

GPtrArray *
drain_changes(HCHANGE port)
{
    GPtrArray *got = drain_events(port, 1500, NULL);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < got->len; i++) {
        const char *e = g_ptr_array_index(got, i);

        if (strstr(e, "_STATE ") == NULL) {
            g_ptr_array_add(out, g_strdup(e));
        }
    }
    g_ptr_array_unref(got);
    return out;
}

void
expect(const char *step, GPtrArray *got, const char *const *want)
{
    guint n = 0;
    bool same = true;

    while (want[n] != NULL) {
        n++;
    }
    if (n != got->len) {
        same = false;
    }
    for (guint i = 0; same && i < n; i++) {
        same = strcmp(want[i], g_ptr_array_index(got, i)) == 0;
    }
    ok(same, "%s: exact events", step);
    if (!same) {
        for (guint i = 0; i < n; i++) {
            printf("#   want: %s\n", want[i]);
        }
        for (guint i = 0; i < got->len; i++) {
            printf("#   got:  %s\n", (char *) g_ptr_array_index(got, i));
        }
    }
    for (guint i = 0; i < got->len; i++) {
        printf("# event %s\n", (char *) g_ptr_array_index(got, i));
    }
    g_ptr_array_unref(got);
}

/* `crm_mon -1 --output-as=xml`, or NULL if it failed */
static char *
crm_mon_xml(void)
{
    char *out = NULL;
    int status = 0;

    if (!g_spawn_command_line_sync("crm_mon -1 --output-as=xml", &out, NULL,
                                   &status, NULL)
        || status != 0) {
        g_free(out);
        return NULL;
    }
    return out;
}

char *
crm_mon_states(void)
{
    g_autofree char *out = NULL;
    g_autoptr(GString) theirs = g_string_new(NULL);
    /* crm_mon: <node name="node1" ... online="true" standby="false" ...>
     * and <resource id="d1" role="Started" ... failed="false" ...>
     *       <node name="node1" .../></resource> */
    g_autoptr(GRegex) node_re = g_regex_new(
        "<node name=\"([^\"]+)\"[^>]*online=\"(true|false)\""
        "[^>]*standby=\"(true|false)\"[^>]*maintenance=\"(true|false)\"",
        0, 0, NULL);
    g_autoptr(GRegex) rsc_re = g_regex_new(
        "<resource id=\"([^\"]+)\"[^>]* role=\"([^\"]+)\"[^>]*"
        "failed=\"(true|false)\"[^>]*?(/>|>\\s*<node name=\"([^\"]+)\")",
        0, 0, NULL);
    g_autoptr(GMatchInfo) mi = NULL;

    if ((out = crm_mon_xml()) == NULL) {
        return NULL;
    }
    g_regex_match(node_re, out, 0, &mi);
    while (g_match_info_matches(mi)) {
        g_autofree char *name = g_match_info_fetch(mi, 1);
        g_autofree char *online = g_match_info_fetch(mi, 2);
        g_autofree char *standby = g_match_info_fetch(mi, 3);
        g_autofree char *maint = g_match_info_fetch(mi, 4);
        const char *state = strcmp(online, "true") != 0 ? "Down"
                            : (strcmp(standby, "true") == 0
                               || strcmp(maint, "true") == 0)
                                ? "Paused"
                                : "Up";
        g_string_append_printf(theirs, "node %s %s\n", name, state);
        g_match_info_next(mi, NULL);
    }
    g_match_info_free(mi);
    mi = NULL;
    g_regex_match(rsc_re, out, 0, &mi);
    while (g_match_info_matches(mi)) {
        g_autofree char *id = g_match_info_fetch(mi, 1);
        g_autofree char *role = g_match_info_fetch(mi, 2);
        g_autofree char *failed = g_match_info_fetch(mi, 3);
        g_autofree char *node = g_match_info_fetch(mi, 5);
        const char *state = strcmp(failed, "true") == 0 ? "Failed"
                            : (strcmp(role, "Started") == 0
                               || strcmp(role, "Promoted") == 0)
                                ? "Online"
                                : "Offline";
        g_string_append_printf(theirs, "resource %s %s %s\n", id, state,
                               node != NULL && node[0] ? node : "-");
        g_match_info_next(mi, NULL);
    }
    return g_string_free(g_steal_pointer(&theirs), FALSE);
}

char *
cli_states(void)
{
    g_autofree char *cmd = g_strdup_printf("%s/clusapi state",
                                           getenv("top_builddir"));
    g_autofree char *text = NULL;
    g_autoptr(GString) s = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    const char *section = "";
    int status = 0;

    if (!g_spawn_command_line_sync(cmd, &text, NULL, &status, NULL)
        || status != 0) {
        return NULL;
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l != NULL; l++) {
        g_auto(GStrv) f = NULL;
        GPtrArray *cols;

        if (**l != '\0' && !g_ascii_isspace(**l)) {
            /* a header ("nodes:", "networks:", ...) or a line of its own
             * ("quorum: yes"): rows are indented */
            section = strcmp(*l, "nodes:") == 0       ? "node"
                      : strcmp(*l, "resources:") == 0 ? "resource"
                                                      : "";
            continue;
        }
        f = g_strsplit_set(g_strstrip(*l), " ", -1);
        if (section[0] == '\0' || f[0] == NULL || f[0][0] == '\0') {
            continue;
        }
        /* columns: name state [owner [group]] */
        cols = g_ptr_array_new();
        for (char **c = f; *c != NULL; c++) {
            if (**c != '\0') {
                g_ptr_array_add(cols, *c);
            }
        }
        if (cols->len >= 2 && strcmp(cols->pdata[0], "NAME") == 0
            && strcmp(cols->pdata[1], "STATE") == 0) {
            /* the column names */
            g_ptr_array_unref(cols);
            continue;
        }
        if (strcmp(section, "node") == 0) {
            g_string_append_printf(s, "node %s %s\n", (char *) cols->pdata[0],
                                   (char *) cols->pdata[1]);
        } else {
            const char *owner = cols->len > 2 ? cols->pdata[2] : "-";
            g_string_append_printf(s, "resource %s %s %s\n",
                                   (char *) cols->pdata[0],
                                   (char *) cols->pdata[1], owner);
        }
        g_ptr_array_unref(cols);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static const char *
node_state_name(CLUSTER_NODE_STATE s)
{
    static const char *names[] = { "Up", "Down", "Paused", "Joining" };

    return (s >= 0 && s <= ClusterNodeJoining) ? names[s] : "Unknown";
}

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

char *
api_states(HCLUSTER cluster)
{
    HCLUSENUM e = ClusterOpenEnum(cluster, CLUSTER_ENUM_NODE
                                               | CLUSTER_ENUM_RESOURCE);
    g_autoptr(GString) s = g_string_new(NULL);

    if (e == NULL) {
        return NULL;
    }
    for (DWORD i = 0;; i++) {
        char name[256], owner[256];
        DWORD type = 0, len = sizeof(name), olen = sizeof(owner);
        DWORD rc = ClusterEnumA(e, i, &type, name, &len);

        if (rc == ERROR_NO_MORE_ITEMS) {
            break;
        }
        if (rc != ERROR_SUCCESS) {
            g_string_append_printf(s, "enum error %u\n", rc);
            break;
        }
        owner[0] = '\0';
        if (type == CLUSTER_ENUM_NODE) {
            HNODE h = OpenClusterNodeA(cluster, name);

            g_string_append_printf(s, "node %s %s\n", name,
                                   node_state_name(GetClusterNodeState(h)));
            CloseClusterNode(h);
        } else {
            HRESOURCE h = OpenClusterResourceA(cluster, name);
            CLUSTER_RESOURCE_STATE st = GetClusterResourceStateA(
                h, owner, &olen, NULL, NULL);

            g_string_append_printf(s, "resource %s %s %s\n", name,
                                   resource_state_name(st),
                                   owner[0] ? owner : "-");
            CloseClusterResource(h);
        }
    }
    (void) ClusterCloseEnum(e);
    return g_string_free(g_steal_pointer(&s), FALSE);
}

bool
states_equal(const char *theirs, const char *mine)
{
    bool same = theirs != NULL && mine != NULL;

    if (same) {
        g_auto(GStrv) a = g_strsplit(theirs, "\n", -1);
        g_auto(GStrv) b = g_strsplit(mine, "\n", -1);
        guint na = g_strv_length(a), nb = g_strv_length(b);

        same = na == nb && g_str_has_prefix(theirs, "node ");
        for (guint i = 0; same && i < na; i++) {
            same = g_strv_contains((const char *const *) b, a[i]);
        }
    }
    return same;
}

static void
compare_states(const char *step, const char *theirs, const char *mine,
               const char *what)
{
    bool same = states_equal(theirs, mine);

    ok(same, "%s: %s equal crm_mon's", step, what);
    if (!same) {
        printf("# crm_mon:\n# %s\n# clusapi:\n# %s\n",
               theirs != NULL ? theirs : "(crm_mon failed)",
               mine != NULL ? mine : "(failed)");
    }
}

void
compare_with_crm_mon(const char *step)
{
    g_autofree char *theirs = crm_mon_states();
    g_autofree char *mine = cli_states();

    compare_states(step, theirs, mine, "states");
}

void
compare_api_with_crm_mon(HCLUSTER cluster, const char *step)
{
    g_autofree char *theirs = crm_mon_states();
    g_autofree char *mine = api_states(cluster);

    compare_states(step, theirs, mine, "the states of this process's model");
}

static int
cmp_strp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static char *
sorted_lines(GPtrArray *lines)
{
    GString *s = g_string_new(NULL);

    g_ptr_array_sort(lines, cmp_strp);
    for (guint i = 0; i < lines->len; i++) {
        g_string_append_printf(s, "%s\n",
                               (const char *) g_ptr_array_index(lines, i));
    }
    return g_string_free(s, FALSE);
}

static char *
crm_mon_failures(void)
{
    g_autofree char *out = NULL;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GRegex) re = g_regex_new(
        "<failure (?:op_key|id)=\"([^\"]+)\" node=\"([^\"]+)\"[^>]*"
        " exitcode=\"(-?[0-9]+)\" call=\"(-?[0-9]+)\"", 0, 0, NULL);
    g_autoptr(GMatchInfo) mi = NULL;

    if ((out = crm_mon_xml()) == NULL) {
        return NULL;
    }
    g_regex_match(re, out, 0, &mi);
    while (g_match_info_matches(mi)) {
        g_autofree char *key = g_match_info_fetch(mi, 1);
        g_autofree char *node = g_match_info_fetch(mi, 2);
        g_autofree char *rc = g_match_info_fetch(mi, 3);
        g_autofree char *call = g_match_info_fetch(mi, 4);

        g_ptr_array_add(lines, g_strdup_printf("failure %s %s rc=%s call=%s",
                                               node, key, rc, call));
        g_match_info_next(mi, NULL);
    }
    return sorted_lines(lines);
}

static char *
api_failures(HCLUSTER cluster)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    g_autofree CLUSAPI_FAILED_ACTION *buf = NULL;
    DWORD size = 0, n = 0, rc;

    while ((rc = clusapi_failed_actions(cluster, NULL, buf, &size, &n))
           == ERROR_MORE_DATA) {
        g_free(buf);
        buf = g_malloc(size);
    }
    if (rc != ERROR_SUCCESS) {
        return NULL;
    }
    for (DWORD i = 0; i < n; i++) {
        g_ptr_array_add(lines, g_strdup_printf(
                                   "failure %s %s rc=%d call=%d",
                                   buf[i].lpszNode, buf[i].lpszOperationKey,
                                   (int) buf[i].lExitCode,
                                   (int) buf[i].lCallId));
    }
    return sorted_lines(lines);
}

void
compare_failures_with_crm_mon(HCLUSTER cluster, const char *step,
                              bool want_some)
{
    g_autofree char *theirs = crm_mon_failures();
    g_autofree char *mine = api_failures(cluster);
    bool same = theirs != NULL && mine != NULL && strcmp(theirs, mine) == 0
                && (want_some ? theirs[0] != '\0' : theirs[0] == '\0');

    ok(same, "%s: the failed actions equal crm_mon's (%s)", step,
       want_some ? "some" : "none");
    if (!same) {
        printf("# crm_mon:\n# %s\n# clusapi:\n# %s\n",
               theirs != NULL ? theirs : "(crm_mon failed)",
               mine != NULL ? mine : "(failed)");
    }
}

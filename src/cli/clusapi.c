/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * clusapi - command-line front end of libclusapi for people and scripts.
 *   clusapi watch [--json] [--filter NAME,...] [--count N] [--timeout SECONDS]
 *                 [--state]
 *   clusapi state [--json]
 *   clusapi list [--json] nodes|groups|resources|types|networks|netinterfaces
 *   clusapi info [--json]
 *   clusapi wait [--timeout SECONDS] [--node NODE] CONDITION
 *   clusapi exec [--filter NAME,...] [--recipient R] [--timeout SECONDS]
 *                [--timestamp-format FORMAT] [--queue N] AGENT
 *   clusapi --help | --version
 * Every command takes --help; options and words come in any order.  Uses
 * only the public API (clusapi.h), through the A (UTF-8) functions.
 *
 * Exit codes: 0 success; 1 other error (permission denied, a bad CIB_file,
 * ...); 2 usage error or bad filter; 3 no cluster is running (or
 * reachable); 4 --timeout expired before --count events arrived, or
 * before wait's condition held.
 */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

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

/* A usage error: the message, a one-line hint, EXIT_USAGE.  cmd is the
 * command it is about, or NULL. */
static int G_GNUC_PRINTF(2, 3)
usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "clusapi: %s%s", cmd != NULL ? cmd : "",
            cmd != NULL ? ": " : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'clusapi%s%s --help'.\n", cmd != NULL ? " " : "",
            cmd != NULL ? cmd : "");
    return EXIT_USAGE;
}

/* --- output --------------------------------------------------------- */

/* Write all of s to standard output.  Returns 0 or the errno of the
 * failed write (EPIPE: the reader is gone). */
static int
write_out(const GString *s)
{
    size_t done = 0;

    while (done < s->len) {
        ssize_t n = write(STDOUT_FILENO, s->str + done, s->len - done);

        if (n >= 0) {
            done += (size_t) n;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };
            (void) poll(&p, 1, 200);
        } else if (errno != EINTR || stop) {
            return errno;
        }
    }
    return 0;
}

/* Write s and free it; the exit code: a reader that went away (EPIPE) is
 * not an error, any other write error is. */
static int
finish_output(GString *s)
{
    int err = write_out(s);

    g_string_free(s, TRUE);
    if (err != 0 && err != EPIPE) {
        fprintf(stderr, "clusapi: cannot write to standard output: %s\n",
                g_strerror(err));
        return EXIT_ERROR;
    }
    return EXIT_OK;
}

/* Whether standard output leads nowhere any more: a pipe whose reader
 * exited (POLLERR), a socket or terminal that hung up (POLLHUP). */
static bool
output_closed(void)
{
    struct pollfd p = { .fd = STDOUT_FILENO, .events = 0 };

    return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)) != 0;
}

/* Append s as a JSON string. */
static void
json_str(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
            case '"': g_string_append(out, "\\\""); break;
            case '\\': g_string_append(out, "\\\\"); break;
            case '\n': g_string_append(out, "\\n"); break;
            case '\r': g_string_append(out, "\\r"); break;
            case '\t': g_string_append(out, "\\t"); break;
            default:
                if (*p < 0x20) {
                    g_string_append_printf(out, "\\u%04x", *p);
                } else {
                    g_string_append_c(out, (char) *p);
                }
        }
    }
    g_string_append_c(out, '"');
}

/* The number of terminal columns s takes: wide (East Asian) characters
 * two, combining marks none; bytes if s is not UTF-8. */
static size_t
display_width(const char *s)
{
    size_t w = 0;

    if (!g_utf8_validate(s, -1, NULL)) {
        return strlen(s);
    }
    for (const char *p = s; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (g_unichar_iszerowidth(c)) {
            continue;
        }
        w += g_unichar_iswide(c) ? 2 : 1;
    }
    return w;
}

/* --- text tables ---------------------------------------------------- */

#define TABLE_COLS 4

typedef struct {
    int ncols; /* 0: a blank line; -1: a section's title, in cell[0] */
    char *cell[TABLE_COLS];
} row_t;

static void
row_clear(gpointer p)
{
    row_t *r = p;

    for (int i = 0; i < TABLE_COLS; i++) {
        g_free(r->cell[i]);
    }
}

static GArray *
table_new(void)
{
    GArray *t = g_array_new(FALSE, TRUE, sizeof(row_t));

    g_array_set_clear_func(t, row_clear);
    return t;
}

static void
table_add(GArray *t, int ncols, const char *c0, const char *c1,
          const char *c2, const char *c3)
{
    row_t r = { ncols,
                { g_strdup(c0), g_strdup(c1), g_strdup(c2), g_strdup(c3) } };

    g_array_append_val(t, r);
}

/* Append the rows of t, each indented by two blanks, every column padded
 * to the display width of its widest cell in the whole table, two blanks
 * between columns, no blank at the end of a line. */
static void
table_print(GString *out, GArray *t)
{
    size_t width[TABLE_COLS] = { 0 };

    for (guint i = 0; i < t->len; i++) {
        const row_t *r = &g_array_index(t, row_t, i);

        for (int c = 0; c < r->ncols; c++) {
            width[c] = MAX(width[c], display_width(r->cell[c]));
        }
    }
    for (guint i = 0; i < t->len; i++) {
        const row_t *r = &g_array_index(t, row_t, i);

        if (r->ncols < 0) {
            g_string_append_printf(out, "%s\n", r->cell[0]);
            continue;
        }
        if (r->ncols > 0) {
            g_string_append(out, "  ");
        }
        for (int c = 0; c < r->ncols; c++) {
            g_string_append(out, r->cell[c]);
            if (c + 1 < r->ncols) {
                for (size_t w = display_width(r->cell[c]); w < width[c] + 2;
                     w++) {
                    g_string_append_c(out, ' ');
                }
            }
        }
        while (out->len > 0 && out->str[out->len - 1] == ' ') {
            g_string_truncate(out, out->len - 1);
        }
        g_string_append_c(out, '\n');
    }
}

/* --- opening the cluster -------------------------------------------- */

/* Whether the calling process may use the local CIB manager: root, or a
 * member of the haclient group (as hacluster is). */
static bool
privileged(void)
{
    struct group *gr = getgrnam("haclient");
    int n;

    if (geteuid() == 0) {
        return true;
    }
    if (gr == NULL) {
        return false;
    }
    if (getegid() == gr->gr_gid) {
        return true;
    }
    n = getgroups(0, NULL);
    if (n > 0) {
        g_autofree gid_t *groups = g_new(gid_t, n);

        n = getgroups(n, groups);
        for (int i = 0; i < n; i++) {
            if (groups[i] == gr->gr_gid) {
                return true;
            }
        }
    }
    return false;
}

/* Whether a CIB manager listens here: its IPC socket (cib_ro, cib_rw)
 * is in /proc/net/unix (abstract, or a file).  true when that cannot be
 * told. */
static bool
cib_manager_listens(void)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents("/proc/net/unix", &text, NULL, NULL)) {
        return true;
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l != NULL; l++) {
        const char *path = strrchr(*l, ' ');
        const char *base;

        if (path == NULL) {
            continue;
        }
        path++;
        /* an abstract name starts with @, and shows its padding as @ */
        g_strdelimit(*l, "@", ' ');
        g_strchomp(*l);
        base = strrchr(path, '/');
        base = base != NULL ? base + 1 : path;
        while (*base == ' ') {
            base++;
        }
        if (strcmp(base, "cib_ro") == 0 || strcmp(base, "cib_rw") == 0) {
            return true;
        }
    }
    return false;
}

/* The name of the first element of an XML document. */
static void
root_start(GMarkupParseContext *ctx, const char *element, const char **names,
           const char **values, gpointer user_data, GError **error)
{
    *(char **) user_data = g_strdup(element);
    /* enough: stop reading */
    g_set_error_literal(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                        "root found");
}

/* The name of the root element of the XML document in the file at path
 * (NULL and *ret_why if none could be read: not XML).  Reads only up to
 * the root element. */
static char *
xml_root(const char *path, char **ret_why)
{
    static const GMarkupParser parser = { .start_element = root_start };
    char *root = NULL;
    char buf[4096];
    size_t n;
    bool done = false;
    g_autoptr(GError) err = NULL;
    FILE *f = fopen(path, "r");
    GMarkupParseContext *ctx;

    *ret_why = NULL;
    if (f == NULL) {
        *ret_why = g_strdup(g_strerror(errno));
        return NULL;
    }
    ctx = g_markup_parse_context_new(&parser, 0, &root, NULL);
    while (!done && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
        done = !g_markup_parse_context_parse(ctx, buf, (gssize) n, &err);
    }
    if (!done && !ferror(f)) {
        (void) g_markup_parse_context_end_parse(ctx, &err);
    }
    g_markup_parse_context_free(ctx);
    fclose(f);
    if (root == NULL) {
        *ret_why = g_strdup(err != NULL ? err->message
                                        : "no XML element found");
    }
    return root;
}

/* The problem with the file CIB_file names, as a message, or NULL if none
 * is seen.  check_content: also whether it holds XML whose root is <cib>
 * (not done for a compressed file, which libcib reads too). */
static char *
cib_file_problem(const char *path, bool check_content)
{
    struct stat st;
    g_autofree char *root = NULL;
    g_autofree char *why = NULL;

    if (stat(path, &st) != 0) {
        if (errno == ENOENT) {
            return g_strdup_printf("CIB_file '%s' does not exist", path);
        }
        return g_strdup_printf("cannot read CIB_file '%s': %s", path,
                               g_strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        return g_strdup_printf("CIB_file '%s' is a directory, not a saved "
                               "CIB",
                               path);
    }
    if (S_ISREG(st.st_mode) && st.st_size == 0) {
        return g_strdup_printf("CIB_file '%s' is empty", path);
    }
    if (access(path, R_OK) != 0) {
        return g_strdup_printf("cannot read CIB_file '%s': %s", path,
                               g_strerror(errno));
    }
    if (!check_content || g_str_has_suffix(path, ".bz2")) {
        return NULL;
    }
    root = xml_root(path, &why);
    if (root == NULL) {
        return g_strdup_printf("CIB_file '%s' is not a CIB: not XML (%s)",
                               path, why);
    }
    if (strcmp(root, "cib") != 0) {
        return g_strdup_printf("CIB_file '%s' is not a CIB: its root "
                               "element is <%s>, not <cib>",
                               path, root);
    }
    return NULL;
}

static const char *
env(const char *name)
{
    const char *v = getenv(name);

    return v != NULL && v[0] != '\0' ? v : NULL;
}

/* Say why the cluster could not be opened (err: GetLastError()), in the
 * terms of where libcib looked for the CIB: CIB_shadow, CIB_file,
 * CIB_port, else the local CIB manager.  Returns the exit code. */
static int
open_failed(DWORD err)
{
    const char *shadow = env("CIB_shadow");
    const char *file = env("CIB_file");
    const char *port = env("CIB_port");

    if (shadow != NULL) {
        fprintf(stderr, "clusapi: cannot read the shadow CIB '%s' that "
                        "CIB_shadow names (error %u)\n",
                shadow, err);
        return EXIT_ERROR;
    }
    if (file != NULL) {
        g_autofree char *problem = cib_file_problem(file, true);

        if (problem != NULL) {
            fprintf(stderr, "clusapi: %s\n", problem);
        } else {
            fprintf(stderr, "clusapi: CIB_file '%s' holds no CIB that "
                            "Pacemaker can read (error %u); check it with "
                            "crm_verify --xml-file '%s'\n",
                    file, err, file);
        }
        return EXIT_ERROR;
    }
    if (port != NULL) {
        const char *server = env("CIB_server");

        if (err == ERROR_ACCESS_DENIED) {
            fprintf(stderr, "clusapi: permission denied by the CIB manager "
                            "at %s:%s: check CIB_user and CIB_passwd\n",
                    server != NULL ? server : "localhost", port);
            return EXIT_ERROR;
        }
        if (err == RPC_S_SERVER_UNAVAILABLE) {
            fprintf(stderr, "clusapi: no CIB manager answered at %s:%s "
                            "(CIB_server, CIB_port)\n",
                    server != NULL ? server : "localhost", port);
            return EXIT_NO_CLUSTER;
        }
    } else if (err == ERROR_ACCESS_DENIED
               || (err == RPC_S_SERVER_UNAVAILABLE && !privileged()
                   && cib_manager_listens())) {
        /* the CIB manager lets only root and haclient in: anyone else
         * is refused, which libcib reports like no answer at all */
        fprintf(stderr, "clusapi: permission denied: run as root or as a "
                        "member of the haclient group\n");
        return EXIT_ERROR;
    } else if (err == RPC_S_SERVER_UNAVAILABLE) {
        fprintf(stderr, "clusapi: no cluster running here: no Pacemaker CIB "
                        "manager answered\n"
                        "Start the cluster (systemctl start pacemaker), or "
                        "read a saved CIB with CIB_file=/path/to/cib.xml.\n");
        return EXIT_NO_CLUSTER;
    }
    fprintf(stderr, "clusapi: cannot open the cluster (error %u)\n", err);
    return EXIT_ERROR;
}

static int
open_cluster(HCLUSTER *ret)
{
    const char *file = env("CIB_file");
    HCLUSTER h;

    if (file != NULL && env("CIB_shadow") == NULL) {
        /* what libcib would refuse, said plainly (and without the
         * schema validator's complaints about a file that is no CIB) */
        g_autofree char *problem = cib_file_problem(file, true);

        if (problem != NULL) {
            fprintf(stderr, "clusapi: %s\n", problem);
            return EXIT_ERROR;
        }
    }
    h = OpenClusterA(NULL);
    if (h == NULL) {
        return open_failed(GetLastError());
    }
    *ret = h;
    return EXIT_OK;
}

/* --- states --------------------------------------------------------- */

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

/* The columns of a kind in the text tables: name, state, owner, group. */
static int
kind_columns(DWORD type)
{
    switch (type) {
        case CLUSTER_ENUM_RESTYPE: return 1;
        case CLUSTER_ENUM_GROUP: return 3;
        case CLUSTER_ENUM_RESOURCE: return 4;
        default: return 2;
    }
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

/* The failed resource actions (clusapi_failed_actions), in a buffer the
 * caller frees; NULL (with a message) if they cannot be read. */
static CLUSAPI_FAILED_ACTION *
read_failed_actions(HCLUSTER cluster, DWORD *ret_count)
{
    CLUSAPI_FAILED_ACTION *buf = NULL;
    DWORD size = 0, err;

    /* the list may grow between the two calls: ask again */
    while ((err = clusapi_failed_actions(cluster, NULL, buf, &size,
                                         ret_count)) == ERROR_MORE_DATA) {
        g_free(buf);
        buf = g_malloc(size);
    }
    if (err != ERROR_SUCCESS) {
        fprintf(stderr, "clusapi: cannot read the failed actions (error %u)\n",
                err);
        g_free(buf);
        return NULL;
    }
    return buf != NULL ? buf : g_new0(CLUSAPI_FAILED_ACTION, 1);
}

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

/* --- options -------------------------------------------------------- */

#define HELP_ENTRY(var)                                                      \
    { "help", 'h', 0, G_OPTION_ARG_NONE, &(var), "Show this help and exit", \
      NULL }

/* The argument vectors split_values made, kept for as long as clusapi
 * runs (their words are the commands' arguments). */
static GPtrArray *arg_store;

/* Whether the short option c of entries takes a value. */
static bool
takes_value(const GOptionEntry *entries, char c)
{
    for (const GOptionEntry *e = entries; e->long_name != NULL; e++) {
        if (e->short_name == c) {
            return e->arg != G_OPTION_ARG_NONE;
        }
    }
    return false;
}

/* GOption takes a short option's value from the next word only; split
 * getopt's "-c5" (and "-jc5") into "-c" "5" before it parses. */
static void
split_values(const GOptionEntry *entries, int *argc, char ***argv)
{
    char **v = g_new0(char *, 2 * (size_t) *argc + 1);
    int n = 0;
    bool options_end = false;

    if (arg_store == NULL) {
        arg_store = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(arg_store, v);
    for (int i = 0; i < *argc; i++) {
        char *a = (*argv)[i];

        v[n++] = a;
        if (i == 0 || options_end || a[0] != '-' || a[1] == '-'
            || a[1] == '\0') {
            options_end = options_end || strcmp(a, "--") == 0;
            continue;
        }
        for (const char *p = a + 1; *p != '\0'; p++) {
            if (takes_value(entries, *p) && p[1] != '\0') {
                v[n - 1] = g_strndup(a, (gsize) (p + 1 - a));
                v[n++] = g_strdup(p + 1);
                g_ptr_array_add(arg_store, v[n - 2]);
                g_ptr_array_add(arg_store, v[n - 1]);
                break;
            }
        }
    }
    *argc = n;
    *argv = v;
}

/* Parse the options of a command (cmd NULL: of clusapi itself, up to the
 * command word) with GOption; *argc and *argv are left with argv[0] and the
 * words that are not options.  Returns -1 to go on, else the exit code
 * (after --help, or a usage error). */
static int
parse_options(const char *cmd, const char *params, const char *summary,
              const char *description, const GOptionEntry *entries,
              gpointer data, const gboolean *help, int *argc, char ***argv)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new(params);
    g_autoptr(GError) err = NULL;
    g_autofree char *prgname = g_strconcat("clusapi", cmd != NULL ? " " : "",
                                           cmd, NULL);
    GOptionGroup *group = g_option_group_new("main", "", "", data, NULL);
    int words = 1;
    bool options_end = false;

    g_set_prgname(prgname);
    split_values(entries, argc, argv);
    g_option_group_add_entries(group, entries);
    g_option_context_set_main_group(ctx, group);
    g_option_context_set_help_enabled(ctx, FALSE);
    g_option_context_set_ignore_unknown_options(ctx, TRUE);
    /* clusapi's own options come before the command word */
    g_option_context_set_strict_posix(ctx, cmd == NULL);
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_description(ctx, description);
    if (!g_option_context_parse(ctx, argc, argv, &err)) {
        g_autofree char *msg = g_strdup(err->message);

        /* GOption's messages start with a capital ("Missing argument for
         * --count"); ours do not */
        if (g_ascii_isupper(msg[0]) && !g_ascii_isupper(msg[1])) {
            msg[0] = g_ascii_tolower(msg[0]);
        }
        return usage_error(cmd, "%s", msg);
    }
    if (*help) {
        g_autofree char *text = g_option_context_get_help(ctx, TRUE, NULL);
        GString *out = g_string_new(text);

        return finish_output(out);
    }
    /* what GOption left: unknown options, and the words */
    for (int i = 1; i < *argc; i++) {
        char *a = (*argv)[i];

        if (!options_end && strcmp(a, "--") == 0) {
            options_end = true;
            continue;
        }
        if (!options_end && a[0] == '-' && a[1] != '\0') {
            return usage_error(cmd, "unknown option %s", a);
        }
        (*argv)[words++] = a;
        if (cmd == NULL) {
            /* the command word: its own options follow */
            for (i++; i < *argc; i++) {
                (*argv)[words++] = (*argv)[i];
            }
        }
    }
    *argc = words;
    return -1;
}

/* The words left after the options of cmd: at most max of them. */
static int
check_words(const char *cmd, int argc, char **argv, int max)
{
    if (argc - 1 > max) {
        return usage_error(cmd, "unexpected argument '%s'", argv[1 + max]);
    }
    return -1;
}

/* --- watch ---------------------------------------------------------- */

typedef struct {
    gboolean json;
    gboolean show_state;
    gboolean help;
    DWORD filter;
    long count;     /* -1: no --count */
    double timeout; /* -1: no --timeout */
} watch_opts_t;

static gboolean
opt_filter(const char *option, const char *value, gpointer data,
           GError **error)
{
    watch_opts_t *o = data;
    DWORD filter = 0;
    g_auto(GStrv) names = g_strsplit(value, ",", -1);

    for (char **n = names; *n != NULL; n++) {
        DWORD bit = 0;
        const char *q;

        g_strstrip(*n);
        if (**n == '\0') {
            continue;
        }
        q = *n;
        if (g_ascii_strncasecmp(q, "CLUSTER_CHANGE_", 15) == 0) {
            q += 15;
        }
        if (g_ascii_strcasecmp(*n, "ALL") == 0) {
            bit = CLUSTER_CHANGE_ALL;
        }
        for (int i = 0; bit == 0 && i < 32; i++) {
            const char *name = clusapi_change_name(1u << i);

            if (name != NULL && g_ascii_strcasecmp(name, q) == 0) {
                bit = 1u << i;
            }
        }
        if (bit == 0) {
            g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "%s: unknown event name '%s'", option, *n);
            return FALSE;
        }
        filter |= bit;
    }
    if (filter == 0) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s '%s' names no event: give one or more event names "
                    "separated by commas, such as NODE_STATE,RESOURCE_STATE",
                    option, value);
        return FALSE;
    }
    o->filter = filter;
    return TRUE;
}

static gboolean
opt_count(const char *option, const char *value, gpointer data,
          GError **error)
{
    watch_opts_t *o = data;
    char *end = NULL;
    long count;

    errno = 0;
    count = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || errno != 0 || count <= 0) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s needs a positive whole number, not '%s'", option,
                    value);
        return FALSE;
    }
    o->count = count;
    return TRUE;
}

static gboolean
opt_timeout(const char *option, const char *value, gpointer data,
            GError **error)
{
    watch_opts_t *o = data;
    char *end = NULL;
    double t;

    errno = 0;
    t = g_ascii_strtod(value, &end);
    if (*value == '\0' || *end != '\0' || isnan(t) || isinf(t) || t < 0
        || errno == ERANGE) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s needs a number of seconds, 0 or more, not '%s'",
                    option, value);
        return FALSE;
    }
    if (t > (double) (G_MAXINT64 / 2 / G_USEC_PER_SEC)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s %s: too many seconds", option, value);
        return FALSE;
    }
    o->timeout = t;
    return TRUE;
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

static int
cmd_watch(int argc, char **argv)
{
    watch_opts_t o = { .filter = CLUSTER_CHANGE_ALL, .count = -1,
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
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                   o.filter, 1);
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
    deadline = o.timeout >= 0 ? g_get_monotonic_time()
                                    + (gint64) (o.timeout * G_USEC_PER_SEC)
                              : G_MAXINT64;
    buf = g_malloc(cap);
    while (!stop && (o.count < 0 || seen < o.count)) {
        DWORD_PTR key = 0;
        DWORD type = 0;
        DWORD len = cap;
        gint64 now = g_get_monotonic_time();
        DWORD wait_ms;
        DWORD err;
        GString *line;
        int werr;

        if (now >= deadline) {
            rc = EXIT_TIMEOUT;
            break;
        }
        if (output_closed()) {
            /* nobody reads any more (clusapi watch | head -n 1) */
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
        line = g_string_new(NULL);
        format_event(line, o.json, type, buf, key,
                     o.show_state ? cluster : NULL);
        werr = write_out(line);
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
    return rc;
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

static int
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

static int
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
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (strcmp(argv[1], kinds[i].word) == 0) {
            type = kinds[i].type;
        }
    }
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

static int
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

static int
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
                                   CLUSTER_CHANGE_ALL, 0);
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

/* --- exec: alert agents driven by the events -------------------------- */

static const char exec_summary[] =
    "Run AGENT once per event, with the environment of a Pacemaker alert\n"
    "agent (CRM_alert_kind, CRM_alert_node, CRM_alert_rsc, CRM_alert_desc,\n"
    "...) and clusapi's own view (CLUSAPI_EVENT, CLUSAPI_NAME,\n"
    "CLUSAPI_STATE, ...), so that the agents Pacemaker ships\n"
    "(alert_file.sh.sample, alert_smtp, alert_snmp) work unchanged, and\n"
    "hear of everything the events report: also resources and groups\n"
    "created, changed and deleted, networks and quorum.  One agent at a\n"
    "time, in event order, each killed after --timeout; events wait in a\n"
    "queue meanwhile.  Ends on SIGINT or SIGTERM.";

static const char exec_description[] =
    "The mapping from events to CRM_alert_* variables is in clusapi(1).\n"
    "\n"
    "Exit codes: 0 ended by a signal, 1 error (an agent that cannot be\n"
    "run), 2 usage error, 3 no cluster running.";

/* Events that wait for the agent (--queue); beyond, the oldest are dropped
 * and their objects' current states are handed to the agent once the queue
 * emptied */
#define EXEC_QUEUE_DEFAULT 4096

typedef struct exec_job {
    DWORD type;        /* CLUSTER_CHANGE_* */
    char *name;
    char *state;       /* read when the event was taken: NULL for none */
    char *owner;
    char *group;
    gint64 when_us;    /* real time, when the event was taken */
} exec_job_t;

typedef struct {
    /* options: --filter, --timeout (the agent's) and --help as watch's */
    watch_opts_t o;
    char *recipient;
    char *tstamp_format;
    int queue_max;
    char *agent;
    /* running */
    HCLUSTER cluster;
    HCHANGE port;
    GMainLoop *loop;
    GQueue queue;              /* exec_job_t * */
    GHashTable *dropped;       /* "TYPE\tname" -> exec_job_t *, overflow */
    guint64 ndropped;
    GHashTable *last_owner;    /* resource/group name -> node it was on */
    GHashTable *last_state;    /* group name -> its state the agent got */
    GHashTable *implicit;      /* names of the implicit groups seen (one
                                * member of the same name) */
    GPid child;                /* 0: none running */
    guint child_timer;
    bool child_killed;
    unsigned long sequence;
    char version[64];          /* the DC's Pacemaker version, x.y.z */
    char cluster_name[256];
    int rc;
} exec_ctx_t;

static void
exec_job_free(gpointer p)
{
    exec_job_t *j = p;

    if (j != NULL) {
        g_free(j->name);
        g_free(j->state);
        g_free(j->owner);
        g_free(j->group);
        g_free(j);
    }
}

/* Pacemaker's words for a few results (2.1 / 3.0) */
static const char *
ocf_word(int rc)
{
    const bool three = CLUSAPI_PACEMAKER_VERSION >= 30000;

    switch (rc) {
        case 0: return three ? "OK" : "ok";
        case 1: return three ? "Error occurred" : "error";
        case 7: return three ? "Not running" : "not running";
        default: return three ? "Unknown exit status" : "unknown";
    }
}

static const char *
pending_word(void)
{
    return CLUSAPI_PACEMAKER_VERSION >= 30000 ? "Pending" : "pending";
}

/* pcmk__time_format_hr: strftime with %N (or %<digits>N) for the digits
 * of the fraction of a second, at most 6 */
static char *
format_timestamp(const char *fmt, gint64 when_us)
{
    time_t t = (time_t) (when_us / G_USEC_PER_SEC);
    int usec = (int) (when_us % G_USEC_PER_SEC);
    char usec_s[8];
    struct tm tm;
    GString *out = g_string_new(NULL);
    GString *part = g_string_new(NULL);

    g_snprintf(usec_s, sizeof(usec_s), "%06d", usec);
    localtime_r(&t, &tm);
    for (const char *p = fmt;; p++) {
        int digits = 0;
        const char *q = p + 1;

        if (*p == '%') {
            while (*q >= '0' && *q <= '9') {
                digits = digits * 10 + (*q - '0');
                q++;
            }
        }
        if (*p == '\0' || (*p == '%' && *q == 'N')) {
            char buf[256];

            if (part->len > 0) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
                size_t n = strftime(buf, sizeof(buf), part->str, &tm);
#pragma GCC diagnostic pop

                g_string_append_len(out, buf, (gssize) n);
                g_string_truncate(part, 0);
            }
            if (*p == '\0') {
                break;
            }
            g_string_append_len(out, usec_s, MIN(digits, 6));
            p = q;
            continue;
        }
        g_string_append_c(part, *p);
        if (*p == '%' && p[1] != '\0') {
            g_string_append_c(part, *++p);
        }
    }
    g_string_free(part, TRUE);
    return g_string_free(out, FALSE);
}

/* the kind of object an event is about */
static const char *
event_object_type(DWORD type)
{
    if (type & (CLUSTER_CHANGE_NODE_STATE | CLUSTER_CHANGE_NODE_ADDED
                | CLUSTER_CHANGE_NODE_DELETED | CLUSTER_CHANGE_NODE_PROPERTY)) {
        return "node";
    }
    if (type & (CLUSTER_CHANGE_GROUP_STATE | CLUSTER_CHANGE_GROUP_ADDED
                | CLUSTER_CHANGE_GROUP_DELETED
                | CLUSTER_CHANGE_GROUP_PROPERTY)) {
        return "group";
    }
    if (type & (CLUSTER_CHANGE_RESOURCE_STATE | CLUSTER_CHANGE_RESOURCE_ADDED
                | CLUSTER_CHANGE_RESOURCE_DELETED
                | CLUSTER_CHANGE_RESOURCE_PROPERTY)) {
        return "resource";
    }
    if (type & (CLUSTER_CHANGE_NETWORK_STATE | CLUSTER_CHANGE_NETWORK_ADDED
                | CLUSTER_CHANGE_NETWORK_DELETED
                | CLUSTER_CHANGE_NETWORK_PROPERTY)) {
        return "network";
    }
    if (type & (CLUSTER_CHANGE_NETINTERFACE_STATE
                | CLUSTER_CHANGE_NETINTERFACE_ADDED
                | CLUSTER_CHANGE_NETINTERFACE_DELETED
                | CLUSTER_CHANGE_NETINTERFACE_PROPERTY)) {
        return "netinterface";
    }
    return "cluster";
}

static void
setenv2(GPtrArray *env, const char *key, const char *value)
{
    /* Pacemaker sets each key twice: CRM_alert_KEY, and CRM_notify_KEY for
     * agents written for ocf:pacemaker:ClusterMon */
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_%s=%s", key,
                                         value != NULL ? value : ""));
    g_ptr_array_add(env, g_strdup_printf("CRM_notify_%s=%s", key,
                                         value != NULL ? value : ""));
}

static void
setenv2_int(GPtrArray *env, const char *key, long long value)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%lld", value);
    setenv2(env, key, buf);
}

/* A resource operation, as a resource alert reports one */
typedef struct {
    const char *node;
    const char *task;
    long long interval;
    int rc;
    int status;
    int target_rc;
    const char *desc;
} exec_op_t;

/* The operation that explains a resource's (or group's) state: its last
 * failed action for Failed, else start or stop, done or pending. */
static void
explain_state(exec_ctx_t *x, const exec_job_t *j, exec_op_t *op,
              CLUSAPI_FAILED_ACTION **failed)
{
    const char *st = j->state != NULL ? j->state : "Unknown";

    op->interval = 0;
    op->status = 0;
    op->rc = 0;
    op->target_rc = 0;
    if (g_ascii_strcasecmp(st, "Failed") == 0) {
        DWORD n = 0;
        CLUSAPI_FAILED_ACTION *best = NULL;

        *failed = read_failed_actions(x->cluster, &n);
        for (DWORD i = 0; *failed != NULL && i < n; i++) {
            CLUSAPI_FAILED_ACTION *a = &(*failed)[i];

            if (g_ascii_strcasecmp(a->lpszResource, j->name) == 0
                && (best == NULL || a->llLastRcChange >= best->llLastRcChange)) {
                best = a;
            }
        }
        if (best != NULL) {
            op->node = best->lpszNode;
            op->task = best->lpszTask;
            op->interval = best->dwIntervalMs;
            op->rc = (int) best->lExitCode;
            op->status = (int) best->lExecStatus;
            op->target_rc = (best->dwIntervalMs == 0
                             && strcmp(best->lpszTask, "monitor") == 0)
                                ? 7
                                : 0;
            op->desc = best->lExecStatus == 0 ? best->lpszExitStatus
                                              : best->lpszExecStatus;
            return;
        }
        op->task = "monitor";
        op->rc = 1;
        op->desc = ocf_word(1);
        return;
    }
    if (g_ascii_strcasecmp(st, "Online") == 0
        || g_ascii_strcasecmp(st, "PartialOnline") == 0) {
        op->task = "start";
    } else if (g_ascii_strcasecmp(st, "OnlinePending") == 0
               || g_ascii_strcasecmp(st, "Pending") == 0) {
        /* a group's Pending: stopping if it was (partly) online */
        const char *was = g_hash_table_lookup(x->last_state, j->name);
        bool stopping = g_ascii_strcasecmp(st, "Pending") == 0 && was != NULL
                        && (strcmp(was, "Online") == 0
                            || strcmp(was, "PartialOnline") == 0);

        op->task = stopping ? "stop" : "start";
        op->status = -1;
        op->rc = 193;
    } else if (g_ascii_strcasecmp(st, "OfflinePending") == 0) {
        op->task = "stop";
        op->status = -1;
        op->rc = 193;
    } else if (g_ascii_strcasecmp(st, "Offline") == 0) {
        op->task = "stop";
    } else {
        op->task = "monitor";
        op->rc = 7;
        op->target_rc = 7;
    }
    op->desc = op->status == -1 ? pending_word() : ocf_word(op->rc);
}

/* The environment of the agent for one job: ours, without any CRM_alert_*
 * or CRM_notify_* of our own, then the alert's variables. */
static char **
exec_env(exec_ctx_t *x, const exec_job_t *j)
{
    GPtrArray *env = g_ptr_array_new();
    char **own = g_get_environ();
    const char *otype = event_object_type(j->type);
    const char *event = clusapi_change_name(j->type);
    g_autofree char *stamp = format_timestamp(x->tstamp_format, j->when_us);
    g_autofree CLUSAPI_FAILED_ACTION *failed = NULL;
    const char *last;
    char buf[64];

    for (char **e = own; *e != NULL; e++) {
        if (!g_str_has_prefix(*e, "CRM_alert_")
            && !g_str_has_prefix(*e, "CRM_notify_")
            && !g_str_has_prefix(*e, "CLUSAPI_")) {
            g_ptr_array_add(env, g_strdup(*e));
        }
    }
    g_strfreev(own);

    setenv2(env, "version", x->version);
    setenv2(env, "recipient", x->recipient);
    setenv2_int(env, "node_sequence", (long long) ++x->sequence);
    setenv2(env, "timestamp", stamp);
    setenv2_int(env, "timestamp_epoch", j->when_us / G_USEC_PER_SEC);
    g_snprintf(buf, sizeof(buf), "%06d", (int) (j->when_us % G_USEC_PER_SEC));
    setenv2(env, "timestamp_usec", buf);

    last = g_hash_table_lookup(x->last_owner, j->name);
    if (strcmp(otype, "resource") == 0 || strcmp(otype, "group") == 0) {
        exec_op_t op = { .node = (j->owner != NULL && j->owner[0]) ? j->owner
                                 : last != NULL ? last : "" };

        if (j->type & (CLUSTER_CHANGE_RESOURCE_STATE
                       | CLUSTER_CHANGE_GROUP_STATE)) {
            explain_state(x, j, &op, &failed);
        } else {
            op.task = (j->type & (CLUSTER_CHANGE_RESOURCE_ADDED
                                  | CLUSTER_CHANGE_GROUP_ADDED))
                          ? "create"
                      : (j->type & (CLUSTER_CHANGE_RESOURCE_DELETED
                                    | CLUSTER_CHANGE_GROUP_DELETED))
                          ? "delete"
                          : "configure";
            op.desc = ocf_word(0);
        }
        setenv2(env, "kind", "resource");
        setenv2(env, "node", op.node);
        setenv2(env, "rsc", j->name);
        setenv2(env, "task", op.task);
        setenv2_int(env, "interval", op.interval);
        setenv2_int(env, "rc", op.rc);
        setenv2_int(env, "status", op.status);
        setenv2_int(env, "target_rc", op.target_rc);
        setenv2(env, "desc", op.desc);
    } else if (j->type == CLUSTER_CHANGE_QUORUM_STATE) {
        bool quorate = false;

        (void) read_quorum(x->cluster, &quorate);
        setenv2(env, "kind", "attribute");
        setenv2(env, "node", x->cluster_name);
        setenv2(env, "attribute_name", "have-quorum");
        setenv2(env, "attribute_value", quorate ? "1" : "0");
    } else if (j->type & (CLUSTER_CHANGE_CLUSTER_STATE
                          | CLUSTER_CHANGE_CLUSTER_RECONNECT
                          | CLUSTER_CHANGE_CLUSTER_PROPERTY)) {
        setenv2(env, "kind", "attribute");
        setenv2(env, "node", x->cluster_name);
        if (j->type == CLUSTER_CHANGE_CLUSTER_PROPERTY) {
            setenv2(env, "attribute_name", "cluster-properties");
            setenv2(env, "attribute_value", "changed");
        } else {
            setenv2(env, "attribute_name", "connection");
            setenv2(env, "attribute_value",
                    j->type == CLUSTER_CHANGE_CLUSTER_STATE ? "lost"
                                                            : "reconnected");
        }
    } else {
        /* nodes, networks, interfaces: "Node 'X' is now 'DESC'" */
        const char *desc;
        g_autofree char *lower = NULL;

        if (j->type & (CLUSTER_CHANGE_NODE_ADDED | CLUSTER_CHANGE_NETWORK_ADDED
                       | CLUSTER_CHANGE_NETINTERFACE_ADDED)) {
            desc = "added";
        } else if (j->type & (CLUSTER_CHANGE_NODE_DELETED
                              | CLUSTER_CHANGE_NETWORK_DELETED
                              | CLUSTER_CHANGE_NETINTERFACE_DELETED)) {
            desc = "deleted";
        } else if (j->type & (CLUSTER_CHANGE_NODE_PROPERTY
                              | CLUSTER_CHANGE_NETWORK_PROPERTY
                              | CLUSTER_CHANGE_NETINTERFACE_PROPERTY)) {
            desc = "changed";
        } else if (j->type == CLUSTER_CHANGE_NODE_STATE) {
            /* Pacemaker's words for the membership: member or lost */
            const char *st = j->state != NULL ? j->state : "Unknown";

            desc = g_ascii_strcasecmp(st, "Down") == 0 ? "lost"
                   : g_ascii_strcasecmp(st, "Paused") == 0 ? "paused"
                   : g_ascii_strcasecmp(st, "Unknown") == 0 ? "unknown"
                                                           : "member";
        } else {
            desc = lower = g_ascii_strdown(j->state != NULL ? j->state
                                                            : "unknown", -1);
        }
        setenv2(env, "kind", "node");
        setenv2(env, "node", j->name);
        setenv2(env, "desc", desc);
    }

    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_EVENT=%s",
                                         event != NULL ? event : "UNKNOWN"));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_NAME=%s", j->name));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_OBJECT_TYPE=%s", otype));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_STATE=%s",
                                         j->state != NULL ? j->state : ""));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_OWNER=%s",
                                         j->owner != NULL ? j->owner : ""));
    g_ptr_array_add(env, g_strdup_printf("CLUSAPI_GROUP=%s",
                                         j->group != NULL ? j->group : ""));
    g_ptr_array_add(env, NULL);
    return (char **) g_ptr_array_free(env, FALSE);
}

/* A job for an event taken now: the object's state read now. */
static exec_job_t *
exec_job_new(exec_ctx_t *x, DWORD type, const char *name)
{
    exec_job_t *j = g_new0(exec_job_t, 1);
    const char *otype = event_object_type(type);
    static const struct {
        const char *name;
        DWORD kind;
    } objkinds[] = { { "node", CLUSTER_ENUM_NODE },
                  { "group", CLUSTER_ENUM_GROUP },
                  { "resource", CLUSTER_ENUM_RESOURCE },
                  { "network", CLUSTER_ENUM_NETWORK },
                  { "netinterface", CLUSTER_ENUM_NETINTERFACE } };

    j->type = type;
    j->name = g_strdup(name);
    j->when_us = g_get_real_time();
    for (size_t i = 0; i < G_N_ELEMENTS(objkinds); i++) {
        char owner[256], group[256];
        const char *st;

        if (strcmp(otype, objkinds[i].name) != 0) {
            continue;
        }
        st = object_state(x->cluster, objkinds[i].kind, name, owner,
                          sizeof(owner), group, sizeof(group));
        if (st != NULL && strcmp(st, "Unknown") != 0) {
            j->state = g_strdup(st);
        }
        j->owner = g_strdup(owner);
        j->group = g_strdup(group);
    }
    return j;
}

static void exec_next(exec_ctx_t *x);

static void
on_agent_exit(GPid pid, gint status, gpointer data)
{
    exec_ctx_t *x = data;
    g_autoptr(GError) err = NULL;

    g_spawn_close_pid(pid);
    if (x->child_timer != 0) {
        g_source_remove(x->child_timer);
        x->child_timer = 0;
    }
    if (x->child_killed) {
        fprintf(stderr, "clusapi: exec: %s timed out after %g s and was "
                        "killed\n",
                x->agent, x->o.timeout);
    } else if (!g_spawn_check_exit_status(status, &err)) {
        fprintf(stderr, "clusapi: exec: %s: %s\n", x->agent, err->message);
    }
    x->child = 0;
    x->child_killed = false;
    exec_next(x);
}

static gboolean
on_agent_timeout(gpointer data)
{
    exec_ctx_t *x = data;

    x->child_timer = 0;
    x->child_killed = true;
    kill(-x->child, SIGKILL); /* its process group: what it started too */
    kill(x->child, SIGKILL);
    return G_SOURCE_REMOVE;
}

static void
agent_setup(gpointer data)
{
    (void) setpgid(0, 0);
}

/* Start the agent for the next job, if none runs.  Once the queue is
 * empty after an overflow, the objects of the dropped events get a job
 * each, with their state now. */
static void
exec_next(exec_ctx_t *x)
{
    exec_job_t *j;
    char **env;
    char *argv[] = { x->agent, NULL };
    g_autoptr(GError) err = NULL;

    if (x->child != 0) {
        return;
    }
    if (g_queue_is_empty(&x->queue) && g_hash_table_size(x->dropped) > 0) {
        GHashTableIter it;
        gpointer v;

        fprintf(stderr, "clusapi: exec: %" G_GUINT64_FORMAT " events did not "
                        "fit in the queue (%d): the current state of their "
                        "%u objects follows\n",
                x->ndropped, x->queue_max, g_hash_table_size(x->dropped));
        g_hash_table_iter_init(&it, x->dropped);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            const exec_job_t *d = v;

            g_queue_push_tail(&x->queue, exec_job_new(x, d->type, d->name));
        }
        g_hash_table_remove_all(x->dropped);
        x->ndropped = 0;
    }
    j = g_queue_pop_head(&x->queue);
    if (j == NULL) {
        return;
    }
    env = exec_env(x, j);
    if (j->owner != NULL && j->owner[0] != '\0') {
        g_hash_table_replace(x->last_owner, g_strdup(j->name),
                             g_strdup(j->owner));
    }
    if (j->type == CLUSTER_CHANGE_GROUP_STATE && j->state != NULL
        && strcmp(j->state, "Pending") != 0) {
        g_hash_table_replace(x->last_state, g_strdup(j->name),
                             g_strdup(j->state));
    }
    if (!g_spawn_async(NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                       agent_setup, NULL, &x->child, &err)) {
        fprintf(stderr, "clusapi: exec: cannot run %s: %s\n", x->agent,
                err->message);
        x->child = 0;
        x->rc = EXIT_ERROR;
        g_main_loop_quit(x->loop);
    } else {
        g_child_watch_add(x->child, on_agent_exit, x);
        x->child_timer = g_timeout_add((guint) MIN(x->o.timeout * 1000.0,
                                                   (double) G_MAXUINT),
                                       on_agent_timeout, x);
    }
    g_strfreev(env);
    exec_job_free(j);
}

/* Whether a group event repeats a resource event the agent gets anyway:
 * the group is the implicit one of an ungrouped resource (its only member
 * has its name; a group deleted already: as it was when last seen), and
 * the filter has the resource's counterpart of the event. */
static bool
repeats_resource_event(exec_ctx_t *x, DWORD type, const char *name)
{
    static const DWORD pairs[][2] = {
        { CLUSTER_CHANGE_GROUP_STATE, CLUSTER_CHANGE_RESOURCE_STATE },
        { CLUSTER_CHANGE_GROUP_ADDED, CLUSTER_CHANGE_RESOURCE_ADDED },
        { CLUSTER_CHANGE_GROUP_DELETED, CLUSTER_CHANGE_RESOURCE_DELETED },
        { CLUSTER_CHANGE_GROUP_PROPERTY, CLUSTER_CHANGE_RESOURCE_PROPERTY },
    };
    DWORD twin = 0;
    HGROUP g;

    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (type == pairs[i][0]) {
            twin = pairs[i][1];
        }
    }
    if (twin == 0 || (x->o.filter & twin) == 0) {
        return false;
    }
    g = OpenClusterGroupA(x->cluster, name);
    if (g != NULL) {
        HGROUPENUM e = ClusterGroupOpenEnum(g, CLUSTER_GROUP_ENUM_CONTAINS);
        char member[512];
        DWORD t = 0, len = sizeof(member);
        bool one = e != NULL && ClusterGroupGetEnumCount(e) == 1
                   && ClusterGroupEnumA(e, 0, &t, member, &len)
                          == ERROR_SUCCESS
                   && strcmp(member, name) == 0;

        if (e != NULL) {
            ClusterGroupCloseEnum(e);
        }
        CloseClusterGroup(g);
        if (one) {
            g_hash_table_add(x->implicit, g_strdup(name));
        } else {
            g_hash_table_remove(x->implicit, name);
        }
    }
    return g_hash_table_contains(x->implicit, name);
}

/* The port is readable: take every event queued, then run the agent. */
static gboolean
on_exec_port(gint fd, GIOCondition cond, gpointer data)
{
    exec_ctx_t *x = data;
    char buf[1024];

    for (;;) {
        DWORD_PTR key = 0;
        DWORD type = 0, len = sizeof(buf);
        DWORD err = GetClusterNotifyA(x->port, &key, &type, buf, &len, 0);
        exec_job_t *j;

        if (err == WAIT_TIMEOUT) {
            break;
        }
        if (err != ERROR_SUCCESS) {
            fprintf(stderr, "clusapi: GetClusterNotify failed (error %u)\n",
                    err);
            x->rc = EXIT_ERROR;
            g_main_loop_quit(x->loop);
            return G_SOURCE_REMOVE;
        }
        if (type == CLUSTER_CHANGE_HANDLE_CLOSE
            || repeats_resource_event(x, type, buf)) {
            continue;
        }
        if (g_queue_get_length(&x->queue) >= (guint) x->queue_max) {
            /* the oldest waits no more: its object is read again later */
            j = g_queue_pop_head(&x->queue);
            g_hash_table_replace(x->dropped,
                                 g_strdup_printf("%u\t%s", j->type, j->name),
                                 j);
            x->ndropped++;
        }
        g_queue_push_tail(&x->queue, exec_job_new(x, type, buf));
    }
    exec_next(x);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_exec_signal(gpointer data)
{
    exec_ctx_t *x = data;

    g_main_loop_quit(x->loop);
    return G_SOURCE_CONTINUE;
}

static int
cmd_exec(int argc, char **argv)
{
    exec_ctx_t x = { .o = { .filter = CLUSTER_CHANGE_ALL, .count = -1,
                            .timeout = 30 },
                     .queue_max = EXEC_QUEUE_DEFAULT };
    const GOptionEntry entries[] = {
        { "filter", 'f', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_filter, "Run the agent only for the events named "
          "(default ALL; the names of 'clusapi watch --help')", "NAME,..." },
        { "recipient", 'r', 0, G_OPTION_ARG_STRING, &x.recipient,
          "CRM_alert_recipient (such as the file of alert_file.sh.sample)",
          "RECIPIENT" },
        { "timeout", 't', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK,
          (gpointer) opt_timeout,
          "Kill an agent that runs longer (default 30, as Pacemaker's)",
          "SECONDS" },
        { "timestamp-format", 'T', 0, G_OPTION_ARG_STRING, &x.tstamp_format,
          "strftime format of CRM_alert_timestamp, %N the fraction of a "
          "second (default %H:%M:%S.%06N)", "FORMAT" },
        { "queue", 'q', 0, G_OPTION_ARG_INT, &x.queue_max,
          "Events that wait for the agent, at most (default 4096)", "N" },
        HELP_ENTRY(x.o.help),
        { 0 },
    };
    CLUSTERVERSIONINFOA vi = { .dwVersionInfoSize = sizeof(vi) };
    DWORD nlen;
    struct stat st;
    int fd;
    int rc = parse_options("exec", "AGENT", exec_summary, exec_description,
                           entries, &x.o, &x.o.help, &argc, &argv);

    if (rc < 0 && argc < 2) {
        rc = usage_error("exec", "which AGENT?");
    }
    if (rc < 0) {
        rc = check_words("exec", argc, argv, 1);
    }
    if (rc < 0 && x.o.timeout <= 0) {
        rc = usage_error("exec", "--timeout must be more than 0");
    }
    if (rc < 0 && x.queue_max < 1) {
        rc = usage_error("exec", "--queue must be 1 or more");
    }
    if (rc >= 0) {
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return rc;
    }
    x.agent = argv[1];
    if (stat(x.agent, &st) != 0 || !S_ISREG(st.st_mode)
        || access(x.agent, X_OK) != 0) {
        fprintf(stderr, "clusapi: exec: %s is not an executable file\n",
                x.agent);
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return EXIT_ERROR;
    }
    if (x.recipient == NULL) {
        x.recipient = g_strdup("");
    }
    if (x.tstamp_format == NULL) {
        x.tstamp_format = g_strdup("%H:%M:%S.%06N");
    }
    rc = open_cluster(&x.cluster);
    if (rc != EXIT_OK) {
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return rc;
    }
    nlen = sizeof(x.cluster_name);
    if (GetClusterInformationA(x.cluster, x.cluster_name, &nlen, &vi)
        != ERROR_SUCCESS) {
        x.cluster_name[0] = '\0';
    }
    g_snprintf(x.version, sizeof(x.version), "%u.%u.%u", vi.MajorVersion,
               vi.MinorVersion, vi.BuildNumber);
    x.port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE,
                                     x.cluster, x.o.filter, 1);
    fd = x.port != NULL ? clusapi_port_fd(x.port) : -1;
    if (fd < 0) {
        fprintf(stderr, "clusapi: cannot create a notification port (error "
                        "%u)\n",
                GetLastError());
        if (x.port != NULL) {
            CloseClusterNotifyPort(x.port);
        }
        CloseCluster(x.cluster);
        g_free(x.recipient);
        g_free(x.tstamp_format);
        return EXIT_ERROR;
    }
    g_queue_init(&x.queue);
    x.dropped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      exec_job_free);
    x.last_owner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         g_free);
    x.implicit = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    x.last_state = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         g_free);
    x.loop = g_main_loop_new(NULL, FALSE);
    g_unix_fd_add(fd, G_IO_IN, on_exec_port, &x);
    g_unix_signal_add(SIGTERM, on_exec_signal, &x);
    g_unix_signal_add(SIGINT, on_exec_signal, &x);
    fprintf(stderr, "clusapi: watching\n");
    g_main_loop_run(x.loop);

    if (x.child != 0) {
        kill(-x.child, SIGTERM);
        kill(x.child, SIGTERM);
    }
    g_main_loop_unref(x.loop);
    g_queue_clear_full(&x.queue, exec_job_free);
    g_hash_table_unref(x.dropped);
    g_hash_table_unref(x.last_owner);
    g_hash_table_unref(x.implicit);
    g_hash_table_unref(x.last_state);
    CloseClusterNotifyPort(x.port);
    CloseCluster(x.cluster);
    g_free(x.recipient);
    g_free(x.tstamp_format);
    return x.rc;
}

/* --- main ----------------------------------------------------------- */

static const char main_summary[] =
    "Watch and query a Corosync + Pacemaker cluster through libclusapi.\n"
    "\n"
    "Commands:\n"
    "  watch [--json] [--filter NAME,...] [--count N] [--timeout SECONDS]\n"
    "        [--state]\n"
    "        print the cluster events as they happen, one per line\n"
    "  state [--json]\n"
    "        print the nodes, groups, resources, networks and network\n"
    "        interfaces with their states, and the quorum\n"
    "  list [--json] nodes|groups|resources|types|networks|netinterfaces\n"
    "        print the objects of one kind\n"
    "  info [--json]\n"
    "        print the cluster's name, Pacemaker version and quorum\n"
    "  wait [--timeout SECONDS] [--node NODE] CONDITION\n"
    "        wait until a node, group or resource is in a state, or the\n"
    "        cluster has quorum\n"
    "  exec [--filter NAME,...] [--recipient R] [--timeout SECONDS]\n"
    "       [--timestamp-format FORMAT] [--queue N] AGENT\n"
    "        run a Pacemaker alert agent once per event";

static const char main_description[] =
    "'clusapi COMMAND --help' describes a command and its options.\n"
    "The CIB is reached as Pacemaker's tools reach it: the local CIB\n"
    "manager, or CIB_file=/path/to/cib.xml for a saved CIB (CIB_port and\n"
    "CIB_server for a remote one).\n"
    "\n"
    "Exit codes: 0 ok, 1 error (permission denied, a bad CIB_file, ...),\n"
    "2 usage error or bad filter, 3 no cluster running, 4 timeout.";

int
main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } commands[] = { { "watch", cmd_watch },
                     { "state", cmd_state },
                     { "list", cmd_list },
                     { "info", cmd_info },
                     { "wait", cmd_wait },
                     { "exec", cmd_exec } };
    struct sigaction sa = { 0 };
    gboolean help = FALSE;
    gboolean version = FALSE;
    const GOptionEntry entries[] = {
        HELP_ENTRY(help),
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version,
          "Print the version and exit", NULL },
        { 0 },
    };
    int rc;

    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* a closed output is seen as EPIPE (watch then ends with status 0) */
    signal(SIGPIPE, SIG_IGN);

    rc = parse_options(NULL, "COMMAND [OPTION…]", main_summary,
                       main_description, entries, NULL, &help, &argc, &argv);
    if (rc >= 0) {
        return rc;
    }
    if (version) {
        return finish_output(g_string_new("clusapi (" PACKAGE_NAME ") "
                                          PACKAGE_VERSION "\n"));
    }
    if (argc < 2) {
        return usage_error(NULL, "no command given: watch, state, list, "
                                 "info, wait or exec");
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    return usage_error(NULL, "unknown command '%s'", argv[1]);
}

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
 *   clusapi reg [--json] [--recursive] [KEY]
 *   clusapi --help | --version
 * Every command takes --help; options and words come in any order.  Uses
 * only the public API (clusapi.h), through the A (UTF-8) functions.
 *
 * This file: main, the option parser, output and tables, opening the
 * cluster, states by name (cli.h); the commands: watch.c, query.c (state,
 * list, info), wait.c, exec.c, reg.c.
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
#include "cli/cli.h"


volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
    stop = 1;
}

/* A usage error: the message, a one-line hint, EXIT_USAGE.  cmd is the
 * command it is about, or NULL. */
int
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
int
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
int
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

/* Append s as a JSON string. */
void
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

GArray *
table_new(void)
{
    GArray *t = g_array_new(FALSE, TRUE, sizeof(row_t));

    g_array_set_clear_func(t, row_clear);
    return t;
}

void
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
void
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
        } else if (err == ERROR_INVALID_DATA) {
            /* a start that looks like a CIB, the rest not XML */
            fprintf(stderr, "clusapi: CIB_file '%s' is not a CIB: not "
                            "well-formed XML\n",
                    file);
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
    if (err == RPC_S_CALL_FAILED) {
        fprintf(stderr, "clusapi: the CIB manager took the connection but "
                        "did not answer in time (stopped or hung?)\n");
        return EXIT_NO_CLUSTER;
    }
    fprintf(stderr, "clusapi: cannot open the cluster (error %u)\n", err);
    return EXIT_ERROR;
}

int
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
const char *const node_states[4] = { "Up", "Down", "Paused", "Joining" };
const char *const group_states[5] = { "Online", "Offline", "Failed",
                                            "PartialOnline", "Pending" };
const char *const network_states[4] = { "Unavailable", "Down",
                                              "Partitioned", "Up" };
const char *const netinterface_states[4] = { "Unavailable", "Failed",
                                                   "Unreachable", "Up" };

const char *
state_name(int s, const char *const *names, size_t n)
{
    return (s >= 0 && (size_t) s < n) ? names[s] : "Unknown";
}


const char *
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

DWORD
kind_of_word(const char *word)
{
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (strcmp(word, kinds[i].word) == 0) {
            return kinds[i].type;
        }
    }
    return 0;
}

const char *
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
int
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
const char *
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
int
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
CLUSAPI_FAILED_ACTION *
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

/* --- options -------------------------------------------------------- */


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
int
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
int
check_words(const char *cmd, int argc, char **argv, int max)
{
    if (argc - 1 > max) {
        return usage_error(cmd, "unexpected argument '%s'", argv[1 + max]);
    }
    return -1;
}

/* --- options of several commands -------------------------------- */


gboolean
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

gboolean
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

gboolean
opt_timeout(const char *option, const char *value, gpointer data,
            GError **error)
{
    watch_opts_t *o = data;
    char *end = NULL;
    double t;

    errno = 0;
    t = g_ascii_strtod(value, &end);
    /* decimal only: strtod also reads white space, hexadecimal (0x10)
     * and the names of infinity and NaN */
    if (*value == '\0' || *end != '\0' || isnan(t) || isinf(t) || t < 0
        || errno == ERANGE
        || value[strspn(value, "0123456789.eE+-")] != '\0') {
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
    "        run a Pacemaker alert agent once per event\n"
    "  reg [--json] [--recursive] [KEY]\n"
    "        print a key of the cluster database (its values, subkeys)";

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
                     { "exec", cmd_exec },
                     { "reg", cmd_reg } };
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
                                 "info, wait, exec or reg");
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    return usage_error(NULL, "unknown command '%s'", argv[1]);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cli.h - what the commands of clusapi (src/cli/) share: exit codes, the
 * option parser, output and tables, opening the cluster, states by name.
 * Everything here uses the public API (clusapi.h) only.
 */
#ifndef CLUSAPI_CLI_H
#define CLUSAPI_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "clusapi.h"

enum {
    EXIT_OK = 0,
    EXIT_ERROR = 1,
    EXIT_USAGE = 2,
    EXIT_NO_CLUSTER = 3,
    EXIT_TIMEOUT = 4,
};

/* The events of the commands that watch (watch, exec, wait) unless a
 * filter says otherwise: all but the cluster database's (REGISTRY_*),
 * which a filter names (or ALL) */
#define CLI_DEFAULT_EVENTS                                                   \
    (CLUSTER_CHANGE_ALL                                                      \
     & ~(CLUSTER_CHANGE_REGISTRY_NAME | CLUSTER_CHANGE_REGISTRY_ATTRIBUTES \
         | CLUSTER_CHANGE_REGISTRY_VALUE | CLUSTER_CHANGE_REGISTRY_SUBTREE))

/* set by SIGINT and SIGTERM */
extern volatile sig_atomic_t stop;

/* A usage error: the message, a one-line hint, EXIT_USAGE.  cmd is the
 * command it is about, or NULL. */
int usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* ---- output (clusapi.c) ---- */
int write_out(const GString *s);
int finish_output(GString *s);
void json_str(GString *out, const char *s);

/* A table: rows of up to four columns, padded by display width. */
GArray *table_new(void);
void table_add(GArray *t, int ncols, const char *a, const char *b,
               const char *c, const char *d);
void table_print(GString *out, GArray *t);

/* ---- the cluster and its states (clusapi.c) ---- */
int open_cluster(HCLUSTER *ret);
extern const char *const node_states[4];
extern const char *const group_states[5];
extern const char *const network_states[4];
extern const char *const netinterface_states[4];
const char *state_name(int s, const char *const *names, size_t n);
#define STATE_NAME(s, names) state_name((int) (s), names, G_N_ELEMENTS(names))
const char *resource_state_name(CLUSTER_RESOURCE_STATE s);
/* the CLUSTER_ENUM_* kinds by the words of `clusapi list` (nodes, ...) */
DWORD kind_of_word(const char *word); /* 0: none */
const char *kind_word(DWORD type);
int kind_columns(DWORD type);
const char *object_state(HCLUSTER cluster, DWORD type, const char *name,
                         char *owner, DWORD olen, char *group, DWORD glen);
int read_quorum(HCLUSTER cluster, bool *ret_quorate);
CLUSAPI_FAILED_ACTION *read_failed_actions(HCLUSTER cluster,
                                           DWORD *ret_count);

/* ---- options (clusapi.c) ---- */
#define HELP_ENTRY(var)                                                      \
    { "help", 'h', 0, G_OPTION_ARG_NONE, &(var), "Show this help and exit", \
      NULL }

/* Parse the options of cmd (NULL: clusapi's own); -1 to go on, else the
 * exit code (after --help, or a usage error). */
int parse_options(const char *cmd, const char *params, const char *summary,
                  const char *description, const GOptionEntry *entries,
                  gpointer data, const gboolean *help, int *argc,
                  char ***argv);
/* The words left after the options of cmd: at most max of them. */
int check_words(const char *cmd, int argc, char **argv, int max);

/* The options of watch, which wait and exec share in part. */
typedef struct {
    gboolean json;
    gboolean show_state;
    gboolean help;
    DWORD filter;
    long count;     /* -1: no --count */
    double timeout; /* -1: no --timeout */
} watch_opts_t;
gboolean opt_filter(const char *option, const char *value, gpointer data,
                    GError **error);
gboolean opt_count(const char *option, const char *value, gpointer data,
                   GError **error);
gboolean opt_timeout(const char *option, const char *value, gpointer data,
                     GError **error);

/* ---- the commands ---- */
int cmd_watch(int argc, char **argv);  /* watch.c */
int cmd_state(int argc, char **argv);  /* query.c */
int cmd_list(int argc, char **argv);   /* query.c */
int cmd_info(int argc, char **argv);   /* query.c */
int cmd_wait(int argc, char **argv);   /* wait.c */
int cmd_exec(int argc, char **argv);   /* exec.c */
int cmd_reg(int argc, char **argv);    /* reg.c */

#endif

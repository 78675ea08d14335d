/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe.h - the status rules of Pacemaker's scheduler library (lib/pengine,
 * what crm_mon prints), reimplemented on the raw CIB XML one piece at a
 * time, so that the model can recompute only what a diff touched: a
 * cluster node's own state from its node_state, and the outcome of one
 * resource's operation history on one node.  Follows Pacemaker 2.1.5 as
 * Debian 12 ships it, and where a later version changed a rule, that
 * version's rule when cl_pe_opts_t.pcmk says so (up to 3.0.0, Debian 13);
 * docs/pacemaker-states.md says which rules, where they come from, and what
 * is left out, docs/mapping.md which versions differ.
 *
 * Pure: glib and libxml2 only, no I/O, no global state.
 */
#ifndef CLUSAPI_CORE_PE_H
#define CLUSAPI_CORE_PE_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

/* A Pacemaker version, as the rules compare them: CL_PE_PCMK(2, 1, 7) */
#define CL_PE_PCMK(major, minor, patch)                                        \
    ((unsigned) (major) *10000u + (unsigned) (minor) *100u + (unsigned) (patch))
/* the oldest rules followed, and a model's until told otherwise */
#define CL_PE_PCMK_BASE CL_PE_PCMK(2, 1, 5)

/* The cluster options and CIB attributes the rules depend on. */
typedef struct cl_pe_opts {
    unsigned pcmk;          /* the Pacemaker version whose rules apply
                             * (CL_PE_PCMK); kept by clusapi__pe_opts_read */
    bool stonith_enabled;   /* stonith-enabled, default true */
    bool startup_fencing;   /* stonith-enabled && startup-fencing */
    bool maintenance_mode;  /* maintenance-mode */
    bool have_quorum;       /* /cib/@have-quorum */
    bool nq_ignore;         /* no-quorum-policy=ignore */
    bool nq_suicide;        /* no-quorum-policy=suicide (3.0: or fence),
                             * with stonith-enabled */
    bool nq_panic;          /* /cib/@no-quorum-panic: suicide is kept when
                             * quorum is lost (else it reads as stop) */
    bool have_stonith;      /* a stonith-class primitive, or have-watchdog */
    bool have_stonith_rsc;  /* a stonith-class primitive */
    bool have_watchdog;     /* have-watchdog */
    bool asymmetric;        /* symmetric-cluster=false: a "not installed"
                             * result is expected, not a failed action */
    bool keep_orphans;      /* stop-orphan-resources=false: an orphan (a
                             * history no configured resource stands for)
                             * is unmanaged */
    xmlNode *op_defaults;   /* configuration/op_defaults (may be NULL) */
    xmlNode *rsc_defaults;  /* configuration/rsc_defaults (may be NULL) */
    /* what the rules read of those two, as values (a defaults change that
     * leaves them alone changes no state): op_defaults' on-fail (-1 none,
     * else its word's index, CL_PE_ON_FAIL_OTHER for any other word);
     * rsc_defaults' is-managed (0 none or "default", 1 true, 2 false) and
     * maintenance */
    int dflt_on_fail;
    int dflt_managed;
    bool dflt_maintenance;
    long long dflt_failure_timeout; /* rsc_defaults' failure-timeout (ms) */
    long long node_pending_ms; /* node-pending-timeout (2.1.7), 0: none */
    bool dflt_by_rsc;       /* a rule of op_defaults or rsc_defaults names
                             * resources or operations: the values above are
                             * not every resource's */
    /* The time the rules are evaluated at (seconds since the epoch): date
     * rules, failure-timeout.  A rule whose outcome changes at a later time
     * tells it with clusapi__pe_note_change. */
    long long now;
    long long *next_change; /* the earliest such time so far (0: none);
                             * NULL: not collected */
    GHashTable *spec_changes; /* date_spec element -> the time its outcome
                               * changes (long long), found at this now;
                               * NULL: not kept (rules.c) */
} cl_pe_opts_t;

/* An outcome read at o->now changes at time 'when': keep the earliest
 * such time after now in *o->next_change. */
void clusapi__pe_note_change(const cl_pe_opts_t *o, long long when);

#define CL_PE_ON_FAIL_OTHER 100

/* Read the options into o.  Whether a stonith primitive exists is looked
 * up in the resources section only if scan_resources, else kept from o. */
void clusapi__pe_opts_read(cl_pe_opts_t *o, xmlNode *cib,
                           bool scan_resources);
/* Only /cib's own attributes changed: read have-quorum and
 * no-quorum-panic again, keep the rest. */
void clusapi__pe_opts_read_cib(cl_pe_opts_t *o, xmlNode *cib);
/* Only the resources changed: look for a stonith primitive again, keep the
 * rest (the same as clusapi__pe_opts_read with scan_resources then). */
void clusapi__pe_opts_rescan(cl_pe_opts_t *o, xmlNode *cib);

/* A node as crm_mon prints it. */
typedef struct cl_pe_node {
    bool online;
    bool pending;
    bool unclean;
    bool standby;
    bool standby_onfail;
    bool maintenance;
    bool shutdown;
    bool expected_up;
} cl_pe_node_t;

/* First pass of a cluster node (unpack_node_state and
 * determine_online_status): from its configuration element (may be NULL)
 * and its node_state (may be NULL).  Effects of resource histories
 * (on-fail=fence/standby, active on an offline node) come on top. */
void clusapi__pe_member_node(const cl_pe_opts_t *o, xmlNode *cfg,
                             xmlNode *ns, cl_pe_node_t *out);

/* A node attribute the way Pacemaker merges them: the node's configured
 * instance_attributes, then its transient ones over them (NULL-safe). */
const char *clusapi__pe_node_attr(const cl_pe_opts_t *o, xmlNode *cfg,
                                  xmlNode *ns, const char *name);

/* Roles, in Pacemaker's order (compared numerically). */
enum cl_pe_role {
    CL_PE_ROLE_UNKNOWN = 0,
    CL_PE_ROLE_STOPPED,
    CL_PE_ROLE_STARTED,
    CL_PE_ROLE_UNPROMOTED,
    CL_PE_ROLE_PROMOTED,
};

/* A pending operation (record-pending), first one wins. */
enum cl_pe_pending {
    CL_PE_PENDING_NONE = 0,
    CL_PE_PENDING_START,
    CL_PE_PENDING_STOP,
    CL_PE_PENDING_PROMOTE,
    CL_PE_PENDING_DEMOTE,
    CL_PE_PENDING_MIGRATE,
    CL_PE_PENDING_MONITOR,
    CL_PE_PENDING_OTHER,
};

/* What the configuration says about the primitive a history belongs to. */
typedef struct cl_pe_rsc {
    xmlNode *prim;     /* the primitive element (operations); NULL: none */
    xmlNode *parent;   /* its group/clone/bundle chain's top, for meta */
    bool managed;      /* is-managed, maintenance, maintenance-mode */
    bool promotable;   /* inside a promotable clone */
    bool bundled;      /* part of a bundle */
    bool container;    /* has a container: guest connection, bundle part */
    bool remote_conn;  /* an ocf:pacemaker:remote connection (not guest) */
    bool to_stop;      /* target-role Stopped: once started, it is stopping
                        * (a connection's node is shutting down) */
    bool unique;       /* an instance of a globally unique clone (also a
                        * bundle's with several replicas per host): its
                        * histories and fail counts are its own
                        * instance's */
    long long failure_timeout; /* failure-timeout (ms, 0 none): a failure
                                * that old no longer counts (§6.6); a
                                * remote connection's reconnect_interval
                                * replaces it */
    bool reconnect;    /* a remote connection with a reconnect_interval */
} cl_pe_rsc_t;

/* The node a history is on, as it is when the history is processed. */
/* Another node, as a migration sees it (§6.8): the same resource's history
 * there (NULL: none) and whether the node is online.  Returns false for
 * a node the cluster does not know. */
typedef struct cl_pe_peer {
    xmlNode *lrm_resource;
    bool online;
} cl_pe_peer_t;
typedef bool (*cl_pe_peer_fn)(void *ud, const char *node_name,
                              cl_pe_peer_t *out);

typedef struct cl_pe_where {
    bool online;
    bool unclean;      /* unclean at this moment */
    bool maintenance;
    bool guest;        /* guest or bundle node */
    bool remote;       /* remote node (not guest) */
    cl_pe_peer_fn peer; /* NULL: migrations are not followed */
    void *peer_ud;
} cl_pe_where_t;

/* A failed action, as crm_mon lists it under "Failed Resource Actions"
 * (record_failed_op): the entry's own values, not remapped. */
typedef struct cl_pe_failure {
    char *key;          /* operation_key, else the entry's id */
    char *op_key;       /* operation_key; NULL: none */
    char *task;         /* operation ("" none) */
    char *exit_reason;  /* exit-reason ("" none) */
    long long interval; /* ms */
    long long last_rc_change; /* seconds since the epoch, 0 none */
    int rc;             /* rc-code */
    int status;         /* op-status */
    int call;           /* call-id */
    int queued;         /* queue-time (ms), -1 none */
    int exec;           /* exec-time (ms), -1 none */
    bool masked;        /* a probe's "not installed": crm_mon records it
                         * and does not print it */
    bool ignored;       /* on-fail=ignore: the resource runs on */
    unsigned lrm_pos;   /* its lrm_resource's place among the node's (the
                         * model sets it: which of two the same wins) */
} cl_pe_failure_t;

void clusapi__pe_failure_free(gpointer f);
/* Whether b repeats a, which crm_mon lists once per node: 2.1 compares the
 * operation_key attributes ignoring case (two entries without one are the
 * same), 3.0.0 the keys (operation_key, else id) exactly. */
bool clusapi__pe_failure_same(unsigned pcmk, const cl_pe_failure_t *a,
                              const cl_pe_failure_t *b);

/* The outcome of one lrm_resource on one node (unpack_lrm_resource,
 * unpack_rsc_op, process_rsc_state). */
typedef struct cl_pe_rec {
    enum cl_pe_role role;       /* the role on this node */
    enum cl_pe_pending pending; /* first pending operation, or NONE */
    bool running;               /* the node is in the resource's running_on */
    bool failed;
    bool blocked;
    bool unmanaged;             /* made unmanaged (blocked, maintenance) */
    bool failure_ignored;
    bool fence_node;            /* the history makes the node unclean */
    bool standby_node;          /* on-fail=standby: node standby_onfail */
    bool migration;             /* the history has migrate_to/from */
    GQuark also_on;             /* a migration makes it run there too */
    GPtrArray *failures;        /* cl_pe_failure_t, oldest first; NULL:
                                 * none.  Owned by the record: the caller
                                 * frees it (g_ptr_array_unref) */
} cl_pe_rec_t;

/* The configuration facts of a primitive (prim may be NULL: an orphan). */
void clusapi__pe_rsc_ctx(const cl_pe_opts_t *o, xmlNode *prim,
                         cl_pe_rsc_t *out);

/* Is a primitive or lrm_resource element of ocf:pacemaker:remote, a
 * Pacemaker Remote connection (xml_contains_remote_node: each compared
 * case-insensitively)? */
/* The <template> a primitive names (its "template" attribute), or NULL */
xmlNode *clusapi__pe_template_of(xmlNode *prim);
/* native_unpack: a primitive of a top-level promotable clone whose agent
 * class is not ocf (its own, or its template's) fails to unpack: the clone
 * too when it is the clone's child, only itself inside a cloned group */
bool clusapi__pe_prim_refused(const cl_pe_opts_t *o, xmlNode *prim);
bool clusapi__pe_is_remote_agent(const xmlNode *e);

void clusapi__pe_history(const cl_pe_opts_t *o, const cl_pe_rsc_t *r,
                         const cl_pe_where_t *w, xmlNode *lrm_resource,
                         cl_pe_rec_t *out);

/* Pacemaker's node name order: case-insensitive, digit runs compared as
 * numbers (pcmk__numeric_strcasecmp). */
int clusapi__pe_node_name_cmp(const char *a, const char *b);

/* crm_is_true */
bool clusapi__pe_is_true(const char *v);

#endif

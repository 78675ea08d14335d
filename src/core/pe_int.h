/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_int.h - what the parts of Pacemaker's status rules share (pe.h is
 * their interface): an operation history entry as read, and the state of
 * one resource's history on one node while it is unpacked.  Private to
 * src/core/; glib and libxml2 only.
 */
#ifndef CLUSAPI_CORE_PE_INT_H
#define CLUSAPI_CORE_PE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>
#include <libxml/tree.h>

#include "core/pe.h"

enum exec_status { /* PCMK_EXEC_* */
    EXEC_PENDING = -1,
    EXEC_DONE = 0,
    EXEC_CANCELLED = 1,
    EXEC_TIMEOUT = 2,
    EXEC_NOT_SUPPORTED = 3,
    EXEC_ERROR = 4,
    EXEC_ERROR_HARD = 5,
    EXEC_ERROR_FATAL = 6,
    EXEC_NOT_INSTALLED = 7,
    EXEC_NOT_CONNECTED = 8,
    EXEC_INVALID = 9,
    EXEC_NO_FENCE_DEVICE = 10,
    EXEC_NO_SECRETS = 11,
};

enum on_fail { /* action_fail_response */
    FAIL_IGNORE = 0,
    FAIL_RECOVER,
    FAIL_MIGRATE,
    FAIL_BLOCK,
    FAIL_STOP,
    FAIL_STANDBY,
    FAIL_FENCE,
    FAIL_RESTART_CONTAINER,
    FAIL_RESET_REMOTE,
    FAIL_DEMOTE,
    FAIL_NONE = -1, /* not configured */
};

/* One lrm_rsc_op, its attributes read in one pass. */
typedef struct op {
    xmlNode *x;
    const char *id;
    const char *task;     /* operation */
    const char *key;      /* operation_key, else id */
    const char *on_node;
    const char *magic;    /* transition-magic */
    int call;             /* call-id, -1 */
    int rc;               /* rc-code, 0 */
    bool rc_missing;      /* ... not there */
    int status;           /* op-status, -2 */
    long long interval;   /* interval (ms), 0 */
    const char *lrc;      /* last-rc-change, read only when the call ids
                           * do not order two entries (clusapi__pe_newer_op) */
    int target_rc;        /* from transition-key, -1 */
    /* transition-magic read, the first time clusapi__pe_newer_op needs it
     * (magic_of): 0 not yet, 1 read, -1 none or malformed */
    signed char m_state;
    unsigned char m_ulen; /* ... its uuid: m_uuid[0, m_ulen) */
    int m_trans;          /* ... its transition id */
    const char *m_uuid;
} op_t;

typedef struct hist {
    const cl_pe_opts_t *o;
    const cl_pe_rsc_t *r;
    const cl_pe_where_t *w;
    enum cl_pe_role role;
    enum on_fail on_fail;
    const op_t *last_failure;
    bool managed;
    bool partial;         /* a partial migration from this node */
    const op_t *ops;      /* this node's entries (sorted) */
    size_t n_ops;
    xmlNode *lr;          /* the lrm_resource */
    long long expiry_s;   /* the failure-timeout in seconds (0: none); a
                           * fail count that on-fail=block makes last sets
                           * it to 0 for the later entries */
    cl_pe_rec_t *out;
} hist_t;

/* the rules of h are Pacemaker 3.0's (or a later version's) */
#define PCMK3(h) ((h)->o->pcmk >= CL_PE_PCMK(3, 0, 0))

/* What a set's rules are evaluated with (rules.c): the time and where a
 * later change is noted (o), and the resource (rsc_expression) and the
 * operation (op_expression) where Pacemaker gives them. */
typedef struct rule_ctx {
    const cl_pe_opts_t *o;
    bool rsc;                 /* a resource: rsc_expression can pass */
    const char *rsc_class;    /* ... its class, provider, type */
    const char *rsc_provider;
    const char *rsc_type;
    bool op;                  /* an operation: op_expression can pass */
    const char *op_name;
    long long op_interval;    /* ms */
} rule_ctx_t;

/* A context with no resource and no operation: cluster options, node
 * attributes. */
#define RULE_CTX(opts) ((rule_ctx_t) { .o = (opts) })

/* rules.c */
/* Whether the rules of an nvpair set pass (one without rules does) */
bool clusapi__pe_set_applies(const rule_ctx_t *c, const xmlNode *set);
/* Whether one rule passes */
bool clusapi__pe_rule_passes(const rule_ctx_t *c, const xmlNode *rule);
/* An ISO 8601 date as Pacemaker reads it, evaluated at now (a time
 * alone is today's; no offset: the local one), in seconds since the
 * epoch */
bool clusapi__pe_parse_date(const char *s, long long now, long long *out);
/* The element an id-ref names (NULL: none), else e */
const xmlNode *clusapi__pe_expand_idref(const xmlNode *e);
/* Whether n holds a rule (rsc_op_only: an rsc_expression or
 * op_expression) at any depth */
bool clusapi__pe_has_rules(const xmlNode *n, bool rsc_op_only);

/* pe.c */
long long clusapi__pe_msec_of(const char *v);
/* The value of name in the sets named set_name under parent whose rules
 * pass (§2.1): the one place a set's value is picked */
const char *clusapi__pe_nv_merged(const rule_ctx_t *c, const xmlNode *parent,
                                  const char *set_name, const char *name,
                                  bool overwrite);
bool clusapi__pe_scan_ll(const char *v, long long *out);
/* Every name the sets set_name under parent give a value (the sets in
 * clusapi__pe_nv_merged's order, the first value of a name winning,
 * "#default" removing it): names in the order they were found into names,
 * name -> value into values (both point into the document) */
void clusapi__pe_nv_all(const rule_ctx_t *rc, const xmlNode *parent,
                        const char *set_name, GPtrArray *names,
                        GHashTable *values);
/* A timeout in seconds (failure-timeout, node-pending-timeout): 2.1
 * truncates the milliseconds, 3.0.0 rounds them (pcmk__timeout_ms2s: any
 * non-zero amount is at least 1) */
long long clusapi__pe_secs_of(const cl_pe_opts_t *o, long long ms);
long clusapi__pe_score(const char *v);

/* pe_op.c */
int clusapi__pe_fail_rank(enum on_fail f);
int clusapi__pe_int_value(const char *v, int dflt);
void clusapi__pe_op_parse(op_t *o, xmlNode *x);
bool clusapi__pe_is_probe(const char *task, long long interval);
int clusapi__pe_newer_op(const op_t *a, const op_t *b, bool same_node_default,
                         bool pcmk3);
void clusapi__pe_merge_sort(op_t *v, size_t n, op_t *tmp, bool pcmk3);

#endif /* CLUSAPI_CORE_PE_INT_H */

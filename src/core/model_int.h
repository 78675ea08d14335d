/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model_int.h - what the parts of the translation core share (model.h is
 * its interface): the objects and their sets, the model, what a patchset
 * touches, the configuration walk's tables, and the functions one part
 * calls in another.  Private to src/core/; glib and libxml2 only.
 */
#ifndef CLUSAPI_CORE_MODEL_INT_H
#define CLUSAPI_CORE_MODEL_INT_H

#include <stdbool.h>
#include <string.h>

#include <glib.h>
#include <libxml/tree.h>

#include "clusapi.h"
#include "core/model.h"
#include "core/pe.h"
#include "core/strset.h"

/* What a resource's history on one node gives (pe.h); a clone's instances
 * on one node are merged into one record. */
typedef cl_pe_rec_t rec_t;

/* A node, group or resource of the model.  The part each kind has of its
 * own is in the union: a field of another kind's part is never read. */
typedef struct obj {
    char *id;
    char *name;
    cl_kind_t kind;
    int state;
    const char *owner; /* node name (interned: owner_of), "" if none */
    guint64 fp;        /* property fingerprint */
    guint64 cfp;       /* groups, resources: fingerprint of the
                        * constraints naming it */
    bool fresh;        /* added by the current translate() call */
    union {
        struct { /* CL_KIND_RESOURCE */
            guint64 ops_fp;    /* fingerprint of its primitives'
                                * <operations>, which (with pe.h's
                                * cl_pe_rsc_t) is all of the configuration
                                * its histories read */
            char *group;       /* group id (ungrouped: an implicit group,
                                * then the same string as id) */
            GArray *recs;      /* nrec_t: the nodes with a history of it */
            bool multi;        /* clone/bundle: one instance per node */
            struct obj *grp;   /* its group (kept with the configuration) */
            GPtrArray *ents;   /* its lrm_ent_t (owned by the model's
                                * lrm_map) */
            bool migratory;    /* its history has migrations: nodes depend
                                * on each other (§6.8) */
            bool guest_fenced; /* container of a guest node that is to be
                                * fenced: failed (§4.4) */
            GQuark fenced_host; /* ... where that container runs (0:
                                 * unknown) */
            GPtrArray *prims;  /* lrm_resource ids (without ":N") standing
                                * for it: a clone's/bundle's primitives;
                                * NULL for a primitive (its own id) */
            bool kept;         /* a partial configuration walk keeps it as
                                * it is (rcfg_t's kept) */
            struct obj *prev;  /* made by a configuration walk: the model's
                                * resource of its id then (NULL: none),
                                * which stays in the model until translate()
                                * merges the two */
        };
        struct { /* CL_KIND_GROUP */
            GPtrArray *members;   /* resource ids, document order */
            GPtrArray *mobjs;     /* the same, obj_t * (kept with the
                                   * configuration) */
            GPtrArray *preferred; /* node names: positive location
                                   * constraints, highest score first
                                   * (NULL: none) */
        };
        struct { /* CL_KIND_NODE */
            cl_pe_node_t pe;   /* the node's own state (pe.h) */
            int fences;        /* histories on it that make it unclean */
            int standbys;      /* histories on it with on-fail=standby */
            int remote;        /* REMOTE_* kind of a Pacemaker Remote node */
            bool unpacked;     /* remote: its history is read (§3.5) */
            bool unnamed;      /* cluster node: its node_state has no uname
                                * (its history is not read; 2.1.5 ignores it
                                * whole) */
            bool tfenced;      /* a lost ticket fences it (tickets.c) */
        };
    };
} obj_t;

/* A set of obj_t *, the members in the order they came (but for removals,
 * which move the last one into the gap).  An empty set holds no memory:
 * most of a translation's sets stay empty. */
typedef struct objset {
    GPtrArray *v;     /* the members; NULL while none was added */
    GHashTable *pos;  /* member -> its index in v + 1 */
} objset_t;

static inline void
objset_init(objset_t *s)
{
    memset(s, 0, sizeof(*s));
}

static inline void
objset_free(objset_t *s)
{
    if (s->v != NULL) {
        g_ptr_array_unref(s->v);
        g_hash_table_unref(s->pos);
    }
    memset(s, 0, sizeof(*s));
}

static inline bool
objset_has(const objset_t *s, const obj_t *o)
{
    return s->v != NULL && g_hash_table_contains(s->pos, o);
}

static inline void
objset_add(objset_t *s, obj_t *o)
{
    if (s->v == NULL) {
        s->v = g_ptr_array_new();
        s->pos = g_hash_table_new(NULL, NULL);
    }
    if (!objset_has(s, o)) {
        g_ptr_array_add(s->v, o);
        g_hash_table_insert(s->pos, o, GUINT_TO_POINTER(s->v->len));
    }
}

static inline guint
objset_len(const objset_t *s)
{
    return s->v != NULL ? s->v->len : 0;
}

static inline obj_t *
objset_at(const objset_t *s, guint i)
{
    return g_ptr_array_index(s->v, i);
}

/* A member's index (objset_at) */
static inline guint
objset_index(const objset_t *s, const obj_t *o)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(s->pos, o)) - 1;
}

/* Out of the set: the last member takes its place */
static inline void
objset_del(objset_t *s, obj_t *o)
{
    guint i;

    if (!objset_has(s, o)) {
        return;
    }
    i = objset_index(s, o);
    g_hash_table_remove(s->pos, o);
    g_ptr_array_remove_index_fast(s->v, i);
    if (i < s->v->len) {
        g_hash_table_insert(s->pos, g_ptr_array_index(s->v, i),
                            GUINT_TO_POINTER(i + 1));
    }
}

static inline void
objset_clear(objset_t *s)
{
    if (s->v != NULL) {
        g_ptr_array_set_size(s->v, 0);
        g_hash_table_remove_all(s->pos);
    }
}

/* A Pacemaker Remote node (docs/mapping.md): a remote node (an
 * ocf:pacemaker:remote primitive), a guest node (remote-node meta
 * attribute) or a bundle node, with the histories that decide its state. */
enum { REMOTE_NONE = 0, REMOTE_REMOTE, REMOTE_GUEST, REMOTE_BUNDLE };

typedef struct remote {
    int kind;
    char *conn;      /* lrm id of the connection */
    char *container; /* lrm id of the container, or NULL */
    bool orphan;     /* the connection is no longer configured: only its
                      * histories make the node (create_fake_resource) */
} remote_t;

/* A resource's record on one node (rec_t is defined above). */
typedef struct nrec {
    struct obj *node;
    rec_t rec;
} nrec_t;

/* An lrm_resource id's resource, and the configuration facts of the
 * primitive it is the history of. */
typedef struct lrm_ent {
    obj_t *r;   /* the model's object (set once the walk is over) */
    char *rid;  /* its id */
    const char *id; /* the lrm id (the map's key) */
    cl_pe_rsc_t pe;
    int unique;     /* > 0: the primitive of a globally unique clone of
                     * that many instances (a bundle's with several
                     * replicas per host): only the lrm ids "id:N" with
                     * N below it stand for it, the others are orphans
                     * (unpack_find_resource) */
} lrm_ent_t;

struct cl_model {
    GHashTable *objs[CL_KIND_NETINTERFACE + 1]; /* id -> obj_t */
    GHashTable *lrm_map; /* lrm_resource id (no ":N") -> lrm_ent_t * */
    cl_pe_opts_t opts;   /* cluster options the states depend on */
    GHashTable *remotes; /* node name -> remote_t */
    GHashTable *gfenced; /* obj_t *: containers failed by guest fencing */
    char *cluster_name;
    char *cluster_version; /* dc-version, "" if not known yet */
    guint64 cluster_fp;
    GPtrArray *restypes;   /* resource agents in use, sorted, unique */
    struct scratch *scratch; /* the working sets of the translate() call
                              * under way (NULL between calls) */
    bool whole_walks;        /* never a partial configuration walk */
    bool remote_nodes;       /* a node may have remote != REMOTE_NONE */
    /* Per node: lrm_resource id without ":N" -> GPtrArray of the node's
     * lrm_resource elements with that id (node id -> GHashTable), built on
     * first use.  Only a delete frees elements and only a create adds them,
     * so a node's index is dropped when a patchset creates or deletes at or
     * above its lrm_resource elements, and every index when the document
     * changes (model_load). */
    GHashTable *lrm_idx;
    const xmlDoc *lrm_idx_doc;
    /* Corosync's membership (clusapi__model_set_members): node id -> member
     * (GINT_TO_POINTER 0/1) for the nodes Corosync knows, NULL if no
     * Corosync view; the ids of nodes that left and that the CIB has not
     * changed since. */
    GHashTable *cs_nodes;
    GHashTable *cs_left;
    /* node id -> the time (µs, the caller's clock) Corosync reported it
     * joining, while Pacemaker has not joined it yet (provisional
     * Joining, at most CL_JOIN_GRACE_US) */
    GHashTable *cs_join;
    /* The failed actions of orphans (lrm_resource elements no configured
     * resource stands for), which crm_mon lists too: "node id\037lrm id"
     * -> orphan_t, only those with failures */
    GHashTable *orphans;
    /* Lost tickets with loss-policy=fence (tickets.c): their rules, read
     * again when the constraints, tickets or resources change, and the ids
     * of the nodes they fence (owned) */
    GPtrArray *trules;
    GHashTable *tfenced;
    /* The histories of orphaned remote connections (an ocf:pacemaker:remote
     * lrm_resource with operations that no configured resource stands for,
     * on a node whose history is read): "node id\037lrm id" -> the
     * lrm_resource's container attribute ("" if none).  Each makes a remote
     * node of the lrm id (m->oremotes: node name -> remote_t, from this at
     * clusapi__update_remotes) */
    GHashTable *oconns;
    GHashTable *oremotes;
    long long clock;       /* clusapi__model_set_clock (0: real time) */
    long long next_change; /* clusapi__model_next_change */
    GHashTable *spec_changes; /* cl_pe_opts_t.spec_changes, emptied at each
                               * load or update */
};

typedef struct orphan {
    char *node_id;
    char *lrm_id;
    GPtrArray *failures;
} orphan_t;

/* How long a node that Corosync has in the membership is Joining while the
 * CIB shows it Down (Pacemaker starting there); after that it is Down, as
 * crm_mon says of a node whose Pacemaker is not running. */
#define CL_JOIN_GRACE_US (60 * G_GINT64_CONSTANT(1000000))

/* ---- small helpers ---- */

/* The owner of an object owned by no node (one pointer for all: owners
 * are compared as pointers, see owner_of). */
extern const char clusapi__no_owner[];

#define FP_INIT 14695981039346656037ULL

/* ---- what a patchset touches ---- */

typedef struct touch {
    bool all;           /* re-read everything */
    bool cluster_cfg;   /* crm_config, rsc_defaults, op_defaults: they
                         * count only through the option and default
                         * values the states depend on (clusapi__same_opts) */
    bool res_cfg;       /* resources configuration changed */
    bool agents;        /* ... where the agents in use may have changed */
    GPtrArray *agent_adds; /* created resource elements (in the patchset):
                            * their agents are added, the others stay */
    bool nodes_all;     /* nodes configuration or status as a whole */
    bool constraints;   /* the constraints section changed */
    bool tickets;       /* status/tickets changed */
    bool cib_attrs;     /* attributes of <cib> (have-quorum, ...) */
    strset_t res_ids;        /* resource/group ids whose config changed */
    strset_t res_tops;       /* ids of the elements directly under
                              * resources that the changes are in */
    strset_t res_own;        /* ids of the resource elements a change is
                              * in below no other (its own attributes,
                              * meta attributes, operations, ...) */
    bool res_full;           /* a resources change not in one of them (the
                              * section itself, a template, ...): walk it all */
    strset_t node_ids;       /* node ids: config or node status changed */
    strset_t lrm_nodes;      /* node ids whose whole lrm changed */
    strset_t pair_nodes;     /* node ids with some lrm_resource ids (from
                              * pairs) in pairs: the array at the node's
                              * index holds them (repeats allowed) */
    bool idx_drop_all;       /* every node's lrm index is stale */
    strset_t idx_drop;       /* node ids whose lrm index is stale */
    GPtrArray *idx_fix;      /* node id, lrm_resource id, ... (owned): one
                              * lrm_resource created or deleted there, whose
                              * entry of the index is redone */
    GPtrArray *pairs;        /* GPtrArrays of lrm_resource ids (owned), one
                              * per member of pair_nodes */
} touch_t;

/* the most top-level resource elements a partial configuration walk is
 * tried for: past a few dozen, the whole walk costs about as much */
#define TOUCH_MAX_TOPS 32

/* ---- the resources configuration ---- */

typedef struct rcfg {
    GHashTable *restypes; /* "class:provider:type" set */
    GHashTable *rscs;   /* id -> obj_t (config part only) */
    GHashTable *groups; /* id -> obj_t */
    GPtrArray *order;   /* the resource and group obj_t *, document order
                         * (an ungrouped one: its group, then itself) */
    GHashTable *lrm_map; /* lrm id -> lrm_ent_t (r not set yet) */
    GHashTable *remotes; /* node name -> remote_t */
    const cl_pe_opts_t *opts;
    /* A partial walk keeps the model's primitives that no change is in,
     * nor in their group's own element: their configuration, lrm entries
     * and facts are as they were (obj_t *, flagged kept) */
    GPtrArray *kept;
} rcfg_t;

/* The working sets of one translate() call. */
typedef struct scratch {
    GPtrArray *nodes_added;   /* node ids (owned by the model) */
    GPtrArray *nodes_deleted; /* node ids (copies) */
    objset_t dirty_rscs;      /* state to recompute */
    objset_t dirty_groups;
    objset_t rscs;            /* resources touched on one node */
    GPtrArray *rsc_deleted;   /* obj_t *, freed when emptied */
    GPtrArray *grp_deleted;   /* obj_t *, freed when emptied */
    GPtrArray *new_objs;      /* added groups/resources in document order */
    GPtrArray *props;         /* PROPERTY events, queued after ADDED */
    objset_t propped;         /* with a PROPERTY event in props */
    objset_t cons_changed;    /* whose constraints changed */
    objset_t reread;          /* nodes: read their whole history */
    objset_t dirty_nodes;     /* nodes: history effects changed */
    GPtrArray *old_rs;        /* obj_t *: resources of the elements a
                               * partial configuration walk replaces */
    bool lrm_gone;            /* an lrm id no longer stands for a
                               * resource: its histories are orphans */
} scratch_t;

/* obj.c */
void clusapi__remote_free(gpointer p);
void clusapi__rec_free_failures(rec_t *r);
GArray *clusapi__nrecs_new(void);
lrm_ent_t *clusapi__lrm_ent_new(const char *rid, const char *lrm_id);
void clusapi__orphan_free(gpointer p);
obj_t *clusapi__obj_free(obj_t *o);
void clusapi__obj_destroy(gpointer p);
obj_t *clusapi__obj_new(cl_kind_t kind, const char *id, const char *name);
guint64 clusapi__fp_add(guint64 h, const char *s, size_t len);
guint64 clusapi__fp_head(guint64 h, const xmlNode *n);
guint64 clusapi__fp_tree(guint64 h, const xmlNode *n);
guint64 clusapi__fp_node(guint64 h, xmlNode *n);
xmlNode *clusapi__cib_section(xmlNode *cib, const char *a, const char *b);
void clusapi__model_emit(GPtrArray *events, uint32_t change, cl_kind_t kind,
                         const obj_t *o);
int clusapi__cmp_str(gconstpointer a, gconstpointer b);
GPtrArray *clusapi__sorted_keys(GHashTable *set);
xmlNode *clusapi__find_node_state(xmlNode *cib, const char *node_id);
xmlNode *clusapi__find_cfg_node(xmlNode *cib, const char *node_id);
xmlNode *clusapi__lrm_resources_of(xmlNode *ns);
obj_t *clusapi__node_by_name(const cl_model_t *m, GQuark name);
obj_t *clusapi__node_obj(const cl_model_t *m, const char *id);
/* The node a node_state is the status of, the first time its id is met in
 * a walk over the status section (seen: the ids met so far); NULL for
 * another element, a node_state of no node, or a later one with an id
 * already met (an invalid CIB: clusapi__find_node_state finds the first,
 * and the histories of the first count, as crm_mon shows). */
obj_t *clusapi__node_state_obj(const cl_model_t *m, xmlNode *ns,
                               GHashTable *seen);
int clusapi__cmp_obj_id(gconstpointer a, gconstpointer b);
const objset_t *clusapi__sorted_objs(objset_t *set);

/* touch.c */
void clusapi__touch_init(touch_t *t);
void clusapi__touch_clear(touch_t *t);
int clusapi__touch_patchset(touch_t *t, xmlNode *patchset);

/* config.c */
guint64 clusapi__cluster_fp(xmlNode *cib);
char *clusapi__cluster_option(const cl_pe_opts_t *o, xmlNode *cib,
                              const char *name, const char *dflt);
size_t clusapi__lrm_base_len(const char *lrm_id);
bool clusapi__same_rsc_ctx(const cl_pe_rsc_t *a, const cl_pe_rsc_t *b);
void clusapi__add_agent(GHashTable *set, xmlNode *elem);
void clusapi__collect_agents(GHashTable *set, xmlNode *n);
void clusapi__rcfg_build(rcfg_t *rc, xmlNode *cib, const strset_t *fp_ids,
                         const cl_model_t *old, const strset_t *tops,
                         bool agents, const strset_t *own);
rcfg_t *clusapi__rcfg_new(void);
void clusapi__rcfg_reset(rcfg_t *rc);
void clusapi__rcfg_free(rcfg_t *rc);

/* resources.c */
void clusapi__update_resources(cl_model_t *m, xmlNode *cib, touch_t *t,
                               GPtrArray *events);
void clusapi__update_constraints(cl_model_t *m, xmlNode *cib, objset_t *changed,
                                 GPtrArray *only);
bool clusapi__same_opts(const cl_pe_opts_t *a, const cl_pe_opts_t *b);

/* history.c */
lrm_ent_t *clusapi__ent_of_lrm(const cl_model_t *m, const char *lrm_id);
lrm_ent_t *clusapi__ent_on(const cl_model_t *m, const char *lrm_id,
                           const obj_t *node);
void clusapi__lrm_idx_drop(cl_model_t *m, const char *node_id);
GHashTable *clusapi__lrm_idx_of(cl_model_t *m, xmlNode *ns,
                                const char *node_id);
void clusapi__lrm_idx_fix(cl_model_t *m, xmlNode *cib, const char *node_id,
                          const char *lrm_id);
bool clusapi__node_unpacked(const cl_model_t *m, const obj_t *node);
void clusapi__node_where(const obj_t *node, cl_pe_where_t *w);
void clusapi__history_read(cl_model_t *m, const lrm_ent_t *e,
                           const cl_pe_where_t *w, xmlNode *lr, rec_t *out);
void clusapi__orphan_read(cl_model_t *m, const obj_t *node, const char *lrm_id,
                          xmlNode *lr);
void clusapi__orphans_read_node(cl_model_t *m, xmlNode *ns, const obj_t *node);
void clusapi__read_node_lrm(cl_model_t *m, xmlNode *ns, obj_t *node,
                            objset_t *dirty, objset_t *dirty_nodes);
void clusapi__read_node_rscs(cl_model_t *m, xmlNode *ns, obj_t *node,
                             const objset_t *rscs, objset_t *dirty,
                             objset_t *dirty_nodes);
void clusapi__resource_state(const cl_model_t *m, obj_t *r, int *ret_state,
                             const char **ret_owner);
void clusapi__group_state(const cl_model_t *m, obj_t *g, int *ret_state,
                          const char **ret_owner);

/* nodes.c */
remote_t *clusapi__remote_of(const cl_model_t *m, const char *name);
int clusapi__node_cstate(cl_model_t *m, const obj_t *n, bool cib_changed);
void clusapi__update_nodes(cl_model_t *m, xmlNode *cib, const strset_t *ids,
                           GPtrArray *events, GPtrArray *added,
                           GPtrArray *deleted, objset_t *reread);
void clusapi__update_remotes(cl_model_t *m, xmlNode *cib, GPtrArray *events,
                             GPtrArray *nodes_deleted, objset_t *dirty,
                             objset_t *dirty_nodes);

/* tickets.c */
void clusapi__update_tickets(cl_model_t *m, xmlNode *cib, const touch_t *t,
                             objset_t *dirty_nodes);

#endif /* CLUSAPI_CORE_MODEL_INT_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model.c - the pure translation core (see model.h).
 *
 * How a patchset is translated:
 *   1. collect what it touches from each change's path and created content:
 *      node configuration, node status, one resource's operation history on
 *      one node, the resources configuration, the cluster options;
 *   2. recompute only those objects: a resource's per-node role comes from
 *      its lrm_resource on that node, its state from its per-node roles, a
 *      group's state from its members; properties are compared through a
 *      fingerprint (hash of the configuration the object is made of);
 *   3. compare with the cached objects and emit one event per real change.
 * A full load uses the same comparison with everything touched.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clusapi.h"
#include "core/model.h"
#include "core/xmlnames.h"
#include "core/xmlutil.h"
#include "core/pe.h"
#include "core/strset.h"

/* What a resource's history on one node gives (pe.h); a clone's instances
 * on one node are merged into one record. */
typedef cl_pe_rec_t rec_t;

/* The sets of objects one translate() call works with (scratch_t): an
 * object's membership is a stamp in the object, not an entry of a hash
 * table, so that adding, testing and emptying cost a few instructions and
 * touch no memory but the object's and the set's own. */
enum objset_kind {
    OS_DIRTY_RSCS, OS_DIRTY_GROUPS, OS_RSCS, OS_PROPPED, OS_CONS_CHANGED,
    OS_REREAD, OS_DIRTY_NODES, OS_FRESH, OS_N
};

typedef struct obj {
    char *id;
    char *name;
    cl_kind_t kind;
    int state;
    const char *owner; /* node name (interned: owner_of), "" if none */
    guint64 fp;        /* property fingerprint */
    guint64 ops_fp;    /* resources: fingerprint of its primitives'
                        * <operations>, which (with pe.h's cl_pe_rsc_t) is
                        * all of the configuration its histories read */
    /* resources */
    char *group;       /* group id ("" never: ungrouped = implicit group,
                        * then the same string as id) */
    GArray *recs;      /* nrec_t: the nodes with a history of it (few:
                        * a small array, not a hash table) */
    bool multi;        /* clone/bundle: one instance per node */
    struct obj *grp;   /* its group (kept with the configuration) */
    GPtrArray *ents;   /* its lrm_ent_t (owned by the model's lrm_map) */
    bool migratory;    /* its history has migrations: nodes depend on each
                        * other (§6.8) */
    bool guest_fenced; /* container of a guest node that is to be fenced:
                        * failed (§4.4) */
    GQuark fenced_host; /* ... where that container runs (0: unknown) */
    bool managed;      /* configured managed (is-managed, maintenance) */
    GPtrArray *prims;  /* lrm_resource ids (without ":N") standing for it:
                        * a clone's/bundle's primitives; NULL for a
                        * primitive (its own id; an array and a copy of the
                        * id per walked primitive were a fixed cost) */
    guint64 cfp;       /* fingerprint of the constraints naming it */
    bool fresh;        /* added by the current translate() call */
    bool kept;         /* a partial configuration walk keeps it as it is
                        * (rcfg_t's kept) */
    struct obj *prev;  /* made by a configuration walk: the model's
                        * resource of its id then (NULL: none), which stays
                        * in the model until translate() merges the two */
    /* groups */
    GPtrArray *members;   /* resource ids, document order */
    GPtrArray *mobjs;     /* the same, obj_t * (kept with the configuration) */
    GPtrArray *preferred; /* node names: positive location constraints,
                           * highest score first (NULL: none) */
    /* nodes */
    cl_pe_node_t pe;   /* the node's own state (pe.h) */
    int fences;        /* histories on it that make it unclean */
    int standbys;      /* histories on it with on-fail=standby */
    int remote;        /* REMOTE_* kind of a Pacemaker Remote node */
    bool unpacked;     /* remote: its history is read (§3.5) */
    bool unnamed;      /* cluster node: its node_state has no uname (its
                        * history is not read; 2.1.5 ignores it whole) */
    guint64 stamp[OS_N]; /* in objset k while stamp[k] is its generation */
    guint pos[OS_N];   /* ... at this index of its members */
} obj_t;

/* A set of obj_t *: the members in the order they came (but for removals,
 * which move the last one into the gap), each member's stamp for the set
 * equal to the set's generation and its pos its index.  Emptying starts a new
 * generation without touching the members (some may be freed by then); the
 * generation is 64 bits wide, so an old stamp never matches again.  The
 * members are a plain array: emptying one is then a store, where a
 * GPtrArray's costs a call of 100 instructions, and sets are emptied after
 * every patchset. */
typedef struct objset {
    obj_t **v;
    guint n, cap;
    guint64 gen;
    enum objset_kind kind;
} objset_t;

static void
objset_init(objset_t *s, enum objset_kind kind)
{
    memset(s, 0, sizeof(*s));
    s->gen = 1;
    s->kind = kind;
}

static void
objset_free(objset_t *s)
{
    g_free(s->v);
    memset(s, 0, sizeof(*s));
}

static inline bool
objset_has(const objset_t *s, const obj_t *o)
{
    return o->stamp[s->kind] == s->gen;
}

static inline void
objset_add(objset_t *s, obj_t *o)
{
    if (o->stamp[s->kind] != s->gen) {
        if (s->n == s->cap) {
            s->cap = s->cap > 0 ? s->cap * 2 : 16;
            s->v = g_renew(obj_t *, s->v, s->cap);
        }
        o->stamp[s->kind] = s->gen;
        o->pos[s->kind] = s->n;
        s->v[s->n++] = o;
    }
}

/* Out of the set: the last member takes its place (a whole load removes
 * every new object from a set of all of them) */
static void
objset_del(objset_t *s, obj_t *o)
{
    guint i = o->pos[s->kind];
    obj_t *last;

    if (o->stamp[s->kind] != s->gen) {
        return;
    }
    o->stamp[s->kind] = 0;
    last = s->v[--s->n];
    s->v[i] = last;
    last->pos[s->kind] = i;
}

static inline guint
objset_len(const objset_t *s)
{
    return s->n;
}

static inline obj_t *
objset_at(const objset_t *s, guint i)
{
    return s->v[i];
}

/* A member's index (objset_at) */
static inline guint
objset_index(const objset_t *s, const obj_t *o)
{
    return o->pos[s->kind];
}

static inline void
objset_clear(objset_t *s)
{
    if (s->n > 0) {
        s->n = 0;
        s->gen++;
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
} remote_t;

static void
remote_free(gpointer p)
{
    remote_t *r = p;

    g_free(r->conn);
    g_free(r->container);
    g_free(r);
}

/* A resource's record on one node (rec_t is defined above). */
typedef struct nrec {
    struct obj *node;
    rec_t rec;
} nrec_t;

/* A record's failures go with it: an array of records frees them. */
static void
rec_free_failures(rec_t *r)
{
    if (r->failures != NULL) {
        g_ptr_array_unref(r->failures);
        r->failures = NULL;
    }
}

static void
nrec_clear(gpointer p)
{
    rec_free_failures(&((nrec_t *) p)->rec);
}

static GArray *
nrecs_new(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(nrec_t));

    g_array_set_clear_func(a, nrec_clear);
    return a;
}

/* An lrm_resource id's resource, and the configuration facts of the
 * primitive it is the history of. */
typedef struct lrm_ent {
    obj_t *r;   /* the model's object (set once the walk is over) */
    char *rid;  /* its id */
    const char *id; /* the lrm id (the map's key) */
    cl_pe_rsc_t pe;
} lrm_ent_t;

/* An entry with rid and its lrm id (the key of the maps, which free only
 * the entries: g_free) in its block */
static lrm_ent_t *
lrm_ent_new(const char *rid, const char *lrm_id)
{
    size_t rlen = strlen(rid) + 1, llen = strlen(lrm_id) + 1;
    lrm_ent_t *e = g_malloc0(sizeof(*e) + rlen + llen);

    e->rid = memcpy(e + 1, rid, rlen);
    e->id = memcpy(e->rid + rlen, lrm_id, llen);
    return e;
}

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
    struct touch *touch; /* scratch of model_update, reused */
    struct scratch *scratch; /* scratch of translate, reused */
    struct rcfg *rcfg;       /* the configuration walk's tables, reused */
    bool whole_walks;        /* never a partial configuration walk */
    guint lrm_idx_min;       /* lrm_idx_of: the fewest elements indexed */
    bool remote_nodes;       /* a node may have remote != REMOTE_NONE */
    /* Per node: lrm_resource id without ":N" -> GPtrArray of the node's
     * lrm_resource elements with that id (node id -> GHashTable), built on
     * first use.  Only a delete frees elements and only a create adds them,
     * so a node's index is dropped when a patchset creates or deletes at or
     * above its lrm_resource elements, and every index when the document
     * changes (model_load). */
    GHashTable *lrm_idx;
    const xmlDoc *lrm_idx_doc;
    cl_pe_names_t names; /* history entries' attribute names (pe.h) */
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
};

typedef struct orphan {
    char *node_id;
    char *lrm_id;
    GPtrArray *failures;
} orphan_t;

static void
orphan_free(gpointer p)
{
    orphan_t *o = p;

    g_free(o->node_id);
    g_free(o->lrm_id);
    g_ptr_array_unref(o->failures);
    g_free(o);
}

/* Below this many lrm_resource elements (the default of m->lrm_idx_min),
 * a node's are read one by one (lrm_scan): its index would cost more to
 * build than the reads. */
#define LRM_IDX_MIN 16

/* How long a node that Corosync has in the membership is Joining while the
 * CIB shows it Down (Pacemaker starting there); after that it is Down, as
 * crm_mon says of a node whose Pacemaker is not running. */
#define CL_JOIN_GRACE_US (60 * G_GINT64_CONSTANT(1000000))

/* ---- small helpers ---- */

/* The owner of an object owned by no node (one pointer for all: owners
 * are compared as pointers, see owner_of). */
static const char no_owner[] = "";

static obj_t *
obj_free(obj_t *o)
{
    if (o != NULL) {
        if (o->name != o->id) {
            g_free(o->name);
        }
        if (o->group != o->id) {
            g_free(o->group);
        }
        /* o->id is in o's block */
        if (o->recs != NULL) {
            g_array_unref(o->recs);
        }
        if (o->prims != NULL) {
            g_ptr_array_unref(o->prims);
        }
        if (o->members != NULL) {
            g_ptr_array_unref(o->members);
        }
        if (o->mobjs != NULL) {
            g_ptr_array_unref(o->mobjs);
        }
        if (o->ents != NULL) {
            g_ptr_array_unref(o->ents);
        }
        if (o->preferred != NULL) {
            g_ptr_array_unref(o->preferred);
        }
        g_free(o);
    }
    return NULL;
}

static void
obj_destroy(gpointer p)
{
    obj_free(p);
}

static obj_t *
obj_new(cl_kind_t kind, const char *id, const char *name)
{
    /* the id in the same block (objects are made for every resource a
     * configuration walk builds) */
    size_t len = strlen(id) + 1;
    obj_t *o = g_malloc0(sizeof(*o) + len);

    o->kind = kind;
    o->id = memcpy(o + 1, id, len);
    /* most objects are named by their id: then one string for both */
    o->name = name == NULL || strcmp(name, id) == 0 ? o->id : g_strdup(name);
    o->owner = no_owner;
    /* a resource's recs: created when it enters the model (the
     * configuration walk makes records that never do) */
    if (kind == CL_KIND_GROUP) {
        o->members = g_ptr_array_new_with_free_func(g_free);
    }
    return o;
}

/* The property fingerprints: FNV-1a's step on eight bytes at a time, the
 * last zero to seven as one word (4, 2 and 1 byte loads: names and values
 * are short).  Each step is a bijection of the hash, so a difference in the
 * input stays until another one cancels it exactly; a fingerprint is only
 * compared for equality. */
static inline guint64
fp_word(guint64 h, guint64 w)
{
    h = (h ^ w) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static guint64
fp_add(guint64 h, const char *s, size_t len)
{
    guint64 w = (guint64) len << 56; /* the tail's length in its top byte */
    guint32 w4;
    guint16 w2;
    size_t at = 0;

    for (; len - at >= 8; at += 8) {
        guint64 w8;

        memcpy(&w8, s + at, 8);
        h = fp_word(h, w8);
    }
    if (len & 4) {
        memcpy(&w4, s + at, 4);
        w |= w4;
        at += 4;
    }
    if (len & 2) {
        memcpy(&w2, s + at, 2);
        w |= (guint64) w2 << 32;
        at += 2;
    }
    if (len & 1) {
        w |= (guint64) (unsigned char) s[at] << 48;
    }
    return fp_word(h, w);
}

/* An element's type, name and attributes (fp_tree, fp_rsc) */
static inline guint64
fp_head(guint64 h, const xmlNode *n)
{
    unsigned char type = (unsigned char) n->type;

    h = fp_add(h, (const char *) &type, 1);
    h = fp_add(h, (const char *) n->name, strlen((const char *) n->name) + 1);
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        const char *v = (a->children != NULL && a->children->content != NULL)
                            ? (const char *) a->children->content
                            : "";

        h = fp_add(h, (const char *) a->name,
                   strlen((const char *) a->name) + 1);
        h = fp_add(h, v, strlen(v) + 1);
    }
    return h;
}

/* Hash the tree itself (element and attribute names, values, text), not
 * a serialisation of it: no buffer, no escaping.  Each name and value is
 * hashed with its NUL, and ">" closes an element, so the structure is in
 * the hash too. */
static guint64
fp_tree(guint64 h, const xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE) {
        h = fp_head(h, n);
        for (const xmlNode *c = n->children; c != NULL; c = c->next) {
            h = fp_tree(h, c);
        }
        h = fp_add(h, ">", 1);
    } else {
        unsigned char type = (unsigned char) n->type;

        h = fp_add(h, (const char *) &type, 1);
        if (n->content != NULL) {
            h = fp_add(h, (const char *) n->content,
                       strlen((const char *) n->content) + 1);
        }
    }
    return h;
}

static guint64
fp_node(guint64 h, xmlNode *n)
{
    return n != NULL ? fp_tree(h, n) : fp_add(h, "", 1);
}

#define FP_INIT 14695981039346656037ULL

static xmlNode *
cib_section(xmlNode *cib, const char *a, const char *b)
{
    xmlNode *n = first_elem(cib, a);

    return (b != NULL) ? first_elem(n, b) : n;
}

/* An iteration over a table that stops after the entries the table held
 * when it began: GLib's last g_hash_table_iter_next would scan the rest of
 * the table for nothing (about 90 instructions; most of these tables hold
 * one or two entries, and each is iterated for every patchset).  The loop
 * may remove or steal the current entry (through .it), not add any. */
typedef struct few_iter {
    GHashTableIter it;
    guint left;
} few_iter_t;

static inline void
few_init(few_iter_t *fi, GHashTable *table)
{
    fi->left = g_hash_table_size(table);
    if (fi->left > 0) { /* an empty one is not even begun */
        g_hash_table_iter_init(&fi->it, table);
    }
}

static inline bool
few_next(few_iter_t *fi, gpointer *key, gpointer *value)
{
    if (fi->left == 0) {
        return false;
    }
    fi->left--;
    return g_hash_table_iter_next(&fi->it, key, value);
}

/* Empty an array or a set; most are empty already (each of these calls
 * runs for every patchset). */
static void
empty_array(GPtrArray *a)
{
    if (a->len > 0) {
        g_ptr_array_set_size(a, 0);
    }
}

static void
empty_set(GHashTable *set)
{
    if (g_hash_table_size(set) > 0) {
        g_hash_table_remove_all(set);
    }
}

/* ---- what a patchset touches ---- */

typedef struct touch {
    bool all;           /* re-read everything */
    bool cluster_cfg;   /* crm_config, rsc_defaults, op_defaults: they
                         * count only through the option and default
                         * values the states depend on (same_opts) */
    bool res_cfg;       /* resources configuration changed */
    bool agents;        /* ... where the agents in use may have changed */
    GPtrArray *agent_adds; /* created resource elements (in the patchset):
                            * their agents are added, the others stay */
    bool nodes_all;     /* nodes configuration or status as a whole */
    bool constraints;   /* the constraints section changed */
    bool cib_attrs;     /* attributes of <cib> (have-quorum, ...) */
    /* The sets (strset.h) hold ids copied into the touch's own blocks
     * (below), not g_strdup copies: emptying them is then a store, and the
     * strings of one patchset go with one reset. */
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
    GPtrArray *idx_fix;      /* node id, lrm_resource id, ...: one
                              * lrm_resource created or deleted there, whose
                              * entry of the index is redone */
    GPtrArray *pairs;        /* GPtrArrays of lrm_resource ids, reused: the
                              * first strset_size(&pair_nodes) in use */
    GPtrArray *blocks;       /* TOUCH_BLOCK-byte blocks of copied ids */
    guint blocks_used;       /* blocks in use, the last one filled up to */
    size_t block_fill;       /* ... this many bytes */
    GPtrArray *big;          /* copies of ids longer than a block */
} touch_t;

#define TOUCH_BLOCK 4096
/* the most top-level resource elements a partial configuration walk is
 * tried for: past a few dozen, the whole walk costs about as much */
#define TOUCH_MAX_TOPS 32

static void
touch_init(touch_t *t)
{
    strset_init(&t->res_ids);
    strset_init(&t->res_tops);
    strset_init(&t->res_own);
    strset_init(&t->node_ids);
    strset_init(&t->lrm_nodes);
    strset_init(&t->pair_nodes);
    strset_init(&t->idx_drop);
    t->idx_fix = g_ptr_array_new();
    t->agent_adds = g_ptr_array_new();
    t->pairs = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_ptr_array_unref);
    t->blocks = g_ptr_array_new_with_free_func(g_free);
    t->big = g_ptr_array_new_with_free_func(g_free);
}

/* Ready for the next patchset: the tables, arrays and blocks are kept (a
 * patchset is usually small, and creating them was a fixed cost per
 * patchset). */
static void
touch_reset(touch_t *t)
{
    t->all = t->cluster_cfg = t->res_cfg = t->nodes_all = false;
    t->agents = false;
    empty_array(t->agent_adds);
    t->constraints = false;
    t->cib_attrs = false;
    t->idx_drop_all = false;
    strset_clear(&t->idx_drop);
    empty_array(t->idx_fix);
    strset_clear(&t->res_ids);
    strset_clear(&t->res_tops);
    strset_clear(&t->res_own);
    t->res_full = false;
    strset_clear(&t->node_ids);
    strset_clear(&t->lrm_nodes);
    for (guint i = 0; i < strset_size(&t->pair_nodes); i++) {
        g_ptr_array_set_size(g_ptr_array_index(t->pairs, i), 0);
    }
    strset_clear(&t->pair_nodes);
    if (t->blocks->len > 16) { /* after a big patchset */
        g_ptr_array_set_size(t->blocks, 16);
    }
    t->blocks_used = 0;
    t->block_fill = 0;
    empty_array(t->big);
}

static void
touch_clear(touch_t *t)
{
    strset_free(&t->res_ids);
    strset_free(&t->res_tops);
    strset_free(&t->res_own);
    strset_free(&t->node_ids);
    strset_free(&t->lrm_nodes);
    strset_free(&t->pair_nodes);
    strset_free(&t->idx_drop);
    g_ptr_array_unref(t->idx_fix);
    g_ptr_array_unref(t->agent_adds);
    g_ptr_array_unref(t->pairs);
    g_ptr_array_unref(t->blocks);
    g_ptr_array_unref(t->big);
}

/* A copy of id that lives until the next touch_reset. */
static char *
touch_dup(touch_t *t, const char *id)
{
    size_t len = strlen(id) + 1;
    char *p;

    if (len > TOUCH_BLOCK) {
        p = g_memdup2(id, len);
        g_ptr_array_add(t->big, p);
        return p;
    }
    if (t->blocks_used == 0 || t->block_fill + len > TOUCH_BLOCK) {
        if (t->blocks_used == t->blocks->len) {
            g_ptr_array_add(t->blocks, g_malloc(TOUCH_BLOCK));
        }
        t->blocks_used++;
        t->block_fill = 0;
    }
    p = (char *) g_ptr_array_index(t->blocks, t->blocks_used - 1)
        + t->block_fill;
    memcpy(p, id, len);
    t->block_fill += len;
    return p;
}

/* Add an id to one of the touch's sets. */
static void
touch_add(touch_t *t, strset_t *set, const char *id)
{
    if (id != NULL && !strset_has(set, id)) {
        strset_add_new(set, touch_dup(t, id));
    }
}

/* One segment of a patchset path: "name[@id='x']", as pointers into the
 * path (nothing is copied: every change of every patchset has a path, and
 * most of its segments are only compared). */
typedef struct seg {
    const char *name;
    size_t nlen;
    const char *id; /* NULL: no [@id='...'] */
    size_t idlen;
} seg_t;

#define SEG_MAX_NAME 63
#define SEG_MAX_ID 255

/* The segment's name is lit (a string literal: its length is a constant) */
#define seg_is(seg, lit)                                                     \
    ((seg)->nlen == sizeof(lit) - 1                                          \
     && memcmp((seg)->name, lit, sizeof(lit) - 1) == 0)

/* A resource element's name (is_rsc_name) */
static bool
seg_is_rsc(const seg_t *s)
{
    return is_rsc_name_len(s->name, s->nlen);
}

/* The segment's id as a string in buf (SEG_MAX_ID + 1 bytes), or NULL */
static const char *
seg_id(const seg_t *s, char *buf)
{
    if (s->id == NULL) {
        return NULL;
    }
    memcpy(buf, s->id, s->idlen);
    buf[s->idlen] = '\0';
    return buf;
}

/* Split a path into segments. Returns the count, or -1 if malformed. */
static int
split_path(const char *path, seg_t *segs, int max)
{
    int n = 0;
    const char *p = path;

    if (path == NULL || *p != '/') {
        return -1;
    }
    while (*p == '/' && n < max) {
        const char *end;

        p++;
        end = p + strcspn(p, "/[");
        segs[n].name = p;
        segs[n].nlen = (size_t) (end - p);
        segs[n].id = NULL;
        segs[n].idlen = 0;
        if (segs[n].nlen == 0 || segs[n].nlen > SEG_MAX_NAME) {
            return -1;
        }
        p = end;
        while (*p == '[') {
            /* [@id='x'] or another predicate we keep only the id of */
            const char *close = strchr(p, ']');
            if (close == NULL) {
                return -1;
            }
            if (strncmp(p, "[@id='", 6) == 0 && close - p > 7
                && close[-1] == '\'') {
                size_t idlen = (size_t) (close - 1 - (p + 6));
                if (idlen > SEG_MAX_ID) {
                    return -1;
                }
                segs[n].id = p + 6;
                segs[n].idlen = idlen;
            }
            p = close + 1;
        }
        n++;
    }
    if (*p != '\0') {
        return -1;
    }
    return n;
}

/* Resource element ids in a subtree (created content). */
static void
collect_resource_ids(touch_t *t, xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        if (is_rsc_elem(n)) {
            touch_add(t, &t->res_ids, attr(n, CL_XA_ID));
            collect_resource_ids(t, n->children);
        } else if (is_elem(n, CL_XE_RESOURCES)) {
            collect_resource_ids(t, n->children);
        }
    }
}

static void
add_pair(touch_t *t, const char *node_id, const char *lrm_id)
{
    int i;

    if (node_id == NULL || lrm_id == NULL) {
        return;
    }
    i = strset_index(&t->pair_nodes, node_id);
    if (i < 0) {
        i = (int) strset_size(&t->pair_nodes);
        strset_add_new(&t->pair_nodes, touch_dup(t, node_id));
        if ((guint) i == t->pairs->len) {
            g_ptr_array_add(t->pairs, g_ptr_array_new());
        }
    }
    g_ptr_array_add(g_ptr_array_index(t->pairs, i), touch_dup(t, lrm_id));
}

/* Record what the subtree created under a status path touches. */
static void
touch_status_content(touch_t *t, const char *node_id, xmlNode *content)
{
    for (xmlNode *n = content; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (is_elem(n, CL_XE_NODE_STATE)) {
            touch_add(t, &t->node_ids, attr(n, CL_XA_ID));
            touch_add(t, &t->lrm_nodes, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM_RESOURCE)) {
            add_pair(t, node_id, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM) || is_elem(n, CL_XE_LRM_RESOURCES)) {
            touch_add(t, &t->lrm_nodes, node_id);
        } else if (node_id != NULL) {
            touch_add(t, &t->node_ids, node_id); /* transient attributes etc. */
        }
    }
}

/* Classify one <change>.  Returns 0 or -EPROTO. */
static int
touch_change(touch_t *t, xmlNode *change)
{
    seg_t segs[16];
    char idbuf[SEG_MAX_ID + 1];
    const char *op = attr(change, CL_XA_OPERATION);
    const char *path = attr(change, CL_XA_PATH);
    int n = split_path(path, segs, 16);
    xmlNode *content = NULL;
    bool create = str_eq0(op, "create");
    bool modify = !create && str_eq0(op, "modify");
    bool del = !create && !modify && str_eq0(op, "delete");

    if (n < 1 || op == NULL || !seg_is(&segs[0], CL_XE_CIB)) {
        return -EPROTO;
    }
    if (!create && !modify && !del && !str_eq0(op, "move")) {
        return -EPROTO;
    }
    if (create) {
        content = first_elem(change, NULL);
    }

    if (n == 1) {
        if (modify) {
            t->cib_attrs = true; /* versions, have-quorum, dc-uuid */
            return 0;
        }
        t->all = true;
        return 0;
    }
    if (seg_is(&segs[1], CL_XE_CONFIGURATION)) {
        bool section = false; /* a section created as a whole */

        if (n == 2 && create && content != NULL) {
            /* as a change of that section itself (op_defaults,
             * rsc_defaults, constraints, ... appear so) */
            segs[2].name = (const char *) content->name;
            segs[2].nlen = strlen(segs[2].name);
            segs[2].id = NULL;
            segs[2].idlen = 0;
            n = 3;
            create = false;
            section = true;
        }
        if (n == 2) {
            t->all = true;
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_CRM_CONFIG)) {
            t->cluster_cfg = true; /* dc-version, last-lrm-refresh, ... */
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_RSC_DEFAULTS)
            || seg_is(&segs[2], CL_XE_OP_DEFAULTS)) {
            t->cluster_cfg = true;
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_NODES)) {
            if (n == 3) {
                if (create && content != NULL && is_elem(content, CL_XE_NODE)) {
                    touch_add(t, &t->node_ids, attr(content, CL_XA_ID));
                } else {
                    t->nodes_all = true;
                }
            } else {
                touch_add(t, &t->node_ids, seg_id(&segs[3], idbuf));
            }
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_RESOURCES)) {
            int last_rsc = 0;

            t->res_cfg = true;
            /* the top-level element the change is in: a created one is
             * the content of a create at the section.  Past a few dozen
             * the whole walk is as cheap: stop collecting. */
            if (t->res_full) {
                /* nothing to add */
            } else if (strset_size(&t->res_tops) >= TOUCH_MAX_TOPS) {
                t->res_full = true;
            } else if (n == 3 && create && content != NULL
                       && is_rsc_elem(content)
                       && attr(content, CL_XA_ID) != NULL) {
                touch_add(t, &t->res_tops, attr(content, CL_XA_ID));
            } else if (n > 3 && segs[3].idlen > 0 && seg_is_rsc(&segs[3])) {
                touch_add(t, &t->res_tops, seg_id(&segs[3], idbuf));
            } else {
                t->res_full = true;
            }
            /* the agents in use: a primitive or template created (its
             * agents are added) or deleted (with what it is in), or its
             * attributes modified (both: collected again) */
            if (section) {
                t->agents = true;
            } else if (create) {
                if (content != NULL && (is_rsc_elem(content)
                                        || is_elem(content, CL_XE_TEMPLATE))) {
                    g_ptr_array_add(t->agent_adds, content);
                }
            } else if (del) {
                t->agents |= n == 3 || seg_is_rsc(&segs[n - 1])
                             || seg_is(&segs[n - 1], CL_XE_TEMPLATE);
            } else if (modify) {
                t->agents |= seg_is(&segs[n - 1], CL_XE_PRIMITIVE)
                             || seg_is(&segs[n - 1], CL_XE_TEMPLATE);
            }
            for (int i = 3; i < n; i++) {
                if (seg_is_rsc(&segs[i])) {
                    touch_add(t, &t->res_ids, seg_id(&segs[i], idbuf));
                    last_rsc = i;
                }
            }
            /* the deepest resource on the path: the change is its own (a
             * resource created in it is new, not a change of it) */
            if (last_rsc > 0
                && !(create && content != NULL && is_rsc_elem(content))) {
                touch_add(t, &t->res_own, seg_id(&segs[last_rsc], idbuf));
            }
            if (content != NULL) {
                collect_resource_ids(t, content);
            }
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_CONSTRAINTS)) {
            t->constraints = true;
        }
        /* alerts, tags, ...: not mapped (docs/mapping.md) */
        return 0;
    }
    if (seg_is(&segs[1], CL_XE_STATUS)) {
        char node_buf[SEG_MAX_ID + 1];
        const char *node_id = n > 2 ? seg_id(&segs[2], node_buf) : NULL;
        bool structural = create || del;
        /* the index holds lrm_resource elements: what is created or
         * freed beside lrm (transient_attributes, ...) leaves it as it is */
        bool idx_rel = structural
                       && (n < 4 ? !(n == 3 && create && content != NULL
                                     && !is_elem(content, CL_XE_LRM))
                                 : seg_is(&segs[3], CL_XE_LRM));

        /* elements at or above lrm_resource created or freed: the lrm
         * index of the node (of every node, above node_state) is stale;
         * for one lrm_resource created or deleted, only its entry (the
         * usual case: a resource's first operation on a node) */
        if (structural && (n < 3 || segs[2].idlen == 0)) {
            t->idx_drop_all = true;
        } else if (idx_rel && n >= 5 && n <= 6
                   && seg_is(&segs[3], CL_XE_LRM)
                   && seg_is(&segs[4], CL_XE_LRM_RESOURCES)
                   && (n == 5 ? create && is_elem(content, CL_XE_LRM_RESOURCE)
                                    && attr(content, CL_XA_ID) != NULL
                              : del && seg_is(&segs[5], CL_XE_LRM_RESOURCE)
                                    && segs[5].idlen > 0)) {
            g_ptr_array_add(t->idx_fix, touch_dup(t, node_id));
            g_ptr_array_add(t->idx_fix,
                            touch_dup(t, n == 5 ? attr(content, CL_XA_ID)
                                                : seg_id(&segs[5], idbuf)));
        } else if (idx_rel && (n <= 5 || (n == 6 && !create))) {
            touch_add(t, &t->idx_drop, node_id);
        }
        if (n == 2) {
            if (create && content != NULL) {
                touch_status_content(t, NULL, content);
            } else {
                t->nodes_all = true;
                t->all = true;
            }
            return 0;
        }
        if (!seg_is(&segs[2], CL_XE_NODE_STATE)) {
            return 0;
        }
        if (node_id == NULL) {
            t->all = true;
            return 0;
        }
        if (n == 3) {
            /* the node_state itself: deleted, moved or its attributes; or
             * a child created in it (transient attributes: the node only;
             * its lrm: the node's histories) */
            touch_add(t, &t->node_ids, node_id);
            if (create && content != NULL) {
                touch_status_content(t, node_id, content);
            } else if (!modify) {
                touch_add(t, &t->lrm_nodes, node_id);
            }
            return 0;
        }
        if (!seg_is(&segs[3], CL_XE_LRM)) {
            touch_add(t, &t->node_ids, node_id); /* transient_attributes */
            return 0;
        }
        if (n >= 6 && seg_is(&segs[5], CL_XE_LRM_RESOURCE)) {
            add_pair(t, node_id, seg_id(&segs[5], idbuf));
            return 0;
        }
        if (create && content != NULL) {
            touch_status_content(t, node_id, content);
        } else {
            touch_add(t, &t->lrm_nodes, node_id);
        }
        return 0;
    }
    return 0;
}

static int
touch_patchset(touch_t *t, xmlNode *patchset)
{
    int rc = 0;

    if (!is_elem(patchset, CL_XE_DIFF)
        || !str_eq0(attr(patchset, "format"), "2")) {
        return -EPROTO;
    }
    for (xmlNode *c = patchset->children; c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_CHANGE)) {
            rc = touch_change(t, c);
            if (rc != 0) {
                return rc;
            }
        }
    }
    return 0;
}

/* ---- computing objects from the CIB ---- */

static guint64
cluster_fp(xmlNode *cib)
{
    guint64 h = FP_INIT;

    h = fp_node(h, cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CRM_CONFIG));
    h = fp_node(h, cib_section(cib, CL_XE_CONFIGURATION, CL_XE_RSC_DEFAULTS));
    h = fp_node(h, cib_section(cib, CL_XE_CONFIGURATION, CL_XE_OP_DEFAULTS));
    return h;
}

/* A cluster option (crm_config), or dflt. */
static char *
cluster_option(xmlNode *cib, const char *name, const char *dflt)
{
    xmlNode *cfg = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CRM_CONFIG);

    for (xmlNode *set = first_elem(cfg, NULL); set != NULL; set = set->next) {
        for (xmlNode *nv = first_elem(set, CL_XE_NVPAIR); nv != NULL;
             nv = nv->next) {
            if (is_elem(nv, CL_XE_NVPAIR)
                && str_eq0(attr(nv, CL_XA_NAME), name)
                && attr(nv, CL_XA_VALUE) != NULL) {
                return g_strdup(attr(nv, CL_XA_VALUE));
            }
        }
    }
    return g_strdup(dflt);
}

/* An nvpair value in any instance_attributes of n. */
static bool
node_attr_is_property(const char *name)
{
    return name != NULL && name[0] != '#'
           && strncmp(name, "fail-count-", 11) != 0
           && strncmp(name, "last-failure-", 13) != 0;
}

static guint64
node_fp(xmlNode *cfg_node, xmlNode *node_state)
{
    guint64 h = fp_node(FP_INIT, cfg_node);
    xmlNode *ta = first_elem(node_state, CL_XE_TRANSIENT_ATTRIBUTES);

    for (xmlNode *set = first_elem(ta, NULL); set != NULL; set = set->next) {
        for (xmlNode *nv = set->children; nv != NULL; nv = nv->next) {
            if (is_elem(nv, CL_XE_NVPAIR)
                && node_attr_is_property(attr(nv, CL_XA_NAME))) {
                const char *v = attr(nv, CL_XA_VALUE);

                h = fp_add(h, attr(nv, CL_XA_NAME),
                           strlen(attr(nv, CL_XA_NAME)) + 1);
                h = fp_add(h, v != NULL ? v : "", v != NULL ? strlen(v) + 1
                                                            : 1);
            }
        }
    }
    return h;
}

/* The clusapi state of a node as the CIB shows it (docs/mapping.md): its
 * own state (pe.h) and what the histories on it did to it (on-fail=fence
 * or standby, active on an offline node). */
static int
node_cib_state(const obj_t *n)
{
    const cl_pe_node_t *p = &n->pe;

    if (p->pending) {
        return ClusterNodeJoining;
    }
    if (!p->online) {
        return ClusterNodeDown;
    }
    if (p->unclean || n->fences > 0 || p->standby || n->standbys > 0
        || p->maintenance || p->shutdown) {
        return ClusterNodePaused;
    }
    return ClusterNodeUp;
}

/* The state of a node: the CIB's, merged with Corosync's membership
 * (clusapi__model_set_members; the table in docs/mapping.md).  Corosync
 * knows first: a cluster node that is not a member is Down whatever the
 * CIB says; one that Corosync reported joining is Joining until the CIB
 * shows Pacemaker's join (pending, Up) or the grace period ends (Down, as
 * crm_mon says of a member without Pacemaker); one that left and came back
 * is Joining until the CIB has changed it (its "online" is stale).
 * cib_changed: called because the CIB changed this node. */
static int
node_cstate(cl_model_t *m, const obj_t *n, bool cib_changed)
{
    int s = node_cib_state(n);
    gpointer member;

    if (m->cs_nodes == NULL || n->remote != REMOTE_NONE
        || !g_hash_table_lookup_extended(m->cs_nodes, n->id, NULL, &member)) {
        return s;
    }
    if (member == NULL) {
        if (cib_changed && s == ClusterNodeDown) {
            /* the CIB has recorded the leave: its state is current */
            g_hash_table_remove(m->cs_left, n->id);
        }
        return ClusterNodeDown;
    }
    if (g_hash_table_contains(m->cs_left, n->id)) {
        if (!cib_changed) {
            return ClusterNodeJoining; /* the CIB has not seen it leave yet */
        }
        g_hash_table_remove(m->cs_left, n->id);
    }
    if (s != ClusterNodeDown) {
        g_hash_table_remove(m->cs_join, n->id); /* Pacemaker joined it */
        return s;
    }
    return g_hash_table_contains(m->cs_join, n->id) ? ClusterNodeJoining
                                                    : ClusterNodeDown;
}

/* Length of an lrm_resource id without its clone instance suffix ":N"
 * (an XML ID has no colon, so a colon can only start the suffix). */
static size_t
lrm_base_len(const char *lrm_id)
{
    const char *colon = strrchr(lrm_id, ':');

    return colon != NULL ? (size_t) (colon - lrm_id) : strlen(lrm_id);
}

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
     * and facts are as they were (obj_t *, flagged kept; a walked object
     * and its entries cost more than the rest of the walk) */
    GPtrArray *kept;
} rcfg_t;

static void
add_remote(rcfg_t *rc, const char *name, int kind, const char *conn,
           const char *container)
{
    remote_t *r = g_new0(remote_t, 1);

    r->kind = kind;
    r->conn = g_strdup(conn);
    r->container = g_strdup(container);
    g_hash_table_replace(rc->remotes, g_strdup(name), r);
}

/* An lrm id that Pacemaker makes up (a guest connection, a bundle's
 * container, address or connection) stands for r. */
static void
map_implicit(rcfg_t *rc, const char *lrm_id, const obj_t *r, xmlNode *cfg,
             bool container, bool bundled)
{
    lrm_ent_t *e = lrm_ent_new(r->id, lrm_id);

    clusapi__pe_rsc_ctx(rc->opts, NULL, &e->pe);
    if (cfg != NULL) {
        cl_pe_rsc_t c;

        clusapi__pe_rsc_ctx(rc->opts, cfg, &c);
        e->pe.managed = c.managed;
    }
    e->pe.container = container;
    e->pe.bundled = bundled;
    g_hash_table_replace(rc->lrm_map, (gpointer) e->id, e);
}

static bool
same_rsc_ctx(const cl_pe_rsc_t *a, const cl_pe_rsc_t *b)
{
    return a->prim == b->prim && a->managed == b->managed
           && a->promotable == b->promotable && a->bundled == b->bundled
           && a->container == b->container
           && a->remote_conn == b->remote_conn;
}

static void
map_lrm(rcfg_t *rc, xmlNode *prim, const obj_t *r)
{
    lrm_ent_t *e = lrm_ent_new(r->id, attr(prim, CL_XA_ID));

    clusapi__pe_rsc_ctx(rc->opts, prim, &e->pe);
    g_hash_table_replace(rc->lrm_map, (gpointer) e->id, e);
}

/* One more lrm id standing for r (prims) */
static void
prims_add(obj_t *r, const char *lrm_id)
{
    if (r->prims == NULL) {
        r->prims = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(r->prims, g_strdup(lrm_id));
}

static guint64
group_fp(xmlNode *group, GPtrArray *members)
{
    guint64 h = FP_INIT;

    for (const xmlAttr *a = group->properties; a != NULL; a = a->next) {
        const char *v = attr(group, (const char *) a->name);
        h = fp_add(h, (const char *) a->name, strlen((const char *) a->name));
        h = fp_add(h, v, strlen(v) + 1);
    }
    for (xmlNode *c = group->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !is_rsc_elem(c)) {
            h = fp_node(h, c);
        }
    }
    for (guint i = 0; i < members->len; i++) {
        const char *m = g_ptr_array_index(members, i);
        h = fp_add(h, m, strlen(m) + 1);
    }
    return h;
}

/* A resource element's fingerprint (fp_tree's), and in *ops the
 * fingerprint of the <operations> of its primitives (itself, or those of a
 * clone or bundle) in one walk: an <operations> element is hashed once, into
 * *ops, and the resource's fingerprint takes that value in its place. */
static guint64
fp_rsc(guint64 h, const xmlNode *n, guint64 *ops)
{
    if (n->type != XML_ELEMENT_NODE) {
        return fp_tree(h, n);
    }
    h = fp_head(h, n);
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (is_elem(c, "operations")) {
            *ops = fp_tree(*ops, c);
            h = fp_add(h, (const char *) ops, sizeof(*ops));
        } else if (is_rsc_elem(c)) {
            h = fp_rsc(h, c, ops);
        } else {
            h = fp_tree(h, c);
        }
    }
    return fp_add(h, ">", 1);
}

/* Map every primitive under n (clone children, bundle primitives) to r. */
static void
map_primitives(rcfg_t *rc, xmlNode *n, obj_t *r)
{
    for (xmlNode *c = n->children; c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE) && attr(c, CL_XA_ID) != NULL) {
            map_lrm(rc, c, r);
            prims_add(r, attr(c, CL_XA_ID));
        } else if (is_rsc_elem(c)) {
            map_primitives(rc, c, r);
        }
    }
}

static void
rcfg_add_resource(rcfg_t *rc, xmlNode *elem, const char *group_id,
                  obj_t *group, const strset_t *fp_ids,
                  const cl_model_t *old, const strset_t *own)
{
    const char *id = attr(elem, CL_XA_ID);
    obj_t *o;
    obj_t *prev;

    if (id == NULL || g_hash_table_contains(rc->rscs, id)) {
        return;
    }
    prev = g_hash_table_lookup(old->objs[CL_KIND_RESOURCE], id);
    if (prev != NULL && prev->kept) {
        return; /* a second element with its id */
    }
    if (own != NULL && prev != NULL && fp_ids != NULL && !prev->multi
        && is_elem(elem, CL_XE_PRIMITIVE) && !strset_has(fp_ids, id)
        && str_eq0(prev->group, group_id)
        && !strset_has(own, group_id)) {
        prev->kept = true;
        g_ptr_array_add(rc->kept, prev);
        g_ptr_array_add(group->members, g_strdup(id));
        return;
    }
    o = obj_new(CL_KIND_RESOURCE, id, id);
    o->prev = prev;
    o->group = strcmp(group_id, id) == 0 ? o->id : g_strdup(group_id);
    if (prev != NULL && fp_ids != NULL && !strset_has(fp_ids, id)
        && str_eq0(prev->group, group_id)) {
        o->fp = prev->fp;
        o->ops_fp = prev->ops_fp;
    } else {
        o->ops_fp = FP_INIT;
        o->fp = fp_add(fp_rsc(FP_INIT, elem, &o->ops_fp), group_id,
                       strlen(group_id));
    }
    g_hash_table_replace(rc->rscs, o->id, o);
    g_ptr_array_add(rc->order, o);
    g_ptr_array_add(group->members, g_strdup(id));
    o->multi = !is_elem(elem, CL_XE_PRIMITIVE);
    if (is_elem(elem, CL_XE_PRIMITIVE)) {
        map_lrm(rc, elem, o); /* prims NULL: its own id */
    } else {
        o->prims = g_ptr_array_new_with_free_func(g_free); /* even none */
        map_primitives(rc, elem, o);
    }
}

/* The agents seen by a configuration walk, and the last one added:
 * neighbouring resources mostly share their agent, which then costs three
 * string comparisons instead of formatting it. */
typedef struct agents {
    GHashTable *set; /* "class:provider:type" or "class:type" */
    const char *last[3];
} agents_t;

static bool
same_or_null(const char *a, const char *b)
{
    return a == NULL ? b == NULL : (b != NULL && strcmp(a, b) == 0);
}

/* Add the agent of a primitive or template to the set (nothing for a
 * primitive taking it from a template). */
static void
add_agent(agents_t *ag, xmlNode *elem)
{
    const char *cls = attr(elem, "class");
    const char *prov = attr(elem, "provider");
    const char *type = attr(elem, "type");
    char buf[512];
    int len;

    if (cls == NULL || type == NULL
        || (same_or_null(cls, ag->last[0]) && same_or_null(prov, ag->last[1])
            && same_or_null(type, ag->last[2]))) {
        return;
    }
    /* "class:provider:type" or "class:type", without printf */
    {
        const char *parts[3] = { cls, prov, type };
        size_t lens[3] = { strlen(cls), prov != NULL ? strlen(prov) : 0,
                           strlen(type) };
        size_t used = 0;

        len = -1;
        if (lens[0] + lens[1] + lens[2] + 3 <= sizeof(buf)) {
            for (int i = 0; i < 3; i++) {
                if (parts[i] == NULL) {
                    continue;
                }
                memcpy(buf + used, parts[i], lens[i]);
                used += lens[i];
                buf[used++] = ':';
            }
            buf[used - 1] = '\0';
            len = (int) used - 1;
        }
    }
    if (len > 0 && !g_hash_table_contains(ag->set, buf)) {
        g_hash_table_add(ag->set, g_strdup(buf));
    }
    ag->last[0] = cls;
    ag->last[1] = prov;
    ag->last[2] = type;
}

/* Every agent used by the primitives and templates under n. */
static void
collect_agents(agents_t *ag, xmlNode *n)
{
    for (xmlNode *c = first_elem(n, NULL); c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE) || is_elem(c, CL_XE_TEMPLATE)) {
            add_agent(ag, c);
        } else if (is_rsc_elem(c)) {
            collect_agents(ag, c);
        }
    }
}

static obj_t *
rcfg_add_group(rcfg_t *rc, const char *id)
{
    obj_t *g = obj_new(CL_KIND_GROUP, id, id);

    g_hash_table_replace(rc->groups, g->id, g);
    g_ptr_array_add(rc->order, g);
    return g;
}

static int cmp_str(gconstpointer a, gconstpointer b);

/* A primitive with the remote-node meta attribute (its own, no rules)
 * makes a guest node of that name. */
static void
note_guest(rcfg_t *rc, xmlNode *prim)
{
    for (xmlNode *set = first_elem(prim, "meta_attributes"); set != NULL;
         set = set->next) {
        if (!is_elem(set, "meta_attributes")) {
            continue;
        }
        for (xmlNode *nv = first_elem(set, CL_XE_NVPAIR); nv != NULL;
             nv = nv->next) {
            if (is_elem(nv, CL_XE_NVPAIR)
                && str_eq0(attr(nv, CL_XA_NAME), "remote-node")
                && attr(nv, CL_XA_VALUE) != NULL) {
                if (!g_hash_table_contains(rc->remotes,
                                           attr(nv, CL_XA_VALUE))) {
                    add_remote(rc, attr(nv, CL_XA_VALUE), REMOTE_GUEST,
                               attr(nv, CL_XA_VALUE), attr(prim, CL_XA_ID));
                }
                return;
            }
        }
    }
}

/* The next IPv4 address of a bundle's range (last octet, wrapping after
 * .254 to the next third octet's .1); NULL if not an IPv4 address. */
static char *
next_ipv4(const char *addr, int n)
{
    unsigned a, b, c, d;

    if (addr == NULL || sscanf(addr, "%u.%u.%u.%u", &a, &b, &c, &d) != 4) {
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        if (++d > 254) {
            d = 1;
            c++;
        }
    }
    return g_strdup_printf("%u.%u.%u.%u", a, b, c, d);
}

/* A bundle's implicit resources (§8): per replica N a container
 * <bundle>-<docker|rkt|podman>-N, an address <bundle>-ip-<addr> and, with a
 * primitive inside, a connection <bundle>-N and the bundle node of that
 * name.  All of them stand for the bundle. */
static void
map_bundle(rcfg_t *rc, xmlNode *bundle, obj_t *r)
{
    static const char *const types[] = { "docker", "rkt", "podman" };
    const char *id = attr(bundle, CL_XA_ID);
    xmlNode *tech = NULL;
    const char *type = NULL;
    xmlNode *net = first_elem(bundle, "network");
    bool inner = first_elem(bundle, CL_XE_PRIMITIVE) != NULL;
    const char *v;
    int promoted, replicas;

    for (size_t i = 0; i < G_N_ELEMENTS(types) && tech == NULL; i++) {
        tech = first_elem(bundle, types[i]);
        type = types[i];
    }
    if (tech == NULL || r == NULL || id == NULL) {
        return;
    }
    v = attr(tech, "promoted-max") ? attr(tech, "promoted-max")
                                   : attr(tech, "masters");
    promoted = v != NULL ? atoi(v) : 0;
    v = attr(tech, "replicas");
    replicas = v != NULL ? atoi(v) : (promoted > 0 ? promoted : 1);
    for (int n = 0; n < replicas; n++) {
        g_autofree char *cont = g_strdup_printf("%s-%s-%d", id, type, n);
        g_autofree char *ip = next_ipv4(attr(net, "ip-range-start"), n);

        map_implicit(rc, cont, r, bundle, false, true);
        prims_add(r, cont);
        if (ip != NULL) {
            g_autofree char *ipid = g_strdup_printf("%s-ip-%s", id, ip);

            map_implicit(rc, ipid, r, bundle, false, true);
            prims_add(r, ipid);
        }
        if (inner) {
            g_autofree char *conn = g_strdup_printf("%s-%d", id, n);

            map_implicit(rc, conn, r, bundle, true, true);
            prims_add(r, conn);
            add_remote(rc, conn, REMOTE_BUNDLE, conn, cont);
        }
    }
}

/* Walk the resources section: groups (explicit or implicit) and resources.
 * Fingerprints are recomputed for ids in fp_ids (all if fp_ids is NULL).
 * With tops, only the elements directly under resources whose ids are in
 * it.  With agents, the agents in use are collected (from the whole
 * section) into rc->restypes. */
static void
rcfg_build(rcfg_t *rc, xmlNode *cib, const strset_t *fp_ids,
           const cl_model_t *old, const strset_t *tops, bool agents,
           const strset_t *own)
{
    xmlNode *res = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_RESOURCES);

    rc->opts = &old->opts;
    if (agents) {
        agents_t ag = { rc->restypes, { NULL, NULL, NULL } };
        collect_agents(&ag, res);
    }

    for (xmlNode *top = res != NULL ? res->children : NULL; top != NULL;
         top = top->next) {
        const char *id = attr(top, CL_XA_ID);
        obj_t *g;

        if (!is_rsc_elem(top) || id == NULL
            || g_hash_table_contains(rc->groups, id)
            || (tops != NULL && !strset_has(tops, id))) {
            continue;
        }
        g = rcfg_add_group(rc, id);
        if (is_elem(top, CL_XE_GROUP)) {
            for (xmlNode *c = top->children; c != NULL; c = c->next) {
                if (is_elem(c, CL_XE_PRIMITIVE)) {
                    rcfg_add_resource(rc, c, id, g, fp_ids, old, own);
                    note_guest(rc, c);
                }
            }
            g->fp = group_fp(top, g->members);
        } else {
            /* docs/mapping.md: an ungrouped primitive, clone or bundle is
             * its own group of the same name (a Windows "role"). */
            rcfg_add_resource(rc, top, id, g, fp_ids, old, own);
            g->fp = FP_INIT;
            if (is_elem(top, CL_XE_PRIMITIVE)) {
                note_guest(rc, top);
                if (ieq(attr(top, "type"), "remote")
                    && ieq(attr(top, "class"), "ocf")
                    && ieq(attr(top, "provider"), "pacemaker")) {
                    add_remote(rc, id, REMOTE_REMOTE, id, NULL);
                }
            } else if (is_elem(top, CL_XE_BUNDLE)) {
                map_bundle(rc, top, g_hash_table_lookup(rc->rscs, id));
            }
        }
    }
    /* guest nodes: their connections are resources of their own, after
     * the configured ones (as Pacemaker appends them) */
    if (g_hash_table_size(rc->remotes) > 0) {
        GHashTableIter it;
        gpointer k, v;
        g_autoptr(GPtrArray) guests = g_ptr_array_new();

        g_hash_table_iter_init(&it, rc->remotes);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            if (((remote_t *) v)->kind == REMOTE_GUEST) {
                g_ptr_array_add(guests, k);
            }
        }
        g_ptr_array_sort(guests, cmp_str);
        for (guint i = 0; i < guests->len; i++) {
            const char *name = g_ptr_array_index(guests, i);
            remote_t *r = g_hash_table_lookup(rc->remotes, name);
            obj_t *o, *grp;

            if (g_hash_table_contains(rc->rscs, name)
                || g_hash_table_contains(rc->groups, name)) {
                g_hash_table_remove(rc->remotes, name);
                continue;
            }
            grp = rcfg_add_group(rc, name);
            grp->fp = FP_INIT;
            o = obj_new(CL_KIND_RESOURCE, name, name);
            o->prev = g_hash_table_lookup(old->objs[CL_KIND_RESOURCE], name);
            o->group = o->id; /* its own group */
            o->fp = fp_add(FP_INIT, r->container, strlen(r->container));
            g_hash_table_replace(rc->rscs, o->id, o);
            g_ptr_array_add(rc->order, o);
            g_ptr_array_add(grp->members, g_strdup(name));
            prims_add(o, name);
            map_implicit(rc, name, o, NULL, true, false);
        }
    }
}

/* The walk's tables, created once per model: emptied after each use, and
 * the maps handed to the model are swapped with the model's old ones
 * (creating and destroying six tables was a fixed cost of every
 * configuration change). */
static rcfg_t *
rcfg_new(void)
{
    rcfg_t *rc = g_new0(rcfg_t, 1);

    rc->rscs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     obj_destroy);
    rc->groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       obj_destroy);
    /* the objects (owned by rscs and groups): translate() takes each from
     * its table, or frees it, on its turn in the walk */
    rc->order = g_ptr_array_new();
    rc->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        g_free);
    rc->remotes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        remote_free);
    rc->restypes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         NULL);
    rc->kept = g_ptr_array_new();
    return rc;
}

static void
rcfg_reset(rcfg_t *rc)
{
    empty_set(rc->restypes);
    empty_set(rc->remotes);
    empty_set(rc->rscs);
    empty_set(rc->groups);
    empty_array(rc->order);
    empty_set(rc->lrm_map);
    rc->opts = NULL;
    for (guint i = 0; i < rc->kept->len; i++) {
        ((obj_t *) g_ptr_array_index(rc->kept, i))->kept = false;
    }
    empty_array(rc->kept);
}

static void
rcfg_free(rcfg_t *rc)
{
    if (rc != NULL) {
        g_hash_table_unref(rc->restypes);
        g_hash_table_unref(rc->remotes);
        g_hash_table_unref(rc->rscs);
        g_hash_table_unref(rc->groups);
        g_ptr_array_unref(rc->order);
        g_hash_table_unref(rc->lrm_map);
        g_ptr_array_unref(rc->kept);
        g_free(rc);
    }
}

/* A constraint score: INFINITY is above every number. */
static gint64
score_of(const char *v)
{
    if (v == NULL) {
        return 0;
    }
    if (strcmp(v, "INFINITY") == 0 || strcmp(v, "+INFINITY") == 0) {
        return G_MAXINT64;
    }
    if (strcmp(v, "-INFINITY") == 0) {
        return G_MININT64;
    }
    return g_ascii_strtoll(v, NULL, 10);
}

typedef struct pref {
    gint64 score;
    guint pos;
    const char *node;
} pref_t;

static int
cmp_pref(gconstpointer a, gconstpointer b)
{
    const pref_t *x = a, *y = b;

    if (x->score != y->score) {
        return x->score > y->score ? -1 : 1;
    }
    return x->pos < y->pos ? -1 : (x->pos > y->pos);
}

static void
fold_fp(GHashTable *fps, const char *id, guint64 h)
{
    guint64 *cur = g_hash_table_lookup(fps, id);

    if (cur == NULL) {
        cur = g_new(guint64, 1);
        *cur = FP_INIT;
        g_hash_table_insert(fps, (gpointer) id, cur);
    }
    *cur = fp_add(*cur, (const char *) &h, sizeof(h));
}

/* Fold h, the fingerprint of a constraint, into the entry of every resource
 * id that n (the constraint, or an element inside it) names: rsc,
 * with-rsc, first, then, and resource_ref in resource sets. */
static void
constraint_names(GHashTable *fps, xmlNode *n, guint64 h)
{
    static const char *const refs[] = { "rsc", "with-rsc", "first", "then" };

    for (size_t i = 0; i < G_N_ELEMENTS(refs); i++) {
        if (attr(n, refs[i]) != NULL) {
            fold_fp(fps, attr(n, refs[i]), h);
        }
    }
    for (xmlNode *k = first_elem(n, NULL); k != NULL; k = k->next) {
        if (is_elem(k, CL_XE_RESOURCE_REF)) {
            if (attr(k, CL_XA_ID) != NULL) {
                fold_fp(fps, attr(k, CL_XA_ID), h);
            }
        } else if (k->type == XML_ELEMENT_NODE) {
            constraint_names(fps, k, h);
        }
    }
}

static bool
same_names(GPtrArray *a, GPtrArray *b)
{
    if (a == NULL || b == NULL) {
        return a == b;
    }
    if (a->len != b->len) {
        return false;
    }
    for (guint i = 0; i < a->len; i++) {
        if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0) {
            return false;
        }
    }
    return true;
}

/* An object's constraint fingerprint and (a group's) preferred nodes, from
 * the tables update_constraints made. */
static void
constraint_facts(obj_t *o, objset_t *changed, GHashTable *fps,
                 GHashTable *prefs)
{
    guint64 *fp = g_hash_table_lookup(fps, o->id);
    guint64 cfp = fp != NULL ? *fp : 0;

    if (o->kind == CL_KIND_GROUP) {
        GArray *arr = g_hash_table_lookup(prefs, o->id);
        GPtrArray *pref = NULL;

        if (arr != NULL) {
            g_array_sort(arr, cmp_pref);
            pref = g_ptr_array_new_with_free_func(g_free);
            for (guint i = 0; i < arr->len; i++) {
                const char *node = g_array_index(arr, pref_t, i).node;
                if (!g_ptr_array_find_with_equal_func(
                        pref, node, g_str_equal, NULL)) {
                    g_ptr_array_add(pref, g_strdup(node));
                }
            }
        }
        if (!same_names(o->preferred, pref)) {
            if (o->preferred != NULL) {
                g_ptr_array_unref(o->preferred);
            }
            o->preferred = pref;
        } else if (pref != NULL) {
            g_ptr_array_unref(pref);
        }
    }
    if (o->cfp != cfp) {
        o->cfp = cfp;
        if (!o->fresh) {
            objset_add(changed, o);
        }
    }
}

/* Constraints: each resource's and group's constraint fingerprint (the
 * constraints naming it), and each group's preferred nodes (its positive
 * rsc_location constraints with a node, highest score first, then document
 * order; rules are not evaluated).  Objects whose fingerprint changed go
 * into 'changed', except those just added.  Of every
 * object, or only of those in 'only' (obj_t *). */
static void
update_constraints(cl_model_t *m, xmlNode *cib, objset_t *changed,
                   GHashTable *fps, GHashTable *prefs, GPtrArray *only)
{
    xmlNode *cons = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CONSTRAINTS);
    static const cl_kind_t kinds[] = { CL_KIND_RESOURCE, CL_KIND_GROUP };
    guint pos = 0;

    if (only != NULL && only->len == 0) {
        return;
    }
    for (xmlNode *c = first_elem(cons, NULL); c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        constraint_names(fps, c, fp_tree(FP_INIT, c));
        if (is_elem(c, CL_XE_RSC_LOCATION) && attr(c, "rsc") != NULL
            && attr(c, "node") != NULL && score_of(attr(c, "score")) > 0) {
            GArray *arr = g_hash_table_lookup(prefs, attr(c, "rsc"));
            pref_t p = { score_of(attr(c, "score")), pos, attr(c, "node") };

            if (arr == NULL) {
                arr = g_array_new(FALSE, FALSE, sizeof(pref_t));
                g_hash_table_insert(prefs, (gpointer) attr(c, "rsc"), arr);
            }
            g_array_append_val(arr, p);
        }
        pos++;
    }
    for (size_t k = 0; only == NULL && k < G_N_ELEMENTS(kinds); k++) {
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, m->objs[kinds[k]]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            constraint_facts(v, changed, fps, prefs);
        }
    }
    for (guint i = 0; only != NULL && i < only->len; i++) {
        constraint_facts(g_ptr_array_index(only, i), changed, fps, prefs);
    }
    g_hash_table_remove_all(fps);
    g_hash_table_remove_all(prefs);
}

/* The working sets of translate(), kept in the model and emptied after
 * each call: creating them was a fixed cost per patchset. */
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
    GHashTable *cons_fps;     /* update_constraints: id -> guint64 * */
    GHashTable *cons_prefs;   /* ... rsc id -> GArray of pref_t */
    GPtrArray *old_rs;        /* obj_t *: resources of the elements a
                               * partial configuration walk replaces */
    objset_t fresh;           /* read_node_lrm: the resources with a record
                               * in fresh_recs, at their index in the set */
    GArray *fresh_recs;       /* ... these rec_t (a table and a block per
                               * call were a third of a node's re-read) */
    GPtrArray *lrm_scan;      /* lrm_scan's results */
    GPtrArray *ids;           /* update_nodes: the node ids, sorted */
    GPtrArray *ev_nodes;      /* ... their events, queued after ADDED */
} scratch_t;

static scratch_t *
scratch_new(void)
{
    scratch_t *sc = g_new0(scratch_t, 1);

    sc->nodes_added = g_ptr_array_new();
    sc->nodes_deleted = g_ptr_array_new_with_free_func(g_free);
    objset_init(&sc->dirty_rscs, OS_DIRTY_RSCS);
    objset_init(&sc->dirty_groups, OS_DIRTY_GROUPS);
    objset_init(&sc->rscs, OS_RSCS);
    sc->rsc_deleted = g_ptr_array_new_with_free_func(obj_destroy);
    sc->grp_deleted = g_ptr_array_new_with_free_func(obj_destroy);
    sc->new_objs = g_ptr_array_new();
    sc->props = g_ptr_array_new();
    objset_init(&sc->propped, OS_PROPPED);
    objset_init(&sc->cons_changed, OS_CONS_CHANGED);
    objset_init(&sc->reread, OS_REREAD);
    objset_init(&sc->dirty_nodes, OS_DIRTY_NODES);
    sc->cons_fps = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                         g_free);
    sc->cons_prefs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_array_unref);
    sc->old_rs = g_ptr_array_new();
    objset_init(&sc->fresh, OS_FRESH);
    sc->fresh_recs = g_array_new(FALSE, FALSE, sizeof(rec_t));
    g_array_set_clear_func(sc->fresh_recs,
                           (GDestroyNotify) rec_free_failures);
    sc->lrm_scan = g_ptr_array_new();
    sc->ids = g_ptr_array_new();
    sc->ev_nodes = g_ptr_array_new();
    return sc;
}

static void
scratch_reset(scratch_t *sc)
{
    objset_clear(&sc->dirty_rscs);
    objset_clear(&sc->dirty_groups);
    objset_clear(&sc->rscs);
    objset_clear(&sc->propped);
    objset_clear(&sc->cons_changed);
    objset_clear(&sc->reread);
    objset_clear(&sc->dirty_nodes);
    empty_array(sc->nodes_added);
    empty_array(sc->nodes_deleted);
    empty_array(sc->rsc_deleted);
    empty_array(sc->grp_deleted);
    empty_array(sc->new_objs);
    empty_array(sc->props);
}

static void
scratch_free(scratch_t *sc)
{
    scratch_reset(sc);
    g_ptr_array_unref(sc->nodes_added);
    g_ptr_array_unref(sc->nodes_deleted);
    objset_free(&sc->dirty_rscs);
    objset_free(&sc->dirty_groups);
    objset_free(&sc->rscs);
    g_ptr_array_unref(sc->rsc_deleted);
    g_ptr_array_unref(sc->grp_deleted);
    g_ptr_array_unref(sc->new_objs);
    g_ptr_array_unref(sc->props);
    objset_free(&sc->propped);
    objset_free(&sc->cons_changed);
    objset_free(&sc->reread);
    objset_free(&sc->dirty_nodes);
    g_hash_table_unref(sc->cons_fps);
    g_hash_table_unref(sc->cons_prefs);
    g_ptr_array_unref(sc->old_rs);
    objset_free(&sc->fresh);
    g_array_unref(sc->fresh_recs);
    g_ptr_array_unref(sc->lrm_scan);
    g_ptr_array_unref(sc->ids);
    g_ptr_array_unref(sc->ev_nodes);
    g_free(sc);
}

/* ---- the model ---- */

cl_model_t *
clusapi__model_new(void)
{
    cl_model_t *m = g_new0(cl_model_t, 1);

    for (int k = 0; k <= CL_KIND_NETINTERFACE; k++) {
        m->objs[k] = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                           obj_destroy);
    }
    m->orphans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       orphan_free);
    m->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       g_free); /* lrm_ent_new */
    m->remotes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       remote_free);
    m->gfenced = g_hash_table_new(g_direct_hash, g_direct_equal);
    m->cluster_name = g_strdup("cluster");
    m->lrm_idx_min = LRM_IDX_MIN;
    m->opts.pcmk = CL_PE_PCMK_BASE;
    m->cluster_version = g_strdup("");
    m->restypes = g_ptr_array_new_with_free_func(g_free);
    m->touch = g_new0(touch_t, 1);
    touch_init(m->touch);
    m->scratch = scratch_new();
    m->lrm_idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);
    m->cs_left = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    m->cs_join = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return m;
}

cl_model_t *
clusapi__model_free(cl_model_t *m)
{
    if (m != NULL) {
        for (int k = 0; k <= CL_KIND_NETINTERFACE; k++) {
            g_hash_table_unref(m->objs[k]);
        }
        g_hash_table_unref(m->lrm_map);
        g_hash_table_unref(m->orphans);
        g_hash_table_unref(m->remotes);
        g_hash_table_unref(m->gfenced);
        g_free(m->cluster_name);
        g_free(m->cluster_version);
        g_ptr_array_unref(m->restypes);
        touch_clear(m->touch);
        g_free(m->touch);
        scratch_free(m->scratch);
        rcfg_free(m->rcfg);
        g_hash_table_unref(m->lrm_idx);
        clusapi__pe_names_clear(&m->names);
        if (m->cs_nodes != NULL) {
            g_hash_table_unref(m->cs_nodes);
        }
        g_hash_table_unref(m->cs_left);
        g_hash_table_unref(m->cs_join);
        g_free(m);
    }
    return NULL;
}

static void
emit(GPtrArray *events, uint32_t change, cl_kind_t kind, const obj_t *o)
{
    if (events != NULL) {
        g_ptr_array_add(events, clusapi__event_new(change, kind, o->id,
                                                   o->name));
    }
}

static int
cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The keys of a table, sorted, in a new array. */
static GPtrArray *
sorted_keys(GHashTable *set)
{
    GPtrArray *arr = g_ptr_array_sized_new(g_hash_table_size(set));
    few_iter_t fi;
    gpointer k;

    few_init(&fi, set);
    while (few_next(&fi, &k, NULL)) {
        g_ptr_array_add(arr, k);
    }
    if (arr->len > 1) {
        g_ptr_array_sort(arr, cmp_str);
    }
    return arr;
}

static xmlNode *
find_node_state(xmlNode *cib, const char *node_id)
{
    return child_with_id(first_elem(cib, CL_XE_STATUS), CL_XE_NODE_STATE,
                         node_id);
}

static xmlNode *
find_cfg_node(xmlNode *cib, const char *node_id)
{
    return child_with_id(cib_section(cib, CL_XE_CONFIGURATION, CL_XE_NODES),
                         CL_XE_NODE, node_id);
}

static xmlNode *
lrm_resources_of(xmlNode *ns)
{
    return first_elem(first_elem(ns, CL_XE_LRM), CL_XE_LRM_RESOURCES);
}

/* ---- resource histories (records) ---- */

/* The entry of an lrm_resource id (maybe "rsc:N"), or NULL: an orphan. */
static lrm_ent_t *
ent_of_lrm(const cl_model_t *m, const char *lrm_id)
{
    size_t len = lrm_base_len(lrm_id);

    if (lrm_id[len] != '\0') {
        char buf[256];
        g_autofree char *big = NULL;

        if (len < sizeof(buf)) {
            memcpy(buf, lrm_id, len);
            buf[len] = '\0';
            return g_hash_table_lookup(m->lrm_map, buf);
        }
        big = g_strndup(lrm_id, len);
        return g_hash_table_lookup(m->lrm_map, big);
    }
    return g_hash_table_lookup(m->lrm_map, lrm_id);
}

static obj_t *
node_by_name(const cl_model_t *m, GQuark name)
{
    GHashTableIter it;
    gpointer v;
    const char *s = g_quark_to_string(name);

    g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (g_ascii_strcasecmp(((obj_t *) v)->name, s) == 0) {
            return v;
        }
    }
    return NULL;
}

/* Forget the lrm index of a node (of every node if node_id is NULL). */
static void
lrm_idx_drop(cl_model_t *m, const char *node_id)
{
    if (node_id == NULL) {
        g_hash_table_remove_all(m->lrm_idx);
    } else {
        g_hash_table_remove(m->lrm_idx, node_id);
    }
}

/* The lrm index of a node (see struct cl_model), built on first use; NULL
 * for a node with fewer than m->lrm_idx_min lrm_resource elements. */
static GHashTable *
lrm_idx_of(cl_model_t *m, xmlNode *ns, const char *node_id)
{
    GHashTable *idx = g_hash_table_lookup(m->lrm_idx, node_id);
    guint n = 0;

    if (idx != NULL) {
        return idx;
    }
    for (xmlNode *lr = first_elem(lrm_resources_of(ns), NULL);
         lr != NULL && n < m->lrm_idx_min; lr = lr->next) {
        n += is_elem(lr, CL_XE_LRM_RESOURCE);
    }
    if (n < m->lrm_idx_min) {
        return NULL;
    }
    idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_ptr_array_unref);
    for (xmlNode *lr = first_elem(lrm_resources_of(ns), NULL); lr != NULL;
         lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);
        char *base;
        GPtrArray *arr;

        if (!is_elem(lr, CL_XE_LRM_RESOURCE) || id == NULL) {
            continue;
        }
        base = g_strndup(id, lrm_base_len(id));
        arr = g_hash_table_lookup(idx, base);
        if (arr == NULL) {
            arr = g_ptr_array_new();
            g_hash_table_insert(idx, base, arr);
        } else {
            g_free(base);
        }
        g_ptr_array_add(arr, lr);
    }
    g_hash_table_replace(m->lrm_idx, g_strdup(node_id), idx);
    return idx;
}

/* A node's lrm_resource elements whose id without ":N" is base, in document
 * order, read one by one (a node without an index): into scan, emptied
 * first; NULL if none. */
static GPtrArray *
lrm_scan(xmlNode *ns, const char *base, GPtrArray *scan)
{
    size_t len = strlen(base);

    g_ptr_array_set_size(scan, 0);
    for (xmlNode *lr = first_elem(lrm_resources_of(ns), NULL); lr != NULL;
         lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);

        if (id != NULL && id[0] == base[0] && strncmp(id, base, len) == 0
            && (id[len] == '\0' || id[len] == ':')
            && is_elem(lr, CL_XE_LRM_RESOURCE) && lrm_base_len(id) == len) {
            g_ptr_array_add(scan, lr);
        }
    }
    return scan->len > 0 ? scan : NULL;
}

/* The same, from the node's index if it has one. */
static GPtrArray *
lrm_elems(GHashTable *idx, xmlNode *ns, const char *base, GPtrArray *scan)
{
    return idx != NULL ? g_hash_table_lookup(idx, base)
                       : lrm_scan(ns, base, scan);
}

/* One lrm_resource with this id created or deleted on a node: the entry of
 * its base id in the node's index (if built) is made again from the
 * node's lrm_resource elements. */
static void
lrm_idx_fix(cl_model_t *m, xmlNode *cib, const char *node_id,
            const char *lrm_id)
{
    GHashTable *idx = g_hash_table_lookup(m->lrm_idx, node_id);
    size_t len = lrm_base_len(lrm_id);
    g_autofree char *base = NULL;
    GPtrArray *arr;

    if (idx == NULL) {
        return; /* built on first use */
    }
    base = g_strndup(lrm_id, len);
    arr = g_hash_table_lookup(idx, base);
    if (arr == NULL) {
        arr = g_ptr_array_new();
        g_hash_table_insert(idx, g_strdup(base), arr);
    }
    g_ptr_array_set_size(arr, 0);
    for (xmlNode *lr = first_elem(lrm_resources_of(find_node_state(cib,
                                                                   node_id)),
                                  NULL);
         lr != NULL; lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);

        if (is_elem(lr, CL_XE_LRM_RESOURCE) && id != NULL
            && strncmp(id, base, len) == 0 && lrm_base_len(id) == len) {
            g_ptr_array_add(arr, lr);
        }
    }
    if (arr->len == 0) {
        g_hash_table_remove(idx, base);
    }
}

/* A record that says nothing: no history worth keeping. */
static bool
rec_empty(const rec_t *r)
{
    return !r->running && !r->failed && !r->blocked && !r->unmanaged
           && !r->failure_ignored && !r->fence_node && !r->standby_node
           && r->pending == CL_PE_PENDING_NONE && r->also_on == 0
           && !r->migration && r->failures == NULL;
}

/* Several histories of one resource on one node (clone instances); one's
 * failures move into into. */
static void
rec_merge(rec_t *into, rec_t *one)
{
    if (one->role > into->role) {
        into->role = one->role;
    }
    if (into->pending == CL_PE_PENDING_NONE) {
        into->pending = one->pending;
    }
    into->running |= one->running;
    into->failed |= one->failed;
    into->blocked |= one->blocked;
    into->unmanaged |= one->unmanaged;
    into->failure_ignored |= one->failure_ignored;
    into->fence_node |= one->fence_node;
    into->standby_node |= one->standby_node;
    into->migration |= one->migration;
    if (into->also_on == 0) {
        into->also_on = one->also_on;
    }
    if (into->failures == NULL) {
        into->failures = g_steal_pointer(&one->failures);
    } else if (one->failures != NULL) {
        g_ptr_array_extend_and_steal(into->failures,
                                     g_steal_pointer(&one->failures));
    }
}

static void
rec_clear(rec_t *r)
{
    memset(r, 0, sizeof(*r));
    r->role = CL_PE_ROLE_STOPPED;
}

/* Is a node's history read at all (§3.5)?  With fencing off, an offline
 * cluster node's is not. */
static bool
node_unpacked(const cl_model_t *m, const obj_t *node)
{
    if (node != NULL && node->remote != REMOTE_NONE) {
        return node->unpacked;
    }
    return node != NULL && !node->unnamed
           && (m->opts.stonith_enabled || node->pe.online);
}

static void
node_where(const obj_t *node, cl_pe_where_t *w)
{
    memset(w, 0, sizeof(*w));
    w->online = node->pe.online;
    w->unclean = node->pe.unclean;
    w->maintenance = node->pe.maintenance;
    w->guest = node->remote == REMOTE_GUEST || node->remote == REMOTE_BUNDLE;
    w->remote = node->remote == REMOTE_REMOTE;
}

static xmlNode *find_node_state(xmlNode *cib, const char *node_id);
static GHashTable *lrm_idx_of(cl_model_t *m, xmlNode *ns, const char *node_id);

/* For a migration: the same lrm id's history on another node. */
typedef struct peer_ctx {
    cl_model_t *m;
    xmlNode *cib;
    const char *lrm_id;
} peer_ctx_t;

static bool
peer_history(void *ud, const char *node_name, cl_pe_peer_t *out)
{
    peer_ctx_t *pc = ud;
    GHashTableIter it;
    gpointer v;
    obj_t *node = NULL;

    out->lrm_resource = NULL;
    out->online = false;
    g_hash_table_iter_init(&it, pc->m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (g_ascii_strcasecmp(((obj_t *) v)->name, node_name) == 0) {
            node = v;
            break;
        }
    }
    if (node == NULL) {
        return false;
    }
    out->online = node->pe.online;
    {
        xmlNode *ns = find_node_state(pc->cib, node->id);
        char base[256];
        size_t len = lrm_base_len(pc->lrm_id);
        GHashTable *idx;
        GPtrArray *arr;

        if (ns == NULL || len >= sizeof(base)) {
            return true;
        }
        memcpy(base, pc->lrm_id, len);
        base[len] = '\0';
        idx = lrm_idx_of(pc->m, ns, node->id);
        arr = idx != NULL ? g_hash_table_lookup(idx, base) : NULL;
        for (guint i = 0; arr != NULL && i < arr->len; i++) {
            xmlNode *lr = g_ptr_array_index(arr, i);
            if (str_eq0(attr(lr, CL_XA_ID), pc->lrm_id)) {
                out->lrm_resource = lr;
                break;
            }
        }
        /* no index (a few elements): the one with this id (not through
         * lrm_scan: the history that asks may be one of its results) */
        if (idx == NULL) {
            out->lrm_resource = child_with_id(lrm_resources_of(ns),
                                              CL_XE_LRM_RESOURCE, pc->lrm_id);
        }
    }
    return true;
}

/* The failures of the history lr learn its place among the node's
 * histories (which of two the same crm_mon lists) */
static void
failures_place(GPtrArray *failures, const xmlNode *lr)
{
    unsigned pos = 0;

    if (failures == NULL) {
        return;
    }
    for (const xmlNode *c = lr->prev; c != NULL; c = c->prev) {
        pos += is_elem(c, CL_XE_LRM_RESOURCE);
    }
    for (guint i = 0; i < failures->len; i++) {
        ((cl_pe_failure_t *) g_ptr_array_index(failures, i))->lrm_pos = pos;
    }
}

/* One history, with its configuration facts; migrations look at the
 * other nodes' histories. */
static void
history(cl_model_t *m, const lrm_ent_t *e, const cl_pe_where_t *w,
        xmlNode *lr, rec_t *out)
{
    cl_pe_where_t here = *w;
    peer_ctx_t pc = { m, xmlDocGetRootElement(lr->doc), attr(lr, CL_XA_ID) };

    here.peer = peer_history;
    here.peer_ud = &pc;
    here.names = &m->names;
    clusapi__pe_history(&m->opts, &e->pe, &here, lr, out);
    failures_place(out->failures, lr);
    if (!e->pe.managed) {
        out->unmanaged = true;
    }
    if (out->migration) {
        e->r->migratory = true;
    }
}

/* ---- orphans: histories no configured resource stands for ---- */

static char *
orphan_key(const char *node_id, const char *lrm_id)
{
    return g_strconcat(node_id, "\037", lrm_id, NULL);
}

/* An orphan's failed actions on a node from its lrm_resource lr (NULL:
 * gone), as Pacemaker reads a history whose resource it made up. */
static void
orphan_read(cl_model_t *m, const obj_t *node, const char *lrm_id,
            xmlNode *lr)
{
    cl_pe_rsc_t pe;
    cl_pe_where_t w;
    rec_t rec;
    g_autofree char *key = orphan_key(node->id, lrm_id);

    if (lr == NULL || !node_unpacked(m, node)) {
        g_hash_table_remove(m->orphans, key);
        return;
    }
    clusapi__pe_rsc_ctx(&m->opts, NULL, &pe);
    if (m->opts.keep_orphans) {
        pe.managed = false;
    }
    node_where(node, &w);
    w.names = &m->names;
    clusapi__pe_history(&m->opts, &pe, &w, lr, &rec);
    failures_place(rec.failures, lr);
    if (rec.failures == NULL) {
        g_hash_table_remove(m->orphans, key);
    } else {
        orphan_t *o = g_new0(orphan_t, 1);

        o->node_id = g_strdup(node->id);
        o->lrm_id = g_strdup(lrm_id);
        o->failures = rec.failures;
        g_hash_table_replace(m->orphans, g_steal_pointer(&key), o);
    }
}

/* Forget a node's orphans. */
static void
orphans_drop_node(cl_model_t *m, const obj_t *node)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, m->orphans);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (strcmp(((orphan_t *) v)->node_id, node->id) == 0) {
            g_hash_table_iter_remove(&it);
        }
    }
}

/* Every orphan of a node again (ns NULL: none). */
static void
orphans_read_node(cl_model_t *m, xmlNode *ns, const obj_t *node)
{
    orphans_drop_node(m, node);
    for (xmlNode *lr = first_elem(lrm_resources_of(ns), NULL); lr != NULL;
         lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);

        if (is_elem(lr, CL_XE_LRM_RESOURCE) && id != NULL
            && ent_of_lrm(m, id) == NULL) {
            orphan_read(m, node, id, lr);
        }
    }
}

/* Store r's record on a node (NULL or empty: none), keeping the node's
 * counts of histories that fence it or put it in standby; a node whose
 * counts changed goes into dirty_nodes. */
/* r's record on a node, or NULL */
static rec_t *
rec_on(const obj_t *r, const obj_t *node, guint *ret_index)
{
    for (guint i = 0; i < r->recs->len; i++) {
        nrec_t *e = &g_array_index(r->recs, nrec_t, i);

        if (e->node == node) {
            if (ret_index != NULL) {
                *ret_index = i;
            }
            return &e->rec;
        }
    }
    return NULL;
}

static void
set_rec(obj_t *r, obj_t *node, rec_t *rec, objset_t *dirty_nodes)
{
    guint idx = 0;
    rec_t *old = rec_on(r, node, &idx);
    bool of = old != NULL && old->fence_node;
    bool os = old != NULL && old->standby_node;
    bool nf = rec != NULL && rec->fence_node;
    bool ns = rec != NULL && rec->standby_node;

    if (of != nf || os != ns) {
        node->fences += (int) nf - (int) of;
        node->standbys += (int) ns - (int) os;
        objset_add(dirty_nodes, node);
    }
    if (rec == NULL || rec_empty(rec)) {
        if (old != NULL) {
            g_array_remove_index_fast(r->recs, idx);
        }
    } else if (old == NULL) {
        nrec_t e = { node, *rec };

        g_array_append_val(r->recs, e);
        rec->failures = NULL; /* the stored record's now */
    } else {
        rec_free_failures(old);
        *old = *rec;
        rec->failures = NULL;
    }
}

/* Read a node's whole history in document order: a history that makes the
 * node unclean makes the failures of the later ones not count (§6.9).
 * Every resource with a record there, before or after, is marked dirty. */
static void
read_node_lrm(cl_model_t *m, xmlNode *ns, obj_t *node, objset_t *dirty,
              objset_t *dirty_nodes)
{
    objset_t *fresh = &m->scratch->fresh;    /* empty between calls */
    GArray *recs = m->scratch->fresh_recs;
    GHashTableIter it;
    gpointer v;

    orphans_drop_node(m, node);
    if (node_unpacked(m, node)) {
        cl_pe_where_t w;

        node_where(node, &w);
        for (xmlNode *lr = first_elem(lrm_resources_of(ns), NULL);
             lr != NULL; lr = lr->next) {
            const char *id = attr(lr, CL_XA_ID);
            lrm_ent_t *e;
            rec_t one;

            if (!is_elem(lr, CL_XE_LRM_RESOURCE) || id == NULL) {
                continue;
            }
            if ((e = ent_of_lrm(m, id)) == NULL) {
                orphan_read(m, node, id, lr);
                continue;
            }
            history(m, e, &w, lr, &one);
            if (one.fence_node) {
                w.unclean = true;
            }
            if (!objset_has(fresh, e->r)) { /* both grow together */
                g_array_append_val(recs, one);
                objset_add(fresh, e->r);
            } else {
                rec_merge(&g_array_index(recs, rec_t,
                                         objset_index(fresh, e->r)),
                          &one);
            }
        }
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *r = v;
        rec_t *rec = objset_has(fresh, r)
                         ? &g_array_index(recs, rec_t, objset_index(fresh, r))
                         : NULL;

        if (rec != NULL || rec_on(r, node, NULL) != NULL) {
            set_rec(r, node, rec, dirty_nodes);
            objset_add(dirty, r);
        }
    }
    objset_clear(fresh);
    g_array_set_size(recs, 0);
}

/* Recompute the records on one node of the resources in rscs (obj_t *) and
 * mark them dirty.  Each one's comes from its own lrm_resource elements,
 * found through the index.  When fencing is involved (the node was made
 * unclean by a history, or now is), the order of the histories matters:
 * the whole node is read again. */
static void
read_node_rscs(cl_model_t *m, xmlNode *ns, obj_t *node, const objset_t *rscs,
               objset_t *dirty, objset_t *dirty_nodes)
{
    GHashTable *idx;
    bool unpacked = node_unpacked(m, node);
    cl_pe_where_t w;

    if (node->fences > 0 || objset_len(rscs) > 16) {
        read_node_lrm(m, ns, node, dirty, dirty_nodes);
        return;
    }
    idx = unpacked ? lrm_idx_of(m, ns, node->id) : NULL;
    node_where(node, &w);
    for (guint n = 0; n < objset_len(rscs); n++) { /* usually one */
        obj_t *r = objset_at(rscs, n);
        rec_t rec, one;
        bool any = false;

        rec_clear(&rec);
        for (guint i = 0; unpacked && r->ents != NULL && i < r->ents->len;
             i++) {
            lrm_ent_t *e = g_ptr_array_index(r->ents, i);
            GPtrArray *arr = lrm_elems(idx, ns, e->id, m->scratch->lrm_scan);

            for (guint j = 0; arr != NULL && j < arr->len; j++) {
                history(m, e, &w, g_ptr_array_index(arr, j), &one);
                if (any) {
                    rec_merge(&rec, &one);
                } else {
                    rec = one;
                    any = true;
                }
            }
        }
        if (rec.fence_node) {
            rec_free_failures(&rec);
            read_node_lrm(m, ns, node, dirty, dirty_nodes);
            return;
        }
        set_rec(r, node, any ? &rec : NULL, dirty_nodes);
        objset_add(dirty, r);
    }
}

/* Status of one instance (a record, or a primitive as a whole). */
enum { ST_OFFLINE, ST_ONLINE, ST_OFFLINE_PENDING, ST_ONLINE_PENDING,
       ST_FAILED };

static int
status_of(bool failed, enum cl_pe_pending pending, bool active)
{
    if (failed) {
        return ST_FAILED;
    }
    switch (pending) {
        case CL_PE_PENDING_START:
        case CL_PE_PENDING_PROMOTE:
        case CL_PE_PENDING_MIGRATE:
            return ST_ONLINE_PENDING;
        case CL_PE_PENDING_STOP:
        case CL_PE_PENDING_DEMOTE:
            return ST_OFFLINE_PENDING;
        default:
            break;
    }
    return active ? ST_ONLINE : ST_OFFLINE;
}

/* native_active: running there counts if the node is online or unclean,
 * or the resource is unmanaged. */
static bool
rec_active(const obj_t *node, const rec_t *rec)
{
    return rec->running
           && (node == NULL || node->pe.online || node->pe.unclean
               || node->fences > 0 || rec->unmanaged);
}

/* Resource state from its records (docs/mapping.md): a primitive is one
 * instance (failed anywhere = failed); a clone or bundle has one instance
 * per node.  Owner: the first node, in Pacemaker's node name order, that
 * hosts an instance in the resource's state. */
/* Fold one record (on node, named name) into a resource's state. */
typedef struct agg {
    bool multi;
    int st;              /* multi: strongest instance status */
    const char *owner;
    bool failed, active; /* a primitive as one instance */
    enum cl_pe_pending pending;
    const char *pending_node;
} agg_t;

static void
agg_rec(agg_t *a, const obj_t *node, const char *name, const rec_t *rec)
{
    if (!a->multi) {
        a->failed |= rec->failed;
        a->active |= rec_active(node, rec);
        if (rec->pending != CL_PE_PENDING_NONE
            && (a->pending_node == NULL
                || clusapi__pe_node_name_cmp(name, a->pending_node) < 0)) {
            a->pending = rec->pending;
            a->pending_node = name;
        }
        if (rec->running
            && (a->owner == NULL
                || clusapi__pe_node_name_cmp(name, a->owner) < 0)) {
            a->owner = name;
        }
    } else {
        int st = status_of(rec->failed, rec->pending, rec_active(node, rec));

        if (st > a->st) {
            a->st = st;
            a->owner = NULL;
        }
        if (st == a->st && rec->running
            && (a->owner == NULL
                || clusapi__pe_node_name_cmp(name, a->owner) < 0)) {
            a->owner = name;
        }
    }
}

/* Owners are node names, a small set: interned (never freed), so that
 * setting one allocates nothing and comparing two is comparing pointers. */
static const char *
owner_of(const char *name)
{
    return name != NULL && name[0] != '\0' ? g_intern_string(name) : no_owner;
}

/* Resource state from its records (docs/mapping.md): a primitive is one
 * instance (failed anywhere = failed); a clone or bundle has one instance
 * per node.  Owner: the first node, in Pacemaker's node name order, that
 * hosts an instance in the resource's state.  A migration can make a
 * history count on a second node too. */
static void
resource_state(const cl_model_t *m, obj_t *r, int *ret_state,
               const char **ret_owner)
{
    agg_t a = { .multi = r->multi, .st = ST_OFFLINE, .failed = r->guest_fenced };
    int agg;

    for (guint i = 0; i < r->recs->len; i++) {
        nrec_t *e = &g_array_index(r->recs, nrec_t, i);
        rec_t *rec = &e->rec;
        obj_t *node = e->node;

        agg_rec(&a, node, node->name, rec);
        if (rec->also_on != 0) {
            obj_t *other = node_by_name(m, rec->also_on);
            rec_t there = *rec;

            there.running = true;
            agg_rec(&a, other, other != NULL ? other->name
                                             : g_quark_to_string(rec->also_on),
                    &there);
        }
    }
    if (r->guest_fenced && r->fenced_host != 0) {
        /* the container that guest fencing failed, on its host */
        obj_t *host = node_by_name(m, r->fenced_host);
        rec_t failed;

        rec_clear(&failed);
        failed.failed = failed.running = true;
        agg_rec(&a, host, g_quark_to_string(r->fenced_host), &failed);
    }
    agg = a.multi ? a.st : status_of(a.failed, a.pending, a.active);
    switch (agg) {
        case ST_ONLINE: *ret_state = ClusterResourceOnline; break;
        case ST_ONLINE_PENDING: *ret_state = ClusterResourceOnlinePending; break;
        case ST_OFFLINE_PENDING:
            *ret_state = ClusterResourceOfflinePending;
            break;
        case ST_FAILED: *ret_state = ClusterResourceFailed; break;
        default: *ret_state = ClusterResourceOffline; break;
    }
    *ret_owner = owner_of(a.owner);
}

/* Group state from its members (docs/windows-api.md 2.5, ApiGetGroupState). */
static void
group_state(const cl_model_t *m, obj_t *g, int *ret_state,
            const char **ret_owner)
{
    guint online = 0, failed = 0, pending = 0;
    const char *owner = no_owner; /* a member's: interned already */

    for (guint i = 0; g->mobjs != NULL && i < g->mobjs->len; i++) {
        obj_t *r = g_ptr_array_index(g->mobjs, i);

        switch (r->state) {
            case ClusterResourceOnline: online++; break;
            case ClusterResourceFailed: failed++; break;
            case ClusterResourceOnlinePending:
            case ClusterResourceOfflinePending:
            case ClusterResourcePending: pending++; break;
            default: break;
        }
        if (owner == no_owner && r->owner != no_owner) {
            owner = r->owner;
        }
    }
    if (failed > 0) {
        *ret_state = ClusterGroupFailed;
    } else if (pending > 0) {
        *ret_state = ClusterGroupPending;
    } else if (online > 0 && online < g->members->len) {
        *ret_state = ClusterGroupPartialOnline;
    } else if (online > 0) {
        *ret_state = ClusterGroupOnline;
    } else {
        *ret_state = ClusterGroupOffline;
    }
    *ret_owner = owner;
}

static obj_t *
node_obj(const cl_model_t *m, const char *id)
{
    return id != NULL ? g_hash_table_lookup(m->objs[CL_KIND_NODE], id) : NULL;
}

/* Recompute node objects for the given ids (NULL = every node known to the
 * configuration or the status).  A node whose own state changed in a way
 * that changes how its history reads (online, unclean, maintenance) goes
 * into reread. */
static void
update_nodes(cl_model_t *m, xmlNode *cib, const strset_t *ids,
             GPtrArray *events, GPtrArray *added, GPtrArray *deleted,
             objset_t *reread, GPtrArray *order)
{
    strset_t all; /* borrowed ids: the CIB's and the model's, which this
                   * call frees none of */
    xmlNode *nodes = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_NODES);
    xmlNode *status = first_elem(cib, CL_XE_STATUS);

    strset_init(&all);
    if (ids == NULL) {
        GHashTableIter it;
        gpointer k;

        for (xmlNode *n = first_elem(nodes, NULL); n != NULL; n = n->next) {
            if (is_elem(n, CL_XE_NODE) && attr(n, CL_XA_ID) != NULL) {
                strset_add(&all, attr(n, CL_XA_ID));
            }
        }
        for (xmlNode *n = first_elem(status, NULL); n != NULL; n = n->next) {
            if (is_elem(n, CL_XE_NODE_STATE) && attr(n, CL_XA_ID) != NULL) {
                strset_add(&all, attr(n, CL_XA_ID));
            }
        }
        g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            strset_add(&all, k);
        }
        ids = &all;
    }
    g_ptr_array_set_size(order, 0);
    for (guint i = 0; i < strset_size(ids); i++) {
        g_ptr_array_add(order, (gpointer) strset_at(ids, i));
    }
    if (order->len > 1) {
        g_ptr_array_sort(order, cmp_str);
    }
    for (guint i = 0; i < order->len; i++) {
        const char *id = g_ptr_array_index(order, i);
        xmlNode *cfg = find_cfg_node(cib, id);
        xmlNode *ns = find_node_state(cib, id);
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);
        const char *uname = attr(cfg, CL_XA_UNAME);
        int state;
        guint64 fp;
        cl_pe_node_t pe;
        bool unnamed;

        if (uname == NULL) {
            uname = attr(ns, CL_XA_UNAME);
        }
        if (cfg == NULL && (ns == NULL || uname == NULL)) {
            if (o != NULL) {
                g_ptr_array_add(deleted, g_strdup(id));
            }
            continue;
        }
        fp = node_fp(cfg, ns);
        if (o != NULL && o->remote != REMOTE_NONE
            && g_hash_table_contains(m->remotes, id)) {
            /* its state comes from its connection (update_remotes) */
            if (o->fp != fp) {
                o->fp = fp;
                emit(events, CLUSTER_CHANGE_NODE_PROPERTY, CL_KIND_NODE, o);
            }
            objset_add(reread, o);
            continue;
        }
        /* a node_state without uname (a joining node Pacemaker has not
         * named yet): 2.1.7 reads its state from it (00dd1989fd), 2.1.5
         * not; neither reads its history */
        unnamed = ns != NULL && attr(ns, CL_XA_UNAME) == NULL;
        clusapi__pe_member_node(&m->opts, cfg,
                                unnamed && m->opts.pcmk < CL_PE_PCMK(2, 1, 7)
                                    ? NULL
                                    : ns,
                                &pe);
        if (o == NULL) {
            o = obj_new(CL_KIND_NODE, id, uname);
            o->pe = pe;
            o->unnamed = unnamed;
            o->state = node_cstate(m, o, true);
            o->fp = fp;
            g_hash_table_replace(m->objs[CL_KIND_NODE], o->id, o);
            g_ptr_array_add(added, o->id);
            objset_add(reread, o);
            continue;
        }
        if (o->pe.online != pe.online || o->pe.unclean != pe.unclean
            || o->pe.maintenance != pe.maintenance || o->unnamed != unnamed) {
            objset_add(reread, o);
        }
        o->pe = pe;
        o->unnamed = unnamed;
        state = node_cstate(m, o, true);
        if (o->fp != fp) {
            o->fp = fp;
            emit(events, CLUSTER_CHANGE_NODE_PROPERTY, CL_KIND_NODE, o);
        }
        if (o->state != state) {
            o->state = state;
            emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, o);
        }
    }
    g_ptr_array_set_size(order, 0); /* its ids are borrowed */
    strset_free(&all);
}

static int
cmp_obj_id(gconstpointer a, gconstpointer b)
{
    return strcmp((*(const obj_t *const *) a)->id,
                  (*(const obj_t *const *) b)->id);
}

static int
cmp_obj_id_data(gconstpointer a, gconstpointer b, gpointer ud)
{
    (void) ud;
    return cmp_obj_id(a, b);
}

/* A set's members sorted by id, in place (most sets hold one object, or
 * none); their indices follow them. */
static const objset_t *
sorted_objs(objset_t *set)
{
    if (set->n > 1) {
        g_qsort_with_data(set->v, (gint) set->n, sizeof(*set->v),
                          cmp_obj_id_data, NULL);
        for (guint i = 0; i < set->n; i++) {
            set->v[i]->pos[set->kind] = i;
        }
    }
    return set;
}

/* Mark the group with this id dirty, if it exists. */
static void
dirty_group(const cl_model_t *m, objset_t *dirty, const char *id)
{
    obj_t *g = id != NULL ? g_hash_table_lookup(m->objs[CL_KIND_GROUP], id)
                          : NULL;

    if (g != NULL) {
        objset_add(dirty, g);
    }
}

/* An lrm id's outcome on the cluster nodes whose history is read: is it
 * running (started or more) somewhere, is it failed, and has it a history
 * at all (the role of a connection or container, §4.2). */
static void
lrm_outcome(cl_model_t *m, xmlNode *cib, const char *lrm_id, bool *running,
            bool *failed, obj_t **host)
{
    lrm_ent_t *e = ent_of_lrm(m, lrm_id);
    GHashTableIter it;
    gpointer v;
    int hosts = 0;

    *running = *failed = false;
    *host = NULL;
    if (e == NULL) {
        return;
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *node = v;
        xmlNode *ns;
        GPtrArray *arr;
        cl_pe_where_t w;

        if (node->remote != REMOTE_NONE || !node_unpacked(m, node)) {
            continue;
        }
        ns = find_node_state(cib, node->id);
        arr = lrm_elems(lrm_idx_of(m, ns, node->id), ns, lrm_id,
                        m->scratch->lrm_scan);
        node_where(node, &w);
        for (guint i = 0; arr != NULL && i < arr->len; i++) {
            rec_t rec;

            history(m, e, &w, g_ptr_array_index(arr, i), &rec);
            rec_free_failures(&rec);
            *running |= rec.running && rec.role >= CL_PE_ROLE_STARTED;
            *failed |= rec.failed;
            if (rec.running && *host != node) {
                *host = node;
                hosts++;
            }
        }
    }
    if (hosts != 1) {
        *host = NULL;
    }
}

/* The state of a Pacemaker Remote node (§4.2, §4.3). */
static void
remote_node_pe(cl_model_t *m, xmlNode *cib, const remote_t *rm, xmlNode *cfg,
               xmlNode *ns, cl_pe_node_t *pe, bool *unpacked,
               obj_t **ret_cont_host)
{
    bool conn_run, conn_fail, cont_run = true, cont_fail = false;
    lrm_ent_t *ce = ent_of_lrm(m, rm->conn);
    obj_t *conn_host = NULL, *cont_host = NULL;

    memset(pe, 0, sizeof(*pe));
    lrm_outcome(m, cib, rm->conn, &conn_run, &conn_fail, &conn_host);
    if (rm->container != NULL) {
        lrm_outcome(m, cib, rm->container, &cont_run, &cont_fail, &cont_host);
    }
    pe->online = conn_run && !conn_fail && !cont_fail && cont_run;
    *ret_cont_host = cont_host;
    /* a guest whose container's host is down and to be fenced */
    if (rm->container != NULL && conn_host != NULL && !conn_host->pe.online
        && (conn_host->pe.unclean || conn_host->fences > 0)) {
        pe->online = false;
    }
    *unpacked = m->opts.stonith_enabled || (conn_run && cont_run);
    if (*unpacked && ns != NULL) {
        const cl_pe_opts_t *o = &m->opts;
        const char *shut = clusapi__pe_node_attr(o, cfg, ns, "shutdown");

        pe->shutdown = shut != NULL && strcmp(shut, "0") != 0;
        pe->standby = clusapi__pe_is_true(
            clusapi__pe_node_attr(o, cfg, ns, "standby"));
        pe->maintenance = clusapi__pe_is_true(
                              clusapi__pe_node_attr(o, cfg, ns, "maintenance"))
                          || (ce != NULL && !ce->pe.managed);
    } else {
        /* a remote node never seen keeps its startup fencing */
        pe->unclean = rm->kind == REMOTE_REMOTE && m->opts.startup_fencing;
    }
}

/* The Pacemaker Remote nodes there are (m->remotes) and the containers
 * guest fencing failed (m->gfenced): create or update their node objects,
 * one whose state changed has its history read again; set the containers'
 * flags. */
static void
update_remote_nodes(cl_model_t *m, xmlNode *cib, GPtrArray *events,
                    objset_t *dirty, objset_t *dirty_nodes)
{
    g_autoptr(GPtrArray) names = sorted_keys(m->remotes);
    g_autoptr(GHashTable) hosts = g_hash_table_new_full(g_str_hash,
                                                        g_str_equal, g_free,
                                                        NULL);
    GHashTableIter it;
    gpointer v;

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        remote_t *rm = g_hash_table_lookup(m->remotes, name);
        xmlNode *cfg = find_cfg_node(cib, name);
        xmlNode *ns = find_node_state(cib, name);
        obj_t *o = node_obj(m, name);
        cl_pe_node_t pe;
        bool unpacked;
        obj_t *cont_host = NULL;

        remote_node_pe(m, cib, rm, cfg, ns, &pe, &unpacked, &cont_host);
        if (cont_host != NULL) {
            g_hash_table_replace(hosts, g_strdup(name),
                                 GUINT_TO_POINTER(g_quark_from_string(
                                     cont_host->name)));
        }
        if (o == NULL) {
            o = obj_new(CL_KIND_NODE, name, name);
            o->remote = rm->kind;
            m->remote_nodes = true;
            o->pe = pe;
            o->unpacked = unpacked;
            o->fp = node_fp(cfg, ns);
            o->state = node_cstate(m, o, true);
            g_hash_table_replace(m->objs[CL_KIND_NODE], o->id, o);
            emit(events, CLUSTER_CHANGE_NODE_ADDED, CL_KIND_NODE, o);
            read_node_lrm(m, ns, o, dirty, dirty_nodes);
            continue;
        }
        if (o->remote != rm->kind || o->unpacked != unpacked
            || o->pe.online != pe.online || o->pe.unclean != pe.unclean
            || o->pe.maintenance != pe.maintenance
            || o->pe.standby != pe.standby
            || o->pe.shutdown != pe.shutdown) {
            bool reread = o->remote != rm->kind || o->unpacked != unpacked
                          || o->pe.online != pe.online
                          || o->pe.unclean != pe.unclean
                          || o->pe.maintenance != pe.maintenance;

            o->remote = rm->kind;
            m->remote_nodes = true;
            o->pe = pe;
            o->unpacked = unpacked;
            objset_add(dirty_nodes, o);
            if (reread) {
                read_node_lrm(m, ns, o, dirty, dirty_nodes);
            }
        }
    }
    /* §4.4: a guest (or bundle) node that a history fences makes its
     * managed container failed */
    {
        g_autoptr(GHashTable) fenced = g_hash_table_new(g_direct_hash,
                                                        g_direct_equal);

        for (guint i = 0; i < names->len; i++) {
            remote_t *rm = g_hash_table_lookup(m->remotes,
                                               g_ptr_array_index(names, i));
            obj_t *o = node_obj(m, g_ptr_array_index(names, i));
            lrm_ent_t *ce = rm->container != NULL
                                ? ent_of_lrm(m, rm->container)
                                : NULL;

            if (ce != NULL && o != NULL && o->fences > 0 && ce->pe.managed) {
                GQuark host = GPOINTER_TO_UINT(g_hash_table_lookup(
                    hosts, g_ptr_array_index(names, i)));

                g_hash_table_add(fenced, ce->r);
                if (ce->r->fenced_host != host) {
                    ce->r->fenced_host = host;
                    objset_add(dirty, ce->r);
                }
            }
        }
        /* the flags change only where the set did (m->gfenced: before;
         * deleted objects leave it when they are deleted) */
        g_hash_table_iter_init(&it, m->gfenced);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            obj_t *r = v;

            if (!g_hash_table_contains(fenced, r)) {
                r->guest_fenced = false;
                r->fenced_host = 0;
                objset_add(dirty, r);
            }
        }
        g_hash_table_iter_init(&it, fenced);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            obj_t *r = v;

            if (!r->guest_fenced) {
                r->guest_fenced = true;
                objset_add(dirty, r);
            }
        }
        g_hash_table_remove_all(m->gfenced);
        g_hash_table_iter_init(&it, fenced);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            g_hash_table_add(m->gfenced, v);
        }
    }
}

/* Pacemaker Remote nodes: create, update or remove their node objects
 * (nodes_deleted: the caller's array of deleted node ids, for the
 * NODE_DELETED events).  Without remote nodes (the usual cluster) only the
 * last loop has anything to look at. */
static void
update_remotes(cl_model_t *m, xmlNode *cib, GPtrArray *events,
               GPtrArray *nodes_deleted, objset_t *dirty,
               objset_t *dirty_nodes)
{
    GHashTableIter it;
    gpointer v;

    if (g_hash_table_size(m->remotes) > 0
        || g_hash_table_size(m->gfenced) > 0) {
        update_remote_nodes(m, cib, events, dirty, dirty_nodes);
    }
    /* remote nodes whose connection is gone (none unless a node was
     * ever a remote one: no walk over every node per patchset) */
    if (!m->remote_nodes) {
        return;
    }
    m->remote_nodes = false;
    g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *o = v;

        if (o->remote != REMOTE_NONE
            && g_hash_table_contains(m->remotes, o->id)) {
            m->remote_nodes = true;
        } else if (o->remote != REMOTE_NONE) {
            o->remote = REMOTE_NONE;
            if (find_cfg_node(cib, o->id) == NULL
                && !g_ptr_array_find_with_equal_func(nodes_deleted, o->id,
                                                     g_str_equal, NULL)) {
                read_node_lrm(m, NULL, o, dirty, dirty_nodes);
                g_ptr_array_add(nodes_deleted, g_strdup(o->id));
            }
        }
    }
}

static bool
same_opts(const cl_pe_opts_t *a, const cl_pe_opts_t *b)
{
    /* no-quorum-policy counts only without quorum (pe.c) */
    return a->stonith_enabled == b->stonith_enabled
           && a->startup_fencing == b->startup_fencing
           && a->maintenance_mode == b->maintenance_mode
           && a->have_quorum == b->have_quorum
           && (a->have_quorum || (a->nq_ignore == b->nq_ignore
                                  && a->nq_suicide == b->nq_suicide
                                  && a->nq_panic == b->nq_panic))
           && a->have_stonith == b->have_stonith
           && a->dflt_on_fail == b->dflt_on_fail
           && a->dflt_managed == b->dflt_managed
           && a->dflt_maintenance == b->dflt_maintenance
           && a->asymmetric == b->asymmetric
           && a->keep_orphans == b->keep_orphans;
}

/* A resource's group, and its lrm entries emptied (they are added after;
 * a kept resource keeps them). */
static void
rsc_link(obj_t *r, obj_t *g)
{
    if (r->ents == NULL) {
        r->ents = g_ptr_array_new();
    }
    if (!r->kept) {
        g_ptr_array_set_size(r->ents, 0);
    }
    r->grp = g;
}

/* A group's member objects, from its member ids. */
static void
group_mobjs(const cl_model_t *m, obj_t *g)
{
    if (g->mobjs == NULL) {
        g->mobjs = g_ptr_array_new();
    }
    g_ptr_array_set_size(g->mobjs, 0);
    for (guint i = 0; i < g->members->len; i++) {
        obj_t *r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE],
                                       g_ptr_array_index(g->members, i));
        if (r != NULL) {
            g_ptr_array_add(g->mobjs, r);
        }
    }
}

/* The pointers kept with the configuration (a state change then needs no
 * lookup by id in the big tables): each resource's group and lrm entries,
 * each group's member objects.  For the groups named in tops and their
 * members only, if tops is not NULL: their entries are then added by the
 * caller. */
static void
fix_pointers(cl_model_t *m, const strset_t *tops)
{
    GHashTableIter it;
    gpointer k, v;

    if (tops != NULL) {
        for (guint j = 0; j < strset_size(tops); j++) {
            obj_t *g = g_hash_table_lookup(m->objs[CL_KIND_GROUP],
                                           strset_at(tops, j));

            if (g == NULL) {
                continue;
            }
            group_mobjs(m, g);
            for (guint i = 0; i < g->mobjs->len; i++) {
                rsc_link(g_ptr_array_index(g->mobjs, i), g);
            }
        }
        return;
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        rsc_link(v, g_hash_table_lookup(m->objs[CL_KIND_GROUP],
                                        ((obj_t *) v)->group));
    }
    g_hash_table_iter_init(&it, m->lrm_map);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        lrm_ent_t *e = v;

        g_ptr_array_add(e->r->ents, e);
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_GROUP]);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        group_mobjs(m, v);
    }
}

/* Whether a walk of the top-level elements in tops alone can stand for a
 * whole walk: it found no Pacemaker Remote node, and none of its resources
 * or lrm ids belongs to an element outside tops (ids are unique in a valid
 * CIB; a duplicate is left to the whole walk's first-one-wins). */
static bool
partial_fits(const cl_model_t *m, const rcfg_t *rc, const strset_t *tops)
{
    few_iter_t fi;
    gpointer k, v;

    if (g_hash_table_size(rc->remotes) > 0) {
        return false;
    }
    few_init(&fi, rc->rscs);
    while (few_next(&fi, &k, &v)) {
        const obj_t *old = ((const obj_t *) v)->prev;

        if (old != NULL && !strset_has(tops, old->group)) {
            return false;
        }
    }
    few_init(&fi, rc->lrm_map);
    while (few_next(&fi, &k, &v)) {
        const lrm_ent_t *old = g_hash_table_lookup(m->lrm_map, k);

        if (old != NULL && old->r != NULL
            && (old->r->kept || !strset_has(tops, old->r->group))) {
            return false; /* a kept resource's entries stay its own */
        }
    }
    return true;
}

/* The core of load and update. */
static void
translate(cl_model_t *m, xmlNode *cib, touch_t *t, GPtrArray *events)
{
    scratch_t *sc = m->scratch;
    GPtrArray *nodes_added = sc->nodes_added;
    GPtrArray *nodes_deleted = sc->nodes_deleted;
    objset_t *dirty_rscs = &sc->dirty_rscs;
    objset_t *dirty_groups = &sc->dirty_groups;
    GPtrArray *rsc_deleted = sc->rsc_deleted;
    GPtrArray *grp_deleted = sc->grp_deleted;
    GPtrArray *new_objs = sc->new_objs;
    GPtrArray *props = sc->props;

    clusapi__pe_names_bind(&m->names, cib->doc);
    /* 0. the lrm index: stale where elements were created or freed */
    if (t->all || t->idx_drop_all || cib->doc != m->lrm_idx_doc) {
        lrm_idx_drop(m, NULL);
        m->lrm_idx_doc = cib->doc;
    } else {
        for (guint i = 0; i < strset_size(&t->idx_drop); i++) {
            lrm_idx_drop(m, strset_at(&t->idx_drop, i));
        }
    }
    for (guint i = 0; !t->all && !t->idx_drop_all && i + 1 < t->idx_fix->len;
         i += 2) {
        lrm_idx_fix(m, cib, g_ptr_array_index(t->idx_fix, i),
                    g_ptr_array_index(t->idx_fix, i + 1));
    }

    /* the cluster options the states depend on: when they change, every
     * node and history reads differently (the other crm_config options,
     * dc-version or last-lrm-refresh, change none of them) */
    if (t->all || t->cluster_cfg || t->res_cfg || t->cib_attrs) {
        cl_pe_opts_t o = m->opts;

        /* every diff modifies <cib> (its versions): then only have-quorum
         * is read; the resources section only when it changed */
        if (t->all || t->cluster_cfg) {
            clusapi__pe_opts_read(&o, cib, t->all || t->res_cfg);
        } else if (t->res_cfg) {
            clusapi__pe_opts_rescan(&o, cib); /* the options are as read */
        } else {
            clusapi__pe_opts_read_cib(&o, cib);
        }
        if (!t->all && !same_opts(&o, &m->opts)) {
            t->nodes_all = true;
            t->res_cfg = true;
            t->res_full = true;
        }
        m->opts = o;
    }

    /* 1. cluster properties (none on the first load: fp still 0) */
    if (t->all || t->cluster_cfg) {
        guint64 fp = cluster_fp(cib);

        g_free(m->cluster_name);
        m->cluster_name = cluster_option(cib, "cluster-name", "cluster");
        g_free(m->cluster_version);
        m->cluster_version = cluster_option(cib, "dc-version", "");
        if (fp != m->cluster_fp && m->cluster_fp != 0 && events != NULL) {
            g_ptr_array_add(events,
                            clusapi__event_new(CLUSTER_CHANGE_CLUSTER_PROPERTY,
                                               CL_KIND_CLUSTER, "",
                                               m->cluster_name));
        }
        m->cluster_fp = fp;
    }

    /* 2. nodes: NODE_ADDED first, then their PROPERTY/STATE changes */
    if (t->all || t->nodes_all || strset_size(&t->node_ids) > 0) {
        GPtrArray *ev_nodes = NULL;

        if (events != NULL) {
            ev_nodes = sc->ev_nodes;
            g_ptr_array_set_size(ev_nodes, 0);
        }
        update_nodes(m, cib, (t->all || t->nodes_all) ? NULL : &t->node_ids,
                     ev_nodes, nodes_added, nodes_deleted, &sc->reread,
                     sc->ids);
        for (guint i = 0; i < nodes_added->len && events != NULL; i++) {
            obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                           g_ptr_array_index(nodes_added, i));
            emit(events, CLUSTER_CHANGE_NODE_ADDED, CL_KIND_NODE, o);
        }
        if (ev_nodes != NULL) {
            for (guint i = 0; i < ev_nodes->len; i++) {
                g_ptr_array_add(events, g_ptr_array_index(ev_nodes, i));
            }
            g_ptr_array_set_size(ev_nodes, 0);
        }
    }

    /* 3. resources configuration */
    if (t->all || t->res_cfg) {
        rcfg_t *rc;
        GHashTableIter it;
        few_iter_t fi;
        gpointer k, v;
        /* Only the top-level elements the changes are in (design.md):
         * when every change is in one of a few (TOUCH_MAX_TOPS), and no
         * Pacemaker Remote node is configured (their implicit resources
         * cross elements). */
        bool partial = !t->all && !t->res_full && !m->whole_walks
                       && g_hash_table_size(m->remotes) == 0;
        GPtrArray *old_rs = sc->old_rs; /* their resources before */
        /* the agents in use, only if a change may have changed them
         * (whole_walks: always, as the first walks did) */
        bool agents = t->all || t->agents || m->whole_walks;

        if (m->rcfg == NULL) {
            m->rcfg = rcfg_new();
        }
        rc = m->rcfg;
        rcfg_build(rc, cib, t->all ? NULL : &t->res_ids, m,
                   partial ? &t->res_tops : NULL, agents,
                   partial ? &t->res_own : NULL);
        if (partial && !partial_fits(m, rc, &t->res_tops)) {
            rcfg_reset(rc);
            partial = false;
            rcfg_build(rc, cib, &t->res_ids, m, NULL, agents, NULL);
        }
        /* deleted */
        if (partial) {
            for (guint j = 0; j < strset_size(&t->res_tops); j++) {
                const char *top = strset_at(&t->res_tops, j);
                obj_t *og = g_hash_table_lookup(m->objs[CL_KIND_GROUP], top);

                for (guint i = 0; og != NULL && og->mobjs != NULL
                                  && i < og->mobjs->len; i++) {
                    obj_t *r = g_ptr_array_index(og->mobjs, i);

                    g_ptr_array_add(old_rs, r);
                    if (!r->kept && !g_hash_table_contains(rc->rscs, r->id)) {
                        g_hash_table_steal(m->objs[CL_KIND_RESOURCE], r->id);
                        g_ptr_array_add(rsc_deleted, r);
                        g_hash_table_remove(m->gfenced, r);
                    }
                }
                if (og != NULL && !g_hash_table_contains(rc->groups, top)) {
                    g_hash_table_steal(m->objs[CL_KIND_GROUP], top);
                    g_ptr_array_add(grp_deleted, og);
                }
            }
        } else {
            g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                if (!g_hash_table_contains(rc->rscs, k)) {
                    g_hash_table_iter_steal(&it);
                    g_ptr_array_add(rsc_deleted, v);
                    g_hash_table_remove(m->gfenced, v);
                }
            }
            g_hash_table_iter_init(&it, m->objs[CL_KIND_GROUP]);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                if (!g_hash_table_contains(rc->groups, k)) {
                    g_hash_table_iter_steal(&it);
                    g_ptr_array_add(grp_deleted, v);
                }
            }
        }
        /* added or changed, in document order */
        for (guint i = 0; i < rc->order->len; i++) {
            obj_t *o = g_ptr_array_index(rc->order, i);
            obj_t *nr = o->kind == CL_KIND_RESOURCE ? o : NULL;
            obj_t *ng = o->kind == CL_KIND_GROUP ? o : NULL;

            if (ng != NULL) {
                obj_t *og = g_hash_table_lookup(m->objs[CL_KIND_GROUP],
                                                ng->id);
                g_hash_table_steal(rc->groups, ng->id);
                if (og == NULL) {
                    ng->state = ClusterGroupOffline;
                    ng->fresh = true;
                    g_hash_table_replace(m->objs[CL_KIND_GROUP], ng->id, ng);
                    g_ptr_array_add(new_objs, ng);
                } else {
                    /* the fingerprint covers the member list: unchanged, the
                     * group's state cannot have changed through it */
                    if (og->fp != ng->fp) {
                        emit(events != NULL ? props : NULL,
                             CLUSTER_CHANGE_GROUP_PROPERTY, CL_KIND_GROUP, og);
                        objset_add(&sc->propped, og);
                        og->fp = ng->fp;
                        g_ptr_array_unref(og->members);
                        og->members = g_ptr_array_ref(ng->members);
                        objset_add(dirty_groups, og);
                    }
                    obj_free(ng);
                }
            }
            if (nr != NULL) {
                obj_t *or = nr->prev;
                g_hash_table_steal(rc->rscs, nr->id);
                if (or == NULL) {
                    nr->state = ClusterResourceOffline;
                    nr->fresh = true;
                    nr->recs = nrecs_new();
                    g_hash_table_replace(m->objs[CL_KIND_RESOURCE], nr->id,
                                         nr);
                    g_ptr_array_add(new_objs, nr);
                } else {
                    if (or->fp != nr->fp) {
                        emit(events != NULL ? props : NULL,
                             CLUSTER_CHANGE_RESOURCE_PROPERTY, CL_KIND_RESOURCE,
                             or);
                        objset_add(&sc->propped, or);
                        or->fp = nr->fp;
                    }
                    if (or->ops_fp != nr->ops_fp) {
                        /* what its histories say may differ */
                        or->ops_fp = nr->ops_fp;
                        objset_add(&sc->rscs, or);
                    }
                    if (!same_names(or->prims, nr->prims)) {
                        /* other primitives: read its roles again */
                        if (or->prims != NULL) {
                            g_ptr_array_unref(or->prims);
                        }
                        or->prims = nr->prims != NULL
                                        ? g_ptr_array_ref(nr->prims)
                                        : NULL;
                        objset_add(&sc->rscs, or);
                    }
                    if (!str_eq0(or->group, nr->group)) {
                        dirty_group(m, dirty_groups, or->group);
                        if (or->group != or->id) {
                            g_free(or->group);
                        }
                        or->group = nr->group == nr->id ? or->id
                                                        : g_strdup(nr->group);
                    }
                    obj_free(nr);
                }
            }
        }
        if (!agents && t->agent_adds->len > 0) {
            /* only created elements: their agents join those in use */
            agents_t ag = { rc->restypes, { NULL, NULL, NULL } };

            for (guint i = 0; i < m->restypes->len; i++) {
                g_hash_table_add(rc->restypes,
                                 g_strdup(g_ptr_array_index(m->restypes, i)));
            }
            for (guint i = 0; i < t->agent_adds->len; i++) {
                xmlNode *c = g_ptr_array_index(t->agent_adds, i);

                if (is_elem(c, CL_XE_PRIMITIVE) || is_elem(c, CL_XE_TEMPLATE)) {
                    add_agent(&ag, c);
                } else {
                    collect_agents(&ag, c);
                }
            }
            agents = g_hash_table_size(rc->restypes) != m->restypes->len;
        }
        if (agents) {
            g_ptr_array_set_size(m->restypes, 0);
            g_hash_table_iter_init(&it, rc->restypes);
            while (g_hash_table_iter_next(&it, &k, NULL)) {
                g_hash_table_iter_steal(&it);
                g_ptr_array_add(m->restypes, k);
            }
            g_ptr_array_sort(m->restypes, cmp_str);
        }
        /* lrm ids map straight to the model's objects: one lookup per
         * history entry.  A resource whose configuration facts for its
         * histories changed (pe.h's cl_pe_rsc_t: is-managed, ...; above:
         * its operations' on-fail, ...) has its histories read again;
         * another property (an instance attribute, target-role) changes
         * nothing they say. */
        few_init(&fi, rc->lrm_map);
        while (few_next(&fi, &k, &v)) {
            lrm_ent_t *e = v;
            lrm_ent_t *old = g_hash_table_lookup(m->lrm_map, k);

            e->r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], e->rid);
            if (e->r == NULL) {
                g_hash_table_iter_remove(&fi.it);
                continue;
            }
            if (old == NULL || old->r != e->r
                || !same_rsc_ctx(&old->pe, &e->pe)) {
                objset_add(&sc->rscs, e->r);
            }
        }
        if (partial) {
            /* the entries of the elements walked are replaced (none of
             * their keys is another element's: partial_fits) */
            for (guint i = 0; i < old_rs->len; i++) {
                obj_t *r = g_ptr_array_index(old_rs, i);

                for (guint j = 0; !r->kept && r->ents != NULL
                                  && j < r->ents->len; j++) {
                    g_hash_table_remove(m->lrm_map,
                                        ((lrm_ent_t *) g_ptr_array_index(
                                             r->ents, j))->id);
                }
            }
            fix_pointers(m, &t->res_tops);
            few_init(&fi, rc->lrm_map);
            while (few_next(&fi, &k, &v)) {
                lrm_ent_t *e = v;

                g_hash_table_iter_steal(&fi.it);
                g_hash_table_replace(m->lrm_map, k, e); /* k is e->id */
                g_ptr_array_add(e->r->ents, e);
            }
        } else {
            /* the walk's map, every entry with its object, is the new
             * one; the old one goes back to the walk, to be emptied */
            GHashTable *old_map = m->lrm_map;

            m->lrm_map = rc->lrm_map;
            rc->lrm_map = old_map;
            fix_pointers(m, NULL);
        }
        {
            GHashTable *old_remotes = m->remotes;

            m->remotes = rc->remotes;
            rc->remotes = old_remotes;
        }
        rcfg_reset(rc);
        g_ptr_array_set_size(old_rs, 0);
        /* a new resource may already have history (created again), a
         * changed one other primitives; with t->all, step 4 reads every
         * history anyway */
        if (!t->all) {
            xmlNode *status = first_elem(cib, CL_XE_STATUS);

            for (guint i = 0; i < new_objs->len; i++) {
                obj_t *o = g_ptr_array_index(new_objs, i);
                if (o->kind == CL_KIND_RESOURCE) {
                    objset_add(&sc->rscs, o);
                }
            }
            for (xmlNode *ns = first_elem(status, NULL);
                 ns != NULL && objset_len(&sc->rscs) > 0;
                 ns = ns->next) {
                obj_t *node = is_elem(ns, CL_XE_NODE_STATE)
                                  ? node_obj(m, attr(ns, CL_XA_ID))
                                  : NULL;
                if (node != NULL) {
                    read_node_rscs(m, ns, node, &sc->rscs, dirty_rscs,
                                   &sc->dirty_nodes);
                }
            }
        }
        objset_clear(&sc->rscs);
    }

    /* 3b. constraints: PROPERTY of the groups, then the resources, they
     * name (by id; not twice for one object) */
    if (t->all || t->res_cfg || t->constraints) {
        const objset_t *objs;

        /* the constraints unchanged: only new objects have no facts yet
         * (a resources change renames nothing in them) */
        update_constraints(m, cib, &sc->cons_changed, sc->cons_fps,
                           sc->cons_prefs,
                           t->all || t->constraints ? NULL : new_objs);
        objs = sorted_objs(&sc->cons_changed);
        for (int pass = 0; pass < 2; pass++) {
            cl_kind_t kind = pass == 0 ? CL_KIND_GROUP : CL_KIND_RESOURCE;

            for (guint i = 0; i < objset_len(objs); i++) {
                obj_t *o = objset_at(objs, i);

                if (o->kind == kind && !objset_has(&sc->propped, o)) {
                    emit(events != NULL ? props : NULL,
                         kind == CL_KIND_GROUP ? CLUSTER_CHANGE_GROUP_PROPERTY
                                               : CLUSTER_CHANGE_RESOURCE_PROPERTY,
                         kind, o);
                }
            }
        }
    }

    /* 4. status: per-node records */
    if (t->all || t->nodes_all || strset_size(&t->lrm_nodes) > 0
        || strset_size(&t->pair_nodes) > 0
        || objset_len(&sc->reread) > 0 || nodes_deleted->len > 0) {
        xmlNode *status = first_elem(cib, CL_XE_STATUS);
        GHashTableIter it;
        gpointer k, v;

        if (t->all || t->nodes_all) {
            /* every record from scratch */
            g_hash_table_remove_all(m->orphans);
            g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                g_array_set_size(((obj_t *) v)->recs, 0);
                objset_add(dirty_rscs, v);
            }
            g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                obj_t *node = v;
                if (node->fences != 0 || node->standbys != 0) {
                    node->fences = node->standbys = 0;
                    objset_add(&sc->dirty_nodes, node);
                }
            }
            for (xmlNode *ns = first_elem(status, NULL); ns != NULL;
                 ns = ns->next) {
                obj_t *node = is_elem(ns, CL_XE_NODE_STATE)
                                  ? node_obj(m, attr(ns, CL_XA_ID))
                                  : NULL;
                if (node != NULL) {
                    read_node_lrm(m, ns, node, dirty_rscs, &sc->dirty_nodes);
                }
            }
        } else {
            /* nodes gone: their records go */
            for (guint i = 0; i < nodes_deleted->len; i++) {
                obj_t *node = node_obj(m, g_ptr_array_index(nodes_deleted,
                                                            i));
                if (node != NULL) {
                    read_node_lrm(m, NULL, node, dirty_rscs,
                                  &sc->dirty_nodes);
                }
            }
            /* whole lrm of some nodes, and of nodes whose state changed */
            for (guint i = 0; i < objset_len(&sc->reread); i++) {
                touch_add(t, &t->lrm_nodes, objset_at(&sc->reread, i)->id);
            }
            for (guint i = 0; i < strset_size(&t->lrm_nodes); i++) {
                const char *id = strset_at(&t->lrm_nodes, i);
                obj_t *node = node_obj(m, id);
                if (node != NULL) {
                    read_node_lrm(m, find_node_state(cib, id), node,
                                  dirty_rscs, &sc->dirty_nodes);
                }
            }
            /* some resources on some nodes */
            for (guint j = 0; j < strset_size(&t->pair_nodes); j++) {
                const char *id = strset_at(&t->pair_nodes, j);
                GPtrArray *lids = g_ptr_array_index(t->pairs, j);
                obj_t *node = node_obj(m, id);

                if (node == NULL || strset_has(&t->lrm_nodes, id)) {
                    continue;
                }
                objset_clear(&sc->rscs);
                for (guint i = 0; i < lids->len; i++) {
                    const char *lid = g_ptr_array_index(lids, i);
                    lrm_ent_t *e = ent_of_lrm(m, lid);
                    if (e != NULL) {
                        objset_add(&sc->rscs, e->r);
                    } else {
                        xmlNode *ns = find_node_state(cib, id);

                        orphan_read(m, node, lid,
                                    child_with_id(lrm_resources_of(ns),
                                                  CL_XE_LRM_RESOURCE, lid));
                    }
                }
                read_node_rscs(m, find_node_state(cib, id), node, &sc->rscs,
                               dirty_rscs, &sc->dirty_nodes);
            }
        }
    }

    /* 4a. a resource with migrations in its history: what one node's
     * history says depends on the others' (§6.8), read it everywhere */
    {
        g_autoptr(GPtrArray) migr = NULL; /* usually none: no allocation */
        GHashTableIter it;
        gpointer v;

        for (guint i = 0; i < objset_len(dirty_rscs); i++) {
            obj_t *r = objset_at(dirty_rscs, i);

            if (r->migratory) {
                if (migr == NULL) {
                    migr = g_ptr_array_new();
                }
                g_ptr_array_add(migr, r);
            }
        }
        for (guint i = 0; migr != NULL && i < migr->len; i++) {
            objset_clear(&sc->rscs);
            objset_add(&sc->rscs, g_ptr_array_index(migr, i));
            g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
            while (g_hash_table_iter_next(&it, NULL, &v)) {
                obj_t *node = v;
                read_node_rscs(m, find_node_state(cib, node->id), node,
                               &sc->rscs, dirty_rscs, &sc->dirty_nodes);
            }
        }
        objset_clear(&sc->rscs);
    }

    /* 4b. Pacemaker Remote nodes: their state follows their connection's
     * (and container's) histories */
    if (g_hash_table_size(m->remotes) > 0
        || g_hash_table_size(m->objs[CL_KIND_NODE]) > 0) {
        update_remotes(m, cib, events, nodes_deleted, dirty_rscs,
                       &sc->dirty_nodes);
    }

    /* 5. ADDED events: groups then their resources, document order */
    for (guint i = 0; i < new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(new_objs, i);
        if (o->kind == CL_KIND_RESOURCE) {
            resource_state(m, o, &o->state, &o->owner);
            objset_del(dirty_rscs, o);
        }
    }
    for (guint i = 0; i < new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(new_objs, i);
        if (o->kind == CL_KIND_GROUP) {
            group_state(m, o, &o->state, &o->owner);
            objset_del(dirty_groups, o);
            emit(events, CLUSTER_CHANGE_GROUP_ADDED, CL_KIND_GROUP, o);
        } else {
            emit(events, CLUSTER_CHANGE_RESOURCE_ADDED, CL_KIND_RESOURCE, o);
        }
    }

    for (guint i = 0; i < props->len && events != NULL; i++) {
        g_ptr_array_add(events, g_ptr_array_index(props, i));
    }

    /* 6. STATE events: resources, then the groups they belong to */
    {
        const objset_t *ids = sorted_objs(dirty_rscs);

        for (guint i = 0; i < objset_len(ids); i++) {
            obj_t *r = objset_at(ids, i);
            int state;
            const char *owner = NULL;

            resource_state(m, r, &state, &owner);
            if (state != r->state || owner != r->owner) { /* interned */
                bool changed = state != r->state;
                r->state = state;
                r->owner = owner;
                if (changed) {
                    emit(events, CLUSTER_CHANGE_RESOURCE_STATE,
                         CL_KIND_RESOURCE, r);
                }
                if (r->grp != NULL) {
                    objset_add(dirty_groups, r->grp);
                }
            }
        }
    }
    {
        const objset_t *ids = sorted_objs(dirty_groups);

        for (guint i = 0; i < objset_len(ids); i++) {
            obj_t *g = objset_at(ids, i);
            int state;

            group_state(m, g, &state, &g->owner);
            if (state != g->state) {
                g->state = state;
                emit(events, CLUSTER_CHANGE_GROUP_STATE, CL_KIND_GROUP, g);
            }
        }
    }

    /* 6b. nodes whose state the histories on them changed (fenced,
     * on-fail=standby); a node added by this call gets no STATE event */
    {
        const objset_t *ids = sorted_objs(&sc->dirty_nodes);

        for (guint i = 0; i < objset_len(ids); i++) {
            obj_t *n = objset_at(ids, i);
            int state = node_cstate(m, n, true);

            if (state != n->state) {
                n->state = state;
                if (!g_ptr_array_find(nodes_added, n->id, NULL)) {
                    emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, n);
                }
            }
        }
    }

    /* 6c. a resource deleted leaves its histories orphans */
    if (rsc_deleted->len > 0) {
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            orphans_read_node(m, find_node_state(cib, ((obj_t *) v)->id), v);
        }
    }

    /* 7. DELETED events: resources, groups, nodes, each by id */
    g_ptr_array_sort(rsc_deleted, cmp_obj_id);
    g_ptr_array_sort(grp_deleted, cmp_obj_id);
    g_ptr_array_sort(nodes_deleted, cmp_str);
    for (guint i = 0; i < rsc_deleted->len; i++) {
        emit(events, CLUSTER_CHANGE_RESOURCE_DELETED, CL_KIND_RESOURCE,
             g_ptr_array_index(rsc_deleted, i));
    }
    for (guint i = 0; i < grp_deleted->len; i++) {
        emit(events, CLUSTER_CHANGE_GROUP_DELETED, CL_KIND_GROUP,
             g_ptr_array_index(grp_deleted, i));
    }
    for (guint i = 0; i < nodes_deleted->len; i++) {
        const char *id = g_ptr_array_index(nodes_deleted, i);
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);
        if (o != NULL) {
            emit(events, CLUSTER_CHANGE_NODE_DELETED, CL_KIND_NODE, o);
            g_hash_table_remove(m->objs[CL_KIND_NODE], id);
        }
    }
    for (guint i = 0; i < new_objs->len; i++) {
        ((obj_t *) g_ptr_array_index(new_objs, i))->fresh = false;
    }
    scratch_reset(sc); /* frees the deleted objects */
}

void
clusapi__model_set_whole_walks(cl_model_t *m, bool whole)
{
    m->whole_walks = whole;
}

void
clusapi__model_set_pacemaker(cl_model_t *m, unsigned version)
{
    m->opts.pcmk = version;
}

unsigned
clusapi__model_pacemaker(const cl_model_t *m)
{
    return m->opts.pcmk;
}

void
clusapi__model_set_lrm_index_min(cl_model_t *m, unsigned n)
{
    m->lrm_idx_min = n;
}

void
clusapi__model_load(cl_model_t *m, xmlNode *cib, GPtrArray *events)
{
    m->touch->all = true; /* the touch is reset after every use */
    translate(m, cib, m->touch, events);
    touch_reset(m->touch);
}

int
clusapi__model_update(cl_model_t *m, xmlNode *cib, xmlNode *patchset,
                      GPtrArray *events)
{
    int rc = touch_patchset(m->touch, patchset); /* reset after use */

    if (rc == 0) {
        translate(m, cib, m->touch, events);
    }
    touch_reset(m->touch);
    return rc;
}

/* ---- queries ---- */

const char *
clusapi__model_cluster_name(const cl_model_t *m)
{
    return m->cluster_name;
}

const char *
clusapi__model_find(const cl_model_t *m, cl_kind_t kind, const char *name)
{
    GHashTableIter it;
    gpointer k, v;
    obj_t *o;

    if (name == NULL || kind > CL_KIND_NETINTERFACE) {
        return NULL;
    }
    o = g_hash_table_lookup(m->objs[kind], name);
    if (o != NULL) {
        return o->id;
    }
    g_hash_table_iter_init(&it, m->objs[kind]);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        o = v;
        if (g_ascii_strcasecmp(o->name, name) == 0
            || g_ascii_strcasecmp(o->id, name) == 0) {
            return o->id;
        }
    }
    return NULL;
}

const char *
clusapi__model_name(const cl_model_t *m, cl_kind_t kind, const char *id)
{
    obj_t *o;

    if (id == NULL || kind > CL_KIND_NETINTERFACE) {
        return NULL;
    }
    if (kind == CL_KIND_RESTYPE) {
        for (guint i = 0; i < m->restypes->len; i++) {
            if (strcmp(g_ptr_array_index(m->restypes, i), id) == 0) {
                return g_ptr_array_index(m->restypes, i);
            }
        }
        return NULL;
    }
    o = g_hash_table_lookup(m->objs[kind], id);
    return o != NULL ? o->name : NULL;
}

int
clusapi__model_node_state(const cl_model_t *m, const char *id)
{
    obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);

    return o != NULL ? o->state : -1;
}

int
clusapi__model_group_state(const cl_model_t *m, const char *id,
                           const char **ret_owner)
{
    obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_GROUP], id);

    if (o == NULL) {
        return -1;
    }
    if (ret_owner != NULL) {
        *ret_owner = o->owner;
    }
    return o->state;
}

int
clusapi__model_resource_state(const cl_model_t *m, const char *id,
                              const char **ret_owner, const char **ret_group)
{
    obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], id);

    if (o == NULL) {
        return -1;
    }
    if (ret_owner != NULL) {
        *ret_owner = o->owner;
    }
    if (ret_group != NULL) {
        obj_t *g = g_hash_table_lookup(m->objs[CL_KIND_GROUP], o->group);
        *ret_group = g != NULL ? g->name : "";
    }
    return o->state;
}

GPtrArray *
clusapi__model_list(const cl_model_t *m, cl_kind_t kind)
{
    if (kind == CL_KIND_RESTYPE) {
        GPtrArray *arr = g_ptr_array_sized_new(m->restypes->len);

        for (guint i = 0; i < m->restypes->len; i++) {
            g_ptr_array_add(arr, g_ptr_array_index(m->restypes, i));
        }
        return arr;
    }
    if (kind > CL_KIND_NETINTERFACE) {
        return g_ptr_array_new();
    }
    return sorted_keys(m->objs[kind]);
}

const char *
clusapi__model_cluster_version(const cl_model_t *m)
{
    return m->cluster_version;
}

const GPtrArray *
clusapi__model_group_members(const cl_model_t *m, const char *id)
{
    obj_t *g = id != NULL ? g_hash_table_lookup(m->objs[CL_KIND_GROUP], id)
                          : NULL;

    return g != NULL ? g->members : NULL;
}

const GPtrArray *
clusapi__model_group_preferred(const cl_model_t *m, const char *id)
{
    static GPtrArray *none = NULL;
    obj_t *g = id != NULL ? g_hash_table_lookup(m->objs[CL_KIND_GROUP], id)
                          : NULL;

    if (g == NULL) {
        return NULL;
    }
    if (g->preferred != NULL) {
        return g->preferred;
    }
    if (g_once_init_enter(&none)) {
        g_once_init_leave(&none, g_ptr_array_new());
    }
    return none;
}

/* ---- Corosync's membership ---- */

/* Recompute the merged state of every node, NODE_STATE for the changed. */
static void
remerge_nodes(cl_model_t *m, GPtrArray *events)
{
    g_autoptr(GPtrArray) ids = sorted_keys(m->objs[CL_KIND_NODE]);

    for (guint i = 0; i < ids->len; i++) {
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], ids->pdata[i]);
        int state = node_cstate(m, o, false);

        if (state != o->state) {
            o->state = state;
            emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, o);
        }
    }
}

void
clusapi__model_set_members(cl_model_t *m, const uint32_t *nodeids,
                           const bool *member, size_t n, gint64 now,
                           GPtrArray *events)
{
    GHashTable *old = m->cs_nodes;

    m->cs_nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        NULL);
    for (size_t i = 0; i < n; i++) {
        char *id = g_strdup_printf("%u", nodeids[i]);
        gpointer was = NULL;
        bool known = old != NULL
                     && g_hash_table_lookup_extended(old, id, NULL, &was);

        if (!member[i]) {
            if (known && was != NULL) {
                g_hash_table_add(m->cs_left, g_strdup(id));
            }
            g_hash_table_remove(m->cs_join, id);
        } else if (known && was == NULL) {
            /* joining now (not at the first view: a member the CIB shows
             * Down then is one whose Pacemaker is not running) */
            g_hash_table_replace(m->cs_join, g_strdup(id),
                                 g_memdup2(&now, sizeof(now)));
        }
        g_hash_table_replace(m->cs_nodes, id, GINT_TO_POINTER(member[i]));
    }
    if (old != NULL) {
        g_hash_table_unref(old);
    }
    remerge_nodes(m, events);
}

bool
clusapi__model_tick(cl_model_t *m, gint64 now, GPtrArray *events)
{
    GHashTableIter it;
    gpointer v;
    bool expired = false;

    g_hash_table_iter_init(&it, m->cs_join);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (now - *(const gint64 *) v >= CL_JOIN_GRACE_US) {
            g_hash_table_iter_remove(&it);
            expired = true;
        }
    }
    if (expired) {
        remerge_nodes(m, events);
    }
    return g_hash_table_size(m->cs_join) > 0;
}

void
clusapi__model_clear_members(cl_model_t *m, GPtrArray *events)
{
    if (m->cs_nodes != NULL) {
        g_hash_table_unref(m->cs_nodes);
        m->cs_nodes = NULL;
        g_hash_table_remove_all(m->cs_left);
        g_hash_table_remove_all(m->cs_join);
        remerge_nodes(m, events);
    }
}

bool
clusapi__model_have_quorum(const cl_model_t *m)
{
    return m->opts.have_quorum;
}

/* crm_mon lists a failed action only under a key parse_op_key reads (with
 * no interval asked: a word, '_', a word, '_', ...) */
static bool
op_key_readable(const char *key)
{
    const char *u = strchr(key, '_');

    return u != NULL && strchr(u + 1, '_') != NULL;
}

static int
failure_cmp(gconstpointer a, gconstpointer b)
{
    const cl_model_failure_t *x = a, *y = b;
    int c = clusapi__pe_node_name_cmp(x->node, y->node);

    if (c == 0 && x->f->lrm_pos != y->f->lrm_pos) {
        c = x->f->lrm_pos < y->f->lrm_pos ? -1 : 1;
    }
    return c != 0 ? c : strcmp(x->rsc, y->rsc);
}

static void
rsc_failures(const obj_t *r, GArray *out)
{
    for (guint i = 0; i < r->recs->len; i++) {
        const nrec_t *e = &g_array_index(r->recs, nrec_t, i);
        const GPtrArray *fs = e->rec.failures;

        for (guint j = 0; fs != NULL && j < fs->len; j++) {
            cl_model_failure_t mf = { r->name, e->node->name,
                                      g_ptr_array_index(fs, j) };

            g_array_append_val(out, mf);
        }
    }
}

void
clusapi__model_failures(const cl_model_t *m, const char *rsc_id, GArray *out)
{
    g_autoptr(GArray) all = g_array_new(FALSE, FALSE,
                                        sizeof(cl_model_failure_t));

    if (rsc_id != NULL) {
        obj_t *r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], rsc_id);

        if (r != NULL) {
            rsc_failures(r, all);
        }
    } else {
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            rsc_failures(v, all);
        }
        /* and the orphans', named by their histories (as crm_mon names
         * them), of nodes still there and ids no resource took since */
        g_hash_table_iter_init(&it, m->orphans);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            const orphan_t *o = v;
            obj_t *node = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                              o->node_id);

            for (guint j = 0; node != NULL && ent_of_lrm(m, o->lrm_id) == NULL
                              && j < o->failures->len; j++) {
                cl_model_failure_t mf = { o->lrm_id, node->name,
                                          g_ptr_array_index(o->failures, j) };

                g_array_append_val(all, mf);
            }
        }
    }
    /* stable: a history's order stays */
    g_array_sort(all, failure_cmp);
    for (guint i = 0; i < all->len; i++) {
        const cl_model_failure_t *mf = &g_array_index(all, cl_model_failure_t,
                                                      i);
        bool dup = false;

        /* a key once per node: clone instances on one node are one
         * history each (record_failed_op looks at the whole node) */
        for (guint j = i; j-- > 0 && !dup;) {
            const cl_model_failure_t *o = &g_array_index(
                all, cl_model_failure_t, j);

            if (strcmp(o->node, mf->node) != 0) {
                break;
            }
            dup = clusapi__pe_failure_same(m->opts.pcmk, o->f, mf->f);
        }
        if (!dup && !mf->f->masked && op_key_readable(mf->f->key)) {
            g_array_append_val(out, *mf);
        }
    }
}

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

/* Role of one resource on one node, from its operation history. */
enum role {
    ROLE_STOPPED = 0,
    ROLE_RUNNING,
    ROLE_STARTING,
    ROLE_STOPPING,
    ROLE_FAILED,
};

typedef struct obj {
    char *id;
    char *name;
    cl_kind_t kind;
    int state;
    char *owner;       /* node name, "" if none */
    guint64 fp;        /* property fingerprint */
    /* resources */
    char *group;       /* group id ("" never: ungrouped = implicit group) */
    GHashTable *roles; /* node id -> enum role (GINT_TO_POINTER) */
    GPtrArray *prims;  /* lrm_resource ids (without ":N") standing for it:
                        * its own id, or a clone's/bundle's primitives */
    guint64 cfp;       /* fingerprint of the constraints naming it */
    bool fresh;        /* added by the current translate() call */
    /* groups */
    GPtrArray *members;   /* resource ids, document order */
    GPtrArray *preferred; /* node names: positive location constraints,
                           * highest score first (NULL: none) */
    /* nodes */
    int order; /* position in document order, for owner choice */
} obj_t;

struct cl_model {
    GHashTable *objs[CL_KIND_NETINTERFACE + 1]; /* id -> obj_t */
    GHashTable *lrm_map; /* lrm_resource id (no ":N") -> obj_t * */
    char *cluster_name;
    char *cluster_version; /* dc-version, "" if not known yet */
    guint64 cluster_fp;
    GPtrArray *restypes;   /* resource agents in use, sorted, unique */
    struct touch *touch; /* scratch of model_update, reused */
    struct scratch *scratch; /* scratch of translate, reused */
    /* Per node: lrm_resource id without ":N" -> GPtrArray of the node's
     * lrm_resource elements with that id (node id -> GHashTable), built on
     * first use.  Only a delete frees elements and only a create adds them,
     * so a node's index is dropped when a patchset creates or deletes at or
     * above its lrm_resource elements, and every index when the document
     * changes (model_load). */
    GHashTable *lrm_idx;
    const xmlDoc *lrm_idx_doc;
};

/* ---- small helpers ---- */

static obj_t *
obj_free(obj_t *o)
{
    if (o != NULL) {
        g_free(o->id);
        g_free(o->name);
        g_free(o->owner);
        g_free(o->group);
        if (o->roles != NULL) {
            g_hash_table_unref(o->roles);
        }
        if (o->prims != NULL) {
            g_ptr_array_unref(o->prims);
        }
        if (o->members != NULL) {
            g_ptr_array_unref(o->members);
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
    obj_t *o = g_new0(obj_t, 1);

    o->kind = kind;
    o->id = g_strdup(id);
    o->name = g_strdup(name != NULL ? name : id);
    o->owner = g_strdup("");
    if (kind == CL_KIND_RESOURCE) {
        /* roles: created when the resource enters the model (the
         * configuration walk makes records that never do) */
        o->prims = g_ptr_array_new_with_free_func(g_free);
    } else if (kind == CL_KIND_GROUP) {
        o->members = g_ptr_array_new_with_free_func(g_free);
    }
    return o;
}

static bool
is_true(const char *v)
{
    return v != NULL
           && (strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0
               || strcasecmp(v, "yes") == 0 || strcasecmp(v, "y") == 0
               || strcmp(v, "1") == 0);
}

/* Pacemaker 2.1 writes "true"/"false" in in_ccm; later versions write a
 * timestamp for "true" and "0"/"false" for false. */
static bool
is_set_flag(const char *v)
{
    return v != NULL && *v != '\0' && strcasecmp(v, "false") != 0
           && strcmp(v, "0") != 0 && strcasecmp(v, "offline") != 0;
}

/* FNV-1a: the property fingerprints. */
static guint64
fp_add(guint64 h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) s[i];
        h *= 1099511628211ULL;
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
    unsigned char type = (unsigned char) n->type;

    h = fp_add(h, (const char *) &type, 1);
    if (n->type == XML_ELEMENT_NODE) {
        h = fp_add(h, (const char *) n->name,
                   strlen((const char *) n->name) + 1);
        for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
            const char *v = (a->children != NULL
                             && a->children->content != NULL)
                                ? (const char *) a->children->content
                                : "";

            h = fp_add(h, (const char *) a->name,
                       strlen((const char *) a->name) + 1);
            h = fp_add(h, v, strlen(v) + 1);
        }
        for (const xmlNode *c = n->children; c != NULL; c = c->next) {
            h = fp_tree(h, c);
        }
        h = fp_add(h, ">", 1);
    } else if (n->content != NULL) {
        h = fp_add(h, (const char *) n->content,
                   strlen((const char *) n->content) + 1);
    }
    return h;
}

static guint64
fp_node(guint64 h, xmlNode *n)
{
    return n != NULL ? fp_tree(h, n) : fp_add(h, "", 1);
}

#define FP_INIT 14695981039346656037ULL

static bool
is_resource_elem(const xmlNode *n)
{
    return is_elem(n, CL_XE_PRIMITIVE) || is_elem(n, CL_XE_GROUP)
           || is_elem(n, CL_XE_CLONE) || is_elem(n, CL_XE_MASTER)
           || is_elem(n, CL_XE_BUNDLE);
}

static xmlNode *
cib_section(xmlNode *cib, const char *a, const char *b)
{
    xmlNode *n = first_elem(cib, a);

    return (b != NULL) ? first_elem(n, b) : n;
}

/* ---- what a patchset touches ---- */

typedef struct touch {
    bool all;           /* re-read everything */
    bool cluster_cfg;   /* crm_config, rsc_defaults, op_defaults */
    bool res_cfg;       /* resources configuration changed */
    bool nodes_all;     /* nodes configuration or status as a whole */
    bool constraints;   /* the constraints section changed */
    GHashTable *res_ids;     /* resource/group ids whose config changed */
    GHashTable *node_ids;    /* node ids: config or node status changed */
    GHashTable *lrm_nodes;   /* node ids whose whole lrm changed */
    GHashTable *lrm_pairs;   /* node id -> set of lrm_resource ids */
    bool idx_drop_all;       /* every node's lrm index is stale */
    GHashTable *idx_drop;    /* node ids whose lrm index is stale */
} touch_t;

static void
touch_init(touch_t *t)
{
    t->res_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->node_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        NULL);
    t->lrm_nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         NULL);
    t->lrm_pairs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
    t->idx_drop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        NULL);
}

/* Ready for the next patchset: the tables are kept (a patchset is usually
 * small, and creating them was a fixed cost per patchset). */
static void
touch_reset(touch_t *t)
{
    t->all = t->cluster_cfg = t->res_cfg = t->nodes_all = false;
    t->constraints = false;
    t->idx_drop_all = false;
    g_hash_table_remove_all(t->idx_drop);
    g_hash_table_remove_all(t->res_ids);
    g_hash_table_remove_all(t->node_ids);
    g_hash_table_remove_all(t->lrm_nodes);
    g_hash_table_remove_all(t->lrm_pairs);
}

static void
touch_clear(touch_t *t)
{
    g_hash_table_unref(t->res_ids);
    g_hash_table_unref(t->node_ids);
    g_hash_table_unref(t->lrm_nodes);
    g_hash_table_unref(t->lrm_pairs);
    g_hash_table_unref(t->idx_drop);
}

static void
add_id(GHashTable *set, const char *id)
{
    if (id != NULL) {
        g_hash_table_add(set, g_strdup(id));
    }
}

/* One segment of a patchset path: "name[@id='x']". */
typedef struct seg {
    char name[64];
    char id[256];
} seg_t;

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
        size_t len;

        p++;
        end = p;
        while (*end != '\0' && *end != '/' && *end != '[') {
            end++;
        }
        len = (size_t) (end - p);
        if (len == 0 || len >= sizeof(segs[n].name)) {
            return -1;
        }
        memcpy(segs[n].name, p, len);
        segs[n].name[len] = '\0';
        segs[n].id[0] = '\0';
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
                if (idlen >= sizeof(segs[n].id)) {
                    return -1;
                }
                memcpy(segs[n].id, p + 6, idlen);
                segs[n].id[idlen] = '\0';
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
collect_resource_ids(xmlNode *n, GHashTable *set)
{
    for (; n != NULL; n = n->next) {
        if (is_resource_elem(n)) {
            add_id(set, attr(n, CL_XA_ID));
            collect_resource_ids(n->children, set);
        } else if (is_elem(n, CL_XE_RESOURCES)) {
            collect_resource_ids(n->children, set);
        }
    }
}

static void
add_pair(touch_t *t, const char *node_id, const char *lrm_id)
{
    GHashTable *ids;

    if (node_id == NULL || lrm_id == NULL) {
        return;
    }
    ids = g_hash_table_lookup(t->lrm_pairs, node_id);
    if (ids == NULL) {
        ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_replace(t->lrm_pairs, g_strdup(node_id), ids);
    }
    g_hash_table_add(ids, g_strdup(lrm_id));
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
            add_id(t->node_ids, attr(n, CL_XA_ID));
            add_id(t->lrm_nodes, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM_RESOURCE)) {
            add_pair(t, node_id, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM) || is_elem(n, CL_XE_LRM_RESOURCES)) {
            add_id(t->lrm_nodes, node_id);
        } else if (node_id != NULL) {
            add_id(t->node_ids, node_id); /* transient attributes etc. */
        }
    }
}

/* Classify one <change>.  Returns 0 or -EPROTO. */
static int
touch_change(touch_t *t, xmlNode *change)
{
    seg_t segs[16];
    const char *op = attr(change, CL_XA_OPERATION);
    const char *path = attr(change, CL_XA_PATH);
    int n = split_path(path, segs, 16);
    xmlNode *content = NULL;
    bool create = g_strcmp0(op, "create") == 0;

    if (n < 1 || op == NULL || strcmp(segs[0].name, CL_XE_CIB) != 0) {
        return -EPROTO;
    }
    if (!create && g_strcmp0(op, "delete") != 0 && g_strcmp0(op, "modify") != 0
        && g_strcmp0(op, "move") != 0) {
        return -EPROTO;
    }
    if (create) {
        content = first_elem(change, NULL);
    }

    if (n == 1) {
        if (g_strcmp0(op, "modify") == 0) {
            return 0; /* versions, have-quorum, dc-uuid */
        }
        t->all = true;
        return 0;
    }
    if (strcmp(segs[1].name, CL_XE_CONFIGURATION) == 0) {
        if (n == 2) {
            t->all = true;
            return 0;
        }
        if (strcmp(segs[2].name, CL_XE_CRM_CONFIG) == 0
            || strcmp(segs[2].name, CL_XE_RSC_DEFAULTS) == 0
            || strcmp(segs[2].name, CL_XE_OP_DEFAULTS) == 0) {
            t->cluster_cfg = true;
            return 0;
        }
        if (strcmp(segs[2].name, CL_XE_NODES) == 0) {
            if (n == 3) {
                if (create && content != NULL && is_elem(content, CL_XE_NODE)) {
                    add_id(t->node_ids, attr(content, CL_XA_ID));
                } else {
                    t->nodes_all = true;
                }
            } else {
                add_id(t->node_ids, segs[3].id);
            }
            return 0;
        }
        if (strcmp(segs[2].name, CL_XE_RESOURCES) == 0) {
            t->res_cfg = true;
            for (int i = 3; i < n; i++) {
                if (strcmp(segs[i].name, CL_XE_PRIMITIVE) == 0
                    || strcmp(segs[i].name, CL_XE_GROUP) == 0
                    || strcmp(segs[i].name, CL_XE_CLONE) == 0
                    || strcmp(segs[i].name, CL_XE_MASTER) == 0
                    || strcmp(segs[i].name, CL_XE_BUNDLE) == 0) {
                    add_id(t->res_ids, segs[i].id);
                }
            }
            if (content != NULL) {
                collect_resource_ids(content, t->res_ids);
            }
            return 0;
        }
        if (strcmp(segs[2].name, CL_XE_CONSTRAINTS) == 0) {
            t->constraints = true;
        }
        /* alerts, tags, ...: not mapped (docs/mapping.md) */
        return 0;
    }
    if (strcmp(segs[1].name, CL_XE_STATUS) == 0) {
        const char *node_id;
        bool structural = create || g_strcmp0(op, "delete") == 0;

        /* elements at or above lrm_resource created or freed: the lrm
         * index of the node (of every node, above node_state) is stale */
        if (structural && (n < 3 || segs[2].id[0] == '\0')) {
            t->idx_drop_all = true;
        } else if (n <= 5 || (n == 6 && !create)) {
            if (structural) {
                add_id(t->idx_drop, segs[2].id);
            }
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
        if (strcmp(segs[2].name, CL_XE_NODE_STATE) != 0) {
            return 0;
        }
        node_id = segs[2].id[0] != '\0' ? segs[2].id : NULL;
        if (node_id == NULL) {
            t->all = true;
            return 0;
        }
        if (n == 3) {
            /* the node_state itself: created, deleted or its attributes */
            add_id(t->node_ids, node_id);
            if (g_strcmp0(op, "modify") != 0) {
                add_id(t->lrm_nodes, node_id);
            }
            return 0;
        }
        if (strcmp(segs[3].name, CL_XE_LRM) != 0) {
            add_id(t->node_ids, node_id); /* transient_attributes */
            return 0;
        }
        if (n >= 6 && strcmp(segs[5].name, CL_XE_LRM_RESOURCE) == 0) {
            add_pair(t, node_id, segs[5].id);
            return 0;
        }
        if (create && content != NULL) {
            touch_status_content(t, node_id, content);
        } else {
            add_id(t->lrm_nodes, node_id);
        }
        return 0;
    }
    return 0;
}

static int
touch_patchset(touch_t *t, xmlNode *patchset)
{
    int rc = 0;

    if (!is_elem(patchset, CL_XE_DIFF) || g_strcmp0(attr(patchset, "format"),
                                                     "2") != 0) {
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
                && g_strcmp0(attr(nv, CL_XA_NAME), name) == 0
                && attr(nv, CL_XA_VALUE) != NULL) {
                return g_strdup(attr(nv, CL_XA_VALUE));
            }
        }
    }
    return g_strdup(dflt);
}

/* An nvpair value in any instance_attributes of n. */
static const char *
nv_value(xmlNode *n, const char *set_name, const char *name)
{
    for (xmlNode *set = first_elem(n, set_name); set != NULL;
         set = set->next) {
        if (!is_elem(set, set_name)) {
            continue;
        }
        for (xmlNode *nv = set->children; nv != NULL; nv = nv->next) {
            if (is_elem(nv, CL_XE_NVPAIR)
                && g_strcmp0(attr(nv, CL_XA_NAME), name) == 0) {
                return attr(nv, CL_XA_VALUE);
            }
        }
    }
    return NULL;
}

/* Transient attributes that describe a resource failure or are internal
 * ("#...") are not node properties. */
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

static int
node_state_of(xmlNode *cfg_node, xmlNode *ns)
{
    xmlNode *ta = first_elem(ns, CL_XE_TRANSIENT_ATTRIBUTES);

    if (ns == NULL || !is_set_flag(attr(ns, CL_XA_IN_CCM))) {
        return ClusterNodeDown;
    }
    if (!is_set_flag(attr(ns, CL_XA_CRMD))
        || g_strcmp0(attr(ns, CL_XA_JOIN), "member") != 0) {
        /* in the membership, but the controller has not joined (yet) */
        if (g_strcmp0(attr(ns, CL_XA_JOIN), "down") == 0
            || g_strcmp0(attr(ns, CL_XA_EXPECTED), "down") == 0) {
            return ClusterNodeDown;
        }
        return ClusterNodeJoining;
    }
    if (is_true(nv_value(cfg_node, CL_XE_INSTANCE_ATTRIBUTES, "standby"))
        || is_true(nv_value(cfg_node, CL_XE_INSTANCE_ATTRIBUTES, "maintenance"))
        || is_true(nv_value(ta, CL_XE_INSTANCE_ATTRIBUTES, "standby"))
        || is_true(nv_value(ta, CL_XE_INSTANCE_ATTRIBUTES, "maintenance"))) {
        return ClusterNodePaused;
    }
    return ClusterNodeUp;
}

/* A recorded failure: "not running" (rc 7) is one only when a recurring
 * monitor finds it (the resource stopped behind the cluster's back), not
 * when a probe does. */
static bool
is_failure(xmlNode *op)
{
    const char *rc = attr(op, CL_XA_RC_CODE);
    const char *interval = attr(op, CL_XA_INTERVAL);

    if (g_strcmp0(rc, "7") == 0) {
        return interval != NULL && strcmp(interval, "0") != 0;
    }
    return true;
}

/* Role of a resource on a node from its lrm_resource element. */
static enum role
role_of(xmlNode *lrm_rsc)
{
    xmlNode *last = NULL;
    xmlNode *fail = NULL;
    long last_call = -2, fail_call = -2;

    if (lrm_rsc == NULL) {
        return ROLE_STOPPED;
    }
    for (xmlNode *op = lrm_rsc->children; op != NULL; op = op->next) {
        const char *interval, *call;
        long call_id;

        if (!is_elem(op, CL_XE_LRM_RSC_OP)) {
            continue;
        }
        interval = attr(op, CL_XA_INTERVAL);
        call = attr(op, CL_XA_CALL_ID);
        call_id = call != NULL ? strtol(call, NULL, 10) : -1;
        if (g_str_has_suffix(attr(op, CL_XA_ID) ? attr(op, CL_XA_ID) : "",
                             "_last_failure_0")) {
            fail = op;
            fail_call = call_id;
            continue;
        }
        if (interval != NULL && strcmp(interval, "0") != 0) {
            /* a recurring monitor that failed after the last action */
            const char *rc = attr(op, CL_XA_RC_CODE);
            const char *st = attr(op, CL_XA_OP_STATUS);
            if (g_strcmp0(st, "0") == 0 && rc != NULL && strcmp(rc, "0") != 0
                && strcmp(rc, "8") != 0 && call_id > fail_call) {
                fail = op;
                fail_call = call_id;
            }
            continue;
        }
        if (last == NULL || call_id > last_call || call_id == -1) {
            last = op;
            last_call = call_id == -1 ? G_MAXLONG : call_id;
        }
    }
    if (last != NULL) {
        const char *operation = attr(last, CL_XA_OPERATION);
        const char *rc = attr(last, CL_XA_RC_CODE);
        const char *status = attr(last, CL_XA_OP_STATUS);
        bool starting = g_strcmp0(operation, "start") == 0
                        || g_strcmp0(operation, "promote") == 0
                        || g_strcmp0(operation, "migrate_from") == 0;
        bool stopping = g_strcmp0(operation, "stop") == 0
                        || g_strcmp0(operation, "demote") == 0
                        || g_strcmp0(operation, "migrate_to") == 0;

        if (fail != NULL && fail_call > last_call && is_failure(fail)) {
            return ROLE_FAILED;
        }
        if (g_strcmp0(status, "-1") == 0) { /* pending (record-pending) */
            if (starting) {
                return ROLE_STARTING;
            }
            if (stopping) {
                return ROLE_STOPPING;
            }
            return ROLE_STOPPED;
        }
        if (g_strcmp0(status, "0") != 0) {
            return ROLE_FAILED; /* could not execute: timeout, error */
        }
        if (g_strcmp0(rc, "0") == 0 || g_strcmp0(rc, "8") == 0) {
            if (g_strcmp0(operation, "stop") == 0) {
                return ROLE_STOPPED;
            }
            if (g_strcmp0(operation, "migrate_to") == 0) {
                return ROLE_STOPPED; /* now runs on the target */
            }
            return ROLE_RUNNING;
        }
        if (g_strcmp0(rc, "7") == 0
            && (g_strcmp0(operation, "monitor") == 0 || stopping)) {
            return ROLE_STOPPED;
        }
        return ROLE_FAILED;
    }
    if (fail != NULL && is_failure(fail)) {
        return ROLE_FAILED;
    }
    return ROLE_STOPPED;
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
    GPtrArray *order;   /* resource/group ids in document order */
    GHashTable *lrm_map;
} rcfg_t;

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
        if (c->type == XML_ELEMENT_NODE && !is_resource_elem(c)) {
            h = fp_node(h, c);
        }
    }
    for (guint i = 0; i < members->len; i++) {
        const char *m = g_ptr_array_index(members, i);
        h = fp_add(h, m, strlen(m) + 1);
    }
    return h;
}

/* Map every primitive under n (clone children, bundle primitives) to r. */
static void
map_primitives(GHashTable *lrm_map, xmlNode *n, obj_t *r)
{
    for (xmlNode *c = n->children; c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE) && attr(c, CL_XA_ID) != NULL) {
            g_hash_table_replace(lrm_map, g_strdup(attr(c, CL_XA_ID)),
                                 g_strdup(r->id));
            g_ptr_array_add(r->prims, g_strdup(attr(c, CL_XA_ID)));
        } else if (is_resource_elem(c)) {
            map_primitives(lrm_map, c, r);
        }
    }
}

static void
rcfg_add_resource(rcfg_t *rc, xmlNode *elem, const char *group_id,
                  obj_t *group, GHashTable *fp_ids, const cl_model_t *old)
{
    const char *id = attr(elem, CL_XA_ID);
    obj_t *o;
    obj_t *prev;

    if (id == NULL || g_hash_table_contains(rc->rscs, id)) {
        return;
    }
    o = obj_new(CL_KIND_RESOURCE, id, id);
    o->group = g_strdup(group_id);
    prev = g_hash_table_lookup(old->objs[CL_KIND_RESOURCE], id);
    if (prev != NULL && fp_ids != NULL && !g_hash_table_contains(fp_ids, id)
        && g_strcmp0(prev->group, group_id) == 0) {
        o->fp = prev->fp;
    } else {
        o->fp = fp_add(fp_node(FP_INIT, elem), group_id, strlen(group_id));
    }
    g_hash_table_replace(rc->rscs, o->id, o);
    g_ptr_array_add(rc->order, g_strdup(o->id));
    g_ptr_array_add(group->members, g_strdup(id));
    g_hash_table_replace(rc->lrm_map, g_strdup(id), g_strdup(id));
    g_ptr_array_add(o->prims, g_strdup(id));
    if (!is_elem(elem, CL_XE_PRIMITIVE)) {
        map_primitives(rc->lrm_map, elem, o);
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
    len = prov != NULL ? g_snprintf(buf, sizeof(buf), "%s:%s:%s", cls, prov,
                                    type)
                       : g_snprintf(buf, sizeof(buf), "%s:%s", cls, type);
    if (len > 0 && (size_t) len < sizeof(buf)
        && !g_hash_table_contains(ag->set, buf)) {
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
        } else if (is_resource_elem(c)) {
            collect_agents(ag, c);
        }
    }
}

static obj_t *
rcfg_add_group(rcfg_t *rc, const char *id)
{
    obj_t *g = obj_new(CL_KIND_GROUP, id, id);

    g_hash_table_replace(rc->groups, g->id, g);
    g_ptr_array_add(rc->order, g_strdup(g->id));
    return g;
}

/* Walk the resources section: groups (explicit or implicit) and resources.
 * Fingerprints are recomputed for ids in fp_ids (all if fp_ids is NULL). */
static void
rcfg_build(rcfg_t *rc, xmlNode *cib, GHashTable *fp_ids,
           const cl_model_t *old)
{
    xmlNode *res = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_RESOURCES);

    rc->rscs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     obj_destroy);
    rc->groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       obj_destroy);
    /* own copies: translate() frees the objects while walking the order */
    rc->order = g_ptr_array_new_with_free_func(g_free);
    rc->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        g_free);
    rc->restypes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         NULL);
    {
        agents_t ag = { rc->restypes, { NULL, NULL, NULL } };
        collect_agents(&ag, res);
    }

    for (xmlNode *top = res != NULL ? res->children : NULL; top != NULL;
         top = top->next) {
        const char *id = attr(top, CL_XA_ID);
        obj_t *g;

        if (!is_resource_elem(top) || id == NULL
            || g_hash_table_contains(rc->groups, id)) {
            continue;
        }
        g = rcfg_add_group(rc, id);
        if (is_elem(top, CL_XE_GROUP)) {
            for (xmlNode *c = top->children; c != NULL; c = c->next) {
                if (is_elem(c, CL_XE_PRIMITIVE)) {
                    rcfg_add_resource(rc, c, id, g, fp_ids, old);
                }
            }
            g->fp = group_fp(top, g->members);
        } else {
            /* docs/mapping.md: an ungrouped primitive, clone or bundle is
             * its own group of the same name (a Windows "role"). */
            rcfg_add_resource(rc, top, id, g, fp_ids, old);
            g->fp = FP_INIT;
        }
    }
}

static void
rcfg_clear(rcfg_t *rc)
{
    g_hash_table_unref(rc->restypes);
    g_hash_table_unref(rc->rscs);
    g_hash_table_unref(rc->groups);
    g_ptr_array_unref(rc->order);
    if (rc->lrm_map != NULL) {
        g_hash_table_unref(rc->lrm_map);
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

/* Constraints: each resource's and group's constraint fingerprint (the
 * constraints naming it), and each group's preferred nodes (its positive
 * rsc_location constraints with a node, highest score first, then document
 * order; rules are not evaluated).  Objects whose fingerprint changed go
 * into 'changed' (a set of obj_t *), except those just added. */
static void
update_constraints(cl_model_t *m, xmlNode *cib, GHashTable *changed)
{
    xmlNode *cons = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CONSTRAINTS);
    g_autoptr(GHashTable) fps = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                      NULL, g_free);
    g_autoptr(GHashTable) prefs = g_hash_table_new_full(
        g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
    static const cl_kind_t kinds[] = { CL_KIND_RESOURCE, CL_KIND_GROUP };
    guint pos = 0;

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
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, m->objs[kinds[k]]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            obj_t *o = v;
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
                    g_hash_table_add(changed, o);
                }
            }
        }
    }
}

/* The working sets of translate(), kept in the model and emptied after
 * each call: creating them was a fixed cost per patchset. */
typedef struct scratch {
    GPtrArray *nodes_added;   /* node ids (owned by the model) */
    GPtrArray *nodes_deleted; /* node ids (copies) */
    GHashTable *dirty_rscs;   /* obj_t *: state to recompute */
    GHashTable *dirty_groups; /* obj_t * */
    GHashTable *rscs;         /* obj_t *: resources touched on one node */
    GPtrArray *rsc_deleted;   /* obj_t *, freed when emptied */
    GPtrArray *grp_deleted;   /* obj_t *, freed when emptied */
    GPtrArray *new_objs;      /* added groups/resources in document order */
    GPtrArray *props;         /* PROPERTY events, queued after ADDED */
    GHashTable *propped;      /* obj_t * with a PROPERTY event in props */
    GHashTable *cons_changed; /* obj_t * whose constraints changed */
    GPtrArray *order;         /* sorting dirty objects */
} scratch_t;

static scratch_t *
scratch_new(void)
{
    scratch_t *sc = g_new0(scratch_t, 1);

    sc->nodes_added = g_ptr_array_new();
    sc->nodes_deleted = g_ptr_array_new_with_free_func(g_free);
    sc->dirty_rscs = g_hash_table_new(g_direct_hash, g_direct_equal);
    sc->dirty_groups = g_hash_table_new(g_direct_hash, g_direct_equal);
    sc->rscs = g_hash_table_new(g_direct_hash, g_direct_equal);
    sc->rsc_deleted = g_ptr_array_new_with_free_func(obj_destroy);
    sc->grp_deleted = g_ptr_array_new_with_free_func(obj_destroy);
    sc->new_objs = g_ptr_array_new();
    sc->props = g_ptr_array_new();
    sc->propped = g_hash_table_new(g_direct_hash, g_direct_equal);
    sc->cons_changed = g_hash_table_new(g_direct_hash, g_direct_equal);
    sc->order = g_ptr_array_new();
    return sc;
}

static void
scratch_reset(scratch_t *sc)
{
    g_ptr_array_set_size(sc->nodes_added, 0);
    g_ptr_array_set_size(sc->nodes_deleted, 0);
    g_hash_table_remove_all(sc->dirty_rscs);
    g_hash_table_remove_all(sc->dirty_groups);
    g_hash_table_remove_all(sc->rscs);
    g_ptr_array_set_size(sc->rsc_deleted, 0);
    g_ptr_array_set_size(sc->grp_deleted, 0);
    g_ptr_array_set_size(sc->new_objs, 0);
    g_ptr_array_set_size(sc->props, 0);
    g_hash_table_remove_all(sc->propped);
    g_hash_table_remove_all(sc->cons_changed);
    g_ptr_array_set_size(sc->order, 0);
}

static void
scratch_free(scratch_t *sc)
{
    scratch_reset(sc);
    g_ptr_array_unref(sc->nodes_added);
    g_ptr_array_unref(sc->nodes_deleted);
    g_hash_table_unref(sc->dirty_rscs);
    g_hash_table_unref(sc->dirty_groups);
    g_hash_table_unref(sc->rscs);
    g_ptr_array_unref(sc->rsc_deleted);
    g_ptr_array_unref(sc->grp_deleted);
    g_ptr_array_unref(sc->new_objs);
    g_ptr_array_unref(sc->props);
    g_hash_table_unref(sc->propped);
    g_hash_table_unref(sc->cons_changed);
    g_ptr_array_unref(sc->order);
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
    m->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       NULL);
    m->cluster_name = g_strdup("cluster");
    m->cluster_version = g_strdup("");
    m->restypes = g_ptr_array_new_with_free_func(g_free);
    m->touch = g_new0(touch_t, 1);
    touch_init(m->touch);
    m->scratch = scratch_new();
    m->lrm_idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);
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
        g_free(m->cluster_name);
        g_free(m->cluster_version);
        g_ptr_array_unref(m->restypes);
        touch_clear(m->touch);
        g_free(m->touch);
        scratch_free(m->scratch);
        g_hash_table_unref(m->lrm_idx);
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

static GPtrArray *
sorted_keys(GHashTable *set)
{
    GPtrArray *arr = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, set);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_ptr_array_add(arr, k);
    }
    g_ptr_array_sort(arr, cmp_str);
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

/* Record the role of r on a node (stopped = no entry). */
static void
set_role(obj_t *r, const char *node_id, enum role role)
{
    if (role == ROLE_STOPPED) {
        g_hash_table_remove(r->roles, node_id);
    } else if (GPOINTER_TO_INT(g_hash_table_lookup(r->roles, node_id))
               != (int) role) {
        g_hash_table_replace(r->roles, g_strdup(node_id),
                             GINT_TO_POINTER(role));
    }
}

static enum role
stronger(enum role a, enum role b)
{
    static const int rank[] = { [ROLE_STOPPED] = 0, [ROLE_RUNNING] = 1,
                                [ROLE_STOPPING] = 2, [ROLE_STARTING] = 3,
                                [ROLE_FAILED] = 4 };
    return rank[a] >= rank[b] ? a : b;
}

/* The resource an lrm_resource id (maybe "rsc:N") stands for, or NULL. */
static obj_t *
resource_of_lrm(const cl_model_t *m, const char *lrm_id)
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

/* The lrm index of a node (see struct cl_model), built on first use. */
static GHashTable *
lrm_idx_of(cl_model_t *m, xmlNode *ns, const char *node_id)
{
    GHashTable *idx = g_hash_table_lookup(m->lrm_idx, node_id);

    if (idx != NULL) {
        return idx;
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

/* Role of r on a node: the strongest over its lrm_resource elements there
 * (a clone has one per instance, "rsc:N"), found through the index. */
static enum role
role_on_node(cl_model_t *m, const obj_t *r, xmlNode *ns, const char *node_id)
{
    GHashTable *idx = lrm_idx_of(m, ns, node_id);
    enum role role = ROLE_STOPPED;

    for (guint i = 0; i < r->prims->len; i++) {
        GPtrArray *arr = g_hash_table_lookup(idx,
                                             g_ptr_array_index(r->prims, i));

        for (guint j = 0; arr != NULL && j < arr->len; j++) {
            role = stronger(role, role_of(g_ptr_array_index(arr, j)));
        }
    }
    return role;
}

/* One pass over a node's operation history: the role of each resource
 * there (of those in 'only', a set of obj_t *, if not NULL) becomes the
 * strongest over its lrm_resource elements (clone instances "rsc:N"); the
 * roles were cleared before.  Marks those resources dirty. */
static void
accumulate_roles(cl_model_t *m, xmlNode *ns, const char *node_id,
                 GHashTable *only, GHashTable *dirty)
{
    for (xmlNode *lr = first_elem(lrm_resources_of(ns), NULL); lr != NULL;
         lr = lr->next) {
        obj_t *r;

        if (!is_elem(lr, CL_XE_LRM_RESOURCE) || attr(lr, CL_XA_ID) == NULL) {
            continue;
        }
        r = resource_of_lrm(m, attr(lr, CL_XA_ID));
        if (r != NULL && (only == NULL || g_hash_table_contains(only, r))) {
            enum role cur = GPOINTER_TO_INT(
                g_hash_table_lookup(r->roles, node_id));
            set_role(r, node_id, stronger(cur, role_of(lr)));
            g_hash_table_add(dirty, r);
        }
    }
}

/* Recompute, in one pass over a node's operation history, the roles of
 * every resource on that node, and mark the changed ones dirty (a set of
 * obj_t *). */
static void
read_node_lrm(cl_model_t *m, xmlNode *ns, const char *node_id,
              GHashTable *dirty)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *r = v;

        if (g_hash_table_remove(r->roles, node_id)) {
            g_hash_table_add(dirty, r);
        }
    }
    accumulate_roles(m, ns, node_id, NULL, dirty);
}

/* Recompute the roles on one node of the resources in rscs (obj_t *) and
 * mark them dirty.  The usual diff touches a few resources on one node:
 * each one's role comes from its own lrm_resource elements, found through
 * the index.  Many (a node's first history, a big status diff): one pass
 * over the node's history, no index. */
static void
read_node_rscs(cl_model_t *m, xmlNode *ns, const char *node_id,
               GHashTable *rscs, GHashTable *dirty)
{
    GHashTableIter it;
    gpointer k;

    if (g_hash_table_size(rscs) <= 16) {
        g_hash_table_iter_init(&it, rscs);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            obj_t *r = k;

            set_role(r, node_id, role_on_node(m, r, ns, node_id));
            g_hash_table_add(dirty, r);
        }
        return;
    }
    g_hash_table_iter_init(&it, rscs);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_hash_table_remove(((obj_t *) k)->roles, node_id);
        g_hash_table_add(dirty, k);
    }
    accumulate_roles(m, ns, node_id, rscs, dirty);
}

static const char *
node_name_of(const cl_model_t *m, const char *node_id)
{
    obj_t *n = g_hash_table_lookup(m->objs[CL_KIND_NODE], node_id);

    return n != NULL ? n->name : node_id;
}

static int
node_order(const cl_model_t *m, const char *node_id)
{
    obj_t *n = g_hash_table_lookup(m->objs[CL_KIND_NODE], node_id);

    return n != NULL ? n->order : G_MAXINT;
}

/* Resource state from its per-node roles (docs/mapping.md). */
static void
resource_state(const cl_model_t *m, obj_t *r, int *ret_state, char **ret_owner)
{
    GHashTableIter it;
    gpointer k, v;
    enum role agg = ROLE_STOPPED;
    const char *owner = NULL;
    int best = G_MAXINT;

    g_hash_table_iter_init(&it, r->roles);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        enum role role = GPOINTER_TO_INT(v);
        int ord = node_order(m, k);

        agg = stronger(agg, role);
        if (role != ROLE_STOPPED && (ord < best || owner == NULL)) {
            best = ord;
            owner = node_name_of(m, k);
        }
    }
    switch (agg) {
        case ROLE_RUNNING: *ret_state = ClusterResourceOnline; break;
        case ROLE_STARTING: *ret_state = ClusterResourceOnlinePending; break;
        case ROLE_STOPPING: *ret_state = ClusterResourceOfflinePending; break;
        case ROLE_FAILED: *ret_state = ClusterResourceFailed; break;
        default: *ret_state = ClusterResourceOffline; break;
    }
    *ret_owner = g_strdup(owner != NULL ? owner : "");
}

/* Group state from its members (clusapi.md 2.5, ApiGetGroupState). */
static void
group_state(const cl_model_t *m, obj_t *g, int *ret_state, char **ret_owner)
{
    guint online = 0, failed = 0, pending = 0;
    const char *owner = NULL;

    for (guint i = 0; i < g->members->len; i++) {
        obj_t *r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE],
                                       g_ptr_array_index(g->members, i));
        if (r == NULL) {
            continue;
        }
        switch (r->state) {
            case ClusterResourceOnline: online++; break;
            case ClusterResourceFailed: failed++; break;
            case ClusterResourceOnlinePending:
            case ClusterResourceOfflinePending:
            case ClusterResourcePending: pending++; break;
            default: break;
        }
        if (owner == NULL && r->owner[0] != '\0') {
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
    *ret_owner = g_strdup(owner != NULL ? owner : "");
}

/* Recompute node objects for the given ids (NULL = every node known to the
 * configuration or the status). */
static void
update_nodes(cl_model_t *m, xmlNode *cib, GHashTable *ids, GPtrArray *events,
             GPtrArray *added, GPtrArray *deleted)
{
    g_autoptr(GHashTable) all = NULL;
    g_autoptr(GPtrArray) order = NULL;
    xmlNode *nodes = cib_section(cib, CL_XE_CONFIGURATION, CL_XE_NODES);
    xmlNode *status = first_elem(cib, CL_XE_STATUS);
    int pos = 0;

    if (ids == NULL) {
        all = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (xmlNode *n = first_elem(nodes, NULL); n != NULL; n = n->next) {
            if (is_elem(n, CL_XE_NODE)) {
                add_id(all, attr(n, CL_XA_ID));
            }
        }
        for (xmlNode *n = first_elem(status, NULL); n != NULL; n = n->next) {
            if (is_elem(n, CL_XE_NODE_STATE)) {
                add_id(all, attr(n, CL_XA_ID));
            }
        }
        GHashTableIter it;
        gpointer k;
        g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            add_id(all, k);
        }
        ids = all;
    }
    order = sorted_keys(ids);
    for (guint i = 0; i < order->len; i++) {
        const char *id = g_ptr_array_index(order, i);
        xmlNode *cfg = find_cfg_node(cib, id);
        xmlNode *ns = find_node_state(cib, id);
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);
        const char *uname = attr(cfg, CL_XA_UNAME);
        int state;
        guint64 fp;

        if (uname == NULL) {
            uname = attr(ns, CL_XA_UNAME);
        }
        if (cfg == NULL && (ns == NULL || uname == NULL)) {
            if (o != NULL) {
                g_ptr_array_add(deleted, g_strdup(id));
            }
            continue;
        }
        state = node_state_of(cfg, ns);
        fp = node_fp(cfg, ns);
        if (o == NULL) {
            o = obj_new(CL_KIND_NODE, id, uname);
            o->state = state;
            o->fp = fp;
            g_hash_table_replace(m->objs[CL_KIND_NODE], o->id, o);
            g_ptr_array_add(added, o->id);
            continue;
        }
        if (o->fp != fp) {
            o->fp = fp;
            emit(events, CLUSTER_CHANGE_NODE_PROPERTY, CL_KIND_NODE, o);
        }
        if (o->state != state) {
            o->state = state;
            emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, o);
        }
    }
    /* document order of configured nodes: owner tie-break */
    for (xmlNode *n = first_elem(nodes, NULL); n != NULL; n = n->next) {
        obj_t *o = is_elem(n, CL_XE_NODE)
                       ? g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                             attr(n, CL_XA_ID) ? attr(n, CL_XA_ID)
                                                               : "")
                       : NULL;
        if (o != NULL) {
            o->order = pos++;
        }
    }
}

static int
cmp_obj_id(gconstpointer a, gconstpointer b)
{
    return strcmp((*(const obj_t *const *) a)->id,
                  (*(const obj_t *const *) b)->id);
}

/* The objects of a set of obj_t *, sorted by id, into sc->order. */
static GPtrArray *
sorted_objs(scratch_t *sc, GHashTable *set)
{
    GHashTableIter it;
    gpointer k;

    g_ptr_array_set_size(sc->order, 0);
    g_hash_table_iter_init(&it, set);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_ptr_array_add(sc->order, k);
    }
    g_ptr_array_sort(sc->order, cmp_obj_id);
    return sc->order;
}

/* Mark the group with this id dirty, if it exists. */
static void
dirty_group(const cl_model_t *m, GHashTable *dirty, const char *id)
{
    obj_t *g = id != NULL ? g_hash_table_lookup(m->objs[CL_KIND_GROUP], id)
                          : NULL;

    if (g != NULL) {
        g_hash_table_add(dirty, g);
    }
}

/* The core of load and update. */
static void
translate(cl_model_t *m, xmlNode *cib, touch_t *t, GPtrArray *events)
{
    scratch_t *sc = m->scratch;
    GPtrArray *nodes_added = sc->nodes_added;
    GPtrArray *nodes_deleted = sc->nodes_deleted;
    GHashTable *dirty_rscs = sc->dirty_rscs;
    GHashTable *dirty_groups = sc->dirty_groups;
    GPtrArray *rsc_deleted = sc->rsc_deleted;
    GPtrArray *grp_deleted = sc->grp_deleted;
    GPtrArray *new_objs = sc->new_objs;
    GPtrArray *props = sc->props;

    /* 0. the lrm index: stale where elements were created or freed */
    if (t->all || t->idx_drop_all || cib->doc != m->lrm_idx_doc) {
        lrm_idx_drop(m, NULL);
        m->lrm_idx_doc = cib->doc;
    } else {
        GHashTableIter it;
        gpointer k;

        g_hash_table_iter_init(&it, t->idx_drop);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            lrm_idx_drop(m, k);
        }
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
    if (t->all || t->nodes_all || g_hash_table_size(t->node_ids) > 0) {
        GPtrArray *ev_nodes = events != NULL ? g_ptr_array_new() : NULL;

        update_nodes(m, cib, (t->all || t->nodes_all) ? NULL : t->node_ids,
                     ev_nodes, nodes_added, nodes_deleted);
        for (guint i = 0; i < nodes_added->len && events != NULL; i++) {
            obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                           g_ptr_array_index(nodes_added, i));
            emit(events, CLUSTER_CHANGE_NODE_ADDED, CL_KIND_NODE, o);
        }
        if (ev_nodes != NULL) {
            for (guint i = 0; i < ev_nodes->len; i++) {
                g_ptr_array_add(events, g_ptr_array_index(ev_nodes, i));
            }
            g_ptr_array_unref(ev_nodes);
        }
    }

    /* 3. resources configuration */
    if (t->all || t->res_cfg) {
        rcfg_t rc = { 0 };
        GHashTableIter it;
        gpointer k, v;

        rcfg_build(&rc, cib, t->all ? NULL : t->res_ids, m);
        /* deleted */
        g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            if (!g_hash_table_contains(rc.rscs, k)) {
                g_hash_table_iter_steal(&it);
                g_ptr_array_add(rsc_deleted, v);
            }
        }
        g_hash_table_iter_init(&it, m->objs[CL_KIND_GROUP]);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            if (!g_hash_table_contains(rc.groups, k)) {
                g_hash_table_iter_steal(&it);
                g_ptr_array_add(grp_deleted, v);
            }
        }
        /* added or changed, in document order */
        for (guint i = 0; i < rc.order->len; i++) {
            const char *id = g_ptr_array_index(rc.order, i);
            obj_t *nr = g_hash_table_lookup(rc.rscs, id);
            obj_t *ng = g_hash_table_lookup(rc.groups, id);

            if (ng != NULL) {
                obj_t *og = g_hash_table_lookup(m->objs[CL_KIND_GROUP], id);
                g_hash_table_steal(rc.groups, id);
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
                        g_hash_table_add(sc->propped, og);
                        og->fp = ng->fp;
                        g_ptr_array_unref(og->members);
                        og->members = g_ptr_array_ref(ng->members);
                        g_hash_table_add(dirty_groups, og);
                    }
                    obj_free(ng);
                }
            }
            if (nr != NULL) {
                obj_t *or = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], id);
                g_hash_table_steal(rc.rscs, id);
                if (or == NULL) {
                    nr->state = ClusterResourceOffline;
                    nr->fresh = true;
                    nr->roles = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                      g_free, NULL);
                    g_hash_table_replace(m->objs[CL_KIND_RESOURCE], nr->id,
                                         nr);
                    g_ptr_array_add(new_objs, nr);
                } else {
                    if (or->fp != nr->fp) {
                        emit(events != NULL ? props : NULL,
                             CLUSTER_CHANGE_RESOURCE_PROPERTY, CL_KIND_RESOURCE,
                             or);
                        g_hash_table_add(sc->propped, or);
                        or->fp = nr->fp;
                    }
                    if (!same_names(or->prims, nr->prims)) {
                        /* other primitives: read its roles again */
                        g_ptr_array_unref(or->prims);
                        or->prims = g_ptr_array_ref(nr->prims);
                        g_hash_table_add(sc->rscs, or);
                    }
                    if (g_strcmp0(or->group, nr->group) != 0) {
                        dirty_group(m, dirty_groups, or->group);
                        g_free(or->group);
                        or->group = g_strdup(nr->group);
                    }
                    obj_free(nr);
                }
            }
        }
        g_ptr_array_set_size(m->restypes, 0);
        g_hash_table_iter_init(&it, rc.restypes);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(m->restypes, k);
        }
        g_ptr_array_sort(m->restypes, cmp_str);
        /* lrm ids map straight to the model's objects: one lookup per
         * history entry */
        g_hash_table_remove_all(m->lrm_map);
        g_hash_table_iter_init(&it, rc.lrm_map);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            obj_t *r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], v);

            g_hash_table_iter_steal(&it);
            if (r != NULL) {
                g_hash_table_insert(m->lrm_map, k, r);
            } else {
                g_free(k);
            }
            g_free(v);
        }
        rcfg_clear(&rc);
        /* a new resource may already have history (created again), a
         * changed one other primitives; with t->all, step 4 reads every
         * history anyway */
        if (!t->all) {
            xmlNode *status = first_elem(cib, CL_XE_STATUS);

            for (guint i = 0; i < new_objs->len; i++) {
                obj_t *o = g_ptr_array_index(new_objs, i);
                if (o->kind == CL_KIND_RESOURCE) {
                    g_hash_table_add(sc->rscs, o);
                }
            }
            for (xmlNode *ns = first_elem(status, NULL);
                 ns != NULL && g_hash_table_size(sc->rscs) > 0;
                 ns = ns->next) {
                if (is_elem(ns, CL_XE_NODE_STATE)
                    && attr(ns, CL_XA_ID) != NULL) {
                    read_node_rscs(m, ns, attr(ns, CL_XA_ID), sc->rscs,
                                   dirty_rscs);
                }
            }
        }
        g_hash_table_remove_all(sc->rscs);
    }

    /* 3b. constraints: PROPERTY of the groups, then the resources, they
     * name (by id; not twice for one object) */
    if (t->all || t->res_cfg || t->constraints) {
        GPtrArray *objs;

        update_constraints(m, cib, sc->cons_changed);
        objs = sorted_objs(sc, sc->cons_changed);
        for (int pass = 0; pass < 2; pass++) {
            cl_kind_t kind = pass == 0 ? CL_KIND_GROUP : CL_KIND_RESOURCE;

            for (guint i = 0; i < objs->len; i++) {
                obj_t *o = g_ptr_array_index(objs, i);

                if (o->kind == kind && !g_hash_table_contains(sc->propped, o)) {
                    emit(events != NULL ? props : NULL,
                         kind == CL_KIND_GROUP ? CLUSTER_CHANGE_GROUP_PROPERTY
                                               : CLUSTER_CHANGE_RESOURCE_PROPERTY,
                         kind, o);
                }
            }
        }
    }

    /* 4. status: per-node roles */
    if (t->all || t->nodes_all || g_hash_table_size(t->lrm_nodes) > 0
        || g_hash_table_size(t->lrm_pairs) > 0) {
        xmlNode *status = first_elem(cib, CL_XE_STATUS);
        GHashTableIter it;
        gpointer k, v;

        if (t->all || t->nodes_all) {
            /* every role from scratch */
            g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                g_hash_table_remove_all(((obj_t *) v)->roles);
                g_hash_table_add(dirty_rscs, v);
            }
            for (xmlNode *ns = first_elem(status, NULL); ns != NULL;
                 ns = ns->next) {
                if (is_elem(ns, CL_XE_NODE_STATE)
                    && attr(ns, CL_XA_ID) != NULL) {
                    read_node_lrm(m, ns, attr(ns, CL_XA_ID), dirty_rscs);
                }
            }
        } else {
            /* whole lrm of some nodes */
            g_hash_table_iter_init(&it, t->lrm_nodes);
            while (g_hash_table_iter_next(&it, &k, NULL)) {
                read_node_lrm(m, find_node_state(cib, k), k, dirty_rscs);
            }
            /* some resources on some nodes */
            g_hash_table_iter_init(&it, t->lrm_pairs);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                GHashTableIter lit;
                gpointer lid;

                if (g_hash_table_contains(t->lrm_nodes, k)) {
                    continue;
                }
                g_hash_table_remove_all(sc->rscs);
                g_hash_table_iter_init(&lit, v);
                while (g_hash_table_iter_next(&lit, &lid, NULL)) {
                    obj_t *r = resource_of_lrm(m, lid);
                    if (r != NULL) {
                        g_hash_table_add(sc->rscs, r);
                    }
                }
                read_node_rscs(m, find_node_state(cib, k), k, sc->rscs,
                               dirty_rscs);
            }
        }
    }

    /* 5. ADDED events: groups then their resources, document order */
    for (guint i = 0; i < new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(new_objs, i);
        if (o->kind == CL_KIND_RESOURCE) {
            char *owner = NULL;
            resource_state(m, o, &o->state, &owner);
            g_free(o->owner);
            o->owner = owner;
            g_hash_table_remove(dirty_rscs, o);
        }
    }
    for (guint i = 0; i < new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(new_objs, i);
        if (o->kind == CL_KIND_GROUP) {
            char *owner = NULL;
            group_state(m, o, &o->state, &owner);
            g_free(o->owner);
            o->owner = owner;
            g_hash_table_remove(dirty_groups, o);
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
        GPtrArray *ids = sorted_objs(sc, dirty_rscs);
        for (guint i = 0; i < ids->len; i++) {
            obj_t *r = g_ptr_array_index(ids, i);
            int state;
            char *owner = NULL;

            resource_state(m, r, &state, &owner);
            if (state != r->state || strcmp(owner, r->owner) != 0) {
                bool changed = state != r->state;
                r->state = state;
                g_free(r->owner);
                r->owner = owner;
                owner = NULL;
                if (changed) {
                    emit(events, CLUSTER_CHANGE_RESOURCE_STATE,
                         CL_KIND_RESOURCE, r);
                }
                dirty_group(m, dirty_groups, r->group);
            }
            g_free(owner);
        }
    }
    {
        GPtrArray *ids = sorted_objs(sc, dirty_groups);
        for (guint i = 0; i < ids->len; i++) {
            obj_t *g = g_ptr_array_index(ids, i);
            int state;
            char *owner = NULL;

            group_state(m, g, &state, &owner);
            if (state != g->state) {
                g->state = state;
                emit(events, CLUSTER_CHANGE_GROUP_STATE, CL_KIND_GROUP, g);
            }
            g_free(g->owner);
            g->owner = owner;
        }
    }

    /* 7. DELETED events: resources, groups, nodes */
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
clusapi__model_load(cl_model_t *m, xmlNode *cib, GPtrArray *events)
{
    touch_reset(m->touch);
    m->touch->all = true;
    translate(m, cib, m->touch, events);
    touch_reset(m->touch);
}

int
clusapi__model_update(cl_model_t *m, xmlNode *cib, xmlNode *patchset,
                      GPtrArray *events)
{
    int rc;

    touch_reset(m->touch);
    rc = touch_patchset(m->touch, patchset);
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

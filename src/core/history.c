/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * history.c - resource histories: the per-node records read from
 * lrm_resource elements, orphans, and the resource and group states they
 * give.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model_int.h"
#include "core/xmlnames.h"
#include "core/xmlutil.h"

/* ---- resource histories (records) ---- */

/* Does an lrm id stand for a unique clone's primitive of n instances
 * ("id:N", N < n)? */
static bool
unique_instance(const char *lrm_id, size_t len, int n)
{
    char *end;
    long i;

    if (lrm_id[len] != ':' || !g_ascii_isdigit(lrm_id[len + 1])) {
        return false;
    }
    i = strtol(lrm_id + len + 1, &end, 10);
    return *end == '\0' && i < n;
}

/* The entry of an lrm_resource id (maybe "rsc:N"), or NULL: an orphan. */
lrm_ent_t *
clusapi__ent_of_lrm(const cl_model_t *m, const char *lrm_id)
{
    size_t len = clusapi__lrm_base_len(lrm_id);
    lrm_ent_t *e;

    if (lrm_id[len] != '\0') {
        char buf[256];
        g_autofree char *big = NULL;

        if (len < sizeof(buf)) {
            memcpy(buf, lrm_id, len);
            buf[len] = '\0';
            e = g_hash_table_lookup(m->lrm_map, buf);
        } else {
            big = g_strndup(lrm_id, len);
            e = g_hash_table_lookup(m->lrm_map, big);
        }
    } else {
        e = g_hash_table_lookup(m->lrm_map, lrm_id);
    }
    if (e != NULL && e->unique > 0
        && !unique_instance(lrm_id, len, e->unique)) {
        return NULL;
    }
    return e;
}

/* unpack_find_resource: whether the history lrm_id on node is one of e's
 * resource's, or an orphan there, which crm_mon lists apart.  A bundle's
 * primitive is an instance only on a node of that bundle (its history
 * elsewhere, left over from before it was bundled, is an orphan); the
 * history of a globally unique clone's primitive has the instance number
 * (without one, an orphan), also in a bundle of several replicas per host. */
static bool
lrm_belongs(const cl_model_t *m, const lrm_ent_t *e, const obj_t *node,
            const char *lrm_id)
{
    xmlNode *prim = e->pe.prim;

    if (prim == NULL) {
        return true; /* one Pacemaker makes up */
    }
    if (e->pe.unique) {
        return lrm_id[clusapi__lrm_base_len(lrm_id)] != '\0';
    }
    if (e->pe.bundled) {
        const lrm_ent_t *ne = node->remote == REMOTE_BUNDLE
                                  ? clusapi__ent_of_lrm(m, node->id)
                                  : NULL;

        return ne != NULL && ne->r == e->r;
    }
    return true;
}

/* The entry of the history lrm_id on node, or NULL: an orphan there. */
lrm_ent_t *
clusapi__ent_on(const cl_model_t *m, const char *lrm_id, const obj_t *node)
{
    lrm_ent_t *e = clusapi__ent_of_lrm(m, lrm_id);

    return e != NULL && lrm_belongs(m, e, node, lrm_id) ? e : NULL;
}

/* Forget the lrm index of a node (of every node if node_id is NULL). */
void
clusapi__lrm_idx_drop(cl_model_t *m, const char *node_id)
{
    if (node_id == NULL) {
        g_hash_table_remove_all(m->lrm_idx);
    } else {
        g_hash_table_remove(m->lrm_idx, node_id);
    }
}

/* The lrm index of a node (see struct cl_model), built on first use. */
GHashTable *
clusapi__lrm_idx_of(cl_model_t *m, xmlNode *ns, const char *node_id)
{
    GHashTable *idx = g_hash_table_lookup(m->lrm_idx, node_id);

    if (idx != NULL) {
        return idx;
    }
    idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) g_ptr_array_unref);
    for (xmlNode *lr = first_elem(clusapi__lrm_resources_of(ns), NULL);
         lr != NULL; lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);
        char *base;
        GPtrArray *arr;

        if (!is_elem(lr, CL_XE_LRM_RESOURCE) || id == NULL) {
            continue;
        }
        base = g_strndup(id, clusapi__lrm_base_len(id));
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

/* One lrm_resource with this id created or deleted on a node: the entry of
 * its base id in the node's index (if built) is made again from the
 * node's lrm_resource elements. */
void
clusapi__lrm_idx_fix(cl_model_t *m, xmlNode *cib, const char *node_id,
            const char *lrm_id)
{
    GHashTable *idx = g_hash_table_lookup(m->lrm_idx, node_id);
    size_t len = clusapi__lrm_base_len(lrm_id);
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
    for (xmlNode *lr = first_elem(
             clusapi__lrm_resources_of(clusapi__find_node_state(cib, node_id)),
             NULL);
         lr != NULL; lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);

        if (is_elem(lr, CL_XE_LRM_RESOURCE) && id != NULL
            && strncmp(id, base, len) == 0
            && clusapi__lrm_base_len(id) == len) {
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
bool
clusapi__node_unpacked(const cl_model_t *m, const obj_t *node)
{
    if (node != NULL && node->remote != REMOTE_NONE) {
        return node->unpacked;
    }
    return node != NULL && !node->unnamed
           && (m->opts.stonith_enabled || node->pe.online);
}

void
clusapi__node_where(const obj_t *node, cl_pe_where_t *w)
{
    memset(w, 0, sizeof(*w));
    w->online = node->pe.online;
    w->unclean = node->pe.unclean;
    w->maintenance = node->pe.maintenance;
    w->guest = node->remote == REMOTE_GUEST || node->remote == REMOTE_BUNDLE;
    w->remote = node->remote == REMOTE_REMOTE;
}

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
        xmlNode *ns = clusapi__find_node_state(pc->cib, node->id);
        char base[256];
        size_t len = clusapi__lrm_base_len(pc->lrm_id);
        GHashTable *idx;
        GPtrArray *arr;

        if (ns == NULL || len >= sizeof(base)) {
            return true;
        }
        memcpy(base, pc->lrm_id, len);
        base[len] = '\0';
        idx = clusapi__lrm_idx_of(pc->m, ns, node->id);
        arr = idx != NULL ? g_hash_table_lookup(idx, base) : NULL;
        for (guint i = 0; arr != NULL && i < arr->len; i++) {
            xmlNode *lr = g_ptr_array_index(arr, i);
            if (str_eq0(attr(lr, CL_XA_ID), pc->lrm_id)) {
                out->lrm_resource = lr;
                break;
            }
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
void
clusapi__history_read(cl_model_t *m, const lrm_ent_t *e, const cl_pe_where_t *w,
        xmlNode *lr, rec_t *out)
{
    cl_pe_where_t here = *w;
    peer_ctx_t pc = { m, xmlDocGetRootElement(lr->doc), attr(lr, CL_XA_ID) };

    here.peer = peer_history;
    here.peer_ud = &pc;
    clusapi__pe_history(&m->opts, &e->pe, &here, lr, out);
    failures_place(out->failures, lr);
    if (!e->pe.managed) {
        out->unmanaged = true;
    }
    if (out->migration && e->r != NULL) {
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
void
clusapi__orphan_read(cl_model_t *m, const obj_t *node, const char *lrm_id,
            xmlNode *lr)
{
    cl_pe_rsc_t pe;
    cl_pe_where_t w;
    rec_t rec;
    g_autofree char *key = orphan_key(node->id, lrm_id);

    if (lr == NULL || !clusapi__node_unpacked(m, node)) {
        g_hash_table_remove(m->orphans, key);
        g_hash_table_remove(m->oconns, key);
        return;
    }
    /* an orphaned remote connection with operations makes a remote node
     * (create_fake_resource) */
    if (clusapi__pe_is_remote_agent(lr)
        && first_elem(lr, CL_XE_LRM_RSC_OP) != NULL) {
        const char *cont = attr(lr, "container");

        g_hash_table_replace(m->oconns, g_strdup(key),
                             g_strdup(cont != NULL ? cont : ""));
    } else {
        g_hash_table_remove(m->oconns, key);
    }
    clusapi__pe_rsc_ctx(&m->opts, NULL, &pe);
    if (m->opts.keep_orphans) {
        pe.managed = false;
    }
    clusapi__node_where(node, &w);
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

    g_autofree char *prefix = orphan_key(node->id, "");
    gpointer k;

    g_hash_table_iter_init(&it, m->orphans);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (strcmp(((orphan_t *) v)->node_id, node->id) == 0) {
            g_hash_table_iter_remove(&it);
        }
    }
    g_hash_table_iter_init(&it, m->oconns);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        if (g_str_has_prefix(k, prefix)) {
            g_hash_table_iter_remove(&it);
        }
    }
}

/* Every orphan of a node again (ns NULL: none). */
void
clusapi__orphans_read_node(cl_model_t *m, xmlNode *ns, const obj_t *node)
{
    orphans_drop_node(m, node);
    for (xmlNode *lr = first_elem(clusapi__lrm_resources_of(ns), NULL);
         lr != NULL; lr = lr->next) {
        const char *id = attr(lr, CL_XA_ID);

        if (is_elem(lr, CL_XE_LRM_RESOURCE) && id != NULL
            && clusapi__ent_on(m, id, node) == NULL) {
            clusapi__orphan_read(m, node, id, lr);
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
        clusapi__rec_free_failures(old);
        *old = *rec;
        rec->failures = NULL;
    }
}

/* Read a node's whole history in document order: a history that makes the
 * node unclean makes the failures of the later ones not count (§6.9).
 * Every resource with a record there, before or after, is marked dirty. */
void
clusapi__read_node_lrm(cl_model_t *m, xmlNode *ns, obj_t *node, objset_t *dirty,
              objset_t *dirty_nodes)
{
    objset_t fresh; /* the resources with a record in recs, at their index */
    GArray *recs = g_array_new(FALSE, FALSE, sizeof(rec_t));
    GHashTableIter it;
    gpointer v;

    objset_init(&fresh);
    g_array_set_clear_func(recs, (GDestroyNotify) clusapi__rec_free_failures);
    orphans_drop_node(m, node);
    if (clusapi__node_unpacked(m, node)) {
        cl_pe_where_t w;

        clusapi__node_where(node, &w);
        for (xmlNode *lr = first_elem(clusapi__lrm_resources_of(ns), NULL);
             lr != NULL; lr = lr->next) {
            const char *id = attr(lr, CL_XA_ID);
            lrm_ent_t *e;
            rec_t one;

            if (!is_elem(lr, CL_XE_LRM_RESOURCE) || id == NULL) {
                continue;
            }
            if ((e = clusapi__ent_on(m, id, node)) == NULL) {
                clusapi__orphan_read(m, node, id, lr);
                continue;
            }
            clusapi__history_read(m, e, &w, lr, &one);
            if (one.fence_node && !w.guest) {
                w.unclean = true; /* a guest's container is recovered */
            }
            if (!objset_has(&fresh, e->r)) { /* both grow together */
                g_array_append_val(recs, one);
                objset_add(&fresh, e->r);
            } else {
                rec_merge(&g_array_index(recs, rec_t,
                                         objset_index(&fresh, e->r)),
                          &one);
            }
        }
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *r = v;
        rec_t *rec = objset_has(&fresh, r)
                         ? &g_array_index(recs, rec_t, objset_index(&fresh, r))
                         : NULL;

        if (rec != NULL || rec_on(r, node, NULL) != NULL) {
            set_rec(r, node, rec, dirty_nodes);
            objset_add(dirty, r);
        }
    }
    objset_free(&fresh);
    g_array_unref(recs);
}

/* Recompute the records on one node of the resources in rscs (obj_t *) and
 * mark them dirty.  Each one's comes from its own lrm_resource elements,
 * found through the index.  When fencing is involved (the node was made
 * unclean by a history, or now is), the order of the histories matters:
 * the whole node is read again. */
void
clusapi__read_node_rscs(cl_model_t *m, xmlNode *ns, obj_t *node,
                        const objset_t *rscs, objset_t *dirty,
                        objset_t *dirty_nodes)
{
    GHashTable *idx;
    bool unpacked = clusapi__node_unpacked(m, node);
    cl_pe_where_t w;

    if (node->fences > 0 || objset_len(rscs) > 16) {
        clusapi__read_node_lrm(m, ns, node, dirty, dirty_nodes);
        return;
    }
    idx = unpacked ? clusapi__lrm_idx_of(m, ns, node->id) : NULL;
    clusapi__node_where(node, &w);
    for (guint n = 0; n < objset_len(rscs); n++) { /* usually one */
        obj_t *r = objset_at(rscs, n);
        rec_t rec, one;
        bool any = false;

        rec_clear(&rec);
        for (guint i = 0; unpacked && r->ents != NULL && i < r->ents->len;
             i++) {
            lrm_ent_t *e = g_ptr_array_index(r->ents, i);
            GPtrArray *arr = g_hash_table_lookup(idx, e->id);

            for (guint j = 0; arr != NULL && j < arr->len; j++) {
                xmlNode *lr = g_ptr_array_index(arr, j);

                if (clusapi__ent_on(m, attr(lr, CL_XA_ID), node) != e) {
                    continue; /* an orphan there: read_pairs reads it */
                }
                clusapi__history_read(m, e, &w, lr, &one);
                if (any) {
                    rec_merge(&rec, &one);
                } else {
                    rec = one;
                    any = true;
                }
            }
        }
        if (rec.fence_node) {
            clusapi__rec_free_failures(&rec);
            clusapi__read_node_lrm(m, ns, node, dirty, dirty_nodes);
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
    return name != NULL && name[0] != '\0' ? g_intern_string(name)
                                           : clusapi__no_owner;
}

/* Resource state from its records (docs/mapping.md): a primitive is one
 * instance (failed anywhere = failed); a clone or bundle has one instance
 * per node.  Owner: the first node, in Pacemaker's node name order, that
 * hosts an instance in the resource's state.  A migration can make a
 * history count on a second node too. */
void
clusapi__resource_state(const cl_model_t *m, obj_t *r, int *ret_state,
               const char **ret_owner)
{
    agg_t a = {.multi = r->multi, .st = ST_OFFLINE, .failed = r->guest_fenced};
    int agg;

    for (guint i = 0; i < r->recs->len; i++) {
        nrec_t *e = &g_array_index(r->recs, nrec_t, i);
        rec_t *rec = &e->rec;
        obj_t *node = e->node;

        agg_rec(&a, node, node->name, rec);
        if (rec->also_on != 0) {
            obj_t *other = clusapi__node_by_name(m, rec->also_on);
            rec_t there = *rec;

            there.running = true;
            agg_rec(&a, other, other != NULL ? other->name
                                             : g_quark_to_string(rec->also_on),
                    &there);
        }
    }
    if (r->guest_fenced && r->fenced_host != 0) {
        /* the container that guest fencing failed, on its host */
        obj_t *host = clusapi__node_by_name(m, r->fenced_host);
        rec_t failed;

        rec_clear(&failed);
        failed.failed = failed.running = true;
        agg_rec(&a, host, g_quark_to_string(r->fenced_host), &failed);
    }
    agg = a.multi ? a.st : status_of(a.failed, a.pending, a.active);
    switch (agg) {
        case ST_ONLINE: *ret_state = ClusterResourceOnline; break;
        case ST_ONLINE_PENDING:
            *ret_state = ClusterResourceOnlinePending;
            break;
        case ST_OFFLINE_PENDING:
            *ret_state = ClusterResourceOfflinePending;
            break;
        case ST_FAILED: *ret_state = ClusterResourceFailed; break;
        default: *ret_state = ClusterResourceOffline; break;
    }
    *ret_owner = owner_of(a.owner);
}

/* Group state from its members (docs/windows-api.md 2.5, ApiGetGroupState). */
void
clusapi__group_state(const cl_model_t *m, obj_t *g, int *ret_state,
            const char **ret_owner)
{
    guint online = 0, failed = 0, pending = 0;
    const char *owner = clusapi__no_owner; /* a member's: interned already */

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
        if (owner == clusapi__no_owner && r->owner != clusapi__no_owner) {
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

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model.c - the model's life cycle and the translation driver (see model.h).
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

static scratch_t *
scratch_new(void)
{
    scratch_t *sc = g_new0(scratch_t, 1);

    sc->nodes_added = g_ptr_array_new();
    sc->nodes_deleted = g_ptr_array_new_with_free_func(g_free);
    objset_init(&sc->dirty_rscs);
    objset_init(&sc->dirty_groups);
    objset_init(&sc->rscs);
    sc->rsc_deleted = g_ptr_array_new_with_free_func(clusapi__obj_destroy);
    sc->grp_deleted = g_ptr_array_new_with_free_func(clusapi__obj_destroy);
    sc->new_objs = g_ptr_array_new();
    sc->props = g_ptr_array_new();
    objset_init(&sc->propped);
    objset_init(&sc->cons_changed);
    objset_init(&sc->reread);
    objset_init(&sc->dirty_nodes);
    sc->old_rs = g_ptr_array_new();
    return sc;
}

static void
scratch_free(scratch_t *sc) /* frees the deleted objects */
{
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
    g_ptr_array_unref(sc->old_rs);
    g_free(sc);
}

/* ---- the model ---- */

cl_model_t *
clusapi__model_new(void)
{
    cl_model_t *m = g_new0(cl_model_t, 1);

    for (int k = 0; k <= CL_KIND_NETINTERFACE; k++) {
        m->objs[k] = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                           clusapi__obj_destroy);
    }
    m->orphans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       clusapi__orphan_free);
    m->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       g_free); /* clusapi__lrm_ent_new */
    m->remotes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       clusapi__remote_free);
    m->oconns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      g_free);
    m->oremotes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        clusapi__remote_free);
    m->gfenced = g_hash_table_new(g_direct_hash, g_direct_equal);
    m->spec_changes = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                            NULL, g_free);
    m->cluster_name = g_strdup("cluster");
    m->opts.pcmk = CL_PE_PCMK_BASE;
    m->cluster_version = g_strdup("");
    m->restypes = g_ptr_array_new_with_free_func(g_free);
    m->lrm_idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);
    m->cs_left = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    m->cs_join = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    m->tfenced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
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
        g_hash_table_unref(m->oconns);
        g_hash_table_unref(m->oremotes);
        g_hash_table_unref(m->gfenced);
        g_hash_table_unref(m->spec_changes);
        g_free(m->cluster_name);
        g_free(m->cluster_version);
        g_ptr_array_unref(m->restypes);
        g_hash_table_unref(m->lrm_idx);
        if (m->cs_nodes != NULL) {
            g_hash_table_unref(m->cs_nodes);
        }
        g_hash_table_unref(m->cs_left);
        g_hash_table_unref(m->cs_join);
        if (m->trules != NULL) {
            g_ptr_array_unref(m->trules);
        }
        g_hash_table_unref(m->tfenced);
        g_free(m);
    }
    return NULL;
}

/* Step 0: the lrm index is stale where elements were created or freed. */
static void
refresh_lrm_index(cl_model_t *m, xmlNode *cib, touch_t *t)
{
    if (t->all || t->idx_drop_all || cib->doc != m->lrm_idx_doc) {
        clusapi__lrm_idx_drop(m, NULL);
        m->lrm_idx_doc = cib->doc;
        return;
    }
    for (guint i = 0; i < strset_size(&t->idx_drop); i++) {
        clusapi__lrm_idx_drop(m, strset_at(&t->idx_drop, i));
    }
    for (guint i = 0; i + 1 < t->idx_fix->len; i += 2) {
        clusapi__lrm_idx_fix(m, cib, g_ptr_array_index(t->idx_fix, i),
                             g_ptr_array_index(t->idx_fix, i + 1));
    }
}

/* The cluster options the states depend on: when they change, every node
 * and history reads differently (the other crm_config options, dc-version
 * or last-lrm-refresh, change none of them). */
static void
update_options(cl_model_t *m, xmlNode *cib, touch_t *t)
{
    cl_pe_opts_t o = m->opts;

    if (!(t->all || t->cluster_cfg || t->res_cfg || t->cib_attrs)) {
        return;
    }
    /* every diff modifies <cib> (its versions): then only have-quorum is
     * read; the resources section only when it changed */
    if (t->all || t->cluster_cfg) {
        clusapi__pe_opts_read(&o, cib, t->all || t->res_cfg);
    } else if (t->res_cfg) {
        clusapi__pe_opts_rescan(&o, cib); /* the options are as read */
    } else {
        clusapi__pe_opts_read_cib(&o, cib);
    }
    if (!t->all && !clusapi__same_opts(&o, &m->opts)) {
        t->nodes_all = true;
        t->res_cfg = true;
        t->res_full = true;
    }
    m->opts = o;
}

/* Step 1: the cluster's properties (no event on the first load). */
static void
update_cluster(cl_model_t *m, xmlNode *cib, touch_t *t, GPtrArray *events)
{
    guint64 fp;

    if (!(t->all || t->cluster_cfg)) {
        return;
    }
    fp = clusapi__cluster_fp(cib);
    g_free(m->cluster_name);
    m->cluster_name = clusapi__cluster_option(&m->opts, cib, "cluster-name",
                                              "cluster");
    g_free(m->cluster_version);
    m->cluster_version = clusapi__cluster_option(&m->opts, cib, "dc-version",
                                                 "");
    if (fp != m->cluster_fp && m->cluster_fp != 0 && events != NULL) {
        g_ptr_array_add(events,
                        clusapi__event_new(CLUSTER_CHANGE_CLUSTER_PROPERTY,
                                           CL_KIND_CLUSTER, "",
                                           m->cluster_name));
    }
    m->cluster_fp = fp;
}

/* Step 2: nodes; NODE_ADDED first, then their PROPERTY and STATE events. */
static void
node_step(cl_model_t *m, xmlNode *cib, touch_t *t, GPtrArray *events)
{
    scratch_t *sc = m->scratch;
    g_autoptr(GPtrArray) ev_nodes = NULL; /* queued after NODE_ADDED */

    if (!(t->all || t->nodes_all || strset_size(&t->node_ids) > 0)) {
        return;
    }
    if (events != NULL) {
        ev_nodes = g_ptr_array_new();
    }
    clusapi__update_nodes(m, cib,
                          (t->all || t->nodes_all) ? NULL : &t->node_ids,
                          ev_nodes, sc->nodes_added, sc->nodes_deleted,
                          &sc->reread);
    for (guint i = 0; i < sc->nodes_added->len && events != NULL; i++) {
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                       g_ptr_array_index(sc->nodes_added, i));

        clusapi__model_emit(events, CLUSTER_CHANGE_NODE_ADDED, CL_KIND_NODE, o);
    }
    for (guint i = 0; ev_nodes != NULL && i < ev_nodes->len; i++) {
        g_ptr_array_add(events, g_ptr_array_index(ev_nodes, i));
    }
}

/* Step 3b: constraints; PROPERTY of the groups, then of the resources,
 * they name (not twice for one object). */
static void
constraint_step(cl_model_t *m, xmlNode *cib, touch_t *t, GPtrArray *events)
{
    scratch_t *sc = m->scratch;
    const objset_t *objs;

    if (!(t->all || t->res_cfg || t->constraints)) {
        return;
    }
    /* the constraints unchanged: only new objects have no facts yet (a
     * resources change renames nothing in them) */
    clusapi__update_constraints(m, cib, &sc->cons_changed,
                                t->all || t->constraints ? NULL
                                                         : sc->new_objs);
    objs = clusapi__sorted_objs(&sc->cons_changed);
    for (int pass = 0; pass < 2; pass++) {
        cl_kind_t kind = pass == 0 ? CL_KIND_GROUP : CL_KIND_RESOURCE;

        for (guint i = 0; i < objset_len(objs); i++) {
            obj_t *o = objset_at(objs, i);

            if (o->kind == kind && !objset_has(&sc->propped, o)) {
                clusapi__model_emit(events != NULL ? sc->props : NULL,
                                    kind == CL_KIND_GROUP
                                        ? CLUSTER_CHANGE_GROUP_PROPERTY
                                        : CLUSTER_CHANGE_RESOURCE_PROPERTY,
                                    kind, o);
            }
        }
    }
}

/* Step 4, everything: every record from scratch. */
static void
read_all_histories(cl_model_t *m, xmlNode *cib)
{
    scratch_t *sc = m->scratch;
    xmlNode *status = first_elem(cib, CL_XE_STATUS);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer v;

    g_hash_table_remove_all(m->orphans);
    g_hash_table_remove_all(m->oconns);
    g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        g_array_set_size(((obj_t *) v)->recs, 0);
        objset_add(&sc->dirty_rscs, v);
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *node = v;

        if (node->fences != 0 || node->standbys != 0) {
            node->fences = node->standbys = 0;
            objset_add(&sc->dirty_nodes, node);
        }
    }
    for (xmlNode *ns = first_elem(status, NULL); ns != NULL; ns = ns->next) {
        obj_t *node = clusapi__node_state_obj(m, ns, seen);

        if (node != NULL) {
            clusapi__read_node_lrm(m, ns, node, &sc->dirty_rscs,
                                   &sc->dirty_nodes);
        }
    }
    g_hash_table_unref(seen);
}

/* Step 4, one node's lrm_resource elements a patchset changed (ids in
 * lids): those of configured resources are read again, orphans' too. */
static void
read_pairs(cl_model_t *m, xmlNode *cib, const char *id, GPtrArray *lids)
{
    scratch_t *sc = m->scratch;
    obj_t *node = clusapi__node_obj(m, id);
    xmlNode *ns = clusapi__find_node_state(cib, id);

    if (node == NULL) {
        return;
    }
    objset_clear(&sc->rscs);
    for (guint i = 0; i < lids->len; i++) {
        const char *lid = g_ptr_array_index(lids, i);
        lrm_ent_t *e = clusapi__ent_on(m, lid, node);

        if (e != NULL) {
            objset_add(&sc->rscs, e->r);
        } else {
            clusapi__orphan_read(m, node, lid,
                                 child_with_id(clusapi__lrm_resources_of(ns),
                                               CL_XE_LRM_RESOURCE, lid));
        }
    }
    clusapi__read_node_rscs(m, ns, node, &sc->rscs, &sc->dirty_rscs,
                            &sc->dirty_nodes);
}

/* Step 4: the per-node records the patchset changed. */
static void
history_step(cl_model_t *m, xmlNode *cib, touch_t *t)
{
    scratch_t *sc = m->scratch;

    if (t->all || t->nodes_all) {
        read_all_histories(m, cib);
        return;
    }
    /* nodes gone: their records go */
    for (guint i = 0; i < sc->nodes_deleted->len; i++) {
        obj_t *node = clusapi__node_obj(m,
                                        g_ptr_array_index(sc->nodes_deleted,
                                                          i));
        if (node != NULL) {
            clusapi__read_node_lrm(m, NULL, node, &sc->dirty_rscs,
                                   &sc->dirty_nodes);
        }
    }
    /* whole lrm of some nodes, and of nodes whose state changed */
    for (guint i = 0; i < objset_len(&sc->reread); i++) {
        strset_add(&t->lrm_nodes, objset_at(&sc->reread, i)->id);
    }
    for (guint i = 0; i < strset_size(&t->lrm_nodes); i++) {
        const char *id = strset_at(&t->lrm_nodes, i);
        obj_t *node = clusapi__node_obj(m, id);

        if (node != NULL) {
            clusapi__read_node_lrm(m, clusapi__find_node_state(cib, id), node,
                                   &sc->dirty_rscs, &sc->dirty_nodes);
        }
    }
    /* some resources on some nodes */
    for (guint j = 0; j < strset_size(&t->pair_nodes); j++) {
        const char *id = strset_at(&t->pair_nodes, j);

        if (!strset_has(&t->lrm_nodes, id)) {
            read_pairs(m, cib, id, g_ptr_array_index(t->pairs, j));
        }
    }
}

/* Step 4a: a resource with migrations in its history: what one node's
 * history says depends on the others' (§6.8), so it is read everywhere. */
static void
reread_migratory(cl_model_t *m, xmlNode *cib)
{
    scratch_t *sc = m->scratch;
    g_autoptr(GPtrArray) migr = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;

    for (guint i = 0; i < objset_len(&sc->dirty_rscs); i++) {
        obj_t *r = objset_at(&sc->dirty_rscs, i);

        if (r->migratory) {
            g_ptr_array_add(migr, r);
        }
    }
    for (guint i = 0; i < migr->len; i++) {
        objset_clear(&sc->rscs);
        objset_add(&sc->rscs, g_ptr_array_index(migr, i));
        g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            obj_t *node = v;

            clusapi__read_node_rscs(m, clusapi__find_node_state(cib, node->id),
                                    node, &sc->rscs, &sc->dirty_rscs,
                                    &sc->dirty_nodes);
        }
    }
    objset_clear(&sc->rscs);
}

/* Step 5: ADDED events, groups then their resources, in document order;
 * then the PROPERTY events the steps before queued. */
static void
added_events(cl_model_t *m, GPtrArray *events)
{
    scratch_t *sc = m->scratch;

    for (guint i = 0; i < sc->new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(sc->new_objs, i);

        if (o->kind == CL_KIND_RESOURCE) {
            clusapi__resource_state(m, o, &o->state, &o->owner);
            objset_del(&sc->dirty_rscs, o);
        }
    }
    for (guint i = 0; i < sc->new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(sc->new_objs, i);

        if (o->kind == CL_KIND_GROUP) {
            clusapi__group_state(m, o, &o->state, &o->owner);
            objset_del(&sc->dirty_groups, o);
            clusapi__model_emit(events, CLUSTER_CHANGE_GROUP_ADDED,
                                CL_KIND_GROUP, o);
        } else {
            clusapi__model_emit(events, CLUSTER_CHANGE_RESOURCE_ADDED,
                                CL_KIND_RESOURCE, o);
        }
    }
    for (guint i = 0; i < sc->props->len && events != NULL; i++) {
        g_ptr_array_add(events, g_ptr_array_index(sc->props, i));
    }
}

/* Step 6: STATE events of resources, then of the groups they belong to,
 * then of nodes whose state the histories on them changed (fenced,
 * on-fail=standby); a node added by this call gets no STATE event. */
static void
state_events(cl_model_t *m, GPtrArray *events)
{
    scratch_t *sc = m->scratch;
    const objset_t *rscs = clusapi__sorted_objs(&sc->dirty_rscs);
    const objset_t *groups, *nodes;

    for (guint i = 0; i < objset_len(rscs); i++) {
        obj_t *r = objset_at(rscs, i);
        int state;
        const char *owner = NULL;

        clusapi__resource_state(m, r, &state, &owner);
        if (state == r->state && owner == r->owner) { /* owners interned */
            continue;
        }
        if (state != r->state) {
            r->state = state;
            clusapi__model_emit(events, CLUSTER_CHANGE_RESOURCE_STATE,
                                CL_KIND_RESOURCE, r);
        }
        r->owner = owner;
        if (r->grp != NULL) {
            objset_add(&sc->dirty_groups, r->grp);
        }
    }
    groups = clusapi__sorted_objs(&sc->dirty_groups);
    for (guint i = 0; i < objset_len(groups); i++) {
        obj_t *g = objset_at(groups, i);
        int state;

        clusapi__group_state(m, g, &state, &g->owner);
        if (state != g->state) {
            g->state = state;
            clusapi__model_emit(events, CLUSTER_CHANGE_GROUP_STATE,
                                CL_KIND_GROUP, g);
        }
    }
    nodes = clusapi__sorted_objs(&sc->dirty_nodes);
    for (guint i = 0; i < objset_len(nodes); i++) {
        obj_t *n = objset_at(nodes, i);
        int state = clusapi__node_cstate(m, n, true);

        if (state != n->state) {
            n->state = state;
            if (!g_ptr_array_find(sc->nodes_added, n->id, NULL)) {
                clusapi__model_emit(events, CLUSTER_CHANGE_NODE_STATE,
                                    CL_KIND_NODE, n);
            }
        }
    }
}

/* Step 7: DELETED events of resources, groups and nodes, each by id. */
static void
deleted_events(cl_model_t *m, GPtrArray *events)
{
    scratch_t *sc = m->scratch;

    g_ptr_array_sort(sc->rsc_deleted, clusapi__cmp_obj_id);
    g_ptr_array_sort(sc->grp_deleted, clusapi__cmp_obj_id);
    g_ptr_array_sort(sc->nodes_deleted, clusapi__cmp_str);
    for (guint i = 0; i < sc->rsc_deleted->len; i++) {
        clusapi__model_emit(events, CLUSTER_CHANGE_RESOURCE_DELETED,
                            CL_KIND_RESOURCE,
                            g_ptr_array_index(sc->rsc_deleted, i));
    }
    for (guint i = 0; i < sc->grp_deleted->len; i++) {
        clusapi__model_emit(events, CLUSTER_CHANGE_GROUP_DELETED,
                            CL_KIND_GROUP,
                            g_ptr_array_index(sc->grp_deleted, i));
    }
    for (guint i = 0; i < sc->nodes_deleted->len; i++) {
        const char *id = g_ptr_array_index(sc->nodes_deleted, i);
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);

        if (o != NULL) {
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_DELETED,
                                CL_KIND_NODE, o);
            g_hash_table_remove(m->objs[CL_KIND_NODE], id);
        }
    }
}

/* The core of load and update: one step per kind of object, in the order
 * the events go out (docs/design.md). */
static void
translate(cl_model_t *m, xmlNode *cib, touch_t *t, GPtrArray *events)
{
    scratch_t *sc = scratch_new();

    m->scratch = sc;
    if (t->all) {
        m->next_change = 0;
    }
    m->opts.now = m->clock != 0 ? m->clock : g_get_real_time() / G_USEC_PER_SEC;
    m->opts.next_change = &m->next_change;
    /* the CIB's elements and the time are this translation's */
    g_hash_table_remove_all(m->spec_changes);
    m->opts.spec_changes = m->spec_changes;

    refresh_lrm_index(m, cib, t);
    update_options(m, cib, t);
    update_cluster(m, cib, t, events);
    node_step(m, cib, t, events);
    if (t->all || t->res_cfg) {
        clusapi__update_resources(m, cib, t, events);
    }
    constraint_step(m, cib, t, events);
    if (t->all || t->nodes_all || strset_size(&t->lrm_nodes) > 0
        || strset_size(&t->pair_nodes) > 0 || objset_len(&sc->reread) > 0
        || sc->nodes_deleted->len > 0) {
        history_step(m, cib, t);
    }
    reread_migratory(m, cib);
    clusapi__update_tickets(m, cib, t, &sc->dirty_nodes);
    if (sc->rsc_deleted->len > 0 || sc->lrm_gone) {
        /* their histories become orphans */
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            clusapi__orphans_read_node(
                m, clusapi__find_node_state(cib, ((obj_t *) v)->id), v);
        }
    }
    /* Pacemaker Remote nodes: their state follows their connection's (and
     * container's) histories; an orphaned connection's too */
    if (g_hash_table_size(m->remotes) > 0
        || g_hash_table_size(m->objs[CL_KIND_NODE]) > 0) {
        clusapi__update_remotes(m, cib, events, sc->nodes_deleted,
                                &sc->dirty_rscs, &sc->dirty_nodes);
    }
    added_events(m, events);
    state_events(m, events);
    deleted_events(m, events);
    for (guint i = 0; i < sc->new_objs->len; i++) {
        ((obj_t *) g_ptr_array_index(sc->new_objs, i))->fresh = false;
    }
    m->scratch = NULL;
    scratch_free(sc);
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
clusapi__model_set_clock(cl_model_t *m, long long now)
{
    m->clock = now;
}

long long
clusapi__model_next_change(const cl_model_t *m)
{
    return m->next_change;
}

void
clusapi__model_load(cl_model_t *m, xmlNode *cib, GPtrArray *events)
{
    touch_t t;

    clusapi__touch_init(&t);
    t.all = true;
    translate(m, cib, &t, events);
    clusapi__touch_clear(&t);
}

int
clusapi__model_update(cl_model_t *m, xmlNode *cib, xmlNode *patchset,
                      GPtrArray *events)
{
    touch_t t;
    int rc;

    clusapi__touch_init(&t);
    rc = clusapi__touch_patchset(&t, patchset);

    if (rc == 0) {
        translate(m, cib, &t, events);
    }
    clusapi__touch_clear(&t);
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
    return clusapi__sorted_keys(m->objs[kind]);
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

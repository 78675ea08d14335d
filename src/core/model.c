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
    objset_init(&sc->dirty_rscs, OS_DIRTY_RSCS);
    objset_init(&sc->dirty_groups, OS_DIRTY_GROUPS);
    objset_init(&sc->rscs, OS_RSCS);
    sc->rsc_deleted = g_ptr_array_new_with_free_func(clusapi__obj_destroy);
    sc->grp_deleted = g_ptr_array_new_with_free_func(clusapi__obj_destroy);
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
                           (GDestroyNotify) clusapi__rec_free_failures);
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
    clusapi__empty_array(sc->nodes_added);
    clusapi__empty_array(sc->nodes_deleted);
    clusapi__empty_array(sc->rsc_deleted);
    clusapi__empty_array(sc->grp_deleted);
    clusapi__empty_array(sc->new_objs);
    clusapi__empty_array(sc->props);
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
                                           clusapi__obj_destroy);
    }
    m->orphans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       clusapi__orphan_free);
    m->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       g_free); /* clusapi__lrm_ent_new */
    m->remotes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       clusapi__remote_free);
    m->gfenced = g_hash_table_new(g_direct_hash, g_direct_equal);
    m->cluster_name = g_strdup("cluster");
    m->lrm_idx_min = LRM_IDX_MIN;
    m->opts.pcmk = CL_PE_PCMK_BASE;
    m->cluster_version = g_strdup("");
    m->restypes = g_ptr_array_new_with_free_func(g_free);
    m->touch = g_new0(touch_t, 1);
    clusapi__touch_init(m->touch);
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
        clusapi__touch_clear(m->touch);
        g_free(m->touch);
        scratch_free(m->scratch);
        clusapi__rcfg_free(m->rcfg);
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
        clusapi__lrm_idx_drop(m, NULL);
        m->lrm_idx_doc = cib->doc;
    } else {
        for (guint i = 0; i < strset_size(&t->idx_drop); i++) {
            clusapi__lrm_idx_drop(m, strset_at(&t->idx_drop, i));
        }
    }
    for (guint i = 0; !t->all && !t->idx_drop_all && i + 1 < t->idx_fix->len;
         i += 2) {
        clusapi__lrm_idx_fix(m, cib, g_ptr_array_index(t->idx_fix, i),
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
        if (!t->all && !clusapi__same_opts(&o, &m->opts)) {
            t->nodes_all = true;
            t->res_cfg = true;
            t->res_full = true;
        }
        m->opts = o;
    }

    /* 1. cluster properties (none on the first load: fp still 0) */
    if (t->all || t->cluster_cfg) {
        guint64 fp = clusapi__cluster_fp(cib);

        g_free(m->cluster_name);
        m->cluster_name = clusapi__cluster_option(cib, "cluster-name", "cluster");
        g_free(m->cluster_version);
        m->cluster_version = clusapi__cluster_option(cib, "dc-version", "");
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
        clusapi__update_nodes(m, cib, (t->all || t->nodes_all) ? NULL : &t->node_ids,
                     ev_nodes, nodes_added, nodes_deleted, &sc->reread,
                     sc->ids);
        for (guint i = 0; i < nodes_added->len && events != NULL; i++) {
            obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                           g_ptr_array_index(nodes_added, i));
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_ADDED, CL_KIND_NODE, o);
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
            m->rcfg = clusapi__rcfg_new();
        }
        rc = m->rcfg;
        clusapi__rcfg_build(rc, cib, t->all ? NULL : &t->res_ids, m,
                   partial ? &t->res_tops : NULL, agents,
                   partial ? &t->res_own : NULL);
        if (partial && !clusapi__partial_fits(m, rc, &t->res_tops)) {
            clusapi__rcfg_reset(rc);
            partial = false;
            clusapi__rcfg_build(rc, cib, &t->res_ids, m, NULL, agents, NULL);
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
                        clusapi__model_emit(events != NULL ? props : NULL,
                             CLUSTER_CHANGE_GROUP_PROPERTY, CL_KIND_GROUP, og);
                        objset_add(&sc->propped, og);
                        og->fp = ng->fp;
                        g_ptr_array_unref(og->members);
                        og->members = g_ptr_array_ref(ng->members);
                        objset_add(dirty_groups, og);
                    }
                    clusapi__obj_free(ng);
                }
            }
            if (nr != NULL) {
                obj_t *or = nr->prev;
                g_hash_table_steal(rc->rscs, nr->id);
                if (or == NULL) {
                    nr->state = ClusterResourceOffline;
                    nr->fresh = true;
                    nr->recs = clusapi__nrecs_new();
                    g_hash_table_replace(m->objs[CL_KIND_RESOURCE], nr->id,
                                         nr);
                    g_ptr_array_add(new_objs, nr);
                } else {
                    if (or->fp != nr->fp) {
                        clusapi__model_emit(events != NULL ? props : NULL,
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
                    if (!clusapi__same_names(or->prims, nr->prims)) {
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
                    clusapi__obj_free(nr);
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
                    clusapi__add_agent(&ag, c);
                } else {
                    clusapi__collect_agents(&ag, c);
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
            g_ptr_array_sort(m->restypes, clusapi__cmp_str);
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
                || !clusapi__same_rsc_ctx(&old->pe, &e->pe)) {
                objset_add(&sc->rscs, e->r);
            }
        }
        if (partial) {
            /* the entries of the elements walked are replaced (none of
             * their keys is another element's: clusapi__partial_fits) */
            for (guint i = 0; i < old_rs->len; i++) {
                obj_t *r = g_ptr_array_index(old_rs, i);

                for (guint j = 0; !r->kept && r->ents != NULL
                                  && j < r->ents->len; j++) {
                    g_hash_table_remove(m->lrm_map,
                                        ((lrm_ent_t *) g_ptr_array_index(
                                             r->ents, j))->id);
                }
            }
            clusapi__fix_pointers(m, &t->res_tops);
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
            clusapi__fix_pointers(m, NULL);
        }
        {
            GHashTable *old_remotes = m->remotes;

            m->remotes = rc->remotes;
            rc->remotes = old_remotes;
        }
        clusapi__rcfg_reset(rc);
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
                                  ? clusapi__node_obj(m, attr(ns, CL_XA_ID))
                                  : NULL;
                if (node != NULL) {
                    clusapi__read_node_rscs(m, ns, node, &sc->rscs, dirty_rscs,
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
        clusapi__update_constraints(m, cib, &sc->cons_changed, sc->cons_fps,
                           sc->cons_prefs,
                           t->all || t->constraints ? NULL : new_objs);
        objs = clusapi__sorted_objs(&sc->cons_changed);
        for (int pass = 0; pass < 2; pass++) {
            cl_kind_t kind = pass == 0 ? CL_KIND_GROUP : CL_KIND_RESOURCE;

            for (guint i = 0; i < objset_len(objs); i++) {
                obj_t *o = objset_at(objs, i);

                if (o->kind == kind && !objset_has(&sc->propped, o)) {
                    clusapi__model_emit(events != NULL ? props : NULL,
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
                                  ? clusapi__node_obj(m, attr(ns, CL_XA_ID))
                                  : NULL;
                if (node != NULL) {
                    clusapi__read_node_lrm(m, ns, node, dirty_rscs, &sc->dirty_nodes);
                }
            }
        } else {
            /* nodes gone: their records go */
            for (guint i = 0; i < nodes_deleted->len; i++) {
                obj_t *node = clusapi__node_obj(m, g_ptr_array_index(nodes_deleted,
                                                            i));
                if (node != NULL) {
                    clusapi__read_node_lrm(m, NULL, node, dirty_rscs,
                                  &sc->dirty_nodes);
                }
            }
            /* whole lrm of some nodes, and of nodes whose state changed */
            for (guint i = 0; i < objset_len(&sc->reread); i++) {
                clusapi__touch_add(t, &t->lrm_nodes, objset_at(&sc->reread, i)->id);
            }
            for (guint i = 0; i < strset_size(&t->lrm_nodes); i++) {
                const char *id = strset_at(&t->lrm_nodes, i);
                obj_t *node = clusapi__node_obj(m, id);
                if (node != NULL) {
                    clusapi__read_node_lrm(m, clusapi__find_node_state(cib, id), node,
                                  dirty_rscs, &sc->dirty_nodes);
                }
            }
            /* some resources on some nodes */
            for (guint j = 0; j < strset_size(&t->pair_nodes); j++) {
                const char *id = strset_at(&t->pair_nodes, j);
                GPtrArray *lids = g_ptr_array_index(t->pairs, j);
                obj_t *node = clusapi__node_obj(m, id);

                if (node == NULL || strset_has(&t->lrm_nodes, id)) {
                    continue;
                }
                objset_clear(&sc->rscs);
                for (guint i = 0; i < lids->len; i++) {
                    const char *lid = g_ptr_array_index(lids, i);
                    lrm_ent_t *e = clusapi__ent_of_lrm(m, lid);
                    if (e != NULL) {
                        objset_add(&sc->rscs, e->r);
                    } else {
                        xmlNode *ns = clusapi__find_node_state(cib, id);

                        clusapi__orphan_read(m, node, lid,
                                    child_with_id(clusapi__lrm_resources_of(ns),
                                                  CL_XE_LRM_RESOURCE, lid));
                    }
                }
                clusapi__read_node_rscs(m, clusapi__find_node_state(cib, id), node, &sc->rscs,
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
                clusapi__read_node_rscs(m, clusapi__find_node_state(cib, node->id), node,
                               &sc->rscs, dirty_rscs, &sc->dirty_nodes);
            }
        }
        objset_clear(&sc->rscs);
    }

    /* 4b. Pacemaker Remote nodes: their state follows their connection's
     * (and container's) histories */
    if (g_hash_table_size(m->remotes) > 0
        || g_hash_table_size(m->objs[CL_KIND_NODE]) > 0) {
        clusapi__update_remotes(m, cib, events, nodes_deleted, dirty_rscs,
                       &sc->dirty_nodes);
    }

    /* 5. ADDED events: groups then their resources, document order */
    for (guint i = 0; i < new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(new_objs, i);
        if (o->kind == CL_KIND_RESOURCE) {
            clusapi__resource_state(m, o, &o->state, &o->owner);
            objset_del(dirty_rscs, o);
        }
    }
    for (guint i = 0; i < new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(new_objs, i);
        if (o->kind == CL_KIND_GROUP) {
            clusapi__group_state(m, o, &o->state, &o->owner);
            objset_del(dirty_groups, o);
            clusapi__model_emit(events, CLUSTER_CHANGE_GROUP_ADDED, CL_KIND_GROUP, o);
        } else {
            clusapi__model_emit(events, CLUSTER_CHANGE_RESOURCE_ADDED, CL_KIND_RESOURCE, o);
        }
    }

    for (guint i = 0; i < props->len && events != NULL; i++) {
        g_ptr_array_add(events, g_ptr_array_index(props, i));
    }

    /* 6. STATE events: resources, then the groups they belong to */
    {
        const objset_t *ids = clusapi__sorted_objs(dirty_rscs);

        for (guint i = 0; i < objset_len(ids); i++) {
            obj_t *r = objset_at(ids, i);
            int state;
            const char *owner = NULL;

            clusapi__resource_state(m, r, &state, &owner);
            if (state != r->state || owner != r->owner) { /* interned */
                bool changed = state != r->state;
                r->state = state;
                r->owner = owner;
                if (changed) {
                    clusapi__model_emit(events, CLUSTER_CHANGE_RESOURCE_STATE,
                         CL_KIND_RESOURCE, r);
                }
                if (r->grp != NULL) {
                    objset_add(dirty_groups, r->grp);
                }
            }
        }
    }
    {
        const objset_t *ids = clusapi__sorted_objs(dirty_groups);

        for (guint i = 0; i < objset_len(ids); i++) {
            obj_t *g = objset_at(ids, i);
            int state;

            clusapi__group_state(m, g, &state, &g->owner);
            if (state != g->state) {
                g->state = state;
                clusapi__model_emit(events, CLUSTER_CHANGE_GROUP_STATE, CL_KIND_GROUP, g);
            }
        }
    }

    /* 6b. nodes whose state the histories on them changed (fenced,
     * on-fail=standby); a node added by this call gets no STATE event */
    {
        const objset_t *ids = clusapi__sorted_objs(&sc->dirty_nodes);

        for (guint i = 0; i < objset_len(ids); i++) {
            obj_t *n = objset_at(ids, i);
            int state = clusapi__node_cstate(m, n, true);

            if (state != n->state) {
                n->state = state;
                if (!g_ptr_array_find(nodes_added, n->id, NULL)) {
                    clusapi__model_emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, n);
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
            clusapi__orphans_read_node(m, clusapi__find_node_state(cib, ((obj_t *) v)->id), v);
        }
    }

    /* 7. DELETED events: resources, groups, nodes, each by id */
    g_ptr_array_sort(rsc_deleted, clusapi__cmp_obj_id);
    g_ptr_array_sort(grp_deleted, clusapi__cmp_obj_id);
    g_ptr_array_sort(nodes_deleted, clusapi__cmp_str);
    for (guint i = 0; i < rsc_deleted->len; i++) {
        clusapi__model_emit(events, CLUSTER_CHANGE_RESOURCE_DELETED, CL_KIND_RESOURCE,
             g_ptr_array_index(rsc_deleted, i));
    }
    for (guint i = 0; i < grp_deleted->len; i++) {
        clusapi__model_emit(events, CLUSTER_CHANGE_GROUP_DELETED, CL_KIND_GROUP,
             g_ptr_array_index(grp_deleted, i));
    }
    for (guint i = 0; i < nodes_deleted->len; i++) {
        const char *id = g_ptr_array_index(nodes_deleted, i);
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);
        if (o != NULL) {
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_DELETED, CL_KIND_NODE, o);
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
    clusapi__touch_reset(m->touch);
}

int
clusapi__model_update(cl_model_t *m, xmlNode *cib, xmlNode *patchset,
                      GPtrArray *events)
{
    int rc = clusapi__touch_patchset(m->touch, patchset); /* reset after use */

    if (rc == 0) {
        translate(m, cib, m->touch, events);
    }
    clusapi__touch_reset(m->touch);
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

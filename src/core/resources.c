/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * resources.c - the resources and groups step of a translation: the
 * configuration walk merged into the model, and the constraints.
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
    *cur = clusapi__fp_add(*cur, (const char *) &h, sizeof(h));
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
 * the tables clusapi__update_constraints made. */
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
void
clusapi__update_constraints(cl_model_t *m, xmlNode *cib, objset_t *changed,
                            GPtrArray *only)
{
    xmlNode *cons = clusapi__cib_section(cib, CL_XE_CONFIGURATION,
                                         CL_XE_CONSTRAINTS);
    static const cl_kind_t kinds[] = { CL_KIND_RESOURCE, CL_KIND_GROUP };
    g_autoptr(GHashTable) fps = NULL;   /* id -> guint64 * */
    g_autoptr(GHashTable) prefs = NULL; /* rsc id -> GArray of pref_t */
    guint pos = 0;

    if (only != NULL && only->len == 0) {
        return;
    }
    fps = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    prefs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                  (GDestroyNotify) g_array_unref);
    for (xmlNode *c = first_elem(cons, NULL); c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        constraint_names(fps, c, clusapi__fp_tree(FP_INIT, c));
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
}

bool
clusapi__same_opts(const cl_pe_opts_t *a, const cl_pe_opts_t *b)
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
           && a->dflt_failure_timeout == b->dflt_failure_timeout
           && a->node_pending_ms == b->node_pending_ms
           && !a->dflt_by_rsc && !b->dflt_by_rsc
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

/* Whether an element outside tops that a walk makes a resource of (a
 * top-level element, a group's primitive) has the id of a resource the
 * walk of tops drops: only in an invalid CIB, with a duplicate id. */
static bool
dropped_elsewhere(const cl_model_t *m, const rcfg_t *rc, xmlNode *cib,
                  const strset_t *tops)
{
    g_autoptr(GHashTable) dropped = g_hash_table_new(g_str_hash, g_str_equal);
    xmlNode *res =
        clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_RESOURCES);

    for (guint j = 0; j < strset_size(tops); j++) {
        obj_t *og = g_hash_table_lookup(m->objs[CL_KIND_GROUP],
                                        strset_at(tops, j));

        for (guint i = 0; og != NULL && i < og->members->len; i++) {
            const char *id = g_ptr_array_index(og->members, i);

            if (!g_hash_table_contains(rc->rscs, id)) {
                g_hash_table_add(dropped, (gpointer) id);
            }
        }
    }
    if (g_hash_table_size(dropped) == 0) {
        return false;
    }
    for (xmlNode *top = res != NULL ? res->children : NULL; top != NULL;
         top = top->next) {
        const char *id = attr(top, CL_XA_ID);

        if (id == NULL || strset_has(tops, id)) {
            continue;
        }
        if (g_hash_table_contains(dropped, id)) {
            return true;
        }
        for (xmlNode *c = is_elem(top, CL_XE_GROUP) ? top->children : NULL;
             c != NULL; c = c->next) {
            if (attr(c, CL_XA_ID) != NULL
                && g_hash_table_contains(dropped, attr(c, CL_XA_ID))) {
                return true;
            }
        }
    }
    return false;
}

/* Whether a walk of the top-level elements in tops alone can stand for a
 * whole walk: it found no Pacemaker Remote node, none of its resources or
 * lrm ids belongs to an element outside tops, and no resource it drops
 * has an element outside tops (ids are unique in a valid CIB; a duplicate
 * is left to the whole walk's first-one-wins). */
static bool
partial_fits(const cl_model_t *m, const rcfg_t *rc, xmlNode *cib,
             const strset_t *tops)
{
    GHashTableIter fi;
    gpointer k, v;

    if (g_hash_table_size(rc->remotes) > 0
        || dropped_elsewhere(m, rc, cib, tops)) {
        return false;
    }
    g_hash_table_iter_init(&fi, rc->rscs);
    while (g_hash_table_iter_next(&fi, &k, &v)) {
        const obj_t *old = ((const obj_t *) v)->prev;

        if (old != NULL && !strset_has(tops, old->group)) {
            return false;
        }
    }
    g_hash_table_iter_init(&fi, rc->lrm_map);
    while (g_hash_table_iter_next(&fi, &k, &v)) {
        const lrm_ent_t *old = g_hash_table_lookup(m->lrm_map, k);

        if (old != NULL && old->r != NULL
            && (old->r->kept || !strset_has(tops, old->r->group))) {
            return false; /* a kept resource's entries stay its own */
        }
    }
    return true;
}

/* ---- the resources step of a translation ---- */

/* Resources and groups gone from the configuration: out of the model,
 * into the scratch's deleted lists (a partial walk looks only at the
 * top-level elements it walked; their resources are kept in old_rs). */
static void
drop_deleted(cl_model_t *m, const rcfg_t *rc, touch_t *t, bool partial)
{
    scratch_t *sc = m->scratch;
    GHashTableIter it;
    gpointer k, v;

    for (guint j = 0; partial && j < strset_size(&t->res_tops); j++) {
        const char *top = strset_at(&t->res_tops, j);
        obj_t *og = g_hash_table_lookup(m->objs[CL_KIND_GROUP], top);

        for (guint i = 0; og != NULL && og->mobjs != NULL
                          && i < og->mobjs->len; i++) {
            obj_t *r = g_ptr_array_index(og->mobjs, i);

            g_ptr_array_add(sc->old_rs, r);
            if (!r->kept && !g_hash_table_contains(rc->rscs, r->id)) {
                g_hash_table_steal(m->objs[CL_KIND_RESOURCE], r->id);
                g_ptr_array_add(sc->rsc_deleted, r);
                g_hash_table_remove(m->gfenced, r);
            }
        }
        if (og != NULL && !g_hash_table_contains(rc->groups, top)) {
            g_hash_table_steal(m->objs[CL_KIND_GROUP], top);
            g_ptr_array_add(sc->grp_deleted, og);
        }
    }
    if (partial) {
        return;
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!g_hash_table_contains(rc->rscs, k)) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(sc->rsc_deleted, v);
            g_hash_table_remove(m->gfenced, v);
        }
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_GROUP]);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!g_hash_table_contains(rc->groups, k)) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(sc->grp_deleted, v);
        }
    }
}

/* A group the walk made (ng, the walk's to free) into the model: a new
 * one, or PROPERTY of the one there if its fingerprint (which covers its
 * member list) changed. */
static void
merge_group(cl_model_t *m, rcfg_t *rc, obj_t *ng, bool events)
{
    scratch_t *sc = m->scratch;
    obj_t *og = g_hash_table_lookup(m->objs[CL_KIND_GROUP], ng->id);

    g_hash_table_steal(rc->groups, ng->id);
    if (og == NULL) {
        ng->state = ClusterGroupOffline;
        ng->fresh = true;
        g_hash_table_replace(m->objs[CL_KIND_GROUP], ng->id, ng);
        g_ptr_array_add(sc->new_objs, ng);
        return;
    }
    if (og->fp != ng->fp) {
        clusapi__model_emit(events ? sc->props : NULL,
                            CLUSTER_CHANGE_GROUP_PROPERTY, CL_KIND_GROUP, og);
        objset_add(&sc->propped, og);
        og->fp = ng->fp;
        g_ptr_array_unref(og->members);
        og->members = g_ptr_array_ref(ng->members);
        objset_add(&sc->dirty_groups, og);
    }
    clusapi__obj_free(ng);
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

/* A resource the walk made (nr) into the model: a new one, or the one
 * there (nr->prev) updated: PROPERTY if its fingerprint changed, its
 * histories read again if what they depend on changed. */
static void
merge_resource(cl_model_t *m, rcfg_t *rc, obj_t *nr, bool events)
{
    scratch_t *sc = m->scratch;
    obj_t *or = nr->prev;

    g_hash_table_steal(rc->rscs, nr->id);
    if (or == NULL) {
        nr->state = ClusterResourceOffline;
        nr->fresh = true;
        nr->recs = clusapi__nrecs_new();
        g_hash_table_replace(m->objs[CL_KIND_RESOURCE], nr->id, nr);
        g_ptr_array_add(sc->new_objs, nr);
        return;
    }
    if (or->fp != nr->fp) {
        clusapi__model_emit(events ? sc->props : NULL,
                            CLUSTER_CHANGE_RESOURCE_PROPERTY, CL_KIND_RESOURCE,
                            or);
        objset_add(&sc->propped, or);
        or->fp = nr->fp;
    }
    if (or->ops_fp != nr->ops_fp) { /* what its histories say may differ */
        or->ops_fp = nr->ops_fp;
        objset_add(&sc->rscs, or);
    }
    if (!same_names(or->prims, nr->prims)) {
        /* other primitives: read its roles again */
        if (or->prims != NULL) {
            g_ptr_array_unref(or->prims);
        }
        or->prims = nr->prims != NULL ? g_ptr_array_ref(nr->prims) : NULL;
        objset_add(&sc->rscs, or);
    }
    if (!str_eq0(or->group, nr->group)) {
        dirty_group(m, &sc->dirty_groups, or->group);
        if (or->group != or->id) {
            g_free(or->group);
        }
        or->group = nr->group == nr->id ? or->id : g_strdup(nr->group);
    }
    clusapi__obj_free(nr);
}

/* The agents in use (m->restypes, sorted): the walk's when it collected
 * them; else, when elements were only created, theirs join those there. */
static void
update_agents(cl_model_t *m, rcfg_t *rc, const touch_t *t, bool walked)
{
    GHashTableIter it;
    gpointer k;

    if (!walked && t->agent_adds->len > 0) {
        for (guint i = 0; i < m->restypes->len; i++) {
            g_hash_table_add(rc->restypes,
                             g_strdup(g_ptr_array_index(m->restypes, i)));
        }
        for (guint i = 0; i < t->agent_adds->len; i++) {
            xmlNode *c = g_ptr_array_index(t->agent_adds, i);

            if (is_elem(c, CL_XE_PRIMITIVE) || is_elem(c, CL_XE_TEMPLATE)) {
                clusapi__add_agent(rc->restypes, c);
            } else {
                clusapi__collect_agents(rc->restypes, c);
            }
        }
        walked = g_hash_table_size(rc->restypes) != m->restypes->len;
    }
    if (!walked) {
        return;
    }
    g_ptr_array_set_size(m->restypes, 0);
    g_hash_table_iter_init(&it, rc->restypes);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_hash_table_iter_steal(&it);
        g_ptr_array_add(m->restypes, k);
    }
    g_ptr_array_sort(m->restypes, clusapi__cmp_str);
}

/* The walk's lrm ids into the model's map, each with its object.  A
 * resource whose configuration facts for its histories changed (pe.h's
 * cl_pe_rsc_t: is-managed, ...) has its histories read again; another
 * property (an instance attribute, target-role) changes nothing they say. */
static void
update_lrm_map(cl_model_t *m, rcfg_t *rc, const touch_t *t, bool partial)
{
    scratch_t *sc = m->scratch;
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, rc->lrm_map);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        lrm_ent_t *e = v;
        lrm_ent_t *old = g_hash_table_lookup(m->lrm_map, k);

        e->r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], e->rid);
        if (e->r == NULL) {
            g_hash_table_iter_remove(&it);
            continue;
        }
        if (old == NULL || old->r != e->r || old->unique != e->unique
            || !clusapi__same_rsc_ctx(&old->pe, &e->pe)) {
            objset_add(&sc->rscs, e->r);
        }
    }
    if (!partial) {
        /* the walk's map is the new one; the old one goes back to the
         * walk, to be emptied */
        GHashTable *old_map = m->lrm_map;

        g_hash_table_iter_init(&it, old_map);
        while (!sc->lrm_gone && g_hash_table_iter_next(&it, &k, NULL)) {
            sc->lrm_gone = !g_hash_table_contains(rc->lrm_map, k);
        }

        m->lrm_map = rc->lrm_map;
        rc->lrm_map = old_map;
        fix_pointers(m, NULL);
        return;
    }
    /* the entries of the elements walked are replaced (none of their keys
     * is another element's: partial_fits) */
    for (guint i = 0; i < sc->old_rs->len; i++) {
        obj_t *r = g_ptr_array_index(sc->old_rs, i);

        for (guint j = 0; !r->kept && r->ents != NULL && j < r->ents->len;
             j++) {
            const char *id = ((lrm_ent_t *) g_ptr_array_index(r->ents, j))->id;

            sc->lrm_gone |= !g_hash_table_contains(rc->lrm_map, id);
            g_hash_table_remove(m->lrm_map, id);
        }
    }
    fix_pointers(m, &t->res_tops);
    g_hash_table_iter_init(&it, rc->lrm_map);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        lrm_ent_t *e = v;

        g_hash_table_iter_steal(&it);
        g_hash_table_replace(m->lrm_map, k, e); /* k is e->id */
        g_ptr_array_add(e->r->ents, e);
    }
}

/* The histories of resources that are new (one may be created again and
 * have history already) or whose primitives or facts changed. */
static void
reread_histories(cl_model_t *m, xmlNode *cib)
{
    scratch_t *sc = m->scratch;
    xmlNode *status = first_elem(cib, CL_XE_STATUS);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < sc->new_objs->len; i++) {
        obj_t *o = g_ptr_array_index(sc->new_objs, i);

        if (o->kind == CL_KIND_RESOURCE) {
            objset_add(&sc->rscs, o);
        }
    }
    for (xmlNode *ns = first_elem(status, NULL);
         ns != NULL && objset_len(&sc->rscs) > 0; ns = ns->next) {
        obj_t *node = clusapi__node_state_obj(m, ns, seen);

        if (node != NULL) {
            clusapi__read_node_rscs(m, ns, node, &sc->rscs, &sc->dirty_rscs,
                                    &sc->dirty_nodes);
        }
    }
}

/* Step 3 of a translation: the resources configuration.  Only the
 * top-level elements the changes are in are walked (docs/design.md) when
 * they are a few (TOUCH_MAX_TOPS) and no Pacemaker Remote node is
 * configured (their implicit resources cross elements). */
void
clusapi__update_resources(cl_model_t *m, xmlNode *cib, touch_t *t,
                          GPtrArray *events)
{
    scratch_t *sc = m->scratch;
    bool partial = !t->all && !t->res_full && !m->whole_walks
                   && g_hash_table_size(m->remotes) == 0;
    /* the agents in use, only if a change may have changed them */
    bool agents = t->all || t->agents || m->whole_walks;
    rcfg_t *rc = clusapi__rcfg_new();

    clusapi__rcfg_build(rc, cib, t->all ? NULL : &t->res_ids, m,
                        partial ? &t->res_tops : NULL, agents,
                        partial ? &t->res_own : NULL);
    if (partial && !partial_fits(m, rc, cib, &t->res_tops)) {
        clusapi__rcfg_reset(rc);
        partial = false;
        clusapi__rcfg_build(rc, cib, &t->res_ids, m, NULL, agents, NULL);
    }
    drop_deleted(m, rc, t, partial);
    for (guint i = 0; i < rc->order->len; i++) { /* in document order */
        obj_t *o = g_ptr_array_index(rc->order, i);

        if (o->kind == CL_KIND_GROUP) {
            merge_group(m, rc, o, events != NULL);
        } else {
            merge_resource(m, rc, o, events != NULL);
        }
    }
    update_agents(m, rc, t, agents);
    update_lrm_map(m, rc, t, partial);
    {
        GHashTable *old_remotes = m->remotes;

        m->remotes = rc->remotes;
        rc->remotes = old_remotes;
    }
    clusapi__rcfg_free(rc);
    g_ptr_array_set_size(sc->old_rs, 0);
    if (!t->all) { /* with t->all, step 4 reads every history anyway */
        reread_histories(m, cib);
    }
    objset_clear(&sc->rscs);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * resources.c - the resources and groups step of a translation: the configuration walk merged into the model, and the constraints.
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

bool
clusapi__same_names(GPtrArray *a, GPtrArray *b)
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
        if (!clusapi__same_names(o->preferred, pref)) {
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
                   GHashTable *fps, GHashTable *prefs, GPtrArray *only)
{
    xmlNode *cons = clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CONSTRAINTS);
    static const cl_kind_t kinds[] = { CL_KIND_RESOURCE, CL_KIND_GROUP };
    guint pos = 0;

    if (only != NULL && only->len == 0) {
        return;
    }
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
    g_hash_table_remove_all(fps);
    g_hash_table_remove_all(prefs);
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
void
clusapi__fix_pointers(cl_model_t *m, const strset_t *tops)
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
bool
clusapi__partial_fits(const cl_model_t *m, const rcfg_t *rc, const strset_t *tops)
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

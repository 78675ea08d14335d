/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tickets.c - the tickets step of a translation: a resource that depends
 * on a ticket (rsc_ticket) which is not granted, with loss-policy=fence,
 * has every node it runs on fenced: a cluster or remote node becomes
 * unclean (Paused), a guest node's container fails (docs/mapping.md,
 * "Tickets"; Pacemaker's constraints_for_ticket, which crm_mon applies
 * when it unpacks the constraints).  The other loss policies (stop,
 * demote, freeze) change what the scheduler does next, not a state.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <string.h>

#include "core/model_int.h"
#include "core/xmlnames.h"
#include "core/xmlutil.h"

/* One rsc_ticket (or one of its resource sets) whose ticket is lost with
 * loss-policy=fence: the model resources it names, and the role filter. */
typedef struct trule {
    GPtrArray *ids;       /* resource ids (owned) */
    enum cl_pe_role role; /* CL_PE_ROLE_UNKNOWN: any */
} trule_t;

static void
trule_free(gpointer p)
{
    trule_t *r = p;

    g_ptr_array_unref(r->ids);
    g_free(r);
}

/* text2role, where unset and Started mean any role */
static enum cl_pe_role
role_filter(const char *v)
{
    if (v == NULL || g_ascii_strcasecmp(v, "Started") == 0) {
        return CL_PE_ROLE_UNKNOWN;
    }
    if (g_ascii_strcasecmp(v, "Stopped") == 0) {
        return CL_PE_ROLE_STOPPED;
    }
    if (g_ascii_strcasecmp(v, "Unpromoted") == 0
        || g_ascii_strcasecmp(v, "Slave") == 0) {
        return CL_PE_ROLE_UNPROMOTED;
    }
    if (g_ascii_strcasecmp(v, "Promoted") == 0
        || g_ascii_strcasecmp(v, "Master") == 0) {
        return CL_PE_ROLE_PROMOTED;
    }
    return CL_PE_ROLE_UNKNOWN;
}

/* The element with this id among the resources (depth first), or NULL */
static xmlNode *
find_rsc_elem(xmlNode *parent, const char *id)
{
    for (xmlNode *c = first_elem(parent, NULL); c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE
            || !(is_rsc_elem(c) || is_elem(c, CL_XE_TEMPLATE))) {
            continue;
        }
        if (str_eq0(attr(c, CL_XA_ID), id)) {
            return c;
        }
        if (!is_elem(c, CL_XE_PRIMITIVE)) {
            xmlNode *found = find_rsc_elem(c, id);

            if (found != NULL) {
                return found;
            }
        }
    }
    return NULL;
}

/* Every primitive that uses template tid, anywhere among the resources */
static void
template_users(xmlNode *parent, const char *tid, GPtrArray *out)
{
    for (xmlNode *c = first_elem(parent, NULL); c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE)) {
            if (str_eq0(attr(c, CL_XE_TEMPLATE), tid)) {
                g_ptr_array_add(out, c);
            }
        } else if (is_rsc_elem(c)) {
            template_users(c, tid, out);
        }
    }
}

static void
add_id(GPtrArray *ids, const char *id)
{
    if (id != NULL
        && !g_ptr_array_find_with_equal_func(ids, id, g_str_equal, NULL)) {
        g_ptr_array_add(ids, g_strdup(id));
    }
}

/* The model resources a resource element stands for: itself; a group's
 * members; anything inside a clone or bundle, the clone or bundle
 * (pcmk__find_constraint_resource finds an instance, and takes its top). */
static void
elem_targets(xmlNode *resources, xmlNode *e, GPtrArray *ids)
{
    xmlNode *top = e;

    while (top->parent != NULL && top->parent != resources) {
        top = top->parent;
    }
    if (is_elem(top, CL_XE_CLONE) || is_elem(top, CL_XE_MASTER)
        || is_elem(top, CL_XE_BUNDLE)) {
        add_id(ids, attr(top, CL_XA_ID));
    } else if (is_elem(e, CL_XE_GROUP)) {
        for (xmlNode *p = first_elem(e, CL_XE_PRIMITIVE); p != NULL;
             p = p->next) {
            if (is_elem(p, CL_XE_PRIMITIVE)) {
                add_id(ids, attr(p, CL_XA_ID));
            }
        }
    } else if (is_elem(e, CL_XE_PRIMITIVE)) {
        add_id(ids, attr(e, CL_XA_ID));
    }
}

/* What a constraint's resource reference names: a resource, a template
 * (the primitives made from it) or a tag (what it refers to). */
static void
ref_targets(xmlNode *cib, const char *id, GPtrArray *ids, bool tags)
{
    xmlNode *cfg = first_elem(cib, CL_XE_CONFIGURATION);
    xmlNode *resources = first_elem(cfg, CL_XE_RESOURCES);
    xmlNode *e = find_rsc_elem(resources, id);

    if (e != NULL && is_elem(e, CL_XE_TEMPLATE)) {
        g_autoptr(GPtrArray) users = g_ptr_array_new();

        template_users(resources, id, users);
        for (guint i = 0; i < users->len; i++) {
            elem_targets(resources, g_ptr_array_index(users, i), ids);
        }
    } else if (e != NULL) {
        elem_targets(resources, e, ids);
    } else if (tags) {
        xmlNode *tag = child_with_id(first_elem(cfg, "tags"), "tag", id);

        for (xmlNode *r = first_elem(tag, "obj_ref"); r != NULL; r = r->next) {
            if (is_elem(r, "obj_ref")) {
                ref_targets(cib, attr(r, CL_XA_ID), ids, false);
            }
        }
    }
}

/* Whether a ticket is granted (status/tickets/ticket_state; none: not) */
static bool
ticket_granted(xmlNode *cib, const char *ticket)
{
    xmlNode *tickets = clusapi__cib_section(cib, CL_XE_STATUS, "tickets");
    xmlNode *ts = child_with_id(tickets, "ticket_state", ticket);

    return clusapi__pe_is_true(attr(ts, "granted"));
}

/* The lost tickets' fencing rules of the constraints section */
static GPtrArray *
read_rules(const cl_model_t *m, xmlNode *cib)
{
    xmlNode *cons = clusapi__cib_section(cib, CL_XE_CONFIGURATION,
                                         CL_XE_CONSTRAINTS);
    GPtrArray *rules = g_ptr_array_new_with_free_func(trule_free);

    for (xmlNode *c = first_elem(cons, "rsc_ticket"); c != NULL; c = c->next) {
        const char *ticket = attr(c, "ticket");
        bool sets = false;

        if (!is_elem(c, "rsc_ticket") || attr(c, CL_XA_ID) == NULL
            || ticket == NULL || !ieq(attr(c, "loss-policy"), "fence")
            || !m->opts.stonith_enabled || ticket_granted(cib, ticket)) {
            continue;
        }
        for (xmlNode *s = first_elem(c, "resource_set"); s != NULL;
             s = s->next) {
            trule_t *r;

            if (!is_elem(s, "resource_set")) {
                continue;
            }
            sets = true;
            r = g_new0(trule_t, 1);
            r->ids = g_ptr_array_new_with_free_func(g_free);
            r->role = role_filter(attr(s, "role"));
            for (xmlNode *ref = first_elem(s, CL_XE_RESOURCE_REF); ref != NULL;
                 ref = ref->next) {
                if (is_elem(ref, CL_XE_RESOURCE_REF)) {
                    ref_targets(cib, attr(ref, CL_XA_ID), r->ids, true);
                }
            }
            g_ptr_array_add(rules, r);
        }
        if (!sets && attr(c, "rsc") != NULL) {
            trule_t *r = g_new0(trule_t, 1);

            r->ids = g_ptr_array_new_with_free_func(g_free);
            r->role = role_filter(attr(c, "rsc-role"));
            ref_targets(cib, attr(c, "rsc"), r->ids, true);
            g_ptr_array_add(rules, r);
        }
    }
    return rules;
}

static void
fence_at(GHashTable *fenced, obj_t *node)
{
    if (node != NULL) {
        g_hash_table_add(fenced, g_strdup(node->id));
    }
}

/* The ids of the nodes the rules fence: where a named resource runs in the
 * role the rule asks for */
static GHashTable *
fenced_nodes(const cl_model_t *m)
{
    GHashTable *fenced = g_hash_table_new_full(g_str_hash, g_str_equal,
                                               g_free, NULL);

    for (guint i = 0; i < m->trules->len; i++) {
        const trule_t *t = g_ptr_array_index(m->trules, i);

        for (guint j = 0; j < t->ids->len; j++) {
            obj_t *r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE],
                                           g_ptr_array_index(t->ids, j));

            for (guint k = 0; r != NULL && k < r->recs->len; k++) {
                nrec_t *e = &g_array_index(r->recs, nrec_t, k);

                if (!e->rec.running
                    || (t->role != CL_PE_ROLE_UNKNOWN
                        && t->role != e->rec.role)) {
                    continue;
                }
                fence_at(fenced, e->node);
                if (e->rec.also_on != 0) {
                    fence_at(fenced, clusapi__node_by_name(m, e->rec.also_on));
                }
            }
        }
    }
    return fenced;
}

void
clusapi__update_tickets(cl_model_t *m, xmlNode *cib, const touch_t *t,
                        objset_t *dirty_nodes)
{
    g_autoptr(GHashTable) fenced = NULL;
    GHashTableIter it;
    gpointer k;

    if (t->all || t->constraints || t->tickets || t->res_cfg
        || m->trules == NULL) {
        if (m->trules != NULL) {
            g_ptr_array_unref(m->trules);
        }
        m->trules = read_rules(m, cib);
    }
    if (m->trules->len == 0 && g_hash_table_size(m->tfenced) == 0) {
        return;
    }
    fenced = fenced_nodes(m);
    /* nodes no longer fenced, then nodes newly fenced (an object made
     * again since has the flag unset) */
    g_hash_table_iter_init(&it, m->tfenced);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        obj_t *node = clusapi__node_obj(m, k);

        if (node != NULL && node->tfenced
            && !g_hash_table_contains(fenced, k)) {
            node->tfenced = false;
            objset_add(dirty_nodes, node);
        }
    }
    g_hash_table_iter_init(&it, fenced);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        obj_t *node = clusapi__node_obj(m, k);

        if (node != NULL && !node->tfenced) {
            node->tfenced = true;
            objset_add(dirty_nodes, node);
        }
    }
    g_hash_table_unref(m->tfenced);
    m->tfenced = g_steal_pointer(&fenced);
}

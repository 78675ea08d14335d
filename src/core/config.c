/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * config.c - the resources configuration walk: the resources, groups,
 * bundles, agents and lrm ids the configuration section makes.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model_int.h"
#include "core/pe_int.h"
#include "core/xmlnames.h"
#include "core/xmlutil.h"

/* ---- computing objects from the CIB ---- */

guint64
clusapi__cluster_fp(xmlNode *cib)
{
    guint64 h = FP_INIT;

    h = clusapi__fp_node(
        h, clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CRM_CONFIG));
    h = clusapi__fp_node(
        h, clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_RSC_DEFAULTS));
    h = clusapi__fp_node(
        h, clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_OP_DEFAULTS));
    return h;
}

/* A cluster option (crm_config, its sets' rules evaluated as o says), or
 * dflt. */
char *
clusapi__cluster_option(const cl_pe_opts_t *o, xmlNode *cib,
                        const char *name, const char *dflt)
{
    xmlNode *cfg =
        clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_CRM_CONFIG);
    rule_ctx_t rc = RULE_CTX(o);
    const char *v = clusapi__pe_nv_merged(&rc, cfg, "cluster_property_set",
                                          name, false);

    return g_strdup(v != NULL ? v : dflt);
}

/* Length of an lrm_resource id without its clone instance suffix ":N"
 * (an XML ID has no colon, so a colon can only start the suffix). */
size_t
clusapi__lrm_base_len(const char *lrm_id)
{
    const char *colon = strrchr(lrm_id, ':');

    return colon != NULL ? (size_t) (colon - lrm_id) : strlen(lrm_id);
}

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
    lrm_ent_t *e = clusapi__lrm_ent_new(r->id, lrm_id);

    clusapi__pe_rsc_ctx(rc->opts, NULL, &e->pe);
    if (cfg != NULL) {
        cl_pe_rsc_t c;

        /* a bundle's implicit resources are its children: they take its
         * meta attributes (get_meta_attributes), target-role too */
        clusapi__pe_rsc_ctx(rc->opts, cfg, &c);
        e->pe.managed = c.managed;
        e->pe.to_stop = c.to_stop;
    }
    e->pe.container = container;
    e->pe.bundled = bundled;
    g_hash_table_replace(rc->lrm_map, (gpointer) e->id, e);
}

bool
clusapi__same_rsc_ctx(const cl_pe_rsc_t *a, const cl_pe_rsc_t *b)
{
    return a->prim == b->prim && a->managed == b->managed
           && a->to_stop == b->to_stop
           && a->promotable == b->promotable && a->bundled == b->bundled
           && a->unique == b->unique && a->container == b->container
           && a->remote_conn == b->remote_conn
           && a->failure_timeout == b->failure_timeout
           && a->reconnect == b->reconnect;
}

static void
map_lrm(rcfg_t *rc, xmlNode *prim, const obj_t *r)
{
    lrm_ent_t *e = clusapi__lrm_ent_new(r->id, attr(prim, CL_XA_ID));

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
        h = clusapi__fp_add(h, (const char *) a->name,
                            strlen((const char *) a->name));
        h = clusapi__fp_add(h, v, strlen(v) + 1);
    }
    for (xmlNode *c = group->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !is_rsc_elem(c)) {
            h = clusapi__fp_node(h, c);
        }
    }
    for (guint i = 0; i < members->len; i++) {
        const char *m = g_ptr_array_index(members, i);
        h = clusapi__fp_add(h, m, strlen(m) + 1);
    }
    return h;
}

/* A resource element's fingerprint (clusapi__fp_tree's), and in *ops the
 * fingerprint of the <operations> of its primitives (itself, or those of a
 * clone or bundle) in one walk: an <operations> element is hashed once, into
 * *ops, and the resource's fingerprint takes that value in its place. */
static guint64
fp_rsc(guint64 h, const xmlNode *n, guint64 *ops)
{
    if (n->type != XML_ELEMENT_NODE) {
        return clusapi__fp_tree(h, n);
    }
    h = clusapi__fp_head(h, n);
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (is_elem(c, "operations")) {
            *ops = clusapi__fp_tree(*ops, c);
            h = clusapi__fp_add(h, (const char *) ops, sizeof(*ops));
        } else if (is_rsc_elem(c)) {
            h = fp_rsc(h, c, ops);
        } else {
            h = clusapi__fp_tree(h, c);
        }
    }
    return clusapi__fp_add(h, ">", 1);
}

/* Map every primitive under n (clone children, bundle primitives) to r;
 * one Pacemaker refuses is not r's (its histories are orphans). */
static void
map_primitives(rcfg_t *rc, xmlNode *n, obj_t *r)
{
    for (xmlNode *c = n->children; c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE) && attr(c, CL_XA_ID) != NULL
            && !clusapi__pe_prim_refused(rc->opts, c)) {
            map_lrm(rc, c, r);
            prims_add(r, attr(c, CL_XA_ID));
        } else if (is_rsc_elem(c)) {
            map_primitives(rc, c, r);
        }
    }
}

/* A clone whose child (a group first, else a primitive: clone_unpack) is
 * a primitive Pacemaker refuses: the clone fails to unpack with it */
static bool
clone_refused(const rcfg_t *rc, xmlNode *top)
{
    xmlNode *child;

    if (!is_elem(top, CL_XE_CLONE) && !is_elem(top, CL_XE_MASTER)) {
        return false;
    }
    if (first_elem(top, CL_XE_GROUP) != NULL) {
        return false;
    }
    child = first_elem(top, CL_XE_PRIMITIVE);
    return child != NULL && clusapi__pe_prim_refused(rc->opts, child);
}

/* Whether a resource of this walk has the id already (the walk's own, or
 * one a partial walk keeps as it is). */
static bool
rsc_taken(const rcfg_t *rc, const cl_model_t *old, const char *id)
{
    const obj_t *prev = g_hash_table_lookup(old->objs[CL_KIND_RESOURCE], id);

    return g_hash_table_contains(rc->rscs, id) || (prev != NULL && prev->kept);
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
    o = clusapi__obj_new(CL_KIND_RESOURCE, id, id);
    o->prev = prev;
    o->group = strcmp(group_id, id) == 0 ? o->id : g_strdup(group_id);
    if (prev != NULL && fp_ids != NULL && !strset_has(fp_ids, id)
        && str_eq0(prev->group, group_id)) {
        o->fp = prev->fp;
        o->ops_fp = prev->ops_fp;
    } else {
        o->ops_fp = FP_INIT;
        o->fp = clusapi__fp_add(fp_rsc(FP_INIT, elem, &o->ops_fp), group_id,
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

/* The agent of a primitive or template into set, as "class:provider:type"
 * or "class:type" (an incomplete one: none; one without a class may be a
 * primitive taking it from a template). */
void
clusapi__add_agent(GHashTable *set, xmlNode *elem)
{
    const char *cls = attr(elem, "class");
    const char *prov = attr(elem, "provider");
    const char *type = attr(elem, "type");

    if (cls == NULL || type == NULL) {
        return;
    }
    g_hash_table_add(set, prov != NULL
                              ? g_strconcat(cls, ":", prov, ":", type, NULL)
                              : g_strconcat(cls, ":", type, NULL));
}

/* Every agent used by the primitives and templates under n. */
void
clusapi__collect_agents(GHashTable *set, xmlNode *n)
{
    for (xmlNode *c = first_elem(n, NULL); c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE) || is_elem(c, CL_XE_TEMPLATE)) {
            clusapi__add_agent(set, c);
        } else if (is_rsc_elem(c)) {
            clusapi__collect_agents(set, c);
        }
    }
}

static obj_t *
rcfg_add_group(rcfg_t *rc, const char *id)
{
    obj_t *g = clusapi__obj_new(CL_KIND_GROUP, id, id);

    g_hash_table_replace(rc->groups, g->id, g);
    g_ptr_array_add(rc->order, g);
    return g;
}

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
    /* several replicas per host make the inner primitive's clone globally
     * unique (bundle.c): its histories are then matched by instance */
    v = attr(tech, "replicas-per-host");
    if (inner && v != NULL && atoi(v) > 1) {
        xmlNode *prim = first_elem(bundle, CL_XE_PRIMITIVE);
        lrm_ent_t *e = attr(prim, CL_XA_ID) != NULL
                           ? g_hash_table_lookup(rc->lrm_map,
                                                 attr(prim, CL_XA_ID))
                           : NULL;

        if (e != NULL) {
            e->unique = replicas;
        }
    }
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
void
clusapi__rcfg_build(rcfg_t *rc, xmlNode *cib, const strset_t *fp_ids,
           const cl_model_t *old, const strset_t *tops, bool agents,
           const strset_t *own)
{
    xmlNode *res =
        clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_RESOURCES);

    rc->opts = &old->opts;
    if (agents) {
        clusapi__collect_agents(rc->restypes, res);
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
        if (!is_elem(top, CL_XE_GROUP) && rsc_taken(rc, old, id)) {
            /* a second element with a resource's id (an invalid CIB, which
             * schema validation refuses): the first one is the resource,
             * and this one makes no implicit group without members */
            continue;
        }
        if (clone_refused(rc, top)) {
            continue; /* Pacemaker cannot unpack it: no resource */
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
        g_ptr_array_sort(guests, clusapi__cmp_str);
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
            o = clusapi__obj_new(CL_KIND_RESOURCE, name, name);
            o->prev = g_hash_table_lookup(old->objs[CL_KIND_RESOURCE], name);
            o->group = o->id; /* its own group */
            o->fp =
                clusapi__fp_add(FP_INIT, r->container, strlen(r->container));
            g_hash_table_replace(rc->rscs, o->id, o);
            g_ptr_array_add(rc->order, o);
            g_ptr_array_add(grp->members, g_strdup(name));
            prims_add(o, name);
            map_implicit(rc, name, o, NULL, true, false);
        }
    }
}

/* The walk's tables: the objects it makes, the lrm map and the remote
 * nodes, handed to the model when the walk is merged. */
rcfg_t *
clusapi__rcfg_new(void)
{
    rcfg_t *rc = g_new0(rcfg_t, 1);

    rc->rscs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     clusapi__obj_destroy);
    rc->groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       clusapi__obj_destroy);
    /* the objects (owned by rscs and groups): translate() takes each from
     * its table, or frees it, on its turn in the walk */
    rc->order = g_ptr_array_new();
    rc->lrm_map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        g_free);
    rc->remotes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        clusapi__remote_free);
    rc->restypes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         NULL);
    rc->kept = g_ptr_array_new();
    return rc;
}

void
clusapi__rcfg_reset(rcfg_t *rc)
{
    g_hash_table_remove_all(rc->restypes);
    g_hash_table_remove_all(rc->remotes);
    g_hash_table_remove_all(rc->rscs);
    g_hash_table_remove_all(rc->groups);
    g_ptr_array_set_size(rc->order, 0);
    g_hash_table_remove_all(rc->lrm_map);
    rc->opts = NULL;
    for (guint i = 0; i < rc->kept->len; i++) {
        ((obj_t *) g_ptr_array_index(rc->kept, i))->kept = false;
    }
    g_ptr_array_set_size(rc->kept, 0);
}

void
clusapi__rcfg_free(rcfg_t *rc)
{
    if (rc != NULL) {
        clusapi__rcfg_reset(rc);
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

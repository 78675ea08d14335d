/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry.c - the cluster database's keys and values (registry.h), read
 * from the CIB and the model when asked.  Depends on the model's objects
 * and Pacemaker's rules of attribute sets (pe_int.h); keeps nothing.
 */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "core/model_int.h"
#include "core/pe_int.h"
#include "core/registry.h"
#include "core/xmlnames.h"
#include "core/xmlutil.h"

/* The keys under the root, in Windows' spelling */
static const char *const top_keys[] = { "Groups", "NetworkInterfaces",
                                        "Networks", "Nodes",
                                        "ResourceTypes", "Resources" };

static void
value_free(gpointer p)
{
    cl_reg_value_t *v = p;

    g_free(v->name);
    g_free(v->data);
    g_free(v);
}

static cl_reg_key_t *
key_new(void)
{
    cl_reg_key_t *k = g_new0(cl_reg_key_t, 1);

    k->subkeys = g_ptr_array_new_with_free_func(g_free);
    k->values = g_ptr_array_new_with_free_func(value_free);
    return k;
}

void
clusapi__reg_key_free(cl_reg_key_t *k)
{
    if (k != NULL) {
        g_ptr_array_unref(k->subkeys);
        g_ptr_array_unref(k->values);
        g_free(k);
    }
}

const cl_reg_value_t *
clusapi__reg_value(const cl_reg_key_t *k, const char *name)
{
    for (guint i = 0; k != NULL && name != NULL && i < k->values->len; i++) {
        const cl_reg_value_t *v = g_ptr_array_index(k->values, i);

        if (g_ascii_strcasecmp(v->name, name) == 0) {
            return v;
        }
    }
    return NULL;
}

/* A REG_SZ value; one of the name already there is not added again (the
 * layout's own values come first, and win) */
static void
add_sz(cl_reg_key_t *k, const char *name, const char *s)
{
    cl_reg_value_t *v;

    if (s == NULL || clusapi__reg_value(k, name) != NULL) {
        return;
    }
    v = g_new0(cl_reg_value_t, 1);
    v->name = g_strdup(name);
    v->type = CL_REG_SZ;
    v->len = strlen(s) + 1;
    v->data = g_memdup2(s, v->len);
    g_ptr_array_add(k->values, v);
}

/* A REG_MULTI_SZ value of the strings in list */
static void
add_multi_sz(cl_reg_key_t *k, const char *name, const GPtrArray *list)
{
    cl_reg_value_t *v = g_new0(cl_reg_value_t, 1);
    GString *s = g_string_new(NULL);

    for (guint i = 0; list != NULL && i < list->len; i++) {
        const char *e = g_ptr_array_index(list, i);

        g_string_append_len(s, e, (gssize) strlen(e) + 1);
    }
    g_string_append_c(s, '\0');
    v->name = g_strdup(name);
    v->type = CL_REG_MULTI_SZ;
    v->len = s->len;
    v->data = g_string_free(s, FALSE);
    g_ptr_array_add(k->values, v);
}

/* One value per name the sets set_name under parent give, as Pacemaker
 * applies them now */
static void
add_sets(cl_reg_key_t *k, const rule_ctx_t *rc, const xmlNode *parent,
         const char *set_name)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autoptr(GHashTable) values = g_hash_table_new(g_str_hash, g_str_equal);

    if (parent == NULL) {
        return;
    }
    clusapi__pe_nv_all(rc, parent, set_name, names, values);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);

        add_sz(k, n, g_hash_table_lookup(values, n));
    }
}

/* Whether the sets set_name under parent give any value now */
static bool
has_sets(const rule_ctx_t *rc, const xmlNode *parent, const char *set_name)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autoptr(GHashTable) values = g_hash_table_new(g_str_hash, g_str_equal);

    if (parent == NULL) {
        return false;
    }
    clusapi__pe_nv_all(rc, parent, set_name, names, values);
    return names->len > 0;
}

static void
add_subkey(cl_reg_key_t *k, const char *name)
{
    g_ptr_array_add(k->subkeys, g_strdup(name));
}

static void
sort_subkeys(cl_reg_key_t *k)
{
    g_ptr_array_sort(k->subkeys, clusapi__cmp_str);
}

/* ---- objects ---- */

/* The object of a kind named name (nodes by name, the others by id) */
static const obj_t *
object_named(const cl_model_t *m, cl_kind_t kind, const char *name)
{
    GHashTableIter it;
    gpointer v;

    if (kind != CL_KIND_NODE) {
        return g_hash_table_lookup(m->objs[kind], name);
    }
    g_hash_table_iter_init(&it, m->objs[kind]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (str_eq0(((const obj_t *) v)->name, name)) {
            return v;
        }
    }
    return NULL;
}

/* The names of the objects of a kind, as subkeys */
static void
add_object_keys(cl_reg_key_t *k, const cl_model_t *m, cl_kind_t kind)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, m->objs[kind]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const obj_t *o = v;

        add_subkey(k, kind == CL_KIND_NODE ? o->name : o->id);
    }
    sort_subkeys(k);
}

/* What the keys are read from; elems (id -> configuration element of a
 * resource or group: at the top of the resources section, or a primitive
 * in a group) is made on first use, once for a whole snapshot. */
typedef struct reg_ctx {
    const cl_model_t *m;
    xmlNode *cib;
    const GPtrArray *networks;
    const GPtrArray *interfaces;
    GHashTable *elems;
} reg_ctx_t;

/* The configuration element of a resource or group id; NULL for one
 * Pacemaker makes up (a guest node's connection, an implicit group) */
static xmlNode *
config_elem(reg_ctx_t *c, const char *id)
{
    if (c->elems == NULL) {
        xmlNode *res = clusapi__cib_section(c->cib, CL_XE_CONFIGURATION,
                                            CL_XE_RESOURCES);

        c->elems = g_hash_table_new(g_str_hash, g_str_equal);
        for (xmlNode *top = first_elem(res, NULL); top != NULL;
             top = top->next) {
            const char *tid = attr(top, CL_XA_ID);

            if (!is_rsc_elem(top) || tid == NULL) {
                continue;
            }
            if (!g_hash_table_contains(c->elems, tid)) {
                g_hash_table_insert(c->elems, (gpointer) tid, top);
            }
            if (!is_elem(top, CL_XE_GROUP)) {
                continue;
            }
            for (xmlNode *p = first_elem(top, CL_XE_PRIMITIVE); p != NULL;
                 p = p->next) {
                const char *pid = attr(p, CL_XA_ID);

                if (is_elem(p, CL_XE_PRIMITIVE) && pid != NULL
                    && !g_hash_table_contains(c->elems, pid)) {
                    g_hash_table_insert(c->elems, (gpointer) pid, p);
                }
            }
        }
    }
    return g_hash_table_lookup(c->elems, id);
}

/* The one primitive a resource element stands for: itself, or the only
 * primitive of a clone or bundle; NULL otherwise */
static xmlNode *
only_primitive(xmlNode *e)
{
    xmlNode *found = NULL;

    if (e == NULL || is_elem(e, CL_XE_PRIMITIVE)) {
        return e;
    }
    for (xmlNode *c = first_elem(e, NULL); c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE)) {
            if (found != NULL) {
                return NULL;
            }
            found = c;
        } else if (is_rsc_elem(c)) {
            return NULL; /* a clone of a group */
        }
    }
    return found;
}

/* "class[:provider]:type" of a primitive (its template's where it has
 * none of its own), NULL if incomplete */
static char *
agent_of(xmlNode *prim)
{
    xmlNode *tpl = clusapi__pe_template_of(prim);
    const char *cls = attr(prim, "class");
    const char *prov = attr(prim, "provider");
    const char *type = attr(prim, "type");

    if (cls == NULL && tpl != NULL) {
        cls = attr(tpl, "class");
        prov = attr(tpl, "provider");
        type = attr(tpl, "type");
    }
    if (cls == NULL || type == NULL) {
        return NULL;
    }
    return prov != NULL ? g_strconcat(cls, ":", prov, ":", type, NULL)
                        : g_strconcat(cls, ":", type, NULL);
}

/* A resource's rule context: its primitive's agent, for rsc_expression */
static rule_ctx_t
rsc_rule_ctx(const cl_model_t *m, xmlNode *prim)
{
    return (rule_ctx_t) { .o = &m->opts, .rsc = true,
                          .rsc_class = attr(prim, "class"),
                          .rsc_provider = attr(prim, "provider"),
                          .rsc_type = attr(prim, "type") };
}

static cl_reg_key_t *
resource_key(reg_ctx_t *c, const obj_t *r, const char *sub)
{
    const cl_model_t *m = c->m;
    xmlNode *e = config_elem(c, r->id);
    xmlNode *prim = only_primitive(e);
    rule_ctx_t rc = rsc_rule_ctx(m, prim);
    cl_reg_key_t *k;

    if (sub != NULL && g_ascii_strcasecmp(sub, "Parameters") != 0) {
        return NULL;
    }
    k = key_new();
    if (sub != NULL) {
        add_sets(k, &rc, prim, CL_XE_INSTANCE_ATTRIBUTES);
        return k;
    }
    add_subkey(k, "Parameters");
    add_sz(k, "Name", r->id);
    if (e == NULL) {
        add_sz(k, "Type", "ocf:pacemaker:remote"); /* a guest's connection */
    } else {
        g_autofree char *agent = prim != NULL ? agent_of(prim) : NULL;

        add_sz(k, "Type", agent);
    }
    add_sz(k, "Group", r->group);
    add_sets(k, &rc, e, "meta_attributes");
    return k;
}

static cl_reg_key_t *
group_key(reg_ctx_t *c, const obj_t *g, const char *sub)
{
    const cl_model_t *m = c->m;
    xmlNode *e = config_elem(c, g->id);
    rule_ctx_t rc = { .o = &m->opts, .rsc = true };
    cl_reg_key_t *k;

    if (sub != NULL) {
        return NULL;
    }
    k = key_new();
    add_sz(k, "Name", g->id);
    add_multi_sz(k, "Contains", g->members);
    if (e != NULL && is_elem(e, CL_XE_GROUP)) {
        add_sets(k, &rc, e, "meta_attributes");
    }
    return k;
}

static cl_reg_key_t *
node_key(reg_ctx_t *c, const obj_t *n, const char *sub)
{
    const cl_model_t *m = c->m;
    xmlNode *cfg = clusapi__find_cfg_node(c->cib, n->id);
    rule_ctx_t rc = RULE_CTX(&m->opts);
    bool util = has_sets(&rc, cfg, "utilization");
    cl_reg_key_t *k;

    if (sub != NULL) {
        if (!util || g_ascii_strcasecmp(sub, "Utilization") != 0) {
            return NULL;
        }
        k = key_new();
        add_sets(k, &rc, cfg, "utilization");
        return k;
    }
    k = key_new();
    if (util) {
        add_subkey(k, "Utilization");
    }
    add_sz(k, "NodeName", n->name);
    add_sz(k, "NodeId", n->id);
    add_sets(k, &rc, cfg, CL_XE_INSTANCE_ATTRIBUTES);
    return k;
}

/* A key with the one value Name */
static cl_reg_key_t *
name_key(const char *name, const char *sub)
{
    cl_reg_key_t *k;

    if (sub != NULL) {
        return NULL;
    }
    k = key_new();
    add_sz(k, "Name", name);
    return k;
}

/* An interface's key: Name, and its Node and Network, from its name
 * ("<node> - <network>", core/memb.h) */
static cl_reg_key_t *
netif_key(const char *name, const char *sub)
{
    cl_reg_key_t *k = name_key(name, sub);
    const char *sep = k != NULL ? g_strrstr(name, " - ") : NULL;

    if (sep != NULL) {
        g_autofree char *node = g_strndup(name, (gsize) (sep - name));

        add_sz(k, "Node", node);
        add_sz(k, "Network", sep + 3);
    }
    return k;
}

/* A resource type's key: Name, and its Class, Provider (ocf only) and
 * Type, from "class[:provider]:type" */
static cl_reg_key_t *
restype_key(const char *name, const char *sub)
{
    cl_reg_key_t *k = name_key(name, sub);
    const char *colon = k != NULL ? strchr(name, ':') : NULL;

    if (colon != NULL) {
        g_autofree char *cls = g_strndup(name, (gsize) (colon - name));
        const char *rest = colon + 1;
        const char *c2 = strchr(rest, ':');

        add_sz(k, "Class", cls);
        if (g_ascii_strcasecmp(cls, "ocf") == 0 && c2 != NULL) {
            g_autofree char *prov = g_strndup(rest, (gsize) (c2 - rest));

            add_sz(k, "Provider", prov);
            rest = c2 + 1;
        }
        add_sz(k, "Type", rest);
    }
    return k;
}

static bool
in_list(const GPtrArray *list, const char *name)
{
    for (guint i = 0; list != NULL && i < list->len; i++) {
        if (strcmp(g_ptr_array_index(list, i), name) == 0) {
            return true;
        }
    }
    return false;
}

static void
add_list_keys(cl_reg_key_t *k, const GPtrArray *list)
{
    for (guint i = 0; list != NULL && i < list->len; i++) {
        add_subkey(k, g_ptr_array_index(list, i));
    }
    sort_subkeys(k);
}

static cl_reg_key_t *
root_key(const cl_model_t *m, xmlNode *cib)
{
    cl_reg_key_t *k = key_new();
    rule_ctx_t rc = RULE_CTX(&m->opts);

    for (size_t i = 0; i < G_N_ELEMENTS(top_keys); i++) {
        add_subkey(k, top_keys[i]);
    }
    add_sets(k, &rc, clusapi__cib_section(cib, CL_XE_CONFIGURATION,
                                          CL_XE_CRM_CONFIG),
             "cluster_property_set");
    return k;
}

/* A key under one of the root's keys: top is its index in top_keys,
 * name the object (NULL: the list itself), sub a subkey of the object's
 * key (NULL: none) */
static cl_reg_key_t *
object_key(reg_ctx_t *c, size_t top, const char *name, const char *sub)
{
    const cl_model_t *m = c->m;
    const GPtrArray *networks = c->networks;
    const GPtrArray *interfaces = c->interfaces;
    static const cl_kind_t kinds[] = { CL_KIND_GROUP, CL_KIND_NETINTERFACE,
                                       CL_KIND_NETWORK, CL_KIND_NODE,
                                       CL_KIND_RESTYPE, CL_KIND_RESOURCE };
    cl_kind_t kind = kinds[top];
    const obj_t *o;
    cl_reg_key_t *k;

    if (name == NULL) {
        k = key_new();
        if (kind == CL_KIND_NETWORK) {
            add_list_keys(k, networks);
        } else if (kind == CL_KIND_NETINTERFACE) {
            add_list_keys(k, interfaces);
        } else if (kind == CL_KIND_RESTYPE) {
            add_list_keys(k, m->restypes);
        } else {
            add_object_keys(k, m, kind);
        }
        return k;
    }
    switch (kind) {
        case CL_KIND_NETWORK:
            return in_list(networks, name) ? name_key(name, sub) : NULL;
        case CL_KIND_NETINTERFACE:
            return in_list(interfaces, name) ? netif_key(name, sub) : NULL;
        case CL_KIND_RESTYPE:
            return in_list(m->restypes, name) ? restype_key(name, sub)
                                              : NULL;
        default:
            break;
    }
    o = object_named(m, kind, name);
    if (o == NULL) {
        return NULL;
    }
    if (kind == CL_KIND_RESOURCE) {
        return resource_key(c, o, sub);
    }
    if (kind == CL_KIND_GROUP) {
        return group_key(c, o, sub);
    }
    return node_key(c, o, sub);
}

static cl_reg_key_t *
key_at(reg_ctx_t *c, const char *path)
{
    g_auto(GStrv) parts = NULL;
    guint n;

    if (c->m == NULL || path == NULL) {
        return NULL;
    }
    if (path[0] == '\0') {
        return root_key(c->m, c->cib);
    }
    parts = g_strsplit(path, "\\", 4);
    n = g_strv_length(parts);
    for (guint i = 0; i < n; i++) {
        if (parts[i][0] == '\0' || (i == 3)) {
            return NULL; /* an empty name, or deeper than the layout */
        }
    }
    for (size_t t = 0; t < G_N_ELEMENTS(top_keys); t++) {
        if (g_ascii_strcasecmp(parts[0], top_keys[t]) == 0) {
            return object_key(c, t, n > 1 ? parts[1] : NULL,
                              n > 2 ? parts[2] : NULL);
        }
    }
    return NULL;
}

static void
ctx_clear(reg_ctx_t *c)
{
    if (c->elems != NULL) {
        g_hash_table_unref(c->elems);
    }
}

cl_reg_key_t *
clusapi__reg_key(const cl_model_t *m, xmlNode *cib,
                 const GPtrArray *networks, const GPtrArray *interfaces,
                 const char *path)
{
    reg_ctx_t c = { m, cib, networks, interfaces, NULL };
    cl_reg_key_t *k = key_at(&c, path);

    ctx_clear(&c);
    return k;
}

/* ---- the whole database, and what changed ---- */

static void
snap_key(GHashTable *snap, reg_ctx_t *c, const char *path)
{
    cl_reg_key_t *k = key_at(c, path);

    if (k == NULL) {
        return;
    }
    g_hash_table_replace(snap, g_strdup(path), k);
    for (guint i = 0; i < k->subkeys->len; i++) {
        g_autofree char *sub =
            path[0] != '\0'
                ? g_strconcat(path, "\\", g_ptr_array_index(k->subkeys, i),
                              NULL)
                : g_strdup(g_ptr_array_index(k->subkeys, i));

        snap_key(snap, c, sub);
    }
}

static void
key_destroy(gpointer p)
{
    clusapi__reg_key_free(p);
}

GHashTable *
clusapi__reg_snapshot(const cl_model_t *m, xmlNode *cib,
                      const GPtrArray *networks, const GPtrArray *interfaces)
{
    GHashTable *snap = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             key_destroy);
    reg_ctx_t c = { m, cib, networks, interfaces, NULL };

    snap_key(snap, &c, "");
    ctx_clear(&c);
    return snap;
}

/* Whether two keys hold the same values (names, types, data) */
static bool
same_values(const cl_reg_key_t *a, const cl_reg_key_t *b)
{
    if (a->values->len != b->values->len) {
        return false;
    }
    for (guint i = 0; i < a->values->len; i++) {
        const cl_reg_value_t *va = g_ptr_array_index(a->values, i);
        const cl_reg_value_t *vb = clusapi__reg_value(b, va->name);

        if (vb == NULL || va->type != vb->type || va->len != vb->len
            || memcmp(va->data, vb->data, va->len) != 0) {
            return false;
        }
    }
    return true;
}

static void
add_event(GPtrArray *events, uint32_t change, const char *path)
{
    g_ptr_array_add(events, clusapi__event_new(change, CL_KIND_REGISTRY,
                                               path, path));
}

void
clusapi__reg_diff(GHashTable *before, GHashTable *after, GPtrArray *events)
{
    g_autoptr(GPtrArray) gone = clusapi__sorted_keys(before);
    g_autoptr(GPtrArray) now = clusapi__sorted_keys(after);

    /* deleted keys, children first (reverse path order) */
    for (guint i = gone->len; i-- > 0;) {
        const char *p = g_ptr_array_index(gone, i);

        if (!g_hash_table_contains(after, p)) {
            add_event(events, CLUSTER_CHANGE_REGISTRY_NAME, p);
        }
    }
    for (guint i = 0; i < now->len; i++) {
        const char *p = g_ptr_array_index(now, i);
        const cl_reg_key_t *b = g_hash_table_lookup(before, p);

        if (b == NULL) {
            add_event(events, CLUSTER_CHANGE_REGISTRY_NAME, p);
        } else if (!same_values(b, g_hash_table_lookup(after, p))) {
            add_event(events, CLUSTER_CHANGE_REGISTRY_VALUE, p);
        }
    }
}

/* ---- where a value is written ---- */

static bool
is_one_of(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (g_ascii_strcasecmp(name, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The home: element tag and id (in section), the set's kind and new id */
static int
home_set(cl_reg_home_t *home, const char *section, const char *tag,
         const char *id, const char *set_name, char *set_id)
{
    home->section = section;
    home->elem_tag = tag;
    home->elem_id = g_strdup(id);
    home->xpath = id != NULL
                      ? g_strdup_printf("/cib/configuration/%s//%s[@id='%s']",
                                        section, tag, id)
                      : g_strdup_printf("/cib/configuration/%s", tag);
    home->set_name = set_name;
    home->set_id = set_id;
    return 0;
}

void
clusapi__reg_home_clear(cl_reg_home_t *home)
{
    g_clear_pointer(&home->xpath, g_free);
    g_clear_pointer(&home->elem_id, g_free);
    g_clear_pointer(&home->set_id, g_free);
}

int
clusapi__reg_home(const cl_model_t *m, xmlNode *cib, const char *path,
                  const char *name, cl_reg_home_t *home)
{
    static const char *const rsc_own[] = { "Name", "Type", "Group" };
    static const char *const grp_own[] = { "Name", "Contains" };
    static const char *const node_own[] = { "NodeName", "NodeId" };
    reg_ctx_t c = { m, cib, NULL, NULL, NULL };
    cl_reg_key_t *k = key_at(&c, path);
    g_auto(GStrv) parts = NULL;
    const obj_t *o;
    xmlNode *e;
    int rc = -EACCES;

    memset(home, 0, sizeof(*home));
    if (k == NULL || name == NULL) {
        ctx_clear(&c);
        return -ENOENT;
    }
    clusapi__reg_key_free(k);
    if (path[0] == '\0') {
        ctx_clear(&c);
        return home_set(home, CL_XE_CRM_CONFIG, CL_XE_CRM_CONFIG, NULL,
                        "cluster_property_set",
                        g_strdup("cib-bootstrap-options"));
    }
    parts = g_strsplit(path, "\\", 4);
    if (g_strv_length(parts) < 2) {
        ctx_clear(&c);
        return -EACCES; /* a list */
    }
    if (g_ascii_strcasecmp(parts[0], "Resources") == 0
        && (o = object_named(m, CL_KIND_RESOURCE, parts[1])) != NULL
        && (e = config_elem(&c, o->id)) != NULL) {
        if (parts[2] == NULL && !is_one_of(name, rsc_own, 3)) {
            rc = home_set(home, CL_XE_RESOURCES, (const char *) e->name,
                          o->id, "meta_attributes",
                          g_strconcat(o->id, "-meta_attributes", NULL));
        } else if (parts[2] != NULL && (e = only_primitive(e)) != NULL) {
            rc = home_set(home, CL_XE_RESOURCES, CL_XE_PRIMITIVE,
                          attr(e, CL_XA_ID), CL_XE_INSTANCE_ATTRIBUTES,
                          g_strconcat(attr(e, CL_XA_ID),
                                      "-instance_attributes", NULL));
        }
    } else if (g_ascii_strcasecmp(parts[0], "Groups") == 0
               && parts[2] == NULL && !is_one_of(name, grp_own, 2)
               && (o = object_named(m, CL_KIND_GROUP, parts[1])) != NULL
               && (e = config_elem(&c, o->id)) != NULL
               && is_elem(e, CL_XE_GROUP)) {
        rc = home_set(home, CL_XE_RESOURCES, CL_XE_GROUP, o->id,
                      "meta_attributes",
                      g_strconcat(o->id, "-meta_attributes", NULL));
    } else if (g_ascii_strcasecmp(parts[0], "Nodes") == 0
               && (o = object_named(m, CL_KIND_NODE, parts[1])) != NULL
               && clusapi__find_cfg_node(cib, o->id) != NULL
               && (parts[2] != NULL || !is_one_of(name, node_own, 2))) {
        bool util = parts[2] != NULL;

        rc = home_set(home, CL_XE_NODES, CL_XE_NODE, o->id,
                      util ? "utilization" : CL_XE_INSTANCE_ATTRIBUTES,
                      g_strconcat("nodes-", o->id, util ? "-utilization"
                                                        : "",
                                  NULL));
    }
    ctx_clear(&c);
    return rc;
}

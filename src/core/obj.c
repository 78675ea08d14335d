/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * obj.c - the model's objects, their fingerprints, and the small lookups in
 * the CIB every part uses.
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

/* The owner of an object owned by no node (one pointer for all: owners
 * are compared as pointers, see owner_of). */
const char clusapi__no_owner[] = "";

void
clusapi__remote_free(gpointer p)
{
    remote_t *r = p;

    g_free(r->conn);
    g_free(r->container);
    g_free(r);
}

/* A record's failures go with it: an array of records frees them. */
void
clusapi__rec_free_failures(rec_t *r)
{
    if (r->failures != NULL) {
        g_ptr_array_unref(r->failures);
        r->failures = NULL;
    }
}

static void
nrec_clear(gpointer p)
{
    clusapi__rec_free_failures(&((nrec_t *) p)->rec);
}

GArray *
clusapi__nrecs_new(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(nrec_t));

    g_array_set_clear_func(a, nrec_clear);
    return a;
}

/* An entry with rid and its lrm id (the key of the maps, which free only
 * the entries: g_free) in its block */
lrm_ent_t *
clusapi__lrm_ent_new(const char *rid, const char *lrm_id)
{
    size_t rlen = strlen(rid) + 1, llen = strlen(lrm_id) + 1;
    lrm_ent_t *e = g_malloc0(sizeof(*e) + rlen + llen);

    e->rid = memcpy(e + 1, rid, rlen);
    e->id = memcpy(e->rid + rlen, lrm_id, llen);
    return e;
}

void
clusapi__orphan_free(gpointer p)
{
    orphan_t *o = p;

    g_free(o->node_id);
    g_free(o->lrm_id);
    g_ptr_array_unref(o->failures);
    g_free(o);
}

static void
unref_ptrs(GPtrArray *a)
{
    if (a != NULL) {
        g_ptr_array_unref(a);
    }
}

obj_t *
clusapi__obj_free(obj_t *o)
{
    if (o == NULL) {
        return NULL;
    }
    if (o->name != o->id) { /* o->id is in o's block */
        g_free(o->name);
    }
    switch (o->kind) {
        case CL_KIND_RESOURCE:
            if (o->group != o->id) {
                g_free(o->group);
            }
            if (o->recs != NULL) {
                g_array_unref(o->recs);
            }
            unref_ptrs(o->prims);
            unref_ptrs(o->ents);
            break;
        case CL_KIND_GROUP:
            unref_ptrs(o->members);
            unref_ptrs(o->mobjs);
            unref_ptrs(o->preferred);
            break;
        default:
            break;
    }
    g_free(o);
    return NULL;
}

void
clusapi__obj_destroy(gpointer p)
{
    clusapi__obj_free(p);
}

obj_t *
clusapi__obj_new(cl_kind_t kind, const char *id, const char *name)
{
    /* the id in the same block (objects are made for every resource a
     * configuration walk builds) */
    size_t len = strlen(id) + 1;
    obj_t *o = g_malloc0(sizeof(*o) + len);

    o->kind = kind;
    o->id = memcpy(o + 1, id, len);
    /* most objects are named by their id: then one string for both */
    o->name = name == NULL || strcmp(name, id) == 0 ? o->id : g_strdup(name);
    o->owner = clusapi__no_owner;
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

guint64
clusapi__fp_add(guint64 h, const char *s, size_t len)
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

/* An element's type, name and attributes (clusapi__fp_tree, fp_rsc) */
guint64
clusapi__fp_head(guint64 h, const xmlNode *n)
{
    unsigned char type = (unsigned char) n->type;

    h = clusapi__fp_add(h, (const char *) &type, 1);
    h = clusapi__fp_add(h, (const char *) n->name,
                        strlen((const char *) n->name) + 1);
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        const char *v = (a->children != NULL && a->children->content != NULL)
                            ? (const char *) a->children->content
                            : "";

        h = clusapi__fp_add(h, (const char *) a->name,
                   strlen((const char *) a->name) + 1);
        h = clusapi__fp_add(h, v, strlen(v) + 1);
    }
    return h;
}

/* Hash the tree itself (element and attribute names, values, text), not
 * a serialisation of it: no buffer, no escaping.  Each name and value is
 * hashed with its NUL, and ">" closes an element, so the structure is in
 * the hash too. */
guint64
clusapi__fp_tree(guint64 h, const xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE) {
        h = clusapi__fp_head(h, n);
        for (const xmlNode *c = n->children; c != NULL; c = c->next) {
            h = clusapi__fp_tree(h, c);
        }
        h = clusapi__fp_add(h, ">", 1);
    } else {
        unsigned char type = (unsigned char) n->type;

        h = clusapi__fp_add(h, (const char *) &type, 1);
        if (n->content != NULL) {
            h = clusapi__fp_add(h, (const char *) n->content,
                       strlen((const char *) n->content) + 1);
        }
    }
    return h;
}

guint64
clusapi__fp_node(guint64 h, xmlNode *n)
{
    return n != NULL ? clusapi__fp_tree(h, n) : clusapi__fp_add(h, "", 1);
}

xmlNode *
clusapi__cib_section(xmlNode *cib, const char *a, const char *b)
{
    xmlNode *n = first_elem(cib, a);

    return (b != NULL) ? first_elem(n, b) : n;
}

void
clusapi__model_emit(GPtrArray *events, uint32_t change, cl_kind_t kind,
                    const obj_t *o)
{
    if (events != NULL) {
        g_ptr_array_add(events, clusapi__event_new(change, kind, o->id,
                                                   o->name));
    }
}

int
clusapi__cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The keys of a table, sorted, in a new array. */
GPtrArray *
clusapi__sorted_keys(GHashTable *set)
{
    GPtrArray *arr = g_ptr_array_sized_new(g_hash_table_size(set));
    GHashTableIter fi;
    gpointer k;

    g_hash_table_iter_init(&fi, set);
    while (g_hash_table_iter_next(&fi, &k, NULL)) {
        g_ptr_array_add(arr, k);
    }
    if (arr->len > 1) {
        g_ptr_array_sort(arr, clusapi__cmp_str);
    }
    return arr;
}

xmlNode *
clusapi__find_node_state(xmlNode *cib, const char *node_id)
{
    return child_with_id(first_elem(cib, CL_XE_STATUS), CL_XE_NODE_STATE,
                         node_id);
}

xmlNode *
clusapi__find_cfg_node(xmlNode *cib, const char *node_id)
{
    return child_with_id(
        clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_NODES), CL_XE_NODE,
        node_id);
}

xmlNode *
clusapi__lrm_resources_of(xmlNode *ns)
{
    return first_elem(first_elem(ns, CL_XE_LRM), CL_XE_LRM_RESOURCES);
}

obj_t *
clusapi__node_by_name(const cl_model_t *m, GQuark name)
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

obj_t *
clusapi__node_obj(const cl_model_t *m, const char *id)
{
    return id != NULL ? g_hash_table_lookup(m->objs[CL_KIND_NODE], id) : NULL;
}

obj_t *
clusapi__node_state_obj(const cl_model_t *m, xmlNode *ns, GHashTable *seen)
{
    const char *id = is_elem(ns, CL_XE_NODE_STATE) ? attr(ns, CL_XA_ID)
                                                     : NULL;

    if (id == NULL || g_hash_table_contains(seen, id)) {
        return NULL;
    }
    g_hash_table_add(seen, (gpointer) id);
    return clusapi__node_obj(m, id);
}

int
clusapi__cmp_obj_id(gconstpointer a, gconstpointer b)
{
    return strcmp((*(const obj_t *const *) a)->id,
                  (*(const obj_t *const *) b)->id);
}

/* A set's members sorted by id, in place; their indices follow them. */
const objset_t *
clusapi__sorted_objs(objset_t *set)
{
    if (set->v == NULL) {
        return set;
    }
    g_ptr_array_sort(set->v, clusapi__cmp_obj_id);
    for (guint i = 0; i < set->v->len; i++) {
        g_hash_table_insert(set->pos, g_ptr_array_index(set->v, i),
                            GUINT_TO_POINTER(i + 1));
    }
    return set;
}

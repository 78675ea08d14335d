/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * touch.c - what a patchset touches: each change's path and created content
 * turned into the ids of the objects to recompute.
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

void
clusapi__touch_init(touch_t *t)
{
    memset(t, 0, sizeof(*t));
    strset_init(&t->res_ids);
    strset_init(&t->res_tops);
    strset_init(&t->res_own);
    strset_init(&t->node_ids);
    strset_init(&t->lrm_nodes);
    strset_init(&t->pair_nodes);
    strset_init(&t->idx_drop);
    t->idx_fix = g_ptr_array_new_with_free_func(g_free);
    t->agent_adds = g_ptr_array_new();
    t->pairs = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_ptr_array_unref);
}

void
clusapi__touch_clear(touch_t *t)
{
    strset_free(&t->res_ids);
    strset_free(&t->res_tops);
    strset_free(&t->res_own);
    strset_free(&t->node_ids);
    strset_free(&t->lrm_nodes);
    strset_free(&t->pair_nodes);
    strset_free(&t->idx_drop);
    g_ptr_array_unref(t->idx_fix);
    g_ptr_array_unref(t->agent_adds);
    g_ptr_array_unref(t->pairs);
}

/* Add an id, if there is one, to one of the touch's sets. */
static void
touch_add(strset_t *set, const char *id)
{
    if (id != NULL) {
        strset_add(set, id);
    }
}

/* One segment of a patchset path: "name[@id='x']", as pointers into the
 * path (nothing is copied: every change of every patchset has a path, and
 * most of its segments are only compared). */
typedef struct seg {
    const char *name;
    size_t nlen;
    const char *id; /* NULL: no [@id='...'] */
    size_t idlen;
} seg_t;

#define SEG_MAX_NAME 63

#define SEG_MAX_ID 255

/* The segment's name is lit (a string literal: its length is a constant) */
#define seg_is(seg, lit)                                                     \
    ((seg)->nlen == sizeof(lit) - 1                                          \
     && memcmp((seg)->name, lit, sizeof(lit) - 1) == 0)

/* A resource element's name (is_rsc_name) */
static bool
seg_is_rsc(const seg_t *s)
{
    return is_rsc_name_len(s->name, s->nlen);
}

/* The segment's id as a string in buf (SEG_MAX_ID + 1 bytes), or NULL */
static const char *
seg_id(const seg_t *s, char *buf)
{
    if (s->id == NULL) {
        return NULL;
    }
    memcpy(buf, s->id, s->idlen);
    buf[s->idlen] = '\0';
    return buf;
}

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

        p++;
        end = p + strcspn(p, "/[");
        segs[n].name = p;
        segs[n].nlen = (size_t) (end - p);
        segs[n].id = NULL;
        segs[n].idlen = 0;
        if (segs[n].nlen == 0 || segs[n].nlen > SEG_MAX_NAME) {
            return -1;
        }
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
                if (idlen > SEG_MAX_ID) {
                    return -1;
                }
                segs[n].id = p + 6;
                segs[n].idlen = idlen;
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
collect_resource_ids(touch_t *t, xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        if (is_rsc_elem(n)) {
            touch_add(&t->res_ids, attr(n, CL_XA_ID));
            collect_resource_ids(t, n->children);
        } else if (is_elem(n, CL_XE_RESOURCES)) {
            collect_resource_ids(t, n->children);
        }
    }
}

static void
add_pair(touch_t *t, const char *node_id, const char *lrm_id)
{
    int i;

    if (node_id == NULL || lrm_id == NULL) {
        return;
    }
    i = strset_index(&t->pair_nodes, node_id);
    if (i < 0) {
        i = (int) strset_size(&t->pair_nodes);
        strset_add(&t->pair_nodes, node_id);
        g_ptr_array_add(t->pairs, g_ptr_array_new_with_free_func(g_free));
    }
    g_ptr_array_add(g_ptr_array_index(t->pairs, i), g_strdup(lrm_id));
}

/* Whether text names a failure attribute (fail-count-..., last-failure-
 * ...): the histories of resources with a failure-timeout read them
 * (§6.6).  The controller's ids for them are "status-<node>-<name>". */
static bool
names_fail_attr(const char *text, size_t len)
{
    static const char *const words[] = { "fail-count-", "last-failure-" };

    for (size_t w = 0; text != NULL && w < G_N_ELEMENTS(words); w++) {
        size_t wl = strlen(words[w]);

        for (size_t i = 0; i + wl <= len; i++) {
            if (memcmp(text + i, words[w], wl) == 0) {
                return true;
            }
        }
    }
    return false;
}

/* Whether a created subtree holds a failure attribute. */
static bool
has_fail_attr(xmlNode *n)
{
    for (; n != NULL; n = n->next) {
        const char *name = attr(n, CL_XA_NAME);

        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if ((is_elem(n, "nvpair") && name != NULL
             && names_fail_attr(name, strlen(name)))
            || has_fail_attr(n->children)) {
            return true;
        }
    }
    return false;
}

/* Record what the subtree created under a status path touches. */
static void
touch_status_content(touch_t *t, const char *node_id, xmlNode *content)
{
    for (xmlNode *n = content; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (is_elem(n, "tickets")) {
            t->tickets = true;
        } else if (is_elem(n, CL_XE_NODE_STATE)) {
            touch_add(&t->node_ids, attr(n, CL_XA_ID));
            touch_add(&t->lrm_nodes, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM_RESOURCE)) {
            add_pair(t, node_id, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM) || is_elem(n, CL_XE_LRM_RESOURCES)) {
            touch_add(&t->lrm_nodes, node_id);
        } else if (node_id != NULL) {
            touch_add(&t->node_ids, node_id); /* transient attributes etc. */
            if (has_fail_attr(n->children)) {
                touch_add(&t->lrm_nodes, node_id); /* fail counts */
            }
        }
    }
}

/* One <change> of a patchset: its path's segments and what it does. */
typedef struct change {
    seg_t segs[16];
    int n;            /* segments */
    xmlNode *content; /* a create's new element */
    bool create, modify, del;
} change_t;

/* A change in the resources section (segs[2] is resources). */
static void
touch_resources(touch_t *t, const change_t *c, bool section)
{
    const seg_t *segs = c->segs;
    int n = c->n, last_rsc = 0;
    char idbuf[SEG_MAX_ID + 1];

    t->res_cfg = true;
    /* the top-level element the change is in: a created one is the
     * content of a create at the section.  Past a few dozen the whole
     * walk is as cheap: stop collecting. */
    if (t->res_full) {
        /* nothing to add */
    } else if (strset_size(&t->res_tops) >= TOUCH_MAX_TOPS) {
        t->res_full = true;
    } else if (n == 3 && c->create && c->content != NULL
               && is_rsc_elem(c->content)
               && attr(c->content, CL_XA_ID) != NULL) {
        touch_add(&t->res_tops, attr(c->content, CL_XA_ID));
    } else if (n > 3 && segs[3].idlen > 0 && seg_is_rsc(&segs[3])) {
        touch_add(&t->res_tops, seg_id(&segs[3], idbuf));
    } else {
        t->res_full = true;
    }
    /* the agents in use: a primitive or template created (its agents are
     * added) or deleted (with what it is in), or its attributes modified
     * (both: collected again) */
    if (section) {
        t->agents = true;
    } else if (c->create) {
        if (c->content != NULL && (is_rsc_elem(c->content)
                                   || is_elem(c->content, CL_XE_TEMPLATE))) {
            g_ptr_array_add(t->agent_adds, c->content);
        }
    } else if (c->del) {
        t->agents |= n == 3 || seg_is_rsc(&segs[n - 1])
                     || seg_is(&segs[n - 1], CL_XE_TEMPLATE);
    } else if (c->modify) {
        t->agents |= seg_is(&segs[n - 1], CL_XE_PRIMITIVE)
                     || seg_is(&segs[n - 1], CL_XE_TEMPLATE);
    }
    /* a template's operations are its primitives' (pe_history.c): a
     * template changed recomputes everything */
    if ((n > 3 && seg_is(&segs[3], CL_XE_TEMPLATE))
        || (c->content != NULL && is_elem(c->content, CL_XE_TEMPLATE))) {
        t->all = true;
    }
    for (int i = 3; i < n; i++) {
        if (seg_is_rsc(&segs[i])) {
            touch_add(&t->res_ids, seg_id(&segs[i], idbuf));
            last_rsc = i;
        }
    }
    /* the deepest resource on the path: the change is its own (a resource
     * created in it is new, not a change of it) */
    if (last_rsc > 0
        && !(c->create && c->content != NULL && is_rsc_elem(c->content))) {
        touch_add(&t->res_own, seg_id(&segs[last_rsc], idbuf));
    }
    if (c->content != NULL) {
        collect_resource_ids(t, c->content);
    }
}

/* A change in the configuration (segs[1] is configuration). */
static void
touch_configuration(touch_t *t, change_t *c)
{
    seg_t *segs = c->segs;
    bool section = false; /* a section created as a whole */
    char idbuf[SEG_MAX_ID + 1];

    if (c->n == 2 && c->create && c->content != NULL) {
        /* as a change of that section itself (op_defaults, rsc_defaults,
         * constraints, ... appear so) */
        segs[2].name = (const char *) c->content->name;
        segs[2].nlen = strlen(segs[2].name);
        segs[2].id = NULL;
        segs[2].idlen = 0;
        c->n = 3;
        c->create = false;
        section = true;
    }
    if (c->n == 2) {
        t->all = true;
    } else if (seg_is(&segs[2], CL_XE_CRM_CONFIG)
               || seg_is(&segs[2], CL_XE_RSC_DEFAULTS)
               || seg_is(&segs[2], CL_XE_OP_DEFAULTS)) {
        t->cluster_cfg = true; /* dc-version, last-lrm-refresh, ... */
    } else if (seg_is(&segs[2], CL_XE_NODES)) {
        if (c->n > 3) {
            touch_add(&t->node_ids, seg_id(&segs[3], idbuf));
        } else if (c->create && c->content != NULL
                   && is_elem(c->content, CL_XE_NODE)) {
            touch_add(&t->node_ids, attr(c->content, CL_XA_ID));
        } else {
            t->nodes_all = true;
        }
    } else if (seg_is(&segs[2], CL_XE_RESOURCES)) {
        touch_resources(t, c, section);
    } else if (seg_is(&segs[2], CL_XE_CONSTRAINTS)) {
        t->constraints = true;
    }
    /* alerts, tags, ...: not mapped (docs/mapping.md) */
}

/* Which nodes' lrm index a change in the status section leaves stale:
 * elements at or above lrm_resource created or freed make the node's
 * index stale (every node's, above node_state); for one lrm_resource
 * created or deleted, only its entry (the usual case: a resource's first
 * operation on a node). */
static void
touch_lrm_index(touch_t *t, const change_t *c, const char *node_id)
{
    const seg_t *segs = c->segs;
    int n = c->n;
    bool structural = c->create || c->del;
    /* the index holds lrm_resource elements: what is created or freed
     * beside lrm (transient_attributes, ...) leaves it as it is */
    bool idx_rel = structural
                   && (n < 4 ? !(n == 3 && c->create && c->content != NULL
                                 && !is_elem(c->content, CL_XE_LRM))
                             : seg_is(&segs[3], CL_XE_LRM));
    char idbuf[SEG_MAX_ID + 1];

    if (structural && (n < 3 || segs[2].idlen == 0)) {
        t->idx_drop_all = true;
    } else if (idx_rel && n >= 5 && n <= 6 && seg_is(&segs[3], CL_XE_LRM)
               && seg_is(&segs[4], CL_XE_LRM_RESOURCES)
               && (n == 5 ? c->create
                                && is_elem(c->content, CL_XE_LRM_RESOURCE)
                                && attr(c->content, CL_XA_ID) != NULL
                          : c->del && seg_is(&segs[5], CL_XE_LRM_RESOURCE)
                                && segs[5].idlen > 0)) {
        g_ptr_array_add(t->idx_fix, g_strdup(node_id));
        g_ptr_array_add(t->idx_fix,
                        g_strdup(n == 5 ? attr(c->content, CL_XA_ID)
                                        : seg_id(&segs[5], idbuf)));
    } else if (idx_rel && (n <= 5 || (n == 6 && !c->create))) {
        touch_add(&t->idx_drop, node_id);
    }
}

/* A change in the status section (segs[1] is status). */
static void
touch_status(touch_t *t, const change_t *c)
{
    const seg_t *segs = c->segs;
    int n = c->n;
    char node_buf[SEG_MAX_ID + 1], idbuf[SEG_MAX_ID + 1];
    const char *node_id = n > 2 ? seg_id(&segs[2], node_buf) : NULL;

    touch_lrm_index(t, c, node_id);
    if (n == 2) {
        if (c->create && c->content != NULL) {
            touch_status_content(t, NULL, c->content);
        } else {
            t->nodes_all = true;
            t->all = true;
        }
    } else if (!seg_is(&segs[2], CL_XE_NODE_STATE)) {
        t->tickets |= seg_is(&segs[2], "tickets"); /* else not a node's */
    } else if (node_id == NULL) {
        t->all = true;
    } else if (n == 3) {
        /* the node_state itself: deleted, moved or its attributes; or a
         * child created in it (transient attributes: the node only; its
         * lrm: the node's histories) */
        touch_add(&t->node_ids, node_id);
        if (c->create && c->content != NULL) {
            touch_status_content(t, node_id, c->content);
        } else if (!c->modify) {
            touch_add(&t->lrm_nodes, node_id);
        }
    } else if (!seg_is(&segs[3], CL_XE_LRM)) {
        touch_add(&t->node_ids, node_id); /* transient_attributes */
        if (names_fail_attr(segs[n - 1].id, segs[n - 1].idlen)
            || (c->create && has_fail_attr(c->content))) {
            touch_add(&t->lrm_nodes, node_id); /* fail counts */
        }
    } else if (n >= 6 && seg_is(&segs[5], CL_XE_LRM_RESOURCE)) {
        add_pair(t, node_id, seg_id(&segs[5], idbuf));
    } else if (c->create && c->content != NULL) {
        touch_status_content(t, node_id, c->content);
    } else {
        touch_add(&t->lrm_nodes, node_id);
    }
}

/* Whether a modify sets or removes its element's id attribute: in its
 * change-list, or in its change-result, whose attributes Pacemaker gives
 * the element (xml_apply_patchset: all of them, whatever the list says). */
static bool
changes_id(xmlNode *change, const change_t *c)
{
    xmlNode *result = first_elem(first_elem(change, "change-result"), NULL);
    char idbuf[SEG_MAX_ID + 1];
    const char *path_id = c->n > 0 && c->segs[c->n - 1].idlen > 0
                              ? seg_id(&c->segs[c->n - 1], idbuf)
                              : NULL;

    for (xmlNode *a = first_elem(first_elem(change, "change-list"),
                                 "change-attr");
         a != NULL; a = a->next) {
        if (is_elem(a, "change-attr") && str_eq0(attr(a, CL_XA_NAME), "id")) {
            return true;
        }
    }
    return result != NULL && g_strcmp0(attr(result, CL_XA_ID), path_id) != 0;
}

/* Classify one <change>.  Returns 0 or -EPROTO. */
static int
touch_change(touch_t *t, xmlNode *change)
{
    change_t c = { .n = 0 };
    const char *op = attr(change, CL_XA_OPERATION);

    c.n = split_path(attr(change, CL_XA_PATH), c.segs, 16);
    c.create = str_eq0(op, "create");
    c.modify = !c.create && str_eq0(op, "modify");
    c.del = !c.create && !c.modify && str_eq0(op, "delete");
    if (c.n < 1 || op == NULL || !seg_is(&c.segs[0], CL_XE_CIB)) {
        return -EPROTO;
    }
    if (!c.create && !c.modify && !c.del && !str_eq0(op, "move")) {
        return -EPROTO;
    }
    if (c.create) {
        c.content = first_elem(change, NULL);
    }
    if (c.modify && changes_id(change, &c)) {
        /* an element that takes another id is one deleted and another
         * created, wherever it is: every object and index from scratch
         * (a diff of Pacemaker's own shows it so; a modify may too) */
        t->all = true;
        t->idx_drop_all = true;
        return 0;
    }
    if (c.n == 1) {
        if (c.modify) {
            t->cib_attrs = true; /* versions, have-quorum, dc-uuid */
        } else {
            t->all = true;
        }
    } else if (seg_is(&c.segs[1], CL_XE_CONFIGURATION)) {
        touch_configuration(t, &c);
    } else if (seg_is(&c.segs[1], CL_XE_STATUS)) {
        touch_status(t, &c);
    }
    return 0;
}

int
clusapi__touch_patchset(touch_t *t, xmlNode *patchset)
{
    int rc = 0;

    if (!is_elem(patchset, CL_XE_DIFF)
        || !str_eq0(attr(patchset, "format"), "2")) {
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

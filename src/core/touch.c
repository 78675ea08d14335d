/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * touch.c - what a patchset touches: each change's path and created content turned into the ids of the objects to recompute.
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
    strset_init(&t->res_ids);
    strset_init(&t->res_tops);
    strset_init(&t->res_own);
    strset_init(&t->node_ids);
    strset_init(&t->lrm_nodes);
    strset_init(&t->pair_nodes);
    strset_init(&t->idx_drop);
    t->idx_fix = g_ptr_array_new();
    t->agent_adds = g_ptr_array_new();
    t->pairs = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_ptr_array_unref);
    t->blocks = g_ptr_array_new_with_free_func(g_free);
    t->big = g_ptr_array_new_with_free_func(g_free);
}

/* Ready for the next patchset: the tables, arrays and blocks are kept (a
 * patchset is usually small, and creating them was a fixed cost per
 * patchset). */
void
clusapi__touch_reset(touch_t *t)
{
    t->all = t->cluster_cfg = t->res_cfg = t->nodes_all = false;
    t->agents = false;
    clusapi__empty_array(t->agent_adds);
    t->constraints = false;
    t->cib_attrs = false;
    t->idx_drop_all = false;
    strset_clear(&t->idx_drop);
    clusapi__empty_array(t->idx_fix);
    strset_clear(&t->res_ids);
    strset_clear(&t->res_tops);
    strset_clear(&t->res_own);
    t->res_full = false;
    strset_clear(&t->node_ids);
    strset_clear(&t->lrm_nodes);
    for (guint i = 0; i < strset_size(&t->pair_nodes); i++) {
        g_ptr_array_set_size(g_ptr_array_index(t->pairs, i), 0);
    }
    strset_clear(&t->pair_nodes);
    if (t->blocks->len > 16) { /* after a big patchset */
        g_ptr_array_set_size(t->blocks, 16);
    }
    t->blocks_used = 0;
    t->block_fill = 0;
    clusapi__empty_array(t->big);
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
    g_ptr_array_unref(t->blocks);
    g_ptr_array_unref(t->big);
}

/* A copy of id that lives until the next clusapi__touch_reset. */
static char *
touch_dup(touch_t *t, const char *id)
{
    size_t len = strlen(id) + 1;
    char *p;

    if (len > TOUCH_BLOCK) {
        p = g_memdup2(id, len);
        g_ptr_array_add(t->big, p);
        return p;
    }
    if (t->blocks_used == 0 || t->block_fill + len > TOUCH_BLOCK) {
        if (t->blocks_used == t->blocks->len) {
            g_ptr_array_add(t->blocks, g_malloc(TOUCH_BLOCK));
        }
        t->blocks_used++;
        t->block_fill = 0;
    }
    p = (char *) g_ptr_array_index(t->blocks, t->blocks_used - 1)
        + t->block_fill;
    memcpy(p, id, len);
    t->block_fill += len;
    return p;
}

/* Add an id to one of the touch's sets. */
void
clusapi__touch_add(touch_t *t, strset_t *set, const char *id)
{
    if (id != NULL && !strset_has(set, id)) {
        strset_add_new(set, touch_dup(t, id));
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
            clusapi__touch_add(t, &t->res_ids, attr(n, CL_XA_ID));
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
        strset_add_new(&t->pair_nodes, touch_dup(t, node_id));
        if ((guint) i == t->pairs->len) {
            g_ptr_array_add(t->pairs, g_ptr_array_new());
        }
    }
    g_ptr_array_add(g_ptr_array_index(t->pairs, i), touch_dup(t, lrm_id));
}

/* Record what the subtree created under a status path touches. */
static void
touch_status_content(touch_t *t, const char *node_id, xmlNode *content)
{
    for (xmlNode *n = content; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (is_elem(n, CL_XE_NODE_STATE)) {
            clusapi__touch_add(t, &t->node_ids, attr(n, CL_XA_ID));
            clusapi__touch_add(t, &t->lrm_nodes, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM_RESOURCE)) {
            add_pair(t, node_id, attr(n, CL_XA_ID));
        } else if (is_elem(n, CL_XE_LRM) || is_elem(n, CL_XE_LRM_RESOURCES)) {
            clusapi__touch_add(t, &t->lrm_nodes, node_id);
        } else if (node_id != NULL) {
            clusapi__touch_add(t, &t->node_ids, node_id); /* transient attributes etc. */
        }
    }
}

/* Classify one <change>.  Returns 0 or -EPROTO. */
static int
touch_change(touch_t *t, xmlNode *change)
{
    seg_t segs[16];
    char idbuf[SEG_MAX_ID + 1];
    const char *op = attr(change, CL_XA_OPERATION);
    const char *path = attr(change, CL_XA_PATH);
    int n = split_path(path, segs, 16);
    xmlNode *content = NULL;
    bool create = str_eq0(op, "create");
    bool modify = !create && str_eq0(op, "modify");
    bool del = !create && !modify && str_eq0(op, "delete");

    if (n < 1 || op == NULL || !seg_is(&segs[0], CL_XE_CIB)) {
        return -EPROTO;
    }
    if (!create && !modify && !del && !str_eq0(op, "move")) {
        return -EPROTO;
    }
    if (create) {
        content = first_elem(change, NULL);
    }

    if (n == 1) {
        if (modify) {
            t->cib_attrs = true; /* versions, have-quorum, dc-uuid */
            return 0;
        }
        t->all = true;
        return 0;
    }
    if (seg_is(&segs[1], CL_XE_CONFIGURATION)) {
        bool section = false; /* a section created as a whole */

        if (n == 2 && create && content != NULL) {
            /* as a change of that section itself (op_defaults,
             * rsc_defaults, constraints, ... appear so) */
            segs[2].name = (const char *) content->name;
            segs[2].nlen = strlen(segs[2].name);
            segs[2].id = NULL;
            segs[2].idlen = 0;
            n = 3;
            create = false;
            section = true;
        }
        if (n == 2) {
            t->all = true;
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_CRM_CONFIG)) {
            t->cluster_cfg = true; /* dc-version, last-lrm-refresh, ... */
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_RSC_DEFAULTS)
            || seg_is(&segs[2], CL_XE_OP_DEFAULTS)) {
            t->cluster_cfg = true;
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_NODES)) {
            if (n == 3) {
                if (create && content != NULL && is_elem(content, CL_XE_NODE)) {
                    clusapi__touch_add(t, &t->node_ids, attr(content, CL_XA_ID));
                } else {
                    t->nodes_all = true;
                }
            } else {
                clusapi__touch_add(t, &t->node_ids, seg_id(&segs[3], idbuf));
            }
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_RESOURCES)) {
            int last_rsc = 0;

            t->res_cfg = true;
            /* the top-level element the change is in: a created one is
             * the content of a create at the section.  Past a few dozen
             * the whole walk is as cheap: stop collecting. */
            if (t->res_full) {
                /* nothing to add */
            } else if (strset_size(&t->res_tops) >= TOUCH_MAX_TOPS) {
                t->res_full = true;
            } else if (n == 3 && create && content != NULL
                       && is_rsc_elem(content)
                       && attr(content, CL_XA_ID) != NULL) {
                clusapi__touch_add(t, &t->res_tops, attr(content, CL_XA_ID));
            } else if (n > 3 && segs[3].idlen > 0 && seg_is_rsc(&segs[3])) {
                clusapi__touch_add(t, &t->res_tops, seg_id(&segs[3], idbuf));
            } else {
                t->res_full = true;
            }
            /* the agents in use: a primitive or template created (its
             * agents are added) or deleted (with what it is in), or its
             * attributes modified (both: collected again) */
            if (section) {
                t->agents = true;
            } else if (create) {
                if (content != NULL && (is_rsc_elem(content)
                                        || is_elem(content, CL_XE_TEMPLATE))) {
                    g_ptr_array_add(t->agent_adds, content);
                }
            } else if (del) {
                t->agents |= n == 3 || seg_is_rsc(&segs[n - 1])
                             || seg_is(&segs[n - 1], CL_XE_TEMPLATE);
            } else if (modify) {
                t->agents |= seg_is(&segs[n - 1], CL_XE_PRIMITIVE)
                             || seg_is(&segs[n - 1], CL_XE_TEMPLATE);
            }
            for (int i = 3; i < n; i++) {
                if (seg_is_rsc(&segs[i])) {
                    clusapi__touch_add(t, &t->res_ids, seg_id(&segs[i], idbuf));
                    last_rsc = i;
                }
            }
            /* the deepest resource on the path: the change is its own (a
             * resource created in it is new, not a change of it) */
            if (last_rsc > 0
                && !(create && content != NULL && is_rsc_elem(content))) {
                clusapi__touch_add(t, &t->res_own, seg_id(&segs[last_rsc], idbuf));
            }
            if (content != NULL) {
                collect_resource_ids(t, content);
            }
            return 0;
        }
        if (seg_is(&segs[2], CL_XE_CONSTRAINTS)) {
            t->constraints = true;
        }
        /* alerts, tags, ...: not mapped (docs/mapping.md) */
        return 0;
    }
    if (seg_is(&segs[1], CL_XE_STATUS)) {
        char node_buf[SEG_MAX_ID + 1];
        const char *node_id = n > 2 ? seg_id(&segs[2], node_buf) : NULL;
        bool structural = create || del;
        /* the index holds lrm_resource elements: what is created or
         * freed beside lrm (transient_attributes, ...) leaves it as it is */
        bool idx_rel = structural
                       && (n < 4 ? !(n == 3 && create && content != NULL
                                     && !is_elem(content, CL_XE_LRM))
                                 : seg_is(&segs[3], CL_XE_LRM));

        /* elements at or above lrm_resource created or freed: the lrm
         * index of the node (of every node, above node_state) is stale;
         * for one lrm_resource created or deleted, only its entry (the
         * usual case: a resource's first operation on a node) */
        if (structural && (n < 3 || segs[2].idlen == 0)) {
            t->idx_drop_all = true;
        } else if (idx_rel && n >= 5 && n <= 6
                   && seg_is(&segs[3], CL_XE_LRM)
                   && seg_is(&segs[4], CL_XE_LRM_RESOURCES)
                   && (n == 5 ? create && is_elem(content, CL_XE_LRM_RESOURCE)
                                    && attr(content, CL_XA_ID) != NULL
                              : del && seg_is(&segs[5], CL_XE_LRM_RESOURCE)
                                    && segs[5].idlen > 0)) {
            g_ptr_array_add(t->idx_fix, touch_dup(t, node_id));
            g_ptr_array_add(t->idx_fix,
                            touch_dup(t, n == 5 ? attr(content, CL_XA_ID)
                                                : seg_id(&segs[5], idbuf)));
        } else if (idx_rel && (n <= 5 || (n == 6 && !create))) {
            clusapi__touch_add(t, &t->idx_drop, node_id);
        }
        if (n == 2) {
            if (create && content != NULL) {
                touch_status_content(t, NULL, content);
            } else {
                t->nodes_all = true;
                t->all = true;
            }
            return 0;
        }
        if (!seg_is(&segs[2], CL_XE_NODE_STATE)) {
            return 0;
        }
        if (node_id == NULL) {
            t->all = true;
            return 0;
        }
        if (n == 3) {
            /* the node_state itself: deleted, moved or its attributes; or
             * a child created in it (transient attributes: the node only;
             * its lrm: the node's histories) */
            clusapi__touch_add(t, &t->node_ids, node_id);
            if (create && content != NULL) {
                touch_status_content(t, node_id, content);
            } else if (!modify) {
                clusapi__touch_add(t, &t->lrm_nodes, node_id);
            }
            return 0;
        }
        if (!seg_is(&segs[3], CL_XE_LRM)) {
            clusapi__touch_add(t, &t->node_ids, node_id); /* transient_attributes */
            return 0;
        }
        if (n >= 6 && seg_is(&segs[5], CL_XE_LRM_RESOURCE)) {
            add_pair(t, node_id, seg_id(&segs[5], idbuf));
            return 0;
        }
        if (create && content != NULL) {
            touch_status_content(t, node_id, content);
        } else {
            clusapi__touch_add(t, &t->lrm_nodes, node_id);
        }
        return 0;
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

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * failures.c - the failed actions of the model (clusapi__model_failures).
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

/* crm_mon lists a failed action only under a key parse_op_key reads (with
 * no interval asked: a word, '_', a word, '_', ...) */
static bool
op_key_readable(const char *key)
{
    const char *u = strchr(key, '_');

    return u != NULL && strchr(u + 1, '_') != NULL;
}

static int
failure_cmp(gconstpointer a, gconstpointer b)
{
    const cl_model_failure_t *x = a, *y = b;
    int c = clusapi__pe_node_name_cmp(x->node, y->node);

    if (c == 0 && x->f->lrm_pos != y->f->lrm_pos) {
        c = x->f->lrm_pos < y->f->lrm_pos ? -1 : 1;
    }
    return c != 0 ? c : strcmp(x->rsc, y->rsc);
}

static void
rsc_failures(const obj_t *r, GArray *out)
{
    for (guint i = 0; i < r->recs->len; i++) {
        const nrec_t *e = &g_array_index(r->recs, nrec_t, i);
        const GPtrArray *fs = e->rec.failures;

        for (guint j = 0; fs != NULL && j < fs->len; j++) {
            cl_model_failure_t mf = { r->name, e->node->name,
                                      g_ptr_array_index(fs, j) };

            g_array_append_val(out, mf);
        }
    }
}

void
clusapi__model_failures(const cl_model_t *m, const char *rsc_id, GArray *out)
{
    g_autoptr(GArray) all = g_array_new(FALSE, FALSE,
                                        sizeof(cl_model_failure_t));

    if (rsc_id != NULL) {
        obj_t *r = g_hash_table_lookup(m->objs[CL_KIND_RESOURCE], rsc_id);

        if (r != NULL) {
            rsc_failures(r, all);
        }
    } else {
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, m->objs[CL_KIND_RESOURCE]);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            rsc_failures(v, all);
        }
        /* and the orphans', named by their histories (as crm_mon names
         * them), of nodes still there and ids no resource took since */
        g_hash_table_iter_init(&it, m->orphans);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            const orphan_t *o = v;
            obj_t *node = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                              o->node_id);

            for (guint j = 0;
                 node != NULL && clusapi__ent_on(m, o->lrm_id, node) == NULL
                 && j < o->failures->len;
                 j++) {
                cl_model_failure_t mf = { o->lrm_id, node->name,
                                          g_ptr_array_index(o->failures, j) };

                g_array_append_val(all, mf);
            }
        }
    }
    /* stable: a history's order stays */
    g_array_sort(all, failure_cmp);
    for (guint i = 0; i < all->len; i++) {
        const cl_model_failure_t *mf = &g_array_index(all, cl_model_failure_t,
                                                      i);
        bool dup = false;

        /* a key once per node: clone instances on one node are one
         * history each (record_failed_op looks at the whole node) */
        for (guint j = i; j-- > 0 && !dup;) {
            const cl_model_failure_t *o = &g_array_index(
                all, cl_model_failure_t, j);

            if (strcmp(o->node, mf->node) != 0) {
                break;
            }
            dup = clusapi__pe_failure_same(m->opts.pcmk, o->f, mf->f);
        }
        if (!dup && !mf->f->masked && op_key_readable(mf->f->key)) {
            g_array_append_val(out, *mf);
        }
    }
}

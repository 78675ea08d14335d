/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * check.c - the model's oracle (see check.h): snapshots of what the API
 * answers, and the comparison of an updated model with a fresh load and
 * with the events of the update.  Used by the fixture replays, the fuzz
 * target and the engine's CLUSAPI_CHECK_MODEL mode.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "clusapi.h"
#include "core/check.h"
#include "core/model_int.h"
#include "core/names.h"

/* Mismatches described at most (the first ones). */
#define CHECK_MAX_LINES 8

/* A value as a snapshot writes it: "%XX" for '%', the separators ' ',
 * '=' and ',' and control characters, so that a line splits on them
 * whatever the CIB's ids hold.  NULL reads as "(null)". */
static void
append_escaped(GString *out, const char *v)
{
    if (v == NULL) {
        v = "(null)";
    }
    for (const unsigned char *c = (const unsigned char *) v; *c != '\0';
         c++) {
        if (*c < 0x20 || *c == '%' || *c == ' ' || *c == '=' || *c == ',') {
            g_string_append_printf(out, "%%%02X", *c);
        } else {
            g_string_append_c(out, (char) *c);
        }
    }
}

static char *
escaped(const char *v)
{
    GString *out = g_string_new(NULL);

    append_escaped(out, v);
    return g_string_free(out, FALSE);
}

static char *
join_list(const GPtrArray *list)
{
    GString *s = g_string_new(NULL);

    for (guint j = 0; list != NULL && j < list->len; j++) {
        if (j > 0) {
            g_string_append_c(s, ',');
        }
        append_escaped(s, g_ptr_array_index(list, j));
    }
    return g_string_free(s, FALSE);
}

static char *
object_line(const cl_model_t *m, cl_kind_t kind, const char *id)
{
    g_autofree char *e_id = escaped(id);
    g_autofree char *name = escaped(clusapi__model_name(m, kind, id));
    g_autofree char *owner = NULL;
    g_autofree char *group = NULL;
    const char *o = NULL, *g = NULL;
    int st;

    switch (kind) {
        case CL_KIND_NODE:
            return g_strdup_printf(
                "node %s name=%s state=%s", e_id, name,
                clusapi__node_state_name(clusapi__model_node_state(m, id)));
        case CL_KIND_GROUP: {
            g_autofree char *members = NULL;
            g_autofree char *preferred = NULL;

            /* the members and preferred nodes too: a partial configuration
             * walk must leave the same groups as a whole one */
            st = clusapi__model_group_state(m, id, &o);
            owner = escaped(o);
            members = join_list(clusapi__model_group_members(m, id));
            preferred = join_list(clusapi__model_group_preferred(m, id));
            return g_strdup_printf("group %s name=%s state=%s owner=%s "
                                   "members=%s preferred=%s", e_id, name,
                                   clusapi__group_state_name(st), owner,
                                   members, preferred);
        }
        default:
            st = clusapi__model_resource_state(m, id, &o, &g);
            owner = escaped(o);
            group = escaped(g);
            return g_strdup_printf("resource %s name=%s state=%s owner=%s "
                                   "group=%s", e_id, name,
                                   clusapi__resource_state_name(st), owner,
                                   group);
    }
}

GPtrArray *
clusapi__model_snapshot(const cl_model_t *m)
{
    static const cl_kind_t kinds[] = { CL_KIND_NODE, CL_KIND_GROUP,
                                       CL_KIND_RESOURCE };
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) types = clusapi__model_list(m, CL_KIND_RESTYPE);
    g_autoptr(GArray) fs = g_array_new(FALSE, FALSE,
                                       sizeof(cl_model_failure_t));

    g_autofree char *cluster = escaped(clusapi__model_cluster_name(m));

    g_ptr_array_add(lines, g_strdup_printf("cluster %s", cluster));
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        g_autoptr(GPtrArray) ids = clusapi__model_list(m, kinds[k]);

        for (guint i = 0; i < ids->len; i++) {
            g_ptr_array_add(lines, object_line(m, kinds[k],
                                               g_ptr_array_index(ids, i)));
        }
    }
    /* the agents in use: the walks collect them only when a change may
     * have changed them */
    for (guint i = 0; i < types->len; i++) {
        g_autofree char *t = escaped(g_ptr_array_index(types, i));

        g_ptr_array_add(lines, g_strdup_printf("restype %s", t));
    }
    /* the failed actions, kept with the records */
    clusapi__model_failures(m, NULL, fs);
    for (guint i = 0; i < fs->len; i++) {
        const cl_model_failure_t *mf = &g_array_index(fs, cl_model_failure_t,
                                                      i);
        g_autofree char *rsc = escaped(mf->rsc);
        g_autofree char *node = escaped(mf->node);
        g_autofree char *key = escaped(mf->f->key);

        g_ptr_array_add(lines, g_strdup_printf(
                                   "failure %s %s %s rc=%d status=%d call=%d",
                                   rsc, node, key, mf->f->rc, mf->f->status,
                                   mf->f->call));
    }
    return lines;
}

/* ---- a fresh load as m would make it ---- */

static GHashTable *
copy_table(GHashTable *from, gsize value_size)
{
    GHashTable *to;
    GHashTableIter it;
    gpointer k, v;

    if (from == NULL) {
        return NULL;
    }
    to = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                               value_size > 0 ? g_free : NULL);
    g_hash_table_iter_init(&it, from);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_hash_table_replace(to, g_strdup(k),
                             value_size > 0 ? g_memdup2(v, value_size) : v);
    }
    return to;
}

/* A new model with m's settings and Corosync view, loaded from cib. */
static cl_model_t *
fresh_load(const cl_model_t *m, xmlNode *cib)
{
    cl_model_t *f = clusapi__model_new();

    f->opts.pcmk = m->opts.pcmk;
    f->clock = m->clock;
    g_hash_table_unref(f->cs_left);
    g_hash_table_unref(f->cs_join);
    f->cs_nodes = copy_table(m->cs_nodes, 0);
    f->cs_left = copy_table(m->cs_left, 0);
    f->cs_join = copy_table(m->cs_join, sizeof(gint64));
    clusapi__model_load(f, cib, NULL);
    return f;
}

/* ---- the events that explain a change ---- */

typedef struct check {
    GString *out;
    unsigned n;
    GHashTable *evs; /* "CHANGE_NAME id" of each event */
} check_t;

static void G_GNUC_PRINTF(2, 3)
mismatch(check_t *c, const char *fmt, ...)
{
    va_list ap;

    if (c->n++ >= CHECK_MAX_LINES) {
        return;
    }
    va_start(ap, fmt);
    g_string_append_vprintf(c->out, fmt, ap);
    va_end(ap);
    g_string_append_c(c->out, '\n');
}

/* id: as the snapshot writes it (escaped) */
static bool
has_event(const check_t *c, uint32_t change, const char *id)
{
    g_autofree char *key = g_strdup_printf("%s %s",
                                           clusapi__change_name(change), id);

    return g_hash_table_contains(c->evs, key);
}

static void
need_event(check_t *c, uint32_t change, const char *id, const char *why)
{
    if (!has_event(c, change, id)) {
        mismatch(c, "no %s %s (%s)", clusapi__change_name(change), id, why);
    }
}

/* "kind id" -> the line's fields ("name" -> value, ...) */
static GHashTable *
parse_snapshot(const GPtrArray *lines)
{
    GHashTable *objs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify)
                                                 g_hash_table_unref);

    for (guint i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index(lines, i);
        g_auto(GStrv) w = NULL;
        GHashTable *f;

        if (g_str_has_prefix(line, "cluster ")) {
            f = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      g_free);
            g_hash_table_replace(f, g_strdup("name"),
                                 g_strdup(line + strlen("cluster ")));
            g_hash_table_replace(objs, g_strdup("cluster"), f);
            continue;
        }
        w = g_strsplit(line, " ", -1);
        if (w[0] == NULL || w[1] == NULL
            || !(strcmp(w[0], "node") == 0 || strcmp(w[0], "group") == 0
                 || strcmp(w[0], "resource") == 0)) {
            continue;
        }
        f = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        for (guint j = 2; w[j] != NULL; j++) {
            char *eq = strchr(w[j], '=');

            if (eq != NULL) {
                g_hash_table_replace(f, g_strndup(w[j], eq - w[j]),
                                     g_strdup(eq + 1));
            }
        }
        g_hash_table_replace(objs, g_strdup_printf("%s %s", w[0], w[1]), f);
    }
    return objs;
}

static bool
field_differs(GHashTable *a, GHashTable *b, const char *name)
{
    return g_strcmp0(g_hash_table_lookup(a, name),
                     g_hash_table_lookup(b, name)) != 0;
}

typedef struct kind_changes {
    const char *word;
    uint32_t added, deleted, state;
} kind_changes_t;

static const kind_changes_t change_kinds[] = {
    { "node", CLUSTER_CHANGE_NODE_ADDED, CLUSTER_CHANGE_NODE_DELETED,
      CLUSTER_CHANGE_NODE_STATE },
    { "group", CLUSTER_CHANGE_GROUP_ADDED, CLUSTER_CHANGE_GROUP_DELETED,
      CLUSTER_CHANGE_GROUP_STATE },
    { "resource", CLUSTER_CHANGE_RESOURCE_ADDED,
      CLUSTER_CHANGE_RESOURCE_DELETED, CLUSTER_CHANGE_RESOURCE_STATE },
};

static const kind_changes_t *
kind_of(const char *key, const char **ret_id)
{
    for (size_t k = 0; k < G_N_ELEMENTS(change_kinds); k++) {
        size_t len = strlen(change_kinds[k].word);

        if (strncmp(key, change_kinds[k].word, len) == 0 && key[len] == ' ') {
            *ret_id = key + len + 1;
            return &change_kinds[k];
        }
    }
    return NULL;
}

/* One object present before and after. */
static void
check_changed(check_t *c, const kind_changes_t *kc, const char *id,
              GHashTable *was, GHashTable *now)
{
    if (has_event(c, kc->added, id) && has_event(c, kc->deleted, id)) {
        return; /* replaced: read it anew */
    }
    if (field_differs(was, now, "state")) {
        need_event(c, kc->state, id, "its state changed");
    }
    if (kc->state == CLUSTER_CHANGE_NODE_STATE
        && field_differs(was, now, "name")) {
        need_event(c, CLUSTER_CHANGE_NODE_PROPERTY, id, "its name changed");
    }
    if (kc->state == CLUSTER_CHANGE_GROUP_STATE
        && (field_differs(was, now, "members")
            || field_differs(was, now, "preferred"))) {
        need_event(c, CLUSTER_CHANGE_GROUP_PROPERTY, id,
                   "its members or preferred nodes changed");
    }
}

static void
check_events(check_t *c, const GPtrArray *before, const GPtrArray *after,
             const GPtrArray *events)
{
    g_autoptr(GHashTable) was = parse_snapshot(before);
    g_autoptr(GHashTable) now = parse_snapshot(after);
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    GHashTable *cw, *cn;
    GHashTableIter it;
    gpointer k;

    for (guint i = 0; i < events->len; i++) {
        const cl_event_t *ev = g_ptr_array_index(events, i);
        const char *name = clusapi__change_name(ev->change);
        g_autofree char *id = escaped(ev->id != NULL ? ev->id : "");

        g_hash_table_add(c->evs, g_strdup_printf("%s %s",
                                                 name ? name : "?", id));
    }
    cw = g_hash_table_lookup(was, "cluster");
    cn = g_hash_table_lookup(now, "cluster");
    if (cw != NULL && cn != NULL && field_differs(cw, cn, "name")) {
        need_event(c, CLUSTER_CHANGE_CLUSTER_PROPERTY, "",
                   "the cluster's name changed");
    }
    /* in snapshot order, so the first mismatches are reported stably */
    for (int t = 0; t < 2; t++) {
        g_hash_table_iter_init(&it, t == 0 ? was : now);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            g_ptr_array_add(keys, k);
        }
    }
    g_ptr_array_sort(keys, clusapi__cmp_str);
    for (guint i = 0; i < keys->len; i++) {
        const char *key = g_ptr_array_index(keys, i);
        GHashTable *fw = g_hash_table_lookup(was, key);
        GHashTable *fn = g_hash_table_lookup(now, key);
        const kind_changes_t *kc;
        const char *id;

        if (i > 0 && strcmp(key, g_ptr_array_index(keys, i - 1)) == 0) {
            continue;
        }
        kc = kind_of(key, &id);
        if (kc == NULL) {
            continue;
        }
        if (fw == NULL) {
            need_event(c, kc->added, id, "it is new");
        } else if (fn == NULL) {
            need_event(c, kc->deleted, id, "it is gone");
        } else {
            check_changed(c, kc, id, fw, fn);
        }
    }
}

/* The lines of a that b does not have, and of b that a does not have. */
static void
check_same(check_t *c, const GPtrArray *fresh, const GPtrArray *model)
{
    g_autoptr(GHashTable) in_fresh = g_hash_table_new(g_str_hash,
                                                      g_str_equal);
    g_autoptr(GHashTable) in_model = g_hash_table_new(g_str_hash,
                                                      g_str_equal);

    for (guint i = 0; i < fresh->len; i++) {
        g_hash_table_add(in_fresh, g_ptr_array_index(fresh, i));
    }
    for (guint i = 0; i < model->len; i++) {
        g_hash_table_add(in_model, g_ptr_array_index(model, i));
    }
    for (guint i = 0; i < fresh->len; i++) {
        if (!g_hash_table_contains(in_model, g_ptr_array_index(fresh, i))) {
            mismatch(c, "- %s (a fresh load only)",
                     (const char *) g_ptr_array_index(fresh, i));
        }
    }
    for (guint i = 0; i < model->len; i++) {
        if (!g_hash_table_contains(in_fresh, g_ptr_array_index(model, i))) {
            mismatch(c, "+ %s (the model only)",
                     (const char *) g_ptr_array_index(model, i));
        }
    }
    if (c->n == 0 && fresh->len == model->len) {
        for (guint i = 0; i < fresh->len; i++) {
            if (strcmp(g_ptr_array_index(fresh, i),
                       g_ptr_array_index(model, i)) != 0) {
                mismatch(c, "the same lines in another order, first: %s",
                         (const char *) g_ptr_array_index(model, i));
                break;
            }
        }
    }
}

char *
clusapi__model_check(const cl_model_t *m, xmlNode *cib,
                     const GPtrArray *before, const GPtrArray *events)
{
    cl_model_t *f = fresh_load(m, cib);
    g_autoptr(GPtrArray) fresh = clusapi__model_snapshot(f);
    g_autoptr(GPtrArray) snap = clusapi__model_snapshot(m);
    check_t c = {
        .out = g_string_new(NULL),
        .evs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };

    clusapi__model_free(f);
    check_same(&c, fresh, snap);
    if (before != NULL && events != NULL) {
        check_events(&c, before, snap, events);
    }
    g_hash_table_unref(c.evs);
    if (c.n == 0) {
        g_string_free(c.out, TRUE);
        return NULL;
    }
    if (c.n > CHECK_MAX_LINES) {
        g_string_append_printf(c.out, "(%u more)\n", c.n - CHECK_MAX_LINES);
    }
    return g_string_free(c.out, FALSE);
}

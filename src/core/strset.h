/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strset.h - a set of strings, in the order they came, that owns a copy
 * of each member: the ids one patchset touches (model_int.h's touch_t).
 * An empty set holds no memory: most of a patchset's sets stay empty.
 */
#ifndef CLUSAPI_CORE_STRSET_H
#define CLUSAPI_CORE_STRSET_H

#include <stdbool.h>
#include <string.h>

#include <glib.h>

typedef struct strset {
    GPtrArray *v;      /* the members (owned); NULL while none was added */
    GHashTable *index; /* member -> its position + 1 */
} strset_t;

static inline void
strset_init(strset_t *s)
{
    memset(s, 0, sizeof(*s));
}

static inline void
strset_free(strset_t *s)
{
    if (s->v != NULL) {
        g_hash_table_unref(s->index);
        g_ptr_array_unref(s->v);
    }
    memset(s, 0, sizeof(*s));
}

static inline guint
strset_size(const strset_t *s)
{
    return s->v != NULL ? s->v->len : 0;
}

static inline const char *
strset_at(const strset_t *s, guint i)
{
    return g_ptr_array_index(s->v, i);
}

/* The position of str among the members, or -1 */
static inline int
strset_index(const strset_t *s, const char *str)
{
    return s->v != NULL
               ? GPOINTER_TO_INT(g_hash_table_lookup(s->index, str)) - 1
               : -1;
}

static inline bool
strset_has(const strset_t *s, const char *str)
{
    return strset_index(s, str) >= 0;
}

/* Add a copy of str at position strset_size() - 1 unless it is a member;
 * true if it was added. */
static inline bool
strset_add(strset_t *s, const char *str)
{
    char *copy;

    if (strset_has(s, str)) {
        return false;
    }
    if (s->v == NULL) {
        s->v = g_ptr_array_new_with_free_func(g_free);
        s->index = g_hash_table_new(g_str_hash, g_str_equal);
    }
    copy = g_strdup(str);
    g_ptr_array_add(s->v, copy);
    g_hash_table_insert(s->index, copy, GUINT_TO_POINTER(s->v->len));
    return true;
}

static inline void
strset_clear(strset_t *s)
{
    if (s->v != NULL) {
        g_hash_table_remove_all(s->index);
        g_ptr_array_set_size(s->v, 0);
    }
}

#endif

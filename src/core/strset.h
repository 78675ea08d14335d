/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strset.h - a set of strings that it does not own (the caller keeps each
 * alive while it is a member), in the order they came.
 *
 * The sets of what one patchset touches (model.c's touch_t) hold one to
 * three ids nearly always, are tested a few times and emptied after every
 * patchset: a few comparisons find a member sooner than a GHashTable
 * lookup does (about 100 instructions with the string hash), and emptying
 * is a store.  Past STRSET_SCAN members a GHashTable of them answers the
 * tests instead, so a big patchset (thousands of ids) stays linear.
 */
#ifndef CLUSAPI_CORE_STRSET_H
#define CLUSAPI_CORE_STRSET_H

#include <stdbool.h>
#include <string.h>
#include <glib.h>

#define STRSET_SCAN 8

typedef struct strset {
    const char **v; /* the members, in the order they came */
    guint n, cap;
    GHashTable *index; /* the members once n > STRSET_SCAN, each to its
                        * position + 1 (kept empty for the next time
                        * otherwise) */
    bool indexed;      /* index holds the members */
} strset_t;

static inline void
strset_init(strset_t *s)
{
    memset(s, 0, sizeof(*s));
}

static inline void
strset_free(strset_t *s)
{
    g_free(s->v);
    if (s->index != NULL) {
        g_hash_table_unref(s->index);
    }
    memset(s, 0, sizeof(*s));
}

static inline guint
strset_size(const strset_t *s)
{
    return s->n;
}

static inline const char *
strset_at(const strset_t *s, guint i)
{
    return s->v[i];
}

/* The position of str among the members, or -1 */
static inline int
strset_index(const strset_t *s, const char *str)
{
    if (s->indexed) {
        return GPOINTER_TO_INT(g_hash_table_lookup(s->index, str)) - 1;
    }
    for (guint i = 0; i < s->n; i++) {
        if (s->v[i][0] == str[0] && strcmp(s->v[i], str) == 0) {
            return (int) i;
        }
    }
    return -1;
}

static inline bool
strset_has(const strset_t *s, const char *str)
{
    return strset_index(s, str) >= 0;
}

/* Add str, which is not a member yet (strset_has), at position
 * strset_size() - 1; it must live while it is one. */
static inline void
strset_add_new(strset_t *s, const char *str)
{
    if (s->n == s->cap) {
        s->cap = s->cap > 0 ? s->cap * 2 : 8;
        s->v = g_renew(const char *, s->v, s->cap);
    }
    s->v[s->n++] = str;
    if (s->indexed) {
        g_hash_table_insert(s->index, (gpointer) str, GUINT_TO_POINTER(s->n));
    } else if (s->n > STRSET_SCAN) {
        if (s->index == NULL) {
            s->index = g_hash_table_new(g_str_hash, g_str_equal);
        }
        for (guint i = 0; i < s->n; i++) {
            g_hash_table_insert(s->index, (gpointer) s->v[i],
                                GUINT_TO_POINTER(i + 1));
        }
        s->indexed = true;
    }
}

/* Add str unless it is a member; true if it was added. */
static inline bool
strset_add(strset_t *s, const char *str)
{
    if (strset_has(s, str)) {
        return false;
    }
    strset_add_new(s, str);
    return true;
}

/* Empty: the members' strings may be freed after this. */
static inline void
strset_clear(strset_t *s)
{
    s->n = 0;
    if (s->indexed) {
        g_hash_table_remove_all(s->index);
        s->indexed = false;
    }
}

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * handle.c - the handle table (handle.h), after libqb's qb_hdb: a handle
 * value is never a pointer but a slot index, the slot's type and the slot's
 * generation, framed by a fixed magic value.  Every call resolves it under
 * the table lock and checks all four, so a forged, stale (slot reused) or
 * wrong-type value is rejected by looking only at the table itself.
 *
 * Part of the pure core: glib and libc only.  It must not depend on
 * Pacemaker, on the port or on any Windows type: it stores opaque objects
 * and calls their destructor, nothing more.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "core/handle.h"

/* Layout of a handle value, low bits first:
 *   index 16 bits | type 4 bits | generation | magic
 * On 64-bit the generation has 32 bits and the magic 12 (0xc1a), so a value
 * reads 0xc1a.............: never 0, never all ones, never a small integer,
 * and not a canonical address either, should anyone dereference it.  On
 * 32-bit there is room for an 8-bit generation and a 4-bit magic only. */
#define INDEX_BITS 16
#define TYPE_SHIFT INDEX_BITS
#define TYPE_BITS 4
#define GEN_SHIFT (TYPE_SHIFT + TYPE_BITS)
#if UINTPTR_MAX > 0xffffffffu
#define GEN_BITS 32
#define MAGIC_BITS 12
#define MAGIC ((uintptr_t) 0xc1a)
#else
#define GEN_BITS 8
#define MAGIC_BITS 4
#define MAGIC ((uintptr_t) 0xc)
#endif
#define MAGIC_SHIFT (GEN_SHIFT + GEN_BITS)
#define FIELD(h, shift, bits) \
    ((uint32_t) (((h) >> (shift)) & (((uintptr_t) 1 << (bits)) - 1)))
#define GEN_MASK ((uint32_t) (((uint64_t) 1 << GEN_BITS) - 1))

G_STATIC_ASSERT(CL_HANDLE_MAX <= (1u << INDEX_BITS));
G_STATIC_ASSERT(CL_H_MAX < (1u << TYPE_BITS));
G_STATIC_ASSERT(MAGIC_SHIFT + MAGIC_BITS == sizeof(uintptr_t) * 8);

typedef struct slot {
    void *obj;
    cl_hfree_fn free_fn;
    unsigned refs; /* 1 while open, plus one per get and per ret_obj */
    uint32_t gen;  /* bumped each time the slot is released */
    uint8_t type;  /* 0 while the slot is free */
    bool open;     /* false from close until the last put */
} slot_t;

/* The table, created on first use and never shrunk: slots are recycled
 * through a stack of free indexes, which is what the generation is for. */
static GMutex table_lock;
static GArray *slots;      /* slot_t */
static GArray *free_slots; /* guint indexes of free slots */

static uintptr_t
encode(guint index, const slot_t *s)
{
    return (MAGIC << MAGIC_SHIFT) | ((uintptr_t) s->gen << GEN_SHIFT)
           | ((uintptr_t) s->type << TYPE_SHIFT) | (uintptr_t) index;
}

/* The slot that h names, if h is a value this table handed out and the
 * slot has not been released since; the lock is held.  Open or closed: the
 * callers decide. */
static slot_t *
lookup(uintptr_t h)
{
    guint index = FIELD(h, 0, INDEX_BITS);
    slot_t *s;

    if ((h >> MAGIC_SHIFT) != MAGIC || slots == NULL || index >= slots->len) {
        return NULL;
    }
    s = &g_array_index(slots, slot_t, index);
    if (s->type == 0 || s->type != FIELD(h, TYPE_SHIFT, TYPE_BITS)
        || s->gen != FIELD(h, GEN_SHIFT, GEN_BITS)) {
        return NULL;
    }
    return s;
}

/* The last reference is gone: recycle the slot under a new generation and
 * hand the object back, to be freed once the lock is dropped (free_fn may
 * well use the table itself). */
static void
release(guint index, slot_t *s, void **ret_obj, cl_hfree_fn *ret_fn)
{
    *ret_obj = s->obj;
    *ret_fn = s->free_fn;
    s->obj = NULL;
    s->free_fn = NULL;
    s->type = 0;
    s->open = false;
    s->gen = (s->gen + 1) & GEN_MASK;
    g_array_append_val(free_slots, index);
}

static void
destroy(void *obj, cl_hfree_fn free_fn)
{
    if (free_fn != NULL && obj != NULL) {
        free_fn(obj);
    }
}

/* Returns 0 also for a NULL object or an unknown type, since get() could
 * not tell such a handle from an invalid one. */
uintptr_t
clusapi__handle_new(cl_htype_t type, void *obj, cl_hfree_fn free_fn)
{
    uintptr_t h = 0;
    guint index;
    slot_t *s;

    if (obj == NULL || type < CL_H_CLUSTER || type > CL_H_MAX) {
        return 0;
    }
    g_mutex_lock(&table_lock);
    if (slots == NULL) {
        slots = g_array_new(FALSE, TRUE, sizeof(slot_t));
        free_slots = g_array_new(FALSE, FALSE, sizeof(guint));
    }
    if (free_slots->len > 0) {
        /* Most recently freed first: the generation tells the old handle
         * from the new one. */
        index = g_array_index(free_slots, guint, free_slots->len - 1);
        g_array_set_size(free_slots, free_slots->len - 1);
    } else if (slots->len < CL_HANDLE_MAX) {
        index = slots->len;
        g_array_set_size(slots, index + 1);
        /* A random first generation makes values differ between runs, so
         * a value kept from elsewhere is unlikely to match. */
        g_array_index(slots, slot_t, index).gen = g_random_int() & GEN_MASK;
    } else {
        goto done; /* table full */
    }
    s = &g_array_index(slots, slot_t, index);
    s->obj = obj;
    s->free_fn = free_fn;
    s->refs = 1;
    s->type = (uint8_t) type;
    s->open = true;
    h = encode(index, s);
done:
    g_mutex_unlock(&table_lock);
    return h;
}

void *
clusapi__handle_get(uintptr_t h, cl_htype_t type)
{
    void *obj = NULL;
    slot_t *s;

    g_mutex_lock(&table_lock);
    s = lookup(h);
    if (s != NULL && s->open && s->type == (uint8_t) type) {
        s->refs++;
        obj = s->obj;
    }
    g_mutex_unlock(&table_lock);
    return obj;
}

/* Accepts a closed slot whose object is still referenced (close with
 * ret_obj, or a get before the close).  An unknown value is ignored; so is
 * a put that would drop the reference only close may drop. */
void
clusapi__handle_put(uintptr_t h)
{
    void *obj = NULL;
    cl_hfree_fn free_fn = NULL;
    slot_t *s;

    g_mutex_lock(&table_lock);
    s = lookup(h);
    if (s != NULL && s->refs > (s->open ? 1u : 0u)) {
        if (--s->refs == 0) {
            release(FIELD(h, 0, INDEX_BITS), s, &obj, &free_fn);
        }
    }
    g_mutex_unlock(&table_lock);
    destroy(obj, free_fn);
}

int
clusapi__handle_close(uintptr_t h, cl_htype_t type, void **ret_obj)
{
    void *obj = NULL;
    cl_hfree_fn free_fn = NULL;
    slot_t *s;
    int rc = 0;

    g_mutex_lock(&table_lock);
    s = lookup(h);
    if (s == NULL || !s->open || s->type != (uint8_t) type) {
        rc = -EBADF;
    } else {
        s->open = false;
        if (ret_obj != NULL) {
            /* The open reference becomes the caller's. */
            *ret_obj = s->obj;
        } else if (--s->refs == 0) {
            release(FIELD(h, 0, INDEX_BITS), s, &obj, &free_fn);
        }
    }
    g_mutex_unlock(&table_lock);
    destroy(obj, free_fn);
    return rc;
}

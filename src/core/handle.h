/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * handle.h - the handle table.  Every public handle (HCLUSTER, HCHANGE,
 * HNODE, ...) is a slot index plus a generation number encoded in the
 * pointer bits, resolved through a locked table on every call; a closed,
 * forged or wrong-type handle is rejected without touching freed memory.
 *
 * Depends on glib only.
 */
#ifndef CLUSAPI_CORE_HANDLE_H
#define CLUSAPI_CORE_HANDLE_H

#include <stdint.h>

typedef enum cl_htype {
    CL_H_CLUSTER = 1,
    CL_H_PORT = 2,
    CL_H_NODE = 3,
    CL_H_GROUP = 4,
    CL_H_RESOURCE = 5,
    CL_H_ENUM = 6,
    CL_H_NETWORK = 7,
    CL_H_NETINTERFACE = 8,
    CL_H_KEY = 9,
} cl_htype_t;

/* The highest type value (the handle value has room for 15). */
#define CL_H_MAX CL_H_KEY

/* Reference-counted payload destructor: called when the slot is closed and
 * the last reference is put. */
typedef void (*cl_hfree_fn)(void *obj);

/* Register obj; returns the handle value (never 0, never all ones), or 0
 * when the table is full (CL_HANDLE_MAX live handles). */
uintptr_t clusapi__handle_new(cl_htype_t type, void *obj, cl_hfree_fn free_fn);

/* Resolve a handle of the given type and take a reference on the object.
 * Returns NULL for 0, INVALID_HANDLE_VALUE, a closed, stale or forged
 * handle, or a handle of another type.  Pair with clusapi__handle_put. */
void *clusapi__handle_get(uintptr_t h, cl_htype_t type);
void clusapi__handle_put(uintptr_t h);

/* Close: the handle becomes invalid at once for every later get; the
 * object is freed (free_fn) when the last reference is put.  On success
 * returns 0 and, if ret_obj is not NULL, stores the object with one extra
 * reference that the caller drops with clusapi__handle_put(h) (so it can
 * still use the object, e.g. to post HANDLE_CLOSE).  Returns -EBADF if h is
 * not a live handle of that type. */
int clusapi__handle_close(uintptr_t h, cl_htype_t type, void **ret_obj);

#define CL_HANDLE_MAX 65536u

#endif

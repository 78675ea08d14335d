/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * api-int.h - what the files of the public API layer (src/api/api.c,
 * notify.c, objects.c, enum.c, info.c, errors.c) share: the payloads of the
 * cluster and object handles, looking objects up across the CIB's model and
 * Corosync's view, the model lock as seen through a handle, and the one
 * conversion of internal results to Win32 codes.
 *
 * Private to the API layer: never included by the core (src/core/), the
 * adapters (src/adapt/) or the CLI, and nothing here is exported (the
 * library is built with -fvisibility=hidden; clusapi.h is the interface).
 */
#ifndef CLUSAPI_API_INT_H
#define CLUSAPI_API_INT_H

#include <glib.h>

#include "clusapi.h"
#include "api/engine.h"
#include "core/handle.h"
#include "core/model.h"
#include "core/port.h"

/* errors.c: the Win32 code for an internal result, 0 or a negative errno
 * (ERROR_SUCCESS for 0).  The only errno-to-Win32 conversion there is. */
DWORD clusapi__win32_error(int rc);

/* The payload of an HCLUSTER: one session of the engine. */
typedef struct api_cluster {
    cl_session_t *session;
} api_cluster_t;

/* The payload of an HNODE, HGROUP, HRESOURCE, HNETWORK or HNETINTERFACE. */
typedef struct api_object {
    cl_kind_t kind;
    char *id;
    char *name; /* for HANDLE_CLOSE if the object is gone */
    cl_session_t *session;
} api_object_t;

/* The payload of an HKEY (registry.c). */
typedef struct api_key {
    cl_session_t *session;
    char *path; /* leaf names from the root joined by '\' ("" the root) */
    REGSAM sam;
} api_key_t;

/* api.c: a new session of the engine, started if need be; NULL with the
 * last error set when the cluster cannot be reached. */
cl_session_t *clusapi__api_session_open(void);

/* api.c: a cluster handle for the new session s (its reference moves to
 * the handle; the session is closed on failure); sets the last error. */
HCLUSTER clusapi__api_cluster_handle_new(cl_session_t *s);

/* api.c: the model, locked, for a query made through a handle of session
 * s; NULL (and nothing locked) if s is closed. */
const cl_model_t *clusapi__api_lock_model(const cl_session_t *s);

/* objects.c: an object handle of this type, referenced (pair with
 * clusapi__handle_put); NULL with ERROR_INVALID_HANDLE as the last error. */
api_object_t *clusapi__api_get_object(HANDLE h, cl_htype_t type);

/* objects.c: an object's name by id, NULL if it does not exist (any more);
 * the ids of every object of a kind, sorted (g_ptr_array_unref).  Networks
 * and interfaces come from Corosync's view, every other kind from the
 * CIB's; call with the model lock held. */
const char *clusapi__api_object_name(const cl_model_t *m, cl_kind_t kind,
                                     const char *id);
GPtrArray *clusapi__api_object_list(const cl_model_t *m, cl_kind_t kind);

/* objects.c: the model, locked, for a query on the object o; NULL (and
 * nothing locked) with *ret_err set if o's cluster handle is closed
 * (ERROR_INVALID_HANDLE) or the object is gone (ERROR_NOT_FOUND). */
const cl_model_t *clusapi__api_lock_object_model(const api_object_t *o,
                                                 DWORD *ret_err);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine.h - the process-wide engine: one worker thread with its own
 * GMainContext that owns every Pacemaker call (the CIB adapter), the cached
 * model, and the sessions (HCLUSTER) with their notification ports.
 *
 * The model and the session list are guarded by one lock, taken by the
 * worker while it updates the model and queues the resulting events, and by
 * API threads for state queries: a query never sees a state older than an
 * event already queued.
 */
#ifndef CLUSAPI_API_ENGINE_H
#define CLUSAPI_API_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/memb.h"
#include "core/model.h"
#include "core/registry.h"
#include "core/port.h"

typedef struct cl_session cl_session_t;

/* Open a session (in *ret_session), starting the engine (connect + first
 * read) if this is the first one.  Returns 0, or on failure -ENOMEM,
 * -EACCES or -EPERM (the CIB manager refused the connection, or CIB_file's
 * file is not readable), -ENOENT (CIB_file names no file), -EBADMSG
 * (CIB_file's file holds no XML document with a <cib> root), -ETIME (the
 * connect and first read did not end within the bound, engine.c
 * OPEN_TIMEOUT_MS), or -ENOTCONN (the cluster could not be reached or
 * read, whatever else the reason). */
int clusapi__engine_open(cl_session_t **ret_session);
cl_session_t *clusapi__session_ref(cl_session_t *s);
void clusapi__session_unref(cl_session_t *s);
/* CloseCluster: HANDLE_CLOSE on the session's ports that asked for it, no
 * more events to them, and the engine stops with the last session. */
void clusapi__session_close(cl_session_t *s);
/* Whether s is not closed yet.  Call with the model lock held (between
 * clusapi__engine_lock_model and clusapi__engine_unlock_model). */
bool clusapi__session_is_open(const cl_session_t *s);
/* Every open port is known to the engine; events of session s are posted
 * to it while s is open (s may be NULL: a port with no cluster). */
void clusapi__engine_add_port(cl_session_t *s, cl_port_t *port);
void clusapi__engine_remove_port(cl_port_t *port);
/* A handle was closed: HANDLE_CLOSE for its registrations on every port. */
void clusapi__engine_handle_closed(uintptr_t registrant, const char *name);

/* The model, for queries: lock, read, unlock.  NULL-free while a session
 * is open. */
const cl_model_t *clusapi__engine_lock_model(void);
void clusapi__engine_unlock_model(void);
/* Corosync's view (networks, interfaces, quorum), under the same lock as
 * the model; empty (no snapshot) without Corosync, e.g. with CIB_file. */
/* The CIB the model was read from (the upgraded copy of one of an older
 * schema), NULL before the first read; with the model lock held. */
xmlNode *clusapi__engine_cib(void);
/* A port now asks for REGISTRY_* events: keep the cluster database from
 * now on, to compare each change with (core/registry.h). */
void clusapi__engine_registry_watch(void);
/* Whether the model follows a live CIB (false for CIB_file, or before
 * the engine is connected); with the model lock held. */
bool clusapi__engine_is_live(void);
/* The key at path of the cluster database as it is now (core/registry.h,
 * Corosync's networks and interfaces included), NULL if none; with the
 * model lock held. */
cl_reg_key_t *clusapi__engine_reg_key(const char *path);
const cl_memb_t *clusapi__engine_memb(void);

#endif

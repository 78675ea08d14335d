/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cib.h - the CIB adapter: connects to the CIB as Pacemaker's own tools do
 * (cib_new(): CIB_file, the CIB_port/CIB_server remote variables, or the
 * local daemon), keeps a local copy of the CIB current by applying each
 * diff notification, and reconnects with a re-read after a connection loss.
 *
 * Every function here runs on the engine's worker thread, and every event
 * source it creates is attached to the GMainContext it is given, never to
 * glib's global default context (docs/design.md).
 */
#ifndef CLUSAPI_ADAPT_CIB_H
#define CLUSAPI_ADAPT_CIB_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

typedef struct cl_cib_callbacks {
    /* A whole CIB: after connecting, reconnecting or the CIB manager
     * answering again after on_lost (reconnect true), or a re-read after a
     * diff that could not be applied (reconnect false). */
    void (*on_cib)(void *ud, xmlNode *cib, bool reconnect);
    /* One patchset, already applied to cib. */
    void (*on_patch)(void *ud, xmlNode *cib, xmlNode *patchset);
    /* The connection was lost (a reconnect is scheduled), or the CIB
     * manager stopped answering (the connection is kept until it answers
     * again; cib.c PROBE_*).  Either way on_cib(reconnect) follows. */
    void (*on_lost)(void *ud);
} cl_cib_callbacks_t;

typedef struct cl_cib cl_cib_t;

/* Once, on the worker thread, before any other call: Pacemaker's XML
 * set-up (libxml2 hooks for that thread, schemas). */
void clusapi__cib_init(void);

/* Connect, read the CIB (on_cib is called before this returns) and watch
 * for changes on ctx, and for a CIB manager that stops answering (the
 * environment's CLUSAPI_CIB_PROBE_SILENCE_MS and CLUSAPI_CIB_PROBE_TIMEOUT_MS
 * are read here).  Returns 0 or a negative errno: -ENOTCONN when no CIB
 * manager answers. */
int clusapi__cib_connect(GMainContext *ctx, const cl_cib_callbacks_t *cb,
                         void *ud, cl_cib_t **ret_cib);
cl_cib_t *clusapi__cib_free(cl_cib_t *c); /* NULL-safe, returns NULL */

/* The version of the Pacemaker the library was built against, as
 * CL_PE_PCMK(major, minor, patch) counts it (core/pe.h): whose status
 * rules the model follows. */
unsigned clusapi__cib_pacemaker_version(void);

/* True if the CIB can change (a daemon connection), false for CIB_file. */
bool clusapi__cib_is_live(const cl_cib_t *c);

/* The local copy of the CIB: the one the last on_cib or on_patch was
 * given, unless the connection was lost since (then a re-read, given to
 * on_cib(reconnect), may be under way). */
xmlNode *clusapi__cib_local(const cl_cib_t *c);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * corosync.h - the Corosync adapter: membership and quorum from libquorum
 * (pushed by Corosync), the nodelist and the knet link states from libcmap
 * (the stats map, polled), delivered as plain snapshots (core/memb.h).
 * Reconnects with a back-off when Corosync goes away.
 *
 * Every function here runs on the engine's worker thread; every event
 * source is attached to the GMainContext it is given.
 */
#ifndef CLUSAPI_ADAPT_COROSYNC_H
#define CLUSAPI_ADAPT_COROSYNC_H

#include <stdbool.h>
#include <glib.h>

#include "core/memb.h"

typedef struct cl_cs_callbacks {
    /* A snapshot that differs from the previous one (ownership passes to
     * the callee).  reconnect: the first one after a lost connection. */
    void (*on_snap)(void *ud, cl_cs_snap_t *snap, bool reconnect);
    /* The connection was lost; a reconnect is scheduled. */
    void (*on_lost)(void *ud);
} cl_cs_callbacks_t;

typedef struct cl_cs cl_cs_t;

/* Connect and deliver the first snapshot (on_snap, reconnect false) before
 * returning.  If Corosync does not answer, returns -ENOTCONN and keeps
 * trying in the background: the first snapshot then comes later, also
 * with reconnect false.  *ret_cs is set either way. */
int clusapi__cs_connect(GMainContext *ctx, const cl_cs_callbacks_t *cb,
                        void *ud, cl_cs_t **ret_cs);
cl_cs_t *clusapi__cs_free(cl_cs_t *c); /* NULL-safe, returns NULL */

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * check.h - the model's oracle: what an application can see of a model,
 * as text, and whether an incrementally updated model equals a fresh load
 * of the same CIB, with events that explain every change.
 *
 * Part of the pure core: glib and libxml2 only, no daemon headers.
 */
#ifndef CLUSAPI_CORE_CHECK_H
#define CLUSAPI_CORE_CHECK_H

#include <glib.h>
#include <libxml/tree.h>

#include "core/model.h"

/* Everything the API answers from a model, one line per fact (char *,
 * owned by the array): "cluster NAME"; "node ID name=N state=S" for each
 * node, "group ID name= state= owner= members=a,b preferred=n1,n2" for
 * each group, "resource ID name= state= owner= group=" for each resource,
 * each kind by id; "restype T" for each agent in use; "failure RSC NODE
 * KEY rc= status= call=" for each failed action, in the model's order.
 * Values have '%', ' ', '=', ',' and control characters as "%XX", so a
 * line splits on them whatever the ids hold.
 * Two models are equal for the API if their snapshots are. */
GPtrArray *clusapi__model_snapshot(const cl_model_t *m);

/* The oracle, after a load or update of m to cib.  before: m's snapshot
 * before that call (NULL: do not check the events); events: the events
 * the call appended (cl_event_t *).  Returns NULL if a fresh load of cib
 * (at m's clock, Pacemaker version and Corosync membership) has the same
 * snapshot as m and every difference between before and m has the event
 * docs/mapping.md promises for it:
 *   an object added: its NODE_, GROUP_ or RESOURCE_ADDED;
 *   an object gone: its *_DELETED;
 *   a state value changed: its *_STATE (an owner alone has no event);
 *   a node's name changed: NODE_PROPERTY;
 *   a group's members or preferred nodes changed: GROUP_PROPERTY;
 *   the cluster's name changed: CLUSTER_PROPERTY;
 * an object both deleted and added by the call needs no other event.
 * Otherwise a description of the first mismatches (g_free it).  With the
 * real time as the clock (the default), a failure that expires between
 * the update and the check reads as a mismatch: call it right after. */
char *clusapi__model_check(const cl_model_t *m, xmlNode *cib,
                           const GPtrArray *before, const GPtrArray *events);

#endif

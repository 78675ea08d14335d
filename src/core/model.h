/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model.h - the pure translation core: a cached model of the cluster's
 * nodes, groups and resources with their clusapi states, kept current from
 * the CIB.  (model, CIB after a patchset, the patchset) -> (model, events).
 *
 * No daemon, no I/O, no threads, no locks: the caller serialises access.
 * Depends on glib and libxml2 only; Pacemaker's patch application happens
 * before (src/adapt/patch.c), this module only reads the patched CIB.
 * The mapping from Pacemaker constructs is documented in docs/mapping.md.
 */
#ifndef CLUSAPI_CORE_MODEL_H
#define CLUSAPI_CORE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include <libxml/tree.h>

#include "core/pe.h"
#include "core/port.h"

typedef struct cl_model cl_model_t;

cl_model_t *clusapi__model_new(void);
cl_model_t *clusapi__model_free(cl_model_t *m); /* NULL-safe, returns NULL */

/* Rebuild the model from a whole CIB (first load, or a re-read after a
 * replace, a gap or a failed patch).  If events is not NULL, the events that
 * the difference between the old and the new model implies are appended
 * (cl_event_t *, owned by the array's free function), once each. */
void clusapi__model_load(cl_model_t *m, xmlNode *cib, GPtrArray *events);

/* Update the model for one patchset already applied to cib (the patched
 * CIB).  Only the objects the patchset touches are recomputed.  Appends the
 * events to 'events' (may be NULL).  Returns 0, or -EPROTO if the patchset is
 * not a format-2 diff this function understands; the model is then
 * unchanged and the caller must re-read the CIB and call model_load. */
int clusapi__model_update(cl_model_t *m, xmlNode *cib, xmlNode *patchset,
                          GPtrArray *events);

/* A change of the resources configuration rebuilds only the top-level
 * elements it is in (docs/design.md).  With whole set, every such change
 * walks the whole section instead, as a reference for tests and
 * benchmarks: both give the same model and events. */
void clusapi__model_set_whole_walks(cl_model_t *m, bool whole);

/* The Pacemaker version whose status rules the model follows
 * (CL_PE_PCMK(major, minor, patch), core/pe.h); the library sets the one
 * it was built against.  Default CL_PE_PCMK_BASE (2.1.5).  Set it before
 * the first load. */
void clusapi__model_set_pacemaker(cl_model_t *m, unsigned version);
unsigned clusapi__model_pacemaker(const cl_model_t *m);

/* The time (seconds since the epoch) the model's rules are evaluated at:
 * date rules and failure-timeout (docs/mapping.md).  0, the default: the
 * real time of each load or update. */
void clusapi__model_set_clock(cl_model_t *m, long long now);

/* The earliest time after the last load or update at which a state may
 * change with no CIB change (a failure expiring, a date rule's outcome);
 * 0: none.  At that time the caller re-reads: clusapi__model_load with
 * the same CIB gives the events.  An incremental update only lowers it; a
 * load computes it afresh, so a time that turns out early costs one
 * re-read without events. */
long long clusapi__model_next_change(const cl_model_t *m);

/* Corosync's membership: the n nodes Corosync knows (its nodelist, by
 * node id) and whether each is a member now, at time now (µs, any
 * monotonic clock).  Merged with the CIB's node states (docs/mapping.md: a
 * node that left is Down before the CIB records it, one that joins is
 * Joining until Pacemaker has joined it or a grace period is over);
 * appends NODE_STATE for the nodes whose state this changes.  tick: the
 * time passes (Joining that outlived the grace period becomes Down);
 * returns whether a provisional Joining is left, i.e. whether to call it
 * again (about once a second).  clear_members: no Corosync view any more
 * (CIB states only). */
void clusapi__model_set_members(cl_model_t *m, const uint32_t *nodeids,
                                const bool *member, size_t n, gint64 now,
                                GPtrArray *events);
bool clusapi__model_tick(cl_model_t *m, gint64 now, GPtrArray *events);
void clusapi__model_clear_members(cl_model_t *m, GPtrArray *events);

/* ---- queries ---- */
const char *clusapi__model_cluster_name(const cl_model_t *m);

/* Find an object by name or id, case-insensitively: returns its id (owned
 * by the model, valid until the next load/update) or NULL. */
const char *clusapi__model_find(const cl_model_t *m, cl_kind_t kind,
                                const char *name);
/* Name of an object by id, or NULL if it does not exist (any more). */
const char *clusapi__model_name(const cl_model_t *m, cl_kind_t kind,
                                const char *id);

/* States; -1 (the *StateUnknown value) if the object does not exist.
 * Returned strings are owned by the model ("" when there is none). */
int clusapi__model_node_state(const cl_model_t *m, const char *id);
int clusapi__model_group_state(const cl_model_t *m, const char *id,
                               const char **ret_owner);
int clusapi__model_resource_state(const cl_model_t *m, const char *id,
                                  const char **ret_owner,
                                  const char **ret_group);

/* Ids of every object of a kind, sorted (array of const char *, owned by
 * the model; free the array with g_ptr_array_unref).  CL_KIND_RESTYPE: the
 * resource agents the configuration uses ("class:provider:type" or
 * "class:type", from primitives and templates); a type's name is its id. */
GPtrArray *clusapi__model_list(const cl_model_t *m, cl_kind_t kind);

/* The Pacemaker version the DC reports (crm_config dc-version, e.g.
 * "2.1.5-a3f44794f94"), "" before a DC was elected. */
const char *clusapi__model_cluster_version(const cl_model_t *m);

/* A group's members: resource ids in document order; NULL if no such group.
 * Owned by the model, valid until the next load/update. */
const GPtrArray *clusapi__model_group_members(const cl_model_t *m,
                                              const char *id);
/* A group's preferred nodes: node names of its positive rsc_location
 * constraints with a node attribute (rules are not evaluated), highest
 * score first, then document order; empty if none, NULL if no such group.
 * Owned by the model, valid until the next load/update. */
const GPtrArray *clusapi__model_group_preferred(const cl_model_t *m,
                                                const char *id);

/* The CIB's have-quorum (the DC's view of the quorum when it last wrote). */
bool clusapi__model_have_quorum(const cl_model_t *m);

/* A failed action crm_mon lists ("Failed Resource Actions"), and where. */
typedef struct cl_model_failure {
    const char *rsc;               /* the resource's name; an orphan's (a
                                    * history no configured resource
                                    * stands for): the history's id */
    const char *node;              /* the node's name */
    const cl_pe_failure_t *f;
} cl_model_failure_t;

/* The failed actions of one resource (id), or of all resources (NULL),
 * appended to out (an array of cl_model_failure_t), by node (Pacemaker's
 * name order), then the node's histories in document order, each in its
 * own order; as crm_mon: not the masked probe failures, and once per node
 * what clusapi__pe_failure_same says is the same.  Valid until the next
 * load/update. */
void clusapi__model_failures(const cl_model_t *m, const char *rsc_id,
                             GArray *out);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * memb.h - Corosync's view of the cluster, pure: membership, quorum, and the
 * knet links as networks and network interfaces (docs/mapping.md,
 * "Networks").  (cached view, new Corosync snapshot) -> (view, events).
 *
 * A snapshot is plain data that the Corosync adapter (src/adapt/corosync.c)
 * reads; this module names no Corosync API.  The merge of membership with
 * the CIB-derived node states is the model's (model.h,
 * clusapi__model_set_members); this module gives the networks, the
 * interfaces and the quorum.  No I/O, no threads, no locks.
 */
#ifndef CLUSAPI_CORE_MEMB_H
#define CLUSAPI_CORE_MEMB_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

/* knet's limit (KNET_MAX_LINK) */
#define CL_CS_MAX_LINKS 8

/* One configured node (corosync.conf nodelist). */
typedef struct cl_cs_node {
    uint32_t nodeid;
    char *name;                      /* nodelist name; never NULL */
    char *addr[CL_CS_MAX_LINKS];     /* ringN_addr, NULL: none on link N */
    /* The local knet link to this node is connected (stats map); unused
     * for the local node itself. */
    bool connected[CL_CS_MAX_LINKS];
} cl_cs_node_t;

/* A whole snapshot: what the adapter read in one go. */
typedef struct cl_cs_snap {
    uint32_t local_nodeid;
    bool quorate;
    GArray *members;  /* uint32_t node ids, the current membership */
    GPtrArray *nodes; /* cl_cs_node_t *, the nodelist (owns them) */
} cl_cs_snap_t;

cl_cs_snap_t *clusapi__cs_snap_new(void);
cl_cs_snap_t *clusapi__cs_snap_free(cl_cs_snap_t *s); /* NULL-safe */
/* Add a node to the nodelist; returns it for the caller to fill in. */
cl_cs_node_t *clusapi__cs_snap_add_node(cl_cs_snap_t *s, uint32_t nodeid,
                                        const char *name);
bool clusapi__cs_snap_is_member(const cl_cs_snap_t *s, uint32_t nodeid);

typedef struct cl_memb cl_memb_t;

cl_memb_t *clusapi__memb_new(void);
cl_memb_t *clusapi__memb_free(cl_memb_t *mb); /* NULL-safe, returns NULL */

/* Take a new snapshot (ownership passes to mb).  While Corosync is not
 * reachable the caller keeps the last one (no call), as the model keeps the
 * last CIB.  Appends the events the difference implies (cl_event_t *):
 * NETWORK_ADDED/DELETED/STATE, NETINTERFACE_ADDED/DELETED/STATE/PROPERTY
 * and QUORUM_STATE (name: cluster_name), in that order within each kind,
 * deletions first.  With events NULL (the first snapshot), nothing is
 * reported.  Node membership is not reported here (model.h). */
void clusapi__memb_update(cl_memb_t *mb, cl_cs_snap_t *snap,
                          const char *cluster_name, GPtrArray *events);

/* The current snapshot, NULL if none. */
const cl_cs_snap_t *clusapi__memb_snap(const cl_memb_t *mb);

/* Quorum: 1 quorate, 0 not, -1 unknown (no Corosync snapshot). */
int clusapi__memb_quorate(const cl_memb_t *mb);

/* Networks (one per knet link in use) and interfaces (a node's address on
 * a link).  Ids: a network's id is its link number ("0"), an interface's
 * "<nodeid>:<link>"; names "link0" and "<node name> - link0". */
const char *clusapi__memb_find(const cl_memb_t *mb, bool netif,
                               const char *name);
const char *clusapi__memb_name(const cl_memb_t *mb, bool netif,
                               const char *id);
/* -1 (Unknown) if no such object.  CLUSTER_NETWORK_STATE or
 * CLUSTER_NETINTERFACE_STATE values. */
int clusapi__memb_state(const cl_memb_t *mb, bool netif, const char *id);
/* An interface's node name, network name and address (owned by mb, valid
 * until the next update); false if no such interface. */
bool clusapi__memb_netif_info(const cl_memb_t *mb, const char *id,
                              const char **ret_node, const char **ret_network,
                              const char **ret_addr);
/* Ids of every network or interface, sorted (array of const char *, owned
 * by mb; free the array with g_ptr_array_unref).  For interfaces,
 * node_name (if not NULL) keeps only that node's, network_id (if not NULL)
 * only that network's. */
GPtrArray *clusapi__memb_list(const cl_memb_t *mb, bool netif,
                              const char *node_name, const char *network_id);

#endif

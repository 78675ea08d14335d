/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * objects.c - the object handles and what they answer: OpenCluster*,
 * CloseCluster* and GetClusterFrom* for nodes, groups, resources, networks
 * and network interfaces, the Get*State functions, and looking an object
 * up by kind in the CIB's model or Corosync's view.
 *
 * Reads the model and Corosync's view through the engine, under its lock;
 * knows nothing of notification ports or enumerations.
 */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "api/api-int.h"
#include "core/memb.h"
#include "core/strconv.h"

/* ---- objects by kind ---- */

/* Networks and interfaces are Corosync's view (core/memb.h), every other
 * kind the CIB's (core/model.h); both are read under the model lock. */
static bool
is_memb_kind(cl_kind_t kind)
{
    return kind == CL_KIND_NETWORK || kind == CL_KIND_NETINTERFACE;
}

/* An object's id by name or id, NULL if there is none. */
static const char *
object_find(const cl_model_t *m, cl_kind_t kind, const char *name)
{
    if (is_memb_kind(kind)) {
        return clusapi__memb_find(clusapi__engine_memb(),
                                  kind == CL_KIND_NETINTERFACE, name);
    }
    return clusapi__model_find(m, kind, name);
}

/* An object's name by id, NULL if it does not exist (any more). */
const char *
clusapi__api_object_name(const cl_model_t *m, cl_kind_t kind, const char *id)
{
    if (is_memb_kind(kind)) {
        return clusapi__memb_name(clusapi__engine_memb(),
                                  kind == CL_KIND_NETINTERFACE, id);
    }
    return clusapi__model_name(m, kind, id);
}

/* The ids of every object of a kind, sorted (g_ptr_array_unref). */
GPtrArray *
clusapi__api_object_list(const cl_model_t *m, cl_kind_t kind)
{
    if (is_memb_kind(kind)) {
        return clusapi__memb_list(clusapi__engine_memb(),
                                  kind == CL_KIND_NETINTERFACE, NULL, NULL);
    }
    return clusapi__model_list(m, kind);
}

/* The model, locked, for a query on the object o; NULL (and nothing
 * locked) with *ret_err set if o's cluster handle is closed
 * (ERROR_INVALID_HANDLE) or the object is gone (ERROR_NOT_FOUND). */
const cl_model_t *
clusapi__api_lock_object_model(const api_object_t *o, DWORD *ret_err)
{
    const cl_model_t *m = clusapi__api_lock_model(o->session);

    if (m == NULL) {
        *ret_err = ERROR_INVALID_HANDLE;
        return NULL;
    }
    if (clusapi__api_object_name(m, o->kind, o->id) == NULL) {
        clusapi__engine_unlock_model();
        *ret_err = ERROR_NOT_FOUND; /* deleted since it was opened */
        return NULL;
    }
    return m;
}

/* ---- object handles ---- */

static void
object_free(void *p)
{
    api_object_t *o = p;

    clusapi__session_unref(o->session);
    g_free(o->id);
    g_free(o->name);
    g_free(o);
}

static cl_htype_t
htype_of_kind(cl_kind_t kind)
{
    switch (kind) {
        case CL_KIND_NODE: return CL_H_NODE;
        case CL_KIND_GROUP: return CL_H_GROUP;
        case CL_KIND_NETWORK: return CL_H_NETWORK;
        case CL_KIND_NETINTERFACE: return CL_H_NETINTERFACE;
        default: return CL_H_RESOURCE;
    }
}

/* An object handle of this type, referenced; NULL with
 * ERROR_INVALID_HANDLE as the last error. */
api_object_t *
clusapi__api_get_object(HANDLE h, cl_htype_t type)
{
    api_object_t *o = clusapi__handle_get((uintptr_t) h, type);

    if (o == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
    }
    return o;
}

static HANDLE
open_object(HCLUSTER hCluster, const void *name, bool wide, cl_kind_t kind,
            DWORD not_found)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
    bool ok = true;
    g_autofree char *utf8 = NULL;
    const cl_model_t *m;
    const char *id;
    api_object_t *o;
    uintptr_t h;

    if (c == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    utf8 = clusapi__to_utf8(name, wide, &ok);
    if (utf8 == NULL) {
        clusapi__handle_put((uintptr_t) hCluster);
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    m = clusapi__api_lock_model(c->session);
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) hCluster);
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    id = object_find(m, kind, utf8);
    if (id == NULL) {
        clusapi__engine_unlock_model();
        clusapi__handle_put((uintptr_t) hCluster);
        SetLastError(not_found);
        return NULL;
    }
    o = g_new0(api_object_t, 1);
    o->kind = kind;
    o->id = g_strdup(id);
    o->name = g_strdup(clusapi__api_object_name(m, kind, id));
    clusapi__engine_unlock_model();
    o->session = clusapi__session_ref(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    h = clusapi__handle_new(htype_of_kind(kind), o, object_free);
    if (h == 0) {
        object_free(o);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    SetLastError(ERROR_SUCCESS);
    return (HANDLE) h;
}

CLUSAPI_EXPORT HNODE WINAPI
OpenClusterNode(HCLUSTER hCluster, LPCWSTR lpszNodeName)
{
    return open_object(hCluster, lpszNodeName, true, CL_KIND_NODE,
                       ERROR_CLUSTER_NODE_NOT_FOUND);
}

CLUSAPI_EXPORT HNODE WINAPI
OpenClusterNodeA(HCLUSTER hCluster, LPCSTR lpszNodeName)
{
    return open_object(hCluster, lpszNodeName, false, CL_KIND_NODE,
                       ERROR_CLUSTER_NODE_NOT_FOUND);
}

CLUSAPI_EXPORT HGROUP WINAPI
OpenClusterGroup(HCLUSTER hCluster, LPCWSTR lpszGroupName)
{
    return open_object(hCluster, lpszGroupName, true, CL_KIND_GROUP,
                       ERROR_GROUP_NOT_FOUND);
}

CLUSAPI_EXPORT HGROUP WINAPI
OpenClusterGroupA(HCLUSTER hCluster, LPCSTR lpszGroupName)
{
    return open_object(hCluster, lpszGroupName, false, CL_KIND_GROUP,
                       ERROR_GROUP_NOT_FOUND);
}

CLUSAPI_EXPORT HRESOURCE WINAPI
OpenClusterResource(HCLUSTER hCluster, LPCWSTR lpszResourceName)
{
    return open_object(hCluster, lpszResourceName, true, CL_KIND_RESOURCE,
                       ERROR_RESOURCE_NOT_FOUND);
}

CLUSAPI_EXPORT HRESOURCE WINAPI
OpenClusterResourceA(HCLUSTER hCluster, LPCSTR lpszResourceName)
{
    return open_object(hCluster, lpszResourceName, false, CL_KIND_RESOURCE,
                       ERROR_RESOURCE_NOT_FOUND);
}

CLUSAPI_EXPORT HNETWORK WINAPI
OpenClusterNetwork(HCLUSTER hCluster, LPCWSTR lpszNetworkName)
{
    return open_object(hCluster, lpszNetworkName, true, CL_KIND_NETWORK,
                       ERROR_CLUSTER_NETWORK_NOT_FOUND);
}

CLUSAPI_EXPORT HNETWORK WINAPI
OpenClusterNetworkA(HCLUSTER hCluster, LPCSTR lpszNetworkName)
{
    return open_object(hCluster, lpszNetworkName, false, CL_KIND_NETWORK,
                       ERROR_CLUSTER_NETWORK_NOT_FOUND);
}

CLUSAPI_EXPORT HNETINTERFACE WINAPI
OpenClusterNetInterface(HCLUSTER hCluster, LPCWSTR lpszInterfaceName)
{
    return open_object(hCluster, lpszInterfaceName, true, CL_KIND_NETINTERFACE,
                       ERROR_CLUSTER_NETINTERFACE_NOT_FOUND);
}

CLUSAPI_EXPORT HNETINTERFACE WINAPI
OpenClusterNetInterfaceA(HCLUSTER hCluster, LPCSTR lpszInterfaceName)
{
    return open_object(hCluster, lpszInterfaceName, false, CL_KIND_NETINTERFACE,
                       ERROR_CLUSTER_NETINTERFACE_NOT_FOUND);
}

/* HANDLE_CLOSE on every port of the object's session that registered it. */
static BOOL
close_object(HANDLE h, cl_htype_t type)
{
    api_object_t *o = NULL;
    int rc = clusapi__handle_close((uintptr_t) h, type, (void **) &o);

    if (rc != 0) {
        SetLastError(clusapi__win32_error(rc));
        return FALSE;
    }
    clusapi__engine_handle_closed((uintptr_t) h, o->name);
    clusapi__handle_put((uintptr_t) h);
    return TRUE;
}

CLUSAPI_EXPORT BOOL WINAPI
CloseClusterNode(HNODE hNode)
{
    return close_object(hNode, CL_H_NODE);
}

CLUSAPI_EXPORT BOOL WINAPI
CloseClusterGroup(HGROUP hGroup)
{
    return close_object(hGroup, CL_H_GROUP);
}

CLUSAPI_EXPORT BOOL WINAPI
CloseClusterResource(HRESOURCE hResource)
{
    return close_object(hResource, CL_H_RESOURCE);
}

CLUSAPI_EXPORT BOOL WINAPI
CloseClusterNetwork(HNETWORK hNetwork)
{
    return close_object(hNetwork, CL_H_NETWORK);
}

CLUSAPI_EXPORT BOOL WINAPI
CloseClusterNetInterface(HNETINTERFACE hNetInterface)
{
    return close_object(hNetInterface, CL_H_NETINTERFACE);
}

/* ---- state ---- */

/* Copy an optional name out; a too-small buffer sets ERROR_MORE_DATA. */
static bool
state_name_out(const char *src, void *buf, LPDWORD count, bool wide,
               DWORD *err)
{
    DWORD rc;

    if (count == NULL) {
        if (buf != NULL) {
            *err = ERROR_INVALID_PARAMETER;
            return false;
        }
        return true;
    }
    rc = clusapi__copy_out(src, buf, count, wide);
    if (rc == ERROR_MORE_DATA) {
        *err = ERROR_MORE_DATA;
    } else if (rc != ERROR_SUCCESS) {
        *err = rc;
        return false;
    }
    return true;
}

/* The state of a node, network or interface, which have nothing but a
 * state; -1 (every *StateUnknown) on failure. */
static int
object_state(HANDLE h, cl_htype_t type)
{
    api_object_t *o = clusapi__api_get_object(h, type);
    const cl_model_t *m;
    int state;

    if (o == NULL) {
        return -1;
    }
    m = clusapi__api_lock_model(o->session);
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) h);
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    if (is_memb_kind(o->kind)) {
        state = clusapi__memb_state(clusapi__engine_memb(),
                                    o->kind == CL_KIND_NETINTERFACE, o->id);
    } else {
        state = clusapi__model_node_state(m, o->id);
    }
    clusapi__engine_unlock_model();
    clusapi__handle_put((uintptr_t) h);
    SetLastError(state < 0 ? ERROR_NOT_FOUND : ERROR_SUCCESS);
    return state;
}

CLUSAPI_EXPORT CLUSTER_NODE_STATE WINAPI
GetClusterNodeState(HNODE hNode)
{
    return (CLUSTER_NODE_STATE) object_state(hNode, CL_H_NODE);
}

CLUSAPI_EXPORT CLUSTER_NETWORK_STATE WINAPI
GetClusterNetworkState(HNETWORK hNetwork)
{
    return (CLUSTER_NETWORK_STATE) object_state(hNetwork, CL_H_NETWORK);
}

CLUSAPI_EXPORT CLUSTER_NETINTERFACE_STATE WINAPI
GetClusterNetInterfaceState(HNETINTERFACE hNetInterface)
{
    return (CLUSTER_NETINTERFACE_STATE) object_state(hNetInterface,
                                                     CL_H_NETINTERFACE);
}

static CLUSTER_GROUP_STATE
group_state(HGROUP hGroup, void *node, LPDWORD count, bool wide)
{
    api_object_t *o = clusapi__api_get_object(hGroup, CL_H_GROUP);
    const cl_model_t *m;
    const char *owner = "";
    DWORD err = ERROR_SUCCESS;
    int state;

    if (o == NULL) {
        return ClusterGroupStateUnknown;
    }
    if (count == NULL && node != NULL) {
        clusapi__handle_put((uintptr_t) hGroup);
        SetLastError(ERROR_INVALID_PARAMETER);
        return ClusterGroupStateUnknown;
    }
    m = clusapi__api_lock_model(o->session);
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) hGroup);
        SetLastError(ERROR_INVALID_HANDLE);
        return ClusterGroupStateUnknown;
    }
    state = clusapi__model_group_state(m, o->id, &owner);
    if (state >= 0 && !state_name_out(owner, node, count, wide, &err)) {
        state = -1;
    } else if (state < 0) {
        err = ERROR_NOT_FOUND;
    }
    clusapi__engine_unlock_model();
    clusapi__handle_put((uintptr_t) hGroup);
    SetLastError(err);
    return (CLUSTER_GROUP_STATE) state;
}

CLUSAPI_EXPORT CLUSTER_GROUP_STATE WINAPI
GetClusterGroupState(HGROUP hGroup, LPWSTR lpszNodeName, LPDWORD lpcchNodeName)
{
    return group_state(hGroup, lpszNodeName, lpcchNodeName, true);
}

CLUSAPI_EXPORT CLUSTER_GROUP_STATE WINAPI
GetClusterGroupStateA(HGROUP hGroup, LPSTR lpszNodeName, LPDWORD lpcbNodeName)
{
    return group_state(hGroup, lpszNodeName, lpcbNodeName, false);
}

static CLUSTER_RESOURCE_STATE
resource_state(HRESOURCE hResource, void *node, LPDWORD node_count,
               void *group, LPDWORD group_count, bool wide)
{
    api_object_t *o = clusapi__api_get_object(hResource, CL_H_RESOURCE);
    const cl_model_t *m;
    const char *owner = "";
    const char *grp = "";
    DWORD err = ERROR_SUCCESS;
    int state;

    if (o == NULL) {
        return ClusterResourceStateUnknown;
    }
    if ((node_count == NULL && node != NULL)
        || (group_count == NULL && group != NULL)) {
        clusapi__handle_put((uintptr_t) hResource);
        SetLastError(ERROR_INVALID_PARAMETER);
        return ClusterResourceStateUnknown;
    }
    m = clusapi__api_lock_model(o->session);
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) hResource);
        SetLastError(ERROR_INVALID_HANDLE);
        return ClusterResourceStateUnknown;
    }
    state = clusapi__model_resource_state(m, o->id, &owner, &grp);
    if (state < 0) {
        err = ERROR_NOT_FOUND;
    } else if (!state_name_out(owner, node, node_count, wide, &err)
               || !state_name_out(grp, group, group_count, wide, &err)) {
        state = -1;
    }
    clusapi__engine_unlock_model();
    clusapi__handle_put((uintptr_t) hResource);
    SetLastError(err);
    return (CLUSTER_RESOURCE_STATE) state;
}

CLUSAPI_EXPORT CLUSTER_RESOURCE_STATE WINAPI
GetClusterResourceState(HRESOURCE hResource, LPWSTR lpszNodeName,
                        LPDWORD lpcchNodeName, LPWSTR lpszGroupName,
                        LPDWORD lpcchGroupName)
{
    return resource_state(hResource, lpszNodeName, lpcchNodeName,
                          lpszGroupName, lpcchGroupName, true);
}

CLUSAPI_EXPORT CLUSTER_RESOURCE_STATE WINAPI
GetClusterResourceStateA(HRESOURCE hResource, LPSTR lpszNodeName,
                         LPDWORD lpcbNodeName, LPSTR lpszGroupName,
                         LPDWORD lpcbGroupName)
{
    return resource_state(hResource, lpszNodeName, lpcbNodeName, lpszGroupName,
                          lpcbGroupName, false);
}

/* ---- the cluster of an object handle ---- */

/* Windows: "another instance of the handle from which the object handle was
 * obtained", closed by the caller.  Here a new session on the running
 * engine: closing it leaves the object and its own cluster handle alone. */
static HCLUSTER
cluster_from(HANDLE h, cl_htype_t type)
{
    api_object_t *o = clusapi__api_get_object(h, type);
    cl_session_t *s;
    bool open;

    if (o == NULL) {
        return NULL;
    }
    open = clusapi__api_lock_model(o->session) != NULL;
    if (open) {
        clusapi__engine_unlock_model();
    }
    clusapi__handle_put((uintptr_t) h);
    if (!open) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    /* Should the original be closed right now, and be the last, this
     * starts the engine again: still a valid handle on the same cluster. */
    s = clusapi__api_session_open();
    return s != NULL ? clusapi__api_cluster_handle_new(s) : NULL;
}

CLUSAPI_EXPORT HCLUSTER WINAPI
GetClusterFromNode(HNODE hNode)
{
    return cluster_from(hNode, CL_H_NODE);
}

CLUSAPI_EXPORT HCLUSTER WINAPI
GetClusterFromGroup(HGROUP hGroup)
{
    return cluster_from(hGroup, CL_H_GROUP);
}

CLUSAPI_EXPORT HCLUSTER WINAPI
GetClusterFromResource(HRESOURCE hResource)
{
    return cluster_from(hResource, CL_H_RESOURCE);
}

CLUSAPI_EXPORT HCLUSTER WINAPI
GetClusterFromNetwork(HNETWORK hNetwork)
{
    return cluster_from(hNetwork, CL_H_NETWORK);
}

CLUSAPI_EXPORT HCLUSTER WINAPI
GetClusterFromNetInterface(HNETINTERFACE hNetInterface)
{
    return cluster_from(hNetInterface, CL_H_NETINTERFACE);
}

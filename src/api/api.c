/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * api.c - the public entry points: validate every argument and handle,
 * call the core or the engine, map the result to a Win32 code.  Never
 * aborts on bad input.  Each string function is implemented once, with a
 * 'wide' flag choosing the UTF-16 (W) or UTF-8 (A) form.
 */
#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "api/engine.h"
#include "core/handle.h"
#include "core/names.h"
#include "core/port.h"
#include "core/strconv.h"

/* ---- last error (thread-local, as on Windows) ---- */

static __thread DWORD last_error;

CLUSAPI_EXPORT DWORD WINAPI
GetLastError(void)
{
    return last_error;
}

CLUSAPI_EXPORT void WINAPI
SetLastError(DWORD dwErrCode)
{
    last_error = dwErrCode;
}

/* ---- handle payloads ---- */

typedef struct api_cluster {
    cl_session_t *session;
} api_cluster_t;

typedef struct api_port {
    cl_port_t *port;
    cl_session_t *session; /* NULL for a port made with no cluster */
} api_port_t;

typedef struct api_object {
    cl_kind_t kind;
    char *id;
    char *name; /* for HANDLE_CLOSE if the object is gone */
    cl_session_t *session;
} api_object_t;

static void
cluster_free(void *p)
{
    api_cluster_t *c = p;

    clusapi__session_unref(c->session);
    g_free(c);
}

static void
port_free(void *p)
{
    api_port_t *ap = p;

    clusapi__port_unref(ap->port);
    if (ap->session != NULL) {
        clusapi__session_unref(ap->session);
    }
    g_free(ap);
}

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

/* ---- clusters ---- */

/* A cluster handle for the new session s (its reference moves to the
 * handle); the session is closed on failure. */
static HCLUSTER
cluster_handle_new(cl_session_t *s)
{
    api_cluster_t *c = g_new0(api_cluster_t, 1);
    uintptr_t h;

    c->session = s;
    h = clusapi__handle_new(CL_H_CLUSTER, c, cluster_free);
    if (h == 0) {
        clusapi__session_close(s);
        cluster_free(c);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    SetLastError(ERROR_SUCCESS);
    return (HCLUSTER) h;
}

/* The model, locked, for a query made through a handle of session s; NULL
 * (and nothing locked) if s is closed: CloseCluster invalidates every
 * handle opened with that cluster handle (docs/windows-api.md 2.1), and the
 * model itself is gone once the last session is closed. */
static const cl_model_t *
lock_model_for(const cl_session_t *s)
{
    const cl_model_t *m = clusapi__engine_lock_model();

    if (m == NULL || !clusapi__session_is_open(s)) {
        clusapi__engine_unlock_model();
        return NULL;
    }
    return m;
}

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
static const char *
object_name(const cl_model_t *m, cl_kind_t kind, const char *id)
{
    if (is_memb_kind(kind)) {
        return clusapi__memb_name(clusapi__engine_memb(),
                                  kind == CL_KIND_NETINTERFACE, id);
    }
    return clusapi__model_name(m, kind, id);
}

/* The ids of every object of a kind, sorted (g_ptr_array_unref). */
static GPtrArray *
object_list(const cl_model_t *m, cl_kind_t kind)
{
    if (is_memb_kind(kind)) {
        return clusapi__memb_list(clusapi__engine_memb(),
                                  kind == CL_KIND_NETINTERFACE, NULL, NULL);
    }
    return clusapi__model_list(m, kind);
}

static HCLUSTER
open_cluster(const void *name, bool wide)
{
    bool ok = true;
    g_autofree char *utf8 = clusapi__to_utf8(name, wide, &ok);
    uint32_t err = ERROR_SUCCESS;
    cl_session_t *s;

    if (!ok) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    s = clusapi__engine_open(&err);
    if (s == NULL) {
        SetLastError(err);
        return NULL;
    }
    if (utf8 != NULL && utf8[0] != '\0' && strcmp(utf8, ".") != 0) {
        /* docs/windows-api.md 2.1: the cluster's name or one of its nodes' */
        const cl_model_t *m = clusapi__engine_lock_model();
        bool known = g_ascii_strcasecmp(clusapi__model_cluster_name(m), utf8)
                         == 0
                     || clusapi__model_find(m, CL_KIND_NODE, utf8) != NULL;
        clusapi__engine_unlock_model();
        if (!known) {
            clusapi__session_close(s);
            clusapi__session_unref(s);
            SetLastError(ERROR_NOT_FOUND);
            return NULL;
        }
    }
    return cluster_handle_new(s);
}

CLUSAPI_EXPORT HCLUSTER WINAPI
OpenCluster(LPCWSTR lpszClusterName)
{
    return open_cluster(lpszClusterName, true);
}

CLUSAPI_EXPORT HCLUSTER WINAPI
OpenClusterA(LPCSTR lpszClusterName)
{
    return open_cluster(lpszClusterName, false);
}

CLUSAPI_EXPORT BOOL WINAPI
CloseCluster(HCLUSTER hCluster)
{
    api_cluster_t *c = NULL;
    g_autofree char *name = NULL;

    if (clusapi__handle_close((uintptr_t) hCluster, CL_H_CLUSTER,
                              (void **) &c)
        != 0) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    name = g_strdup(clusapi__model_cluster_name(clusapi__engine_lock_model()));
    clusapi__engine_unlock_model();
    /* registrations of this HCLUSTER (RegisterClusterNotify), then the
     * ports created with it (docs/windows-api.md 4.4) */
    clusapi__engine_handle_closed((uintptr_t) hCluster, name);
    clusapi__session_close(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    return TRUE;
}

/* ---- notification ports ---- */

CLUSAPI_EXPORT HCHANGE WINAPI
CreateClusterNotifyPort(HCHANGE hChange, HCLUSTER hCluster, DWORD dwFilter,
                        DWORD_PTR dwNotifyKey)
{
    api_cluster_t *c = NULL;
    api_port_t *ap;
    uintptr_t h;

    if ((HANDLE) hCluster != INVALID_HANDLE_VALUE) {
        c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
        if (c == NULL) {
            SetLastError(ERROR_INVALID_HANDLE);
            return NULL;
        }
    }
    if ((HANDLE) hChange != INVALID_HANDLE_VALUE) {
        /* add a filter to an existing port of the same cluster */
        ap = clusapi__handle_get((uintptr_t) hChange, CL_H_PORT);
        if (ap == NULL || c == NULL) {
            if (ap != NULL) {
                clusapi__handle_put((uintptr_t) hChange);
            }
            if (c != NULL) {
                clusapi__handle_put((uintptr_t) hCluster);
            }
            SetLastError(ERROR_INVALID_HANDLE);
            return NULL;
        }
        if (ap->session != c->session) {
            clusapi__handle_put((uintptr_t) hChange);
            clusapi__handle_put((uintptr_t) hCluster);
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        (void) clusapi__port_add_filter(ap->port, dwFilter, dwNotifyKey);
        clusapi__handle_put((uintptr_t) hChange);
        clusapi__handle_put((uintptr_t) hCluster);
        SetLastError(ERROR_SUCCESS);
        return hChange;
    }
    ap = g_new0(api_port_t, 1);
    ap->port = clusapi__port_new(CLUSAPI_PORT_MAX_QUEUED);
    if (ap->port == NULL) {
        g_free(ap);
        if (c != NULL) {
            clusapi__handle_put((uintptr_t) hCluster);
        }
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    (void) clusapi__port_add_filter(ap->port, dwFilter, dwNotifyKey);
    if (c != NULL) {
        ap->session = clusapi__session_ref(c->session);
        clusapi__handle_put((uintptr_t) hCluster);
    }
    clusapi__engine_add_port(ap->session, ap->port);
    h = clusapi__handle_new(CL_H_PORT, ap, port_free);
    if (h == 0) {
        clusapi__engine_remove_port(ap->port);
        port_free(ap);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    SetLastError(ERROR_SUCCESS);
    return (HCHANGE) h;
}

/* Bits valid in a per-object registration (docs/windows-api.md 4.2;
 * *_ADDED never fires for an object that exists, so the Win32 table leaves
 * it out, and so do networks and interfaces). */
static DWORD
valid_bits(cl_htype_t type)
{
    switch (type) {
        case CL_H_NODE:
            return CLUSTER_CHANGE_NODE_STATE | CLUSTER_CHANGE_NODE_DELETED
                   | CLUSTER_CHANGE_NODE_PROPERTY | CLUSTER_CHANGE_HANDLE_CLOSE;
        case CL_H_GROUP:
            return CLUSTER_CHANGE_GROUP_STATE | CLUSTER_CHANGE_GROUP_DELETED
                   | CLUSTER_CHANGE_GROUP_PROPERTY
                   | CLUSTER_CHANGE_HANDLE_CLOSE;
        case CL_H_RESOURCE:
            return CLUSTER_CHANGE_RESOURCE_STATE
                   | CLUSTER_CHANGE_RESOURCE_DELETED
                   | CLUSTER_CHANGE_RESOURCE_PROPERTY
                   | CLUSTER_CHANGE_HANDLE_CLOSE;
        case CL_H_NETWORK:
            return CLUSTER_CHANGE_NETWORK_STATE | CLUSTER_CHANGE_NETWORK_DELETED
                   | CLUSTER_CHANGE_NETWORK_PROPERTY
                   | CLUSTER_CHANGE_HANDLE_CLOSE;
        case CL_H_NETINTERFACE:
            return CLUSTER_CHANGE_NETINTERFACE_STATE
                   | CLUSTER_CHANGE_NETINTERFACE_DELETED
                   | CLUSTER_CHANGE_NETINTERFACE_PROPERTY
                   | CLUSTER_CHANGE_HANDLE_CLOSE;
        case CL_H_CLUSTER:
            return CLUSTER_CHANGE_CLUSTER_STATE
                   | CLUSTER_CHANGE_CLUSTER_PROPERTY
                   | CLUSTER_CHANGE_CLUSTER_RECONNECT
                   | CLUSTER_CHANGE_QUORUM_STATE | CLUSTER_CHANGE_HANDLE_CLOSE;
        default:
            return 0;
    }
}

CLUSAPI_EXPORT DWORD WINAPI
RegisterClusterNotify(HCHANGE hChange, DWORD dwFilterType, HANDLE hObject,
                      DWORD_PTR dwNotifyKey)
{
    static const cl_htype_t types[] = { CL_H_NODE,         CL_H_GROUP,
                                        CL_H_RESOURCE,     CL_H_NETWORK,
                                        CL_H_NETINTERFACE, CL_H_CLUSTER };
    api_port_t *ap = clusapi__handle_get((uintptr_t) hChange, CL_H_PORT);
    DWORD rc = ERROR_INVALID_HANDLE;

    if (ap == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
        void *obj = clusapi__handle_get((uintptr_t) hObject, types[i]);
        cl_kind_t kind;
        const char *id;

        if (obj == NULL) {
            continue;
        }
        if (dwFilterType == 0 || (dwFilterType & ~valid_bits(types[i])) != 0) {
            rc = ERROR_INVALID_PARAMETER;
        } else {
            if (types[i] == CL_H_CLUSTER) {
                kind = CL_KIND_CLUSTER;
                id = "";
            } else {
                kind = ((api_object_t *) obj)->kind;
                id = ((api_object_t *) obj)->id;
            }
            rc = clusapi__port_add_object(ap->port, dwFilterType, kind, id,
                                          dwNotifyKey, (uintptr_t) hObject)
                         == 0
                     ? ERROR_SUCCESS
                     : ERROR_INVALID_HANDLE;
        }
        clusapi__handle_put((uintptr_t) hObject);
        break;
    }
    clusapi__handle_put((uintptr_t) hChange);
    return rc;
}

struct notify_ctx {
    DWORD_PTR *key;
    LPDWORD type;
    void *name;
    LPDWORD count;
    bool wide;
    DWORD rc;
};

static bool
consume(const cl_queued_t *head, void *data)
{
    struct notify_ctx *nc = data;

    nc->rc = clusapi__copy_out(head->name, nc->name, nc->count, nc->wide);
    if (nc->rc != ERROR_SUCCESS && nc->rc != ERROR_MORE_DATA) {
        return false;
    }
    /* docs/windows-api.md 2.2: the key and type come back with
     * ERROR_MORE_DATA too, and the event stays queued for the retry */
    *nc->key = head->key;
    *nc->type = head->change;
    return nc->rc == ERROR_SUCCESS;
}

static DWORD
get_notify(HCHANGE hChange, DWORD_PTR *key, LPDWORD type, void *name,
           LPDWORD count, DWORD ms, bool wide)
{
    api_port_t *ap;
    struct notify_ctx nc = { key, type, name, count, wide, ERROR_SUCCESS };
    int rc;

    ap = clusapi__handle_get((uintptr_t) hChange, CL_H_PORT);
    if (ap == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (key == NULL || type == NULL || count == NULL) {
        clusapi__handle_put((uintptr_t) hChange);
        return ERROR_INVALID_PARAMETER;
    }
    rc = clusapi__port_wait(ap->port, ms == INFINITE ? UINT32_MAX : ms,
                            consume, &nc);
    clusapi__handle_put((uintptr_t) hChange);
    switch (rc) {
        case 0: return nc.rc;
        case -ETIMEDOUT: return WAIT_TIMEOUT;
        default: return ERROR_INVALID_HANDLE;
    }
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterNotify(HCHANGE hChange, DWORD_PTR *lpdwNotifyKey,
                 LPDWORD lpdwFilterType, LPWSTR lpszName, LPDWORD lpcchName,
                 DWORD dwMilliseconds)
{
    return get_notify(hChange, lpdwNotifyKey, lpdwFilterType, lpszName,
                      lpcchName, dwMilliseconds, true);
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterNotifyA(HCHANGE hChange, DWORD_PTR *lpdwNotifyKey,
                  LPDWORD lpdwFilterType, LPSTR lpszName, LPDWORD lpcbName,
                  DWORD dwMilliseconds)
{
    return get_notify(hChange, lpdwNotifyKey, lpdwFilterType, lpszName,
                      lpcbName, dwMilliseconds, false);
}

CLUSAPI_EXPORT BOOL WINAPI
CloseClusterNotifyPort(HCHANGE hChange)
{
    api_port_t *ap = NULL;

    if (clusapi__handle_close((uintptr_t) hChange, CL_H_PORT, (void **) &ap)
        != 0) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    clusapi__engine_remove_port(ap->port);
    clusapi__port_close(ap->port);
    clusapi__handle_put((uintptr_t) hChange);
    return TRUE;
}

CLUSAPI_EXPORT int
clusapi_port_fd(HCHANGE hChange)
{
    api_port_t *ap = clusapi__handle_get((uintptr_t) hChange, CL_H_PORT);
    int fd;
    int err;

    if (ap == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    fd = clusapi__port_fd(ap->port);
    err = errno;
    clusapi__handle_put((uintptr_t) hChange);
    if (fd < 0) {
        /* closed, or made on the first call: out of descriptors or memory */
        SetLastError(err == EBADF ? ERROR_INVALID_HANDLE
                     : err == EMFILE || err == ENFILE
                         ? ERROR_TOO_MANY_OPEN_FILES
                         : ERROR_NOT_ENOUGH_MEMORY);
    }
    return fd;
}

CLUSAPI_EXPORT const char *
clusapi_change_name(DWORD dwFilterType)
{
    return clusapi__change_name(dwFilterType);
}

/* ---- object handles ---- */

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
    m = lock_model_for(c->session);
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
    o->name = g_strdup(object_name(m, kind, id));
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

    if (clusapi__handle_close((uintptr_t) h, type, (void **) &o) != 0) {
        SetLastError(ERROR_INVALID_HANDLE);
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

static api_object_t *
get_object(HANDLE h, cl_htype_t type)
{
    api_object_t *o = clusapi__handle_get((uintptr_t) h, type);

    if (o == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
    }
    return o;
}

/* The state of a node, network or interface, which have nothing but a
 * state; -1 (every *StateUnknown) on failure. */
static int
object_state(HANDLE h, cl_htype_t type)
{
    api_object_t *o = get_object(h, type);
    const cl_model_t *m;
    int state;

    if (o == NULL) {
        return -1;
    }
    m = lock_model_for(o->session);
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
    api_object_t *o = get_object(hGroup, CL_H_GROUP);
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
    m = lock_model_for(o->session);
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
    api_object_t *o = get_object(hResource, CL_H_RESOURCE);
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
    m = lock_model_for(o->session);
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

/* ---- enumerations ----
 * HCLUSENUM, HGROUPENUM, HNODEENUM and HNETWORKENUM are all CL_H_ENUM
 * handles of the handle table (core/handle.h has one enumeration type); the
 * payload says which kind it is and every entry point checks it, so an
 * enumeration handle passed to another kind's functions gives
 * ERROR_INVALID_HANDLE. */

typedef enum enum_kind {
    ENUM_CLUSTER = 1,
    ENUM_GROUP = 2,
    ENUM_NODE = 3,
    ENUM_NETWORK = 4,
} enum_kind_t;

typedef struct api_enum {
    enum_kind_t kind;
    GArray *types;    /* DWORD */
    GPtrArray *names; /* char * */
} api_enum_t;

static void
enum_free(void *p)
{
    api_enum_t *e = p;

    g_array_unref(e->types);
    g_ptr_array_unref(e->names);
    g_free(e);
}

static api_enum_t *
enum_new(enum_kind_t kind)
{
    api_enum_t *e = g_new0(api_enum_t, 1);

    e->kind = kind;
    e->types = g_array_new(FALSE, FALSE, sizeof(DWORD));
    e->names = g_ptr_array_new_with_free_func(g_free);
    return e;
}

static void
enum_add(api_enum_t *e, DWORD type, const char *name)
{
    if (name != NULL) {
        g_array_append_val(e->types, type);
        g_ptr_array_add(e->names, g_strdup(name));
    }
}

/* The snapshot e as a handle (NULL with ERROR_NOT_ENOUGH_MEMORY when the
 * handle table is full). */
static HANDLE
enum_handle_new(api_enum_t *e)
{
    uintptr_t h = clusapi__handle_new(CL_H_ENUM, e, enum_free);

    if (h == 0) {
        enum_free(e);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    SetLastError(ERROR_SUCCESS);
    return (HANDLE) h;
}

/* An enumeration handle of this kind, referenced (pair with handle_put). */
static api_enum_t *
enum_get(HANDLE h, enum_kind_t kind)
{
    api_enum_t *e = clusapi__handle_get((uintptr_t) h, CL_H_ENUM);

    if (e != NULL && e->kind != kind) {
        clusapi__handle_put((uintptr_t) h);
        e = NULL;
    }
    return e;
}

static DWORD
enum_count(HANDLE h, enum_kind_t kind)
{
    api_enum_t *e = enum_get(h, kind);
    DWORD n;

    if (e == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    n = e->names->len;
    clusapi__handle_put((uintptr_t) h);
    SetLastError(ERROR_SUCCESS);
    return n;
}

static DWORD
enum_item(HANDLE h, enum_kind_t kind, DWORD index, LPDWORD type, void *name,
          LPDWORD count, bool wide)
{
    api_enum_t *e = enum_get(h, kind);
    DWORD rc;

    if (e == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (type == NULL || count == NULL) {
        rc = ERROR_INVALID_PARAMETER;
    } else if (index >= e->names->len) {
        rc = ERROR_NO_MORE_ITEMS;
    } else {
        rc = clusapi__copy_out(g_ptr_array_index(e->names, index), name, count,
                               wide);
        if (rc == ERROR_SUCCESS || rc == ERROR_MORE_DATA) {
            *type = g_array_index(e->types, DWORD, index);
        }
    }
    clusapi__handle_put((uintptr_t) h);
    return rc;
}

static DWORD
enum_close(HANDLE h, enum_kind_t kind)
{
    /* The kind first: handle_close does not look at the payload.  Should
     * the handle be closed meanwhile, its slot gets a new generation, so
     * the close below cannot reach any object but the one checked. */
    if (enum_get(h, kind) == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    clusapi__handle_put((uintptr_t) h);
    if (clusapi__handle_close((uintptr_t) h, CL_H_ENUM, NULL) != 0) {
        return ERROR_INVALID_HANDLE;
    }
    return ERROR_SUCCESS;
}

CLUSAPI_EXPORT HCLUSENUM WINAPI
ClusterOpenEnum(HCLUSTER hCluster, DWORD dwType)
{
    /* the documented order (clusapi.h), whatever the order of the bits */
    static const struct {
        DWORD type;
        cl_kind_t kind;
    } order[] = { { CLUSTER_ENUM_NODE, CL_KIND_NODE },
                  { CLUSTER_ENUM_RESTYPE, CL_KIND_RESTYPE },
                  { CLUSTER_ENUM_GROUP, CL_KIND_GROUP },
                  { CLUSTER_ENUM_RESOURCE, CL_KIND_RESOURCE },
                  { CLUSTER_ENUM_NETWORK, CL_KIND_NETWORK },
                  { CLUSTER_ENUM_NETINTERFACE, CL_KIND_NETINTERFACE } };
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
    const cl_model_t *m;
    api_enum_t *e;

    if (c == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (dwType == 0 || (dwType & ~CLUSTER_ENUM_ALL) != 0) {
        clusapi__handle_put((uintptr_t) hCluster);
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    m = lock_model_for(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    if (m == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    e = enum_new(ENUM_CLUSTER);
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        g_autoptr(GPtrArray) ids = NULL;

        if ((dwType & order[i].type) == 0) {
            continue;
        }
        ids = object_list(m, order[i].kind);
        for (guint j = 0; j < ids->len; j++) {
            enum_add(e, order[i].type,
                     object_name(m, order[i].kind, g_ptr_array_index(ids, j)));
        }
    }
    clusapi__engine_unlock_model();
    return (HCLUSENUM) enum_handle_new(e);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterGetEnumCount(HCLUSENUM hEnum)
{
    return enum_count(hEnum, ENUM_CLUSTER);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterEnum(HCLUSENUM hEnum, DWORD dwIndex, LPDWORD lpdwType, LPWSTR lpszName,
            LPDWORD lpcchName)
{
    return enum_item(hEnum, ENUM_CLUSTER, dwIndex, lpdwType, lpszName,
                     lpcchName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterEnumA(HCLUSENUM hEnum, DWORD dwIndex, LPDWORD lpdwType, LPSTR lpszName,
             LPDWORD lpcbName)
{
    return enum_item(hEnum, ENUM_CLUSTER, dwIndex, lpdwType, lpszName,
                     lpcbName, false);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterCloseEnum(HCLUSENUM hEnum)
{
    return enum_close(hEnum, ENUM_CLUSTER);
}

/* The model, locked, for a query on the object o; NULL (and nothing
 * locked) with *ret_err set if o's cluster handle is closed
 * (ERROR_INVALID_HANDLE) or the object is gone (ERROR_NOT_FOUND). */
static const cl_model_t *
lock_model_for_object(const api_object_t *o, DWORD *ret_err)
{
    const cl_model_t *m = lock_model_for(o->session);

    if (m == NULL) {
        *ret_err = ERROR_INVALID_HANDLE;
        return NULL;
    }
    if (object_name(m, o->kind, o->id) == NULL) {
        clusapi__engine_unlock_model();
        *ret_err = ERROR_NOT_FOUND; /* deleted since it was opened */
        return NULL;
    }
    return m;
}

/* The start of an Open*Enum on the object handle h of this type: the
 * object (referenced, in *ret_o) and the model, locked.  On failure NULL,
 * nothing held, and the last error set (also ERROR_INVALID_PARAMETER for a
 * dwType of 0 or with bits outside valid). */
static const cl_model_t *
object_enum_begin(HANDLE h, cl_htype_t type, DWORD dwType, DWORD valid,
                  api_object_t **ret_o)
{
    api_object_t *o = get_object(h, type);
    const cl_model_t *m = NULL;
    DWORD err = ERROR_INVALID_PARAMETER;

    if (o == NULL) {
        return NULL;
    }
    if (dwType != 0 && (dwType & ~valid) == 0) {
        m = lock_model_for_object(o, &err);
    }
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) h);
        SetLastError(err);
        return NULL;
    }
    *ret_o = o;
    return m;
}

/* The end of an Open*Enum: unlock, drop the object, e as a handle. */
static HANDLE
object_enum_end(HANDLE h, api_enum_t *e)
{
    clusapi__engine_unlock_model();
    clusapi__handle_put((uintptr_t) h);
    return enum_handle_new(e);
}

/* The network interfaces, of one node (name) and/or on one network (id),
 * as items of this type. */
static void
enum_add_netifs(api_enum_t *e, DWORD type, const char *node,
                const char *network)
{
    const cl_memb_t *mb = clusapi__engine_memb();
    g_autoptr(GPtrArray) ids = clusapi__memb_list(mb, true, node, network);

    for (guint i = 0; i < ids->len; i++) {
        enum_add(e, type,
                 clusapi__memb_name(mb, true, g_ptr_array_index(ids, i)));
    }
}

CLUSAPI_EXPORT HGROUPENUM WINAPI
ClusterGroupOpenEnum(HGROUP hGroup, DWORD dwType)
{
    api_object_t *o = NULL;
    const cl_model_t *m = object_enum_begin(hGroup, CL_H_GROUP, dwType,
                                            CLUSTER_GROUP_ENUM_ALL, &o);
    api_enum_t *e;

    if (m == NULL) {
        return NULL;
    }
    e = enum_new(ENUM_GROUP);
    if ((dwType & CLUSTER_GROUP_ENUM_CONTAINS) != 0) {
        const GPtrArray *ids = clusapi__model_group_members(m, o->id);

        for (guint i = 0; ids != NULL && i < ids->len; i++) {
            enum_add(e, CLUSTER_GROUP_ENUM_CONTAINS,
                     clusapi__model_name(m, CL_KIND_RESOURCE,
                                         g_ptr_array_index(ids, i)));
        }
    }
    if ((dwType & CLUSTER_GROUP_ENUM_NODES) != 0) {
        const GPtrArray *nodes = clusapi__model_group_preferred(m, o->id);

        for (guint i = 0; nodes != NULL && i < nodes->len; i++) {
            /* a constraint may name a node that is not in the cluster */
            const char *id = clusapi__model_find(m, CL_KIND_NODE,
                                                 g_ptr_array_index(nodes, i));

            enum_add(e, CLUSTER_GROUP_ENUM_NODES,
                     clusapi__model_name(m, CL_KIND_NODE, id));
        }
    }
    return (HGROUPENUM) object_enum_end(hGroup, e);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterGroupGetEnumCount(HGROUPENUM hGroupEnum)
{
    return enum_count(hGroupEnum, ENUM_GROUP);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterGroupEnum(HGROUPENUM hGroupEnum, DWORD dwIndex, LPDWORD lpdwType,
                 LPWSTR lpszResourceName, LPDWORD lpcchName)
{
    return enum_item(hGroupEnum, ENUM_GROUP, dwIndex, lpdwType,
                     lpszResourceName, lpcchName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterGroupEnumA(HGROUPENUM hGroupEnum, DWORD dwIndex, LPDWORD lpdwType,
                  LPSTR lpszResourceName, LPDWORD lpcbName)
{
    return enum_item(hGroupEnum, ENUM_GROUP, dwIndex, lpdwType,
                     lpszResourceName, lpcbName, false);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterGroupCloseEnum(HGROUPENUM hGroupEnum)
{
    return enum_close(hGroupEnum, ENUM_GROUP);
}

/* Whether the group gid has node nid among its preferred owners. */
static bool
group_prefers(const cl_model_t *m, const char *gid, const char *nid)
{
    const GPtrArray *nodes = clusapi__model_group_preferred(m, gid);

    for (guint i = 0; nodes != NULL && i < nodes->len; i++) {
        const char *id = clusapi__model_find(m, CL_KIND_NODE,
                                             g_ptr_array_index(nodes, i));
        if (g_strcmp0(id, nid) == 0) {
            return true;
        }
    }
    return false;
}

CLUSAPI_EXPORT HNODEENUM WINAPI
ClusterNodeOpenEnum(HNODE hNode, DWORD dwType)
{
    static const DWORD valid = CLUSTER_NODE_ENUM_NETINTERFACES
                               | CLUSTER_NODE_ENUM_GROUPS
                               | CLUSTER_NODE_ENUM_PREFERRED_GROUPS;
    api_object_t *o = NULL;
    const cl_model_t *m = object_enum_begin(hNode, CL_H_NODE, dwType, valid,
                                            &o);
    g_autoptr(GPtrArray) groups = NULL;
    const char *node;
    api_enum_t *e;

    if (m == NULL) {
        return NULL;
    }
    e = enum_new(ENUM_NODE);
    node = clusapi__model_name(m, CL_KIND_NODE, o->id);
    groups = clusapi__model_list(m, CL_KIND_GROUP);
    if ((dwType & CLUSTER_NODE_ENUM_NETINTERFACES) != 0) {
        /* Corosync's nodelist names are the Pacemaker node names */
        enum_add_netifs(e, CLUSTER_NODE_ENUM_NETINTERFACES, node, NULL);
    }
    if ((dwType & CLUSTER_NODE_ENUM_GROUPS) != 0) {
        for (guint i = 0; i < groups->len; i++) {
            const char *gid = g_ptr_array_index(groups, i);
            const char *owner = "";

            (void) clusapi__model_group_state(m, gid, &owner);
            if (strcmp(owner, node) == 0) {
                enum_add(e, CLUSTER_NODE_ENUM_GROUPS,
                         clusapi__model_name(m, CL_KIND_GROUP, gid));
            }
        }
    }
    if ((dwType & CLUSTER_NODE_ENUM_PREFERRED_GROUPS) != 0) {
        for (guint i = 0; i < groups->len; i++) {
            const char *gid = g_ptr_array_index(groups, i);

            if (group_prefers(m, gid, o->id)) {
                enum_add(e, CLUSTER_NODE_ENUM_PREFERRED_GROUPS,
                         clusapi__model_name(m, CL_KIND_GROUP, gid));
            }
        }
    }
    return (HNODEENUM) object_enum_end(hNode, e);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNodeGetEnumCount(HNODEENUM hNodeEnum)
{
    return enum_count(hNodeEnum, ENUM_NODE);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNodeEnum(HNODEENUM hNodeEnum, DWORD dwIndex, LPDWORD lpdwType,
                LPWSTR lpszName, LPDWORD lpcchName)
{
    return enum_item(hNodeEnum, ENUM_NODE, dwIndex, lpdwType, lpszName,
                     lpcchName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNodeEnumA(HNODEENUM hNodeEnum, DWORD dwIndex, LPDWORD lpdwType,
                 LPSTR lpszName, LPDWORD lpcbName)
{
    return enum_item(hNodeEnum, ENUM_NODE, dwIndex, lpdwType, lpszName,
                     lpcbName, false);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNodeCloseEnum(HNODEENUM hNodeEnum)
{
    return enum_close(hNodeEnum, ENUM_NODE);
}

CLUSAPI_EXPORT HNETWORKENUM WINAPI
ClusterNetworkOpenEnum(HNETWORK hNetwork, DWORD dwType)
{
    api_object_t *o = NULL;
    const cl_model_t *m = object_enum_begin(hNetwork, CL_H_NETWORK, dwType,
                                            CLUSTER_NETWORK_ENUM_ALL, &o);
    api_enum_t *e;

    if (m == NULL) {
        return NULL;
    }
    e = enum_new(ENUM_NETWORK);
    enum_add_netifs(e, CLUSTER_NETWORK_ENUM_NETINTERFACES, NULL, o->id);
    return (HNETWORKENUM) object_enum_end(hNetwork, e);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNetworkGetEnumCount(HNETWORKENUM hNetworkEnum)
{
    return enum_count(hNetworkEnum, ENUM_NETWORK);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNetworkEnum(HNETWORKENUM hNetworkEnum, DWORD dwIndex, LPDWORD lpdwType,
                   LPWSTR lpszName, LPDWORD lpcchName)
{
    return enum_item(hNetworkEnum, ENUM_NETWORK, dwIndex, lpdwType, lpszName,
                     lpcchName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNetworkEnumA(HNETWORKENUM hNetworkEnum, DWORD dwIndex, LPDWORD lpdwType,
                    LPSTR lpszName, LPDWORD lpcbName)
{
    return enum_item(hNetworkEnum, ENUM_NETWORK, dwIndex, lpdwType, lpszName,
                     lpcbName, false);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterNetworkCloseEnum(HNETWORKENUM hNetworkEnum)
{
    return enum_close(hNetworkEnum, ENUM_NETWORK);
}

/* ---- networks: ids, a node's interface, the quorum ---- */

static DWORD
network_id(HNETWORK hNetwork, void *id, LPDWORD count, bool wide)
{
    api_object_t *o = clusapi__handle_get((uintptr_t) hNetwork, CL_H_NETWORK);
    DWORD rc = ERROR_INVALID_PARAMETER;

    if (o == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (count != NULL && lock_model_for_object(o, &rc) != NULL) {
        clusapi__engine_unlock_model();
        /* o->id is the handle's own copy */
        rc = clusapi__copy_out(o->id, id, count, wide);
    }
    clusapi__handle_put((uintptr_t) hNetwork);
    return rc;
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterNetworkId(HNETWORK hNetwork, LPWSTR lpszNetworkId, LPDWORD lpcchName)
{
    return network_id(hNetwork, lpszNetworkId, lpcchName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterNetworkIdA(HNETWORK hNetwork, LPSTR lpszNetworkId, LPDWORD lpcbName)
{
    return network_id(hNetwork, lpszNetworkId, lpcbName, false);
}

/* The name of the interface of node on network (a copy in *ret_name), or
 * the *_NOT_FOUND code of what is missing. */
static DWORD
find_netif(const cl_model_t *m, const char *node, const char *network,
           char **ret_name)
{
    const cl_memb_t *mb = clusapi__engine_memb();
    const char *node_id = clusapi__model_find(m, CL_KIND_NODE, node);
    const char *net_id = clusapi__memb_find(mb, false, network);
    g_autoptr(GPtrArray) ids = NULL;

    if (node_id == NULL) {
        return ERROR_CLUSTER_NODE_NOT_FOUND;
    }
    if (net_id == NULL) {
        return ERROR_CLUSTER_NETWORK_NOT_FOUND;
    }
    ids = clusapi__memb_list(mb, true,
                             clusapi__model_name(m, CL_KIND_NODE, node_id),
                             net_id);
    if (ids->len == 0) {
        return ERROR_CLUSTER_NETINTERFACE_NOT_FOUND;
    }
    *ret_name = g_strdup(
        clusapi__memb_name(mb, true, g_ptr_array_index(ids, 0)));
    return ERROR_SUCCESS;
}

static DWORD
net_interface(HCLUSTER hCluster, const void *node, const void *network,
              void *name, LPDWORD count, bool wide)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
    bool ok = true;
    g_autofree char *node_utf8 = NULL;
    g_autofree char *network_utf8 = NULL;
    g_autofree char *found = NULL;
    const cl_model_t *m;
    DWORD rc;

    if (c == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    node_utf8 = clusapi__to_utf8(node, wide, &ok);
    network_utf8 = clusapi__to_utf8(network, wide, &ok);
    if (node_utf8 == NULL || network_utf8 == NULL || count == NULL) {
        clusapi__handle_put((uintptr_t) hCluster);
        return ERROR_INVALID_PARAMETER;
    }
    m = lock_model_for(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    if (m == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    rc = find_netif(m, node_utf8, network_utf8, &found);
    clusapi__engine_unlock_model();
    if (rc != ERROR_SUCCESS) {
        return rc;
    }
    return clusapi__copy_out(found, name, count, wide);
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterNetInterface(HCLUSTER hCluster, LPCWSTR lpszNodeName,
                       LPCWSTR lpszNetworkName, LPWSTR lpszInterfaceName,
                       LPDWORD lpcchInterfaceName)
{
    return net_interface(hCluster, lpszNodeName, lpszNetworkName,
                         lpszInterfaceName, lpcchInterfaceName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterNetInterfaceA(HCLUSTER hCluster, LPCSTR lpszNodeName,
                        LPCSTR lpszNetworkName, LPSTR lpszInterfaceName,
                        LPDWORD lpcbInterfaceName)
{
    return net_interface(hCluster, lpszNodeName, lpszNetworkName,
                         lpszInterfaceName, lpcbInterfaceName, false);
}

CLUSAPI_EXPORT DWORD
clusapi_cluster_quorum(HCLUSTER hCluster, LPDWORD lpdwQuorate)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
    const cl_model_t *m;
    int quorate;

    if (c == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (lpdwQuorate == NULL) {
        clusapi__handle_put((uintptr_t) hCluster);
        return ERROR_INVALID_PARAMETER;
    }
    m = lock_model_for(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    if (m == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    quorate = clusapi__memb_quorate(clusapi__engine_memb());
    if (quorate < 0) {
        /* no Corosync view (CIB_file, or not connected yet) */
        quorate = clusapi__model_have_quorum(m) ? 1 : 0;
    }
    clusapi__engine_unlock_model();
    *lpdwQuorate = (DWORD) quorate;
    return ERROR_SUCCESS;
}

/* ---- cluster information ---- */

/* The Windows SDK layout, and the A form's. */
G_STATIC_ASSERT(offsetof(CLUSTERVERSIONINFO, szVendorId) == 10);
G_STATIC_ASSERT(offsetof(CLUSTERVERSIONINFO, szCSDVersion) == 138);
G_STATIC_ASSERT(offsetof(CLUSTERVERSIONINFO, dwClusterHighestVersion)
                == sizeof(CLUSTERVERSIONINFO_NT4));
G_STATIC_ASSERT(sizeof(CLUSTERVERSIONINFO_NT4) == 268);
G_STATIC_ASSERT(sizeof(CLUSTERVERSIONINFO) == 284);
G_STATIC_ASSERT(offsetof(CLUSTERVERSIONINFOA, dwClusterHighestVersion)
                == 140);
G_STATIC_ASSERT(sizeof(CLUSTERVERSIONINFOA) == 156);

#define VENDOR_ID "Pacemaker"

/* "2.1.5-a3f44794f94" -> 2, 1, 5: up to three dot-separated numbers at the
 * start; missing ones are 0, each at most 0xFFFF. */
static void
parse_version(const char *v, WORD num[3])
{
    const char *p = v;

    num[0] = num[1] = num[2] = 0;
    for (int i = 0; i < 3 && g_ascii_isdigit(*p); i++) {
        unsigned n = 0;

        while (g_ascii_isdigit(*p)) {
            n = MIN(n * 10 + (unsigned) (*p - '0'), 0xFFFFu);
            p++;
        }
        num[i] = (WORD) n;
        if (*p != '.') {
            break;
        }
        p++;
    }
}

/* src (UTF-8) into a fixed WCHAR array of cap units: cut to cap - 1 units,
 * never inside a surrogate pair, NUL-terminated. */
static void
fixed_copy_w(WCHAR *dst, size_t cap, const char *src)
{
    glong n = 0;
    g_autofree gunichar2 *u = g_utf8_to_utf16(src, -1, NULL, &n, NULL);
    size_t len = 0;

    if (u != NULL) {
        len = MIN((size_t) n, cap - 1);
        if (len < (size_t) n && len > 0 && u[len - 1] >= 0xD800
            && u[len - 1] <= 0xDBFF) {
            len--;
        }
        memcpy(dst, u, len * sizeof(WCHAR));
    }
    dst[len] = 0;
}

/* The same for a char array (UTF-8), never inside a character. */
static void
fixed_copy_a(char *dst, size_t cap, const char *src)
{
    size_t len = strlen(src);

    if (len > cap - 1) {
        len = cap - 1;
        while (len > 0 && ((unsigned char) src[len] & 0xC0) == 0x80) {
            len--;
        }
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* The members after szCSDVersion, each if it lies wholly within
 * dwVersionInfoSize bytes. */
#define FILL_VERSION_TAIL(vi, type, num)                                   \
    do {                                                                   \
        DWORD size_ = (vi)->dwVersionInfoSize;                             \
        DWORD ver_ = CLUSTER_MAKE_VERSION((num)[0], (num)[1]);             \
        if (size_ >= offsetof(type, dwClusterHighestVersion) + 4) {        \
            (vi)->dwClusterHighestVersion = ver_;                          \
        }                                                                  \
        if (size_ >= offsetof(type, dwClusterLowestVersion) + 4) {         \
            (vi)->dwClusterLowestVersion = ver_;                           \
        }                                                                  \
        if (size_ >= offsetof(type, dwFlags) + 4) {                        \
            (vi)->dwFlags = 0;                                             \
        }                                                                  \
        if (size_ >= offsetof(type, dwReserved) + 4) {                     \
            (vi)->dwReserved = 0;                                          \
        }                                                                  \
    } while (0)

static void
fill_version_w(CLUSTERVERSIONINFO *vi, const WORD num[3], const char *csd)
{
    vi->MajorVersion = num[0];
    vi->MinorVersion = num[1];
    vi->BuildNumber = num[2];
    fixed_copy_w(vi->szVendorId, G_N_ELEMENTS(vi->szVendorId), VENDOR_ID);
    fixed_copy_w(vi->szCSDVersion, G_N_ELEMENTS(vi->szCSDVersion), csd);
    FILL_VERSION_TAIL(vi, CLUSTERVERSIONINFO, num);
}

static void
fill_version_a(CLUSTERVERSIONINFOA *vi, const WORD num[3], const char *csd)
{
    vi->MajorVersion = num[0];
    vi->MinorVersion = num[1];
    vi->BuildNumber = num[2];
    fixed_copy_a(vi->szVendorId, sizeof(vi->szVendorId), VENDOR_ID);
    fixed_copy_a(vi->szCSDVersion, sizeof(vi->szCSDVersion), csd);
    FILL_VERSION_TAIL(vi, CLUSTERVERSIONINFOA, num);
}

static DWORD
cluster_information(HCLUSTER hCluster, void *name, LPDWORD count, void *info,
                    bool wide)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
    g_autofree char *cname = NULL;
    g_autofree char *version = NULL;
    const cl_model_t *m;
    DWORD size = 0;
    DWORD rc;
    WORD num[3];

    if (c == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (info != NULL) {
        size = wide ? ((CLUSTERVERSIONINFO *) info)->dwVersionInfoSize
                    : ((CLUSTERVERSIONINFOA *) info)->dwVersionInfoSize;
    }
    if (count == NULL
        || (info != NULL
            && size < (wide ? sizeof(CLUSTERVERSIONINFO_NT4)
                            : offsetof(CLUSTERVERSIONINFOA,
                                       dwClusterHighestVersion)))) {
        clusapi__handle_put((uintptr_t) hCluster);
        return ERROR_INVALID_PARAMETER;
    }
    m = lock_model_for(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    if (m == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    cname = g_strdup(clusapi__model_cluster_name(m));
    version = g_strdup(clusapi__model_cluster_version(m));
    clusapi__engine_unlock_model();

    rc = clusapi__copy_out(cname, name, count, wide);
    if (rc != ERROR_SUCCESS && rc != ERROR_MORE_DATA) {
        return rc;
    }
    if (info != NULL) {
        parse_version(version, num);
        if (wide) {
            fill_version_w(info, num, version);
        } else {
            fill_version_a(info, num, version);
        }
    }
    return rc;
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterInformation(HCLUSTER hCluster, LPWSTR lpszClusterName,
                      LPDWORD lpcchClusterName,
                      LPCLUSTERVERSIONINFO lpClusterInfo)
{
    return cluster_information(hCluster, lpszClusterName, lpcchClusterName,
                               lpClusterInfo, true);
}

CLUSAPI_EXPORT DWORD WINAPI
GetClusterInformationA(HCLUSTER hCluster, LPSTR lpszClusterName,
                       LPDWORD lpcbClusterName,
                       LPCLUSTERVERSIONINFOA lpClusterInfo)
{
    return cluster_information(hCluster, lpszClusterName, lpcbClusterName,
                               lpClusterInfo, false);
}

/* ---- the cluster of an object handle ---- */

/* Windows: "another instance of the handle from which the object handle was
 * obtained", closed by the caller.  Here a new session on the running
 * engine: closing it leaves the object and its own cluster handle alone. */
static HCLUSTER
cluster_from(HANDLE h, cl_htype_t type)
{
    api_object_t *o = get_object(h, type);
    uint32_t err = ERROR_SUCCESS;
    cl_session_t *s;
    bool open;

    if (o == NULL) {
        return NULL;
    }
    open = lock_model_for(o->session) != NULL;
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
    s = clusapi__engine_open(&err);
    if (s == NULL) {
        SetLastError(err);
        return NULL;
    }
    return cluster_handle_new(s);
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

/* ---- failed actions ---- */

DWORD
clusapi_failed_actions(HCLUSTER hCluster, LPCSTR lpszResourceName,
                       PCLUSAPI_FAILED_ACTION lpActions, LPDWORD lpcbActions,
                       LPDWORD lpdwCount)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster, CL_H_CLUSTER);
    g_autoptr(GArray) fs = NULL;
    const cl_model_t *m;
    const char *rsc = NULL;
    unsigned pcmk;
    size_t need, strings;
    char *p;

    if (c == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (lpcbActions == NULL || lpdwCount == NULL
        || (uintptr_t) lpActions % G_ALIGNOF(CLUSAPI_FAILED_ACTION) != 0) {
        clusapi__handle_put((uintptr_t) hCluster);
        return ERROR_INVALID_PARAMETER;
    }
    m = lock_model_for(c->session);
    clusapi__handle_put((uintptr_t) hCluster);
    if (m == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (lpszResourceName != NULL
        && (rsc = clusapi__model_find(m, CL_KIND_RESOURCE, lpszResourceName))
               == NULL) {
        clusapi__engine_unlock_model();
        return ERROR_RESOURCE_NOT_FOUND;
    }
    pcmk = clusapi__model_pacemaker(m);
    fs = g_array_new(FALSE, FALSE, sizeof(cl_model_failure_t));
    clusapi__model_failures(m, rsc, fs);
    strings = 0;
    for (guint i = 0; i < fs->len; i++) {
        const cl_model_failure_t *mf = &g_array_index(fs, cl_model_failure_t,
                                                      i);

        strings += strlen(mf->rsc)
                   + strlen(mf->node) + strlen(mf->f->key)
                   + strlen(mf->f->task) + strlen(mf->f->exit_reason)
                   + strlen(clusapi__exit_status_name(pcmk, mf->f->rc))
                   + strlen(clusapi__exec_status_name(pcmk, mf->f->status))
                   + 7;
    }
    need = fs->len * sizeof(CLUSAPI_FAILED_ACTION) + strings;
    *lpdwCount = fs->len;
    if (need > G_MAXUINT32 || *lpcbActions < need
        || (need > 0 && lpActions == NULL)) {
        clusapi__engine_unlock_model();
        *lpcbActions = need > G_MAXUINT32 ? G_MAXUINT32 : (DWORD) need;
        return ERROR_MORE_DATA;
    }
    p = (char *) (lpActions + fs->len);
    for (guint i = 0; i < fs->len; i++) {
        const cl_model_failure_t *mf = &g_array_index(fs, cl_model_failure_t,
                                                      i);
        const cl_pe_failure_t *f = mf->f;
        CLUSAPI_FAILED_ACTION *a = &lpActions[i];
        const char *src[] = {
            mf->rsc, mf->node,
            f->key, f->task, f->exit_reason,
            clusapi__exit_status_name(pcmk, f->rc),
            clusapi__exec_status_name(pcmk, f->status),
        };
        LPCSTR *dst[] = {
            &a->lpszResource, &a->lpszNode, &a->lpszOperationKey,
            &a->lpszTask, &a->lpszExitReason, &a->lpszExitStatus,
            &a->lpszExecStatus,
        };

        for (size_t k = 0; k < G_N_ELEMENTS(src); k++) {
            size_t len = strlen(src[k]) + 1;

            *dst[k] = memcpy(p, src[k], len);
            p += len;
        }
        a->llLastRcChange = f->last_rc_change;
        a->dwIntervalMs = f->interval < 0 ? 0
                          : f->interval > G_MAXUINT32 ? G_MAXUINT32
                                                      : (DWORD) f->interval;
        a->lExitCode = f->rc;
        a->lExecStatus = f->status;
        a->lCallId = f->call;
        a->lQueuedMs = f->queued;
        a->lExecMs = f->exec;
        a->dwFlags = f->ignored ? CLUSAPI_FAILED_ACTION_IGNORED : 0;
    }
    clusapi__engine_unlock_model();
    *lpcbActions = (DWORD) need;
    return ERROR_SUCCESS;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * notify.c - notification ports: CreateClusterNotifyPort,
 * RegisterClusterNotify, GetClusterNotify, CloseClusterNotifyPort and the
 * Linux extensions clusapi_port_fd and clusapi_change_name.  The queue
 * itself is core/port.c; this file checks the handles and arguments, tells
 * the engine which ports are open, and turns the port's results into Win32
 * codes.
 *
 * Depends on the port, the handle table and the engine's port list only:
 * not on the model, which it never reads.
 */
#include <config.h>

#include <stddef.h>

#include <glib.h>

#include "clusapi.h"
#include "api/api-int.h"
#include "core/names.h"
#include "core/strconv.h"

/* The payload of an HCHANGE. */
typedef struct api_port {
    cl_port_t *port;
    cl_session_t *session; /* NULL for a port made with no cluster */
} api_port_t;

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

/* A filter that asks for REGISTRY_* events: the engine keeps the cluster
 * database from now on, to compare each change with. */
static void
watch_registry(DWORD filter)
{
    if ((filter & (CLUSTER_CHANGE_REGISTRY_NAME
                   | CLUSTER_CHANGE_REGISTRY_VALUE)) != 0) {
        clusapi__engine_registry_watch();
    }
}

CLUSAPI_EXPORT HCHANGE WINAPI
CreateClusterNotifyPort(HCHANGE hChange, HCLUSTER hCluster, DWORD dwFilter,
                        DWORD_PTR dwNotifyKey)
{
    api_cluster_t *c = NULL;
    api_port_t *ap;
    uintptr_t h;
    int rc;

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
        watch_registry(dwFilter);
        clusapi__handle_put((uintptr_t) hChange);
        clusapi__handle_put((uintptr_t) hCluster);
        SetLastError(ERROR_SUCCESS);
        return hChange;
    }
    ap = g_new0(api_port_t, 1);
    rc = clusapi__port_new(CLUSAPI_PORT_MAX_QUEUED, &ap->port);
    if (rc != 0) {
        /* no descriptor left for its eventfd, or no memory */
        g_free(ap);
        if (c != NULL) {
            clusapi__handle_put((uintptr_t) hCluster);
        }
        SetLastError(clusapi__win32_error(rc));
        return NULL;
    }
    (void) clusapi__port_add_filter(ap->port, dwFilter, dwNotifyKey);
    if (c != NULL) {
        ap->session = clusapi__session_ref(c->session);
        clusapi__handle_put((uintptr_t) hCluster);
    }
    clusapi__engine_add_port(ap->session, ap->port);
    if (ap->session != NULL) {
        watch_registry(dwFilter);
    }
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
        case CL_H_KEY:
            return CLUSTER_CHANGE_REGISTRY_NAME
                   | CLUSTER_CHANGE_REGISTRY_ATTRIBUTES
                   | CLUSTER_CHANGE_REGISTRY_VALUE
                   | CLUSTER_CHANGE_REGISTRY_SUBTREE
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
                                        CL_H_NETINTERFACE, CL_H_CLUSTER,
                                        CL_H_KEY };
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
            } else if (types[i] == CL_H_KEY) {
                kind = CL_KIND_REGISTRY;
                id = ((api_key_t *) obj)->path;
            } else {
                kind = ((api_object_t *) obj)->kind;
                id = ((api_object_t *) obj)->id;
            }
            rc = clusapi__win32_error(clusapi__port_add_object(
                ap->port, dwFilterType, kind, id, dwNotifyKey,
                (uintptr_t) hObject));
            if (rc == ERROR_SUCCESS && types[i] == CL_H_KEY) {
                watch_registry(dwFilterType);
            }
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
    /* -ETIMEDOUT, or -EBADF: the port was closed while waiting */
    return rc == 0 ? nc.rc : clusapi__win32_error(rc);
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
    int rc = clusapi__handle_close((uintptr_t) hChange, CL_H_PORT,
                                   (void **) &ap);

    if (rc != 0) {
        SetLastError(clusapi__win32_error(rc));
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

    if (ap == NULL) {
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    fd = clusapi__port_fd(ap->port);
    clusapi__handle_put((uintptr_t) hChange);
    if (fd < 0) {
        /* -EBADF: closed by another thread since the handle was checked */
        SetLastError(clusapi__win32_error(fd));
        return -1;
    }
    return fd;
}

CLUSAPI_EXPORT const char *
clusapi_change_name(DWORD dwFilterType)
{
    return clusapi__change_name(dwFilterType);
}

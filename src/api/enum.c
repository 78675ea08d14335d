/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * enum.c - enumerations: ClusterOpenEnum, ClusterGroupOpenEnum,
 * ClusterNodeOpenEnum, ClusterNetworkOpenEnum and their GetEnumCount, Enum
 * and CloseEnum functions.  An enumeration is a snapshot of names taken
 * under the model lock when it is opened; reading it never locks again.
 *
 * Reads the model and Corosync's view through the engine; knows nothing of
 * notification ports.
 */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "api/api-int.h"
#include "core/memb.h"
#include "core/strconv.h"

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
    return clusapi__win32_error(clusapi__handle_close((uintptr_t) h, CL_H_ENUM,
                                                      NULL));
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
    m = clusapi__api_lock_model(c->session);
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
        ids = clusapi__api_object_list(m, order[i].kind);
        for (guint j = 0; j < ids->len; j++) {
            enum_add(e, order[i].type,
                     clusapi__api_object_name(m, order[i].kind,
                                              g_ptr_array_index(ids, j)));
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


/* The start of an Open*Enum on the object handle h of this type: the
 * object (referenced, in *ret_o) and the model, locked.  On failure NULL,
 * nothing held, and the last error set (also ERROR_INVALID_PARAMETER for a
 * dwType of 0 or with bits outside valid). */
static const cl_model_t *
object_enum_begin(HANDLE h, cl_htype_t type, DWORD dwType, DWORD valid,
                  api_object_t **ret_o)
{
    api_object_t *o = clusapi__api_get_object(h, type);
    const cl_model_t *m = NULL;
    DWORD err = ERROR_INVALID_PARAMETER;

    if (o == NULL) {
        return NULL;
    }
    if (dwType != 0 && (dwType & ~valid) == 0) {
        m = clusapi__api_lock_object_model(o, &err);
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

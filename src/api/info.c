/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * info.c - what the cluster tells about itself beyond objects and states:
 * network ids and a node's interface on a network (GetClusterNetworkId,
 * GetClusterNetInterface), the quorum (clusapi_cluster_quorum), the name
 * and version (GetClusterInformation) and the failed resource actions
 * (clusapi_failed_actions).
 *
 * Reads the model and Corosync's view through the engine; knows nothing of
 * notification ports or enumerations.
 */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "api/api-int.h"
#include "core/memb.h"
#include "core/names.h"
#include "core/strconv.h"

/* ---- networks: ids, a node's interface, the quorum ---- */

static DWORD
network_id(HNETWORK hNetwork, void *id, LPDWORD count, bool wide)
{
    api_object_t *o = clusapi__handle_get((uintptr_t) hNetwork, CL_H_NETWORK);
    DWORD rc = ERROR_INVALID_PARAMETER;

    if (o == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    if (count != NULL && clusapi__api_lock_object_model(o, &rc) != NULL) {
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
    m = clusapi__api_lock_model(c->session);
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
    m = clusapi__api_lock_model(c->session);
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
    m = clusapi__api_lock_model(c->session);
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
    m = clusapi__api_lock_model(c->session);
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

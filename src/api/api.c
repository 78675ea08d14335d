/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * api.c - the public API layer's own state and its cluster handles: the
 * thread-local last error (GetLastError/SetLastError), OpenCluster and
 * CloseCluster, and the model lock as seen through a cluster's session.
 *
 * The other entry points live beside it by area: notify.c (notification
 * ports), objects.c (object handles and states), enum.c (enumerations),
 * info.c (networks, cluster information, failed actions); api-int.h is
 * what they share.  Every entry point validates each argument and handle,
 * calls the core or the engine and returns a Win32 code; none aborts on
 * bad input.  Each string function is implemented once, with a 'wide' flag
 * choosing the UTF-16 (W) or UTF-8 (A) form.  The API layer names no
 * Pacemaker or Corosync API: it reaches them through the engine only.
 */
#include <config.h>

#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "api/api-int.h"
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

/* ---- clusters ---- */

static void
cluster_free(void *p)
{
    api_cluster_t *c = p;

    clusapi__session_unref(c->session);
    g_free(c);
}

cl_session_t *
clusapi__api_session_open(void)
{
    cl_session_t *s = NULL;
    int rc = clusapi__engine_open(&s);

    if (rc != 0) {
        SetLastError(clusapi__win32_error(rc));
        return NULL;
    }
    return s;
}

/* A cluster handle for the new session s (its reference moves to the
 * handle); the session is closed on failure. */
HCLUSTER
clusapi__api_cluster_handle_new(cl_session_t *s)
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
const cl_model_t *
clusapi__api_lock_model(const cl_session_t *s)
{
    const cl_model_t *m = clusapi__engine_lock_model();

    if (m == NULL || !clusapi__session_is_open(s)) {
        clusapi__engine_unlock_model();
        return NULL;
    }
    return m;
}

static HCLUSTER
open_cluster(const void *name, bool wide)
{
    bool ok = true;
    g_autofree char *utf8 = clusapi__to_utf8(name, wide, &ok);
    cl_session_t *s;

    if (!ok) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    s = clusapi__api_session_open();
    if (s == NULL) {
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
    return clusapi__api_cluster_handle_new(s);
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
    int rc = clusapi__handle_close((uintptr_t) hCluster, CL_H_CLUSTER,
                                   (void **) &c);

    if (rc != 0) {
        SetLastError(clusapi__win32_error(rc));
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

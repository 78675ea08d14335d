/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry.c - the cluster database's read functions: GetCluster*Key,
 * ClusterRegOpenKey, ClusterRegCloseKey, ClusterRegEnumKey,
 * ClusterRegEnumValue, ClusterRegQueryValue, ClusterRegQueryInfoKey, in
 * the W and A forms.  A key handle holds its path; every call computes the
 * key afresh from the CIB and the model (core/registry.c) under the model
 * lock, so a handle always shows the database as it is now.
 *
 * Depends on the handle table, the engine's model and CIB, and the core's
 * registry layout.
 */
#include <config.h>

#include <errno.h>
#include <string.h>

#include <glib.h>
#include <libxml/xpath.h>

#include "clusapi.h"
#include "adapt/cibwrite.h"
#include "api/api-int.h"
#include "core/registry.h"
#include "core/strconv.h"

static void
key_free(void *p)
{
    api_key_t *k = p;

    clusapi__session_unref(k->session);
    g_free(k->path);
    g_free(k);
}

/* The key at path as the database holds it now: NULL with *err
 * ERROR_INVALID_HANDLE (the session is closed) or not_found */
static cl_reg_key_t *
read_key(const cl_session_t *s, const char *path, DWORD not_found,
         DWORD *err)
{
    const cl_model_t *m = clusapi__api_lock_model(s);
    cl_reg_key_t *k;

    if (m == NULL) {
        *err = ERROR_INVALID_HANDLE;
        return NULL;
    }
    k = clusapi__engine_reg_key(path);
    clusapi__engine_unlock_model();
    *err = k != NULL ? ERROR_SUCCESS : not_found;
    return k;
}

/* A new key handle for path in session s (referenced here) */
static HKEY
key_handle_new(cl_session_t *s, const char *path, REGSAM sam, DWORD *err)
{
    api_key_t *k = g_new0(api_key_t, 1);
    uintptr_t h;

    k->session = clusapi__session_ref(s);
    k->path = g_strdup(path);
    k->sam = sam;
    h = clusapi__handle_new(CL_H_KEY, k, key_free);
    if (h == 0) {
        key_free(k);
        *err = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    *err = ERROR_SUCCESS;
    return (HKEY) h;
}

/* A handle to the key at path, which must exist now */
static HKEY
open_path(cl_session_t *s, const char *path, REGSAM sam, DWORD not_found,
          DWORD *err)
{
    cl_reg_key_t *k = read_key(s, path, not_found, err);

    if (k == NULL) {
        return NULL;
    }
    clusapi__reg_key_free(k);
    return key_handle_new(s, path, sam, err);
}

static HKEY
set_last(HKEY h, DWORD err)
{
    SetLastError(err);
    return h;
}

/* ---- Get*Key ---- */

CLUSAPI_EXPORT HKEY WINAPI
GetClusterKey(HCLUSTER hCluster, REGSAM samDesired)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster,
                                           CL_H_CLUSTER);
    DWORD err;
    HKEY h;

    if (c == NULL) {
        return set_last(NULL, ERROR_INVALID_HANDLE);
    }
    h = open_path(c->session, "", samDesired, ERROR_INVALID_HANDLE, &err);
    clusapi__handle_put((uintptr_t) hCluster);
    return set_last(h, err);
}

/* The key of the object behind h (a handle of type) under top */
static HKEY
object_key(HANDLE h, cl_htype_t type, const char *top, REGSAM sam)
{
    api_object_t *o = clusapi__api_get_object(h, type);
    g_autofree char *path = NULL;
    const cl_model_t *m;
    const char *name;
    DWORD err;
    HKEY k;

    if (o == NULL) {
        return NULL; /* the last error is set */
    }
    m = clusapi__api_lock_object_model(o, &err);
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) h);
        return set_last(NULL, err);
    }
    /* nodes, networks and interfaces by name; groups and resources by id */
    name = o->kind == CL_KIND_GROUP || o->kind == CL_KIND_RESOURCE
               ? o->id : clusapi__api_object_name(m, o->kind, o->id);
    path = g_strconcat(top, "\\", name, NULL);
    clusapi__engine_unlock_model();
    k = open_path(o->session, path, sam, ERROR_NOT_FOUND, &err);
    clusapi__handle_put((uintptr_t) h);
    return set_last(k, err);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterNodeKey(HNODE hNode, REGSAM samDesired)
{
    return object_key(hNode, CL_H_NODE, "Nodes", samDesired);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterGroupKey(HGROUP hGroup, REGSAM samDesired)
{
    return object_key(hGroup, CL_H_GROUP, "Groups", samDesired);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterResourceKey(HRESOURCE hResource, REGSAM samDesired)
{
    return object_key(hResource, CL_H_RESOURCE, "Resources", samDesired);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterNetworkKey(HNETWORK hNetwork, REGSAM samDesired)
{
    return object_key(hNetwork, CL_H_NETWORK, "Networks", samDesired);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterNetInterfaceKey(HNETINTERFACE hNetInterface, REGSAM samDesired)
{
    return object_key(hNetInterface, CL_H_NETINTERFACE, "NetworkInterfaces",
                      samDesired);
}

static HKEY
restype_key(HCLUSTER hCluster, const void *name, bool wide, REGSAM sam)
{
    api_cluster_t *c = clusapi__handle_get((uintptr_t) hCluster,
                                           CL_H_CLUSTER);
    bool ok = true;
    g_autofree char *utf8 = NULL;
    g_autofree char *path = NULL;
    DWORD err;
    HKEY h;

    if (c == NULL) {
        return set_last(NULL, ERROR_INVALID_HANDLE);
    }
    utf8 = clusapi__to_utf8(name, wide, &ok);
    if (utf8 == NULL || strchr(utf8, '\\') != NULL) {
        clusapi__handle_put((uintptr_t) hCluster);
        return set_last(NULL, !ok || utf8 == NULL
                                  ? ERROR_INVALID_PARAMETER
                                  : ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
    }
    path = g_strconcat("ResourceTypes\\", utf8, NULL);
    h = open_path(c->session, path, sam,
                  ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND, &err);
    clusapi__handle_put((uintptr_t) hCluster);
    return set_last(h, err);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterResourceTypeKey(HCLUSTER hCluster, LPCWSTR lpszTypeName,
                          REGSAM samDesired)
{
    return restype_key(hCluster, lpszTypeName, true, samDesired);
}

CLUSAPI_EXPORT HKEY WINAPI
GetClusterResourceTypeKeyA(HCLUSTER hCluster, LPCSTR lpszTypeName,
                           REGSAM samDesired)
{
    return restype_key(hCluster, lpszTypeName, false, samDesired);
}

/* ---- keys ---- */

/* The key behind hKey as it is now, or NULL with *err
 * (ERROR_INVALID_HANDLE, ERROR_KEY_DELETED) */
static cl_reg_key_t *
key_of(HKEY hKey, DWORD *err)
{
    api_key_t *k = clusapi__handle_get((uintptr_t) hKey, CL_H_KEY);
    cl_reg_key_t *rk;

    if (k == NULL) {
        *err = ERROR_INVALID_HANDLE;
        return NULL;
    }
    rk = read_key(k->session, k->path, ERROR_KEY_DELETED, err);
    clusapi__handle_put((uintptr_t) hKey);
    return rk;
}

static LONG
open_key(HKEY hKey, const void *sub, bool wide, REGSAM sam, PHKEY phkResult)
{
    api_key_t *k;
    bool ok = true;
    g_autofree char *utf8 = NULL;
    g_autofree char *path = NULL;
    DWORD err;
    HKEY h;

    if (phkResult != NULL) {
        *phkResult = NULL;
    }
    k = clusapi__handle_get((uintptr_t) hKey, CL_H_KEY);
    if (k == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    utf8 = sub != NULL ? clusapi__to_utf8(sub, wide, &ok) : NULL;
    if (utf8 == NULL || phkResult == NULL || utf8[0] == '\\') {
        clusapi__handle_put((uintptr_t) hKey);
        return ERROR_INVALID_PARAMETER;
    }
    if (utf8[0] == '\0') {
        path = g_strdup(k->path);
    } else if (k->path[0] == '\0') {
        path = g_strdup(utf8);
    } else {
        path = g_strconcat(k->path, "\\", utf8, NULL);
    }
    /* the key itself must still be there, then the subkey */
    if (utf8[0] != '\0') {
        cl_reg_key_t *self = read_key(k->session, k->path, ERROR_KEY_DELETED,
                                      &err);

        if (self == NULL) {
            clusapi__handle_put((uintptr_t) hKey);
            return (LONG) err;
        }
        clusapi__reg_key_free(self);
    }
    h = open_path(k->session, path, sam,
                  utf8[0] == '\0' ? ERROR_KEY_DELETED : ERROR_FILE_NOT_FOUND,
                  &err);
    clusapi__handle_put((uintptr_t) hKey);
    *phkResult = h;
    return (LONG) err;
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegOpenKey(HKEY hKey, LPCWSTR lpszSubKey, REGSAM samDesired,
                  PHKEY phkResult)
{
    return open_key(hKey, lpszSubKey, true, samDesired, phkResult);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegOpenKeyA(HKEY hKey, LPCSTR lpszSubKey, REGSAM samDesired,
                   PHKEY phkResult)
{
    return open_key(hKey, lpszSubKey, false, samDesired, phkResult);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegCloseKey(HKEY hKey)
{
    api_key_t *k = NULL;
    int rc = clusapi__handle_close((uintptr_t) hKey, CL_H_KEY, (void **) &k);

    if (rc != 0) {
        return (LONG) clusapi__win32_error(rc);
    }
    /* HANDLE_CLOSE for its registrations, named by its path */
    clusapi__engine_handle_closed((uintptr_t) hKey, k->path);
    clusapi__handle_put((uintptr_t) hKey);
    return ERROR_SUCCESS;
}

/* ---- names and data out ---- */

/* A name's length in the form's units (WCHARs or bytes), without NUL */
static DWORD
name_len(const char *s, bool wide)
{
    glong n = 0;
    gunichar2 *u;

    if (!wide) {
        return (DWORD) strlen(s);
    }
    u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
    g_free(u);
    return (DWORD) n;
}

/* A value's data in the form: UTF-16 (each string with its NUL) for the W
 * form, as kept (UTF-8) for the A form; *len its size in bytes */
static char *
data_of(const cl_reg_value_t *v, bool wide, size_t *len)
{
    GByteArray *out;

    if (!wide) {
        *len = v->len;
        return g_memdup2(v->data, v->len);
    }
    out = g_byte_array_new();
    for (size_t off = 0; off < v->len;) {
        const char *s = v->data + off;
        size_t sl = strnlen(s, v->len - off);
        glong n = 0;
        gunichar2 *u = g_utf8_to_utf16(s, (glong) sl, NULL, &n, NULL);
        static const gunichar2 nul = 0;

        if (u != NULL) {
            g_byte_array_append(out, (const guint8 *) u,
                                (guint) (n * sizeof(gunichar2)));
            g_free(u);
        }
        g_byte_array_append(out, (const guint8 *) &nul, sizeof(nul));
        off += sl + 1;
    }
    *len = out->len;
    return (char *) g_byte_array_free(out, FALSE);
}

/* Data out to a caller's buffer: lpData NULL asks for the size */
static DWORD
data_out(const cl_reg_value_t *v, bool wide, LPDWORD lpdwType, LPBYTE lpData,
         LPDWORD lpcbData)
{
    size_t len;
    g_autofree char *d = NULL;

    if (lpData != NULL && lpcbData == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    if (lpdwType != NULL) {
        *lpdwType = v->type;
    }
    if (lpcbData == NULL) {
        return ERROR_SUCCESS;
    }
    d = data_of(v, wide, &len);
    if (lpData == NULL) {
        *lpcbData = (DWORD) len;
        return ERROR_SUCCESS;
    }
    if (*lpcbData < len) {
        *lpcbData = (DWORD) len;
        return ERROR_MORE_DATA;
    }
    memcpy(lpData, d, len);
    *lpcbData = (DWORD) len;
    return ERROR_SUCCESS;
}

static LONG
enum_key(HKEY hKey, DWORD i, void *name, LPDWORD lpcchName, bool wide,
         PFILETIME lpftLastWriteTime)
{
    DWORD err;
    cl_reg_key_t *k;

    if (lpcchName == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    k = key_of(hKey, &err);
    if (k == NULL) {
        return (LONG) err;
    }
    if (i >= k->subkeys->len) {
        err = ERROR_NO_MORE_ITEMS;
    } else {
        err = clusapi__copy_out(g_ptr_array_index(k->subkeys, i), name,
                                lpcchName, wide);
        if (err == ERROR_SUCCESS && lpftLastWriteTime != NULL) {
            memset(lpftLastWriteTime, 0, sizeof(*lpftLastWriteTime));
        }
    }
    clusapi__reg_key_free(k);
    return (LONG) err;
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegEnumKey(HKEY hKey, DWORD dwIndex, LPWSTR lpszName,
                  LPDWORD lpcchName, PFILETIME lpftLastWriteTime)
{
    return enum_key(hKey, dwIndex, lpszName, lpcchName, true,
                    lpftLastWriteTime);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegEnumKeyA(HKEY hKey, DWORD dwIndex, LPSTR lpszName,
                   LPDWORD lpcchName, PFILETIME lpftLastWriteTime)
{
    return enum_key(hKey, dwIndex, lpszName, lpcchName, false,
                    lpftLastWriteTime);
}

static DWORD
enum_value(HKEY hKey, DWORD i, void *name, LPDWORD lpcchName, bool wide,
           LPDWORD lpdwType, LPBYTE lpData, LPDWORD lpcbData)
{
    DWORD err, derr;
    cl_reg_key_t *k;
    const cl_reg_value_t *v;

    if (lpcchName == NULL || (lpData != NULL && lpcbData == NULL)) {
        return ERROR_INVALID_PARAMETER;
    }
    k = key_of(hKey, &err);
    if (k == NULL) {
        return err;
    }
    if (i >= k->values->len) {
        clusapi__reg_key_free(k);
        return ERROR_NO_MORE_ITEMS;
    }
    v = g_ptr_array_index(k->values, i);
    err = clusapi__copy_out(v->name, name, lpcchName, wide);
    derr = err == ERROR_INVALID_PARAMETER
               ? err : data_out(v, wide, lpdwType, lpData, lpcbData);
    clusapi__reg_key_free(k);
    return err != ERROR_SUCCESS ? err : derr;
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterRegEnumValue(HKEY hKey, DWORD dwIndex, LPWSTR lpszValueName,
                    LPDWORD lpcchValueName, LPDWORD lpdwType, LPBYTE lpData,
                    LPDWORD lpcbData)
{
    return enum_value(hKey, dwIndex, lpszValueName, lpcchValueName, true,
                      lpdwType, lpData, lpcbData);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterRegEnumValueA(HKEY hKey, DWORD dwIndex, LPSTR lpszValueName,
                     LPDWORD lpcchValueName, LPDWORD lpdwType, LPBYTE lpData,
                     LPDWORD lpcbData)
{
    return enum_value(hKey, dwIndex, lpszValueName, lpcchValueName, false,
                      lpdwType, lpData, lpcbData);
}

static LONG
query_value(HKEY hKey, const void *name, bool wide, LPDWORD lpdwType,
            LPBYTE lpData, LPDWORD lpcbData)
{
    bool ok = true;
    g_autofree char *utf8 = name != NULL ? clusapi__to_utf8(name, wide, &ok)
                                         : g_strdup("");
    DWORD err;
    cl_reg_key_t *k;
    const cl_reg_value_t *v;

    if (!ok || (lpData != NULL && lpcbData == NULL)) {
        return ERROR_INVALID_PARAMETER;
    }
    k = key_of(hKey, &err);
    if (k == NULL) {
        return (LONG) err;
    }
    v = clusapi__reg_value(k, utf8);
    err = v == NULL ? ERROR_FILE_NOT_FOUND
                    : data_out(v, wide, lpdwType, lpData, lpcbData);
    clusapi__reg_key_free(k);
    return (LONG) err;
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegQueryValue(HKEY hKey, LPCWSTR lpszValueName, LPDWORD lpdwValueType,
                     LPBYTE lpData, LPDWORD lpcbData)
{
    return query_value(hKey, lpszValueName, true, lpdwValueType, lpData,
                       lpcbData);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegQueryValueA(HKEY hKey, LPCSTR lpszValueName,
                      LPDWORD lpdwValueType, LPBYTE lpData, LPDWORD lpcbData)
{
    return query_value(hKey, lpszValueName, false, lpdwValueType, lpData,
                       lpcbData);
}

static LONG
query_info(HKEY hKey, bool wide, LPDWORD lpcSubKeys,
           LPDWORD lpcchMaxSubKeyLen, LPDWORD lpcValues,
           LPDWORD lpcchMaxValueNameLen, LPDWORD lpcbMaxValueLen,
           LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime)
{
    DWORD err, max_sub = 0, max_name = 0, max_data = 0;
    cl_reg_key_t *k = key_of(hKey, &err);

    if (k == NULL) {
        return (LONG) err;
    }
    for (guint i = 0; i < k->subkeys->len; i++) {
        max_sub = MAX(max_sub, name_len(g_ptr_array_index(k->subkeys, i),
                                        wide));
    }
    for (guint i = 0; i < k->values->len; i++) {
        const cl_reg_value_t *v = g_ptr_array_index(k->values, i);
        size_t len;
        g_autofree char *d = data_of(v, wide, &len);

        max_name = MAX(max_name, name_len(v->name, wide));
        max_data = MAX(max_data, (DWORD) len);
    }
    if (lpcSubKeys != NULL) {
        *lpcSubKeys = k->subkeys->len;
    }
    if (lpcchMaxSubKeyLen != NULL) {
        *lpcchMaxSubKeyLen = max_sub;
    }
    if (lpcValues != NULL) {
        *lpcValues = k->values->len;
    }
    if (lpcchMaxValueNameLen != NULL) {
        *lpcchMaxValueNameLen = max_name;
    }
    if (lpcbMaxValueLen != NULL) {
        *lpcbMaxValueLen = max_data;
    }
    if (lpcbSecurityDescriptor != NULL) {
        *lpcbSecurityDescriptor = 0;
    }
    if (lpftLastWriteTime != NULL) {
        memset(lpftLastWriteTime, 0, sizeof(*lpftLastWriteTime));
    }
    clusapi__reg_key_free(k);
    return ERROR_SUCCESS;
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegQueryInfoKey(HKEY hKey, LPDWORD lpcSubKeys,
                       LPDWORD lpcchMaxSubKeyLen, LPDWORD lpcValues,
                       LPDWORD lpcchMaxValueNameLen, LPDWORD lpcbMaxValueLen,
                       LPDWORD lpcbSecurityDescriptor,
                       PFILETIME lpftLastWriteTime)
{
    return query_info(hKey, true, lpcSubKeys, lpcchMaxSubKeyLen, lpcValues,
                      lpcchMaxValueNameLen, lpcbMaxValueLen,
                      lpcbSecurityDescriptor, lpftLastWriteTime);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegQueryInfoKeyA(HKEY hKey, LPDWORD lpcSubKeys,
                        LPDWORD lpcchMaxSubKeyLen, LPDWORD lpcValues,
                        LPDWORD lpcchMaxValueNameLen,
                        LPDWORD lpcbMaxValueLen,
                        LPDWORD lpcbSecurityDescriptor,
                        PFILETIME lpftLastWriteTime)
{
    return query_info(hKey, false, lpcSubKeys, lpcchMaxSubKeyLen, lpcValues,
                      lpcchMaxValueNameLen, lpcbMaxValueLen,
                      lpcbSecurityDescriptor, lpftLastWriteTime);
}

/* ---- writes ---- */

/* Whether the model's CIB (lock held) has, in the element at home's
 * XPath, the value value of name in its own sets (value NULL: none) */
static bool
cib_shows(const cl_reg_home_t *home, const char *name, const char *value)
{
    xmlNode *cib = clusapi__engine_cib();
    xmlXPathContextPtr xc;
    xmlXPathObjectPtr xo;
    bool found = false;

    if (cib == NULL || (xc = xmlXPathNewContext(cib->doc)) == NULL) {
        return false;
    }
    xo = xmlXPathEvalExpression((const xmlChar *) home->xpath, xc);
    if (xo != NULL && xo->nodesetval != NULL && xo->nodesetval->nodeNr > 0) {
        xmlNode *e = xo->nodesetval->nodeTab[0];

        for (xmlNode *s = e->children; s != NULL && !found; s = s->next) {
            if (s->type != XML_ELEMENT_NODE
                || xmlStrcmp(s->name, (const xmlChar *) home->set_name) != 0) {
                continue;
            }
            for (xmlNode *nv = s->children; nv != NULL; nv = nv->next) {
                xmlChar *n = xmlGetProp(nv, (const xmlChar *) "name");
                xmlChar *v = xmlGetProp(nv, (const xmlChar *) "value");

                if (n != NULL && strcmp((const char *) n, name) == 0
                    && (value == NULL || (v != NULL
                                          && strcmp((const char *) v, value)
                                                 == 0))) {
                    found = true;
                }
                xmlFree(n);
                xmlFree(v);
            }
        }
    }
    xmlXPathFreeObject(xo);
    xmlXPathFreeContext(xc);
    return value != NULL ? found : !found;
}

/* Set (value != NULL) or delete the value name of hKey's key in the CIB,
 * then wait (up to 5 s) for the model to show it */
static DWORD
write_value(HKEY hKey, const char *name, const char *value)
{
    api_key_t *k = clusapi__handle_get((uintptr_t) hKey, CL_H_KEY);
    cl_reg_home_t home;
    const cl_model_t *m;
    cl_cib_attr_t a;
    bool live;
    int rc;

    if (k == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    m = clusapi__api_lock_model(k->session);
    if (m == NULL) {
        clusapi__handle_put((uintptr_t) hKey);
        return ERROR_INVALID_HANDLE;
    }
    rc = clusapi__reg_home(m, clusapi__engine_cib(), k->path, name, &home);
    live = clusapi__engine_is_live();
    clusapi__engine_unlock_model();
    if (rc == 0 && !live) {
        /* a saved CIB (CIB_file) is read here, not written: libcib's file
         * backend keeps one CIB per process, the engine's */
        clusapi__reg_home_clear(&home);
        rc = -EACCES;
    }
    if (rc != 0) {
        clusapi__handle_put((uintptr_t) hKey);
        return rc == -ENOENT ? ERROR_KEY_DELETED : ERROR_ACCESS_DENIED;
    }
    a = (cl_cib_attr_t) { home.xpath,    home.elem_tag, home.elem_id,
                          home.section,  home.set_name, home.set_id,
                          name };
    rc = clusapi__cib_write_attr(&a, value);
    for (int i = 0; rc == 0 && live && i < 500; i++) {
        bool shown;

        m = clusapi__api_lock_model(k->session);
        if (m == NULL) {
            break;
        }
        shown = cib_shows(&home, name, value);
        clusapi__engine_unlock_model();
        if (shown) {
            break;
        }
        g_usleep(10000);
    }
    clusapi__reg_home_clear(&home);
    clusapi__handle_put((uintptr_t) hKey);
    return clusapi__win32_error(rc);
}

/* The data of a value to write as the string the CIB keeps */
static char *
data_string(DWORD type, const BYTE *data, DWORD cb, bool wide)
{
    if (type == REG_DWORD) {
        uint32_t v;

        if (data == NULL || cb != sizeof(v)) {
            return NULL;
        }
        memcpy(&v, data, sizeof(v));
        return g_strdup_printf("%u", (unsigned) v);
    }
    if ((type != REG_SZ && type != REG_EXPAND_SZ) || data == NULL) {
        return NULL;
    }
    if (wide) {
        size_t n = cb / sizeof(WCHAR);
        g_autofree WCHAR *w = g_new0(WCHAR, n + 1);

        if (cb % sizeof(WCHAR) != 0) {
            return NULL;
        }
        memcpy(w, data, n * sizeof(WCHAR));
        return g_utf16_to_utf8(w, -1, NULL, NULL, NULL);
    }
    {
        char *s = g_strndup((const char *) data, cb);

        if (!g_utf8_validate(s, -1, NULL)) {
            g_free(s);
            return NULL;
        }
        return s;
    }
}

static DWORD
set_value(HKEY hKey, const void *name, bool wide, DWORD type,
          const BYTE *data, DWORD cb)
{
    bool ok = true;
    g_autofree char *n = name != NULL ? clusapi__to_utf8(name, wide, &ok)
                                      : NULL;
    g_autofree char *v = data_string(type, data, cb, wide);

    if (clusapi__handle_get((uintptr_t) hKey, CL_H_KEY) == NULL) {
        return ERROR_INVALID_HANDLE;
    }
    clusapi__handle_put((uintptr_t) hKey);
    if (n == NULL || n[0] == '\0' || v == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    return write_value(hKey, n, v);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterRegSetValue(HKEY hKey, LPCWSTR lpszValueName, DWORD dwType,
                   const BYTE *lpData, DWORD cbData)
{
    return set_value(hKey, lpszValueName, true, dwType, lpData, cbData);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterRegSetValueA(HKEY hKey, LPCSTR lpszValueName, DWORD dwType,
                    const BYTE *lpData, DWORD cbData)
{
    return set_value(hKey, lpszValueName, false, dwType, lpData, cbData);
}

static DWORD
delete_value(HKEY hKey, const void *name, bool wide)
{
    bool ok = true;
    g_autofree char *n = name != NULL ? clusapi__to_utf8(name, wide, &ok)
                                      : NULL;
    DWORD err;
    cl_reg_key_t *k;
    bool has;

    k = key_of(hKey, &err);
    if (k == NULL) {
        return err;
    }
    has = n != NULL && clusapi__reg_value(k, n) != NULL;
    clusapi__reg_key_free(k);
    if (n == NULL || n[0] == '\0') {
        return ERROR_INVALID_PARAMETER;
    }
    if (!has) {
        return ERROR_FILE_NOT_FOUND;
    }
    return write_value(hKey, n, NULL);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterRegDeleteValue(HKEY hKey, LPCWSTR lpszValueName)
{
    return delete_value(hKey, lpszValueName, true);
}

CLUSAPI_EXPORT DWORD WINAPI
ClusterRegDeleteValueA(HKEY hKey, LPCSTR lpszValueName)
{
    return delete_value(hKey, lpszValueName, false);
}

static LONG
create_key(HKEY hKey, const void *sub, bool wide, DWORD options, REGSAM sam,
           PHKEY phkResult, LPDWORD disposition)
{
    LONG rc;

    if (options != REG_OPTION_NON_VOLATILE) {
        if (phkResult != NULL) {
            *phkResult = NULL;
        }
        return ERROR_INVALID_PARAMETER;
    }
    rc = open_key(hKey, sub, wide, sam, phkResult);
    if (rc == ERROR_FILE_NOT_FOUND) {
        return ERROR_ACCESS_DENIED; /* keys are Pacemaker's objects */
    }
    if (rc == ERROR_SUCCESS && disposition != NULL) {
        *disposition = REG_OPENED_EXISTING_KEY;
    }
    return rc;
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegCreateKey(HKEY hKey, LPCWSTR lpszSubKey, DWORD dwOptions,
                    REGSAM samDesired, void *lpSecurityAttributes,
                    PHKEY phkResult, LPDWORD lpdwDisposition)
{
    (void) lpSecurityAttributes;
    return create_key(hKey, lpszSubKey, true, dwOptions, samDesired,
                      phkResult, lpdwDisposition);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegCreateKeyA(HKEY hKey, LPCSTR lpszSubKey, DWORD dwOptions,
                     REGSAM samDesired, void *lpSecurityAttributes,
                     PHKEY phkResult, LPDWORD lpdwDisposition)
{
    (void) lpSecurityAttributes;
    return create_key(hKey, lpszSubKey, false, dwOptions, samDesired,
                      phkResult, lpdwDisposition);
}

static LONG
delete_key(HKEY hKey, const void *sub, bool wide)
{
    HKEY k = NULL;
    LONG rc;

    if (sub != NULL && (wide ? ((const WCHAR *) sub)[0] == 0
                             : ((const char *) sub)[0] == '\0')) {
        return ERROR_INVALID_PARAMETER; /* the key itself: name a subkey */
    }
    rc = open_key(hKey, sub, wide, KEY_READ, &k);
    if (rc != ERROR_SUCCESS) {
        return rc;
    }
    ClusterRegCloseKey(k);
    return ERROR_ACCESS_DENIED; /* keys are Pacemaker's objects */
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegDeleteKey(HKEY hKey, LPCWSTR lpszSubKey)
{
    return delete_key(hKey, lpszSubKey, true);
}

CLUSAPI_EXPORT LONG WINAPI
ClusterRegDeleteKeyA(HKEY hKey, LPCSTR lpszSubKey)
{
    return delete_key(hKey, lpszSubKey, false);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * clusapi.h - the Windows Failover Clustering event API (clusapi.h) for
 * Linux HA clusters (Corosync + Pacemaker).
 *
 * Names, types and constant values are those of the Windows SDK, so that a
 * monitoring program written for Windows compiles here.  Every function that
 * takes or returns a string exists in two forms:
 *   - the Windows form (UTF-16 WCHAR strings, counts in WCHARs);
 *   - an "A" form (UTF-8 char strings, counts in bytes).
 * The count rules are the same for both (docs/windows-api.md 1.3): on input the
 * capacity including the terminating NUL, on output the length without it;
 * ERROR_MORE_DATA when the buffer is too small, with the needed length stored.
 *
 * Linux extensions are at the end of this file and are named clusapi_*.
 *
 * This header needs nothing but <stdint.h> and <stddef.h>.
 */
#ifndef CLUSAPI_H
#define CLUSAPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CLUSAPI_EXPORT __attribute__((visibility("default")))
#else
#define CLUSAPI_EXPORT
#endif

#ifndef WINAPI
#define WINAPI
#endif

/* ==== Windows base types (docs/windows-api.md 1.1) ==== */
#ifndef CLUSAPI_NO_WINDOWS_TYPES
typedef uint32_t DWORD;
typedef DWORD *LPDWORD;
typedef int32_t LONG;
typedef int BOOL;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef uintptr_t DWORD_PTR;
typedef int64_t LONGLONG;
typedef uint16_t WCHAR; /* UTF-16 code unit, as on Windows */
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef void *HANDLE;
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#define INFINITE 0xFFFFFFFFu
/* the registry's types (winreg.h, minwindef.h) */
typedef struct HKEY__ *HKEY;
typedef HKEY *PHKEY;
typedef DWORD REGSAM;
typedef BYTE *LPBYTE;
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
#endif

typedef struct _HCLUSTER *HCLUSTER;
typedef struct _HNODE *HNODE;
typedef struct _HRESOURCE *HRESOURCE;
typedef struct _HGROUP *HGROUP;
typedef struct _HNETWORK *HNETWORK;
typedef struct _HNETINTERFACE *HNETINTERFACE;
typedef struct _HCHANGE *HCHANGE;
typedef struct _HCLUSENUM *HCLUSENUM;
typedef struct _HGROUPENUM *HGROUPENUM;
typedef struct _HRESENUM *HRESENUM;
typedef struct _HNODEENUM *HNODEENUM;
typedef struct _HNETWORKENUM *HNETWORKENUM;

/* ==== Win32 error codes used by this API (docs/windows-api.md 1.2) ==== */
#define ERROR_SUCCESS 0u
#define ERROR_INVALID_FUNCTION 1u
#define ERROR_FILE_NOT_FOUND 2u
#define ERROR_TOO_MANY_OPEN_FILES 4u
#define ERROR_ACCESS_DENIED 5u
#define ERROR_INVALID_HANDLE 6u
#define ERROR_NOT_ENOUGH_MEMORY 8u
#define ERROR_INVALID_DATA 13u
#define ERROR_OUTOFMEMORY 14u
#define ERROR_NOT_SUPPORTED 50u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_CALL_NOT_IMPLEMENTED 120u
#define ERROR_INSUFFICIENT_BUFFER 122u
#define ERROR_MORE_DATA 234u
#define WAIT_TIMEOUT 258u
#define ERROR_NO_MORE_ITEMS 259u
#define ERROR_KEY_DELETED 1018u
#define ERROR_NOT_FOUND 1168u
#define RPC_S_SERVER_UNAVAILABLE 1722u
#define RPC_S_CALL_FAILED 1726u
#define ERROR_RESOURCE_NOT_FOUND 5007u
#define ERROR_GROUP_NOT_FOUND 5013u
#define ERROR_INVALID_STATE 5023u
#define ERROR_CLUSTER_NODE_NOT_FOUND 5042u
#define ERROR_CLUSTER_NETWORK_NOT_FOUND 5045u
#define ERROR_CLUSTER_NETINTERFACE_NOT_FOUND 5047u
#define ERROR_CLUSTER_INVALID_REQUEST 5048u
#define ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND 5078u
#define ERROR_CLUSTER_NOT_INSTALLED 5932u

/* ==== CLUSTER_CHANGE (version 1 event bits, docs/windows-api.md 3.1) ====
 * Compare them as DWORDs: 0x80000000 and 0xFFFFFFFF are not ints. */
#define CLUSTER_CHANGE_NODE_STATE 0x00000001u
#define CLUSTER_CHANGE_NODE_DELETED 0x00000002u
#define CLUSTER_CHANGE_NODE_ADDED 0x00000004u
#define CLUSTER_CHANGE_NODE_PROPERTY 0x00000008u
#define CLUSTER_CHANGE_REGISTRY_NAME 0x00000010u
#define CLUSTER_CHANGE_REGISTRY_ATTRIBUTES 0x00000020u
#define CLUSTER_CHANGE_REGISTRY_VALUE 0x00000040u
#define CLUSTER_CHANGE_REGISTRY_SUBTREE 0x00000080u
#define CLUSTER_CHANGE_RESOURCE_STATE 0x00000100u
#define CLUSTER_CHANGE_RESOURCE_DELETED 0x00000200u
#define CLUSTER_CHANGE_RESOURCE_ADDED 0x00000400u
#define CLUSTER_CHANGE_RESOURCE_PROPERTY 0x00000800u
#define CLUSTER_CHANGE_GROUP_STATE 0x00001000u
#define CLUSTER_CHANGE_GROUP_DELETED 0x00002000u
#define CLUSTER_CHANGE_GROUP_ADDED 0x00004000u
#define CLUSTER_CHANGE_GROUP_PROPERTY 0x00008000u
#define CLUSTER_CHANGE_RESOURCE_TYPE_DELETED 0x00010000u
#define CLUSTER_CHANGE_RESOURCE_TYPE_ADDED 0x00020000u
#define CLUSTER_CHANGE_RESOURCE_TYPE_PROPERTY 0x00040000u
#define CLUSTER_CHANGE_CLUSTER_RECONNECT 0x00080000u
#define CLUSTER_CHANGE_NETWORK_STATE 0x00100000u
#define CLUSTER_CHANGE_NETWORK_DELETED 0x00200000u
#define CLUSTER_CHANGE_NETWORK_ADDED 0x00400000u
#define CLUSTER_CHANGE_NETWORK_PROPERTY 0x00800000u
#define CLUSTER_CHANGE_NETINTERFACE_STATE 0x01000000u
#define CLUSTER_CHANGE_NETINTERFACE_DELETED 0x02000000u
#define CLUSTER_CHANGE_NETINTERFACE_ADDED 0x04000000u
#define CLUSTER_CHANGE_NETINTERFACE_PROPERTY 0x08000000u
#define CLUSTER_CHANGE_QUORUM_STATE 0x10000000u
#define CLUSTER_CHANGE_CLUSTER_STATE 0x20000000u
#define CLUSTER_CHANGE_CLUSTER_PROPERTY 0x40000000u
#define CLUSTER_CHANGE_HANDLE_CLOSE 0x80000000u
#define CLUSTER_CHANGE_ALL 0xFFFFFFFFu
typedef DWORD CLUSTER_CHANGE;

/* ==== State enums (docs/windows-api.md 3.4) ==== */
typedef enum CLUSTER_NODE_STATE {
    ClusterNodeStateUnknown = -1,
    ClusterNodeUp = 0,
    ClusterNodeDown = 1,
    ClusterNodePaused = 2,
    ClusterNodeJoining = 3
} CLUSTER_NODE_STATE;

typedef enum CLUSTER_GROUP_STATE {
    ClusterGroupStateUnknown = -1,
    ClusterGroupOnline = 0,
    ClusterGroupOffline = 1,
    ClusterGroupFailed = 2,
    ClusterGroupPartialOnline = 3,
    ClusterGroupPending = 4
} CLUSTER_GROUP_STATE;

typedef enum CLUSTER_RESOURCE_STATE {
    ClusterResourceStateUnknown = -1,
    ClusterResourceInherited = 0,
    ClusterResourceInitializing = 1,
    ClusterResourceOnline = 2,
    ClusterResourceOffline = 3,
    ClusterResourceFailed = 4,
    ClusterResourcePending = 128,
    ClusterResourceOnlinePending = 129,
    ClusterResourceOfflinePending = 130
} CLUSTER_RESOURCE_STATE;

typedef enum CLUSTER_NETWORK_STATE {
    ClusterNetworkStateUnknown = -1,
    ClusterNetworkUnavailable = 0,
    ClusterNetworkDown = 1,
    ClusterNetworkPartitioned = 2,
    ClusterNetworkUp = 3
} CLUSTER_NETWORK_STATE;

typedef enum CLUSTER_NETINTERFACE_STATE {
    ClusterNetInterfaceStateUnknown = -1,
    ClusterNetInterfaceUnavailable = 0,
    ClusterNetInterfaceFailed = 1,
    ClusterNetInterfaceUnreachable = 2,
    ClusterNetInterfaceUp = 3
} CLUSTER_NETINTERFACE_STATE;

/* ==== Error reporting ====
 * Functions that return a handle, a BOOL or a state report the reason for a
 * failure through a thread-local last error, as on Windows. */
CLUSAPI_EXPORT DWORD WINAPI GetLastError(void);
CLUSAPI_EXPORT void WINAPI SetLastError(DWORD dwErrCode);

/* ==== Cluster connection ====
 * OpenCluster(NULL): the cluster this machine belongs to.  A name that is
 * not NULL must be the cluster's name or a node's name
 * (docs/windows-api.md 2.1).
 * Linux: the CIB is reached as Pacemaker's own tools reach it: CIB_file,
 * CIB_port/CIB_server/... in the environment, else the local daemon.
 * Returns NULL on failure; GetLastError() then gives
 *   RPC_S_SERVER_UNAVAILABLE  no cluster runs here: no CIB manager answered
 *                             (or Pacemaker could not read CIB_file's CIB),
 *   ERROR_FILE_NOT_FOUND      CIB_file names no file,
 *   ERROR_ACCESS_DENIED       CIB_file's file cannot be read, or the CIB
 *                             manager refused the connection,
 *   ERROR_INVALID_DATA        CIB_file's file is not a well-formed XML
 *                             document with a <cib> root (a directory, an
 *                             empty file, ...; a name ending in .bz2 is
 *                             left to Pacemaker, which decompresses it,
 *                             and so are a FIFO and a device),
 *   RPC_S_CALL_FAILED         the CIB manager took the connection but the
 *                             connect and first read did not end within
 *                             10 s (a stopped or hung pacemaker-based; the
 *                             code a Windows client gets when its call to
 *                             a cluster service that stopped answering
 *                             fails).  CLUSAPI_OPEN_TIMEOUT_MS in the
 *                             environment (a positive number of ms) sets
 *                             another bound.  The connect goes on in the
 *                             background and is undone when it ends; a
 *                             later OpenCluster waits for it first, within
 *                             its own bound,
 *   ERROR_NOT_FOUND           a name that is neither the cluster's nor a
 *                             node's,
 *   ERROR_INVALID_PARAMETER   a name that is not valid UTF-16 / UTF-8. */
CLUSAPI_EXPORT HCLUSTER WINAPI OpenCluster(LPCWSTR lpszClusterName);
CLUSAPI_EXPORT HCLUSTER WINAPI OpenClusterA(LPCSTR lpszClusterName);
/* Always TRUE for a valid handle; FALSE with ERROR_INVALID_HANDLE otherwise.
 * Posts CLUSTER_CHANGE_HANDLE_CLOSE on every port created with this cluster
 * whose filter asks for it.  The node, group, resource, network and network
 * interface handles opened with it become invalid for queries
 * (ERROR_INVALID_HANDLE); they must still be closed. */
CLUSAPI_EXPORT BOOL WINAPI CloseCluster(HCLUSTER hCluster);

/* ==== Notification ports (docs/windows-api.md 2.2, 4) ====
 * CLUSTER_CHANGE_CLUSTER_STATE: a connection to the cluster was lost, or
 * the CIB manager stopped answering: no message from it for 30 s, then no
 * answer within 10 s to one small query (so at most 40 s after its last
 * message; CLUSAPI_CIB_PROBE_SILENCE_MS and CLUSAPI_CIB_PROBE_TIMEOUT_MS in
 * the environment, positive numbers of ms read when the library connects,
 * set other bounds).  CLUSTER_CHANGE_CLUSTER_RECONNECT follows once it
 * answers again and the state has been re-read (docs/design.md). */
/* hChange == INVALID_HANDLE_VALUE: a new port on hCluster.  An existing port:
 * dwFilter is added under dwNotifyKey (hCluster must be the port's cluster).
 * dwFilter: any OR of CLUSTER_CHANGE_* bits.  All 32 bits have names, so none
 * is refused; those the library never raises (REGISTRY_ATTRIBUTES,
 * RESOURCE_TYPE_*, NETWORK_PROPERTY) never match.  REGISTRY_VALUE and
 * REGISTRY_NAME watch the cluster database's root: its values, its
 * subkeys made or deleted; with REGISTRY_SUBTREE everything below it.  0 asks for nothing: the port is made (or
 * returned) without a filter, e.g. for RegisterClusterNotify alone.
 * hCluster INVALID_HANDLE_VALUE: only for a new port, which then belongs to
 * no cluster and gets no cluster events (not even HANDLE_CLOSE).
 * Returns the port, or NULL (GetLastError: ERROR_INVALID_HANDLE for a bad
 * port or cluster handle, or INVALID_HANDLE_VALUE with an existing port;
 * ERROR_INVALID_PARAMETER for a cluster that is not the port's;
 * ERROR_TOO_MANY_OPEN_FILES or ERROR_NOT_ENOUGH_MEMORY when no new port can
 * be made). */
CLUSAPI_EXPORT HCHANGE WINAPI CreateClusterNotifyPort(HCHANGE hChange,
                                                      HCLUSTER hCluster,
                                                      DWORD dwFilter,
                                                      DWORD_PTR dwNotifyKey);
/* Per-object registration: hObject is an HNODE, HGROUP, HRESOURCE (the
 * object's *_STATE, *_DELETED, *_PROPERTY bits and HANDLE_CLOSE), an
 * HNETWORK (NETWORK_STATE/DELETED/PROPERTY, HANDLE_CLOSE), an HNETINTERFACE
 * (NETINTERFACE_STATE/DELETED/PROPERTY, HANDLE_CLOSE), an HCLUSTER
 * (CLUSTER_STATE, CLUSTER_PROPERTY, CLUSTER_RECONNECT, QUORUM_STATE,
 * HANDLE_CLOSE), or an HKEY (REGISTRY_VALUE: its values; REGISTRY_NAME: its
 * subkeys made or deleted; REGISTRY_SUBTREE: both anywhere below it;
 * REGISTRY_ATTRIBUTES, never raised; HANDLE_CLOSE), the event's name then
 * the changed key's path relative to it ("" for the key itself).
 * ERROR_INVALID_HANDLE for a bad port or object handle,
 * ERROR_INVALID_PARAMETER for bits that do not fit the object. */
CLUSAPI_EXPORT DWORD WINAPI RegisterClusterNotify(HCHANGE hChange,
                                                  DWORD dwFilterType,
                                                  HANDLE hObject,
                                                  DWORD_PTR dwNotifyKey);
/* Takes the next event.  dwMilliseconds: 0 polls, INFINITE waits forever.
 * Returns ERROR_SUCCESS, WAIT_TIMEOUT, ERROR_MORE_DATA (the event stays
 * queued; *lpcchName = needed length without the NUL; a NULL lpszName counts
 * as a buffer of 0), ERROR_INVALID_HANDLE (invalid handle, or the port was
 * closed, also while this call waited), ERROR_INVALID_PARAMETER (NULL
 * lpdwNotifyKey, lpdwFilterType or lpcchName). */
CLUSAPI_EXPORT DWORD WINAPI GetClusterNotify(HCHANGE hChange,
                                             DWORD_PTR *lpdwNotifyKey,
                                             LPDWORD lpdwFilterType,
                                             LPWSTR lpszName,
                                             LPDWORD lpcchName,
                                             DWORD dwMilliseconds);
CLUSAPI_EXPORT DWORD WINAPI GetClusterNotifyA(HCHANGE hChange,
                                              DWORD_PTR *lpdwNotifyKey,
                                              LPDWORD lpdwFilterType,
                                              LPSTR lpszName,
                                              LPDWORD lpcbName,
                                              DWORD dwMilliseconds);
/* TRUE; FALSE with ERROR_INVALID_HANDLE for an invalid handle.  Wakes every
 * thread waiting in GetClusterNotify on it (they return ERROR_INVALID_HANDLE)
 * and discards the events still queued. */
CLUSAPI_EXPORT BOOL WINAPI CloseClusterNotifyPort(HCHANGE hChange);

/* ==== Object handles (docs/windows-api.md 2.4) ====
 * Names are matched case-insensitively; the Pacemaker id is accepted too.
 * NULL on failure: ERROR_CLUSTER_NODE_NOT_FOUND / ERROR_GROUP_NOT_FOUND /
 * ERROR_RESOURCE_NOT_FOUND / ERROR_CLUSTER_NETWORK_NOT_FOUND /
 * ERROR_CLUSTER_NETINTERFACE_NOT_FOUND, ERROR_INVALID_HANDLE,
 * ERROR_INVALID_PARAMETER.
 * Linux: networks and network interfaces are Corosync's (docs/mapping.md,
 * "Networks"): a network is a knet link, named "link0", "link1", ... (its
 * id is the link number, "0"); an interface is a node's address on a link,
 * named "<node> - link0" (id "<nodeid>:<link>").  Without Corosync (e.g.
 * with CIB_file) there are none. */
CLUSAPI_EXPORT HNODE WINAPI OpenClusterNode(HCLUSTER hCluster,
                                            LPCWSTR lpszNodeName);
CLUSAPI_EXPORT HNODE WINAPI OpenClusterNodeA(HCLUSTER hCluster,
                                             LPCSTR lpszNodeName);
CLUSAPI_EXPORT HGROUP WINAPI OpenClusterGroup(HCLUSTER hCluster,
                                              LPCWSTR lpszGroupName);
CLUSAPI_EXPORT HGROUP WINAPI OpenClusterGroupA(HCLUSTER hCluster,
                                               LPCSTR lpszGroupName);
CLUSAPI_EXPORT HRESOURCE WINAPI OpenClusterResource(HCLUSTER hCluster,
                                                    LPCWSTR lpszResourceName);
CLUSAPI_EXPORT HRESOURCE WINAPI OpenClusterResourceA(HCLUSTER hCluster,
                                                     LPCSTR lpszResourceName);
CLUSAPI_EXPORT HNETWORK WINAPI OpenClusterNetwork(HCLUSTER hCluster,
                                                  LPCWSTR lpszNetworkName);
CLUSAPI_EXPORT HNETWORK WINAPI OpenClusterNetworkA(HCLUSTER hCluster,
                                                   LPCSTR lpszNetworkName);
CLUSAPI_EXPORT HNETINTERFACE WINAPI OpenClusterNetInterface(
    HCLUSTER hCluster, LPCWSTR lpszInterfaceName);
CLUSAPI_EXPORT HNETINTERFACE WINAPI OpenClusterNetInterfaceA(
    HCLUSTER hCluster, LPCSTR lpszInterfaceName);
/* TRUE; FALSE with ERROR_INVALID_HANDLE.  Posts HANDLE_CLOSE for each port
 * registration made with this handle that asked for it. */
CLUSAPI_EXPORT BOOL WINAPI CloseClusterNode(HNODE hNode);
CLUSAPI_EXPORT BOOL WINAPI CloseClusterGroup(HGROUP hGroup);
CLUSAPI_EXPORT BOOL WINAPI CloseClusterResource(HRESOURCE hResource);
CLUSAPI_EXPORT BOOL WINAPI CloseClusterNetwork(HNETWORK hNetwork);
CLUSAPI_EXPORT BOOL WINAPI CloseClusterNetInterface(
    HNETINTERFACE hNetInterface);

/* A network's id (the knet link number, "0") into lpszNetworkId: counts as
 * in docs/windows-api.md 1.3 (a NULL lpszNetworkId counts as a buffer of 0).
 * Returns ERROR_SUCCESS, ERROR_MORE_DATA (the needed length stored),
 * ERROR_INVALID_HANDLE (also when the cluster handle it was opened with is
 * closed), ERROR_INVALID_PARAMETER (NULL lpcchName), ERROR_NOT_FOUND (the
 * network is gone since it was opened). */
CLUSAPI_EXPORT DWORD WINAPI GetClusterNetworkId(HNETWORK hNetwork,
                                                LPWSTR lpszNetworkId,
                                                LPDWORD lpcchName);
CLUSAPI_EXPORT DWORD WINAPI GetClusterNetworkIdA(HNETWORK hNetwork,
                                                 LPSTR lpszNetworkId,
                                                 LPDWORD lpcbName);
/* The name of a node's interface on a network.  The node is looked up as
 * OpenClusterNode does, the network as OpenClusterNetwork does.  Returns
 * ERROR_SUCCESS, ERROR_MORE_DATA (the needed length stored),
 * ERROR_CLUSTER_NODE_NOT_FOUND, ERROR_CLUSTER_NETWORK_NOT_FOUND,
 * ERROR_CLUSTER_NETINTERFACE_NOT_FOUND (the node has no address on that
 * network), ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (a NULL or
 * invalid name, a NULL lpcchInterfaceName). */
CLUSAPI_EXPORT DWORD WINAPI GetClusterNetInterface(
    HCLUSTER hCluster, LPCWSTR lpszNodeName, LPCWSTR lpszNetworkName,
    LPWSTR lpszInterfaceName, LPDWORD lpcchInterfaceName);
CLUSAPI_EXPORT DWORD WINAPI GetClusterNetInterfaceA(
    HCLUSTER hCluster, LPCSTR lpszNodeName, LPCSTR lpszNetworkName,
    LPSTR lpszInterfaceName, LPDWORD lpcbInterfaceName);

/* ==== State (docs/windows-api.md 2.5) ====
 * The *StateUnknown value (-1) on failure, with GetLastError():
 * ERROR_INVALID_HANDLE (also when the cluster handle the object was opened
 * with is closed), or ERROR_NOT_FOUND when the object was deleted.
 * Name buffers are optional; a count pointer may be NULL only with a NULL
 * buffer.  A buffer that is too small: the state is returned, the needed
 * length stored, and the last error set to ERROR_MORE_DATA.  On success the
 * last error is ERROR_SUCCESS. */
CLUSAPI_EXPORT CLUSTER_NODE_STATE WINAPI GetClusterNodeState(HNODE hNode);
CLUSAPI_EXPORT CLUSTER_GROUP_STATE WINAPI GetClusterGroupState(
    HGROUP hGroup, LPWSTR lpszNodeName, LPDWORD lpcchNodeName);
CLUSAPI_EXPORT CLUSTER_GROUP_STATE WINAPI GetClusterGroupStateA(
    HGROUP hGroup, LPSTR lpszNodeName, LPDWORD lpcbNodeName);
CLUSAPI_EXPORT CLUSTER_RESOURCE_STATE WINAPI GetClusterResourceState(
    HRESOURCE hResource, LPWSTR lpszNodeName, LPDWORD lpcchNodeName,
    LPWSTR lpszGroupName, LPDWORD lpcchGroupName);
CLUSAPI_EXPORT CLUSTER_RESOURCE_STATE WINAPI GetClusterResourceStateA(
    HRESOURCE hResource, LPSTR lpszNodeName, LPDWORD lpcbNodeName,
    LPSTR lpszGroupName, LPDWORD lpcbGroupName);
/* Linux: what the local node sees of its knet links (docs/mapping.md,
 * "Networks"). */
CLUSAPI_EXPORT CLUSTER_NETWORK_STATE WINAPI GetClusterNetworkState(
    HNETWORK hNetwork);
CLUSAPI_EXPORT CLUSTER_NETINTERFACE_STATE WINAPI GetClusterNetInterfaceState(
    HNETINTERFACE hNetInterface);

/* ==== Enumeration (docs/windows-api.md 2.6) ====
 * A snapshot taken at ClusterOpenEnum.  Items come in the order nodes,
 * resource types, groups, resources, networks, network interfaces, each
 * sorted by id (a mixed mask gives these blocks in this order whatever the
 * order of the bits).  Resource types are the agents the configuration
 * uses, named "class:provider:type" or "class:type" (e.g.
 * "ocf:pacemaker:Dummy", "systemd:httpd").  Networks and interfaces are
 * Corosync's (see OpenClusterNetwork); none without Corosync. */
#define CLUSTER_ENUM_NODE 0x00000001u
#define CLUSTER_ENUM_RESTYPE 0x00000002u
#define CLUSTER_ENUM_RESOURCE 0x00000004u
#define CLUSTER_ENUM_GROUP 0x00000008u
#define CLUSTER_ENUM_NETWORK 0x00000010u
#define CLUSTER_ENUM_NETINTERFACE 0x00000020u
#define CLUSTER_ENUM_ALL 0x0000003Fu
/* NULL on failure: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (dwType 0
 * or bits outside CLUSTER_ENUM_ALL). */
CLUSAPI_EXPORT HCLUSENUM WINAPI ClusterOpenEnum(HCLUSTER hCluster,
                                                DWORD dwType);
/* The number of items; 0 with GetLastError ERROR_INVALID_HANDLE. */
CLUSAPI_EXPORT DWORD WINAPI ClusterGetEnumCount(HCLUSENUM hEnum);
/* ERROR_SUCCESS, ERROR_NO_MORE_ITEMS past the end, ERROR_MORE_DATA (retry
 * the same index with *lpcchName + 1), ERROR_INVALID_HANDLE,
 * ERROR_INVALID_PARAMETER (NULL lpdwType or lpcchName). */
CLUSAPI_EXPORT DWORD WINAPI ClusterEnum(HCLUSENUM hEnum, DWORD dwIndex,
                                        LPDWORD lpdwType, LPWSTR lpszName,
                                        LPDWORD lpcchName);
CLUSAPI_EXPORT DWORD WINAPI ClusterEnumA(HCLUSENUM hEnum, DWORD dwIndex,
                                         LPDWORD lpdwType, LPSTR lpszName,
                                         LPDWORD lpcbName);
/* ERROR_SUCCESS, or ERROR_INVALID_HANDLE. */
CLUSAPI_EXPORT DWORD WINAPI ClusterCloseEnum(HCLUSENUM hEnum);

/* ---- Enumerations of one object (docs/windows-api.md 2.6, 3.3) ----
 * Same rules as ClusterOpenEnum/ClusterEnum: a snapshot taken at open time;
 * *lpdwType receives the CLUSTER_*_ENUM bit of the item; ERROR_SUCCESS,
 * ERROR_NO_MORE_ITEMS past the end, ERROR_MORE_DATA (needed length stored;
 * retry the same index), ERROR_INVALID_HANDLE (also for an enumeration
 * handle of another kind), ERROR_INVALID_PARAMETER (NULL lpdwType or count
 * pointer).  Open* return NULL with GetLastError: ERROR_INVALID_HANDLE (a
 * bad object handle, or its cluster handle was closed),
 * ERROR_INVALID_PARAMETER (dwType 0 or unknown bits), ERROR_NOT_FOUND (the
 * object was deleted).  A mixed dwType gives the kinds in the order of
 * their bits, lowest first. */
#define CLUSTER_GROUP_ENUM_CONTAINS 0x00000001u
#define CLUSTER_GROUP_ENUM_NODES 0x00000002u
#define CLUSTER_GROUP_ENUM_ALL 0x00000003u
/* CONTAINS: the group's resources, in member order (for a resource outside
 * any group: the resource itself).  NODES: its preferred owners, the nodes
 * named by positive rsc_location constraints on the group (rules are not
 * evaluated), highest score first; a node that is not in the cluster is
 * left out. */
CLUSAPI_EXPORT HGROUPENUM WINAPI ClusterGroupOpenEnum(HGROUP hGroup,
                                                      DWORD dwType);
/* The number of items; 0 with GetLastError ERROR_INVALID_HANDLE. */
CLUSAPI_EXPORT DWORD WINAPI ClusterGroupGetEnumCount(HGROUPENUM hGroupEnum);
CLUSAPI_EXPORT DWORD WINAPI ClusterGroupEnum(HGROUPENUM hGroupEnum,
                                             DWORD dwIndex, LPDWORD lpdwType,
                                             LPWSTR lpszResourceName,
                                             LPDWORD lpcchName);
CLUSAPI_EXPORT DWORD WINAPI ClusterGroupEnumA(HGROUPENUM hGroupEnum,
                                              DWORD dwIndex, LPDWORD lpdwType,
                                              LPSTR lpszResourceName,
                                              LPDWORD lpcbName);
CLUSAPI_EXPORT DWORD WINAPI ClusterGroupCloseEnum(HGROUPENUM hGroupEnum);

#define CLUSTER_NODE_ENUM_NETINTERFACES 0x00000001u
#define CLUSTER_NODE_ENUM_GROUPS 0x00000002u
#define CLUSTER_NODE_ENUM_PREFERRED_GROUPS 0x00000004u
#define CLUSTER_NODE_ENUM_ALL 0x00000003u /* as in the SDK: without PREFERRED */
/* GROUPS: the groups whose owner node (GetClusterGroupState) is this node,
 * sorted by id.  PREFERRED_GROUPS: the groups that have this node among
 * their preferred owners (CLUSTER_GROUP_ENUM_NODES), sorted by id.
 * NETINTERFACES: the node's network interfaces, sorted by id (none without
 * Corosync). */
CLUSAPI_EXPORT HNODEENUM WINAPI ClusterNodeOpenEnum(HNODE hNode,
                                                    DWORD dwType);
/* The number of items; 0 with GetLastError ERROR_INVALID_HANDLE. */
CLUSAPI_EXPORT DWORD WINAPI ClusterNodeGetEnumCount(HNODEENUM hNodeEnum);
CLUSAPI_EXPORT DWORD WINAPI ClusterNodeEnum(HNODEENUM hNodeEnum, DWORD dwIndex,
                                            LPDWORD lpdwType, LPWSTR lpszName,
                                            LPDWORD lpcchName);
CLUSAPI_EXPORT DWORD WINAPI ClusterNodeEnumA(HNODEENUM hNodeEnum,
                                             DWORD dwIndex, LPDWORD lpdwType,
                                             LPSTR lpszName, LPDWORD lpcbName);
CLUSAPI_EXPORT DWORD WINAPI ClusterNodeCloseEnum(HNODEENUM hNodeEnum);

#define CLUSTER_NETWORK_ENUM_NETINTERFACES 0x00000001u
#define CLUSTER_NETWORK_ENUM_ALL 0x00000001u
/* NETINTERFACES: the network interfaces on this network, sorted by id. */
CLUSAPI_EXPORT HNETWORKENUM WINAPI ClusterNetworkOpenEnum(HNETWORK hNetwork,
                                                          DWORD dwType);
/* The number of items; 0 with GetLastError ERROR_INVALID_HANDLE. */
CLUSAPI_EXPORT DWORD WINAPI ClusterNetworkGetEnumCount(
    HNETWORKENUM hNetworkEnum);
CLUSAPI_EXPORT DWORD WINAPI ClusterNetworkEnum(HNETWORKENUM hNetworkEnum,
                                               DWORD dwIndex, LPDWORD lpdwType,
                                               LPWSTR lpszName,
                                               LPDWORD lpcchName);
CLUSAPI_EXPORT DWORD WINAPI ClusterNetworkEnumA(HNETWORKENUM hNetworkEnum,
                                                DWORD dwIndex,
                                                LPDWORD lpdwType,
                                                LPSTR lpszName,
                                                LPDWORD lpcbName);
CLUSAPI_EXPORT DWORD WINAPI ClusterNetworkCloseEnum(
    HNETWORKENUM hNetworkEnum);

/* ==== Cluster information (docs/windows-api.md 2.1) ==== */
#define CLUSTER_MAKE_VERSION(_maj, _min) \
    ((((DWORD) (_maj)) << 16) | ((DWORD) (_min) & 0xFFFFu))
#define CLUSTER_GET_MAJOR_VERSION(_ver) (((DWORD) (_ver)) >> 16)
#define CLUSTER_GET_MINOR_VERSION(_ver) (((DWORD) (_ver)) & 0xFFFFu)
#define CLUSTER_VERSION_FLAG_MIXED_MODE 0x00000001u
#define CLUSTER_VERSION_UNKNOWN 0xFFFFFFFFu

/* The Windows SDK layout (284 bytes; the NT4 form is its first 268). */
typedef struct _CLUSTERVERSIONINFO_NT4 {
    DWORD dwVersionInfoSize;
    WORD MajorVersion;
    WORD MinorVersion;
    WORD BuildNumber;
    WCHAR szVendorId[64];
    WCHAR szCSDVersion[64];
} CLUSTERVERSIONINFO_NT4, *PCLUSTERVERSIONINFO_NT4;

typedef struct _CLUSTERVERSIONINFO {
    DWORD dwVersionInfoSize; /* set by the caller: sizeof(CLUSTERVERSIONINFO) */
    WORD MajorVersion;
    WORD MinorVersion;
    WORD BuildNumber;
    WCHAR szVendorId[64];
    WCHAR szCSDVersion[64];
    DWORD dwClusterHighestVersion;
    DWORD dwClusterLowestVersion;
    DWORD dwFlags;
    DWORD dwReserved;
} CLUSTERVERSIONINFO, *LPCLUSTERVERSIONINFO, *PCLUSTERVERSIONINFO;

/* Linux: the structure of the A form, as Windows pairs OSVERSIONINFOA with
 * OSVERSIONINFOW: the same members, the strings in UTF-8 (char[64], a NUL
 * included).  dwVersionInfoSize = sizeof(CLUSTERVERSIONINFOA) (156). */
typedef struct _CLUSTERVERSIONINFOA {
    DWORD dwVersionInfoSize;
    WORD MajorVersion;
    WORD MinorVersion;
    WORD BuildNumber;
    char szVendorId[64];
    char szCSDVersion[64];
    DWORD dwClusterHighestVersion;
    DWORD dwClusterLowestVersion;
    DWORD dwFlags;
    DWORD dwReserved;
} CLUSTERVERSIONINFOA, *LPCLUSTERVERSIONINFOA, *PCLUSTERVERSIONINFOA;

/* The cluster's name (the cluster-name property, else "cluster") and
 * version.  lpcchClusterName is required (ERROR_INVALID_PARAMETER if NULL);
 * a NULL lpszClusterName counts as a buffer of 0; a name that does not fit:
 * ERROR_MORE_DATA with the needed length (the version is filled in all the
 * same).  lpClusterInfo may be NULL.  Its members, from the version of
 * Pacemaker that the DC reports (crm_config dc-version, e.g.
 * "2.1.5-a3f44794f94"):
 *   MajorVersion, MinorVersion, BuildNumber  2, 1, 5;
 *   szVendorId                               "Pacemaker";
 *   szCSDVersion                             the whole dc-version;
 *   dwClusterHighestVersion = dwClusterLowestVersion
 *                          = CLUSTER_MAKE_VERSION(Major, Minor): the CIB
 *                            holds the DC's version only;
 *   dwFlags, dwReserved                      0.
 * Before a DC was elected (or in a CIB file without dc-version) the numbers
 * are 0 and szCSDVersion is "".  The strings are cut to 63 units.
 * dwVersionInfoSize must be set by the caller: smaller than the NT4 form
 * (268 bytes; CLUSTERVERSIONINFOA: 140) gives ERROR_INVALID_PARAMETER and
 * nothing is written; otherwise only the members that lie wholly within
 * dwVersionInfoSize bytes are written.
 * Returns ERROR_SUCCESS, ERROR_MORE_DATA, ERROR_INVALID_HANDLE (also when
 * hCluster is not a cluster handle), ERROR_INVALID_PARAMETER. */
CLUSAPI_EXPORT DWORD WINAPI GetClusterInformation(
    HCLUSTER hCluster, LPWSTR lpszClusterName, LPDWORD lpcchClusterName,
    LPCLUSTERVERSIONINFO lpClusterInfo);
CLUSAPI_EXPORT DWORD WINAPI GetClusterInformationA(
    HCLUSTER hCluster, LPSTR lpszClusterName, LPDWORD lpcbClusterName,
    LPCLUSTERVERSIONINFOA lpClusterInfo);

/* ==== The cluster of an object handle (docs/windows-api.md 2.4) ====
 * As on Windows ("returns another instance of the handle from which the
 * object handle was obtained"): a NEW cluster handle on the same cluster,
 * owned by the caller, who closes it with CloseCluster.  Closing it does
 * not invalidate the object handle nor the cluster handle the object was
 * opened with; it posts HANDLE_CLOSE only on the ports created with it.
 * (It is not the same value as the original HCLUSTER, so a port created
 * with the original cannot be extended with it: CreateClusterNotifyPort
 * gives ERROR_INVALID_PARAMETER.)
 * NULL with GetLastError ERROR_INVALID_HANDLE for a bad or wrong-type
 * handle, or when the cluster handle the object was opened with is closed
 * (every handle derived from it is then invalid, docs/windows-api.md 2.1). */
CLUSAPI_EXPORT HCLUSTER WINAPI GetClusterFromNode(HNODE hNode);
CLUSAPI_EXPORT HCLUSTER WINAPI GetClusterFromGroup(HGROUP hGroup);
CLUSAPI_EXPORT HCLUSTER WINAPI GetClusterFromResource(HRESOURCE hResource);
CLUSAPI_EXPORT HCLUSTER WINAPI GetClusterFromNetwork(HNETWORK hNetwork);
CLUSAPI_EXPORT HCLUSTER WINAPI GetClusterFromNetInterface(
    HNETINTERFACE hNetInterface);

/* ==== Linux extensions ==== */

/* A file descriptor that is readable while events are queued on the port,
 * for poll/epoll/GLib loops.  Owned by the port: do not read or close it;
 * it stays valid until CloseClusterNotifyPort.  Made with the port (so
 * CreateClusterNotifyPort fails with ERROR_TOO_MANY_OPEN_FILES when no
 * descriptor is left); events queued before the first call are counted.
 * Never fails for an open port; returns -1 for an invalid handle
 * (GetLastError: ERROR_INVALID_HANDLE). */
CLUSAPI_EXPORT int clusapi_port_fd(HCHANGE hChange);

/* The largest number of events a port holds.  When a port is full the
 * oldest event is dropped and one CLUSTER_CHANGE_CLUSTER_RECONNECT is queued,
 * so the application re-reads the state. */
#define CLUSAPI_PORT_MAX_QUEUED 65536u

/* Printable name of one CLUSTER_CHANGE bit ("RESOURCE_STATE"), or NULL. */
CLUSAPI_EXPORT const char *clusapi_change_name(DWORD dwFilterType);

/* Whether the cluster has quorum: *lpdwQuorate = 1 (quorate) or 0 (not).
 *   [in]  hCluster     a cluster handle;
 *   [out] lpdwQuorate  written on success only.
 * Corosync's view of the local node's partition (the value
 * CLUSTER_CHANGE_QUORUM_STATE reports changes of); without Corosync (e.g.
 * with CIB_file) the CIB's have-quorum, as the DC last wrote it.
 * Returns ERROR_SUCCESS, ERROR_INVALID_HANDLE (a bad handle, or not a
 * cluster handle), ERROR_INVALID_PARAMETER (NULL lpdwQuorate).
 * Thread-safe, as every function here. */
CLUSAPI_EXPORT DWORD clusapi_cluster_quorum(HCLUSTER hCluster,
                                            LPDWORD lpdwQuorate);

/* A failed resource action: what crm_mon lists under "Failed Resource
 * Actions" (docs/mapping.md, "Failed actions").  The strings are UTF-8 and
 * lie in the same buffer as the array. */
typedef struct _CLUSAPI_FAILED_ACTION {
    LPCSTR lpszResource;     /* the resource (a clone's or bundle's name for
                              * its instances, as the enumeration gives) */
    LPCSTR lpszNode;         /* the node it failed on */
    LPCSTR lpszOperationKey; /* "web_monitor_10000": the history entry's
                              * operation key (its id if it has none) */
    LPCSTR lpszTask;         /* "monitor", "start", "stop", ... ("" none) */
    LPCSTR lpszExitReason;   /* the agent's reason ("" none) */
    LPCSTR lpszExitStatus;   /* lExitCode in Pacemaker's words
                              * ("not running"; 3.0: "Not running") */
    LPCSTR lpszExecStatus;   /* lExecStatus in Pacemaker's words
                              * ("complete", "Timed Out"; 3.0: "Done",
                              * "Timed out") */
    LONGLONG llLastRcChange; /* when the result last changed, seconds since
                              * the epoch; 0 if not recorded */
    DWORD dwIntervalMs;      /* 0 for a one-time action, else the recurring
                              * monitor's interval */
    LONG lExitCode;          /* the OCF exit code (rc-code) */
    LONG lExecStatus;        /* how it ran (op-status: 0 done, 2 timed out,
                              * 4 error, 5 hard error, 7 not installed, ...) */
    LONG lCallId;            /* the executor's call id */
    LONG lQueuedMs;          /* time queued, -1 if not recorded */
    LONG lExecMs;            /* time running, -1 if not recorded */
    DWORD dwFlags;           /* CLUSAPI_FAILED_ACTION_* */
} CLUSAPI_FAILED_ACTION, *PCLUSAPI_FAILED_ACTION;

/* on-fail=ignore: the failure was recorded and the resource runs on */
#define CLUSAPI_FAILED_ACTION_IGNORED 0x1u

/* The failed actions of one resource, or of every resource.
 *   [in]     hCluster           a cluster handle;
 *   [in]     lpszResourceName   a resource's name (as ClusterEnum gives
 *                               it, case-insensitive), or NULL for all;
 *   [out]    lpActions          the buffer: an array of *lpdwCount
 *                               CLUSAPI_FAILED_ACTION, followed by their
 *                               strings; may be NULL (a buffer of 0);
 *   [in,out] lpcbActions        its size in bytes; on return the bytes
 *                               used, or needed (ERROR_MORE_DATA);
 *   [out]    lpdwCount          the number of failed actions.
 * The list crm_mon prints, in order of node (Pacemaker's node name order),
 * then resource, then history.  One difference: a failure whose
 * failure-timeout has passed is listed until the cluster clears it (at its
 * next recheck), where crm_mon drops it at once.
 * Returns ERROR_SUCCESS, ERROR_MORE_DATA (nothing written to the buffer;
 * *lpcbActions and *lpdwCount say what is needed), ERROR_INVALID_HANDLE (a
 * bad handle, or not a cluster handle), ERROR_INVALID_PARAMETER (NULL
 * lpcbActions or lpdwCount, or lpActions not aligned for the structure),
 * ERROR_RESOURCE_NOT_FOUND (no such resource). */
CLUSAPI_EXPORT DWORD clusapi_failed_actions(HCLUSTER hCluster,
                                            LPCSTR lpszResourceName,
                                            PCLUSAPI_FAILED_ACTION lpActions,
                                            LPDWORD lpcbActions,
                                            LPDWORD lpdwCount);

/* ==== The cluster database (docs/mapping.md, "The cluster database") ====
 * The CIB seen as Windows' cluster registry: a key per object, a value per
 * setting, read as Pacemaker applies them now.  samDesired is kept with
 * the handle and not checked: the CIB manager checks every write.  Its
 * changes are REGISTRY_* events (RegisterClusterNotify). */

/* Value types (winnt.h) */
#define REG_NONE 0u
#define REG_SZ 1u
#define REG_EXPAND_SZ 2u
#define REG_BINARY 3u
#define REG_DWORD 4u
#define REG_DWORD_BIG_ENDIAN 5u
#define REG_LINK 6u
#define REG_MULTI_SZ 7u
#define REG_RESOURCE_LIST 8u
#define REG_QWORD 11u
/* Access rights (winnt.h) */
#define KEY_QUERY_VALUE 0x0001u
#define KEY_SET_VALUE 0x0002u
#define KEY_CREATE_SUB_KEY 0x0004u
#define KEY_ENUMERATE_SUB_KEYS 0x0008u
#define KEY_NOTIFY 0x0010u
#define KEY_CREATE_LINK 0x0020u
#define KEY_READ 0x00020019u
#define KEY_WRITE 0x00020006u
#define KEY_EXECUTE 0x00020019u
#define KEY_ALL_ACCESS 0x000F003Fu

/* A key of the database, closed with ClusterRegCloseKey; NULL with the last
 * error: ERROR_INVALID_HANDLE (a bad or closed handle, or one of another
 * type), ERROR_NOT_FOUND (the object was deleted since it was opened),
 * ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND (no resource of that type),
 * ERROR_INVALID_PARAMETER (a type name that is not valid UTF-16/UTF-8),
 * ERROR_NOT_ENOUGH_MEMORY. */
CLUSAPI_EXPORT HKEY WINAPI GetClusterKey(HCLUSTER hCluster, REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterNodeKey(HNODE hNode, REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterGroupKey(HGROUP hGroup,
                                              REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterResourceKey(HRESOURCE hResource,
                                                 REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterNetworkKey(HNETWORK hNetwork,
                                                REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterNetInterfaceKey(
    HNETINTERFACE hNetInterface, REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterResourceTypeKey(HCLUSTER hCluster,
                                                     LPCWSTR lpszTypeName,
                                                     REGSAM samDesired);
CLUSAPI_EXPORT HKEY WINAPI GetClusterResourceTypeKeyA(HCLUSTER hCluster,
                                                      LPCSTR lpszTypeName,
                                                      REGSAM samDesired);

/* A subkey of hKey (leaf names joined by '\'; "" opens hKey again) into
 * *phkResult.  Returns ERROR_SUCCESS, ERROR_FILE_NOT_FOUND (no such key),
 * ERROR_INVALID_HANDLE, ERROR_KEY_DELETED (hKey's key is gone),
 * ERROR_INVALID_PARAMETER (NULL lpszSubKey or phkResult, a name starting
 * with '\', invalid UTF-16/UTF-8), ERROR_NOT_ENOUGH_MEMORY. */
CLUSAPI_EXPORT LONG WINAPI ClusterRegOpenKey(HKEY hKey, LPCWSTR lpszSubKey,
                                             REGSAM samDesired,
                                             PHKEY phkResult);
CLUSAPI_EXPORT LONG WINAPI ClusterRegOpenKeyA(HKEY hKey, LPCSTR lpszSubKey,
                                              REGSAM samDesired,
                                              PHKEY phkResult);
/* ERROR_SUCCESS or ERROR_INVALID_HANDLE */
CLUSAPI_EXPORT LONG WINAPI ClusterRegCloseKey(HKEY hKey);

/* The dwIndex-th subkey's leaf name (in name order).  *lpcchName: the
 * buffer's size in WCHARs (A: bytes) with the NUL, then the name's length
 * without it; ERROR_MORE_DATA with the length needed.
 * lpftLastWriteTime (optional) is zero: the CIB keeps no such time.
 * Returns ERROR_SUCCESS, ERROR_NO_MORE_ITEMS, ERROR_MORE_DATA,
 * ERROR_INVALID_HANDLE, ERROR_KEY_DELETED, ERROR_INVALID_PARAMETER. */
CLUSAPI_EXPORT LONG WINAPI ClusterRegEnumKey(HKEY hKey, DWORD dwIndex,
                                             LPWSTR lpszName,
                                             LPDWORD lpcchName,
                                             PFILETIME lpftLastWriteTime);
CLUSAPI_EXPORT LONG WINAPI ClusterRegEnumKeyA(HKEY hKey, DWORD dwIndex,
                                              LPSTR lpszName,
                                              LPDWORD lpcchName,
                                              PFILETIME lpftLastWriteTime);

/* The dwIndex-th value of hKey: its name as ClusterRegEnumKey's, its type
 * into *lpdwType (optional), its data into lpData (optional) with
 * *lpcbData its size in bytes (optional when lpData is NULL).  String data
 * hold their NULs: UTF-16 in the W form, UTF-8 in the A form.
 * ERROR_MORE_DATA when either buffer is too small, with both sizes
 * needed stored.  Returns as ClusterRegEnumKey. */
CLUSAPI_EXPORT DWORD WINAPI ClusterRegEnumValue(HKEY hKey, DWORD dwIndex,
                                                LPWSTR lpszValueName,
                                                LPDWORD lpcchValueName,
                                                LPDWORD lpdwType,
                                                LPBYTE lpData,
                                                LPDWORD lpcbData);
CLUSAPI_EXPORT DWORD WINAPI ClusterRegEnumValueA(HKEY hKey, DWORD dwIndex,
                                                 LPSTR lpszValueName,
                                                 LPDWORD lpcchValueName,
                                                 LPDWORD lpdwType,
                                                 LPBYTE lpData,
                                                 LPDWORD lpcbData);

/* The value lpszValueName (any case) of hKey: lpData NULL asks for the
 * size only (ERROR_SUCCESS, *lpcbData set).  Returns ERROR_SUCCESS,
 * ERROR_MORE_DATA (*lpcbData: the size needed), ERROR_FILE_NOT_FOUND (no
 * such value), ERROR_INVALID_HANDLE, ERROR_KEY_DELETED,
 * ERROR_INVALID_PARAMETER (lpcbData NULL with lpData, invalid
 * UTF-16/UTF-8). */
CLUSAPI_EXPORT LONG WINAPI ClusterRegQueryValue(HKEY hKey,
                                                LPCWSTR lpszValueName,
                                                LPDWORD lpdwValueType,
                                                LPBYTE lpData,
                                                LPDWORD lpcbData);
CLUSAPI_EXPORT LONG WINAPI ClusterRegQueryValueA(HKEY hKey,
                                                 LPCSTR lpszValueName,
                                                 LPDWORD lpdwValueType,
                                                 LPBYTE lpData,
                                                 LPDWORD lpcbData);

/* What hKey holds, each pointer optional: the number of subkeys, the
 * longest subkey name (WCHARs; A: bytes; without the NUL), the number of
 * values, the longest value name, the largest value data (bytes), the
 * security descriptor's size (0: none) and the last write time (zero).
 * Returns ERROR_SUCCESS, ERROR_INVALID_HANDLE, ERROR_KEY_DELETED. */
CLUSAPI_EXPORT LONG WINAPI ClusterRegQueryInfoKey(
    HKEY hKey, LPDWORD lpcSubKeys, LPDWORD lpcchMaxSubKeyLen,
    LPDWORD lpcValues, LPDWORD lpcchMaxValueNameLen, LPDWORD lpcbMaxValueLen,
    LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime);
CLUSAPI_EXPORT LONG WINAPI ClusterRegQueryInfoKeyA(
    HKEY hKey, LPDWORD lpcSubKeys, LPDWORD lpcchMaxSubKeyLen,
    LPDWORD lpcValues, LPDWORD lpcchMaxValueNameLen, LPDWORD lpcbMaxValueLen,
    LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime);

/* Writes: a value of the root (a cluster option), of Resources\X (a meta
 * attribute) and its Parameters (an instance attribute), of Groups\X (a
 * group's meta attribute), of Nodes\X (a permanent node attribute) and
 * its Utilization is set in (or deleted from) the CIB through a
 * connection of the caller's own, with the caller's rights, synchronously:
 * on ERROR_SUCCESS Pacemaker's tools show it, and so do this library's
 * reads once its change has come back (waited for, up to 5 s).  A saved
 * CIB (CIB_file) is read, not written: ERROR_ACCESS_DENIED.  Data: REG_SZ or
 * REG_EXPAND_SZ (a string, its NUL optional; UTF-16 in the W form) or
 * REG_DWORD (written as a decimal number).
 * Returns ERROR_SUCCESS, ERROR_ACCESS_DENIED (a value or key the CIB keeps
 * nowhere, such as Name, Type, Group, Contains, NodeName, NodeId, or the
 * keys of types, networks and interfaces; or the CIB manager refuses the
 * caller: its ACLs, or no right to its socket), ERROR_FILE_NOT_FOUND (no
 * such key; for a delete, no such value), ERROR_INVALID_HANDLE,
 * ERROR_KEY_DELETED, ERROR_INVALID_PARAMETER (an empty or invalid name, a
 * type other than those, data that do not fit it), ERROR_INVALID_DATA (the
 * CIB manager refuses the change), RPC_S_SERVER_UNAVAILABLE (no CIB
 * manager), ERROR_NOT_ENOUGH_MEMORY. */
CLUSAPI_EXPORT DWORD WINAPI ClusterRegSetValue(HKEY hKey,
                                               LPCWSTR lpszValueName,
                                               DWORD dwType,
                                               const BYTE *lpData,
                                               DWORD cbData);
CLUSAPI_EXPORT DWORD WINAPI ClusterRegSetValueA(HKEY hKey,
                                                LPCSTR lpszValueName,
                                                DWORD dwType,
                                                const BYTE *lpData,
                                                DWORD cbData);
CLUSAPI_EXPORT DWORD WINAPI ClusterRegDeleteValue(HKEY hKey,
                                                  LPCWSTR lpszValueName);
CLUSAPI_EXPORT DWORD WINAPI ClusterRegDeleteValueA(HKEY hKey,
                                                   LPCSTR lpszValueName);

/* Keys are Pacemaker's objects, made and deleted with its tools:
 * ClusterRegCreateKey opens a key that exists (*lpdwDisposition
 * REG_OPENED_EXISTING_KEY) and gives ERROR_ACCESS_DENIED for one that does
 * not; dwOptions must be REG_OPTION_NON_VOLATILE (0);
 * lpSecurityAttributes is ignored.  ClusterRegDeleteKey gives
 * ERROR_ACCESS_DENIED for a key that exists, ERROR_FILE_NOT_FOUND
 * otherwise.  Both also return as ClusterRegOpenKey. */
#define REG_OPTION_NON_VOLATILE 0u
#define REG_CREATED_NEW_KEY 1u
#define REG_OPENED_EXISTING_KEY 2u
CLUSAPI_EXPORT LONG WINAPI ClusterRegCreateKey(
    HKEY hKey, LPCWSTR lpszSubKey, DWORD dwOptions, REGSAM samDesired,
    void *lpSecurityAttributes, PHKEY phkResult, LPDWORD lpdwDisposition);
CLUSAPI_EXPORT LONG WINAPI ClusterRegCreateKeyA(
    HKEY hKey, LPCSTR lpszSubKey, DWORD dwOptions, REGSAM samDesired,
    void *lpSecurityAttributes, PHKEY phkResult, LPDWORD lpdwDisposition);
CLUSAPI_EXPORT LONG WINAPI ClusterRegDeleteKey(HKEY hKey,
                                               LPCWSTR lpszSubKey);
CLUSAPI_EXPORT LONG WINAPI ClusterRegDeleteKeyA(HKEY hKey,
                                                LPCSTR lpszSubKey);

#ifdef __cplusplus
}
#endif
#endif /* CLUSAPI_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * names.c - printable names of CLUSTER_CHANGE bits and states.
 * Depends on nothing but libc and the public header's constants.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "clusapi.h"
#include "core/names.h"

#define CL_CHANGE_MAP(XX)                                                      \
    XX(NODE_STATE)                                                             \
    XX(NODE_DELETED)                                                           \
    XX(NODE_ADDED)                                                             \
    XX(NODE_PROPERTY)                                                          \
    XX(REGISTRY_NAME)                                                          \
    XX(REGISTRY_ATTRIBUTES)                                                    \
    XX(REGISTRY_VALUE)                                                         \
    XX(REGISTRY_SUBTREE)                                                       \
    XX(RESOURCE_STATE)                                                         \
    XX(RESOURCE_DELETED)                                                       \
    XX(RESOURCE_ADDED)                                                         \
    XX(RESOURCE_PROPERTY)                                                      \
    XX(GROUP_STATE)                                                            \
    XX(GROUP_DELETED)                                                          \
    XX(GROUP_ADDED)                                                            \
    XX(GROUP_PROPERTY)                                                         \
    XX(RESOURCE_TYPE_DELETED)                                                  \
    XX(RESOURCE_TYPE_ADDED)                                                    \
    XX(RESOURCE_TYPE_PROPERTY)                                                 \
    XX(CLUSTER_RECONNECT)                                                      \
    XX(NETWORK_STATE)                                                          \
    XX(NETWORK_DELETED)                                                        \
    XX(NETWORK_ADDED)                                                          \
    XX(NETWORK_PROPERTY)                                                       \
    XX(NETINTERFACE_STATE)                                                     \
    XX(NETINTERFACE_DELETED)                                                   \
    XX(NETINTERFACE_ADDED)                                                     \
    XX(NETINTERFACE_PROPERTY)                                                  \
    XX(QUORUM_STATE)                                                           \
    XX(CLUSTER_STATE)                                                          \
    XX(CLUSTER_PROPERTY)                                                       \
    XX(HANDLE_CLOSE)

static const struct {
    uint32_t change;
    const char *name;
} change_names[] = {
#define XX(n) { CLUSTER_CHANGE_##n, #n },
    CL_CHANGE_MAP(XX)
#undef XX
};

const char *
clusapi__change_name(uint32_t change)
{
    for (size_t i = 0; i < sizeof(change_names) / sizeof(change_names[0]);
         i++) {
        if (change_names[i].change == change) {
            return change_names[i].name;
        }
    }
    return NULL;
}

uint32_t
clusapi__change_from_name(const char *name)
{
    static const char prefix[] = "CLUSTER_CHANGE_";

    if (name == NULL) {
        return 0;
    }
    if (strncasecmp(name, prefix, sizeof(prefix) - 1) == 0) {
        name += sizeof(prefix) - 1;
    }
    if (strcasecmp(name, "ALL") == 0) {
        return CLUSTER_CHANGE_ALL;
    }
    for (size_t i = 0; i < sizeof(change_names) / sizeof(change_names[0]);
         i++) {
        if (strcasecmp(change_names[i].name, name) == 0) {
            return change_names[i].change;
        }
    }
    return 0;
}

const char *
clusapi__node_state_name(int state)
{
    switch (state) {
        case ClusterNodeUp: return "Up";
        case ClusterNodeDown: return "Down";
        case ClusterNodePaused: return "Paused";
        case ClusterNodeJoining: return "Joining";
        default: return "Unknown";
    }
}

const char *
clusapi__group_state_name(int state)
{
    switch (state) {
        case ClusterGroupOnline: return "Online";
        case ClusterGroupOffline: return "Offline";
        case ClusterGroupFailed: return "Failed";
        case ClusterGroupPartialOnline: return "PartialOnline";
        case ClusterGroupPending: return "Pending";
        default: return "Unknown";
    }
}

const char *
clusapi__resource_state_name(int state)
{
    switch (state) {
        case ClusterResourceInherited: return "Inherited";
        case ClusterResourceInitializing: return "Initializing";
        case ClusterResourceOnline: return "Online";
        case ClusterResourceOffline: return "Offline";
        case ClusterResourceFailed: return "Failed";
        case ClusterResourcePending: return "Pending";
        case ClusterResourceOnlinePending: return "OnlinePending";
        case ClusterResourceOfflinePending: return "OfflinePending";
        default: return "Unknown";
    }
}

const char *
clusapi__network_state_name(int state)
{
    switch (state) {
        case ClusterNetworkUp: return "Up";
        case ClusterNetworkDown: return "Down";
        case ClusterNetworkPartitioned: return "Partitioned";
        case ClusterNetworkUnavailable: return "Unavailable";
        default: return "Unknown";
    }
}

const char *
clusapi__netinterface_state_name(int state)
{
    switch (state) {
        case ClusterNetInterfaceUp: return "Up";
        case ClusterNetInterfaceFailed: return "Failed";
        case ClusterNetInterfaceUnreachable: return "Unreachable";
        case ClusterNetInterfaceUnavailable: return "Unavailable";
        default: return "Unknown";
    }
}

/* 2.1's services_ocf_exitcode_str (its deprecated codes read "unknown" in
 * Pacemaker's own tools) */
static const char *
ocf_name_2(int rc)
{
    static const char *const names[] = {
        "ok", "error", "invalid parameter", "unimplemented feature",
        "insufficient privileges", "not installed", "not configured",
        "not running", "promoted", "promoted (failed)",
    };

    if (rc >= 0 && rc < (int) (sizeof(names) / sizeof(names[0]))) {
        return names[rc];
    }
    return rc == 190 ? "OCF_DEGRADED"
           : rc == 191 ? "promoted (degraded)"
                       : "unknown";
}

/* 3.0's crm_exit_str */
static const char *
exit_name_3(int rc)
{
    static const struct {
        int rc;
        const char *name;
    } names[] = {
        { 0, "OK" }, { 1, "Error occurred" }, { 2, "Invalid parameter" },
        { 3, "Unimplemented" }, { 4, "Insufficient privileges" },
        { 5, "Not installed" }, { 6, "Not configured" },
        { 7, "Not running" }, { 8, "Promoted" },
        { 9, "Failed in promoted role" }, { 64, "Incorrect usage" },
        { 65, "Invalid data given" }, { 66, "Input file not available" },
        { 67, "User does not exist" }, { 68, "Host does not exist" },
        { 69, "Necessary service unavailable" },
        { 70, "Internal software bug" },
        { 71, "Operating system error occurred" },
        { 72, "System file not available" },
        { 73, "Cannot create output file" }, { 74, "I/O error occurred" },
        { 75, "Temporary failure, try again" }, { 76, "Protocol violated" },
        { 77, "Insufficient privileges" }, { 78, "Invalid configuration" },
        { 100, "Fatal error occurred, will not respawn" },
        { 101, "System panic required" }, { 102, "Not connected" },
        { 103, "Update was older than existing configuration" },
        { 104, "Digest mismatch" }, { 105, "No such object" },
        { 106, "Quorum required" }, { 107, "Operation not safe" },
        { 108, "Requested item already exists" },
        { 109, "Multiple items match request" },
        { 110, "Requested item has expired" },
        { 111, "Requested item is not yet in effect" },
        { 112, "Could not determine status" },
        { 113, "Not applicable under current conditions" },
        { 124, "Timeout occurred" },
        { 190, "Service is active but might fail soon" },
        { 191, "Service is promoted but might fail soon" },
        { 193, "No exit status available" }, { 255, "Error occurred" },
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].rc == rc) {
            return names[i].name;
        }
    }
    return rc > 128 && rc < 255 ? "Interrupted by signal"
                                : "Unknown exit status";
}

const char *
clusapi__exit_status_name(unsigned pcmk, int rc)
{
    return pcmk >= 30000u ? exit_name_3(rc) : ocf_name_2(rc);
}

/* pcmk_exec_status_str */
const char *
clusapi__exec_status_name(unsigned pcmk, int status)
{
    static const char *const v2[] = { "pending", "complete", "Cancelled",
                                      "Timed Out", "NOT SUPPORTED" };
    static const char *const v3[] = { "Pending", "Done", "Cancelled",
                                      "Timed out", "Unsupported" };
    static const char *const both[] = {
        "Error", "Hard error", "Fatal error", "Not installed",
        "Internal communication failure", "Cannot execute now",
        "No fence device", "CIB secrets unavailable",
    };
    bool three = pcmk >= 30000u;

    if (status >= -1 && status <= 3) {
        return (three ? v3 : v2)[status + 1];
    }
    if (status >= 4 && status <= 11) {
        return both[status - 4];
    }
    return three ? "Unrecognized status (bug?)" : "UNKNOWN!";
}

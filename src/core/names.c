/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * names.c - printable names of CLUSTER_CHANGE bits and states.
 * Depends on nothing but libc and the public header's constants.
 */
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

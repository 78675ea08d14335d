/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-networks - the network and interface API on a real cluster (a
 * sandbox node, tests/integration/run.sh), with what Corosync reports
 * there: every network (knet link) of the nodelist, every interface of
 * this node, their states, ids, the W and A
 * forms, the enumerations of a network and of a node, the quorum against
 * `corosync-quorumtool`, and per-object registration of network and
 * interface handles with HANDLE_CLOSE.  The fault tests (test-faults.sh)
 * cover the state changes on three nodes.  Prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

/* The number of knet links this node has in the nodelist (its ringN_addr
 * keys, `corosync-cmapctl`); `corosync-cfgtool -s` only lists the links
 * that reach another node. */
static int
nodelist_links(void)
{
    g_autofree char *out = NULL;
    int status = 0, n = 0;

    if (!g_spawn_command_line_sync("corosync-cmapctl -b nodelist.node.0.",
                                   &out, NULL, &status, NULL)) {
        return -1;
    }
    for (const char *p = out; (p = strstr(p, "_addr ")) != NULL; p++) {
        n++;
    }
    return n;
}

/* A cluster handle from GetClusterFrom* works (it is another instance of
 * the handle, the caller's to close), and closes. */
static int
usable_cluster(HCLUSTER h, HCLUSTER original)
{
    char name[64];
    DWORD len = sizeof(name);
    int ok = h != NULL && h != original
             && GetClusterInformationA(h, name, &len, NULL) == ERROR_SUCCESS;

    return ok && CloseCluster(h);
}

static int
quorumtool_quorate(void)
{
    /* exit status 0: quorate, 2: not (corosync-quorumtool(8)) */
    int rc = system("corosync-quorumtool -s >/dev/null 2>&1");

    return WIFEXITED(rc) ? (WEXITSTATUS(rc) == 0 ? 1 : 0) : -1;
}

int
main(void)
{
    HCLUSTER c = OpenCluster(NULL);
    HCHANGE port;
    HNETWORK net;
    HNETINTERFACE ifc;
    HCLUSENUM e;
    DWORD nets = 0, ifs = 0, q = 7, rc, len, type;
    char name[256], id[64];
    WCHAR wid[64];
    g_autofree char *host = g_strdup(g_get_host_name());
    g_autofree char *ifname = g_strdup_printf("%s - link0", host);
    int links = nodelist_links();

    printf("TAP version 13\n");
    ok(c != NULL, "OpenCluster");
    if (c == NULL) {
        printf("1..%d\n", test_no);
        return 1;
    }

    /* every network and interface, as Corosync shows them here */
    e = ClusterOpenEnum(c, CLUSTER_ENUM_NETWORK | CLUSTER_ENUM_NETINTERFACE);
    for (DWORD i = 0; e != NULL; i++) {
        len = sizeof(name);
        if (ClusterEnumA(e, i, &type, name, &len) != ERROR_SUCCESS) {
            break;
        }
        printf("# %s %s\n", type == CLUSTER_ENUM_NETWORK ? "network" : "interface",
               name);
        nets += type == CLUSTER_ENUM_NETWORK;
        ifs += type == CLUSTER_ENUM_NETINTERFACE;
    }
    (void) ClusterCloseEnum(e);
    ok(links > 0 && nets == (DWORD) links,
       "one network per knet link (%u, the nodelist has %d)", nets, links);
    ok(ifs == nets, "one interface per link on this one-node cluster (%u)",
       ifs);

    /* a network: W and A forms, id, state, its interfaces */
    net = OpenClusterNetworkA(c, "link0");
    ok(net != NULL, "OpenClusterNetworkA(link0)");
    ok(GetClusterNetworkState(net) == ClusterNetworkUp, "link0 is Up");
    len = sizeof(id);
    rc = GetClusterNetworkIdA(net, id, &len);
    ok(rc == ERROR_SUCCESS && strcmp(id, "0") == 0 && len == 1,
       "GetClusterNetworkIdA: \"0\" (rc %u, len %u)", rc, len);
    len = 0;
    rc = GetClusterNetworkId(net, wid, &len);
    ok(rc == ERROR_MORE_DATA && len == 1,
       "GetClusterNetworkId with no room: ERROR_MORE_DATA, 1 character");
    len = G_N_ELEMENTS(wid);
    rc = GetClusterNetworkId(net, wid, &len);
    ok(rc == ERROR_SUCCESS && wid[0] == '0' && wid[1] == 0 && len == 1,
       "GetClusterNetworkId: L\"0\"");
    ok(usable_cluster(GetClusterFromNetwork(net), c), "GetClusterFromNetwork");
    {
        HNETWORKENUM ne = ClusterNetworkOpenEnum(net,
                                                 CLUSTER_NETWORK_ENUM_NETINTERFACES);

        len = sizeof(name);
        rc = ClusterNetworkEnumA(ne, 0, &type, name, &len);
        ok(ne != NULL && ClusterNetworkGetEnumCount(ne) == 1
               && rc == ERROR_SUCCESS && strcmp(name, ifname) == 0
               && type == CLUSTER_NETWORK_ENUM_NETINTERFACES,
           "ClusterNetworkOpenEnum: '%s'", ifname);
        (void) ClusterNetworkCloseEnum(ne);
    }

    /* this node's interface on it */
    len = sizeof(name);
    rc = GetClusterNetInterfaceA(c, host, "link0", name, &len);
    ok(rc == ERROR_SUCCESS && strcmp(name, ifname) == 0,
       "GetClusterNetInterfaceA(%s, link0): '%s'", host, name);
    ifc = OpenClusterNetInterfaceA(c, ifname);
    ok(ifc != NULL && GetClusterNetInterfaceState(ifc) == ClusterNetInterfaceUp,
       "'%s' is Up", ifname);
    ok(usable_cluster(GetClusterFromNetInterface(ifc), c),
       "GetClusterFromNetInterface");
    {
        HNODE node = OpenClusterNodeA(c, host);
        HNODEENUM ne = ClusterNodeOpenEnum(node, CLUSTER_NODE_ENUM_NETINTERFACES);

        ok(ne != NULL && ClusterNodeGetEnumCount(ne) == ifs,
           "ClusterNodeOpenEnum(NETINTERFACES): %u interfaces",
           ne != NULL ? ClusterNodeGetEnumCount(ne) : 0);
        (void) ClusterNodeCloseEnum(ne);
        CloseClusterNode(node);
    }

    /* the quorum, as corosync-quorumtool says */
    rc = clusapi_cluster_quorum(c, &q);
    ok(rc == ERROR_SUCCESS && (int) q == quorumtool_quorate(),
       "clusapi_cluster_quorum: %u, as corosync-quorumtool says", q);

    /* per-object registrations, and HANDLE_CLOSE when the handles close */
    port = CreateClusterNotifyPort(INVALID_HANDLE_VALUE, c, 0, 0);
    ok(port != NULL, "CreateClusterNotifyPort (no class filter)");
    ok(RegisterClusterNotify(port, CLUSTER_CHANGE_NETWORK_STATE
                                       | CLUSTER_CHANGE_HANDLE_CLOSE,
                             net, 5) == ERROR_SUCCESS,
       "RegisterClusterNotify(HNETWORK)");
    ok(RegisterClusterNotify(port, CLUSTER_CHANGE_NETINTERFACE_STATE
                                       | CLUSTER_CHANGE_HANDLE_CLOSE,
                             ifc, 6) == ERROR_SUCCESS,
       "RegisterClusterNotify(HNETINTERFACE)");
    ok(RegisterClusterNotify(port, CLUSTER_CHANGE_NODE_STATE, net, 7)
           == ERROR_INVALID_PARAMETER,
       "RegisterClusterNotify(HNETWORK, NODE_STATE): ERROR_INVALID_PARAMETER");
    CloseClusterNetwork(net);
    CloseClusterNetInterface(ifc);
    {
        DWORD_PTR key = 0;

        len = sizeof(name);
        rc = GetClusterNotifyA(port, &key, &type, name, &len, 2000);
        ok(rc == ERROR_SUCCESS && type == CLUSTER_CHANGE_HANDLE_CLOSE
               && key == 5 && strcmp(name, "link0") == 0,
           "HANDLE_CLOSE for the network, key 5 (rc %u, key %lu, %s)", rc,
           (unsigned long) key, rc == ERROR_SUCCESS ? name : "-");
        len = sizeof(name);
        rc = GetClusterNotifyA(port, &key, &type, name, &len, 2000);
        ok(rc == ERROR_SUCCESS && type == CLUSTER_CHANGE_HANDLE_CLOSE
               && key == 6 && strcmp(name, ifname) == 0,
           "HANDLE_CLOSE for the interface, key 6");
        len = sizeof(name);
        ok(GetClusterNotifyA(port, &key, &type, name, &len, 0) == WAIT_TIMEOUT,
           "nothing else");
    }
    CloseClusterNotifyPort(port);
    CloseCluster(c);
    printf("1..%d\n", test_no);
    return failures > 0;
}

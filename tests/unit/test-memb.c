/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-memb.c - Corosync's view in the core (core/memb.c): networks and
 * interfaces with their states and events, quorum, and the merge of
 * Corosync's membership with the CIB's node states (nodes.c).  Pure: the
 * snapshots are built here as the Corosync adapter builds them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <libxml/parser.h>

#include "clusapi.h"
#include "core/memb.h"
#include "core/model.h"
#include "core/names.h"

/* A snapshot of n nodes (node1..nodeN, ids 1..N) with `links` links each,
 * seen from node `local`, every node a member and every link connected. */
static cl_cs_snap_t *
snap_make(unsigned n, int links, uint32_t local)
{
    cl_cs_snap_t *s = clusapi__cs_snap_new();

    s->local_nodeid = local;
    s->quorate = true;
    for (uint32_t id = 1; id <= n; id++) {
        char name[16];
        cl_cs_node_t *node;

        snprintf(name, sizeof(name), "node%u", id);
        node = clusapi__cs_snap_add_node(s, id, name);
        for (int l = 0; l < links; l++) {
            node->addr[l] = g_strdup_printf("192.168.%d.%u", 250 + l, id);
            node->connected[l] = id != local;
        }
        g_array_append_val(s->members, id);
    }
    return s;
}

static cl_cs_node_t *
snap_node(cl_cs_snap_t *s, uint32_t id)
{
    for (guint i = 0; i < s->nodes->len; i++) {
        cl_cs_node_t *n = s->nodes->pdata[i];
        if (n->nodeid == id) {
            return n;
        }
    }
    return NULL;
}

static void
snap_drop_member(cl_cs_snap_t *s, uint32_t id)
{
    for (guint i = 0; i < s->members->len; i++) {
        if (g_array_index(s->members, uint32_t, i) == id) {
            g_array_remove_index(s->members, i);
            return;
        }
    }
}

static void
event_destroy(gpointer ev)
{
    clusapi__event_free(ev);
}

static GPtrArray *
events_new(void)
{
    return g_ptr_array_new_with_free_func(event_destroy);
}

/* The events as "CHANGE name" lines joined by '\n'. */
static char *
events_str(const GPtrArray *events)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < events->len; i++) {
        const cl_event_t *ev = events->pdata[i];
        g_string_append_printf(s, "%s%s %s", i > 0 ? "\n" : "",
                               clusapi__change_name(ev->change), ev->name);
    }
    return g_string_free(s, FALSE);
}

static void
assert_events(cl_memb_t *mb, cl_cs_snap_t *snap, const char *want)
{
    g_autoptr(GPtrArray) events = events_new();
    g_autofree char *got = NULL;

    clusapi__memb_update(mb, snap, "c1", events);
    got = events_str(events);
    if (strcmp(got, want) != 0) {
        print_message("got:\n%s\nwant:\n%s\n", got, want);
    }
    assert_string_equal(got, want);
}

static int
netif_state(const cl_memb_t *mb, const char *name)
{
    const char *id = clusapi__memb_find(mb, true, name);

    return id != NULL ? clusapi__memb_state(mb, true, id) : -2;
}

static int
network_state(const cl_memb_t *mb, const char *name)
{
    const char *id = clusapi__memb_find(mb, false, name);

    return id != NULL ? clusapi__memb_state(mb, false, id) : -2;
}

/* Three nodes, two links, all up: two networks and six interfaces, Up;
 * the first snapshot reports nothing. */
static void
test_all_up(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    g_autoptr(GPtrArray) nets = NULL;
    g_autoptr(GPtrArray) ifs = NULL;
    g_autoptr(GPtrArray) of2 = NULL;
    const char *node, *net, *addr;

    (void) state;
    assert_int_equal(clusapi__memb_quorate(mb), -1);
    clusapi__memb_update(mb, snap_make(3, 2, 1), "c1", NULL);
    assert_int_equal(clusapi__memb_quorate(mb), 1);
    nets = clusapi__memb_list(mb, false, NULL, NULL);
    ifs = clusapi__memb_list(mb, true, NULL, NULL);
    assert_int_equal(nets->len, 2);
    assert_string_equal(nets->pdata[0], "0");
    assert_string_equal(clusapi__memb_name(mb, false, "1"), "link1");
    assert_int_equal(ifs->len, 6);
    assert_string_equal(ifs->pdata[0], "1:0");
    assert_string_equal(clusapi__memb_find(mb, true, "NODE2 - LINK1"), "2:1");
    assert_string_equal(clusapi__memb_find(mb, false, "link0"), "0");
    assert_null(clusapi__memb_find(mb, true, "node9 - link0"));
    assert_null(clusapi__memb_find(mb, true, NULL));
    assert_int_equal(network_state(mb, "link0"), ClusterNetworkUp);
    assert_int_equal(netif_state(mb, "node1 - link1"), ClusterNetInterfaceUp);
    assert_int_equal(netif_state(mb, "node3 - link0"), ClusterNetInterfaceUp);
    assert_int_equal(clusapi__memb_state(mb, true, "9:9"), -1);
    assert_true(clusapi__memb_netif_info(mb, "2:1", &node, &net, &addr));
    assert_string_equal(node, "node2");
    assert_string_equal(net, "1");
    assert_string_equal(addr, "192.168.251.2");
    assert_false(clusapi__memb_netif_info(mb, "2:7", NULL, NULL, NULL));
    of2 = clusapi__memb_list(mb, true, "node2", NULL);
    assert_int_equal(of2->len, 2);
    g_ptr_array_unref(g_steal_pointer(&of2));
    of2 = clusapi__memb_list(mb, true, NULL, "1");
    assert_int_equal(of2->len, 3);
    /* the same snapshot again: nothing */
    assert_events(mb, snap_make(3, 2, 1), "");
    clusapi__memb_free(mb);
}

/* One link of another node goes down, seen from node1: that interface is
 * Unreachable, the network Partitioned; up again: both Up. */
static void
test_remote_link_down(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    cl_cs_snap_t *s;

    (void) state;
    clusapi__memb_update(mb, snap_make(3, 2, 1), "c1", NULL);
    s = snap_make(3, 2, 1);
    snap_node(s, 2)->connected[1] = false;
    assert_events(mb, s, "NETWORK_STATE link1\n"
                         "NETINTERFACE_STATE node2 - link1");
    assert_int_equal(network_state(mb, "link1"), ClusterNetworkPartitioned);
    assert_int_equal(netif_state(mb, "node2 - link1"),
                     ClusterNetInterfaceUnreachable);
    assert_int_equal(netif_state(mb, "node1 - link1"), ClusterNetInterfaceUp);
    assert_int_equal(network_state(mb, "link0"), ClusterNetworkUp);
    assert_events(mb, snap_make(3, 2, 1), "NETWORK_STATE link1\n"
                                          "NETINTERFACE_STATE node2 - link1");
    assert_int_equal(network_state(mb, "link1"), ClusterNetworkUp);
    assert_int_equal(netif_state(mb, "node2 - link1"), ClusterNetInterfaceUp);
    clusapi__memb_free(mb);
}

/* The local node's own link goes down (it reaches nobody on it): its
 * interface Failed; the others still reach each other (as far as we
 * know): Up, the network Partitioned.  With two nodes there is nobody
 * else: both Failed, the network Down. */
static void
test_local_link_down(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    cl_cs_snap_t *s;

    (void) state;
    clusapi__memb_update(mb, snap_make(3, 2, 2), "c1", NULL);
    s = snap_make(3, 2, 2);
    snap_node(s, 1)->connected[0] = false;
    snap_node(s, 3)->connected[0] = false;
    assert_events(mb, s, "NETWORK_STATE link0\n"
                         "NETINTERFACE_STATE node2 - link0");
    assert_int_equal(netif_state(mb, "node2 - link0"),
                     ClusterNetInterfaceFailed);
    assert_int_equal(netif_state(mb, "node1 - link0"), ClusterNetInterfaceUp);
    assert_int_equal(network_state(mb, "link0"), ClusterNetworkPartitioned);
    clusapi__memb_free(mb);

    mb = clusapi__memb_new();
    clusapi__memb_update(mb, snap_make(2, 1, 1), "c1", NULL);
    s = snap_make(2, 1, 1);
    snap_node(s, 2)->connected[0] = false;
    assert_events(mb, s, "NETWORK_STATE link0\n"
                         "NETINTERFACE_STATE node1 - link0\n"
                         "NETINTERFACE_STATE node2 - link0");
    assert_int_equal(network_state(mb, "link0"), ClusterNetworkDown);
    assert_int_equal(netif_state(mb, "node1 - link0"),
                     ClusterNetInterfaceFailed);
    assert_int_equal(netif_state(mb, "node2 - link0"),
                     ClusterNetInterfaceFailed);
    clusapi__memb_free(mb);
}

/* A node leaves: its interfaces are Unavailable, the networks stay Up (the
 * members still reach each other); quorum kept: no QUORUM_STATE. */
static void
test_node_leaves(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    cl_cs_snap_t *s;

    (void) state;
    clusapi__memb_update(mb, snap_make(3, 2, 1), "c1", NULL);
    s = snap_make(3, 2, 1);
    snap_drop_member(s, 3);
    snap_node(s, 3)->connected[0] = false;
    snap_node(s, 3)->connected[1] = false;
    assert_events(mb, s, "NETINTERFACE_STATE node3 - link0\n"
                         "NETINTERFACE_STATE node3 - link1");
    assert_int_equal(netif_state(mb, "node3 - link0"),
                     ClusterNetInterfaceUnavailable);
    assert_int_equal(network_state(mb, "link0"), ClusterNetworkUp);
    assert_int_equal(clusapi__memb_quorate(mb), 1);
    clusapi__memb_free(mb);
}

/* The local node is cut off: alone, not quorate.  The others' interfaces
 * are Unavailable, its own Up (nobody to reach), the networks Up; one
 * QUORUM_STATE named after the cluster.  Healed: back, quorum back. */
static void
test_partitioned_alone(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    cl_cs_snap_t *s;

    (void) state;
    clusapi__memb_update(mb, snap_make(3, 2, 3), "c1", NULL);
    s = snap_make(3, 2, 3);
    s->quorate = false;
    snap_drop_member(s, 1);
    snap_drop_member(s, 2);
    for (uint32_t id = 1; id <= 2; id++) {
        snap_node(s, id)->connected[0] = false;
        snap_node(s, id)->connected[1] = false;
    }
    assert_events(mb, s, "NETINTERFACE_STATE node1 - link0\n"
                         "NETINTERFACE_STATE node1 - link1\n"
                         "NETINTERFACE_STATE node2 - link0\n"
                         "NETINTERFACE_STATE node2 - link1\n"
                         "QUORUM_STATE c1");
    assert_int_equal(clusapi__memb_quorate(mb), 0);
    assert_int_equal(netif_state(mb, "node3 - link0"), ClusterNetInterfaceUp);
    assert_int_equal(network_state(mb, "link1"), ClusterNetworkUp);
    assert_events(mb, snap_make(3, 2, 3),
                  "NETINTERFACE_STATE node1 - link0\n"
                  "NETINTERFACE_STATE node1 - link1\n"
                  "NETINTERFACE_STATE node2 - link0\n"
                  "NETINTERFACE_STATE node2 - link1\n"
                  "QUORUM_STATE c1");
    assert_int_equal(clusapi__memb_quorate(mb), 1);
    clusapi__memb_free(mb);
}

/* Nodelist changes (a corosync.conf reload): a node and a link added, an
 * address changed, then removed again (and the address back); interfaces go before their network
 * and come after it. */
static void
test_nodelist_changes(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    cl_cs_snap_t *s;

    (void) state;
    clusapi__memb_update(mb, snap_make(2, 1, 1), "c1", NULL);
    assert_events(mb, snap_make(3, 2, 1),
                  "NETWORK_ADDED link1\n"
                  "NETINTERFACE_ADDED node1 - link1\n"
                  "NETINTERFACE_ADDED node2 - link1\n"
                  "NETINTERFACE_ADDED node3 - link0\n"
                  "NETINTERFACE_ADDED node3 - link1");
    s = snap_make(3, 2, 1);
    g_free(snap_node(s, 2)->addr[0]);
    snap_node(s, 2)->addr[0] = g_strdup("10.0.0.2");
    assert_events(mb, s, "NETINTERFACE_PROPERTY node2 - link0");
    assert_events(mb, snap_make(2, 1, 1),
                  "NETINTERFACE_DELETED node1 - link1\n"
                  "NETINTERFACE_DELETED node2 - link1\n"
                  "NETINTERFACE_DELETED node3 - link0\n"
                  "NETINTERFACE_DELETED node3 - link1\n"
                  "NETWORK_DELETED link1\n"
                  "NETINTERFACE_PROPERTY node2 - link0");
    assert_null(clusapi__memb_find(mb, false, "link1"));
    assert_int_equal(network_state(mb, "link1"), -2);
    clusapi__memb_free(mb);
}

/* Snapshots Corosync should not give but a library must survive: the
 * local node missing from the nodelist, a duplicated node id, members that
 * are not in the nodelist, a node without a name or addresses, an empty
 * nodelist.  Defined states, no crash, nothing invented. */
static void
test_odd_snapshots(void **state)
{
    cl_memb_t *mb = clusapi__memb_new();
    cl_cs_snap_t *s;
    cl_cs_node_t *n;
    g_autoptr(GPtrArray) ifs = NULL;
    uint32_t stranger = 99;

    (void) state;
    /* the local node (id 7) is not in the nodelist: nothing is observable,
     * the members' interfaces are taken to be Up */
    s = snap_make(3, 1, 7);
    snap_node(s, 2)->connected[0] = false;
    g_array_append_val(s->members, stranger);
    clusapi__memb_update(mb, s, "c1", NULL);
    assert_int_equal(netif_state(mb, "node2 - link0"), ClusterNetInterfaceUp);
    assert_int_equal(network_state(mb, "link0"), ClusterNetworkUp);
    /* a duplicated node id: one interface per id and link, the later
     * entry wins */
    s = snap_make(2, 1, 1);
    n = clusapi__cs_snap_add_node(s, 2, "node2bis");
    n->addr[0] = g_strdup("192.168.250.22");
    n->connected[0] = true;
    assert_events(mb, s, "NETINTERFACE_DELETED node3 - link0\n"
                         "NETINTERFACE_PROPERTY node2bis - link0");
    ifs = clusapi__memb_list(mb, true, NULL, NULL);
    assert_int_equal(ifs->len, 2);
    g_ptr_array_unref(g_steal_pointer(&ifs));
    /* a node with no name and no address: no interface, no crash */
    s = snap_make(2, 1, 1);
    (void) clusapi__cs_snap_add_node(s, 5, NULL);
    assert_events(mb, s, "NETINTERFACE_PROPERTY node2 - link0");
    ifs = clusapi__memb_list(mb, true, NULL, NULL);
    assert_int_equal(ifs->len, 2);
    g_ptr_array_unref(g_steal_pointer(&ifs));
    /* an empty nodelist: everything goes, interfaces first */
    s = clusapi__cs_snap_new();
    s->quorate = true;
    assert_events(mb, s, "NETINTERFACE_DELETED node1 - link0\n"
                         "NETINTERFACE_DELETED node2 - link0\n"
                         "NETWORK_DELETED link0");
    assert_null(clusapi__memb_find(mb, false, "link0"));
    assert_int_equal(clusapi__memb_state(mb, false, "0"), -1);
    assert_false(clusapi__memb_netif_info(mb, NULL, NULL, NULL, NULL));
    assert_null(clusapi__memb_name(mb, true, NULL));
    clusapi__memb_free(mb);
    clusapi__memb_free(NULL);
    clusapi__cs_snap_free(NULL);
}

/* ---- the merge with the CIB (nodes.c) ---- */

static const char cib_xml[] =
    "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" have-quorum=\"1\">"
    "<configuration><crm_config><cluster_property_set id=\"o\">"
    "<nvpair id=\"o-s\" name=\"stonith-enabled\" value=\"false\"/>"
    "</cluster_property_set></crm_config><nodes>"
    "<node id=\"1\" uname=\"node1\"/><node id=\"2\" uname=\"node2\"/>"
    "<node id=\"3\" uname=\"node3\"/>"
    "</nodes><resources/><constraints/></configuration><status>"
    "<node_state id=\"1\" uname=\"node1\" in_ccm=\"true\" crmd=\"online\""
    " join=\"member\" expected=\"member\"/>"
    "<node_state id=\"2\" uname=\"node2\" in_ccm=\"true\" crmd=\"online\""
    " join=\"member\" expected=\"member\"/>"
    "<node_state id=\"3\" uname=\"node3\" in_ccm=\"%s\" crmd=\"%s\""
    " join=\"%s\" expected=\"%s\"/>"
    "</status></cib>";

/* The CIB with node3 in the membership or not (in_ccm) and its
 * controller online or not. */
static xmlDoc *
cib_doc_with(bool node3_member, bool node3_online)
{
    g_autofree char *text = g_strdup_printf(
        cib_xml, node3_member ? "true" : "false",
        node3_online ? "online" : "offline",
        node3_online ? "member" : "down",
        node3_online ? "member" : "down"); /* a clean stop: expected down */

    return xmlReadMemory(text, (int) strlen(text), "cib.xml", NULL, 0);
}

/* The CIB with node3 online, or offline and gone from the membership. */
static xmlDoc *
cib_doc(bool node3_online)
{
    return cib_doc_with(node3_online, node3_online);
}

/* the clock the merge tests give the model (µs) */
static gint64 now_us;

static char *
members(cl_model_t *m, bool m1, bool m2, bool m3)
{
    static const uint32_t ids[3] = { 1, 2, 3 };
    const bool member[3] = { m1, m2, m3 };
    g_autoptr(GPtrArray) events = events_new();

    clusapi__model_set_members(m, ids, member, 3, now_us, events);
    return events_str(events);
}

static char *
load(cl_model_t *m, xmlDoc *doc)
{
    g_autoptr(GPtrArray) events = events_new();

    clusapi__model_load(m, xmlDocGetRootElement(doc), events);
    return events_str(events);
}

#define assert_str_free(expr, want)                                            \
    do {                                                                       \
        char *got_ = (expr);                                                   \
        assert_string_equal(got_, want);                                       \
        g_free(got_);                                                          \
    } while (0)

/* A node Corosync saw leave is Down at once, once: the CIB recording it
 * later changes nothing.  When Corosync has it back it is Joining at once
 * (the CIB has not recorded the membership yet); Pacemaker's join, in the
 * CIB, makes it Up. */
static void
test_merge_leave_then_cib(void **state)
{
    cl_model_t *m = clusapi__model_new();
    xmlDoc *up = cib_doc(true), *down = cib_doc(false);

    (void) state;
    clusapi__model_load(m, xmlDocGetRootElement(up), NULL);
    assert_str_free(members(m, true, true, true), "");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeUp);
    /* Corosync: node3 left */
    assert_str_free(members(m, true, true, false), "NODE_STATE node3");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeDown);
    /* the same membership again: nothing */
    assert_str_free(members(m, true, true, false), "");
    /* the CIB records it: nothing more */
    assert_str_free(load(m, down), "");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeDown);
    /* Corosync: back; the CIB still says offline and not a member yet */
    assert_str_free(members(m, true, true, true), "NODE_STATE node3");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeJoining);
    /* Pacemaker's join recorded: Up, once */
    assert_str_free(load(m, up), "NODE_STATE node3");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeUp);
    xmlFreeDoc(up);
    xmlFreeDoc(down);
    clusapi__model_free(m);
}

/* A node that leaves and comes back before the CIB has recorded either
 * is Joining until the CIB changes it (its stale "online" is not
 * believed); a member that the CIB shows as a member with Pacemaker
 * stopped there is Down, as crm_mon says; without a Corosync view the CIB
 * alone decides. */
static void
test_merge_quick_rejoin(void **state)
{
    cl_model_t *m = clusapi__model_new();
    xmlDoc *up = cib_doc(true), *down = cib_doc(false);

    (void) state;
    clusapi__model_load(m, xmlDocGetRootElement(up), NULL);
    assert_str_free(members(m, true, true, true), "");
    assert_str_free(members(m, true, true, false), "NODE_STATE node3");
    assert_str_free(members(m, true, true, true), "NODE_STATE node3");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeJoining);
    /* the DC records the leave, then the join */
    assert_str_free(load(m, down), "");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeJoining);
    assert_str_free(load(m, up), "NODE_STATE node3");
    /* Pacemaker stopped on node3, Corosync still running there: the CIB
     * knows it is a member (in_ccm) and offline: Down */
    {
        xmlDoc *stopped = cib_doc_with(true, false);

        assert_str_free(load(m, stopped), "NODE_STATE node3");
        assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeDown);
        assert_str_free(members(m, true, true, true), "");
        assert_str_free(load(m, up), "NODE_STATE node3");
        xmlFreeDoc(stopped);
    }
    /* node3 leaves again; then the Corosync view is gone: the CIB (still
     * online) decides */
    assert_str_free(members(m, true, true, false), "NODE_STATE node3");
    {
        g_autoptr(GPtrArray) events = events_new();
        g_autofree char *got = NULL;

        clusapi__model_clear_members(m, events);
        got = events_str(events);
        assert_string_equal(got, "NODE_STATE node3");
    }
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeUp);
    xmlFreeDoc(up);
    xmlFreeDoc(down);
    clusapi__model_free(m);
}

/* A node Corosync has back but whose Pacemaker never joins: Joining for
 * the grace period (60 s), then Down, as crm_mon says of it. */
static void
test_merge_join_grace(void **state)
{
    cl_model_t *m = clusapi__model_new();
    xmlDoc *up = cib_doc(true), *down = cib_doc(false);
    g_autoptr(GPtrArray) events = events_new();
    g_autofree char *got = NULL;

    (void) state;
    now_us = 1000;
    clusapi__model_load(m, xmlDocGetRootElement(up), NULL);
    assert_str_free(members(m, true, true, true), "");
    assert_false(clusapi__model_tick(m, now_us, NULL));
    assert_str_free(members(m, true, true, false), "NODE_STATE node3");
    assert_str_free(load(m, down), "");
    now_us += 5 * G_USEC_PER_SEC;
    assert_str_free(members(m, true, true, true), "NODE_STATE node3");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeJoining);
    assert_true(clusapi__model_tick(m, now_us + 59 * G_USEC_PER_SEC, events));
    assert_int_equal(events->len, 0);
    assert_false(clusapi__model_tick(m, now_us + 61 * G_USEC_PER_SEC, events));
    got = events_str(events);
    assert_string_equal(got, "NODE_STATE node3");
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeDown);
    /* Pacemaker starts after all: Up */
    assert_str_free(load(m, up), "NODE_STATE node3");
    now_us = 0;
    xmlFreeDoc(up);
    xmlFreeDoc(down);
    clusapi__model_free(m);
}

/* Nodes Corosync does not know (not in its nodelist) keep the CIB's
 * state. */
static void
test_merge_unknown_nodes(void **state)
{
    cl_model_t *m = clusapi__model_new();
    xmlDoc *up = cib_doc(true);
    static const uint32_t ids[1] = { 1 };
    static const bool member[1] = { false };
    g_autoptr(GPtrArray) events = events_new();
    g_autofree char *got = NULL;

    (void) state;
    clusapi__model_load(m, xmlDocGetRootElement(up), NULL);
    clusapi__model_set_members(m, ids, member, 1, 0, events);
    got = events_str(events);
    assert_string_equal(got, "NODE_STATE node1");
    assert_int_equal(clusapi__model_node_state(m, "2"), ClusterNodeUp);
    assert_int_equal(clusapi__model_node_state(m, "3"), ClusterNodeUp);
    xmlFreeDoc(up);
    clusapi__model_free(m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_up),
        cmocka_unit_test(test_remote_link_down),
        cmocka_unit_test(test_local_link_down),
        cmocka_unit_test(test_node_leaves),
        cmocka_unit_test(test_partitioned_alone),
        cmocka_unit_test(test_nodelist_changes),
        cmocka_unit_test(test_odd_snapshots),
        cmocka_unit_test(test_merge_leave_then_cib),
        cmocka_unit_test(test_merge_quick_rejoin),
        cmocka_unit_test(test_merge_join_grace),
        cmocka_unit_test(test_merge_unknown_nodes),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

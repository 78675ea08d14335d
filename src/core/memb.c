/* SPDX-License-Identifier: LGPL-2.1-or-later *
 * Must not depend on Pacemaker or Corosync headers: glib only (the
 * Corosync adapter builds the snapshots).
 */
/*
 * memb.c - Corosync's view: networks, interfaces and quorum (see memb.h).
 *
 * The states follow the Windows definitions (docs/windows-api.md 3.4:
 * CLUSTER_NETWORK_STATE, CLUSTER_NETINTERFACE_STATE) on what one node can
 * observe: the state of its own knet link to every other node.  Links
 * between two other nodes are not visible from here; they are taken to
 * work (docs/mapping.md, "Networks", says what follows from that).
 *
 * Every snapshot is small (nodes x links), so each one is compared whole
 * with the previous one.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clusapi.h"
#include "core/memb.h"
#include "core/port.h"

typedef struct netobj {
    char *id;
    char *name;
    int state;
    /* interfaces */
    char *node;    /* node name */
    char *network; /* network id */
    char *addr;
} netobj_t;

struct cl_memb {
    cl_cs_snap_t *snap;
    GHashTable *objs[2]; /* [0] networks, [1] interfaces: id -> netobj_t */
    int quorate;         /* -1 unknown */
};

/* ---- snapshots ---- */

static void
cs_node_free(gpointer p)
{
    cl_cs_node_t *n = p;

    g_free(n->name);
    for (int l = 0; l < CL_CS_MAX_LINKS; l++) {
        g_free(n->addr[l]);
    }
    g_free(n);
}

cl_cs_snap_t *
clusapi__cs_snap_new(void)
{
    cl_cs_snap_t *s = g_new0(cl_cs_snap_t, 1);

    s->members = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    s->nodes = g_ptr_array_new_with_free_func(cs_node_free);
    return s;
}

cl_cs_snap_t *
clusapi__cs_snap_free(cl_cs_snap_t *s)
{
    if (s != NULL) {
        g_array_unref(s->members);
        g_ptr_array_unref(s->nodes);
        g_free(s);
    }
    return NULL;
}

cl_cs_node_t *
clusapi__cs_snap_add_node(cl_cs_snap_t *s, uint32_t nodeid, const char *name)
{
    cl_cs_node_t *n = g_new0(cl_cs_node_t, 1);

    n->nodeid = nodeid;
    n->name = g_strdup(name != NULL ? name : "");
    g_ptr_array_add(s->nodes, n);
    return n;
}

bool
clusapi__cs_snap_is_member(const cl_cs_snap_t *s, uint32_t nodeid)
{
    for (guint i = 0; s != NULL && i < s->members->len; i++) {
        if (g_array_index(s->members, uint32_t, i) == nodeid) {
            return true;
        }
    }
    return false;
}

/* ---- the view ---- */

static void
netobj_free(gpointer p)
{
    netobj_t *o = p;

    g_free(o->id);
    g_free(o->name);
    g_free(o->node);
    g_free(o->network);
    g_free(o->addr);
    g_free(o);
}

static GHashTable *
objs_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, netobj_free);
}

cl_memb_t *
clusapi__memb_new(void)
{
    cl_memb_t *mb = g_new0(cl_memb_t, 1);

    mb->objs[0] = objs_new();
    mb->objs[1] = objs_new();
    mb->quorate = -1;
    return mb;
}

cl_memb_t *
clusapi__memb_free(cl_memb_t *mb)
{
    if (mb != NULL) {
        clusapi__cs_snap_free(mb->snap);
        g_hash_table_unref(mb->objs[0]);
        g_hash_table_unref(mb->objs[1]);
        g_free(mb);
    }
    return NULL;
}

static netobj_t *
netobj_add(GHashTable *t, char *id, char *name, int state)
{
    netobj_t *o = g_new0(netobj_t, 1);

    o->id = id;
    o->name = name;
    o->state = state;
    g_hash_table_replace(t, o->id, o);
    return o;
}

/* The interface states of one link, from the local node's link to each
 * other node (memb.c header comment). */
static void
link_states(const cl_cs_snap_t *s, int l, int *states)
{
    const cl_cs_node_t *local = NULL;
    int peers = 0, reached = 0, local_state = -1;

    for (guint i = 0; i < s->nodes->len; i++) {
        const cl_cs_node_t *n = g_ptr_array_index(s->nodes, i);

        if (n->addr[l] == NULL) {
            continue;
        }
        if (n->nodeid == s->local_nodeid) {
            local = n;
        } else if (clusapi__cs_snap_is_member(s, n->nodeid)) {
            peers++;
            reached += n->connected[l] ? 1 : 0;
        }
    }
    if (local != NULL) {
        local_state = (peers == 0 || reached > 0) ? ClusterNetInterfaceUp
                                                  : ClusterNetInterfaceFailed;
    }
    for (guint i = 0; i < s->nodes->len; i++) {
        const cl_cs_node_t *n = g_ptr_array_index(s->nodes, i);

        if (n->addr[l] == NULL) {
            states[i] = -1; /* no interface */
        } else if (n == local) {
            states[i] = local_state;
        } else if (!clusapi__cs_snap_is_member(s, n->nodeid)) {
            states[i] = ClusterNetInterfaceUnavailable;
        } else if (n->connected[l] || local == NULL) {
            /* reached, or not observable from here: no local interface */
            states[i] = ClusterNetInterfaceUp;
        } else if (local_state == ClusterNetInterfaceUp) {
            /* we reach others but not it */
            states[i] = ClusterNetInterfaceUnreachable;
        } else {
            /* our own interface is the failed one: it can still talk to the
             * other nodes (not visible here), unless there are none */
            states[i] = peers >= 2 ? ClusterNetInterfaceUp
                                   : ClusterNetInterfaceFailed;
        }
    }
}

static int
network_state(const int *states, guint n)
{
    guint ifs = 0, up = 0;

    for (guint i = 0; i < n; i++) {
        if (states[i] >= 0 && states[i] != ClusterNetInterfaceUnavailable) {
            ifs++;
            up += states[i] == ClusterNetInterfaceUp ? 1 : 0;
        }
    }
    if (ifs == 0) {
        return ClusterNetworkUnavailable;
    }
    if (up == ifs) {
        return ClusterNetworkUp;
    }
    return up >= 2 ? ClusterNetworkPartitioned : ClusterNetworkDown;
}

/* Build the networks and interfaces of a snapshot. */
static void
build(const cl_cs_snap_t *s, GHashTable *nets, GHashTable *ifs)
{
    int *states = g_new(int, s->nodes->len + 1);

    for (int l = 0; l < CL_CS_MAX_LINKS; l++) {
        bool used = false;
        char *nid;

        link_states(s, l, states);
        for (guint i = 0; i < s->nodes->len; i++) {
            used = used || states[i] >= 0;
        }
        if (!used) {
            continue;
        }
        nid = g_strdup_printf("%d", l);
        netobj_add(nets, nid, g_strdup_printf("link%d", l),
                   network_state(states, s->nodes->len));
        for (guint i = 0; i < s->nodes->len; i++) {
            const cl_cs_node_t *n = g_ptr_array_index(s->nodes, i);
            netobj_t *o;

            if (states[i] < 0) {
                continue;
            }
            o = netobj_add(ifs, g_strdup_printf("%u:%d", n->nodeid, l),
                           g_strdup_printf("%s - link%d", n->name, l),
                           states[i]);
            o->node = g_strdup(n->name);
            o->network = g_strdup(nid);
            o->addr = g_strdup(n->addr[l]);
        }
    }
    g_free(states);
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
sorted_ids(GHashTable *t)
{
    GPtrArray *ids = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_ptr_array_add(ids, k);
    }
    g_ptr_array_sort(ids, cmp_str);
    return ids;
}

static void
emit(GPtrArray *events, uint32_t change, cl_kind_t kind, const netobj_t *o)
{
    if (events != NULL) {
        g_ptr_array_add(events, clusapi__event_new(change, kind, o->id,
                                                   o->name));
    }
}

/* Compare one table with its successor: DELETED (old ids), ADDED, then
 * STATE and PROPERTY of the objects in both, each in id order. */
static void
diff(GHashTable *old, GHashTable *cur, bool netif, GPtrArray *events)
{
    cl_kind_t kind = netif ? CL_KIND_NETINTERFACE : CL_KIND_NETWORK;
    uint32_t c_del = netif ? CLUSTER_CHANGE_NETINTERFACE_DELETED
                           : CLUSTER_CHANGE_NETWORK_DELETED;
    uint32_t c_add = netif ? CLUSTER_CHANGE_NETINTERFACE_ADDED
                           : CLUSTER_CHANGE_NETWORK_ADDED;
    uint32_t c_state = netif ? CLUSTER_CHANGE_NETINTERFACE_STATE
                             : CLUSTER_CHANGE_NETWORK_STATE;
    g_autoptr(GPtrArray) old_ids = sorted_ids(old);
    g_autoptr(GPtrArray) cur_ids = sorted_ids(cur);

    for (guint i = 0; i < old_ids->len; i++) {
        const netobj_t *o = g_hash_table_lookup(old, old_ids->pdata[i]);

        if (!g_hash_table_contains(cur, o->id)) {
            emit(events, c_del, kind, o);
        }
    }
    for (guint i = 0; i < cur_ids->len; i++) {
        const netobj_t *o = g_hash_table_lookup(cur, cur_ids->pdata[i]);

        if (!g_hash_table_contains(old, o->id)) {
            emit(events, c_add, kind, o);
        }
    }
    for (guint i = 0; i < cur_ids->len; i++) {
        const netobj_t *o = g_hash_table_lookup(cur, cur_ids->pdata[i]);
        const netobj_t *p = g_hash_table_lookup(old, o->id);

        if (p == NULL) {
            continue;
        }
        if (p->state != o->state) {
            emit(events, c_state, kind, o);
        }
        if (netif && g_strcmp0(p->addr, o->addr) != 0) {
            emit(events, CLUSTER_CHANGE_NETINTERFACE_PROPERTY, kind, o);
        }
    }
}

static void
event_destroy(gpointer ev)
{
    clusapi__event_free(ev);
}

/* Move the events of one change bit from src to dst, keeping their order. */
static void
move_events(GPtrArray *dst, GPtrArray *src, uint32_t change)
{
    for (guint i = 0; i < src->len; i++) {
        cl_event_t *ev = src->pdata[i];

        if (ev != NULL && ev->change == change) {
            g_ptr_array_add(dst, ev);
            src->pdata[i] = NULL;
        }
    }
}

void
clusapi__memb_update(cl_memb_t *mb, cl_cs_snap_t *snap,
                     const char *cluster_name, GPtrArray *events)
{
    GHashTable *nets = objs_new();
    GHashTable *ifs = objs_new();
    int quorate = snap->quorate ? 1 : 0;

    build(snap, nets, ifs);
    if (events != NULL) {
        /* interfaces go before their network, networks come before their
         * interfaces; then the states, networks first */
        static const uint32_t order[] = {
            CLUSTER_CHANGE_NETINTERFACE_DELETED,
            CLUSTER_CHANGE_NETWORK_DELETED,
            CLUSTER_CHANGE_NETWORK_ADDED,
            CLUSTER_CHANGE_NETINTERFACE_ADDED,
            CLUSTER_CHANGE_NETWORK_STATE,
            CLUSTER_CHANGE_NETINTERFACE_STATE,
            CLUSTER_CHANGE_NETINTERFACE_PROPERTY,
        };
        g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(
            event_destroy);

        diff(mb->objs[0], nets, false, found);
        diff(mb->objs[1], ifs, true, found);
        for (size_t k = 0; k < G_N_ELEMENTS(order); k++) {
            move_events(events, found, order[k]);
        }
        if (mb->quorate >= 0 && quorate != mb->quorate) {
            g_ptr_array_add(events, clusapi__event_new(
                                        CLUSTER_CHANGE_QUORUM_STATE,
                                        CL_KIND_CLUSTER, "",
                                        cluster_name != NULL ? cluster_name
                                                             : ""));
        }
    }
    g_hash_table_unref(mb->objs[0]);
    g_hash_table_unref(mb->objs[1]);
    mb->objs[0] = nets;
    mb->objs[1] = ifs;
    mb->quorate = quorate;
    clusapi__cs_snap_free(mb->snap);
    mb->snap = snap;
}

const cl_cs_snap_t *
clusapi__memb_snap(const cl_memb_t *mb)
{
    return mb->snap;
}

int
clusapi__memb_quorate(const cl_memb_t *mb)
{
    return mb->quorate;
}

const char *
clusapi__memb_find(const cl_memb_t *mb, bool netif, const char *name)
{
    GHashTableIter it;
    gpointer v;

    if (name == NULL) {
        return NULL;
    }
    g_hash_table_iter_init(&it, mb->objs[netif]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const netobj_t *o = v;

        if (strcasecmp(o->name, name) == 0 || strcmp(o->id, name) == 0) {
            return o->id;
        }
    }
    return NULL;
}

const char *
clusapi__memb_name(const cl_memb_t *mb, bool netif, const char *id)
{
    const netobj_t *o = id != NULL ? g_hash_table_lookup(mb->objs[netif], id)
                                   : NULL;

    return o != NULL ? o->name : NULL;
}

int
clusapi__memb_state(const cl_memb_t *mb, bool netif, const char *id)
{
    const netobj_t *o = id != NULL ? g_hash_table_lookup(mb->objs[netif], id)
                                   : NULL;

    return o != NULL ? o->state : -1;
}

bool
clusapi__memb_netif_info(const cl_memb_t *mb, const char *id,
                         const char **ret_node, const char **ret_network,
                         const char **ret_addr)
{
    const netobj_t *o = id != NULL ? g_hash_table_lookup(mb->objs[1], id)
                                   : NULL;

    if (o == NULL) {
        return false;
    }
    if (ret_node != NULL) {
        *ret_node = o->node;
    }
    if (ret_network != NULL) {
        *ret_network = o->network;
    }
    if (ret_addr != NULL) {
        *ret_addr = o->addr;
    }
    return true;
}

GPtrArray *
clusapi__memb_list(const cl_memb_t *mb, bool netif, const char *node_name,
                   const char *network_id)
{
    GPtrArray *ids = sorted_ids(mb->objs[netif]);

    if (netif && (node_name != NULL || network_id != NULL)) {
        guint j = 0;

        for (guint i = 0; i < ids->len; i++) {
            const netobj_t *o = g_hash_table_lookup(mb->objs[1], ids->pdata[i]);

            if ((node_name == NULL || strcasecmp(o->node, node_name) == 0)
                && (network_id == NULL
                    || strcmp(o->network, network_id) == 0)) {
                ids->pdata[j++] = ids->pdata[i];
            }
        }
        g_ptr_array_set_size(ids, j);
    }
    return ids;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nodes.c - nodes: their configuration and status, Pacemaker Remote nodes,
 * and Corosync's membership merged in.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/model_int.h"
#include "core/xmlnames.h"
#include "core/xmlutil.h"

/* An nvpair value in any instance_attributes of n. */
static bool
node_attr_is_property(const char *name)
{
    return name != NULL && name[0] != '#'
           && strncmp(name, "fail-count-", 11) != 0
           && strncmp(name, "last-failure-", 13) != 0;
}

static guint64
node_fp(xmlNode *cfg_node, xmlNode *node_state)
{
    guint64 h = clusapi__fp_node(FP_INIT, cfg_node);
    xmlNode *ta = first_elem(node_state, CL_XE_TRANSIENT_ATTRIBUTES);

    for (xmlNode *set = first_elem(ta, NULL); set != NULL; set = set->next) {
        /* a set's score and rules decide which values count */
        const char *score = attr(set, "score");

        if (score != NULL) {
            h = clusapi__fp_add(h, score, strlen(score) + 1);
        }
        for (xmlNode *nv = set->children; nv != NULL; nv = nv->next) {
            if (is_elem(nv, "rule")) {
                h = clusapi__fp_node(h, nv);
            } else if (is_elem(nv, CL_XE_NVPAIR)
                && node_attr_is_property(attr(nv, CL_XA_NAME))) {
                const char *v = attr(nv, CL_XA_VALUE);

                h = clusapi__fp_add(h, attr(nv, CL_XA_NAME),
                           strlen(attr(nv, CL_XA_NAME)) + 1);
                h = clusapi__fp_add(h, v != NULL ? v : "",
                                    v != NULL ? strlen(v) + 1 : 1);
            }
        }
    }
    return h;
}

/* The Pacemaker Remote node of a name: a configured one, or one an
 * orphaned connection makes; NULL if none. */
remote_t *
clusapi__remote_of(const cl_model_t *m, const char *name)
{
    remote_t *rm = g_hash_table_lookup(m->remotes, name);

    return rm != NULL ? rm : g_hash_table_lookup(m->oremotes, name);
}

/* The clusapi state of a node as the CIB shows it (docs/mapping.md): its
 * own state (pe.h) and what the histories on it did to it (on-fail=fence
 * or standby, active on an offline node). */
static int
node_cib_state(const obj_t *n)
{
    const cl_pe_node_t *p = &n->pe;
    /* fencing a guest or bundle node recovers its container instead
     * (§4.4): the node is not made unclean */
    bool guest = n->remote == REMOTE_GUEST || n->remote == REMOTE_BUNDLE;

    if (p->pending) {
        return ClusterNodeJoining;
    }
    if (!p->online) {
        return ClusterNodeDown;
    }
    if (p->unclean || (n->fences > 0 && !guest) || (n->tfenced && !guest)
        || p->standby || n->standbys > 0 || p->maintenance || p->shutdown) {
        return ClusterNodePaused;
    }
    return ClusterNodeUp;
}

/* The state of a node: the CIB's, merged with Corosync's membership
 * (clusapi__model_set_members; the table in docs/mapping.md).  Corosync
 * knows first: a cluster node that is not a member is Down whatever the
 * CIB says; one that Corosync reported joining is Joining until the CIB
 * shows Pacemaker's join (pending, Up) or the grace period ends (Down, as
 * crm_mon says of a member without Pacemaker); one that left and came back
 * is Joining until the CIB has changed it (its "online" is stale).
 * cib_changed: called because the CIB changed this node. */
int
clusapi__node_cstate(cl_model_t *m, const obj_t *n, bool cib_changed)
{
    int s = node_cib_state(n);
    gpointer member;

    if (m->cs_nodes == NULL || n->remote != REMOTE_NONE
        || !g_hash_table_lookup_extended(m->cs_nodes, n->id, NULL, &member)) {
        return s;
    }
    if (member == NULL) {
        if (cib_changed && s == ClusterNodeDown) {
            /* the CIB has recorded the leave: its state is current */
            g_hash_table_remove(m->cs_left, n->id);
        }
        return ClusterNodeDown;
    }
    if (g_hash_table_contains(m->cs_left, n->id)) {
        if (!cib_changed) {
            return ClusterNodeJoining; /* the CIB has not seen it leave yet */
        }
        g_hash_table_remove(m->cs_left, n->id);
    }
    if (s != ClusterNodeDown) {
        g_hash_table_remove(m->cs_join, n->id); /* Pacemaker joined it */
        return s;
    }
    return g_hash_table_contains(m->cs_join, n->id) ? ClusterNodeJoining
                                                    : ClusterNodeDown;
}

/* Whether the node_state of a node that has no <node> makes a node: not a
 * controller's (in_ccm or crmd) or one a remote node left (remote_node),
 * and named (docs/mapping.md, "Nodes"). */
static bool
status_only_node(xmlNode *ns)
{
    return ns != NULL && attr(ns, CL_XA_UNAME) != NULL
           && !clusapi__pe_is_true(attr(ns, "remote_node"))
           && attr(ns, "in_ccm") == NULL && attr(ns, "crmd") == NULL;
}

/* A node's new name (its id stays). */
static void
rename_obj(obj_t *o, const char *name)
{
    if (o->name != o->id) { /* o->id is in o's block */
        g_free(o->name);
    }
    o->name = strcmp(name, o->id) == 0 ? o->id : g_strdup(name);
}

/* Recompute node objects for the given ids (NULL = every node known to the
 * configuration or the status).  A node whose own state changed in a way
 * that changes how its history reads (online, unclean, maintenance) goes
 * into reread. */
void
clusapi__update_nodes(cl_model_t *m, xmlNode *cib, const strset_t *ids,
             GPtrArray *events, GPtrArray *added, GPtrArray *deleted,
             objset_t *reread)
{
    strset_t all; /* the ids of the CIB's nodes and the model's */
    g_autoptr(GPtrArray) order = g_ptr_array_new(); /* ids, sorted */
    xmlNode *nodes =
        clusapi__cib_section(cib, CL_XE_CONFIGURATION, CL_XE_NODES);
    xmlNode *status = first_elem(cib, CL_XE_STATUS);

    strset_init(&all);
    if (ids == NULL) {
        GHashTableIter it;
        gpointer k;

        for (xmlNode *n = first_elem(nodes, NULL); n != NULL; n = n->next) {
            if (is_elem(n, CL_XE_NODE) && attr(n, CL_XA_ID) != NULL) {
                strset_add(&all, attr(n, CL_XA_ID));
            }
        }
        for (xmlNode *n = first_elem(status, NULL); n != NULL; n = n->next) {
            if (is_elem(n, CL_XE_NODE_STATE) && attr(n, CL_XA_ID) != NULL) {
                strset_add(&all, attr(n, CL_XA_ID));
            }
        }
        g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            strset_add(&all, k);
        }
        ids = &all;
    }
    for (guint i = 0; i < strset_size(ids); i++) {
        g_ptr_array_add(order, (gpointer) strset_at(ids, i));
    }
    if (order->len > 1) {
        g_ptr_array_sort(order, clusapi__cmp_str);
    }
    for (guint i = 0; i < order->len; i++) {
        const char *id = g_ptr_array_index(order, i);
        xmlNode *cfg = clusapi__find_cfg_node(cib, id);
        xmlNode *ns = clusapi__find_node_state(cib, id);
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], id);
        const char *uname = attr(cfg, CL_XA_UNAME);
        int state;
        guint64 fp;
        cl_pe_node_t pe;
        bool unnamed;

        if (uname == NULL) {
            uname = attr(ns, CL_XA_UNAME);
        }
        fp = node_fp(cfg, ns);
        if (o != NULL && o->remote != REMOTE_NONE
            && clusapi__remote_of(m, id) != NULL) {
            /* its state comes from its connection (clusapi__update_remotes),
             * with or without a node_state of its own */
            if (o->fp != fp) {
                o->fp = fp;
                clusapi__model_emit(events, CLUSTER_CHANGE_NODE_PROPERTY,
                                    CL_KIND_NODE, o);
            }
            objset_add(reread, o);
            continue;
        }
        /* Pacemaker makes nodes from the configuration and the remote
         * connections only (unpack_status): the node_state of a cluster
         * node no longer configured (the controller's, with in_ccm or
         * crmd), or the status a Pacemaker Remote node left when its
         * connection went (remote_node="true"), is no node */
        if (cfg == NULL && !status_only_node(ns)) {
            if (o != NULL) {
                g_ptr_array_add(deleted, g_strdup(id));
            }
            continue;
        }
        /* a node_state without uname (a joining node Pacemaker has not
         * named yet): 2.1.7 reads its state from it (00dd1989fd), 2.1.5
         * not; neither reads its history */
        unnamed = ns != NULL && attr(ns, CL_XA_UNAME) == NULL;
        clusapi__pe_member_node(&m->opts, cfg,
                                unnamed && m->opts.pcmk < CL_PE_PCMK(2, 1, 7)
                                    ? NULL
                                    : ns,
                                &pe);
        if (o == NULL) {
            o = clusapi__obj_new(CL_KIND_NODE, id, uname);
            o->pe = pe;
            o->unnamed = unnamed;
            o->state = clusapi__node_cstate(m, o, true);
            o->fp = fp;
            g_hash_table_replace(m->objs[CL_KIND_NODE], o->id, o);
            g_ptr_array_add(added, o->id);
            objset_add(reread, o);
            continue;
        }
        if (o->pe.online != pe.online || o->pe.unclean != pe.unclean
            || o->pe.maintenance != pe.maintenance || o->unnamed != unnamed) {
            objset_add(reread, o);
        }
        o->pe = pe;
        o->unnamed = unnamed;
        state = clusapi__node_cstate(m, o, true);
        if (uname != NULL && strcmp(o->name, uname) != 0) {
            /* renamed (its <node>'s uname, or the node_state's of a node
             * without one): a property; the histories name it too */
            rename_obj(o, uname);
            objset_add(reread, o);
            o->fp = ~fp; /* NODE_PROPERTY below */
        }
        if (o->fp != fp) {
            o->fp = fp;
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_PROPERTY,
                                CL_KIND_NODE, o);
        }
        if (o->state != state) {
            o->state = state;
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE,
                                o);
        }
    }
    strset_free(&all);
}

/* An lrm id's outcome on the cluster nodes whose history is read (and on
 * the remote nodes if on_remotes: a container may run there): is it
 * running (started or more) somewhere, is it failed, and has it a history
 * at all (the role of a connection or container, §4.2). */
static void
lrm_outcome(cl_model_t *m, xmlNode *cib, const char *lrm_id, bool on_remotes,
            bool *running, bool *failed, obj_t **host)
{
    lrm_ent_t *e = clusapi__ent_of_lrm(m, lrm_id);
    lrm_ent_t orphan = { 0 };
    GHashTableIter it;
    gpointer v;
    int hosts = 0;

    *running = *failed = false;
    *host = NULL;
    if (e == NULL) {
        /* an orphan: Pacemaker reads its histories as those of a
         * primitive it makes up */
        clusapi__pe_rsc_ctx(&m->opts, NULL, &orphan.pe);
        if (m->opts.keep_orphans) {
            orphan.pe.managed = false;
        }
        e = &orphan;
    }
    g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *node = v;
        xmlNode *ns;
        GPtrArray *arr;
        cl_pe_where_t w;

        if ((node->remote != REMOTE_NONE
             && !(on_remotes && node->remote == REMOTE_REMOTE))
            || !clusapi__node_unpacked(m, node)) {
            continue;
        }
        ns = clusapi__find_node_state(cib, node->id);
        arr = g_hash_table_lookup(clusapi__lrm_idx_of(m, ns, node->id), lrm_id);
        clusapi__node_where(node, &w);
        for (guint i = 0; arr != NULL && i < arr->len; i++) {
            rec_t rec;

            clusapi__history_read(m, e, &w, g_ptr_array_index(arr, i), &rec);
            clusapi__rec_free_failures(&rec);
            *running |= rec.running && rec.role >= CL_PE_ROLE_STARTED;
            *failed |= rec.failed;
            if (rec.running && *host != node) {
                *host = node;
                hosts++;
            }
        }
    }
    if (hosts != 1) {
        *host = NULL;
    }
}

/* The state of a Pacemaker Remote node (§4.2, §4.3). */
static void
remote_node_pe(cl_model_t *m, xmlNode *cib, const remote_t *rm, xmlNode *cfg,
               xmlNode *ns, cl_pe_node_t *pe, bool *unpacked,
               obj_t **ret_cont_host)
{
    bool conn_run, conn_fail, cont_run = true, cont_fail = false;
    lrm_ent_t *ce = clusapi__ent_of_lrm(m, rm->conn);
    obj_t *conn_host = NULL, *cont_host = NULL;
    bool conn_managed = ce != NULL ? ce->pe.managed
                                   : !m->opts.keep_orphans;

    memset(pe, 0, sizeof(*pe));
    lrm_outcome(m, cib, rm->conn, false, &conn_run, &conn_fail, &conn_host);
    if (rm->container != NULL) {
        lrm_outcome(m, cib, rm->container, true, &cont_run, &cont_fail,
                    &cont_host);
    }
    pe->online = conn_run && !conn_fail && !cont_fail && cont_run;
    *ret_cont_host = cont_host;
    /* a guest whose container's host is down and to be fenced */
    if (rm->container != NULL && conn_host != NULL && !conn_host->pe.online
        && (conn_host->pe.unclean || conn_host->fences > 0)) {
        pe->online = false;
    }
    *unpacked = m->opts.stonith_enabled || (conn_run && cont_run);
    if (*unpacked && ns != NULL) {
        const cl_pe_opts_t *o = &m->opts;
        const char *shut = clusapi__pe_node_attr(o, cfg, ns, "shutdown");

        pe->shutdown = shut != NULL && strcmp(shut, "0") != 0;
        pe->standby = clusapi__pe_is_true(
            clusapi__pe_node_attr(o, cfg, ns, "standby"));
        pe->maintenance = clusapi__pe_is_true(
                              clusapi__pe_node_attr(o, cfg, ns, "maintenance"))
                          || !conn_managed;
    } else {
        /* a remote node never seen keeps its startup fencing */
        pe->unclean = rm->kind == REMOTE_REMOTE && m->opts.startup_fencing;
    }
    /* a started connection that is to stop: its node is shutting down
     * (determine_remote_online_status) */
    if (conn_run && ce != NULL && ce->pe.to_stop) {
        pe->shutdown = true;
    }
    /* the node of an orphaned connection is shutting down, running or
     * not (create_fake_resource) */
    if (rm->orphan) {
        pe->shutdown = true;
    }
}

/* The remote nodes orphaned connections make (m->oremotes, from
 * m->oconns): one per lrm id that no configured resource stands for and
 * that names no configured node or Pacemaker Remote node; a container
 * named by one of its histories makes it a guest node. */
static void
update_orphan_remotes(cl_model_t *m, xmlNode *cib)
{
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_remove_all(m->oremotes);
    g_hash_table_iter_init(&it, m->oconns);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *lrm_id = strchr(k, '\037') + 1;
        const char *cont = v;
        remote_t *rm = g_hash_table_lookup(m->oremotes, lrm_id);

        if (rm == NULL) {
            if (clusapi__ent_of_lrm(m, lrm_id) != NULL
                || g_hash_table_contains(m->remotes, lrm_id)
                || clusapi__find_cfg_node(cib, lrm_id) != NULL) {
                continue;
            }
            rm = g_new0(remote_t, 1);
            rm->kind = REMOTE_REMOTE;
            rm->conn = g_strdup(lrm_id);
            rm->orphan = true;
            g_hash_table_replace(m->oremotes, g_strdup(lrm_id), rm);
        }
        if (cont[0] != '\0' && rm->container == NULL) {
            rm->kind = REMOTE_GUEST;
            rm->container = g_strdup(cont);
        }
    }
}

/* Remote nodes (REMOTE_REMOTE) before guest and bundle nodes, each by
 * name. */
static gint
cmp_remote_first(gconstpointer a, gconstpointer b, gpointer ud)
{
    const char *na = *(const char *const *) a;
    const char *nb = *(const char *const *) b;
    bool ga = clusapi__remote_of(ud, na)->kind != REMOTE_REMOTE;
    bool gb = clusapi__remote_of(ud, nb)->kind != REMOTE_REMOTE;

    return ga != gb ? (int) ga - (int) gb : strcmp(na, nb);
}

/* The Pacemaker Remote nodes there are (m->remotes) and the containers
 * guest fencing failed (m->gfenced): create or update their node objects,
 * one whose state changed has its history read again; set the containers'
 * flags. */
static void
update_remote_nodes(cl_model_t *m, xmlNode *cib, GPtrArray *events,
                    objset_t *dirty, objset_t *dirty_nodes)
{
    g_autoptr(GPtrArray) names = clusapi__sorted_keys(m->remotes);
    g_autoptr(GPtrArray) added = NULL; /* new node objects */
    g_autoptr(GHashTable) hosts = g_hash_table_new_full(g_str_hash,
                                                        g_str_equal, g_free,
                                                        NULL);
    GHashTableIter it;
    gpointer v;

    if (g_hash_table_size(m->oremotes) > 0) {
        g_hash_table_iter_init(&it, m->oremotes);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            g_ptr_array_add(names, v);
        }
    }
    /* remote nodes first: a guest's or bundle's container may run on one */
    g_ptr_array_sort_with_data(names, cmp_remote_first, m);
    added = g_ptr_array_new();
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        remote_t *rm = clusapi__remote_of(m, name);
        xmlNode *cfg = clusapi__find_cfg_node(cib, name);
        xmlNode *ns = clusapi__find_node_state(cib, name);
        obj_t *o = clusapi__node_obj(m, name);
        cl_pe_node_t pe;
        bool unpacked;
        obj_t *cont_host = NULL;

        remote_node_pe(m, cib, rm, cfg, ns, &pe, &unpacked, &cont_host);
        if (cont_host != NULL) {
            g_hash_table_replace(hosts, g_strdup(name),
                                 GUINT_TO_POINTER(g_quark_from_string(
                                     cont_host->name)));
        }
        if (o == NULL) {
            o = clusapi__obj_new(CL_KIND_NODE, name, name);
            o->remote = rm->kind;
            m->remote_nodes = true;
            o->pe = pe;
            o->unpacked = unpacked;
            o->fp = node_fp(cfg, ns);
            o->state = clusapi__node_cstate(m, o, true);
            g_hash_table_replace(m->objs[CL_KIND_NODE], o->id, o);
            g_ptr_array_add(added, o);
            clusapi__read_node_lrm(m, ns, o, dirty, dirty_nodes);
            continue;
        }
        if (strcmp(o->name, name) != 0) {
            /* a node the status named before its connection made it a
             * remote node: the connection names it, whatever uname its
             * node_state has */
            rename_obj(o, name);
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_PROPERTY,
                                CL_KIND_NODE, o);
        }
        if (o->remote != rm->kind || o->unpacked != unpacked
            || o->pe.online != pe.online || o->pe.unclean != pe.unclean
            || o->pe.maintenance != pe.maintenance
            || o->pe.standby != pe.standby
            || o->pe.shutdown != pe.shutdown) {
            bool reread = o->remote != rm->kind || o->unpacked != unpacked
                          || o->pe.online != pe.online
                          || o->pe.unclean != pe.unclean
                          || o->pe.maintenance != pe.maintenance;

            o->remote = rm->kind;
            m->remote_nodes = true;
            o->pe = pe;
            o->unpacked = unpacked;
            objset_add(dirty_nodes, o);
            if (reread) {
                clusapi__read_node_lrm(m, ns, o, dirty, dirty_nodes);
            }
        }
    }
    /* NODE_ADDED by id, whatever the order they were computed in */
    g_ptr_array_sort(added, clusapi__cmp_obj_id);
    for (guint i = 0; i < added->len; i++) {
        clusapi__model_emit(events, CLUSTER_CHANGE_NODE_ADDED, CL_KIND_NODE,
                            g_ptr_array_index(added, i));
    }
    /* §4.4: a guest (or bundle) node that a history fences makes its
     * managed container failed */
    {
        gpointer k;
        g_autoptr(GHashTable) fenced = g_hash_table_new(g_direct_hash,
                                                        g_direct_equal);

        for (guint i = 0; i < names->len; i++) {
            remote_t *rm = clusapi__remote_of(m,
                                              g_ptr_array_index(names, i));
            obj_t *o = clusapi__node_obj(m, g_ptr_array_index(names, i));
            lrm_ent_t *ce = rm->container != NULL
                                ? clusapi__ent_of_lrm(m, rm->container)
                                : NULL;

            if (ce != NULL && o != NULL && (o->fences > 0 || o->tfenced)
                && ce->pe.managed) {
                GQuark host = GPOINTER_TO_UINT(g_hash_table_lookup(
                    hosts, g_ptr_array_index(names, i)));
                gpointer had;

                /* a bundle's containers: the host first in node order
                 * owns the failed bundle */
                if (g_hash_table_lookup_extended(fenced, ce->r, NULL, &had)
                    && GPOINTER_TO_UINT(had) != 0
                    && (host == 0
                        || clusapi__pe_node_name_cmp(
                               g_quark_to_string(GPOINTER_TO_UINT(had)),
                               g_quark_to_string(host)) <= 0)) {
                    continue;
                }
                g_hash_table_insert(fenced, ce->r, GUINT_TO_POINTER(host));
            }
        }
        g_hash_table_iter_init(&it, fenced);
        while (g_hash_table_iter_next(&it, &v, &k)) {
            obj_t *r = v;

            if (r->fenced_host != GPOINTER_TO_UINT(k)) {
                r->fenced_host = GPOINTER_TO_UINT(k);
                objset_add(dirty, r);
            }
        }
        /* the flags change only where the set did (m->gfenced: before;
         * deleted objects leave it when they are deleted) */
        g_hash_table_iter_init(&it, m->gfenced);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            obj_t *r = v;

            if (!g_hash_table_contains(fenced, r)) {
                r->guest_fenced = false;
                r->fenced_host = 0;
                objset_add(dirty, r);
            }
        }
        g_hash_table_iter_init(&it, fenced);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            obj_t *r = v;

            if (!r->guest_fenced) {
                r->guest_fenced = true;
                objset_add(dirty, r);
            }
        }
        g_hash_table_remove_all(m->gfenced);
        g_hash_table_iter_init(&it, fenced);
        while (g_hash_table_iter_next(&it, &v, NULL)) {
            g_hash_table_add(m->gfenced, v);
        }
    }
}

/* Pacemaker Remote nodes: create, update or remove their node objects
 * (nodes_deleted: the caller's array of deleted node ids, for the
 * NODE_DELETED events).  Without remote nodes (the usual cluster) only the
 * last loop has anything to look at. */
void
clusapi__update_remotes(cl_model_t *m, xmlNode *cib, GPtrArray *events,
               GPtrArray *nodes_deleted, objset_t *dirty,
               objset_t *dirty_nodes)
{
    GHashTableIter it;
    gpointer v;
    strset_t plain;

    if (g_hash_table_size(m->oconns) > 0
        || g_hash_table_size(m->oremotes) > 0) {
        update_orphan_remotes(m, cib);
    }
    if (g_hash_table_size(m->remotes) > 0
        || g_hash_table_size(m->oremotes) > 0
        || g_hash_table_size(m->gfenced) > 0) {
        update_remote_nodes(m, cib, events, dirty, dirty_nodes);
    }
    /* remote nodes whose connection is gone (none unless a node was
     * ever a remote one: no walk over every node per patchset) */
    if (!m->remote_nodes) {
        return;
    }
    m->remote_nodes = false;
    strset_init(&plain);
    g_hash_table_iter_init(&it, m->objs[CL_KIND_NODE]);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        obj_t *o = v;

        if (o->remote != REMOTE_NONE
            && clusapi__remote_of(m, o->id) != NULL) {
            m->remote_nodes = true;
        } else if (o->remote != REMOTE_NONE) {
            o->remote = REMOTE_NONE;
            if (clusapi__find_cfg_node(cib, o->id) == NULL
                && !g_ptr_array_find_with_equal_func(nodes_deleted, o->id,
                                                     g_str_equal, NULL)) {
                clusapi__read_node_lrm(m, NULL, o, dirty, dirty_nodes);
                if (status_only_node(clusapi__find_node_state(cib, o->id))) {
                    strset_add(&plain, o->id);
                } else {
                    g_ptr_array_add(nodes_deleted, g_strdup(o->id));
                }
            }
        }
    }
    if (strset_size(&plain) > 0) {
        /* its node_state alone makes it a node now, as on a fresh load */
        g_autoptr(GPtrArray) added = g_ptr_array_new();
        objset_t reread;

        objset_init(&reread);
        clusapi__update_nodes(m, cib, &plain, events, added, nodes_deleted,
                              &reread);
        for (guint i = 0; i < strset_size(&plain); i++) {
            obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE],
                                           strset_at(&plain, i));

            if (o != NULL) {
                clusapi__read_node_lrm(
                    m, clusapi__find_node_state(cib, o->id), o, dirty,
                    dirty_nodes);
            }
        }
        objset_free(&reread);
    }
    strset_free(&plain);
}

/* ---- Corosync's membership ---- */

/* Recompute the merged state of every node, NODE_STATE for the changed. */
static void
remerge_nodes(cl_model_t *m, GPtrArray *events)
{
    g_autoptr(GPtrArray) ids = clusapi__sorted_keys(m->objs[CL_KIND_NODE]);

    for (guint i = 0; i < ids->len; i++) {
        obj_t *o = g_hash_table_lookup(m->objs[CL_KIND_NODE], ids->pdata[i]);
        int state = clusapi__node_cstate(m, o, false);

        if (state != o->state) {
            o->state = state;
            clusapi__model_emit(events, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE,
                                o);
        }
    }
}

void
clusapi__model_set_members(cl_model_t *m, const uint32_t *nodeids,
                           const bool *member, size_t n, gint64 now,
                           GPtrArray *events)
{
    GHashTable *old = m->cs_nodes;

    m->cs_nodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        NULL);
    for (size_t i = 0; i < n; i++) {
        char *id = g_strdup_printf("%u", nodeids[i]);
        gpointer was = NULL;
        bool known = old != NULL
                     && g_hash_table_lookup_extended(old, id, NULL, &was);

        if (!member[i]) {
            if (known && was != NULL) {
                g_hash_table_add(m->cs_left, g_strdup(id));
            }
            g_hash_table_remove(m->cs_join, id);
        } else if (known && was == NULL) {
            /* joining now (not at the first view: a member the CIB shows
             * Down then is one whose Pacemaker is not running) */
            g_hash_table_replace(m->cs_join, g_strdup(id),
                                 g_memdup2(&now, sizeof(now)));
        }
        g_hash_table_replace(m->cs_nodes, id, GINT_TO_POINTER(member[i]));
    }
    if (old != NULL) {
        g_hash_table_unref(old);
    }
    remerge_nodes(m, events);
}

bool
clusapi__model_tick(cl_model_t *m, gint64 now, GPtrArray *events)
{
    GHashTableIter it;
    gpointer v;
    bool expired = false;

    g_hash_table_iter_init(&it, m->cs_join);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (now - *(const gint64 *) v >= CL_JOIN_GRACE_US) {
            g_hash_table_iter_remove(&it);
            expired = true;
        }
    }
    if (expired) {
        remerge_nodes(m, events);
    }
    return g_hash_table_size(m->cs_join) > 0;
}

void
clusapi__model_clear_members(cl_model_t *m, GPtrArray *events)
{
    if (m->cs_nodes != NULL) {
        g_hash_table_unref(m->cs_nodes);
        m->cs_nodes = NULL;
        g_hash_table_remove_all(m->cs_left);
        g_hash_table_remove_all(m->cs_join);
        remerge_nodes(m, events);
    }
}

bool
clusapi__model_have_quorum(const cl_model_t *m)
{
    return m->opts.have_quorum;
}

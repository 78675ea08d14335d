/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-crmmon - differential test: the library's model against crm_mon.
 *
 *   test-crmmon DIR [FILE...]
 *
 * For every CIB snapshot DIR/ *.xml (sorted by name; or only the FILEs
 * given, names inside DIR or paths), two views are built and compared as
 * sorted text lines:
 *
 *   EXPECTED  `crm_mon -1 --output-as=xml --inactive` run with
 *             CIB_file=snapshot, converted by the mapping below;
 *   ACTUAL    the library's public API only: setenv("CIB_file"),
 *             OpenClusterA(NULL), ClusterOpenEnum for nodes, groups and
 *             resources, OpenClusterNodeA/GroupA/ResourceA with
 *             GetClusterNodeState/GetClusterGroupStateA/
 *             GetClusterResourceStateA, CloseCluster (the engine stops when
 *             the last cluster handle is closed, so the next OpenCluster
 *             reads the next file).
 *
 * View lines:
 *   node <name> <state>                          Up Down Paused Joining Unknown
 *   group <name> <state> <owner|->               Online Offline PartialOnline
 *                                                Failed Pending
 *   resource <name> <state> <owner|-> <group>    Online Offline Failed
 *                                                OnlinePending OfflinePending
 *
 * ---- Mapping crm_mon XML -> EXPECTED view (the specification) ----------
 *
 * Nodes: every <node> in <nodes> (members, remote and guest nodes):
 *   pending="true" -> Joining; else online="false" -> Down; else (online)
 *   unclean="true" -> Paused; standby, standby_onfail, maintenance or
 *   shutdown = "true" -> Paused; else Up.
 *
 * Resources: the clusapi resources are: every primitive inside a top-level
 * <group>; every top-level <resource> (primitive); every top-level <clone>
 * and <bundle> as ONE resource named by the clone/bundle id (everything
 * inside is its instances, including clones of groups).  Top-level
 * resources with orphaned="true" (not configured) are skipped.  A configured
 * top-level resource missing from <resources> (a clone, group or bundle
 * running only as unmanaged instances on offline nodes, which crm_mon's
 * resource list leaves out) is read from `crm_mon --group-by-node`'s
 * <resources>, which lists the resources not wholly active.  A top-level
 * primitive/clone/bundle also forms an implicit group of the same name with
 * that one member; a top-level <group> is a group whose members are its
 * primitives in document order.
 *
 * Per instance = each <resource> element (for a clone/bundle: every
 * descendant <resource> element; for a primitive: itself), status:
 *   failed="true" -> Failed;
 *   else a pending operation -> OnlinePending for start/promote/migrate,
 *        OfflinePending for stop/demote.  crm_mon 2.1.5 prints a pending
 *        start/stop/promote/demote/migrate_to/migrate_from in the role
 *        attribute, as role="Starting" | "Stopping" | "Promoting" |
 *        "Demoting" | "Migrating" (both migrate_to and migrate_from); its
 *        `pending` attribute only ever holds "Monitoring" (a pending
 *        recurring monitor), which is neither, so it does not count.  Both
 *        attributes are read, with task names (start, migrate_to, ...) too;
 *   else active="true" -> Online; else Offline.
 * Resource state = the strongest instance status in the order
 *   Failed > OnlinePending > OfflinePending > Online > Offline
 *   (no instances -> Offline).
 * Resource owner = among the instances whose status equals the resource
 *   state, the hosting nodes (<node name> children); the first of those in
 *   the order of crm_mon's <nodes> list; if none, "-".
 * Group state from its members' resource states: any Failed -> Failed; else
 *   any OnlinePending or OfflinePending -> Pending; else all Online (and at
 *   least one member) -> Online; some Online -> PartialOnline; else Offline.
 * Group owner = the owner of the first member (document order) that has one,
 *   else "-".
 * Resource's group = the top-level group name, or its own name for an
 *   implicit group.
 *
 * ------------------------------------------------------------------------
 *
 * Output is TAP, one test point per snapshot.  By default the first
 * disagreeing snapshot prints a unified-style diff (expected vs actual, as
 * TAP comments) and the run stops ("Bail out!", exit 1).  With
 * CRMMON_KEEP_GOING=1 (or --keep-going) every snapshot is compared; each
 * disagreeing one is reported with its number of disagreeing lines and the
 * first CRMMON_MAX_DIFF (default 12, -1: all) diff lines.  CRMMON_VERBOSE=1
 * prints both views in full.  The last lines say "compared N snapshots, X
 * nodes, Y groups, Z resources" (counted in the expected views).  Exit 0
 * only if every snapshot agrees; 77 (skip) if crm_mon is not installed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "clusapi.h"
#include "core/names.h" /* state names, as the CLI prints them */

/* ------------------------------------------------------------ helpers -- */

static const char *
attr(xmlNode *n, const char *name, char *buf, size_t len)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *) name);

    if (v == NULL) {
        return NULL;
    }
    g_strlcpy(buf, (const char *) v, len);
    xmlFree(v);
    return buf;
}

static gboolean
attr_true(xmlNode *n, const char *name)
{
    char buf[16];
    const char *v = attr(n, name, buf, sizeof(buf));

    return v != NULL && strcmp(v, "true") == 0;
}

static gboolean
is_elem(xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE
           && strcmp((const char *) n->name, name) == 0;
}

static xmlNode *
child(xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (is_elem(c, name)) {
            return c;
        }
    }
    return NULL;
}

static int
compare_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* --------------------------------------------------- the expected view -- */

/* instance / resource status, weakest first: the order of strength */
enum status { ST_OFFLINE, ST_ONLINE, ST_OFFLINE_PENDING, ST_ONLINE_PENDING,
              ST_FAILED };
static const char *const status_name[] = {
    "Offline", "Online", "OfflinePending", "OnlinePending", "Failed"
};

struct expected {
    GPtrArray *lines;
    GHashTable *seen;       /* "kind state" -> count, over the whole run */
    GHashTable *rank;       /* node name -> position in <nodes> + 1 */
    unsigned nodes, groups, resources, failures;
};

/* A pending operation named by crm_mon, in the role attribute (2.1.5:
 * Starting, Stopping, Promoting, Demoting, Migrating) or in `pending`
 * (2.1.5: only Monitoring); task names are accepted too.  0: none. */
static int
pending_kind(const char *v)
{
    static const char *const online[] = {
        "Starting", "Promoting", "Migrating", "start", "promote",
        "migrate_to", "migrate_from", NULL
    };
    static const char *const offline[] = {
        "Stopping", "Demoting", "stop", "demote", NULL
    };

    if (v == NULL) {
        return 0;
    }
    for (int i = 0; online[i] != NULL; i++) {
        if (g_ascii_strcasecmp(v, online[i]) == 0) {
            return ST_ONLINE_PENDING;
        }
    }
    for (int i = 0; offline[i] != NULL; i++) {
        if (g_ascii_strcasecmp(v, offline[i]) == 0) {
            return ST_OFFLINE_PENDING;
        }
    }
    return 0;
}

static enum status
instance_status(xmlNode *r)
{
    char buf[64];
    int p;

    if (attr_true(r, "failed")) {
        return ST_FAILED;
    }
    p = pending_kind(attr(r, "pending", buf, sizeof(buf)));
    if (p == 0) {
        p = pending_kind(attr(r, "role", buf, sizeof(buf)));
    }
    if (p != 0) {
        return (enum status) p;
    }
    return attr_true(r, "active") ? ST_ONLINE : ST_OFFLINE;
}

/* every <resource> element at or below n, in document order */
static void
collect_instances(xmlNode *n, GPtrArray *out)
{
    if (is_elem(n, "resource")) {
        g_ptr_array_add(out, n);
        return; /* a primitive has only <node> children */
    }
    for (xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            collect_instances(c, out);
        }
    }
}

/* resource state and owner (NULL: none) from its instances */
static enum status
resource_state(struct expected *e, GPtrArray *inst, char **owner)
{
    enum status best = ST_OFFLINE;
    guint best_rank = G_MAXUINT;
    char name[256];

    *owner = NULL;
    for (guint i = 0; i < inst->len; i++) {
        enum status s = instance_status(g_ptr_array_index(inst, i));

        if (s > best) {
            best = s;
        }
    }
    for (guint i = 0; i < inst->len; i++) {
        xmlNode *r = g_ptr_array_index(inst, i);

        if (instance_status(r) != best) {
            continue;
        }
        for (xmlNode *c = r->children; c != NULL; c = c->next) {
            guint rank;

            if (!is_elem(c, "node") || attr(c, "name", name, sizeof(name)) == NULL) {
                continue;
            }
            /* a node missing from <nodes>: after all listed ones */
            rank = GPOINTER_TO_UINT(g_hash_table_lookup(e->rank, name));
            if (rank == 0) {
                rank = G_MAXUINT - 1;
            }
            if (*owner == NULL || rank < best_rank
                || (rank == best_rank && strcmp(name, *owner) < 0)) {
                g_free(*owner);
                *owner = g_strdup(name);
                best_rank = rank;
            }
        }
    }
    return best;
}

/* one resource of a group: its line; returns its state, *owner set */
/* count one object state in the coverage table */
static void
seen(struct expected *e, const char *kind, const char *state)
{
    char *key = g_strdup_printf("%s %s", kind, state);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(e->seen, key));

    g_hash_table_replace(e->seen, key, GUINT_TO_POINTER(n + 1));
}

static enum status
add_resource(struct expected *e, const char *name, const char *group,
             GPtrArray *inst, char **owner)
{
    enum status s = resource_state(e, inst, owner);

    seen(e, "resource", status_name[s]);
    g_ptr_array_add(e->lines,
                    g_strdup_printf("resource %s %s %s %s", name,
                                    status_name[s], *owner ? *owner : "-",
                                    group));
    e->resources++;
    return s;
}

static void
add_group(struct expected *e, const char *name, const enum status *st,
          char **owners, guint n)
{
    gboolean failed = FALSE, pending = FALSE;
    guint online = 0;
    const char *owner = NULL, *state;

    for (guint i = 0; i < n; i++) {
        failed |= st[i] == ST_FAILED;
        pending |= st[i] == ST_ONLINE_PENDING || st[i] == ST_OFFLINE_PENDING;
        online += st[i] == ST_ONLINE;
        if (owner == NULL && owners[i] != NULL) {
            owner = owners[i];
        }
    }
    if (failed) {
        state = "Failed";
    } else if (pending) {
        state = "Pending";
    } else if (n > 0 && online == n) {
        state = "Online";
    } else if (online > 0) {
        state = "PartialOnline";
    } else {
        state = "Offline";
    }
    seen(e, "group", state);
    g_ptr_array_add(e->lines, g_strdup_printf("group %s %s %s", name, state,
                                              owner ? owner : "-"));
    e->groups++;
}

static const char *
node_state(xmlNode *n)
{
    if (attr_true(n, "pending")) {
        return "Joining";
    }
    if (!attr_true(n, "online")) {
        return "Down";
    }
    if (attr_true(n, "unclean") || attr_true(n, "standby")
        || attr_true(n, "standby_onfail") || attr_true(n, "maintenance")
        || attr_true(n, "shutdown")) {
        return "Paused";
    }
    return "Up";
}

/* A failed action's line: the values crm_mon prints; those after the
 * reason only where it knows when the result changed */
static char *
failure_line(const char *node, const char *key, const char *exitcode,
             const char *exitstatus, const char *status, const char *call,
             const char *reason, const char *task, const char *interval,
             gint64 lrc, const char *queued, const char *exec)
{
    GString *s = g_string_new(NULL);

    g_string_printf(s, "failure %s %s exit=%s(%s) status=%s call=%s "
                       "reason=%s", node, key, exitcode, exitstatus, status,
                    call, reason[0] ? reason : "none");
    if (lrc > 0) {
        g_string_append_printf(s, " task=%s interval=%s lrc=%" G_GINT64_FORMAT,
                               task, interval, lrc);
        if (queued != NULL) {
            g_string_append_printf(s, " queued=%s", queued);
        }
        if (exec != NULL) {
            g_string_append_printf(s, " exec=%s", exec);
        }
    }
    return g_string_free(s, FALSE);
}

/* crm_mon's <failure op_key|id= node= exitstatus= exitreason= exitcode=
 * call= status= [last-rc-change= queued= exec= interval= task=]> */
static char *
expected_failure(xmlNode *f)
{
    char key[256], node[256], es[128], reason[512] = "", code[32], call[32],
        st[64], lrc_s[64], queued[32], exec[32], interval[32], task[64];
    gint64 lrc = 0;

    if (attr(f, "op_key", key, sizeof(key)) == NULL) {
        attr(f, "id", key, sizeof(key));
    }
    if (attr(f, "last-rc-change", lrc_s, sizeof(lrc_s)) != NULL) {
        /* "2023-11-14 22:13:20Z" or with an offset: ISO 8601 */
        g_autoptr(GDateTime) t = NULL;
        char *sp = strchr(lrc_s, ' ');

        if (sp != NULL) {
            *sp = 'T';
        }
        t = g_date_time_new_from_iso8601(lrc_s, NULL);
        lrc = t != NULL ? g_date_time_to_unix(t) : -1;
    }
    /* crm_mon escapes the reason before it sets the attribute, so the
     * attribute holds the entities themselves: undo that once */
    if (attr(f, "exitreason", reason, sizeof(reason)) != NULL) {
        static const char *const ents[][2] = {
            { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
            { "&apos;", "'" }, { "&#x27;", "'" }, { "&amp;", "&" },
        };

        for (size_t i = 0; i < G_N_ELEMENTS(ents); i++) {
            g_auto(GStrv) parts = g_strsplit(reason, ents[i][0], -1);
            g_autofree char *joined = g_strjoinv(ents[i][1], parts);

            g_strlcpy(reason, joined, sizeof(reason));
        }
    }
    return failure_line(attr(f, "node", node, sizeof(node)) ?: "?", key,
                        attr(f, "exitcode", code, sizeof(code)) ?: "?",
                        attr(f, "exitstatus", es, sizeof(es)) ?: "?",
                        attr(f, "status", st, sizeof(st)) ?: "?",
                        attr(f, "call", call, sizeof(call)) ?: "?",
                        reason,
                        attr(f, "task", task, sizeof(task)) ?: "",
                        attr(f, "interval", interval, sizeof(interval)) ?: "0",
                        lrc, attr(f, "queued", queued, sizeof(queued)),
                        attr(f, "exec", exec, sizeof(exec)));
}

/* The top-level resources of crm_mon's <resources> (with only: those
 * named in it); each id listed is added to listed */
static void
add_resources(struct expected *e, xmlNode *rscs, GHashTable *only,
              GHashTable *listed)
{
    char name[256];
    enum status s;

    for (xmlNode *r = rscs ? rscs->children : NULL; r != NULL; r = r->next) {
        g_autoptr(GPtrArray) inst = g_ptr_array_new();
        char *owner = NULL;

        if (r->type != XML_ELEMENT_NODE
            || attr(r, "id", name, sizeof(name)) == NULL
            || (only != NULL && !g_hash_table_contains(only, name))) {
            continue;
        }
        g_hash_table_add(listed, g_strdup(name));
        if (is_elem(r, "group")) {
            g_autoptr(GArray) st = g_array_new(FALSE, FALSE, sizeof(enum status));
            g_autoptr(GPtrArray) owners = g_ptr_array_new_with_free_func(g_free);
            char member[256];

            for (xmlNode *m = r->children; m != NULL; m = m->next) {
                if (!is_elem(m, "resource")
                    || attr(m, "id", member, sizeof(member)) == NULL) {
                    continue;
                }
                g_ptr_array_set_size(inst, 0);
                g_ptr_array_add(inst, m);
                s = add_resource(e, member, name, inst, &owner);
                g_array_append_val(st, s);
                g_ptr_array_add(owners, owner);
            }
            add_group(e, name, (enum status *) (void *) st->data,
                      (char **) owners->pdata, st->len);
        } else if (is_elem(r, "resource") || is_elem(r, "clone")
                   || is_elem(r, "bundle")) {
            if (attr_true(r, "orphaned")) {
                continue;
            }
            collect_instances(r, inst);
            s = add_resource(e, name, name, inst, &owner);
            add_group(e, name, &s, &owner, 1);
            g_free(owner);
        }
    }
}

/* run crm_mon on path (by_node: with --group-by-node); its stdout, or NULL
 * with *err */
static char *
run_crm_mon(const char *path, gboolean by_node, size_t *len, char **err)
{
    char *argv[] = { (char *) "crm_mon", (char *) "-1",
                     (char *) "--output-as=xml", (char *) "--inactive",
                     by_node ? (char *) "--group-by-node" : NULL, NULL };
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "CIB_file", path, TRUE);
    g_autofree char *errout = NULL;
    g_autoptr(GError) error = NULL;
    char *out = NULL;
    int status;

    if (!g_spawn_sync(NULL, argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                      &errout, &status, &error)) {
        *err = g_strdup_printf("crm_mon: %s", error->message);
        return NULL;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *err = g_strdup_printf("crm_mon failed (wait status %d): %s", status,
                               g_strstrip(errout));
        g_free(out);
        return NULL;
    }
    *len = strlen(out);
    return out;
}

/* crm_mon leaves out a clone, group or bundle that is active only
 * through unmanaged instances on offline nodes: Pacemaker does not add such
 * a node to the parents' running nodes (native_add_running), and
 * resource_list skips a partially active resource running on no node.  Its
 * --group-by-node view lists it among the resources not wholly active, so
 * the configured top-level resources missing from <resources> are taken
 * from there (docs/mapping.md). */
static gboolean
add_omitted(struct expected *e, const char *path, GHashTable *listed,
            char **err)
{
    static const char *const kinds[] = { "primitive", "group", "clone",
                                         "master", "bundle" };
    g_autoptr(GHashTable) only = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    xmlDoc *cib = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    xmlNode *root = cib ? xmlDocGetRootElement(cib) : NULL;
    xmlNode *conf = root ? child(root, "configuration") : NULL;
    xmlNode *rscs = conf ? child(conf, "resources") : NULL;
    g_autofree char *xml = NULL;
    xmlDoc *doc;
    size_t len = 0;
    char id[256];

    for (xmlNode *r = rscs ? rscs->children : NULL; r != NULL; r = r->next) {
        for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
            if (is_elem(r, kinds[k]) && attr(r, "id", id, sizeof(id)) != NULL
                && !g_hash_table_contains(listed, id)) {
                g_hash_table_add(only, g_strdup(id));
            }
        }
    }
    xmlFreeDoc(cib);
    if (g_hash_table_size(only) == 0) {
        return TRUE;
    }
    xml = run_crm_mon(path, TRUE, &len, err);
    if (xml == NULL) {
        return FALSE;
    }
    doc = xmlReadMemory(xml, (int) len, "crm_mon.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_HUGE);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root == NULL) {
        *err = g_strdup("crm_mon --group-by-node output is not XML");
        xmlFreeDoc(doc);
        return FALSE;
    }
    add_resources(e, child(root, "resources"), only, listed);
    xmlFreeDoc(doc);
    return TRUE;
}

/* crm_mon's XML of the CIB file path -> e; FALSE with *err on malformed
 * output */
static gboolean
expected_view(const char *path, const char *xml, size_t len,
              struct expected *e, char **err)
{
    g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash,
                                                         g_str_equal, g_free,
                                                         NULL);
    xmlDoc *doc = xmlReadMemory(xml, (int) len, "crm_mon.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_HUGE);
    xmlNode *root, *nodes, *failures;
    char name[256];
    guint pos = 0;

    if (doc == NULL) {
        *err = g_strdup("crm_mon output is not XML");
        return FALSE;
    }
    root = xmlDocGetRootElement(doc);
    nodes = root ? child(root, "nodes") : NULL;
    if (nodes == NULL) {
        /* crm_mon exits 0 when it cannot read the CIB: <status><errors> */
        xmlNode *st = root ? child(root, "status") : NULL;
        xmlNode *errs = st ? child(st, "errors") : NULL;
        xmlNode *e1 = errs ? child(errs, "error") : NULL;
        xmlChar *text = e1 ? xmlNodeGetContent(e1) : NULL;

        *err = g_strdup_printf("no <nodes> in crm_mon output%s%s",
                               text ? ": " : "", text ? (char *) text : "");
        xmlFree(text);
        xmlFreeDoc(doc);
        return FALSE;
    }
    for (xmlNode *n = nodes->children; n != NULL; n = n->next) {
        if (!is_elem(n, "node") || attr(n, "name", name, sizeof(name)) == NULL) {
            continue;
        }
        g_hash_table_insert(e->rank, g_strdup(name), GUINT_TO_POINTER(++pos));
        seen(e, "node", node_state(n));
        g_ptr_array_add(e->lines, g_strdup_printf("node %s %s", name,
                                                  node_state(n)));
        e->nodes++;
    }

    /* absent when nothing is configured */
    add_resources(e, child(root, "resources"), NULL, listed);
    if (!add_omitted(e, path, listed, err)) {
        xmlFreeDoc(doc);
        return FALSE;
    }
    failures = child(root, "failures");
    for (xmlNode *f = failures ? failures->children : NULL; f != NULL;
         f = f->next) {
        if (is_elem(f, "failure")) {
            g_ptr_array_add(e->lines, expected_failure(f));
            e->failures++;
        }
    }
    xmlFreeDoc(doc);
    return TRUE;
}

/* ----------------------------------------------------- the actual view -- */

/* the names of one enumeration, or NULL with *err */
static GPtrArray *
enum_names(HCLUSTER c, DWORD type, char **err)
{
    HCLUSENUM e = ClusterOpenEnum(c, type);
    GPtrArray *names;

    if (e == NULL) {
        *err = g_strdup_printf("ClusterOpenEnum(%u) failed: error %u",
                               (unsigned) type, (unsigned) GetLastError());
        return NULL;
    }
    names = g_ptr_array_new_with_free_func(g_free);
    for (DWORD i = 0;; i++) {
        DWORD t, len = 64, rc;
        char *buf = g_malloc(len);

        rc = ClusterEnumA(e, i, &t, buf, &len);
        if (rc == ERROR_MORE_DATA) {
            len++;
            buf = g_realloc(buf, len);
            rc = ClusterEnumA(e, i, &t, buf, &len);
        }
        if (rc == ERROR_NO_MORE_ITEMS) {
            g_free(buf);
            break;
        }
        if (rc != ERROR_SUCCESS) {
            g_free(buf);
            *err = g_strdup_printf("ClusterEnumA(%u, %u) failed: error %u",
                                   (unsigned) type, (unsigned) i, (unsigned) rc);
            g_ptr_array_unref(names);
            names = NULL;
            break;
        }
        g_ptr_array_add(names, buf);
    }
    ClusterCloseEnum(e);
    return names;
}

static char *
dash(const char *s)
{
    return g_strdup(s[0] ? s : "-");
}

/* the failed actions, as clusapi_failed_actions gives them */
static gboolean
actual_failures(HCLUSTER c, GPtrArray *lines, char **err)
{
    DWORD size = 0, n = 0, rc;
    g_autofree CLUSAPI_FAILED_ACTION *buf = NULL;

    rc = clusapi_failed_actions(c, NULL, NULL, &size, &n);
    if (rc == ERROR_MORE_DATA) {
        buf = g_malloc(size);
        rc = clusapi_failed_actions(c, NULL, buf, &size, &n);
    }
    if (rc != ERROR_SUCCESS) {
        *err = g_strdup_printf("clusapi_failed_actions: error %u",
                               (unsigned) rc);
        return FALSE;
    }
    for (DWORD i = 0; i < n; i++) {
        const CLUSAPI_FAILED_ACTION *a = &buf[i];
        char code[32], call[32], interval[32], queued[32], exec[32];

        g_snprintf(code, sizeof(code), "%d", (int) a->lExitCode);
        g_snprintf(call, sizeof(call), "%d", (int) a->lCallId);
        g_snprintf(interval, sizeof(interval), "%u",
                   (unsigned) a->dwIntervalMs);
        g_snprintf(queued, sizeof(queued), "%d", (int) a->lQueuedMs);
        g_snprintf(exec, sizeof(exec), "%d", (int) a->lExecMs);
        g_ptr_array_add(lines, failure_line(
            a->lpszNode, a->lpszOperationKey, code, a->lpszExitStatus,
            a->lpszExecStatus, call, a->lpszExitReason, a->lpszTask,
            interval, a->llLastRcChange, a->lQueuedMs >= 0 ? queued : NULL,
            a->lExecMs >= 0 ? exec : NULL));
    }
    return TRUE;
}

/* the library's view of the CIB file path, or FALSE with *err */
static gboolean
actual_view(const char *path, GPtrArray *lines, char **err)
{
    HCLUSTER c;
    g_autoptr(GPtrArray) nodes = NULL;
    g_autoptr(GPtrArray) groups = NULL;
    g_autoptr(GPtrArray) rscs = NULL;
    gboolean ok = FALSE;

    setenv("CIB_file", path, 1);
    c = OpenClusterA(NULL);
    if (c == NULL) {
        *err = g_strdup_printf("OpenClusterA(NULL) failed: error %u",
                               (unsigned) GetLastError());
        return FALSE;
    }
    if ((nodes = enum_names(c, CLUSTER_ENUM_NODE, err)) == NULL
        || (groups = enum_names(c, CLUSTER_ENUM_GROUP, err)) == NULL
        || (rscs = enum_names(c, CLUSTER_ENUM_RESOURCE, err)) == NULL) {
        goto done;
    }
    for (guint i = 0; i < nodes->len; i++) {
        const char *name = g_ptr_array_index(nodes, i);
        HNODE h = OpenClusterNodeA(c, name);

        if (h == NULL) {
            *err = g_strdup_printf("OpenClusterNodeA(%s): error %u", name,
                                   (unsigned) GetLastError());
            goto done;
        }
        g_ptr_array_add(lines, g_strdup_printf("node %s %s", name,
                                               clusapi__node_state_name(GetClusterNodeState(h))));
        CloseClusterNode(h);
    }
    for (guint i = 0; i < groups->len; i++) {
        const char *name = g_ptr_array_index(groups, i);
        HGROUP h = OpenClusterGroupA(c, name);
        char owner[512] = "";
        DWORD olen = sizeof(owner);
        CLUSTER_GROUP_STATE s;
        g_autofree char *o = NULL;

        if (h == NULL) {
            *err = g_strdup_printf("OpenClusterGroupA(%s): error %u", name,
                                   (unsigned) GetLastError());
            goto done;
        }
        s = GetClusterGroupStateA(h, owner, &olen);
        o = dash(owner);
        g_ptr_array_add(lines, g_strdup_printf("group %s %s %s", name,
                                               clusapi__group_state_name(s), o));
        CloseClusterGroup(h);
    }
    for (guint i = 0; i < rscs->len; i++) {
        const char *name = g_ptr_array_index(rscs, i);
        HRESOURCE h = OpenClusterResourceA(c, name);
        char owner[512] = "", group[512] = "";
        DWORD olen = sizeof(owner), glen = sizeof(group);
        CLUSTER_RESOURCE_STATE s;
        g_autofree char *o = NULL;
        g_autofree char *g = NULL;

        if (h == NULL) {
            *err = g_strdup_printf("OpenClusterResourceA(%s): error %u", name,
                                   (unsigned) GetLastError());
            goto done;
        }
        s = GetClusterResourceStateA(h, owner, &olen, group, &glen);
        o = dash(owner);
        g = dash(group);
        g_ptr_array_add(lines, g_strdup_printf("resource %s %s %s %s", name,
                                               clusapi__resource_state_name(s), o, g));
        CloseClusterResource(h);
    }
    ok = actual_failures(c, lines, err);
done:
    CloseCluster(c);
    return ok;
}

/* ----------------------------------------------------------- the diff -- */

struct dline {
    char mark; /* ' ', '-', '+' */
    const char *text;
};

/* merge two sorted lists into marked lines; returns the number of - and + */
static guint
merge(GPtrArray *exp, GPtrArray *act, GArray *out)
{
    guint i = 0, j = 0, ndiff = 0;

    while (i < exp->len || j < act->len) {
        struct dline d;
        int cmp;

        if (i == exp->len) {
            cmp = 1;
        } else if (j == act->len) {
            cmp = -1;
        } else {
            cmp = strcmp(g_ptr_array_index(exp, i), g_ptr_array_index(act, j));
        }
        if (cmp == 0) {
            d.mark = ' ';
            d.text = g_ptr_array_index(exp, i++);
            j++;
        } else if (cmp < 0) {
            d.mark = '-';
            d.text = g_ptr_array_index(exp, i++);
            ndiff++;
        } else {
            d.mark = '+';
            d.text = g_ptr_array_index(act, j++);
            ndiff++;
        }
        g_array_append_val(out, d);
    }
    return ndiff;
}

/* unified-style hunks (2 lines of context) as TAP comments; at most max
 * changed lines (-1: all) */
static void
print_diff(const char *path, GArray *m, int max)
{
    const int ctx = 2;
    int shown = 0;
    gint last = -1; /* last printed index */

    printf("# --- expected: crm_mon -1 --output-as=xml --inactive (CIB_file=%s)\n",
           path);
    printf("# +++ actual: libclusapi\n");
    for (guint i = 0; i < m->len; i++) {
        struct dline *d = &g_array_index(m, struct dline, i);
        guint from, to;

        if (d->mark == ' ') {
            continue;
        }
        if (max >= 0 && shown >= max) {
            printf("# ... (more differences)\n");
            return;
        }
        from = i >= (guint) ctx ? i - ctx : 0;
        if ((gint) from <= last) {
            from = last + 1;
        } else {
            printf("# @@ line %u @@\n", from + 1);
        }
        to = MIN(i + ctx, m->len - 1);
        /* extend over the following changed lines */
        for (guint k = i + 1; k < m->len && k <= to + ctx; k++) {
            if (g_array_index(m, struct dline, k).mark != ' ') {
                to = MIN(k + ctx, m->len - 1);
            }
        }
        for (guint k = from; k <= to; k++) {
            struct dline *x = &g_array_index(m, struct dline, k);

            if (x->mark != ' ') {
                if (max >= 0 && shown >= max) {
                    printf("# ... (more differences)\n");
                    return;
                }
                shown++;
            }
            printf("# %c%s\n", x->mark, x->text);
        }
        last = to;
        i = to;
    }
}

/* ------------------------------------------------------------- main -- */

static int
env_int(const char *name, int dflt)
{
    const char *v = g_getenv(name);

    return (v != NULL && *v) ? atoi(v) : dflt;
}

int
main(int argc, char **argv)
{
    gboolean keep_going = env_int("CRMMON_KEEP_GOING", 0) != 0;
    gboolean verbose = env_int("CRMMON_VERBOSE", 0) != 0;
    int max_diff = env_int("CRMMON_MAX_DIFF", 12);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *crm_mon = g_find_program_in_path("crm_mon");
    const char *dir = NULL;
    unsigned nsnap = 0, nbad = 0, nnodes = 0, ngroups = 0, nrscs = 0,
             nfail = 0;
    g_autoptr(GHashTable) states = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                        g_free, NULL);

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--keep-going") == 0 || strcmp(argv[i], "-k") == 0) {
            keep_going = TRUE;
        } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            verbose = TRUE;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: test-crmmon [--keep-going] [--verbose] DIR [FILE...]\n");
            return 2;
        } else if (dir == NULL) {
            dir = argv[i];
        } else if (strchr(argv[i], '/') != NULL) {
            g_ptr_array_add(files, g_strdup(argv[i]));
        } else {
            g_ptr_array_add(files, g_build_filename(dir, argv[i], NULL));
        }
    }
    if (dir == NULL) {
        fprintf(stderr, "usage: test-crmmon [--keep-going] [--verbose] DIR [FILE...]\n");
        return 2;
    }
    printf("TAP version 13\n");
    if (crm_mon == NULL) {
        printf("1..0 # SKIP crm_mon is not installed\n");
        return 77;
    }
    if (files->len == 0) {
        g_autoptr(GError) error = NULL;
        GDir *d = g_dir_open(dir, 0, &error);
        const char *name;

        if (d == NULL) {
            printf("Bail out! %s\n", error->message);
            return 1;
        }
        while ((name = g_dir_read_name(d)) != NULL) {
            if (g_str_has_suffix(name, ".xml")) {
                g_ptr_array_add(files, g_build_filename(dir, name, NULL));
            }
        }
        g_dir_close(d);
        g_ptr_array_sort(files, compare_str);
        if (files->len == 0) {
            printf("Bail out! no snapshot (*.xml) in %s\n", dir);
            return 1;
        }
    }
    printf("1..%u\n", files->len);
    fflush(stdout);

    for (guint f = 0; f < files->len; f++) {
        const char *path = g_ptr_array_index(files, f);
        g_autofree char *base = g_path_get_basename(path);
        g_autofree char *cwd = g_get_current_dir();
        g_autofree char *abs = g_path_is_absolute(path)
                               ? g_strdup(path) : g_build_filename(cwd, path, NULL);
        g_autofree char *xml = NULL;
        g_autofree char *err = NULL;
        g_autoptr(GPtrArray) act = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GArray) m = g_array_new(FALSE, FALSE, sizeof(struct dline));
        struct expected e = { 0 };
        size_t len = 0;
        guint ndiff;

        e.lines = g_ptr_array_new_with_free_func(g_free);
        e.seen = states;
        e.rank = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        nsnap++;
        xml = run_crm_mon(abs, FALSE, &len, &err);
        if (xml == NULL || !expected_view(abs, xml, len, &e, &err)
            || !actual_view(abs, act, &err)) {
            nbad++;
            printf("not ok %u - %s: %s\n", f + 1, base, err);
            g_ptr_array_unref(e.lines);
            g_hash_table_destroy(e.rank);
            if (!keep_going) {
                printf("Bail out! %s: %s\n", path, err);
                return 1;
            }
            continue;
        }
        nnodes += e.nodes;
        ngroups += e.groups;
        nrscs += e.resources;
        nfail += e.failures;
        g_ptr_array_sort(e.lines, compare_str);
        g_ptr_array_sort(act, compare_str);
        ndiff = merge(e.lines, act, m);
        if (verbose) {
            printf("# ==== %s\n", path);
            for (guint i = 0; i < m->len; i++) {
                printf("# %c%s\n", g_array_index(m, struct dline, i).mark,
                       g_array_index(m, struct dline, i).text);
            }
        }
        if (ndiff == 0) {
            printf("ok %u - %s (%u nodes, %u groups, %u resources, %u failed "
                   "actions)\n", f + 1, base, e.nodes, e.groups, e.resources,
                   e.failures);
        } else {
            nbad++;
            printf("not ok %u - %s: %u of %u lines disagree\n", f + 1, base,
                   ndiff, m->len);
            print_diff(path, m, keep_going ? max_diff : -1);
            if (!keep_going) {
                printf("# compared %u snapshots, %u nodes, %u groups, %u "
                       "resources, %u failed actions\n", nsnap, nnodes,
                       ngroups, nrscs, nfail);
                printf("Bail out! %s disagrees with crm_mon (CRMMON_KEEP_GOING=1 to go on)\n",
                       path);
                g_ptr_array_unref(e.lines);
                g_hash_table_destroy(e.rank);
                return 1;
            }
        }
        fflush(stdout);
        g_ptr_array_unref(e.lines);
        g_hash_table_destroy(e.rank);
    }
    {
        /* which expected states the corpus produced, and how often */
        g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(states),
                                            (GCompareFunc) strcmp);
        GString *line = g_string_new("# expected states seen:");

        for (GList *k = keys; k != NULL; k = k->next) {
            g_string_append_printf(line, " %s=%u", (char *) k->data,
                                   GPOINTER_TO_UINT(g_hash_table_lookup(states, k->data)));
        }
        printf("%s\n", line->str);
        g_string_free(line, TRUE);
    }
    printf("# compared %u snapshots, %u nodes, %u groups, %u resources, %u "
           "failed actions\n", nsnap, nnodes, ngroups, nrscs, nfail);
    printf("# %u of %u snapshots disagree\n", nbad, nsnap);
    return nbad == 0 ? 0 : 1;
}

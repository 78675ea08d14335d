/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-registry.c - unit tests of the cluster database's layout
 * (core/registry.c): every key of the layout read from one CIB, with the
 * attribute sets as Pacemaker applies them (rules at the model's clock,
 * scores, "#default"), templates, clones, a guest node's connection, and
 * the paths that name no key; the REGISTRY_* events between two databases,
 * and those of each kind of change in the recorded fixtures (a cluster
 * option, a meta or instance attribute, a permanent or transient node
 * attribute, a resource created or deleted, a group's members changed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "clusapi.h"
#include "core/model.h"
#include "core/registry.h"

/* 2024-03-01 00:00:00 UTC */
#define NOW 1709251200LL

static const char cib_text[] =
    "<cib have-quorum='1' validate-with='pacemaker-3.9'><configuration>"
    "<crm_config>"
    "<cluster_property_set id='low' score='1'>"
    "<nvpair id='l1' name='cluster-name' value='low'/>"
    "<nvpair id='l2' name='stonith-enabled' value='false'/>"
    "</cluster_property_set>"
    "<cluster_property_set id='opts' score='10'>"
    "<nvpair id='o1' name='cluster-name' value='regtest'/>"
    "<nvpair id='o2' name='no-quorum-policy' value='ignore'/>"
    "</cluster_property_set></crm_config>"
    "<nodes>"
    "<node id='1' uname='n1'><instance_attributes id='n1-a'>"
    "<nvpair id='n1-a1' name='site' value='east'/></instance_attributes>"
    "<utilization id='n1-u'><nvpair id='n1-u1' name='cpu' value='4'/>"
    "</utilization></node>"
    "<node id='2' uname='n2'/>"
    "</nodes>"
    "<resources>"
    "<template id='tpl' class='ocf' provider='heartbeat' type='apache'/>"
    "<group id='web'><meta_attributes id='web-m'>"
    "<nvpair id='web-m1' name='target-role' value='Started'/>"
    "</meta_attributes>"
    "<primitive id='ip' class='ocf' provider='heartbeat' type='IPaddr2'>"
    "<instance_attributes id='ip-i'>"
    "<nvpair id='ip-i1' name='ip' value='10.0.0.1'/>"
    "<nvpair id='ip-i2' name='cidr_netmask' value='24'/>"
    "</instance_attributes>"
    /* a set whose date rule expired: not applied */
    "<instance_attributes id='ip-old' score='100'><rule id='ip-old-r' "
    "score='INFINITY'><date_expression id='ip-old-d' operation='lt' "
    "end='2020-01-01'/></rule>"
    "<nvpair id='ip-old1' name='ip' value='10.9.9.9'/>"
    "</instance_attributes>"
    "<meta_attributes id='ip-m'>"
    "<nvpair id='ip-m1' name='resource-stickiness' value='100'/>"
    "<nvpair id='ip-m2' name='is-managed' value='#default'/>"
    "</meta_attributes></primitive>"
    "<primitive id='www' template='tpl'/>"
    "</group>"
    "<primitive id='vm1' class='ocf' provider='pacemaker' type='Dummy'>"
    "<meta_attributes id='vm1-m'>"
    "<nvpair id='vm1-m1' name='remote-node' value='guest1'/>"
    "</meta_attributes></primitive>"
    "<clone id='dlm-clone'><meta_attributes id='dlm-m'>"
    "<nvpair id='dlm-m1' name='interleave' value='true'/>"
    "</meta_attributes>"
    "<primitive id='dlm' class='ocf' provider='pacemaker' type='controld'>"
    "<instance_attributes id='dlm-i'>"
    "<nvpair id='dlm-i1' name='args' value='-q 0'/>"
    "</instance_attributes></primitive></clone>"
    "<clone id='gc'><group id='gcg'>"
    "<primitive id='gc1' class='ocf' provider='pacemaker' type='Dummy'/>"
    "<primitive id='gc2' class='ocf' provider='pacemaker' type='Dummy'/>"
    "</group></clone>"
    "</resources><constraints/></configuration>"
    "<status/></cib>";

typedef struct fixture {
    xmlDoc *doc;
    cl_model_t *m;
    GPtrArray *nets;
    GPtrArray *ifaces;
} fixture_t;

static int
setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);

    f->doc = xmlReadMemory(cib_text, (int) strlen(cib_text), NULL, NULL,
                           XML_PARSE_NOBLANKS);
    assert_non_null(f->doc);
    f->m = clusapi__model_new();
    clusapi__model_set_clock(f->m, NOW);
    clusapi__model_load(f->m, xmlDocGetRootElement(f->doc), NULL);
    f->nets = g_ptr_array_new();
    g_ptr_array_add(f->nets, (gpointer) "link0");
    f->ifaces = g_ptr_array_new();
    g_ptr_array_add(f->ifaces, (gpointer) "n1 - link0");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture_t *f = *state;

    clusapi__model_free(f->m);
    xmlFreeDoc(f->doc);
    g_ptr_array_unref(f->nets);
    g_ptr_array_unref(f->ifaces);
    g_free(f);
    return 0;
}

static cl_reg_key_t *
key(void **state, const char *path)
{
    fixture_t *f = *state;

    return clusapi__reg_key(f->m, xmlDocGetRootElement(f->doc), f->nets,
                            f->ifaces, path);
}

static gint
cmp_strp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The subkeys of k, joined by ',' */
static char *
subkeys(const cl_reg_key_t *k)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < k->subkeys->len; i++) {
        g_string_append_printf(s, "%s%s", i > 0 ? "," : "",
                               (char *) g_ptr_array_index(k->subkeys, i));
    }
    return g_string_free(s, FALSE);
}

/* The value names of k, joined by ',' */
static char *
value_names(const cl_reg_key_t *k)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < k->values->len; i++) {
        const cl_reg_value_t *v = g_ptr_array_index(k->values, i);

        g_string_append_printf(s, "%s%s", i > 0 ? "," : "", v->name);
    }
    return g_string_free(s, FALSE);
}

/* A REG_SZ value's string, checked to hold its NUL */
static const char *
sz(const cl_reg_key_t *k, const char *name)
{
    const cl_reg_value_t *v = clusapi__reg_value(k, name);

    if (v == NULL) {
        return NULL;
    }
    assert_int_equal(v->type, CL_REG_SZ);
    assert_int_equal(v->len, strlen(v->data) + 1);
    return v->data;
}

static void
test_root(void **state)
{
    cl_reg_key_t *k = key(state, "");
    g_autofree char *sub = NULL;
    g_autofree char *vals = NULL;

    assert_non_null(k);
    sub = subkeys(k);
    assert_string_equal(sub, "Groups,NetworkInterfaces,Networks,Nodes,"
                             "ResourceTypes,Resources");
    /* the set of score 10 first: its cluster-name wins */
    vals = value_names(k);
    assert_string_equal(vals, "cluster-name,no-quorum-policy,"
                              "stonith-enabled");
    assert_string_equal(sz(k, "cluster-name"), "regtest");
    assert_string_equal(sz(k, "CLUSTER-NAME"), "regtest"); /* any case */
    assert_string_equal(sz(k, "stonith-enabled"), "false");
    clusapi__reg_key_free(k);
}

static void
test_lists(void **state)
{
    static const struct {
        const char *path, *subkeys;
    } cases[] = {
        { "Nodes", "guest1,n1,n2" }, /* the guest node too */
        { "nodes", "guest1,n1,n2" }, /* the root's keys: any case */
        { "Groups", "dlm-clone,gc,guest1,vm1,web" },
        { "Resources", "dlm-clone,gc,guest1,ip,vm1,www" },
        { "ResourceTypes", "ocf:heartbeat:IPaddr2,ocf:heartbeat:apache,"
                           "ocf:pacemaker:Dummy,ocf:pacemaker:controld" },
        { "Networks", "link0" },
        { "NetworkInterfaces", "n1 - link0" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        cl_reg_key_t *k = key(state, cases[i].path);
        g_autofree char *sub = NULL;

        assert_non_null(k);
        sub = subkeys(k);
        if (strcmp(sub, cases[i].subkeys) != 0) {
            fail_msg("%s: subkeys %s, not %s", cases[i].path, sub,
                     cases[i].subkeys);
        }
        assert_int_equal(k->values->len, 0);
        clusapi__reg_key_free(k);
    }
}

static void
test_resource(void **state)
{
    cl_reg_key_t *k = key(state, "Resources\\ip");
    g_autofree char *sub = NULL;
    g_autofree char *vals = NULL;

    assert_non_null(k);
    sub = subkeys(k);
    assert_string_equal(sub, "Parameters");
    vals = value_names(k);
    /* is-managed="#default": no value */
    assert_string_equal(vals, "Name,Type,Group,resource-stickiness");
    assert_string_equal(sz(k, "Name"), "ip");
    assert_string_equal(sz(k, "Type"), "ocf:heartbeat:IPaddr2");
    assert_string_equal(sz(k, "Group"), "web");
    assert_string_equal(sz(k, "resource-stickiness"), "100");
    clusapi__reg_key_free(k);

    /* the expired set of score 100 does not count */
    k = key(state, "Resources\\ip\\Parameters");
    assert_non_null(k);
    assert_int_equal(k->subkeys->len, 0);
    assert_string_equal(sz(k, "ip"), "10.0.0.1");
    assert_string_equal(sz(k, "cidr_netmask"), "24");
    assert_int_equal(k->values->len, 2);
    clusapi__reg_key_free(k);

    k = key(state, "resources\\ip\\parameters"); /* Windows' case rule */
    assert_non_null(k);
    clusapi__reg_key_free(k);

    /* a template's agent; an ungrouped primitive's implicit group */
    k = key(state, "Resources\\www");
    assert_string_equal(sz(k, "Type"), "ocf:heartbeat:apache");
    clusapi__reg_key_free(k);
    k = key(state, "Resources\\vm1");
    assert_string_equal(sz(k, "Group"), "vm1");
    assert_string_equal(sz(k, "remote-node"), "guest1");
    clusapi__reg_key_free(k);
    /* the guest node's connection, made up by Pacemaker */
    k = key(state, "Resources\\guest1");
    assert_non_null(k);
    assert_string_equal(sz(k, "Type"), "ocf:pacemaker:remote");
    clusapi__reg_key_free(k);
}

static void
test_clones(void **state)
{
    cl_reg_key_t *k = key(state, "Resources\\dlm-clone");

    assert_non_null(k);
    assert_string_equal(sz(k, "Type"), "ocf:pacemaker:controld");
    assert_string_equal(sz(k, "interleave"), "true");
    clusapi__reg_key_free(k);
    k = key(state, "Resources\\dlm-clone\\Parameters");
    assert_string_equal(sz(k, "args"), "-q 0");
    clusapi__reg_key_free(k);
    /* a clone of a group has no one agent */
    k = key(state, "Resources\\gc");
    assert_non_null(k);
    assert_null(clusapi__reg_value(k, "Type"));
    clusapi__reg_key_free(k);
}

static void
test_group(void **state)
{
    cl_reg_key_t *k = key(state, "Groups\\web");
    const cl_reg_value_t *v;

    assert_non_null(k);
    assert_int_equal(k->subkeys->len, 0);
    assert_string_equal(sz(k, "Name"), "web");
    assert_string_equal(sz(k, "target-role"), "Started");
    v = clusapi__reg_value(k, "Contains");
    assert_non_null(v);
    assert_int_equal(v->type, CL_REG_MULTI_SZ);
    assert_int_equal(v->len, sizeof("ip\0www\0"));
    assert_memory_equal(v->data, "ip\0www\0", sizeof("ip\0www\0"));
    clusapi__reg_key_free(k);
}

static void
test_node(void **state)
{
    cl_reg_key_t *k = key(state, "Nodes\\n1");
    g_autofree char *sub = NULL;

    assert_non_null(k);
    sub = subkeys(k);
    assert_string_equal(sub, "Utilization");
    assert_string_equal(sz(k, "NodeName"), "n1");
    assert_string_equal(sz(k, "NodeId"), "1");
    assert_string_equal(sz(k, "site"), "east");
    clusapi__reg_key_free(k);
    k = key(state, "Nodes\\n1\\Utilization");
    assert_string_equal(sz(k, "cpu"), "4");
    clusapi__reg_key_free(k);
    /* no utilization: no subkey */
    k = key(state, "Nodes\\n2");
    assert_int_equal(k->subkeys->len, 0);
    clusapi__reg_key_free(k);
    assert_null(key(state, "Nodes\\n2\\Utilization"));
}

static void
test_names(void **state)
{
    cl_reg_key_t *k = key(state, "ResourceTypes\\ocf:pacemaker:Dummy");

    assert_non_null(k);
    assert_string_equal(sz(k, "Name"), "ocf:pacemaker:Dummy");
    assert_string_equal(sz(k, "Class"), "ocf");
    assert_string_equal(sz(k, "Provider"), "pacemaker");
    assert_string_equal(sz(k, "Type"), "Dummy");
    clusapi__reg_key_free(k);
    k = key(state, "Networks\\link0");
    assert_string_equal(sz(k, "Name"), "link0");
    clusapi__reg_key_free(k);
    k = key(state, "NetworkInterfaces\\n1 - link0");
    assert_string_equal(sz(k, "Name"), "n1 - link0");
    assert_string_equal(sz(k, "Node"), "n1");
    assert_string_equal(sz(k, "Network"), "link0");
    clusapi__reg_key_free(k);
}

/* Paths that name no key: NULL, never a crash */
static void
test_missing(void **state)
{
    static const char *const paths[] = {
        "Nope", "Resources\\nope", "Resources\\IP" /* ids: exact case */,
        "Resources\\ip\\Nope", "Resources\\ip\\Parameters\\x",
        "\\Resources", "Resources\\", "Resources\\\\ip", "Groups\\web\\x",
        "Nodes\\1" /* by name, not id */, "Networks\\link9",
        "ResourceTypes\\lsb:nope",
    };
    fixture_t *f = *state;

    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        if (key(state, paths[i]) != NULL) {
            fail_msg("%s: a key", paths[i]);
        }
    }
    assert_null(clusapi__reg_key(f->m, xmlDocGetRootElement(f->doc), NULL,
                                 NULL, NULL));
    assert_null(clusapi__reg_key(NULL, NULL, NULL, NULL, ""));
    assert_null(clusapi__reg_value(NULL, "x"));
    clusapi__reg_key_free(NULL);
}

static void
event_free(gpointer e)
{
    clusapi__event_free(e);
}

/* Registry events as "NAME path" / "VALUE path" lines */
static void
events_text(GString *out, const GPtrArray *events)
{
    for (guint i = 0; i < events->len; i++) {
        const cl_event_t *e = g_ptr_array_index(events, i);

        assert_int_equal(e->kind, CL_KIND_REGISTRY);
        g_string_append_printf(out, "%s %s\n",
                               e->change == CLUSTER_CHANGE_REGISTRY_NAME
                                   ? "NAME" : "VALUE",
                               e->id);
    }
}

/* The events between two databases: REGISTRY_VALUE for a key whose values
 * changed, REGISTRY_NAME for keys made (parents first) or gone (children
 * first), nothing for what stayed */
static void
test_diff(void **state)
{
    fixture_t *f = *state;
    xmlNode *root = xmlDocGetRootElement(f->doc);
    GHashTable *before = clusapi__reg_snapshot(f->m, root, f->nets,
                                               f->ifaces);
    GHashTable *after;
    GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
    GString *got = g_string_new(NULL);
    xmlNode *res = NULL;

    /* nothing changed: nothing */
    after = clusapi__reg_snapshot(f->m, root, f->nets, f->ifaces);
    clusapi__reg_diff(before, after, events);
    assert_int_equal(events->len, 0);
    g_hash_table_unref(after);

    /* ip's netmask changed, a resource added, the clone gc deleted */
    for (xmlNode *c = root->children; c != NULL; c = c->next) {
        if (xmlStrcmp(c->name, (const xmlChar *) "configuration") == 0) {
            for (xmlNode *r = c->children; r != NULL; r = r->next) {
                if (xmlStrcmp(r->name, (const xmlChar *) "resources") == 0) {
                    res = r;
                }
            }
        }
    }
    assert_non_null(res);
    for (xmlNode *r = res->children; r != NULL; r = r->next) {
        if (xmlStrcmp(r->name, (const xmlChar *) "clone") == 0) {
            xmlChar *id = xmlGetProp(r, (const xmlChar *) "id");

            if (xmlStrcmp(id, (const xmlChar *) "gc") == 0) {
                xmlUnlinkNode(r);
                xmlFreeNode(r);
                xmlFree(id);
                break;
            }
            xmlFree(id);
        }
    }
    {
        xmlNode *p = xmlNewChild(res, NULL, (const xmlChar *) "primitive",
                                 NULL);

        xmlNewProp(p, (const xmlChar *) "id", (const xmlChar *) "added");
        xmlNewProp(p, (const xmlChar *) "class", (const xmlChar *) "ocf");
        xmlNewProp(p, (const xmlChar *) "provider",
                   (const xmlChar *) "pacemaker");
        xmlNewProp(p, (const xmlChar *) "type", (const xmlChar *) "Dummy");
    }
    for (xmlNode *n = xmlDocGetRootElement(f->doc); n != NULL;) {
        /* find the nvpair ip-i2 by a walk (no DTD: no ID table) */
        xmlNode *next = n->children != NULL ? n->children : NULL;
        xmlChar *id = n->type == XML_ELEMENT_NODE
                          ? xmlGetProp(n, (const xmlChar *) "id") : NULL;

        if (id != NULL && xmlStrcmp(id, (const xmlChar *) "ip-i2") == 0) {
            xmlSetProp(n, (const xmlChar *) "value", (const xmlChar *) "16");
            xmlFree(id);
            break;
        }
        xmlFree(id);
        if (next == NULL) {
            while (n != NULL && n->next == NULL) {
                n = n->parent;
            }
            next = n != NULL ? n->next : NULL;
        }
        n = next;
    }
    clusapi__model_load(f->m, root, NULL);
    after = clusapi__reg_snapshot(f->m, root, f->nets, f->ifaces);
    clusapi__reg_diff(before, after, events);
    events_text(got, events);
    assert_string_equal(got->str,
                        "NAME Resources\\gc\\Parameters\n"
                        "NAME Resources\\gc\n"
                        "NAME Groups\\gc\n"
                        "NAME Groups\\added\n"
                        "NAME Resources\\added\n"
                        "NAME Resources\\added\\Parameters\n"
                        "VALUE Resources\\ip\\Parameters\n");
    g_string_free(got, TRUE);
    g_ptr_array_unref(events);
    g_hash_table_unref(before);
    g_hash_table_unref(after);
}

/* The REGISTRY_* events of one recorded fixture step (tests/fixtures/cib):
 * the database of a fresh load of the CIB before it against that of the
 * CIB after, as "NAME path" / "VALUE path" lines */
static char *
fixture_events(const char *scenario, int step)
{
    const char *top = g_getenv("top_srcdir");
    g_autofree char *dir = g_build_filename(top != NULL ? top : "..",
                                            "tests", "fixtures", "cib",
                                            scenario, NULL);
    g_autofree char *before_name = step == 1
                                       ? g_strdup("base.xml")
                                       : g_strdup_printf("%02d.cib.xml",
                                                         step - 1);
    g_autofree char *after_name = g_strdup_printf("%02d.cib.xml", step);
    g_autofree char *bp = g_build_filename(dir, before_name, NULL);
    g_autofree char *ap = g_build_filename(dir, after_name, NULL);
    xmlDoc *bd = xmlReadFile(bp, NULL, XML_PARSE_NOBLANKS);
    xmlDoc *ad = xmlReadFile(ap, NULL, XML_PARSE_NOBLANKS);
    cl_model_t *bm = clusapi__model_new();
    cl_model_t *am = clusapi__model_new();
    GHashTable *b, *a;
    GPtrArray *events = g_ptr_array_new_with_free_func(event_free);
    GString *got = g_string_new(NULL);

    assert_non_null(bd);
    assert_non_null(ad);
    clusapi__model_set_clock(bm, NOW);
    clusapi__model_set_clock(am, NOW);
    clusapi__model_load(bm, xmlDocGetRootElement(bd), NULL);
    clusapi__model_load(am, xmlDocGetRootElement(ad), NULL);
    b = clusapi__reg_snapshot(bm, xmlDocGetRootElement(bd), NULL, NULL);
    a = clusapi__reg_snapshot(am, xmlDocGetRootElement(ad), NULL, NULL);
    clusapi__reg_diff(b, a, events);
    events_text(got, events);
    g_hash_table_unref(b);
    g_hash_table_unref(a);
    g_ptr_array_unref(events);
    clusapi__model_free(bm);
    clusapi__model_free(am);
    xmlFreeDoc(bd);
    xmlFreeDoc(ad);
    return g_string_free(got, FALSE);
}

/* Each kind of change, from the recorded fixtures: what the database says
 * of it (a status change says nothing) */
static void
test_fixture_events(void **state)
{
    static const struct {
        const char *scenario;
        int step;
        const char *events;
    } cases[] = {
        /* a resource created: its keys, parents first */
        { "basic", 3, "NAME Groups\\solo\nNAME Resources\\solo\n"
                      "NAME Resources\\solo\\Parameters\n" },
        /* a transition: status only */
        { "basic", 4, "" },
        /* a permanent node attribute */
        { "basic", 5, "VALUE Nodes\\node1\n" },
        /* a meta attribute */
        { "basic", 9, "VALUE Resources\\d1\n" },
        /* a cluster option */
        { "basic", 10, "VALUE \n" },
        /* a member deleted: the group's Contains, its keys, children
         * first */
        { "basic", 13, "NAME Resources\\d2\\Parameters\n"
                       "NAME Resources\\d2\nVALUE Groups\\g1\n" },
        /* a transient node attribute: not in the database */
        { "node-attrs", 3, "" },
        { "node-attrs", 4, "VALUE Nodes\\node1\n" },
        /* a group's meta attribute; its members reordered */
        { "group-edit", 4, "VALUE Groups\\g1\n" },
        { "group-edit", 8, "VALUE Groups\\g1\n" },
        /* a resource moved into a group: its implicit group goes, its
         * Group value changes */
        { "group-edit", 9, "NAME Groups\\solo\nVALUE Groups\\g1\n"
                           "VALUE Resources\\solo\n" },
    };

    (void) state;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *got = fixture_events(cases[i].scenario,
                                              cases[i].step);

        if (strcmp(got, cases[i].events) != 0) {
            fail_msg("%s/%02d: got\n%swant\n%s", cases[i].scenario,
                     cases[i].step, got, cases[i].events);
        }
    }
}

/* Every key of a recorded CIB (tests/fixtures/cib/constructs, its last
 * step: a promotable clone, a group, primitives in it and alone, two
 * nodes): one per object the model has, each with the layout's own
 * values */
static void
test_fixture_layout(void **state)
{
    const char *top = g_getenv("top_srcdir");
    g_autofree char *path = g_build_filename(top != NULL ? top : "..",
                                             "tests", "fixtures", "cib",
                                             "constructs", "13.cib.xml",
                                             NULL);
    xmlDoc *d = xmlReadFile(path, NULL, XML_PARSE_NOBLANKS);
    cl_model_t *m = clusapi__model_new();
    GHashTable *snap;
    g_autoptr(GPtrArray) keys = NULL;
    GString *all = g_string_new(NULL);
    static const struct {
        const char *key, *value, *data;
    } values[] = {
        { "Resources\\ms1", "Type", "ocf:pacemaker:Stateful" },
        { "Resources\\ms1", "Group", "ms1" },
        { "Resources\\x", "Group", "g2" },
        { "Groups\\ms1", "Name", "ms1" },
        { "Nodes\\node2", "NodeId", "node2" },
        { "ResourceTypes\\ocf:pacemaker:Stateful", "Class", "ocf" },
    };

    (void) state;
    assert_non_null(d);
    clusapi__model_set_clock(m, NOW);
    clusapi__model_load(m, xmlDocGetRootElement(d), NULL);
    snap = clusapi__reg_snapshot(m, xmlDocGetRootElement(d), NULL, NULL);
    keys = g_ptr_array_new();
    {
        GHashTableIter it;
        gpointer k;

        g_hash_table_iter_init(&it, snap);
        while (g_hash_table_iter_next(&it, &k, NULL)) {
            g_ptr_array_add(keys, k);
        }
    }
    g_ptr_array_sort(keys, cmp_strp);
    for (guint i = 0; i < keys->len; i++) {
        g_string_append_printf(all, "%s\n",
                               (char *) g_ptr_array_index(keys, i));
    }
    assert_string_equal(all->str,
                        "\n"
                        "Groups\n"
                        "Groups\\g2\n"
                        "Groups\\ms1\n"
                        "Groups\\p1\n"
                        "Groups\\y\n"
                        "NetworkInterfaces\n"
                        "Networks\n"
                        "Nodes\n"
                        "Nodes\\node1\n"
                        "Nodes\\node2\n"
                        "ResourceTypes\n"
                        "ResourceTypes\\ocf:pacemaker:Dummy\n"
                        "ResourceTypes\\ocf:pacemaker:Stateful\n"
                        "Resources\n"
                        "Resources\\ms1\n"
                        "Resources\\ms1\\Parameters\n"
                        "Resources\\p1\n"
                        "Resources\\p1\\Parameters\n"
                        "Resources\\x\n"
                        "Resources\\x\\Parameters\n"
                        "Resources\\y\n"
                        "Resources\\y\\Parameters\n");
    for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
        const cl_reg_key_t *k = g_hash_table_lookup(snap, values[i].key);

        assert_non_null(k);
        assert_string_equal(sz(k, values[i].value), values[i].data);
    }
    g_string_free(all, TRUE);
    g_hash_table_unref(snap);
    clusapi__model_free(m);
    xmlFreeDoc(d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resource, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
        cmocka_unit_test(test_fixture_events),
        cmocka_unit_test(test_fixture_layout),
    };

    setenv("TZ", "UTC", 1);
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

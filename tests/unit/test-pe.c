/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-pe.c - unit tests of the status rules that differ between Pacemaker
 * versions (core/pe.c, cl_pe_opts_t.pcmk; docs/mapping.md, "Pacemaker
 * versions"): each case is read with the rules of 2.1.5, of the version
 * that changed it, and of 3.0.0, whatever Pacemaker this is built against.
 * The same cases, as whole CIBs, are compared with the real crm_mon of the
 * version at hand by the differential test (tests/crmmon/make-corpus.sh,
 * the versions-* scenarios).  Also failure expiry (failure-timeout), whose
 * reading of failure-timeout and of fail counts differs between versions,
 * with the fail counts of clone instances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/pe.h"

#define V215 CL_PE_PCMK(2, 1, 5)
#define V216 CL_PE_PCMK(2, 1, 6)
#define V217 CL_PE_PCMK(2, 1, 7)
#define V300 CL_PE_PCMK(3, 0, 0)

static xmlDoc *
doc_of(const char *text)
{
    xmlDoc *d = xmlReadMemory(text, (int) strlen(text), NULL, NULL,
                              XML_PARSE_NOBLANKS);

    assert_non_null(d);
    return d;
}

/* Options of a CIB with fencing, quorum and the version's rules. */
static void
opts_of(cl_pe_opts_t *o, unsigned pcmk, const char *cib_text)
{
    xmlDoc *d = doc_of(cib_text);

    memset(o, 0, sizeof(*o));
    o->pcmk = pcmk;
    clusapi__pe_opts_read(o, xmlDocGetRootElement(d), true);
    assert_int_equal(o->pcmk, pcmk);
    o->op_defaults = NULL; /* d goes */
    o->rsc_defaults = NULL;
    xmlFreeDoc(d);
}

#define FENCED_CIB "<cib have-quorum='1'><configuration><crm_config/>" \
                   "<resources/></configuration></cib>"

/* The node n1 with this node_state (its attributes and children), read
 * with the rules of pcmk. */
static cl_pe_node_t
node_of(unsigned pcmk, const char *cib_text, const char *ns_attrs,
        const char *ns_children)
{
    g_autofree char *text = g_strdup_printf(
        "<x><node id='1' uname='n1'/><node_state id='1' uname='n1' %s>%s"
        "</node_state></x>",
        ns_attrs, ns_children);
    xmlDoc *d = doc_of(text);
    xmlNode *cfg = xmlDocGetRootElement(d)->children;
    cl_pe_opts_t o;
    cl_pe_node_t out;

    opts_of(&o, pcmk, cib_text);
    clusapi__pe_member_node(&o, cfg, cfg->next, &out);
    xmlFreeDoc(d);
    return out;
}

#define MEMBER_TIMES "in_ccm='1700000000' crmd='1700000000' join='member' " \
                     "expected='member'"

/* 2.1.7 on: in_ccm and crmd are times */
static void
test_membership_times(void **state)
{
    cl_pe_node_t n;

    (void) state;
    n = node_of(V215, FENCED_CIB, MEMBER_TIMES, "");
    assert_false(n.online);
    assert_true(n.unclean);
    for (unsigned v = V217; v <= V300; v += V300 - V217) {
        n = node_of(v, FENCED_CIB, MEMBER_TIMES, "");
        assert_true(n.online);
        assert_false(n.unclean);
        assert_false(n.pending);
    }
    /* booleans still read */
    n = node_of(V300, FENCED_CIB,
                "in_ccm='true' crmd='online' join='member' expected='member'",
                "");
    assert_true(n.online);
    assert_false(n.unclean);
    /* a member whose controller is not up yet, expected down: pending */
    n = node_of(V300, FENCED_CIB,
                "in_ccm='1700000000' crmd='0' join='down' expected='down'",
                "");
    assert_true(n.online);
    assert_true(n.pending);
    assert_true(n.standby);
    n = node_of(V215, FENCED_CIB,
                "in_ccm='1700000000' crmd='0' join='down' expected='down'",
                "");
    assert_false(n.online);
    assert_false(n.pending);
    assert_false(n.unclean);
    /* controller gone (crmd 0) of an expected member: unclean */
    n = node_of(V300, FENCED_CIB,
                "in_ccm='1700000000' crmd='0' join='member' "
                "expected='member'",
                "");
    assert_true(n.unclean);
    /* no fencing: online when the controller is, and joined */
    n = node_of(V300,
                "<cib have-quorum='1'><configuration><crm_config>"
                "<cluster_property_set id='c'><nvpair id='c-s' "
                "name='stonith-enabled' value='false'/>"
                "</cluster_property_set></crm_config></configuration></cib>",
                MEMBER_TIMES, "");
    assert_true(n.online);
}

/* node_of at the time now: *next is the time the outcome changes (0:
 * never) */
static cl_pe_node_t
node_at(unsigned pcmk, const char *cib_text, const char *ns_attrs,
        long long now, long long *next)
{
    g_autofree char *text = g_strdup_printf(
        "<x><node id='1' uname='n1'/><node_state id='1' uname='n1' %s/></x>",
        ns_attrs);
    xmlDoc *d = doc_of(text);
    xmlNode *cfg = xmlDocGetRootElement(d)->children;
    cl_pe_opts_t o;
    cl_pe_node_t out;

    opts_of(&o, pcmk, cib_text);
    *next = 0;
    o.now = now;
    o.next_change = next;
    clusapi__pe_member_node(&o, cfg, cfg->next, &out);
    xmlFreeDoc(d);
    return out;
}

/* 2.1.7 on: a member whose controller has not joined (pending) is fenced
 * (unclean) once node-pending-timeout has passed since it became a member,
 * with no CIB change: the time is the outcome's next change */
static void
test_node_pending_timeout(void **state)
{
    static const char *const cib =
        "<cib have-quorum='1'><configuration><crm_config>"
        "<cluster_property_set id='c'><nvpair id='c-p' "
        "name='node-pending-timeout' value='300s'/>"
        "</cluster_property_set></crm_config><resources/></configuration>"
        "</cib>";
    static const char *const pending = "in_ccm='1700000000' crmd='0' "
                                       "join='down'";
    cl_pe_node_t n;
    long long next;

    (void) state;
    n = node_at(V300, cib, pending, 1700000299, &next);
    assert_true(n.pending);
    assert_false(n.unclean);
    assert_int_equal(next, 1700000300);
    n = node_at(V300, cib, pending, 1700000300, &next);
    assert_false(n.pending);
    assert_true(n.unclean);
    assert_true(n.online);
    assert_int_equal(next, 0);
    n = node_at(V217, cib, pending, 1700000300, &next);
    assert_true(n.unclean);
    /* 2.1.6 has no such option */
    n = node_at(V216, cib, "in_ccm='true' crmd='offline' join='down'",
                1700000300, &next);
    assert_false(n.unclean);
    /* a member since "now" (in_ccm true, a DC before 2.1.7): never */
    n = node_at(V300, cib, "in_ccm='true' crmd='0' join='down'",
                1700000300, &next);
    assert_true(n.pending);
    assert_int_equal(next, 0);
    /* the controller joined: no timeout */
    n = node_at(V300, cib, "in_ccm='1700000000' crmd='1700000001' "
                           "join='member' expected='member'",
                1700000300, &next);
    assert_false(n.unclean);
    assert_int_equal(next, 0);
    /* 3.0.0 rounds a timeout of 1.5 s up to 2 s, 2.1.7 truncates it */
    {
        static const char *const cib15 =
            "<cib have-quorum='1'><configuration><crm_config>"
            "<cluster_property_set id='c'><nvpair id='c-p' "
            "name='node-pending-timeout' value='1500ms'/>"
            "</cluster_property_set></crm_config><resources/>"
            "</configuration></cib>";

        n = node_at(V300, cib15, pending, 1700000001, &next);
        assert_false(n.unclean);
        assert_int_equal(next, 1700000002);
        n = node_at(V217, cib15, pending, 1700000001, &next);
        assert_true(n.unclean);
    }
}

/* 2.1.7 on: an in_ccm that is neither a boolean nor a time: never seen */
static void
test_membership_unparsable(void **state)
{
    const char *ns = "in_ccm='maybe' crmd='offline' join='down' "
                     "expected='down'";
    cl_pe_node_t n;

    (void) state;
    n = node_of(V215, FENCED_CIB, ns, "");
    assert_false(n.online);
    assert_false(n.unclean);
    n = node_of(V300, FENCED_CIB, ns, "");
    assert_false(n.online);
    assert_true(n.unclean);
}

/* 2.1.7 on: join in exact case */
static void
test_join_case(void **state)
{
    const char *ns = "in_ccm='true' crmd='online' join='Member' "
                     "expected='member'";
    cl_pe_node_t n;

    (void) state;
    n = node_of(V215, FENCED_CIB, ns, "");
    assert_true(n.online);
    assert_false(n.unclean);
    n = node_of(V217, FENCED_CIB, ns, "");
    assert_true(n.unclean); /* "peer was in an unknown state" */
}

#define TRANSIENT(name, value)                                               \
    "<transient_attributes id='1'><instance_attributes id='t'>"             \
    "<nvpair id='t-1' name='" name "' value='" value "'/>"                  \
    "</instance_attributes></transient_attributes>"

/* 2.1.7 on: terminate is a boolean or a number > 0 */
static void
test_terminate(void **state)
{
    const char *ns = "in_ccm='true' crmd='online' join='member' "
                     "expected='member'";
    cl_pe_node_t n;

    (void) state;
    n = node_of(V215, FENCED_CIB, ns, TRANSIENT("terminate", "0123"));
    assert_false(n.unclean);
    n = node_of(V217, FENCED_CIB, ns, TRANSIENT("terminate", "0123"));
    assert_true(n.unclean);
    n = node_of(V300, FENCED_CIB, ns, TRANSIENT("terminate", "-1"));
    assert_false(n.unclean);
    n = node_of(V215, FENCED_CIB, ns, TRANSIENT("terminate", "yes"));
    assert_true(n.unclean);
    n = node_of(V300, FENCED_CIB, ns, TRANSIENT("terminate", "yes"));
    assert_true(n.unclean);
}

/* 3.0.0: the transient set of the highest score wins, the first pair of a
 * name in a set; 2.1: the last value read (lowest score, last pair) */
static void
test_transient_precedence(void **state)
{
    const char *ns = "in_ccm='true' crmd='online' join='member' "
                     "expected='member'";
    const char *sets =
        "<transient_attributes id='1'>"
        "<instance_attributes id='hi' score='10'><nvpair id='hi-s' "
        "name='standby' value='on'/></instance_attributes>"
        "<instance_attributes id='lo' score='5'><nvpair id='lo-s' "
        "name='standby' value='off'/></instance_attributes>"
        "</transient_attributes>";
    const char *pairs =
        "<transient_attributes id='1'><instance_attributes id='s'>"
        "<nvpair id='s-1' name='standby' value='on'/>"
        "<nvpair id='s-2' name='standby' value='off'/>"
        "</instance_attributes></transient_attributes>";
    cl_pe_node_t n;

    (void) state;
    n = node_of(V215, FENCED_CIB, ns, sets);
    assert_false(n.standby);
    n = node_of(V300, FENCED_CIB, ns, sets);
    assert_true(n.standby);
    n = node_of(V215, FENCED_CIB, ns, pairs);
    assert_false(n.standby);
    n = node_of(V300, FENCED_CIB, ns, pairs);
    assert_true(n.standby);
}

#define NQ_CIB(policy, cib_attrs)                                            \
    "<cib have-quorum='0'" cib_attrs "><configuration><crm_config>"         \
    "<cluster_property_set id='c'><nvpair id='c-nq' "                       \
    "name='no-quorum-policy' value='" policy "'/></cluster_property_set>"   \
    "</crm_config></configuration></cib>"

/* suicide (3.0.0: or fence) fences a node without quorum, and only with
 * no-quorum-panic */
static void
test_no_quorum_policy(void **state)
{
    const char *ns = "in_ccm='true' crmd='online' join='member' "
                     "expected='member'";

    (void) state;
    assert_false(node_of(V215, NQ_CIB("suicide", ""), ns, "").unclean);
    assert_true(node_of(V215, NQ_CIB("suicide", " no-quorum-panic='1'"), ns,
                        "").unclean);
    assert_true(node_of(V215, NQ_CIB("Suicide", " no-quorum-panic='1'"), ns,
                        "").unclean);
    assert_false(node_of(V215, NQ_CIB("fence", " no-quorum-panic='1'"), ns,
                         "").unclean);
    assert_true(node_of(V300, NQ_CIB("fence", " no-quorum-panic='1'"), ns,
                        "").unclean);
    assert_true(node_of(V300, NQ_CIB("suicide", " no-quorum-panic='1'"), ns,
                        "").unclean);
    assert_false(node_of(V300, NQ_CIB("fence", ""), ns, "").unclean);
}

/* Ping nodes: 2.1.5 offline (unclean under startup fencing until seen);
 * 3.0.0 has none, they are members */
static void
test_ping_node(void **state)
{
    xmlDoc *d = doc_of("<x><node id='1' uname='n1' type='ping'/>"
                       "<node_state id='1' uname='n1' in_ccm='true' "
                       "crmd='online' join='member' expected='member'/></x>");
    xmlNode *cfg = xmlDocGetRootElement(d)->children;
    cl_pe_opts_t o;
    cl_pe_node_t n;

    (void) state;
    opts_of(&o, V215, FENCED_CIB);
    clusapi__pe_member_node(&o, cfg, NULL, &n);
    assert_true(n.unclean);
    assert_false(n.online);
    clusapi__pe_member_node(&o, cfg, cfg->next, &n);
    assert_false(n.unclean);
    assert_false(n.online);
    opts_of(&o, V300, FENCED_CIB);
    clusapi__pe_member_node(&o, cfg, cfg->next, &n);
    assert_true(n.online);
    xmlFreeDoc(d);
}

/* ---- histories ---- */

#define TK "7:9:0:00000000-0000-0000-0000-00000000c0de"
#define START_OK                                                             \
    "<lrm_rsc_op id='r_last_0' operation='start' call-id='5' rc-code='0' "  \
    "op-status='0' interval='0' transition-key='" TK "' "                   \
    "transition-magic='0:0;" TK "' on_node='n1' last-rc-change='100'/>"

/* One history of the primitive r on an online node, read with pcmk's
 * rules. */
static cl_pe_rec_t
history_of(unsigned pcmk, const char *ops)
{
    g_autofree char *text = g_strdup_printf(
        "<x><primitive id='r' class='ocf' provider='pacemaker' type='Dummy'>"
        "<operations><op id='r-m' name='monitor' interval='10s'/>"
        "</operations></primitive><lrm_resource id='r' class='ocf' "
        "provider='pacemaker' type='Dummy'>%s</lrm_resource></x>",
        ops);
    xmlDoc *d = doc_of(text);
    xmlNode *prim = xmlDocGetRootElement(d)->children;
    cl_pe_opts_t o;
    cl_pe_rsc_t r;
    cl_pe_where_t w = { .online = true };
    cl_pe_rec_t out;

    opts_of(&o, pcmk, FENCED_CIB);
    clusapi__pe_rsc_ctx(&o, prim, &r);
    clusapi__pe_history(&o, &r, &w, prim->next, &out);
    xmlFreeDoc(d);
    /* the callers look at the role and the flags only */
    if (out.failures != NULL) {
        g_ptr_array_unref(out.failures);
        out.failures = NULL;
    }
    return out;
}

/* 2.1.6 on: a degraded result is success, of any action */
static void
test_degraded(void **state)
{
    const char *ops =
        "<lrm_rsc_op id='r_last_0' operation='start' call-id='5' "
        "rc-code='190' op-status='0' interval='0' transition-key='" TK "'/>";
    cl_pe_rec_t r;

    (void) state;
    r = history_of(V215, ops);
    assert_true(r.failed);
    r = history_of(V216, ops);
    assert_false(r.failed);
    assert_int_equal(r.role, CL_PE_ROLE_STARTED);
}

/* 3.0.0: actions that cannot change the state are left out */
static void
test_irrelevant_action(void **state)
{
    const char *ops =
        START_OK "<lrm_rsc_op id='r_reload_0' operation='reload' "
        "call-id='6' rc-code='1' op-status='0' interval='0' "
        "transition-key='" TK "'/>";
    cl_pe_rec_t r;

    (void) state;
    r = history_of(V215, ops);
    assert_true(r.failed);
    r = history_of(V300, ops);
    assert_false(r.failed);
    assert_int_equal(r.role, CL_PE_ROLE_STARTED);
}

/* 3.0.0: no entry without a valid rc-code; 2.1.6: none without an id */
static void
test_malformed_entries(void **state)
{
    const char *no_rc =
        START_OK "<lrm_rsc_op id='r_last_1' operation='stop' call-id='6' "
        "op-status='0' interval='0' transition-key='" TK "'/>";
    const char *bad_rc =
        START_OK "<lrm_rsc_op id='r_last_1' operation='stop' call-id='6' "
        "rc-code='256' op-status='0' interval='0' transition-key='" TK
        "'/>";
    const char *no_id =
        START_OK "<lrm_rsc_op operation='stop' call-id='6' rc-code='0' "
        "op-status='0' interval='0' transition-key='" TK "'/>";

    (void) state;
    assert_int_equal(history_of(V215, no_rc).role, CL_PE_ROLE_STOPPED);
    assert_int_equal(history_of(V300, no_rc).role, CL_PE_ROLE_STARTED);
    assert_true(history_of(V215, bad_rc).failed);
    assert_int_equal(history_of(V300, bad_rc).role, CL_PE_ROLE_STARTED);
    assert_false(history_of(V300, bad_rc).failed);
    assert_int_equal(history_of(V215, no_id).role, CL_PE_ROLE_STOPPED);
    assert_int_equal(history_of(V216, no_id).role, CL_PE_ROLE_STARTED);
}

/* 2.1.6 on: a pending run of an action whose last failure is not older is
 * not pending */
static void
test_pending_after_failure(void **state)
{
    const char *ops =
        START_OK
        "<lrm_rsc_op id='r_monitor_10000' operation='monitor' call-id='-1' "
        "rc-code='193' op-status='-1' interval='10000' "
        "transition-key='" TK "' transition-magic='-1:193;" TK "' "
        "on_node='n1' last-rc-change='200'/>"
        "<lrm_rsc_op id='r_last_failure_0' operation='monitor' "
        "call-id='7' rc-code='1' op-status='0' interval='10000' "
        "transition-key='" TK "' transition-magic='0:1;" TK "' "
        "on_node='n1' last-rc-change='200'/>";
    cl_pe_rec_t r;

    (void) state;
    r = history_of(V215, ops);
    assert_true(r.failed);
    assert_int_equal(r.pending, CL_PE_PENDING_MONITOR);
    r = history_of(V216, ops);
    assert_int_equal(r.pending, CL_PE_PENDING_NONE);
    assert_true(r.failed);
}

/* 3.0.0: entries are on the same node only when both name it or neither
 * does: an entry with on_node and one without are ordered by
 * last-rc-change, not by call id */
static void
test_same_node(void **state)
{
    /* the stop (call 9) is older by last-rc-change, newer by call id */
    const char *ops =
        "<lrm_rsc_op id='r_last_0' operation='start' call-id='5' "
        "rc-code='0' op-status='0' interval='0' transition-key='" TK "' "
        "on_node='n1' last-rc-change='300'/>"
        "<lrm_rsc_op id='r_last_1' operation='stop' call-id='9' "
        "rc-code='0' op-status='0' interval='0' transition-key='" TK "' "
        "last-rc-change='100'/>";

    (void) state;
    assert_int_equal(history_of(V215, ops).role, CL_PE_ROLE_STOPPED);
    assert_int_equal(history_of(V300, ops).role, CL_PE_ROLE_STARTED);
}

/* ---- failure-timeout (§6.6) ---- */

/* A failed 10s monitor of r (lrm id lrm_id, last-rc-change 1000, r's
 * failure-timeout ft) on n1 whose transient attributes are attrs, in a
 * clone (globally unique or not) if clone is not NULL, under a cib element
 * with cib_attrs, read at now with pcmk's rules.  *ret_next: the time
 * the outcome changes (0: never). */
static cl_pe_rec_t
expiry_of(unsigned pcmk, const char *cib_attrs, const char *clone,
          const char *ft, const char *lrm_id, const char *attrs,
          long long now, long long *ret_next)
{
    g_autofree char *prim = g_strdup_printf(
        "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'>"
        "<meta_attributes id='r-m'><nvpair id='r-m-ft' "
        "name='failure-timeout' value='%s'/></meta_attributes>"
        "<operations><op id='r-m' name='monitor' interval='10s'/>"
        "</operations></primitive>", ft);
    g_autofree char *rsc = clone == NULL ? g_strdup(prim) : g_strdup_printf(
        "<clone id='c'><meta_attributes id='c-m'><nvpair id='c-m-u' "
        "name='globally-unique' value='%s'/></meta_attributes>%s</clone>",
        clone, prim);
    g_autofree char *text = g_strdup_printf(
        "<cib %s><configuration><resources>%s</resources></configuration>"
        "<status><node_state id='1' uname='n1'><transient_attributes "
        "id='1'><instance_attributes id='s'>%s</instance_attributes>"
        "</transient_attributes><lrm id='1'><lrm_resources><lrm_resource "
        "id='%s' class='ocf' provider='pacemaker' type='Dummy'>"
        "<lrm_rsc_op id='%s_monitor_10000' operation='monitor' "
        "call-id='6' rc-code='1' op-status='0' interval='10000' "
        "transition-key='" TK "' last-rc-change='1000'/></lrm_resource>"
        "</lrm_resources></lrm></node_state></status></cib>",
        cib_attrs, rsc, attrs, lrm_id, lrm_id);
    xmlDoc *d = doc_of(text);
    xmlNode *root = xmlDocGetRootElement(d);
    xmlNode *p = root->children->children->children; /* resources/ */
    xmlNode *lr = root->children->next->children->children->next
                      ->children->children;
    cl_pe_opts_t o;
    cl_pe_rsc_t r;
    cl_pe_where_t w = { .online = true };
    cl_pe_rec_t out;

    if (clone != NULL) {
        p = p->children->next; /* the clone's primitive */
    }
    opts_of(&o, pcmk, FENCED_CIB);
    o.now = now;
    *ret_next = 0;
    o.next_change = ret_next;
    clusapi__pe_rsc_ctx(&o, p, &r);
    clusapi__pe_history(&o, &r, &w, lr, &out);
    if (out.failures != NULL) {
        g_ptr_array_unref(out.failures);
        out.failures = NULL;
    }
    xmlFreeDoc(d);
    return out;
}

#define FS "crm_feature_set='3.16.2'"
#define FAILED(name, last)                                                   \
    "<nvpair id='f-" name "' name='fail-count-" name "' value='1'/>"        \
    "<nvpair id='l-" name "' name='last-failure-" name "' value='" last "'/>"

/* 2.1 truncates the failure-timeout to seconds, 3.0.0 rounds it */
static void
test_expiry_seconds(void **state)
{
    long long next;
    cl_pe_rec_t r;

    (void) state;
    r = expiry_of(V215, FS, NULL, "1500ms", "r", "", 1001, &next);
    assert_false(r.failed);
    assert_int_equal(next, 0);
    r = expiry_of(V300, FS, NULL, "1500ms", "r", "", 1001, &next);
    assert_true(r.failed);
    assert_int_equal(next, 1002);
    r = expiry_of(V300, FS, NULL, "1500ms", "r", "", 1002, &next);
    assert_false(r.failed);
}

/* 2.1: a CIB without crm_feature_set (older than 3.0.13) names fail counts
 * without the operation; 3.0.0 does not read those */
static void
test_expiry_legacy_failcount(void **state)
{
    long long next;
    cl_pe_rec_t r;

    (void) state;
    r = expiry_of(V215, "", NULL, "10", "r", FAILED("r", "1000"), 1010,
                  &next);
    assert_true(r.failed); /* the fail count expires after 1010 */
    assert_int_equal(next, 1011);
    r = expiry_of(V215, "", NULL, "10", "r", FAILED("r", "1000"), 1011,
                  &next);
    assert_false(r.failed);
    r = expiry_of(V300, "", NULL, "10", "r", FAILED("r", "1000"), 1010,
                  &next);
    assert_false(r.failed);
    r = expiry_of(V215, FS, NULL, "10", "r", FAILED("r", "1000"), 1010,
                  &next);
    assert_false(r.failed); /* not a fail count of a 3.16 CIB */
}

/* A unique clone instance's fail counts are its own; an anonymous clone
 * counts those of every instance number */
static void
test_expiry_clone_failcount(void **state)
{
    long long next;
    cl_pe_rec_t r;

    (void) state;
    r = expiry_of(V215, FS, "true", "10", "r:1",
                  FAILED("r:0#monitor_10000", "1050"), 1020, &next);
    assert_false(r.failed);
    r = expiry_of(V215, FS, "true", "10", "r:1",
                  FAILED("r:1#monitor_10000", "1050"), 1020, &next);
    assert_true(r.failed);
    assert_int_equal(next, 1061);
    r = expiry_of(V215, FS, "false", "10", "r",
                  FAILED("r:0#monitor_10000", "1050"), 1020, &next);
    assert_true(r.failed);
    assert_int_equal(next, 1061);
    r = expiry_of(V215, FS, "false", "10", "r",
                  FAILED("r:0#monitor_10000", "1050"), 1061, &next);
    assert_false(r.failed);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_membership_times),
        cmocka_unit_test(test_node_pending_timeout),
        cmocka_unit_test(test_membership_unparsable),
        cmocka_unit_test(test_join_case),
        cmocka_unit_test(test_terminate),
        cmocka_unit_test(test_transient_precedence),
        cmocka_unit_test(test_no_quorum_policy),
        cmocka_unit_test(test_ping_node),
        cmocka_unit_test(test_degraded),
        cmocka_unit_test(test_irrelevant_action),
        cmocka_unit_test(test_malformed_entries),
        cmocka_unit_test(test_pending_after_failure),
        cmocka_unit_test(test_same_node),
        cmocka_unit_test(test_expiry_seconds),
        cmocka_unit_test(test_expiry_legacy_failcount),
        cmocka_unit_test(test_expiry_clone_failcount),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

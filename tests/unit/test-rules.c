/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-rules.c - unit tests of the rules of nvpair sets (core/rules.c):
 * dates as Pacemaker 2.1.5 reads them, each kind of expression at and
 * around its boundaries, the next time an outcome changes, and the sets a
 * value is picked from.  Run with TZ=UTC (main sets it).  The date
 * readings were checked with 2.1.5's crm_rule --check (an offset right
 * after the time is not one; a date alone is midnight UTC; gt passes from
 * the second after start).
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

#include "core/pe_int.h"

/* 2024-03-01 00:00:00 UTC, a Friday */
#define MAR1 1709251200LL

static xmlDoc *
doc_of(const char *text)
{
    xmlDoc *d = xmlReadMemory(text, (int) strlen(text), NULL, NULL,
                              XML_PARSE_NOBLANKS);

    assert_non_null(d);
    return d;
}

static long long
date_of(const char *s)
{
    long long t = 0;

    assert_true(clusapi__pe_parse_date(s, MAR1, &t));
    return t;
}

static void
test_dates(void **state)
{
    long long t;

    (void) state;
    assert_int_equal(date_of("2024-03-01"), MAR1);
    assert_int_equal(date_of("20240301"), MAR1);
    assert_int_equal(date_of("2024-061"), MAR1);      /* ordinal */
    assert_int_equal(date_of("2024-W09-5"), MAR1);    /* ISO week */
    assert_int_equal(date_of("2024-03-01T12:00:00Z"), MAR1 + 43200);
    assert_int_equal(date_of("2024-03-01 12:00:00Z"), MAR1 + 43200);
    assert_int_equal(date_of("2024-03-01 12:00"), MAR1 + 43200);
    /* an offset after a space counts; right after the time it does not
     * (local time: UTC here) */
    assert_int_equal(date_of("2024-03-01 12:00:00 +02:00"), MAR1 + 36000);
    assert_int_equal(date_of("2024-03-01 12:00:00 -0130"), MAR1 + 48600);
    assert_int_equal(date_of("2024-03-01T12:00:00+02:00"), MAR1 + 43200);
    assert_int_equal(date_of("2024-02-29T24:00:00Z"), MAR1);
    assert_int_equal(date_of("epoch"), 0);
    /* a time alone: today's (of the evaluation time) */
    assert_int_equal(date_of("T08:00:00Z"), MAR1 + 28800);
    assert_false(clusapi__pe_parse_date("2024-13-01", MAR1, &t));
    assert_false(clusapi__pe_parse_date("2023-02-29", MAR1, &t));
    assert_false(clusapi__pe_parse_date("2024-03-01T25:00:00", MAR1, &t));
    assert_false(clusapi__pe_parse_date("tomorrow", MAR1, &t));
    assert_false(clusapi__pe_parse_date("", MAR1, &t));
}

/* Whether the set <x>text</x> applies at now, and the next change noted
 * (0: none). */
static bool
applies(const char *text, long long now, long long *next)
{
    g_autofree char *full = g_strdup_printf("<x>%s</x>", text);
    xmlDoc *d = doc_of(full);
    cl_pe_opts_t o = { .now = now };
    rule_ctx_t c = RULE_CTX(&o);
    bool r;

    *next = 0;
    o.next_change = next;
    r = clusapi__pe_set_applies(&c, xmlDocGetRootElement(d));
    xmlFreeDoc(d);
    return r;
}

#define DATE_RULE(attrs)                                                      \
    "<rule id='r'><date_expression id='e' " attrs "/></rule>"

static void
test_gt_lt(void **state)
{
    const char *gt = DATE_RULE("operation='gt' start='2024-03-01'");
    const char *lt = DATE_RULE("operation='lt' end='2024-03-01'");
    long long next;

    (void) state;
    assert_false(applies(gt, MAR1 - 10, &next));
    assert_int_equal(next, MAR1 + 1);
    assert_false(applies(gt, MAR1, &next));
    assert_int_equal(next, MAR1 + 1);
    assert_true(applies(gt, MAR1 + 1, &next));
    assert_int_equal(next, 0);

    assert_true(applies(lt, MAR1 - 1, &next));
    assert_int_equal(next, MAR1);
    assert_false(applies(lt, MAR1, &next));
    assert_int_equal(next, 0);

    /* gt needs start, lt needs end; an unreadable date is none */
    assert_false(applies(DATE_RULE("operation='gt' end='2024-03-01'"),
                         MAR1 + 5, &next));
    assert_false(applies(DATE_RULE("operation='lt' start='2024-03-01'"),
                         MAR1 - 5, &next));
    assert_false(applies(DATE_RULE("operation='lt' end='soon'"), MAR1 - 5,
                         &next));
    assert_false(applies(DATE_RULE("operation='eq' start='2024-03-01'"),
                         MAR1 + 5, &next));
}

static void
test_in_range(void **state)
{
    const char *r = DATE_RULE("start='2024-03-01' end='2024-03-02'");
    const char *dur =
        "<rule id='r'><date_expression id='e' operation='in_range' "
        "start='2024-01-31'><duration id='d' months='1' hours='2'/>"
        "</date_expression></rule>";
    long long next;

    (void) state;
    /* no operation is in_range; both ends included */
    assert_false(applies(r, MAR1 - 1, &next));
    assert_int_equal(next, MAR1);
    assert_true(applies(r, MAR1, &next));
    assert_int_equal(next, MAR1 + 86400 + 1);
    assert_true(applies(r, MAR1 + 86400, &next));
    assert_false(applies(r, MAR1 + 86401, &next));
    assert_int_equal(next, 0);
    /* start only: from then on */
    assert_true(applies(DATE_RULE("operation='in_range' start='2024-03-01'"),
                        MAR1 + 999999, &next));
    assert_int_equal(next, 0);
    /* neither: never */
    assert_false(applies(DATE_RULE("operation='in_range'"), MAR1, &next));
    /* a month after January 31st is February 29th (2024), then 2 hours */
    assert_true(applies(dur, MAR1 - 86400 + 7200, &next));
    assert_int_equal(next, MAR1 - 86400 + 7201);
    assert_false(applies(dur, MAR1 - 86400 + 7201, &next));
}

static void
test_date_spec(void **state)
{
    /* office hours: 9:00-17:59 Monday to Friday */
    const char *office =
        "<rule id='r'><date_expression id='e' operation='date_spec'>"
        "<date_spec id='s' hours='9-17' weekdays='1-5'/></date_expression>"
        "</rule>";
    long long next;

    (void) state;
    /* Friday 08:30: not yet, at 09:00 */
    assert_false(applies(office, MAR1 + 8 * 3600 + 1800, &next));
    assert_int_equal(next, MAR1 + 9 * 3600);
    /* Friday 12:00: until 18:00 */
    assert_true(applies(office, MAR1 + 12 * 3600, &next));
    assert_int_equal(next, MAR1 + 18 * 3600);
    /* Saturday 10:00: Monday 09:00 */
    assert_false(applies(office, MAR1 + 86400 + 36000, &next));
    assert_int_equal(next, MAR1 + 3 * 86400 + 9 * 3600);
    /* ranges: "-5" up to, "20-" from, a single value; a field that is not
     * a range restricts nothing */
    assert_true(applies("<rule id='r'><date_expression id='e' "
                        "operation='date_spec'><date_spec id='s' "
                        "monthdays='-5' years='2020-' months='3'/>"
                        "</date_expression></rule>",
                        MAR1, &next));
    assert_int_equal(next, MAR1 + 5 * 86400);
    assert_true(applies("<rule id='r'><date_expression id='e' "
                        "operation='date_spec'><date_spec id='s' "
                        "months='x' yeardays='61' weekyears='2024' "
                        "weeks='9'/></date_expression></rule>",
                        MAR1, &next));
    assert_int_equal(next, MAR1 + 86400);
    assert_false(applies("<rule id='r'><date_expression id='e' "
                         "operation='date_spec'><date_spec id='s' "
                         "years='2025-2030'/></date_expression></rule>",
                         MAR1, &next));
    /* seconds: the next second */
    assert_true(applies("<rule id='r'><date_expression id='e' "
                        "operation='date_spec'><date_spec id='s' "
                        "seconds='0-29'/></date_expression></rule>",
                        MAR1 + 10, &next));
    assert_int_equal(next, MAR1 + 30);
    /* the moon: 2024-03-01 is phase 6 by Pacemaker's reckoning */
    assert_true(applies("<rule id='r'><date_expression id='e' "
                        "operation='date_spec'><date_spec id='s' moon='6'/>"
                        "</date_expression></rule>",
                        MAR1, &next));
    assert_false(applies("<rule id='r'><date_expression id='e' "
                         "operation='date_spec'><date_spec id='s' moon='4'/>"
                         "</date_expression></rule>",
                         MAR1, &next));
    /* no date_spec: always */
    assert_true(applies(DATE_RULE("operation='date_spec'"), MAR1, &next));
    assert_int_equal(next, 0);
}

/* A date_spec's next change is looked for once per element and time
 * (cl_pe_opts_t.spec_changes), then told again as kept */
static void
test_spec_cache(void **state)
{
    xmlDoc *d = doc_of("<x><rule id='r'><date_expression id='e' "
                       "operation='date_spec'><date_spec id='s' "
                       "hours='9-17'/></date_expression></rule></x>");
    GHashTable *seen = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                             NULL, g_free);
    long long next = 0;
    cl_pe_opts_t o = { .now = MAR1, .next_change = &next,
                       .spec_changes = seen };
    rule_ctx_t c = RULE_CTX(&o);

    (void) state;
    assert_false(clusapi__pe_set_applies(&c, xmlDocGetRootElement(d)));
    assert_int_equal(next, MAR1 + 9 * 3600);
    assert_int_equal(g_hash_table_size(seen), 1);
    /* the time kept is the one told: mark it to see it is not looked for
     * again */
    {
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, seen);
        assert_true(g_hash_table_iter_next(&it, NULL, &v));
        *(long long *) v = MAR1 + 100;
    }
    next = 0;
    assert_false(clusapi__pe_set_applies(&c, xmlDocGetRootElement(d)));
    assert_int_equal(next, MAR1 + 100);
    assert_int_equal(g_hash_table_size(seen), 1);
    g_hash_table_unref(seen);
    xmlFreeDoc(d);
}

static void
test_boolean(void **state)
{
    const char *past = "<date_expression id='p' operation='lt' "
                       "end='2000-01-01'/>";
    const char *now = "<date_expression id='n' operation='gt' "
                      "start='2000-01-01'/>";
    long long next;
    g_autofree char *and_ = g_strdup_printf("<rule id='r'>%s%s</rule>", now,
                                            past);
    g_autofree char *or_ = g_strdup_printf(
        "<rule id='r' boolean-op='OR'>%s%s</rule>", past, now);
    g_autofree char *nested = g_strdup_printf(
        "<rule id='r' boolean-op='or'>%s<rule id='r2'>%s%s</rule></rule>",
        past, now, now);
    g_autofree char *two = g_strdup_printf(
        "<rule id='r1'>%s</rule><rule id='r2'>%s</rule>", past, now);

    (void) state;
    assert_false(applies(and_, MAR1, &next));
    assert_true(applies(or_, MAR1, &next));
    assert_true(applies(nested, MAR1, &next));
    assert_true(applies(two, MAR1, &next));   /* any rule of the set */
    assert_true(applies("", MAR1, &next));    /* no rule */
    assert_true(applies("<rule id='r'/>", MAR1, &next));
    assert_false(applies("<rule id='r' boolean-op='or'/>", MAR1, &next));
    /* a node attribute, #uname or #role: nothing to compare with */
    assert_false(applies("<rule id='r'><expression id='x' attribute='#uname' "
                         "operation='defined'/></rule>",
                         MAR1, &next));
    assert_false(applies("<rule id='r'><expression id='x' attribute='foo' "
                         "operation='not_defined'/></rule>",
                         MAR1, &next));
    /* rsc_expression and op_expression without a resource or operation */
    assert_false(applies("<rule id='r'><rsc_expression id='x'/></rule>", MAR1,
                         &next));
    assert_false(applies("<rule id='r'><op_expression id='x' name='start'/>"
                         "</rule>",
                         MAR1, &next));
    /* an unknown element fails */
    assert_false(applies("<rule id='r'><bogus/></rule>", MAR1, &next));
}

static void
test_rsc_op(void **state)
{
    xmlDoc *d = doc_of(
        "<x><rule id='a'><rsc_expression id='e' class='ocf' "
        "provider='heartbeat' type='IPaddr2'/></rule>"
        "<rule id='b'><rsc_expression id='e2' class='ocf'/></rule>"
        "<rule id='c'><rsc_expression id='e3' type='Dummy'/></rule>"
        "<rule id='d'><op_expression id='o' name='monitor' interval='10s'/>"
        "</rule>"
        "<rule id='e'><op_expression id='o2' name='monitor'/></rule></x>");
    xmlNode *r = xmlDocGetRootElement(d)->children;
    cl_pe_opts_t o = { .now = MAR1 };
    rule_ctx_t ip = { .o = &o, .rsc = true, .rsc_class = "ocf",
                      .rsc_provider = "heartbeat", .rsc_type = "IPaddr2" };
    rule_ctx_t fence = { .o = &o, .rsc = true, .rsc_class = "stonith",
                         .rsc_type = "fence_xvm" };
    rule_ctx_t mon = ip;

    (void) state;
    assert_true(clusapi__pe_rule_passes(&ip, r));
    assert_false(clusapi__pe_rule_passes(&fence, r));
    /* class alone; the provider must match even when not given (none) */
    assert_false(clusapi__pe_rule_passes(&ip, r->next));
    assert_false(clusapi__pe_rule_passes(&ip, r->next->next));
    mon.op = true;
    mon.op_name = "monitor";
    mon.op_interval = 10000;
    assert_true(clusapi__pe_rule_passes(&mon, r->next->next->next));
    assert_true(clusapi__pe_rule_passes(&mon, r->next->next->next->next));
    mon.op_interval = 20000;
    assert_false(clusapi__pe_rule_passes(&mon, r->next->next->next));
    assert_true(clusapi__pe_rule_passes(&mon, r->next->next->next->next));
    assert_false(clusapi__pe_rule_passes(&ip, r->next->next->next->next));
    xmlFreeDoc(d);
}

/* A value picked from sets: by score, skipping those whose rules fail;
 * id-refs followed */
static void
test_sets(void **state)
{
    xmlDoc *d = doc_of(
        "<cib><node id='1' uname='n1'>"
        "<instance_attributes id='a' score='10'>"
        "<rule id='r1'><date_expression id='e1' operation='lt' "
        "end='2024-03-01'/></rule>"
        "<nvpair id='a1' name='standby' value='on'/></instance_attributes>"
        "<instance_attributes id='b' score='5'>"
        "<nvpair id='b1' name='standby' value='off'/></instance_attributes>"
        "<instance_attributes id-ref='c'/>"
        "</node><other><instance_attributes id='c' score='20'>"
        "<rule id='r3'><date_expression id='e3' operation='gt' "
        "start='2024-06-01'/></rule>"
        "<nvpair id='c1' name='standby' value='maybe'/>"
        "</instance_attributes></other></cib>");
    xmlNode *node = xmlDocGetRootElement(d)->children;
    cl_pe_opts_t o = { 0 };
    rule_ctx_t c = RULE_CTX(&o);
    long long next = 0;

    (void) state;
    o.next_change = &next;
    o.now = MAR1 - 1;
    assert_string_equal(clusapi__pe_nv_merged(&c, node, "instance_attributes",
                                              "standby", false),
                        "on");
    assert_int_equal(next, MAR1);
    next = 0;
    o.now = MAR1;
    assert_string_equal(clusapi__pe_nv_merged(&c, node, "instance_attributes",
                                              "standby", false),
                        "off");
    /* the referenced set's rule: from June on */
    assert_int_equal(next, date_of("2024-06-01") + 1);
    o.now = date_of("2024-06-02");
    assert_string_equal(clusapi__pe_nv_merged(&c, node, "instance_attributes",
                                              "standby", false),
                        "maybe");
    xmlFreeDoc(d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_gt_lt),
        cmocka_unit_test(test_in_range),
        cmocka_unit_test(test_date_spec),
        cmocka_unit_test(test_spec_cache),
        cmocka_unit_test(test_boolean),
        cmocka_unit_test(test_rsc_op),
        cmocka_unit_test(test_sets),
    };

    setenv("TZ", "UTC", 1);
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

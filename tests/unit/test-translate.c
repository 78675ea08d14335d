/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-translate - the translation core (src/core/model.h) against patchsets
 * recorded with Pacemaker's own tools (tests/fixtures/make-cib-fixtures.sh).
 *
 * Data-driven: every directory under $top_srcdir/tests/fixtures/cib that has
 * a base.xml is a scenario.  The model is loaded from base.xml, then each
 * NN.patchset.xml in turn is applied to the CIB (clusapi__patch_apply) and
 * translated (clusapi__model_update); the events, one "CHANGE_NAME name"
 * line each, must equal NN.expected exactly (written by hand from
 * docs/mapping.md).  After each step the incremental model must hold the
 * same objects and states as a model freshly loaded from NN.cib.xml, and
 * after the last step re-loading the final CIB must produce no event.  A
 * second model takes the same patchsets with whole walks of the resources
 * section (clusapi__model_set_whole_walks): its events and objects must
 * equal those of the first at every step.
 *
 * Also: the malformed and out-of-order inputs of fixtures/cib/bad (version
 * gap, non-diff, already applied, unknown operation, malformed path), the
 * patchsets refused before Pacemaker applies them (patch_cases), and the
 * full re-reads of fixtures/cib/resync (CASE.from.xml -> CASE.to.xml must
 * produce exactly CASE.expected).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "clusapi.h"
#include "core/check.h"
#include "core/model.h"
#include "core/names.h"
#include "core/pe.h"
#include "core/port.h"
#include "adapt/patch.h"

static char *cib_dir; /* $top_srcdir/tests/fixtures/cib */

/* ---- helpers ---- */

/* the clock step_ok's freshly loaded model is evaluated at (0: real time),
 * the incremental model's own */
static long long step_clock;

static char *
fixture(const char *a, const char *b)
{
    return g_build_filename(cib_dir, a, b, NULL);
}

static xmlNode *
parse_ok(const char *path)
{
    xmlNode *xml = clusapi__xml_parse_file(path);

    if (xml == NULL) {
        fail_msg("cannot parse %s", path);
    }
    return xml;
}

static void
event_destroy(gpointer ev)
{
    clusapi__event_free(ev);
}

static GPtrArray *
new_events(void)
{
    return g_ptr_array_new_with_free_func(event_destroy);
}

/* "CHANGE_NAME name" lines of an event array */
static GPtrArray *
format_events(GPtrArray *events)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < events->len; i++) {
        const cl_event_t *ev = g_ptr_array_index(events, i);
        const char *change = clusapi__change_name(ev->change);

        g_ptr_array_add(lines, g_strdup_printf("%s %s",
                                               change ? change : "(bad bit)",
                                               ev->name ? ev->name : "(null)"));
    }
    return lines;
}

/* The lines of an expectation file (a missing file is an error). */
static GPtrArray *
read_lines(const char *path)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) parts = NULL;
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        g_ptr_array_unref(lines);
        fail_msg("cannot read %s", path);
    }
    parts = g_strsplit(text, "\n", -1);
    for (guint i = 0; parts[i] != NULL; i++) {
        if (parts[i][0] == '\0' && parts[i + 1] == NULL) {
            break; /* the final newline */
        }
        g_ptr_array_add(lines, g_strdup(parts[i]));
    }
    return lines;
}

/* Print a readable line diff ("-" expected only, "+" produced only) with
 * TAP-safe "# " prefixes.  Returns true if the arrays are equal. */
static bool
lines_same(GPtrArray *a, GPtrArray *b)
{
    if (a->len != b->len) {
        return false;
    }
    for (guint k = 0; k < a->len; k++) {
        if (strcmp(g_ptr_array_index(a, k), g_ptr_array_index(b, k)) != 0) {
            return false;
        }
    }
    return true;
}

static bool
lines_equal(const char *what, GPtrArray *expected, GPtrArray *actual)
{
    guint n = expected->len, m = actual->len;
    g_autofree guint *lcs = NULL;
    guint i = 0, j = 0;

    if (lines_same(expected, actual)) {
        return true;
    }
    /* longest common subsequence table, suffix form */
    lcs = g_new0(guint, (n + 1) * (m + 1));
#define LCS(a, b) lcs[(a) * (m + 1) + (b)]
    for (guint a = n; a-- > 0;) {
        for (guint b = m; b-- > 0;) {
            if (strcmp(g_ptr_array_index(expected, a),
                       g_ptr_array_index(actual, b)) == 0) {
                LCS(a, b) = LCS(a + 1, b + 1) + 1;
            } else {
                LCS(a, b) = MAX(LCS(a + 1, b), LCS(a, b + 1));
            }
        }
    }
    print_message("# %s differ (- expected, + produced):\n", what);
    while (i < n || j < m) {
        if (i < n && j < m
            && strcmp(g_ptr_array_index(expected, i),
                      g_ptr_array_index(actual, j)) == 0) {
            print_message("#    %s\n", (char *) g_ptr_array_index(expected, i));
            i++;
            j++;
        } else if (j < m && (i == n || LCS(i, j + 1) >= LCS(i + 1, j))) {
            print_message("#  + %s\n", (char *) g_ptr_array_index(actual, j));
            j++;
        } else {
            print_message("#  - %s\n", (char *) g_ptr_array_index(expected, i));
            i++;
        }
    }
#undef LCS
    return false;
}

/* Compare produced events with an expectation file. */
static bool
events_match(const char *what, GPtrArray *events, const char *expected_path)
{
    g_autoptr(GPtrArray) expected = read_lines(expected_path);
    g_autoptr(GPtrArray) actual = format_events(events);
    g_autofree char *label = g_strdup_printf("%s: events", what);

    return lines_equal(label, expected, actual);
}

/* what the API answers from a model (src/core/check.c) */
static GPtrArray *
snapshot(const cl_model_t *m)
{
    return clusapi__model_snapshot(m);
}

/* The oracle after a load or update (clusapi__model_check); prints the
 * mismatches.  Returns true if there are none. */
static bool
oracle_ok(const char *what, const cl_model_t *m, xmlNode *cib,
          const GPtrArray *before, const GPtrArray *events)
{
    g_autofree char *err = clusapi__model_check(m, cib, before, events);
    g_auto(GStrv) lines = NULL;

    if (err == NULL) {
        return true;
    }
    print_message("# %s: the oracle finds:\n", what);
    lines = g_strsplit(err, "\n", -1);
    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
        print_message("#   %s\n", lines[i]);
    }
    return false;
}

static GPtrArray *
snapshot_of_file(const char *path)
{
    xmlNode *cib = parse_ok(path);
    cl_model_t *m = clusapi__model_new();
    GPtrArray *snap;

    clusapi__model_load(m, cib, NULL);
    snap = snapshot(m);
    clusapi__model_free(m);
    clusapi__xml_free(cib);
    return snap;
}

/* expected: a fresh load (or the model before); actual: the model tested */
static bool
snapshots_equal(const char *what, GPtrArray *expected, GPtrArray *actual)
{
    g_autofree char *label = g_strdup_printf("%s: model objects and states",
                                             what);

    return lines_equal(label, expected, actual);
}

static bool
same_version(xmlNode *a, xmlNode *b)
{
    static const char *const names[] = { "admin_epoch", "epoch",
                                         "num_updates" };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        xmlChar *va = xmlGetProp(a, (const xmlChar *) names[i]);
        xmlChar *vb = xmlGetProp(b, (const xmlChar *) names[i]);
        bool eq = va != NULL && vb != NULL
                  && xmlStrcmp(va, vb) == 0;

        xmlFree(va);
        xmlFree(vb);
        if (!eq) {
            return false;
        }
    }
    return true;
}

/* ---- the recorded scenarios ---- */

static void
test_scenario(void **state)
{
    const char *name = *state;
    char *base_path = fixture(name, "base.xml");
    xmlNode *cib = parse_ok(base_path);
    cl_model_t *m = clusapi__model_new();
    /* the same patchsets through whole walks of the resources section:
     * the partial walks must give the same events and model */
    cl_model_t *whole = clusapi__model_new();
    GPtrArray *events;
    unsigned failures = 0;
    unsigned step;

    g_free(base_path);
    clusapi__model_load(m, cib, NULL);
    clusapi__model_set_whole_walks(whole, true);
    clusapi__model_load(whole, cib, NULL);

    for (step = 1;; step++) {
        g_autofree char *nn = g_strdup_printf("%02u", step);
        g_autofree char *what = g_strdup_printf("%s/%s", name, nn);
        g_autofree char *p_path = g_strdup_printf("%s/%s/%s.patchset.xml",
                                                  cib_dir, name, nn);
        g_autofree char *c_path = g_strdup_printf("%s/%s/%s.cib.xml",
                                                  cib_dir, name, nn);
        g_autofree char *e_path = g_strdup_printf("%s/%s/%s.expected",
                                                  cib_dir, name, nn);
        xmlNode *patch, *recorded;
        g_autoptr(GPtrArray) fresh = NULL;
        g_autoptr(GPtrArray) incr = NULL;
        g_autoptr(GPtrArray) before = NULL;
        int rc;

        if (!g_file_test(p_path, G_FILE_TEST_EXISTS)) {
            break;
        }
        patch = parse_ok(p_path);
        rc = clusapi__patch_apply(cib, patch);
        if (rc != 0) {
            clusapi__xml_free(patch);
            fail_msg("%s: clusapi__patch_apply returned %d", what, rc);
        }
        recorded = parse_ok(c_path);
        if (!same_version(cib, recorded)) {
            print_message("# %s: the patched CIB does not have the version "
                          "of %s.cib.xml\n", what, nn);
            failures++;
        }
        clusapi__xml_free(recorded);

        before = snapshot(m);
        events = new_events();
        rc = clusapi__model_update(m, cib, patch, events);
        if (rc == 0 && !oracle_ok(what, m, cib, before, events)) {
            failures++;
        }
        if (rc == 0) {
            g_autoptr(GPtrArray) wev = new_events();
            g_autoptr(GPtrArray) a = NULL;
            g_autoptr(GPtrArray) b = NULL;
            g_autofree char *label = g_strdup_printf(
                "%s: events of whole (expected) and partial walks", what);

            rc = clusapi__model_update(whole, cib, patch, wev);
            a = format_events(wev);
            b = format_events(events);
            if (rc != 0 || !lines_equal(label, a, b)) {
                failures++;
            }
        }
        clusapi__xml_free(patch);
        if (rc != 0) {
            g_ptr_array_unref(events);
            fail_msg("%s: clusapi__model_update returned %d", what, rc);
        }
        if (!events_match(what, events, e_path)) {
            failures++;
        }
        g_ptr_array_unref(events);
        {
            g_autoptr(GPtrArray) a = snapshot(whole);
            g_autoptr(GPtrArray) b = snapshot(m);
            g_autofree char *label = g_strdup_printf("%s (whole walks)", what);

            if (!snapshots_equal(label, a, b)) {
                failures++;
            }
        }

        /* the incremental model equals a fresh load of the recorded CIB */
        fresh = snapshot_of_file(c_path);
        incr = snapshot(m);
        if (!snapshots_equal(what, fresh, incr)) {
            failures++;
        }
    }
    assert_true(step > 1); /* at least one patchset */

    /* re-loading the final CIB into the incremental model changes nothing */
    events = new_events();
    clusapi__model_load(m, cib, events);
    if (events->len > 0) {
        g_autoptr(GPtrArray) none = g_ptr_array_new();
        g_autoptr(GPtrArray) actual = format_events(events);
        g_autofree char *what = g_strdup_printf(
            "%s: events of a reload of the final CIB", name);

        lines_equal(what, none, actual);
        failures++;
    }
    g_ptr_array_unref(events);

    clusapi__model_free(m);
    clusapi__model_free(whole);
    clusapi__xml_free(cib);
    if (failures > 0) {
        fail_msg("%s: %u mismatches (see above)", name, failures);
    }
}

/* crm_is_true's values, decided by their first byte first */
static void
test_is_true(void **state)
{
    static const char *const yes[] = { "true", "TRUE", "True", "on", "ON",
                                       "yes", "YES", "y", "Y", "1" };
    static const char *const no[] = { "", "false", "0", "11", "10", "t",
                                      "tru", "truee", "o", "off", "yess",
                                      "ye", "n", "no", "stopped", "2" };

    (void) state;
    assert_false(clusapi__pe_is_true(NULL));
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (!clusapi__pe_is_true(yes[i])) {
            fail_msg("\"%s\" is not true", yes[i]);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++) {
        if (clusapi__pe_is_true(no[i])) {
            fail_msg("\"%s\" is true", no[i]);
        }
    }
}

/* A resources-only change re-reads the options with
 * clusapi__pe_opts_rescan: the same values as a whole read, when a stonith
 * primitive comes or goes and have-quorum changes with it. */
static void
test_opts_rescan(void **state)
{
    static const char *const cibs[] = {
        "<cib have-quorum=\"1\"><configuration><crm_config>"
        "<cluster_property_set id=\"o\">"
        "<nvpair id=\"o1\" name=\"have-watchdog\" value=\"false\"/>"
        "<nvpair id=\"o2\" name=\"no-quorum-policy\" value=\"ignore\"/>"
        "</cluster_property_set></crm_config><resources>"
        "<primitive id=\"d\" class=\"ocf\" provider=\"pacemaker\" "
        "type=\"Dummy\"/></resources></configuration><status/></cib>",
        "<cib have-quorum=\"0\"><configuration><crm_config>"
        "<cluster_property_set id=\"o\">"
        "<nvpair id=\"o1\" name=\"have-watchdog\" value=\"false\"/>"
        "<nvpair id=\"o2\" name=\"no-quorum-policy\" value=\"ignore\"/>"
        "</cluster_property_set></crm_config><resources>"
        "<primitive id=\"d\" class=\"ocf\" provider=\"pacemaker\" "
        "type=\"Dummy\"/><group id=\"g\"><primitive id=\"f\" "
        "class=\"stonith\" type=\"fence_dummy\"/></group></resources>"
        "</configuration><status/></cib>",
    };
    cl_pe_opts_t o;

    (void) state;
    memset(&o, 0, sizeof(o));
    for (int round = 0; round < 4; round++) {
        xmlNode *cib = clusapi__xml_parse(cibs[round % 2]);
        cl_pe_opts_t whole = o;

        assert_non_null(cib);
        clusapi__pe_opts_read(&whole, cib, true);
        if (round == 0) {
            o = whole; /* the first read is a whole one */
        } else {
            clusapi__pe_opts_rescan(&o, cib);
        }
        assert_int_equal(o.have_stonith_rsc, round % 2 == 1);
        assert_int_equal(o.have_stonith_rsc, whole.have_stonith_rsc);
        assert_int_equal(o.have_stonith, whole.have_stonith);
        assert_int_equal(o.have_quorum, whole.have_quorum);
        assert_int_equal(o.have_watchdog, whole.have_watchdog);
        assert_int_equal(o.nq_ignore, whole.nq_ignore);
        assert_int_equal(o.stonith_enabled, whole.stonith_enabled);
        clusapi__xml_free(cib);
    }
}

/* ---- bad input (fixtures/cib/bad, see make-cib-fixtures.sh) ---- */

/* Apply a patchset file to cib-a.xml: the return code.  If 'unchanged',
 * a refused patchset must have left the CIB as it was. */
static int
apply_to_a(const char *file, bool unchanged)
{
    g_autofree char *a_path = fixture("bad", "cib-a.xml");
    g_autofree char *p_path = fixture("bad", file);
    xmlNode *cib = parse_ok(a_path);
    xmlNode *patch = parse_ok(p_path);
    g_autofree char *before = clusapi__xml_dump(cib);
    g_autofree char *after = NULL;
    int rc = clusapi__patch_apply(cib, patch);

    after = clusapi__xml_dump(cib);
    clusapi__xml_free(patch);
    clusapi__xml_free(cib);
    if (rc != 0 && unchanged) {
        assert_string_equal(before, after);
    }
    return rc;
}

static void
test_bad_good_applies(void **state)
{
    (void) state;
    /* the base of the bad patchsets is sound */
    assert_int_equal(apply_to_a("good.patchset.xml", true), 0);
}

static void
test_bad_gap(void **state)
{
    (void) state;
    assert_int_equal(apply_to_a("gap.patchset.xml", true), -ESTALE);
}

static void
test_bad_already_applied(void **state)
{
    (void) state;
    assert_int_equal(apply_to_a("already.patchset.xml", true), -EALREADY);
}

static void
test_bad_not_a_diff(void **state)
{
    g_autofree char *a_path = fixture("bad", "cib-a.xml");
    g_autofree char *p_path = fixture("bad", "not-a-diff.xml");
    xmlNode *cib, *doc;
    cl_model_t *m;
    GPtrArray *events;
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;

    (void) state;
    assert_int_equal(apply_to_a("not-a-diff.xml", true), -EPROTO);
    assert_int_equal(clusapi__patch_apply(NULL, NULL), -EPROTO);

    /* the model refuses it too, unchanged */
    cib = parse_ok(a_path);
    doc = parse_ok(p_path);
    m = clusapi__model_new();
    clusapi__model_load(m, cib, NULL);
    before = snapshot(m);
    events = new_events();
    assert_int_equal(clusapi__model_update(m, cib, doc, events), -EPROTO);
    assert_int_equal(events->len, 0);
    after = snapshot(m);
    assert_true(snapshots_equal("bad/not-a-diff", before, after));
    g_ptr_array_unref(events);
    clusapi__model_free(m);
    clusapi__xml_free(doc);
    clusapi__xml_free(cib);
}

/* The model holds cib-a; translating 'file' against cib-b (the CIB the good
 * patchset leads to) must return expect_rc and leave the model unchanged
 * (no event), or, if expect_change, bring it to a fresh load of cib-b. */
static void
update_a_to_b(const char *file, int expect_rc, bool expect_change)
{
    g_autofree char *a_path = fixture("bad", "cib-a.xml");
    g_autofree char *b_path = fixture("bad", "cib-b.xml");
    g_autofree char *p_path = fixture("bad", file);
    xmlNode *a = parse_ok(a_path);
    xmlNode *b = parse_ok(b_path);
    xmlNode *patch = parse_ok(p_path);
    cl_model_t *m = clusapi__model_new();
    GPtrArray *events = new_events();
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;
    g_autoptr(GPtrArray) fresh_b = snapshot_of_file(b_path);
    g_autofree char *what = g_strdup_printf("bad/%s", file);

    clusapi__model_load(m, a, NULL);
    before = snapshot(m);
    assert_int_equal(clusapi__model_update(m, b, patch, events), expect_rc);
    after = snapshot(m);
    if (expect_change) {
        assert_true(events->len > 0);
        assert_true(snapshots_equal(what, fresh_b, after));
    } else {
        assert_int_equal(events->len, 0);
        assert_true(snapshots_equal(what, before, after));
    }
    /* the good patchset does change something, so "unchanged" means it */
    assert_false(lines_same(before, fresh_b));
    g_ptr_array_unref(events);
    clusapi__model_free(m);
    clusapi__xml_free(patch);
    clusapi__xml_free(b);
    clusapi__xml_free(a);
}

static void
test_bad_good_translates(void **state)
{
    (void) state;
    update_a_to_b("good.patchset.xml", 0, true);
}

static void
test_bad_unknown_operation(void **state)
{
    (void) state;
    /* refused before Pacemaker sees it (which would apply the changes
     * before it and fail, leaving the CIB half changed) ... */
    assert_int_equal(apply_to_a("unknown-op.patchset.xml", true), -EBADMSG);
    /* ... and the model refuses to translate it */
    update_a_to_b("unknown-op.patchset.xml", -EPROTO, false);
}

static void
test_bad_malformed_path(void **state)
{
    (void) state;
    /* refused before Pacemaker sees it (2.1.5 would apply it, ignoring
     * the change it cannot resolve); the model must refuse it too */
    assert_int_equal(apply_to_a("bad-path.patchset.xml", true), -EBADMSG);
    update_a_to_b("bad-path.patchset.xml", -EPROTO, false);
}

/* ---- patchsets refused before Pacemaker applies them ----
 * (clusapi__patch_apply's -EBADMSG).  Each "crash" case frees the CIB,
 * crashes or writes into freed memory inside Pacemaker 2.1.5's
 * xml_apply_patchset if it gets there (run under ASan or valgrind). */

/* a CIB at 0.1.0 with one primitive; %s is put into resources, before it */
#define MINI_CIB \
    "<cib admin_epoch='0' epoch='1' num_updates='0'><configuration>" \
    "<crm_config/><nodes/><resources>%s<primitive id='a' class='ocf' " \
    "provider='pacemaker' type='Dummy'/></resources><constraints/>" \
    "</configuration><status/></cib>"
/* a patchset from 0.1.0 to 0.1.1, %s its changes */
#define MINI_DIFF \
    "<diff format='2'><version>" \
    "<source admin_epoch='0' epoch='1' num_updates='0'/>" \
    "<target admin_epoch='0' epoch='1' num_updates='1'/></version>" \
    "%s</diff>"
#define RSC_PATH "/cib/configuration/resources"
#define CREATE_B(path, pos) \
    "<change operation='create' path='" path "' position='" pos "'>" \
    "<primitive id='b' class='ocf' provider='pacemaker' type='Dummy'/>" \
    "</change>"

struct patch_case {
    const char *name;
    const char *in_resources; /* before primitive a in the CIB */
    const char *changes;
    int rc;
};

static const struct patch_case patch_cases[] = {
    /* what Pacemaker 2.1.5 crashes on or corrupts memory with */
    { "crash/delete-relative-path", "",
      "<change operation='delete' path='x'/>", -EBADMSG },
    { "crash/delete-not-under-cib", "",
      "<change operation='delete' path='ocib/configuration'/>", -EBADMSG },
    { "crash/delete-cib", "",
      "<change operation='delete' path='/cib'/>", -EBADMSG },
    { "crash/delete-cib-as-version", "",
      "<version operation='delete' path='/cib'/>", -EBADMSG },
    { "crash/delete-cib-slash", "",
      "<change operation='delete' path='/cib/'/>", -EBADMSG },
    { "crash/create-beside-text", "some text",
      CREATE_B(RSC_PATH, "1"), -EBADMSG },
    { "crash/move-beside-text", "some text",
      "<change operation='move' path=\"" RSC_PATH "/primitive[@id='a']\" "
      "position='0'/>", -EBADMSG },
    { "crash/path-past-cdata", "<![CDATA[x]]>",
      "<change operation='delete' path='" RSC_PATH "/primitive'/>",
      -EBADMSG },
    { "crash/create-then-delete-parent", "",
      CREATE_B(RSC_PATH, "1")
      "<change operation='delete' path='" RSC_PATH "'/>", -EBADMSG },
    { "crash/create-then-delete-ancestor", "",
      CREATE_B(RSC_PATH, "1")
      "<change operation='delete' path='/cib/configuration'/>", -EBADMSG },
    { "crash/move-then-delete", "<primitive id='z'/>",
      "<change operation='move' path=\"" RSC_PATH "/primitive[@id='a']\" "
      "position='0'/>"
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='a']\"/>",
      -EBADMSG },
    /* the rest of what Pacemaker does not write */
    { "refuse/unknown-operation", "",
      "<change operation='frobnicate' path='" RSC_PATH "'/>", -EBADMSG },
    { "refuse/no-operation", "", "<change path='" RSC_PATH "'/>", -EBADMSG },
    { "refuse/not-a-change", "", "<other operation='delete' path='/cib/x'/>",
      -EBADMSG },
    { "refuse/no-path", "", "<change operation='delete'/>", -EBADMSG },
    { "crash/delete-empty-path", "", "<change operation='delete' path=''/>",
      -EBADMSG },
    { "crash/create-under-document", "", CREATE_B("/", "0"), -EBADMSG },
    { "crash/delete-double-slash", "",
      "<change operation='delete' path='/cib//resources'/>", -EBADMSG },
    { "refuse/not-cib", "",
      "<change operation='delete' path='/other/resources'/>", -EBADMSG },
    { "refuse/cib-with-id", "",
      "<change operation='delete' path=\"/cib[@id='x']/configuration\"/>",
      -EBADMSG },
    { "refuse/white-space", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='a b']\"/>", -EBADMSG },
    { "refuse/quote-in-id", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='a'b']\"/>", -EBADMSG },
    { "refuse/empty-id", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='']\"/>", -EBADMSG },
    { "refuse/other-predicate", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@type='Dummy']\"/>", -EBADMSG },
    { "refuse/after-predicate", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='a']x\"/>", -EBADMSG },
    { "refuse/unclosed-predicate", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='a'/x\"/>", -EBADMSG },
    { "refuse/create-no-position", "",
      "<change operation='create' path='" RSC_PATH "'>"
      "<primitive id='b'/></change>", -EBADMSG },
    { "refuse/create-negative-position", "", CREATE_B(RSC_PATH, "-1"),
      -EBADMSG },
    { "refuse/create-position-not-a-number", "", CREATE_B(RSC_PATH, "1x"),
      -EBADMSG },
    { "refuse/create-position-empty", "", CREATE_B(RSC_PATH, ""), -EBADMSG },
    { "refuse/create-position-too-big", "", CREATE_B(RSC_PATH, "2147483648"),
      -EBADMSG },
    { "crash/create-nothing", "",
      "<change operation='create' path='" RSC_PATH "' position='0'/>",
      -EBADMSG },
    { "refuse/create-text", "",
      "<change operation='create' path='" RSC_PATH "' position='0'>text"
      "</change>", -EBADMSG },
    { "refuse/create-two", "",
      "<change operation='create' path='" RSC_PATH "' position='0'>"
      "<primitive id='b'/><primitive id='c'/></change>", -EBADMSG },
    { "refuse/create-under-comment", "<!-- c -->",
      CREATE_B(RSC_PATH "/comment", "0"), -EBADMSG },
    { "refuse/modify-comment", "<!-- c -->",
      "<change operation='modify' path='" RSC_PATH "/comment'>"
      "<change-result><x/></change-result></change>", -EBADMSG },
    { "refuse/move-no-position", "",
      "<change operation='move' path='" RSC_PATH "/primitive'/>",
      -EBADMSG },
    { "refuse/move-cib", "",
      "<change operation='move' path='/cib' position='0'/>", -EBADMSG },
    /* what Pacemaker writes passes */
    { "apply/create", "", CREATE_B(RSC_PATH, "1"), 0 },
    { "apply/create-beside-comment", "<!-- c -->", CREATE_B(RSC_PATH, "2"),
      0 },
    { "apply/create-then-delete-other", "<primitive id='z'/>",
      CREATE_B(RSC_PATH, "0")
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='z']\"/>", 0 },
    { "apply/move", "<primitive id='z'/>",
      "<change operation='move' path=\"" RSC_PATH "/primitive[@id='a']\" "
      "position='0'/>", 0 },
    { "apply/delete-nothing", "",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='nothing']\"/>", 0 },
    { "apply/delete-comment-any-position", "<!-- c -->",
      "<change operation='delete' path='" RSC_PATH "/comment' "
      "position='x'/>", 0 },
    { "apply/delete-comment", "<!-- c -->",
      "<change operation='delete' path='" RSC_PATH "/comment' "
      "position='0'/>", 0 },
    { "apply/delete-beside-text", "some text",
      "<change operation='delete' path=\"" RSC_PATH
      "/primitive[@id='a']\"/>", 0 },
};

static void
test_patch_case(void **state)
{
    const struct patch_case *pc = *state;
    g_autofree char *cib_text = g_strdup_printf(MINI_CIB, pc->in_resources);
    g_autofree char *diff_text = g_strdup_printf(MINI_DIFF, pc->changes);
    xmlNode *cib = clusapi__xml_parse(cib_text);
    xmlNode *patch = clusapi__xml_parse(diff_text);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    int rc;

    if (cib == NULL || patch == NULL) {
        fail_msg("%s: cannot parse", pc->name);
    }
    before = clusapi__xml_dump(cib);
    rc = clusapi__patch_apply(cib, patch);
    after = clusapi__xml_dump(cib);
    clusapi__xml_free(patch);
    clusapi__xml_free(cib);
    if (rc != pc->rc) {
        fail_msg("%s: clusapi__patch_apply returned %d, not %d", pc->name,
                 rc, pc->rc);
    }
    if (rc != 0) {
        assert_string_equal(before, after); /* refused: untouched */
    }
}

/* ---- full re-reads (fixtures/cib/resync) ---- */

static void
test_resync(void **state)
{
    const char *name = *state; /* CASE */
    g_autofree char *dir = g_build_filename(cib_dir, "resync", NULL);
    g_autofree char *from_file = g_strdup_printf("%s.from.xml", name);
    g_autofree char *to_file = g_strdup_printf("%s.to.xml", name);
    g_autofree char *exp_file = g_strdup_printf("%s.expected", name);
    g_autofree char *from_path = g_build_filename(dir, from_file, NULL);
    g_autofree char *to_path = g_build_filename(dir, to_file, NULL);
    g_autofree char *exp_path = g_build_filename(dir, exp_file, NULL);
    g_autofree char *what = g_strdup_printf("resync/%s", name);
    xmlNode *from = parse_ok(from_path);
    xmlNode *to = parse_ok(to_path);
    cl_model_t *m = clusapi__model_new();
    GPtrArray *events = new_events();
    g_autoptr(GPtrArray) fresh = snapshot_of_file(to_path);
    g_autoptr(GPtrArray) after = NULL;
    bool ok;

    clusapi__model_load(m, from, NULL);
    clusapi__model_load(m, to, events);
    ok = events_match(what, events, exp_path);
    after = snapshot(m);
    ok = snapshots_equal(what, fresh, after) && ok;
    g_ptr_array_unref(events);
    clusapi__model_free(m);
    clusapi__xml_free(to);
    clusapi__xml_free(from);
    assert_true(ok);
}

/* ---- the per-node lrm index (hand-written patchsets) ----
 *
 * A state change finds its lrm_resource through a per-node index that a
 * create or delete at or above the lrm_resource elements makes stale.  The
 * sequence: build the index (state change), delete the history (cleanup),
 * create it again, change it, delete the whole lrm, create it again; after
 * each step the events and a fresh load must agree. */

/* One step of a hand-written scenario: apply diff to cib, update m with it;
 * the events must be expected ("|"-separated), and m must equal a model
 * loaded from after (NULL: a copy of the patched cib). */
static bool
step_ok(const char *what, cl_model_t *m, xmlNode *cib, const char *diff,
        const char *expected_events, xmlNode *after)
{
    g_auto(GStrv) want = g_strsplit(expected_events, "|", -1);
    g_autoptr(GPtrArray) expected = g_ptr_array_new();
    g_autoptr(GPtrArray) actual = NULL;
    g_autoptr(GPtrArray) fresh = NULL;
    g_autoptr(GPtrArray) snap = NULL;
    g_autoptr(GPtrArray) before = NULL;
    GPtrArray *events = new_events();
    xmlNode *patch = clusapi__xml_parse(diff);
    xmlNode *copy = NULL;
    cl_model_t *f = clusapi__model_new();
    bool ok;

    clusapi__model_set_clock(f, step_clock);
    assert_non_null(patch);
    assert_int_equal(clusapi__patch_apply(cib, patch), 0);
    before = snapshot(m);
    assert_int_equal(clusapi__model_update(m, cib, patch, events), 0);
    ok = oracle_ok(what, m, cib, before, events);
    for (guint k = 0; want[k] != NULL; k++) {
        g_ptr_array_add(expected, want[k]);
    }
    actual = format_events(events);
    ok = lines_equal(what, expected, actual) && ok;
    if (after == NULL) {
        after = copy = clusapi__xml_copy(cib);
    }
    clusapi__model_load(f, after, NULL);
    fresh = snapshot(f);
    snap = snapshot(m);
    ok = snapshots_equal(what, fresh, snap) && ok;
    clusapi__model_free(f);
    clusapi__xml_free(copy);
    clusapi__xml_free(patch);
    g_ptr_array_unref(events);
    return ok;
}

/* A hand-written scenario on a CIB: each step as step_ok, from a copy of
 * the patched CIB. */
typedef struct hstep {
    const char *diff;
    const char *expected; /* events, "|"-separated */
} hstep_t;

/* The steps, each checked against its expected events. */
static void
run_steps(const char *name, const char *cib_text, const hstep_t *steps,
          size_t n)
{
    xmlNode *cib = clusapi__xml_parse(cib_text);
    cl_model_t *m = clusapi__model_new();
    bool ok = true;

    assert_non_null(cib);
    clusapi__model_load(m, cib, NULL);
    for (size_t i = 0; i < n; i++) {
        g_autofree char *what = g_strdup_printf("%s step %zu", name, i + 1);

        ok = step_ok(what, m, cib, steps[i].diff, steps[i].expected, NULL)
             && ok;
    }
    clusapi__model_free(m);
    clusapi__xml_free(cib);
    assert_true(ok);
}

#define IDX_CIB                                                              \
    "<cib admin_epoch='0' epoch='1' num_updates='%d'><configuration>"       \
    "<crm_config/><nodes><node id='1' uname='n1'/></nodes><resources>"      \
    "<primitive id='a' class='ocf' provider='pacemaker' type='Dummy'/>"     \
    "<primitive id='b' class='ocf' provider='pacemaker' type='Dummy'/>"     \
    "</resources><constraints/></configuration><status>"                    \
    "<node_state id='1' uname='n1' in_ccm='true' crmd='online' "            \
    "join='member' expected='member'><lrm id='1'><lrm_resources>%s"         \
    "</lrm_resources></lrm></node_state></status></cib>"
#define IDX_RSC(id, op, rc)                                                  \
    "<lrm_resource id='" id "' type='Dummy' class='ocf' "                   \
    "provider='pacemaker'><lrm_rsc_op id='" id "_last_0' operation='" op    \
    "' call-id='5' rc-code='" rc "' op-status='0' interval='0' "            \
    "transition-key='1:1:0:00000000-0000-0000-0000-000000000000'/>"         \
    "</lrm_resource>"
#define IDX_DIFF(from, to, body)                                             \
    "<diff format='2'><version><source admin_epoch='0' epoch='1' "          \
    "num_updates='" from "'/><target admin_epoch='0' epoch='1' "            \
    "num_updates='" to "'/></version>" body                                 \
    "<change operation='modify' path='/cib'><change-list><change-attr "     \
    "name='num_updates' operation='set' value='" to "'/></change-list>"     \
    "<change-result><cib admin_epoch='0' epoch='1' num_updates='" to "'/>"  \
    "</change-result></change></diff>"
#define IDX_LRMS "/cib/status/node_state[@id='1']/lrm[@id='1']/lrm_resources"

static void
test_lrm_index(void **state)
{
    static const struct {
        const char *diff;
        const char *lrms; /* the lrm_resources content after it */
        const char *expected;
    } steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='modify' path=\"" IDX_LRMS
                   "/lrm_resource[@id='a']/lrm_rsc_op[@id='a_last_0']\">"
                   "<change-list><change-attr name='operation' "
                   "operation='set' value='stop'/></change-list>"
                   "<change-result><lrm_rsc_op id='a_last_0' "
                   "operation='stop' call-id='5' rc-code='0' "
                   "op-status='0' interval='0' transition-key='1:1:0:"
                   "00000000-0000-0000-0000-000000000000'/>"
                   "</change-result></change>"),
          IDX_RSC("a", "stop", "0") IDX_RSC("b", "start", "0"),
          "RESOURCE_STATE a|GROUP_STATE a" },
        { IDX_DIFF("1", "2",
                   "<change operation='delete' path=\"" IDX_LRMS
                   "/lrm_resource[@id='b']\"/>"),
          IDX_RSC("a", "stop", "0"),
          "RESOURCE_STATE b|GROUP_STATE b" },
        { IDX_DIFF("2", "3",
                   "<change operation='create' path=\"" IDX_LRMS
                   "\" position='1'>" IDX_RSC("b", "start", "1")
                   "</change>"),
          IDX_RSC("a", "stop", "0") IDX_RSC("b", "start", "1"),
          "RESOURCE_STATE b|GROUP_STATE b" },
        { IDX_DIFF("3", "4",
                   "<change operation='modify' path=\"" IDX_LRMS
                   "/lrm_resource[@id='b']/lrm_rsc_op[@id='b_last_0']\">"
                   "<change-list><change-attr name='rc-code' "
                   "operation='set' value='0'/></change-list>"
                   "<change-result><lrm_rsc_op id='b_last_0' "
                   "operation='start' call-id='5' rc-code='0' "
                   "op-status='0' interval='0' transition-key='1:1:0:"
                   "00000000-0000-0000-0000-000000000000'/>"
                   "</change-result></change>"),
          IDX_RSC("a", "stop", "0") IDX_RSC("b", "start", "0"),
          "RESOURCE_STATE b|GROUP_STATE b" },
        { IDX_DIFF("4", "5",
                   "<change operation='delete' path=\"" IDX_LRMS "\"/>"),
          NULL, "RESOURCE_STATE b|GROUP_STATE b" },
        { IDX_DIFF("5", "6",
                   "<change operation='create' path=\"/cib/status/"
                   "node_state[@id='1']/lrm[@id='1']\" position='0'>"
                   "<lrm_resources>" IDX_RSC("a", "start", "0")
                   "</lrm_resources></change>"),
          IDX_RSC("a", "start", "0"),
          "RESOURCE_STATE a|GROUP_STATE a" },
        { IDX_DIFF("6", "7",
                   "<change operation='modify' path=\"" IDX_LRMS
                   "/lrm_resource[@id='a']/lrm_rsc_op[@id='a_last_0']\">"
                   "<change-list><change-attr name='rc-code' "
                   "operation='set' value='1'/></change-list>"
                   "<change-result><lrm_rsc_op id='a_last_0' "
                   "operation='start' call-id='5' rc-code='1' "
                   "op-status='0' interval='0' transition-key='1:1:0:"
                   "00000000-0000-0000-0000-000000000000'/>"
                   "</change-result></change>"),
          IDX_RSC("a", "start", "1"),
          "RESOURCE_STATE a|GROUP_STATE a" },
    };
    g_autofree char *text = g_strdup_printf(
        IDX_CIB, 0, IDX_RSC("a", "start", "0") IDX_RSC("b", "start", "0"));
    xmlNode *cib = clusapi__xml_parse(text);
    cl_model_t *m = clusapi__model_new();
    bool ok = true;

    (void) state;
    assert_non_null(cib);
    clusapi__model_load(m, cib, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        g_autofree char *what = g_strdup_printf("lrm-index step %zu", i + 1);
        /* the CIB the patch made is the one the step describes */
        g_autofree char *after_text = g_strdup_printf(
            IDX_CIB, (int) i + 1, steps[i].lrms != NULL ? steps[i].lrms : "");
        xmlNode *after = clusapi__xml_parse(after_text);

        if (steps[i].lrms == NULL) { /* no lrm_resources element at all */
            xmlNode *lrms = after->last->children->children->children;
            xmlUnlinkNode(lrms);
            xmlFreeNode(lrms);
        }
        ok = step_ok(what, m, cib, steps[i].diff, steps[i].expected, after)
             && ok;
        clusapi__xml_free(after);
    }
    clusapi__model_free(m);
    clusapi__xml_free(cib);
    assert_true(ok);
}

/* What is created or deleted beside lrm under a node_state leaves the
 * node's lrm index as it is; lrm itself, deleted or created there, makes it
 * stale.  Each step builds the index or uses it: a stale one would point
 * at freed elements or miss the new ones (the fresh load of each step
 * tells). */
#define IDX_NS "/cib/status/node_state[@id='1']"
#define IDX_OP_DIFF(from, to, id, op)                                        \
    IDX_DIFF(from, to,                                                       \
             "<change operation='modify' path=\"" IDX_LRMS                   \
             "/lrm_resource[@id='" id "']/lrm_rsc_op[@id='" id "_last_0']\">" \
             "<change-list><change-attr name='operation' operation='set' "   \
             "value='" op "'/></change-list><change-result><lrm_rsc_op "     \
             "id='" id "_last_0' operation='" op "' call-id='6' "            \
             "rc-code='0' op-status='0' interval='0' transition-key='1:1:0:" \
             "00000000-0000-0000-0000-000000000000'/></change-result>"       \
             "</change>")

static void
test_lrm_index_beside(void **state)
{
    static const hstep_t steps[] = {
        { IDX_OP_DIFF("0", "1", "a", "stop"),
          "RESOURCE_STATE a|GROUP_STATE a" },
        { IDX_DIFF("1", "2",
                   "<change operation='create' path=\"" IDX_NS "\" "
                   "position='1'><transient_attributes id='1'>"
                   "<instance_attributes id='status-1'><nvpair "
                   "id='status-1-x' name='x' value='1'/>"
                   "</instance_attributes></transient_attributes></change>"),
          "NODE_PROPERTY n1" },
        { IDX_OP_DIFF("2", "3", "b", "stop"),
          "RESOURCE_STATE b|GROUP_STATE b" },
        { IDX_DIFF("3", "4",
                   "<change operation='delete' path=\"" IDX_NS
                   "/transient_attributes[@id='1']\"/>"),
          "NODE_PROPERTY n1" },
        { IDX_OP_DIFF("4", "5", "a", "start"),
          "RESOURCE_STATE a|GROUP_STATE a" },
        { IDX_DIFF("5", "6",
                   "<change operation='delete' path=\"" IDX_NS
                   "/lrm[@id='1']\"/>"),
          "RESOURCE_STATE a|GROUP_STATE a" },
        /* a configuration change that reads a's histories: the index of
         * node 1 is built, empty */
        { IDX_DIFF("6", "7",
                   "<change operation='create' path=\"/cib/configuration/"
                   "resources/primitive[@id='a']\" position='0'>"
                   "<meta_attributes id='a-meta'><nvpair id='a-meta-m' "
                   "name='is-managed' value='false'/></meta_attributes>"
                   "</change>"),
          "RESOURCE_PROPERTY a" },
        { IDX_DIFF("7", "8",
                   "<change operation='create' path=\"" IDX_NS "\" "
                   "position='0'><lrm id='1'><lrm_resources>"
                   IDX_RSC("a", "start", "0") "</lrm_resources></lrm>"
                   "</change>"),
          "RESOURCE_STATE a|GROUP_STATE a" },
        { IDX_OP_DIFF("8", "9", "a", "stop"),
          "RESOURCE_STATE a|GROUP_STATE a" },
    };
    g_autofree char *text = g_strdup_printf(
        IDX_CIB, 0, IDX_RSC("a", "start", "0") IDX_RSC("b", "start", "0"));

    (void) state;
    run_steps("lrm-index-beside", text, steps, G_N_ELEMENTS(steps));
}

/* A partial walk keeps the group members that no change is in as they
 * were (their lrm entries too), unless the change is in the group's own
 * element: its meta attributes are the members' (is-managed here: a start
 * that finds an unmanaged resource not running stops it, a managed one
 * fails). */
#define CFG_DIFF(from, to, body)                                             \
    "<diff format='2'><version><source admin_epoch='0' epoch='" from "' "   \
    "num_updates='0'/><target admin_epoch='0' epoch='" to "' "              \
    "num_updates='0'/></version><change operation='modify' path='/cib'>"    \
    "<change-list><change-attr name='epoch' operation='set' value='" to     \
    "'/></change-list><change-result><cib admin_epoch='0' epoch='" to       \
    "' num_updates='0'/></change-result></change>" body "</diff>"
#define KEPT_CIB                                                             \
    "<cib admin_epoch='0' epoch='1' num_updates='0'><configuration>"        \
    "<crm_config/><nodes><node id='1' uname='n1'/></nodes><resources>"      \
    "<group id='g'><primitive id='a' class='ocf' provider='pacemaker' "     \
    "type='Dummy'/><primitive id='b' class='ocf' provider='pacemaker' "     \
    "type='Dummy'/></group></resources><constraints/></configuration>"      \
    "<status><node_state id='1' uname='n1' in_ccm='true' crmd='online' "    \
    "join='member' expected='member'><lrm id='1'><lrm_resources>"           \
    IDX_RSC("a", "start", "0") IDX_RSC("b", "start", "0")                   \
    "</lrm_resources></lrm></node_state></status></cib>"
#define KEPT_G "/cib/configuration/resources/group[@id='g']"

static void
test_kept_members(void **state)
{
    static const hstep_t steps[] = {
        /* a changes, b is kept */
        { CFG_DIFF("1", "2",
                    "<change operation='create' path=\"" KEPT_G
                    "/primitive[@id='a']\" position='0'><meta_attributes "
                    "id='a-meta'><nvpair id='a-meta-t' name='target-role' "
                    "value='Started'/></meta_attributes></change>"),
          "RESOURCE_PROPERTY a" },
        /* b's kept entries still find its history */
        { CFG_DIFF("2", "3",
                    "<change operation='modify' path=\"" IDX_LRMS
                    "/lrm_resource[@id='b']/lrm_rsc_op[@id='b_last_0']\">"
                    "<change-list><change-attr name='rc-code' "
                    "operation='set' value='1'/></change-list>"
                    "<change-result><lrm_rsc_op id='b_last_0' "
                    "operation='start' call-id='5' rc-code='1' "
                    "op-status='0' interval='0' transition-key='1:1:0:"
                    "00000000-0000-0000-0000-000000000000'/>"
                    "</change-result></change>"),
          "RESOURCE_STATE b|GROUP_STATE g" },
        /* the group's own meta attributes: both members read again */
        { CFG_DIFF("3", "4",
                    "<change operation='create' path=\"" KEPT_G "\" "
                    "position='0'><meta_attributes id='g-meta'><nvpair "
                    "id='g-meta-m' name='is-managed' value='false'/>"
                    "</meta_attributes></change>"),
          "GROUP_PROPERTY g" },
        /* a start that finds a not running: unmanaged, it is stopped
         * (managed, it would be failed) */
        { CFG_DIFF("4", "5",
                    "<change operation='modify' path=\"" IDX_LRMS
                    "/lrm_resource[@id='a']/lrm_rsc_op[@id='a_last_0']\">"
                    "<change-list><change-attr name='rc-code' "
                    "operation='set' value='7'/></change-list>"
                    "<change-result><lrm_rsc_op id='a_last_0' "
                    "operation='start' call-id='5' rc-code='7' "
                    "op-status='0' interval='0' transition-key='1:1:0:"
                    "00000000-0000-0000-0000-000000000000'/>"
                    "</change-result></change>"),
          "RESOURCE_STATE a" },
    };

    (void) state;
    run_steps("kept", KEPT_CIB, steps, G_N_ELEMENTS(steps));
}

/* Clone instances ("p:0", "p:1") are histories of p, and a resource whose
 * id only begins with p's ("px") is not, read one by one or indexed. */
#define INST_RSC(id, rc)                                                     \
    "<lrm_resource id='" id "' type='Dummy' class='ocf' "                   \
    "provider='pacemaker'><lrm_rsc_op id='" id "_last_0' "                  \
    "operation='start' call-id='5' rc-code='" rc "' op-status='0' "         \
    "interval='0' transition-key='1:1:0:"                                   \
    "00000000-0000-0000-0000-000000000000'/></lrm_resource>"
#define INST_CIB                                                             \
    "<cib admin_epoch='0' epoch='1' num_updates='0'><configuration>"        \
    "<crm_config/><nodes><node id='1' uname='n1'/></nodes><resources>"      \
    "<clone id='c'><meta_attributes id='c-meta'><nvpair id='c-meta-u' "     \
    "name='globally-unique' value='true'/><nvpair id='c-meta-n' "           \
    "name='clone-max' value='2'/></meta_attributes><primitive id='p' "      \
    "class='ocf' provider='pacemaker' type='Dummy'/></clone>"               \
    "<primitive id='px' class='ocf' provider='pacemaker' type='Dummy'/>"    \
    "</resources><constraints/></configuration><status>"                    \
    "<node_state id='1' uname='n1' in_ccm='true' crmd='online' "            \
    "join='member' expected='member'><lrm id='1'><lrm_resources>"           \
    INST_RSC("p:0", "0") INST_RSC("px", "0") INST_RSC("p:1", "0")           \
    "</lrm_resources></lrm></node_state></status></cib>"
#define INST_DIFF(from, to, id, rc)                                          \
    IDX_DIFF(from, to,                                                       \
             "<change operation='modify' path=\"" IDX_LRMS                   \
             "/lrm_resource[@id='" id "']/lrm_rsc_op[@id='" id "_last_0']\">" \
             "<change-list><change-attr name='rc-code' operation='set' "     \
             "value='" rc "'/></change-list><change-result><lrm_rsc_op "     \
             "id='" id "_last_0' operation='start' call-id='5' rc-code='"    \
             rc "' op-status='0' interval='0' transition-key='1:1:0:"        \
             "00000000-0000-0000-0000-000000000000'/></change-result>"       \
             "</change>")

static void
test_lrm_instances(void **state)
{
    static const hstep_t steps[] = {
        { INST_DIFF("0", "1", "p:1", "1"), "RESOURCE_STATE c|GROUP_STATE c" },
        { INST_DIFF("1", "2", "px", "1"), "RESOURCE_STATE px|GROUP_STATE px" },
        { INST_DIFF("2", "3", "p:1", "0"), "RESOURCE_STATE c|GROUP_STATE c" },
        { INST_DIFF("3", "4", "p:0", "1"), "RESOURCE_STATE c|GROUP_STATE c" },
    };

    (void) state;
    run_steps("instances", INST_CIB, steps, G_N_ELEMENTS(steps));
}

/* A resource's histories are read again when its operations' configuration
 * changes (on-fail decides what a failed monitor means), and only then: a
 * change elsewhere in the primitive leaves them as they were read. */
#define OPS_CIB                                                              \
    "<cib admin_epoch='0' epoch='1' num_updates='0'><configuration>"        \
    "<crm_config/><nodes><node id='1' uname='n1'/></nodes><resources>"      \
    "<primitive id='p' class='ocf' provider='pacemaker' type='Dummy'>"      \
    "<instance_attributes id='p-ia'><nvpair id='p-ia-x' name='x' "          \
    "value='1'/></instance_attributes><operations><op id='p-mon' "          \
    "name='monitor' interval='10s' on-fail='ignore'/></operations>"         \
    "</primitive><primitive id='q' class='ocf' provider='pacemaker' "       \
    "type='Dummy'><operations><op id='q-mon' name='monitor' "               \
    "interval='10s'/></operations></primitive></resources><constraints/>"   \
    "</configuration><status>"                                              \
    "<node_state id='1' uname='n1' in_ccm='true' crmd='online' "            \
    "join='member' expected='member'><lrm id='1'><lrm_resources>"           \
    OPS_HIST("q")                                                           \
    "<lrm_resource id='p' type='Dummy' class='ocf' provider='pacemaker'>"   \
    "<lrm_rsc_op id='p_last_0' operation='start' call-id='5' rc-code='0' "  \
    "op-status='0' interval='0' transition-key='1:1:0:"                     \
    "00000000-0000-0000-0000-000000000000'/><lrm_rsc_op "                   \
    "id='p_monitor_10000' operation='monitor' call-id='6' rc-code='1' "     \
    "op-status='0' interval='10000' transition-key='2:1:0:"                 \
    "00000000-0000-0000-0000-000000000000'/></lrm_resource>"                \
    "</lrm_resources></lrm></node_state></status></cib>"
#define OPS_HIST(id)                                                         \
    "<lrm_resource id='" id "' type='Dummy' class='ocf' "                   \
    "provider='pacemaker'><lrm_rsc_op id='" id "_last_0' "                  \
    "operation='start' call-id='5' rc-code='0' op-status='0' interval='0' " \
    "transition-key='1:1:0:00000000-0000-0000-0000-000000000000'/>"         \
    "<lrm_rsc_op id='" id "_monitor_10000' operation='monitor' "            \
    "call-id='6' rc-code='1' op-status='0' interval='10000' "               \
    "transition-key='2:1:0:00000000-0000-0000-0000-000000000000'/>"         \
    "</lrm_resource>"
#define OPD "/cib/configuration/op_defaults/meta_attributes[@id='opd']"
#define OPS_DIFF(from, to, path, name, value, result)                        \
    "<diff format='2'><version><source admin_epoch='0' epoch='" from "' "   \
    "num_updates='0'/><target admin_epoch='0' epoch='" to "' "              \
    "num_updates='0'/></version><change operation='modify' path='/cib'>"    \
    "<change-list><change-attr name='epoch' operation='set' value='" to     \
    "'/></change-list><change-result><cib admin_epoch='0' epoch='" to       \
    "' num_updates='0'/></change-result></change><change "                  \
    "operation='modify' path=\"/cib/configuration/resources/"              \
    "primitive[@id='p']/" path "\"><change-list><change-attr name='" name   \
    "' operation='set' value='" value "'/></change-list><change-result>"    \
    result "</change-result></change></diff>"

static void
test_ops_reread(void **state)
{
    static const hstep_t steps[] = {
        /* a failed monitor is a failure once on-fail no longer ignores it */
        { OPS_DIFF("1", "2", "operations/op[@id='p-mon']", "on-fail",
                   "block", "<op id='p-mon' name='monitor' interval='10s' "
                            "on-fail='block'/>"),
          "RESOURCE_PROPERTY p|RESOURCE_STATE p|GROUP_STATE p" },
        /* an instance attribute: a property, the same state */
        { OPS_DIFF("2", "3", "instance_attributes[@id='p-ia']/"
                             "nvpair[@id='p-ia-x']", "value", "2",
                   "<nvpair id='p-ia-x' name='x' value='2'/>"),
          "RESOURCE_PROPERTY p" },
        { OPS_DIFF("3", "4", "operations/op[@id='p-mon']", "on-fail",
                   "ignore", "<op id='p-mon' name='monitor' interval='10s' "
                             "on-fail='ignore'/>"),
          "RESOURCE_PROPERTY p|RESOURCE_STATE p|GROUP_STATE p" },
        /* op_defaults, created as a section: on-fail for q's monitor (p
         * has its own) */
        { CFG_DIFF("4", "5",
                   "<change operation='create' path='/cib/configuration' "
                   "position='4'><op_defaults><meta_attributes id='opd'>"
                   "<nvpair id='opd-of' name='on-fail' value='ignore'/>"
                   "</meta_attributes></op_defaults></change>"),
          "CLUSTER_PROPERTY cluster|RESOURCE_STATE q|GROUP_STATE q" },
        /* a default the rules do not read: a cluster property only */
        { CFG_DIFF("5", "6",
                   "<change operation='create' path=\"" OPD "\" "
                   "position='1'><nvpair id='opd-t' name='timeout' "
                   "value='30s'/></change>"),
          "CLUSTER_PROPERTY cluster" },
        { CFG_DIFF("6", "7",
                   "<change operation='modify' path=\"" OPD
                   "/nvpair[@id='opd-of']\"><change-list><change-attr "
                   "name='value' operation='set' value='restart'/>"
                   "</change-list><change-result><nvpair id='opd-of' "
                   "name='on-fail' value='restart'/></change-result>"
                   "</change>"),
          "CLUSTER_PROPERTY cluster|RESOURCE_STATE q|GROUP_STATE q" },
    };

    (void) state;
    run_steps("ops", OPS_CIB, steps, G_N_ELEMENTS(steps));
}

/* failure-timeout (§6.6): a failure older than the resource's
 * failure-timeout no longer counts, once its fail count on the node is as
 * old too; the model tells when the next one expires.  p: 60s, a fail
 * count last failed at 1000 (expires after 1060: at 1061); q: 100s from
 * rsc_defaults, no fail count (at 1100); in a group g, m: 30s from the
 * group, a failed start at 1000 (at 1030). */
#define FT_OP(id, op, interval, rc, lrc, call)                              \
    "<lrm_rsc_op id='" id "_" op "_" interval "' operation_key='" id "_" op  \
    "_" interval "' operation='" op "' "                                     \
    "call-id='" call "' rc-code='" rc "' op-status='0' interval='"           \
    interval "' last-rc-change='" lrc "' transition-key='1:1:0:"             \
    "00000000-0000-0000-0000-000000000000'/>"
#define FT_RSC(id, ops)                                                      \
    "<lrm_resource id='" id "' type='Dummy' class='ocf' "                   \
    "provider='pacemaker'>" ops "</lrm_resource>"
#define FT_PRIM(id, meta)                                                    \
    "<primitive id='" id "' class='ocf' provider='pacemaker' type='Dummy'>" \
    meta "<operations><op id='" id "-mon' name='monitor' interval='10s'/>"  \
    "</operations></primitive>"
#define FT_META(id, v)                                                       \
    "<meta_attributes id='" id "-meta'><nvpair id='" id "-ft' "             \
    "name='failure-timeout' value='" v "'/></meta_attributes>"
#define FT_CIB                                                               \
    "<cib admin_epoch='0' epoch='1' num_updates='0' "                       \
    "crm_feature_set='3.16.2'><configuration><crm_config>"                  \
    "<cluster_property_set id='cps'><nvpair id='cps-st' "                   \
    "name='stonith-enabled' value='false'/></cluster_property_set>"         \
    "</crm_config><nodes><node id='1' uname='n1'/></nodes><resources>"      \
    FT_PRIM("p", FT_META("p", "1min")) FT_PRIM("q", "")                     \
    "<group id='g'>" FT_META("g", "30") FT_PRIM("m", "") "</group>"         \
    "</resources><constraints/><rsc_defaults>"                              \
    "<meta_attributes id='rd'><nvpair id='rd-ft' name='failure-timeout' "   \
    "value='100s'/></meta_attributes></rsc_defaults></configuration>"       \
    "<status><node_state id='1' uname='n1' in_ccm='true' crmd='online' "    \
    "join='member' expected='member'><transient_attributes id='1'>"         \
    "<instance_attributes id='status-1'><nvpair "                           \
    "id='status-1-fail-count-p.monitor_10000' "                             \
    "name='fail-count-p#monitor_10000' value='1'/><nvpair "                 \
    "id='status-1-last-failure-p.monitor_10000' "                           \
    "name='last-failure-p#monitor_10000' value='1000'/>"                    \
    "</instance_attributes></transient_attributes><lrm id='1'>"             \
    "<lrm_resources>"                                                       \
    FT_RSC("p", FT_OP("p", "start", "0", "0", "900", "5")                   \
                FT_OP("p", "monitor", "10000", "1", "1000", "6"))           \
    FT_RSC("q", FT_OP("q", "start", "0", "0", "900", "5")                   \
                FT_OP("q", "monitor", "10000", "7", "1000", "6"))           \
    FT_RSC("m", FT_OP("m", "start", "0", "1", "1000", "5"))                 \
    "</lrm_resources></lrm></node_state></status></cib>"
/* (a modify of /cib names all its attributes: crm_feature_set stays, or
 * the fail counts would read as those of an old DC, without the
 * operation in their names) */
#define FT_DIFF(from, to, body)                                              \
    "<diff format='2'><version><source admin_epoch='0' epoch='" from "' "   \
    "num_updates='0'/><target admin_epoch='0' epoch='" to "' "              \
    "num_updates='0'/></version><change operation='modify' path='/cib'>"    \
    "<change-list><change-attr name='epoch' operation='set' value='" to     \
    "'/></change-list><change-result><cib admin_epoch='0' epoch='" to       \
    "' num_updates='0' crm_feature_set='3.16.2'/></change-result>"          \
    "</change>" body "</diff>"
#define FT_ATTRS "/cib/status/node_state[@id='1']/transient_attributes"     \
    "[@id='1']/instance_attributes[@id='status-1']"

/* The events of a re-read of cib at a time (RESOURCE_STATE and GROUP_STATE
 * lines), and the failures listed then. */
static void
ft_reload(cl_model_t *m, xmlNode *cib, long long now, const char *expected,
          guint n_failures, long long next)
{
    GPtrArray *events = new_events();
    g_autoptr(GPtrArray) actual = NULL;
    g_autoptr(GPtrArray) want = g_ptr_array_new();
    g_auto(GStrv) lines = g_strsplit(expected, "|", -1);
    g_autoptr(GArray) fails = g_array_new(FALSE, FALSE,
                                          sizeof(cl_model_failure_t));
    g_autofree char *what = g_strdup_printf("re-read at %lld", now);

    for (guint k = 0; lines[k] != NULL; k++) {
        g_ptr_array_add(want, lines[k]);
    }
    clusapi__model_set_clock(m, now);
    clusapi__model_load(m, cib, events);
    actual = format_events(events);
    assert_true(lines_equal(what, want, actual));
    clusapi__model_failures(m, NULL, fails);
    if (fails->len != n_failures || clusapi__model_next_change(m) != next) {
        fail_msg("%s: %u failures, next change %lld (expected %u, %lld)",
                 what, fails->len, clusapi__model_next_change(m), n_failures,
                 next);
    }
    g_ptr_array_unref(events);
}

static void
test_failure_timeout(void **state)
{
    xmlNode *cib = clusapi__xml_parse(FT_CIB);
    cl_model_t *m = clusapi__model_new();
    const char *owner = NULL;
    g_autoptr(GArray) fails = g_array_new(FALSE, FALSE,
                                          sizeof(cl_model_failure_t));
    /* a failure of r (failure-timeout 200s: at 1245) and of s (10s: at
     * 1050), created by two updates at 1045 */
    static const char *const add_r =
        FT_DIFF("1", "2",
                 "<change operation='create' path='/cib/configuration/"
                 "resources' position='3'>" FT_PRIM("r", FT_META("r", "200"))
                 "</change><change operation='create' path=\"" IDX_LRMS
                 "\" position='3'>"
                 FT_RSC("r", FT_OP("r", "start", "0", "1", "1045", "5"))
                 "</change>");
    static const char *const add_s =
        FT_DIFF("2", "3",
                 "<change operation='create' path='/cib/configuration/"
                 "resources' position='4'>" FT_PRIM("s", FT_META("s", "10"))
                 "</change><change operation='create' path=\"" IDX_LRMS
                 "\" position='4'>"
                 FT_RSC("s", FT_OP("s", "start", "0", "1", "1040", "5"))
                 "</change>");
    /* p fails again at 1070: only its fail count's last failure changes */
    static const char *const refail_p =
        FT_DIFF("3", "4",
                 "<change operation='modify' path=\"" FT_ATTRS
                 "/nvpair[@id='status-1-last-failure-p.monitor_10000']\">"
                 "<change-list><change-attr name='value' operation='set' "
                 "value='1070'/></change-list><change-result><nvpair "
                 "id='status-1-last-failure-p.monitor_10000' "
                 "name='last-failure-p#monitor_10000' value='1070'/>"
                 "</change-result></change>");

    (void) state;
    assert_non_null(cib);
    /* before: every one failed, each failure listed */
    clusapi__model_set_clock(m, 1020);
    clusapi__model_load(m, cib, NULL);
    assert_int_equal(clusapi__model_resource_state(m, "p", &owner, NULL),
                     ClusterResourceFailed);
    assert_int_equal(clusapi__model_resource_state(m, "q", &owner, NULL),
                     ClusterResourceFailed);
    assert_int_equal(clusapi__model_resource_state(m, "m", &owner, NULL),
                     ClusterResourceFailed);
    clusapi__model_failures(m, NULL, fails);
    assert_int_equal(fails->len, 3);
    assert_int_equal(clusapi__model_next_change(m), 1030);

    /* m's start failure expired: m stopped (Offline), no failure */
    ft_reload(m, cib, 1030, "RESOURCE_STATE m|GROUP_STATE g", 2, 1061);
    /* p's monitor is older than 60s, its fail count is not (1060 is not
     * after 1000 + 60): p still failed */
    ft_reload(m, cib, 1060, "", 2, 1061);

    /* an update only lowers the next change: r's failure expires later,
     * s's earlier */
    step_clock = 1045;
    clusapi__model_set_clock(m, 1045);
    assert_true(step_ok("failure-timeout r", m, cib, add_r,
                        "GROUP_ADDED r|RESOURCE_ADDED r", NULL));
    assert_int_equal(clusapi__model_next_change(m), 1061);
    assert_true(step_ok("failure-timeout s", m, cib, add_s,
                        "GROUP_ADDED s|RESOURCE_ADDED s", NULL));
    assert_int_equal(clusapi__model_next_change(m), 1050);

    /* a load computes it afresh; at the times given: s, p, q expire */
    ft_reload(m, cib, 1049, "", 4, 1050);
    ft_reload(m, cib, 1050, "RESOURCE_STATE s|GROUP_STATE s", 3, 1061);
    ft_reload(m, cib, 1061, "RESOURCE_STATE p|GROUP_STATE p", 2, 1100);
    assert_int_equal(clusapi__model_resource_state(m, "p", &owner, NULL),
                     ClusterResourceOnline);

    /* a newer failure in p's fail count alone makes its old monitor
     * failure count again, until 1070 + 60 */
    step_clock = 1075;
    clusapi__model_set_clock(m, 1075);
    assert_true(step_ok("failure-timeout fail count", m, cib, refail_p,
                        "RESOURCE_STATE p|GROUP_STATE p", NULL));
    assert_int_equal(clusapi__model_resource_state(m, "p", &owner, NULL),
                     ClusterResourceFailed);
    ft_reload(m, cib, 1100, "RESOURCE_STATE q|GROUP_STATE q", 2, 1131);
    ft_reload(m, cib, 1131, "RESOURCE_STATE p|GROUP_STATE p", 1, 1245);
    ft_reload(m, cib, 1245, "RESOURCE_STATE r|GROUP_STATE r", 0, 0);
    step_clock = 0;
    clusapi__model_free(m);
    clusapi__xml_free(cib);
}

/* no-quorum-policy counts only without quorum: changed while the cluster
 * has quorum, it is read when quorum is lost (suicide: the online node is
 * unclean). */
#define QUORUM_DIFF_P(from, to, q, panic, body)                              \
    "<diff format='2'><version><source admin_epoch='0' epoch='" from "' "   \
    "num_updates='0'/><target admin_epoch='0' epoch='" to "' "              \
    "num_updates='0'/></version><change operation='modify' path='/cib'>"    \
    "<change-list><change-attr name='epoch' operation='set' value='" to     \
    "'/><change-attr name='have-quorum' operation='set' value='" q "'/>"    \
    "</change-list><change-result><cib admin_epoch='0' epoch='" to          \
    "' num_updates='0' have-quorum='" q "'" panic "/></change-result>"      \
    "</change>" body "</diff>"
#define QUORUM_DIFF(from, to, q, body) QUORUM_DIFF_P(from, to, q, "", body)
#define PANIC " no-quorum-panic='1'"

/* no-quorum-policy=suicide: a node without quorum is unclean, but only
 * with no-quorum-panic set (unpack_config resets the policy to stop
 * otherwise; crm_mon 2.1.5 and 3.0.0 alike) */
static void
test_no_quorum_policy(void **state)
{
    static const hstep_t steps[] = {
        { QUORUM_DIFF("1", "2", "1", ""), "" },
        /* (a modify of /cib names all its attributes: have-quorum stays) */
        { QUORUM_DIFF("2", "3", "1",
                      "<change operation='create' "
                      "path='/cib/configuration/crm_config' position='0'>"
                      "<cluster_property_set id='cps'><nvpair id='cps-nq' "
                      "name='no-quorum-policy' value='suicide'/>"
                      "</cluster_property_set></change>"),
          "CLUSTER_PROPERTY cluster" },
        /* quorum lost without no-quorum-panic: the policy reads as stop */
        { QUORUM_DIFF("3", "4", "0", ""), "" },
        { QUORUM_DIFF("4", "5", "1", ""), "" },
        /* with it: the node unclean, and what runs there too */
        { QUORUM_DIFF_P("5", "6", "1", PANIC, ""), "" },
        { QUORUM_DIFF_P("6", "7", "0", PANIC, ""),
          "NODE_STATE n1|RESOURCE_STATE q|GROUP_STATE q" },
        { QUORUM_DIFF_P("7", "8", "1", PANIC, ""),
          "NODE_STATE n1|RESOURCE_STATE q|GROUP_STATE q" },
        /* no-quorum-panic gone while quorum is lost */
        { QUORUM_DIFF_P("8", "9", "0", PANIC, ""),
          "NODE_STATE n1|RESOURCE_STATE q|GROUP_STATE q" },
        { QUORUM_DIFF("9", "10", "0", ""),
          "NODE_STATE n1|RESOURCE_STATE q|GROUP_STATE q" },
    };

    (void) state;
    run_steps("quorum", OPS_CIB, steps, G_N_ELEMENTS(steps));
}

/* A resource created after a constraint that names it: a resources change
 * gives only the new objects their constraint facts (preferred nodes). */
static void
test_constraints_of_new(void **state)
{
    static const hstep_t steps[] = {
        { CFG_DIFF("1", "2",
                   "<change operation='create' "
                   "path='/cib/configuration/constraints' position='0'>"
                   "<rsc_location id='loc' rsc='r' node='n1' score='100'/>"
                   "</change>"),
          "" },
        { CFG_DIFF("2", "3",
                   "<change operation='create' "
                   "path='/cib/configuration/resources' position='2'>"
                   "<primitive id='r' class='ocf' provider='pacemaker' "
                   "type='Dummy'/></change>"),
          "GROUP_ADDED r|RESOURCE_ADDED r" },
    };

    (void) state;
    run_steps("constraints", OPS_CIB, steps, G_N_ELEMENTS(steps));
}

/* ---- main ---- */

/* ---- drifts: an incremental model that differed from a fresh load ---- */

#define DRIFT_CIB(nodes, rscs, status)                                       \
    "<cib admin_epoch='0' epoch='1' num_updates='0'><configuration>"        \
    "<crm_config/><nodes>" nodes "</nodes><resources>" rscs                 \
    "</resources><constraints/></configuration><status>" status             \
    "</status></cib>"
#define DRIFT_PRIM(id)                                                       \
    "<primitive id='" id "' class='ocf' provider='pacemaker' "              \
    "type='Dummy'/>"
#define DRIFT_N1 "<node id='1' uname='n1'/>"
#define DRIFT_S1                                                             \
    "<node_state id='1' uname='n1' in_ccm='true' crmd='online' "            \
    "join='member' expected='member'/>"

/* The oracle itself: it finds a model that is not the CIB's, and a change
 * without its event. */
static void
test_oracle_finds(void **state)
{
    xmlNode *a = clusapi__xml_parse(
        DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a") DRIFT_PRIM("b"), DRIFT_S1));
    xmlNode *b = clusapi__xml_parse(
        DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a"), DRIFT_S1));
    cl_model_t *m = clusapi__model_new();
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) none = new_events();
    GPtrArray *events = new_events();
    char *err;

    assert_non_null(a);
    assert_non_null(b);
    clusapi__model_load(m, a, NULL);
    assert_null(clusapi__model_check(m, a, NULL, NULL));
    /* the model holds b, the CIB does not */
    err = clusapi__model_check(m, b, NULL, NULL);
    assert_non_null(err);
    assert_non_null(strstr(err, "+ resource b "));
    g_free(err);
    /* b deleted: with its events, and without */
    before = snapshot(m);
    clusapi__model_load(m, b, events);
    assert_null(clusapi__model_check(m, b, before, events));
    err = clusapi__model_check(m, b, before, none);
    assert_non_null(err);
    assert_non_null(strstr(err, "no RESOURCE_DELETED b"));
    assert_non_null(strstr(err, "no GROUP_DELETED b"));
    g_free(err);
    g_ptr_array_unref(events);
    clusapi__model_free(m);
    clusapi__xml_free(a);
    clusapi__xml_free(b);
}

/* The oracle reads ids with spaces, '=' or ',' (snapshots escape them). */
static void
test_oracle_odd_ids(void **state)
{
    xmlNode *a = clusapi__xml_parse(
        DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a") DRIFT_PRIM("  b=1,2"), DRIFT_S1));
    xmlNode *b = clusapi__xml_parse(
        DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a"), DRIFT_S1));
    cl_model_t *m = clusapi__model_new();
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) none = new_events();
    GPtrArray *events = new_events();
    char *err;

    assert_non_null(a);
    assert_non_null(b);
    clusapi__model_load(m, b, NULL);
    before = snapshot(m);
    clusapi__model_load(m, a, events);
    assert_null(clusapi__model_check(m, a, before, events));
    err = clusapi__model_check(m, a, before, none);
    assert_non_null(err);
    assert_non_null(strstr(err, "no RESOURCE_ADDED %20%20b%3D1%2C2"));
    g_free(err);
    g_ptr_array_unref(events);
    clusapi__model_free(m);
    clusapi__xml_free(a);
    clusapi__xml_free(b);
}

/* A node without a <node> entry (a node_state the DC wrote first) takes
 * the name its node_state says now, as a fresh load does; so does a
 * configured node its <node>'s. */
static void
test_drift_status_only_rename(void **state)
{
    static const hstep_t steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='modify' path=\"/cib/status/"
                   "node_state[@id='2']\"><change-list><change-attr "
                   "name='uname' operation='set' value='n2b'/>"
                   "</change-list><change-result><node_state id='2' "
                   "uname='n2b'/></change-result></change>"),
          "NODE_PROPERTY n2b" },
        { IDX_DIFF("1", "2",
                   "<change operation='modify' path=\"/cib/configuration/"
                   "nodes/node[@id='1']\"><change-list><change-attr "
                   "name='uname' operation='set' value='n1b'/>"
                   "</change-list><change-result><node id='1' "
                   "uname='n1b'/></change-result></change>"),
          "NODE_PROPERTY n1b" },
    };

    run_steps("status-only-rename",
              DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a"),
                        DRIFT_S1 "<node_state id='2' uname='n2'/>"),
              steps, G_N_ELEMENTS(steps));
}

/* A Pacemaker Remote node whose connection is deleted while its
 * node_state has neither remote_node nor a controller's attributes: that
 * node_state alone makes it a node (docs/mapping.md), as on a fresh
 * load, rather than NODE_DELETED. */
static void
test_drift_remote_status_only(void **state)
{
    static const hstep_t steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='delete' path=\"/cib/configuration/"
                   "resources/primitive[@id='rem1']\"/>"),
          "RESOURCE_DELETED rem1|GROUP_DELETED rem1" },
    };

    run_steps("remote-status-only",
              DRIFT_CIB(DRIFT_N1,
                        "<primitive id='rem1' class='ocf' "
                        "provider='pacemaker' type='remote'/>",
                        DRIFT_S1 "<node_state id='rem1' uname='rem1'/>"),
              steps, G_N_ELEMENTS(steps));
}

/* A Pacemaker Remote node is named after its connection, whatever uname
 * its node_state has (a fresh load took that of a node_state without
 * remote_node, as old CIBs have). */
static void
test_drift_remote_uname(void **state)
{
    static const hstep_t steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='modify' path=\"/cib/status/"
                   "node_state[@id='rem1']\"><change-list><change-attr "
                   "name='uname' operation='set' value='rem0'/>"
                   "</change-list><change-result><node_state id='rem1' "
                   "uname='rem0'/></change-result></change>"),
          "" },
    };

    run_steps("remote-uname",
              DRIFT_CIB(DRIFT_N1,
                        "<primitive id='rem1' class='ocf' "
                        "provider='pacemaker' type='remote'/>",
                        DRIFT_S1 "<node_state id='rem1' uname='rem1'/>"),
              steps, G_N_ELEMENTS(steps));
}

/* Two node_states with one id (the status section has no schema check of
 * ids): the first is the node's, as crm_mon reads it; the second's
 * missing history does not erase the first's on a load. */
static void
test_drift_duplicate_node_state(void **state)
{
    static const hstep_t steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='create' path=\"/cib/status/"
                   "node_state[@id='1']\" position='0'><lrm id='1'>"
                   "<lrm_resources>" IDX_RSC("a", "start", "0")
                   "</lrm_resources></lrm></change>"),
          "RESOURCE_STATE a|GROUP_STATE a" },
    };

    run_steps("duplicate-node-state",
              DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a"),
                        DRIFT_S1 "<node_state id='1' uname='n2' "
                        "in_ccm='true' crmd='online' join='member' "
                        "expected='member'/>"),
              steps, G_N_ELEMENTS(steps));
}

/* A top-level primitive with the id of a group's primitive (schema
 * validation refuses it; with validate-with="none" crm_mon lists both):
 * the first element is the resource, the second makes no implicit group,
 * and it becomes the resource once the first is gone. */
static void
test_drift_duplicate_id(void **state)
{
    static const hstep_t steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='create' path='/cib/configuration/"
                   "resources' position='1'>" DRIFT_PRIM("a")
                   "</change>"),
          "" },
        { IDX_DIFF("1", "2",
                   "<change operation='delete' path=\"/cib/configuration/"
                   "resources/group[@id='g']\"/>"),
          "GROUP_ADDED a|RESOURCE_PROPERTY a|GROUP_DELETED g" },
    };

    run_steps("duplicate-id",
              DRIFT_CIB(DRIFT_N1,
                        "<group id='g'>" DRIFT_PRIM("a") "</group>",
                        DRIFT_S1),
              steps, G_N_ELEMENTS(steps));
}

/* A modify that changes an element's id (in its change-list, or only in
 * its change-result): the old one is deleted, the new one added. */
static void
test_drift_id_change(void **state)
{
    static const hstep_t steps[] = {
        { IDX_DIFF("0", "1",
                   "<change operation='modify' path=\"/cib/configuration/"
                   "resources/primitive[@id='a']\"><change-list>"
                   "<change-attr name='id' operation='set' value='c'/>"
                   "</change-list><change-result>" DRIFT_PRIM("c")
                   "</change-result></change>"),
          "GROUP_ADDED c|RESOURCE_ADDED c|RESOURCE_DELETED a|"
          "GROUP_DELETED a" },
        /* the change-list names another attribute, but Pacemaker gives
         * the element every attribute of the change-result, id too */
        { IDX_DIFF("1", "2",
                   "<change operation='modify' path=\"/cib/configuration/"
                   "resources/primitive[@id='c']\"><change-list>"
                   "<change-attr name='type' operation='set' "
                   "value='Dummy'/></change-list><change-result>"
                   DRIFT_PRIM("d") "</change-result></change>"),
          "GROUP_ADDED d|RESOURCE_ADDED d|RESOURCE_DELETED c|"
          "GROUP_DELETED c" },
    };

    run_steps("id-change",
              DRIFT_CIB(DRIFT_N1, DRIFT_PRIM("a") DRIFT_PRIM("b"), DRIFT_S1),
              steps, G_N_ELEMENTS(steps));
}

static char *
find_top_srcdir(void)
{
    const char *env = getenv("top_srcdir");
    g_autofree char *exe = NULL;

    if (env != NULL && *env != '\0') {
        return g_strdup(env);
    }
    if (g_file_test("tests/fixtures/cib", G_FILE_TEST_IS_DIR)) {
        return g_strdup(".");
    }
    /* tests/unit/test-translate in an in-tree build */
    exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe != NULL) {
        g_autofree char *bindir = g_path_get_dirname(exe);
        char *top = g_build_filename(bindir, "..", "..", NULL);
        g_autofree char *probe = g_build_filename(top, "tests", "fixtures",
                                                  "cib", NULL);

        if (g_file_test(probe, G_FILE_TEST_IS_DIR)) {
            return top;
        }
        g_free(top);
    }
    return g_strdup(".");
}

static int
cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Sorted names in dir: subdirectories with a base.xml (scenarios), or the
 * CASE of files named CASE<suffix>. */
static GPtrArray *
list_dir(const char *dir, const char *suffix)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *entry;

    if (d == NULL) {
        return names;
    }
    while ((entry = g_dir_read_name(d)) != NULL) {
        if (suffix != NULL) {
            if (g_str_has_suffix(entry, suffix)) {
                g_ptr_array_add(names, g_strndup(entry, strlen(entry)
                                                            - strlen(suffix)));
            }
        } else {
            g_autofree char *base = g_build_filename(dir, entry, "base.xml",
                                                     NULL);
            if (g_file_test(base, G_FILE_TEST_IS_REGULAR)) {
                g_ptr_array_add(names, g_strdup(entry));
            }
        }
    }
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_names);
    return names;
}

int
main(void)
{
    g_autofree char *top = find_top_srcdir();
    g_autofree char *resync_dir = NULL;
    g_autoptr(GPtrArray) scenarios = NULL;
    g_autoptr(GPtrArray) resyncs = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    GArray *tests = g_array_new(FALSE, TRUE, sizeof(struct CMUnitTest));
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_lrm_index),
        cmocka_unit_test(test_lrm_index_beside),
        cmocka_unit_test(test_lrm_instances),
        cmocka_unit_test(test_kept_members),
        cmocka_unit_test(test_ops_reread),
        cmocka_unit_test(test_no_quorum_policy),
        cmocka_unit_test(test_failure_timeout),
        cmocka_unit_test(test_constraints_of_new),
        cmocka_unit_test(test_opts_rescan),
        cmocka_unit_test(test_is_true),
        cmocka_unit_test(test_bad_good_applies),
        cmocka_unit_test(test_bad_gap),
        cmocka_unit_test(test_bad_already_applied),
        cmocka_unit_test(test_bad_not_a_diff),
        cmocka_unit_test(test_bad_good_translates),
        cmocka_unit_test(test_bad_unknown_operation),
        cmocka_unit_test(test_bad_malformed_path),
        cmocka_unit_test(test_oracle_finds),
        cmocka_unit_test(test_oracle_odd_ids),
        cmocka_unit_test(test_drift_status_only_rename),
        cmocka_unit_test(test_drift_duplicate_id),
        cmocka_unit_test(test_drift_id_change),
        cmocka_unit_test(test_drift_remote_status_only),
        cmocka_unit_test(test_drift_remote_uname),
        cmocka_unit_test(test_drift_duplicate_node_state),
    };
    int rc;

    cib_dir = g_build_filename(top, "tests", "fixtures", "cib", NULL);
    resync_dir = g_build_filename(cib_dir, "resync", NULL);
    clusapi__xml_init();

    scenarios = list_dir(cib_dir, NULL);
    for (guint i = 0; i < scenarios->len; i++) {
        struct CMUnitTest t = {
            .name = g_ptr_array_index(scenarios, i),
            .test_func = test_scenario,
            .initial_state = g_ptr_array_index(scenarios, i),
        };
        g_array_append_val(tests, t);
    }
    g_array_append_vals(tests, fixed, G_N_ELEMENTS(fixed));
    for (size_t i = 0; i < G_N_ELEMENTS(patch_cases); i++) {
        struct CMUnitTest t = {
            .name = patch_cases[i].name,
            .test_func = test_patch_case,
            .initial_state = (void *) &patch_cases[i],
        };
        g_array_append_val(tests, t);
    }
    resyncs = list_dir(resync_dir, ".from.xml");
    for (guint i = 0; i < resyncs->len; i++) {
        char *label = g_strdup_printf("resync/%s",
                                      (char *) g_ptr_array_index(resyncs, i));
        struct CMUnitTest t = {
            .name = label,
            .test_func = test_resync,
            .initial_state = g_ptr_array_index(resyncs, i),
        };
        g_ptr_array_add(names, label);
        g_array_append_val(tests, t);
    }
    if (scenarios->len == 0 || resyncs->len == 0) {
        fprintf(stderr, "test-translate: no fixtures under %s "
                        "(set top_srcdir)\n", cib_dir);
        g_array_unref(tests);
        g_free(cib_dir);
        return 1;
    }

    cmocka_set_message_output(CM_OUTPUT_TAP);
    rc = _cmocka_run_group_tests("test-translate",
                                 (const struct CMUnitTest *) tests->data,
                                 tests->len, NULL, NULL);
    g_array_unref(tests);
    g_free(cib_dir);
    return rc;
}

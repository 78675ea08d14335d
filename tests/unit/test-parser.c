/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-parser.c - unit tests of the parser the CIB adapter keeps from one
 * message to the next (adapt/patch.h, clusapi__xml_parser_*): the same
 * tree as a parse of its own (clusapi__xml_parse, which always carries
 * Pacemaker's private node data), for every recorded fixture and a live
 * notification message, parse after parse, with Pacemaker's private data
 * on every node where Pacemaker's libxml2 node hooks add it (2.1) and on
 * none where they do not (3.0); NULL for what is not well-formed, and the
 * parser still right afterwards; documents that outlive the next parse
 * and the dictionary's replacement.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <libxml/tree.h>

#include "adapt/patch.h"

/* A diff notification as Pacemaker 2.1.5's CIB manager sends it (recorded
 * from the sandbox: crm_attribute on a node attribute). */
static const char message[] =
    "<notify t=\"cib_notify\" subt=\"cib_diff_notify\" cib_op=\"cib_modify\" "
    "cib_rc=\"0\" cib_object_type=\"nvpair\"><cib_generation>"
    "<generation_tuple crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" "
    "epoch=\"7\" num_updates=\"0\" admin_epoch=\"0\" cib-last-written=\"Wed Dec  2 "
    "17:10:05 2026\" update-origin=\"node1\" update-client=\"crm_attribute\" "
    "update-user=\"root\" have-quorum=\"1\" dc-uuid=\"1\"/></cib_generation>"
    "<cib_update><nvpair id=\"nodes-1-bench\" name=\"bench\" value=\"2\"/>"
    "</cib_update><cib_update_result><diff format=\"2\"><version><source "
    "admin_epoch=\"0\" epoch=\"6\" num_updates=\"0\"/><target admin_epoch=\"0\" "
    "epoch=\"7\" num_updates=\"0\"/></version><change operation=\"modify\" "
    "path=\"/cib\"><change-list><change-attr name=\"epoch\" operation=\"set\" "
    "value=\"7\"/></change-list><change-result><cib crm_feature_set=\"3.16.1\" "
    "validate-with=\"pacemaker-3.9\" epoch=\"7\" num_updates=\"0\" "
    "admin_epoch=\"0\"/></change-result></change><change operation=\"modify\" "
    "path=\"/cib/configuration/nodes/node[@id=&apos;1&apos;]/instance_attributes"
    "[@id=&apos;nodes-1&apos;]/nvpair[@id=&apos;nodes-1-bench&apos;]\">"
    "<change-list><change-attr name=\"value\" operation=\"set\" value=\"2\"/>"
    "</change-list><change-result><nvpair id=\"nodes-1-bench\" name=\"bench\" "
    "value=\"2\"/></change-result></change></diff></cib_update_result>"
    "<!-- a comment --></notify>";

/* Elements, attributes and comments of a and b carry private data alike
 * (Pacemaker's hooks), and so does the document. */
static void
assert_private_alike(xmlNode *a, xmlNode *b)
{
    assert_int_equal(a->_private != NULL, b->_private != NULL);
    if (a->type == XML_ELEMENT_NODE) {
        xmlAttr *pa = a->properties, *pb = b->properties;

        assert_non_null(a->_private);
        for (; pa != NULL && pb != NULL; pa = pa->next, pb = pb->next) {
            assert_non_null(pa->_private);
            assert_int_equal(pa->_private != NULL, pb->_private != NULL);
        }
        assert_null(pa);
        assert_null(pb);
    }
    a = a->children;
    b = b->children;
    for (; a != NULL && b != NULL; a = a->next, b = b->next) {
        assert_private_alike(a, b);
    }
    assert_null(a);
    assert_null(b);
}

/* Pacemaker adds its data to every node libxml2 makes (2.1), set in main */
static bool hooks;

/* No node of a carries private data. */
static void
assert_no_private(xmlNode *a)
{
    assert_null(a->_private);
    if (a->type == XML_ELEMENT_NODE) {
        for (xmlAttr *pa = a->properties; pa != NULL; pa = pa->next) {
            assert_null(pa->_private);
        }
    }
    for (a = a->children; a != NULL; a = a->next) {
        assert_no_private(a);
    }
}

/* p's tree of text is clusapi__xml_parse's: the same serialisation, and
 * the same private data where Pacemaker's hooks add it, none elsewhere. */
static void
assert_same_parse(cl_xml_parser_t *p, const char *text)
{
    xmlNode *want = clusapi__xml_parse(text);
    xmlNode *got = clusapi__xml_parser_parse(p, text);
    g_autofree char *w = NULL;
    g_autofree char *g = NULL;

    assert_non_null(want);
    assert_non_null(got);
    w = clusapi__xml_dump(want);
    g = clusapi__xml_dump(got);
    assert_string_equal(g, w);
    assert_non_null(want->doc->_private);
    assert_non_null(want->_private);
    if (hooks) {
        assert_non_null(got->doc->_private);
        assert_private_alike(got, want);
    } else {
        assert_no_private((xmlNode *) got->doc);
    }
    clusapi__xml_free(want);
    clusapi__xml_free(got);
}

/* Every recorded fixture file, twice over with one parser */
static void
test_fixtures(void **state)
{
    const char *top = g_getenv("top_srcdir");
    const char *dirs[] = { "tests/fixtures/cib", "tests/bench/live" };
    cl_xml_parser_t *p = clusapi__xml_parser_new(CL_XML_PARSER_DICT_MAX);
    guint files = 0;

    (void) state;
    for (int round = 0; round < 2; round++) {
        for (size_t d = 0; d < G_N_ELEMENTS(dirs); d++) {
            g_autofree char *dir = g_build_filename(top != NULL ? top : ".",
                                                    dirs[d], NULL);
            g_autoptr(GDir) outer = g_dir_open(dir, 0, NULL);
            const char *scen;

            if (outer == NULL && d == 1) {
                continue; /* not in a distribution tarball */
            }
            assert_non_null(outer);
            while ((scen = g_dir_read_name(outer)) != NULL) {
                g_autofree char *sdir = g_build_filename(dir, scen, NULL);
                g_autoptr(GDir) inner = g_dir_open(sdir, 0, NULL);
                const char *name;

                while (inner != NULL
                       && (name = g_dir_read_name(inner)) != NULL) {
                    g_autofree char *path = NULL;
                    g_autofree char *text = NULL;

                    if (!g_str_has_suffix(name, ".xml")) {
                        continue;
                    }
                    path = g_build_filename(sdir, name, NULL);
                    assert_true(g_file_get_contents(path, &text, NULL, NULL));
                    if (strstr(path, "/bad/") != NULL) {
                        xmlNode *bad = clusapi__xml_parser_parse(p, text);

                        if (bad == NULL) {
                            continue; /* a fixture meant to be bad */
                        }
                        clusapi__xml_free(bad); /* only its content is */
                    }
                    assert_same_parse(p, text);
                    files++;
                }
            }
        }
    }
    print_message("# %u fixture files parsed alike\n", files);
    assert_true(files > 100);
    p = clusapi__xml_parser_free(p);
    assert_null(p);
}

/* The notification message, many times with one parser */
static void
test_message(void **state)
{
    cl_xml_parser_t *p = clusapi__xml_parser_new(CL_XML_PARSER_DICT_MAX);

    (void) state;
    for (int i = 0; i < 50; i++) {
        assert_same_parse(p, message);
    }
    clusapi__xml_parser_free(p);
}

/* Not well-formed: NULL (2.1's string2xml would recover a part), and the next
 * document parses right */
static void
test_malformed(void **state)
{
    static const char *const bad[] = {
        "", " ", "notify", "<notify", "<notify t=\"x\">",
        "<a><b></a>", "<a x=\"1\" x=\"2\"/>", "<a>&undefined;</a>",
        "<a/><b/>", "<a/>trailing", "\xff\xfe<a/>", "<a x='1></a>",
    };
    cl_xml_parser_t *p = clusapi__xml_parser_new(CL_XML_PARSER_DICT_MAX);
    g_autofree char *half = g_strndup(message, sizeof(message) / 2);

    (void) state;
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_null(clusapi__xml_parser_parse(p, bad[i]));
        assert_same_parse(p, message);
    }
    assert_null(clusapi__xml_parser_parse(p, half));
    assert_same_parse(p, message);
    assert_null(clusapi__xml_parser_parse(p, NULL));
    assert_null(clusapi__xml_parser_parse(NULL, message));
    clusapi__xml_parser_free(p);
    assert_null(clusapi__xml_parser_free(NULL));
}

/* A document outlives the next parse and the dictionary's replacement: a
 * tiny dict_max replaces the context after every parse of new names */
static void
test_dictionary(void **state)
{
    cl_xml_parser_t *p = clusapi__xml_parser_new(8);
    xmlNode *kept[40];

    (void) state;
    for (int i = 0; i < 40; i++) {
        g_autofree char *text = g_strdup_printf(
            "<e%d a%d=\"v%d\" b=\"1\"><c%d/><shared x=\"%d\"/></e%d>", i, i,
            i, i, i, i);

        assert_same_parse(p, text);
        kept[i] = clusapi__xml_parser_parse(p, text);
        assert_non_null(kept[i]);
    }
    for (int i = 0; i < 40; i++) {
        g_autofree char *got = clusapi__xml_dump(kept[i]);
        g_autofree char *want = g_strdup_printf(
            "<e%d a%d=\"v%d\" b=\"1\"><c%d/><shared x=\"%d\"/></e%d>", i, i,
            i, i, i, i);

        assert_non_null(strstr(got, want));
        clusapi__xml_free(kept[i]);
    }
    assert_same_parse(p, message);
    clusapi__xml_parser_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_message),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_dictionary),
    };

    xmlDocPtr probe;

    cmocka_set_message_output(CM_OUTPUT_TAP);
    clusapi__xml_init();
    probe = xmlNewDoc((const xmlChar *) "1.0");
    hooks = probe->_private != NULL;
    xmlFreeDoc(probe);
    print_message("# Pacemaker's node hooks: %s\n", hooks ? "yes" : "no");
    return cmocka_run_group_tests(tests, NULL, NULL);
}

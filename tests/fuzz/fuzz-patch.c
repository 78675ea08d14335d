/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-patch - the live path of a CIB change, on bytes: parse a diff with
 * the adapter's parser, apply it to a CIB copy (clusapi__patch_apply),
 * update the model (clusapi__model_update) or, where the live path
 * re-reads, load it (clusapi__model_load), and after each step run the
 * oracle (clusapi__model_check).  A crash or an oracle mismatch is a
 * finding.
 *
 * Input: byte 0 picks the base CIB (the base.xml of the recorded fixture
 * scenarios, by sorted name, modulo their number); byte 1 holds flags
 * (FUZZ_FIX_VERSION: the diff's source version is set to the CIB's before
 * it is applied, so that mutated diffs apply more often); the rest is one
 * or more diffs separated by NUL bytes.
 *
 * Built twice: with clang's libFuzzer (make fuzz) and, with replay.c's
 * main, with the normal compiler as a replay of the seed corpus and the
 * checked-in reproducers (make check).  Links the core and src/adapt/
 * patch.c only: no daemon.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/check.h"
#include "core/model.h"
#include "adapt/patch.h"
#include "fuzz.h"

/* the model's clock: fixed, so that a run depends on its input only */
#define FUZZ_CLOCK 1796000000LL

static GPtrArray *bases;    /* xmlNode *: the base CIBs */
static GPtrArray *names;    /* their scenario names */
static cl_xml_parser_t *parser;
static bool verbose; /* FUZZ_VERBOSE set: each step on stderr */

const char *
fuzz_top_srcdir(void)
{
    const char *env = getenv("top_srcdir");

    return env != NULL && *env != '\0' ? env : FUZZ_TOP_SRCDIR;
}

/* The scenario names with a base.xml, sorted (the seed corpus's order). */
GPtrArray *
fuzz_scenarios(void)
{
    g_autofree char *dir = g_build_filename(fuzz_top_srcdir(), "tests",
                                            "fixtures", "cib", NULL);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *e;

    while (d != NULL && (e = g_dir_read_name(d)) != NULL) {
        g_autofree char *base = g_build_filename(dir, e, "base.xml", NULL);

        if (g_file_test(base, G_FILE_TEST_EXISTS)) {
            g_ptr_array_add(out, g_strdup(e));
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_ptr_array_sort(out, fuzz_cmp_str);
    return out;
}

int
fuzz_cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
init(void)
{
    if (bases != NULL) {
        return;
    }
    clusapi__xml_init();
    verbose = getenv("FUZZ_VERBOSE") != NULL;
    names = fuzz_scenarios();
    bases = g_ptr_array_new();
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(
            fuzz_top_srcdir(), "tests", "fixtures", "cib",
            (const char *) g_ptr_array_index(names, i), "base.xml", NULL);
        xmlNode *cib = clusapi__xml_parse_file(path);

        if (cib == NULL) {
            fprintf(stderr, "fuzz-patch: cannot read %s\n", path);
            abort();
        }
        g_ptr_array_add(bases, cib);
    }
    if (bases->len == 0) {
        fprintf(stderr, "fuzz-patch: no fixtures under %s (set "
                "top_srcdir)\n", fuzz_top_srcdir());
        abort();
    }
    parser = clusapi__xml_parser_new(CL_XML_PARSER_DICT_MAX);
}

static void
event_destroy(gpointer ev)
{
    clusapi__event_free(ev);
}

/* The oracle after a step; a mismatch is a finding. */
static void
check(const char *step, const cl_model_t *m, xmlNode *cib,
      const GPtrArray *before, const GPtrArray *events)
{
    g_autofree char *err = clusapi__model_check(m, cib, before, events);

    if (err != NULL) {
        fprintf(stderr, "fuzz-patch: oracle mismatch after %s:\n%s", step,
                err);
        abort();
    }
}

/* The diff's source version set to the CIB's. */
static void
fix_version(xmlNode *cib, xmlNode *diff)
{
    static const char *const names_v[] = { "admin_epoch", "epoch",
                                           "num_updates" };
    xmlNode *version = diff->children;
    xmlNode *source = NULL;

    while (version != NULL
           && !(version->type == XML_ELEMENT_NODE
                && xmlStrcmp(version->name, (const xmlChar *) "version")
                       == 0)) {
        version = version->next;
    }
    for (source = version != NULL ? version->children : NULL;
         source != NULL; source = source->next) {
        if (source->type == XML_ELEMENT_NODE
            && xmlStrcmp(source->name, (const xmlChar *) "source") == 0) {
            break;
        }
    }
    for (size_t i = 0; source != NULL && i < G_N_ELEMENTS(names_v); i++) {
        xmlChar *v = xmlGetProp(cib, (const xmlChar *) names_v[i]);

        if (v != NULL) {
            xmlSetProp(source, (const xmlChar *) names_v[i], v);
            xmlFree(v);
        }
    }
}

/* One diff through the live path: parse, apply, update (or re-read). */
static void
one_diff(cl_model_t *m, xmlNode *cib, const char *text, unsigned flags)
{
    g_autoptr(GPtrArray) before = clusapi__model_snapshot(m);
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func(
        event_destroy);
    xmlNode *diff = clusapi__xml_parser_parse(parser, text);
    int rc;

    if (diff == NULL) {
        /* not well-formed: the adapter re-reads the CIB */
        clusapi__model_load(m, cib, events);
        check("a re-read (no diff)", m, cib, before, events);
        return;
    }
    if ((flags & FUZZ_FIX_VERSION) != 0) {
        fix_version(cib, diff);
    }
    if (verbose) {
        g_autofree char *dump = clusapi__xml_dump(cib);
        g_autofree char *dump_diff = clusapi__xml_dump(diff);

        fprintf(stderr, "fuzz-patch: the CIB:\n%s\nfuzz-patch: the diff:\n"
                "%s\n", dump, dump_diff);
    }
    rc = clusapi__patch_apply(cib, diff);
    if (verbose) {
        fprintf(stderr, "fuzz-patch: apply: %d\n", rc);
    }
    if (rc == -EALREADY) {
        clusapi__xml_free(diff);
        return; /* the adapter skips it */
    }
    if (rc == 0) {
        if (clusapi__model_update(m, cib, diff, events) == 0) {
            check("an update", m, cib, before, events);
            clusapi__xml_free(diff);
            return;
        }
        g_ptr_array_set_size(events, 0); /* as the engine's on_patch */
    }
    clusapi__xml_free(diff);
    /* a gap, a failed apply, a diff the model does not read: the adapter
     * re-reads the CIB (here: the copy as the failed apply left it) */
    clusapi__model_load(m, cib, events);
    check("a re-read", m, cib, before, events);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_model_t *m;
    xmlNode *cib;
    g_autofree char *text = NULL;
    size_t off = 2;
    unsigned flags;

    init();
    if (size < 2) {
        return 0;
    }
    cib = clusapi__xml_copy(g_ptr_array_index(bases, data[0] % bases->len));
    flags = data[1];
    text = g_malloc(size - 1);
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\0';
    m = clusapi__model_new();
    clusapi__model_set_clock(m, FUZZ_CLOCK);
    clusapi__model_load(m, cib, NULL);
    check("the first load", m, cib, NULL, NULL);
    /* each NUL-separated piece is a diff (the last one ends at size) */
    while (off < size) {
        const char *piece = text + (off - 2);
        size_t len = strlen(piece);

        if (len > 0) {
            one_diff(m, cib, piece, flags);
        }
        off += len + 1;
    }
    clusapi__model_free(m);
    clusapi__xml_free(cib);
    return 0;
}

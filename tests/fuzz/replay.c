/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * replay - runs inputs through the fuzz target (fuzz-patch.c) without
 * libFuzzer, built with the normal compiler.  TAP output, one line per
 * input; an oracle mismatch or a crash aborts.
 *
 *   fuzz-replay                  the seed corpus (made from the recorded
 *                                fixtures) and tests/fuzz/corpus
 *   fuzz-replay PATH...          these files, or the files in these
 *                                directories
 *   fuzz-replay --write-seeds DIR  write the seed corpus into DIR (for
 *                                libFuzzer: make fuzz)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz.h"

static unsigned n_run;

/* One seed per scenario and length: byte 0 its index, byte 1 no flag,
 * then its first n patchsets (n = 1 and all), NUL-separated.  Calls
 * fn(name, bytes) for each. */
static void
make_seeds(void (*fn)(const char *name, GByteArray *bytes, void *ud),
           void *ud)
{
    g_autoptr(GPtrArray) scenarios = fuzz_scenarios();

    for (guint i = 0; i < scenarios->len; i++) {
        const char *sc = g_ptr_array_index(scenarios, i);
        g_autoptr(GByteArray) all = g_byte_array_new();
        guint8 head[2] = { (guint8) i, 0 };
        unsigned step;

        g_byte_array_append(all, head, 2);
        for (step = 1;; step++) {
            g_autofree char *p = g_strdup_printf(
                "%s/tests/fixtures/cib/%s/%02u.patchset.xml",
                fuzz_top_srcdir(), sc, step);
            g_autofree char *text = NULL;
            gsize len = 0;

            if (!g_file_get_contents(p, &text, &len, NULL)) {
                break;
            }
            if (step > 1) {
                g_byte_array_append(all, (const guint8 *) "", 1);
            }
            g_byte_array_append(all, (const guint8 *) text, len);
            if (step == 1) {
                g_autofree char *name = g_strdup_printf("seed-%s-01", sc);

                fn(name, all, ud);
            }
        }
        if (step > 2) {
            g_autofree char *name = g_strdup_printf("seed-%s-all", sc);

            fn(name, all, ud);
        }
    }
}

static void
run(const char *name, GByteArray *bytes, void *ud)
{
    LLVMFuzzerTestOneInput(bytes->data, bytes->len);
    printf("ok %u - %s\n", ++n_run, name);
    fflush(stdout);
}

static void
write_seed(const char *name, GByteArray *bytes, void *ud)
{
    g_autofree char *path = g_build_filename(ud, name, NULL);
    GError *err = NULL;

    if (!g_file_set_contents(path, (const char *) bytes->data, bytes->len,
                             &err)) {
        fprintf(stderr, "fuzz-replay: %s\n", err->message);
        exit(1);
    }
}

static void
run_file(const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    GByteArray ba;

    if (!g_file_get_contents(path, &data, &len, NULL)) {
        printf("not ok %u - %s: cannot read\n", ++n_run, path);
        return;
    }
    ba.data = (guint8 *) data;
    ba.len = len;
    run(path, &ba, NULL);
}

static void
run_path(const char *path)
{
    g_autoptr(GPtrArray) files = NULL;
    GDir *d;
    const char *e;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        run_file(path);
        return;
    }
    files = g_ptr_array_new_with_free_func(g_free);
    d = g_dir_open(path, 0, NULL);
    while (d != NULL && (e = g_dir_read_name(d)) != NULL) {
        if (e[0] != '.' && strcmp(e, "README") != 0) {
            g_ptr_array_add(files, g_build_filename(path, e, NULL));
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_ptr_array_sort(files, fuzz_cmp_str);
    for (guint i = 0; i < files->len; i++) {
        run_file(g_ptr_array_index(files, i));
    }
}

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write-seeds") == 0) {
        if (g_mkdir_with_parents(argv[2], 0755) != 0) {
            perror(argv[2]);
            return 1;
        }
        make_seeds(write_seed, argv[2]);
        return 0;
    }
    printf("TAP version 13\n");
    if (argc == 1) {
        g_autofree char *corpus = g_build_filename(fuzz_top_srcdir(),
                                                   "tests", "fuzz", "corpus",
                                                   NULL);

        make_seeds(run, NULL);
        run_path(corpus);
    }
    for (int i = 1; i < argc; i++) {
        run_path(argv[i]);
    }
    printf("1..%u\n", n_run);
    return n_run > 0 ? 0 : 1;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-handle.c - unit tests of core/handle.c: type checks, stale and
 * forged values, slot reuse, reference counts across close, a full table,
 * and get/close racing in several threads.  Links the core alone.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>

#include "core/handle.h"

#define OBJ_MAGIC 0x0b1ec7u

typedef struct obj {
    unsigned magic; /* cleared when freed: a use after free reads junk */
    gint gets;
    uintptr_t child; /* a handle closed by the destructor, or 0 */
} obj_t;

static gint n_freed;

static void
obj_free(void *data)
{
    obj_t *o = data;

    g_assert_cmpuint(o->magic, ==, OBJ_MAGIC);
    if (o->child != 0) {
        /* The destructor may use the table: it runs without its lock. */
        g_assert_cmpint(clusapi__handle_close(o->child, CL_H_NODE, NULL), ==,
                        0);
    }
    o->magic = 0;
    g_free(o);
    g_atomic_int_inc(&n_freed);
}

static obj_t *
obj_new(void)
{
    obj_t *o = g_new0(obj_t, 1);

    o->magic = OBJ_MAGIC;
    return o;
}

static int
reset_freed(void **state)
{
    (void) state;
    g_atomic_int_set(&n_freed, 0);
    return 0;
}

static void
test_new_get_put_close(void **state)
{
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_RESOURCE, o, obj_free);

    (void) state;
    assert_true(h != 0);
    assert_true(h != UINTPTR_MAX);
    assert_true(h > 0xffffffu); /* not a small integer */
    assert_ptr_equal(clusapi__handle_get(h, CL_H_RESOURCE), o);
    assert_ptr_equal(clusapi__handle_get(h, CL_H_RESOURCE), o);
    clusapi__handle_put(h);
    clusapi__handle_put(h);
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_int_equal(clusapi__handle_close(h, CL_H_RESOURCE, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
}

static void
test_type_mismatch(void **state)
{
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_GROUP, o, obj_free);

    (void) state;
    assert_true(h != 0);
    for (int t = CL_H_CLUSTER; t <= CL_H_MAX; t++) {
        if (t != CL_H_GROUP) {
            assert_null(clusapi__handle_get(h, (cl_htype_t) t));
            assert_int_equal(clusapi__handle_close(h, (cl_htype_t) t, NULL),
                             -EBADF);
        }
    }
    /* still alive and of its own type */
    assert_ptr_equal(clusapi__handle_get(h, CL_H_GROUP), o);
    clusapi__handle_put(h);
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_int_equal(clusapi__handle_close(h, CL_H_GROUP, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
}

static void
test_stale_after_close(void **state)
{
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_PORT, o, obj_free);

    (void) state;
    assert_int_equal(clusapi__handle_close(h, CL_H_PORT, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
    assert_null(clusapi__handle_get(h, CL_H_PORT));
    assert_int_equal(clusapi__handle_close(h, CL_H_PORT, NULL), -EBADF);
    clusapi__handle_put(h); /* harmless */
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
}

/* Freed slots are reused: every new value differs from all earlier ones and
 * the earlier ones stay invalid, even though their slots are live again. */
static void
test_reuse(void **state)
{
    enum { ROUNDS = 1000 };
    uintptr_t old[ROUNDS];
    obj_t *last = NULL;
    uintptr_t h = 0;

    (void) state;
    for (int i = 0; i < ROUNDS; i++) {
        last = obj_new();
        h = clusapi__handle_new(CL_H_NODE, last, obj_free);
        assert_true(h != 0);
        for (int j = 0; j < i; j++) {
            assert_true(h != old[j]);
        }
        old[i] = h;
        if (i + 1 < ROUNDS) {
            assert_int_equal(clusapi__handle_close(h, CL_H_NODE, NULL), 0);
        }
    }
    for (int j = 0; j + 1 < ROUNDS; j++) {
        assert_null(clusapi__handle_get(old[j], CL_H_NODE));
        assert_int_equal(clusapi__handle_close(old[j], CL_H_NODE, NULL),
                         -EBADF);
        clusapi__handle_put(old[j]); /* must not touch the live one */
    }
    assert_int_equal(g_atomic_int_get(&n_freed), ROUNDS - 1);
    assert_ptr_equal(clusapi__handle_get(h, CL_H_NODE), last);
    clusapi__handle_put(h);
    assert_int_equal(clusapi__handle_close(h, CL_H_NODE, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), ROUNDS);
}

static void
test_forged(void **state)
{
    static const uintptr_t forged[] = {
        0, 1, 2, 0xffff, 0x10000, 0xdeadbeef, UINTPTR_MAX, UINTPTR_MAX - 1,
    };
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_CLUSTER, o, obj_free);
    int x = 0;

    (void) state;
    for (size_t i = 0; i < G_N_ELEMENTS(forged); i++) {
        for (int t = CL_H_CLUSTER; t <= CL_H_MAX; t++) {
            assert_null(clusapi__handle_get(forged[i], (cl_htype_t) t));
            assert_int_equal(
                clusapi__handle_close(forged[i], (cl_htype_t) t, NULL), -EBADF);
        }
        clusapi__handle_put(forged[i]);
    }
    /* a real pointer is no handle either */
    assert_null(clusapi__handle_get((uintptr_t) o, CL_H_CLUSTER));
    assert_null(clusapi__handle_get((uintptr_t) &x, CL_H_CLUSTER));
    /* nor is any one-bit change of a live handle */
    for (unsigned bit = 0; bit < sizeof(uintptr_t) * 8; bit++) {
        uintptr_t f = h ^ ((uintptr_t) 1 << bit);

        assert_null(clusapi__handle_get(f, CL_H_CLUSTER));
        assert_int_equal(clusapi__handle_close(f, CL_H_CLUSTER, NULL), -EBADF);
    }
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_ptr_equal(clusapi__handle_get(h, CL_H_CLUSTER), o);
    clusapi__handle_put(h);
    assert_int_equal(clusapi__handle_close(h, CL_H_CLUSTER, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
}

static void
test_bad_new(void **state)
{
    obj_t o = { .magic = OBJ_MAGIC };

    (void) state;
    assert_int_equal(clusapi__handle_new(CL_H_NODE, NULL, obj_free), 0);
    assert_int_equal(clusapi__handle_new((cl_htype_t) 0, &o, NULL), 0);
    assert_int_equal(clusapi__handle_new((cl_htype_t) 99, &o, NULL), 0);
}

/* close invalidates at once, but the object lives until the last put. */
static void
test_ref_outlives_close(void **state)
{
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_GROUP, o, obj_free);
    obj_t *a = clusapi__handle_get(h, CL_H_GROUP);
    obj_t *b = clusapi__handle_get(h, CL_H_GROUP);

    (void) state;
    assert_ptr_equal(a, o);
    assert_ptr_equal(b, o);
    assert_int_equal(clusapi__handle_close(h, CL_H_GROUP, NULL), 0);
    assert_null(clusapi__handle_get(h, CL_H_GROUP));
    assert_int_equal(clusapi__handle_close(h, CL_H_GROUP, NULL), -EBADF);
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_int_equal(a->magic, OBJ_MAGIC);
    clusapi__handle_put(h);
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_int_equal(b->magic, OBJ_MAGIC);
    clusapi__handle_put(h);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
    clusapi__handle_put(h); /* one too many: ignored */
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
}

/* close with ret_obj: the caller keeps one reference, dropped by put(h). */
static void
test_close_ret_obj(void **state)
{
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_NODE, o, obj_free);
    void *ret = NULL;

    (void) state;
    assert_int_equal(clusapi__handle_close(h, CL_H_NODE, &ret), 0);
    assert_ptr_equal(ret, o);
    assert_null(clusapi__handle_get(h, CL_H_NODE));
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_int_equal(o->magic, OBJ_MAGIC);
    clusapi__handle_put(h);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);

    /* on failure ret_obj is not written */
    ret = &ret;
    assert_int_equal(clusapi__handle_close(h, CL_H_NODE, &ret), -EBADF);
    assert_ptr_equal(ret, &ret);
}

/* A put cannot drop the reference that only close may drop. */
static void
test_put_open_is_ignored(void **state)
{
    obj_t *o = obj_new();
    uintptr_t h = clusapi__handle_new(CL_H_ENUM, o, obj_free);

    (void) state;
    clusapi__handle_put(h);
    clusapi__handle_put(h);
    assert_int_equal(g_atomic_int_get(&n_freed), 0);
    assert_ptr_equal(clusapi__handle_get(h, CL_H_ENUM), o);
    clusapi__handle_put(h);
    assert_int_equal(clusapi__handle_close(h, CL_H_ENUM, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
}

static void
test_destructor_reenters(void **state)
{
    obj_t *parent = obj_new();
    obj_t *child = obj_new();
    uintptr_t hc = clusapi__handle_new(CL_H_NODE, child, obj_free);
    uintptr_t hp;

    (void) state;
    parent->child = hc;
    hp = clusapi__handle_new(CL_H_CLUSTER, parent, obj_free);
    assert_int_equal(clusapi__handle_close(hp, CL_H_CLUSTER, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 2);
    assert_null(clusapi__handle_get(hc, CL_H_NODE));
}

static void
test_table_full(void **state)
{
    uintptr_t *h = g_new0(uintptr_t, CL_HANDLE_MAX);
    static obj_t dummy = { .magic = OBJ_MAGIC };
    obj_t *o = obj_new();
    uintptr_t extra;

    (void) state;
    for (unsigned i = 0; i < CL_HANDLE_MAX; i++) {
        h[i] = clusapi__handle_new(CL_H_ENUM, &dummy, NULL);
        assert_true(h[i] != 0);
    }
    assert_int_equal(clusapi__handle_new(CL_H_ENUM, o, obj_free), 0);
    assert_int_equal(clusapi__handle_close(h[123], CL_H_ENUM, NULL), 0);
    extra = clusapi__handle_new(CL_H_ENUM, o, obj_free);
    assert_true(extra != 0);
    assert_true(extra != h[123]);
    assert_null(clusapi__handle_get(h[123], CL_H_ENUM));
    assert_ptr_equal(clusapi__handle_get(extra, CL_H_ENUM), o);
    clusapi__handle_put(extra);
    for (unsigned i = 0; i < CL_HANDLE_MAX; i++) {
        if (i != 123) {
            assert_int_equal(clusapi__handle_close(h[i], CL_H_ENUM, NULL), 0);
        }
    }
    assert_int_equal(clusapi__handle_close(extra, CL_H_ENUM, NULL), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), 1);
    g_free(h);
}

/* ---- threads: cmocka asserts are not thread-safe, so threads count
 * failures and the main thread checks the count. */

enum { N_OBJS = 64, N_READERS = 8, READER_LOOPS = 20000 };

typedef struct race {
    uintptr_t h[N_OBJS];
    gint failures;
    gint stop;
} race_t;

static gpointer
reader(gpointer data)
{
    race_t *r = data;
    guint32 seed = (guint32) g_random_int();

    for (int i = 0; i < READER_LOOPS && !g_atomic_int_get(&r->stop); i++) {
        unsigned k;
        obj_t *o;

        seed = seed * 1103515245u + 12345u;
        k = (seed >> 8) % N_OBJS;
        o = clusapi__handle_get(r->h[k], CL_H_RESOURCE);
        if (o != NULL) {
            if (o->magic != OBJ_MAGIC) {
                g_atomic_int_inc(&r->failures);
            }
            g_atomic_int_inc(&o->gets);
            clusapi__handle_put(r->h[k]);
        }
        /* the wrong type never resolves, open or not */
        if (clusapi__handle_get(r->h[k], CL_H_GROUP) != NULL) {
            g_atomic_int_inc(&r->failures);
        }
    }
    return NULL;
}

static gpointer
closer(gpointer data)
{
    race_t *r = data;

    for (int k = 0; k < N_OBJS; k++) {
        void *ret = NULL;

        g_usleep(200);
        /* every other one through ret_obj, as CloseCluster* does */
        if (k % 2) {
            if (clusapi__handle_close(r->h[k], CL_H_RESOURCE, &ret) != 0
                || ((obj_t *) ret)->magic != OBJ_MAGIC) {
                g_atomic_int_inc(&r->failures);
            }
            clusapi__handle_put(r->h[k]);
        } else if (clusapi__handle_close(r->h[k], CL_H_RESOURCE, NULL) != 0) {
            g_atomic_int_inc(&r->failures);
        }
    }
    return NULL;
}

static void
test_concurrent_get_close(void **state)
{
    race_t r = { .failures = 0 };
    GThread *readers[N_READERS];
    GThread *c;

    (void) state;
    for (int k = 0; k < N_OBJS; k++) {
        r.h[k] = clusapi__handle_new(CL_H_RESOURCE, obj_new(), obj_free);
        assert_true(r.h[k] != 0);
    }
    for (int i = 0; i < N_READERS; i++) {
        readers[i] = g_thread_new("reader", reader, &r);
    }
    c = g_thread_new("closer", closer, &r);
    g_thread_join(c);
    g_atomic_int_set(&r.stop, 1);
    for (int i = 0; i < N_READERS; i++) {
        g_thread_join(readers[i]);
    }
    assert_int_equal(g_atomic_int_get(&r.failures), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), N_OBJS);
    for (int k = 0; k < N_OBJS; k++) {
        assert_null(clusapi__handle_get(r.h[k], CL_H_RESOURCE));
    }
}

enum { N_CHURNERS = 8, CHURN_LOOPS = 5000 };

/* Threads create, use and close handles at once: each must always resolve
 * its own handle to its own object, never to another thread's. */
static gpointer
churner(gpointer data)
{
    gint *failures = data;

    for (int i = 0; i < CHURN_LOOPS; i++) {
        obj_t *o = obj_new();
        uintptr_t h = clusapi__handle_new(CL_H_NODE, o, obj_free);
        void *ret = NULL;

        if (h == 0 || clusapi__handle_get(h, CL_H_NODE) != o) {
            g_atomic_int_inc(failures);
            continue;
        }
        if (clusapi__handle_close(h, CL_H_NODE, (i % 2) ? &ret : NULL) != 0
            || clusapi__handle_get(h, CL_H_NODE) != NULL) {
            g_atomic_int_inc(failures);
        }
        if (o->magic != OBJ_MAGIC) { /* still referenced by our get */
            g_atomic_int_inc(failures);
        }
        clusapi__handle_put(h);
        if (i % 2) {
            clusapi__handle_put(h);
        }
    }
    return NULL;
}

static void
test_concurrent_churn(void **state)
{
    GThread *t[N_CHURNERS];
    gint failures = 0;

    (void) state;
    for (int i = 0; i < N_CHURNERS; i++) {
        t[i] = g_thread_new("churn", churner, &failures);
    }
    for (int i = 0; i < N_CHURNERS; i++) {
        g_thread_join(t[i]);
    }
    assert_int_equal(g_atomic_int_get(&failures), 0);
    assert_int_equal(g_atomic_int_get(&n_freed), N_CHURNERS * CHURN_LOOPS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_new_get_put_close, reset_freed),
        cmocka_unit_test_setup(test_type_mismatch, reset_freed),
        cmocka_unit_test_setup(test_stale_after_close, reset_freed),
        cmocka_unit_test_setup(test_reuse, reset_freed),
        cmocka_unit_test_setup(test_forged, reset_freed),
        cmocka_unit_test_setup(test_bad_new, reset_freed),
        cmocka_unit_test_setup(test_ref_outlives_close, reset_freed),
        cmocka_unit_test_setup(test_close_ret_obj, reset_freed),
        cmocka_unit_test_setup(test_put_open_is_ignored, reset_freed),
        cmocka_unit_test_setup(test_destructor_reenters, reset_freed),
        cmocka_unit_test_setup(test_table_full, reset_freed),
        cmocka_unit_test_setup(test_concurrent_get_close, reset_freed),
        cmocka_unit_test_setup(test_concurrent_churn, reset_freed),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-strset.c - unit tests of core/strset.h, the string sets of what a
 * patchset touches: membership by content (not by pointer), the members'
 * positions, copies owned by the set, emptying, and many members.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "core/strset.h"

static void
test_empty(void **state)
{
    strset_t s;

    (void) state;
    strset_init(&s);
    assert_int_equal(strset_size(&s), 0);
    assert_false(strset_has(&s, "a"));
    assert_false(strset_has(&s, ""));
    strset_clear(&s);
    assert_int_equal(strset_size(&s), 0);
    strset_free(&s);
}

/* A member is found by its text; a second add of the same text, from
 * another buffer, adds nothing; the members stay in the order they came. */
static void
test_by_content(void **state)
{
    strset_t s;
    char buf[8];

    (void) state;
    strset_init(&s);
    assert_true(strset_add(&s, "node1"));
    assert_true(strset_add(&s, "node2"));
    assert_true(strset_add(&s, ""));
    strcpy(buf, "node1");
    assert_false(strset_add(&s, buf));
    assert_true(strset_has(&s, buf));
    assert_false(strset_has(&s, "node"));
    assert_false(strset_has(&s, "node10"));
    assert_false(strset_has(&s, "Node1"));
    assert_true(strset_has(&s, ""));
    assert_int_equal(strset_size(&s), 3);
    assert_string_equal(strset_at(&s, 0), "node1");
    assert_string_equal(strset_at(&s, 1), "node2");
    assert_string_equal(strset_at(&s, 2), "");
    assert_int_equal(strset_index(&s, buf), 0);
    assert_int_equal(strset_index(&s, ""), 2);
    assert_int_equal(strset_index(&s, "node3"), -1);
    strset_free(&s);
}

/* The set keeps its own copy: the string added may go; emptied, nothing
 * is a member. */
static void
test_clear(void **state)
{
    strset_t s;
    char *a = g_strdup("rsc1");

    (void) state;
    strset_init(&s);
    assert_true(strset_add(&s, a));
    g_free(a);
    assert_true(strset_has(&s, "rsc1"));
    assert_string_equal(strset_at(&s, 0), "rsc1");
    strset_clear(&s);
    assert_int_equal(strset_size(&s), 0);
    assert_false(strset_has(&s, "rsc1"));
    assert_true(strset_add(&s, "rsc1"));
    assert_int_equal(strset_size(&s), 1);
    strset_free(&s);
}

/* n ids, each added twice; every one a member at the position it came
 * to, none of n more. */
static void
check_many(strset_t *s, guint n)
{
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < n; i++) {
        g_ptr_array_add(ids, g_strdup_printf("r%u", i));
    }
    for (guint i = 0; i < n; i++) {
        assert_true(strset_add(s, g_ptr_array_index(ids, i)));
        assert_int_equal(strset_size(s), i + 1);
    }
    for (guint i = 0; i < n; i++) {
        g_autofree char *copy = g_strdup_printf("r%u", i);
        g_autofree char *other = g_strdup_printf("r%u", n + i);

        assert_false(strset_add(s, copy));
        assert_true(strset_has(s, copy));
        assert_int_equal(strset_index(s, copy), (int) i);
        assert_false(strset_has(s, other));
        assert_int_equal(strset_index(s, other), -1);
        assert_string_equal(strset_at(s, i), copy);
    }
    assert_int_equal(strset_size(s), n);
    strset_clear(s);
    assert_int_equal(strset_size(s), 0);
    assert_false(strset_has(s, "r0"));
}

/* Few and many members, each time after an emptying (the index must not
 * answer for members that are gone). */
static void
test_many(void **state)
{
    strset_t s;

    (void) state;
    strset_init(&s);
    check_many(&s, 1);
    check_many(&s, 9);
    check_many(&s, 3);
    check_many(&s, 5000);
    check_many(&s, 2);
    check_many(&s, 40);
    strset_free(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_by_content),
        cmocka_unit_test(test_clear),
        cmocka_unit_test(test_many),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

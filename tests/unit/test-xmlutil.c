/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-xmlutil.c - unit tests of core/xmlutil.h's comparisons: ieq (equal
 * ignoring ASCII case, as g_ascii_strcasecmp) and str_eq0, against GLib's
 * own functions on the same pairs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "core/xmlutil.h"

static const char *const words[] = {
    "", "a", "A", "node1", "NODE1", "Node1", "node10", "node", "member",
    "Member", "MEMBER", "membe", "online", "Online", "true", "TRUE", "TrUe",
    "on", "ON", "yes", "YES", "y", "@", "`", "[", "{", "Z", "z",
    "\xc3\xa9", "\xc3\x89", "n\xc3\xa9ud", "N\xc3\xa9UD", "a b", "A B",
};

/* Every pair: ieq as g_ascii_strcasecmp == 0, str_eq0 as g_strcmp0 == 0 */
static void
test_pairs(void **state)
{
    (void) state;
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        for (size_t j = 0; j < G_N_ELEMENTS(words); j++) {
            const char *a = words[i], *b = words[j];

            assert_int_equal(ieq(a, b), g_ascii_strcasecmp(a, b) == 0);
            assert_int_equal(str_eq0(a, b), g_strcmp0(a, b) == 0);
        }
    }
}

/* NULL equals nothing for ieq (both must be set), only NULL for str_eq0 */
static void
test_null(void **state)
{
    (void) state;
    assert_false(ieq(NULL, NULL));
    assert_false(ieq(NULL, "a"));
    assert_false(ieq("a", NULL));
    assert_true(str_eq0(NULL, NULL));
    assert_false(str_eq0(NULL, ""));
    assert_false(str_eq0("", NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs),
        cmocka_unit_test(test_null),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-strconv.c - unit tests of core/strconv.c: the Windows count rules
 * (docs/windows-api.md 1.3) in the W (UTF-16) and A (UTF-8) forms, and input
 * conversion.  Links the core alone: no cluster, no Pacemaker.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "core/strconv.h"

#define MORE_DATA 234u
#define INVALID_PARAMETER 87u

/* U+00E9, U+65E5 U+672C, U+1F600 */
#define E_ACUTE "\xc3\xa9"
#define NIHON "\xe6\x97\xa5\xe6\x9c\xac"
#define GRIN "\xf0\x9f\x98\x80"

#define FILL 0xabcdu

static void
fill16(uint16_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf[i] = FILL;
    }
}

/* Copy src in the W form into a buffer of exactly cap units and compare
 * with the expected UTF-16 (NUL-terminated) text. */
static void
check_wide_exact(const char *src, const uint16_t *expect)
{
    size_t n = 0;
    uint16_t buf[32];
    uint32_t count;

    while (expect[n] != 0) {
        n++;
    }
    /* exact fit: length + NUL */
    fill16(buf, 32);
    count = (uint32_t) n + 1;
    assert_int_equal(clusapi__copy_out(src, buf, &count, true), 0);
    assert_int_equal(count, n);
    assert_memory_equal(buf, expect, (n + 1) * sizeof(uint16_t));
    assert_int_equal(buf[n + 1], FILL); /* nothing written past the NUL */

    /* one too small: ERROR_MORE_DATA, needed length, buffer untouched */
    fill16(buf, 32);
    count = (uint32_t) n;
    assert_int_equal(clusapi__copy_out(src, buf, &count, true), MORE_DATA);
    assert_int_equal(count, n);
    for (size_t i = 0; i < 32; i++) {
        assert_int_equal(buf[i], FILL);
    }

    /* NULL buffer: capacity 0 whatever *pcount says */
    count = 100;
    assert_int_equal(clusapi__copy_out(src, NULL, &count, true), MORE_DATA);
    assert_int_equal(count, n);
}

static void
check_narrow_exact(const char *src)
{
    size_t n = strlen(src);
    char buf[32];
    uint32_t count;

    memset(buf, 'x', sizeof(buf));
    count = (uint32_t) n + 1;
    assert_int_equal(clusapi__copy_out(src, buf, &count, false), 0);
    assert_int_equal(count, n);
    assert_string_equal(buf, src);
    assert_int_equal(buf[n + 1], 'x');

    memset(buf, 'x', sizeof(buf));
    count = (uint32_t) n;
    assert_int_equal(clusapi__copy_out(src, buf, &count, false), MORE_DATA);
    assert_int_equal(count, n);
    for (size_t i = 0; i < sizeof(buf); i++) {
        assert_int_equal(buf[i], 'x');
    }

    count = 100;
    assert_int_equal(clusapi__copy_out(src, NULL, &count, false), MORE_DATA);
    assert_int_equal(count, n);
}

static void
test_ascii(void **state)
{
    static const uint16_t w[] = { 'r', 's', 'c', '1', 0 };

    (void) state;
    check_wide_exact("rsc1", w);
    check_narrow_exact("rsc1");
}

static void
test_multibyte_bmp(void **state)
{
    static const uint16_t w1[] = { 'c', 'a', 'f', 0x00e9, 0 };
    static const uint16_t w2[] = { 0x65e5, 0x672c, '-', 'n', 0 };

    (void) state;
    /* é is 1 WCHAR but 2 bytes; each kanji 1 WCHAR but 3 bytes */
    check_wide_exact("caf" E_ACUTE, w1);
    check_narrow_exact("caf" E_ACUTE);
    check_wide_exact(NIHON "-n", w2);
    check_narrow_exact(NIHON "-n");
}

static void
test_non_bmp(void **state)
{
    static const uint16_t w[] = { 'a', 0xd83d, 0xde00, 'b', 0 };
    uint32_t count;

    (void) state;
    /* U+1F600 is 2 WCHARs (a surrogate pair) and 4 bytes */
    check_wide_exact("a" GRIN "b", w);
    check_narrow_exact("a" GRIN "b");

    count = 0;
    assert_int_equal(clusapi__copy_out(GRIN, NULL, &count, true), MORE_DATA);
    assert_int_equal(count, 2);
    count = 0;
    assert_int_equal(clusapi__copy_out(GRIN, NULL, &count, false), MORE_DATA);
    assert_int_equal(count, 4);
}

static void
test_larger_buffer(void **state)
{
    uint16_t w[16];
    char a[16];
    uint32_t count = 16;

    (void) state;
    assert_int_equal(clusapi__copy_out(NIHON, w, &count, true), 0);
    assert_int_equal(count, 2);
    assert_int_equal(w[0], 0x65e5);
    assert_int_equal(w[1], 0x672c);
    assert_int_equal(w[2], 0);

    count = 16;
    assert_int_equal(clusapi__copy_out(NIHON, a, &count, false), 0);
    assert_int_equal(count, 6);
    assert_string_equal(a, NIHON);
}

static void
test_empty(void **state)
{
    uint16_t w[2] = { FILL, FILL };
    char a[2] = { 'x', 'x' };
    uint32_t count;

    (void) state;
    count = 1;
    assert_int_equal(clusapi__copy_out("", w, &count, true), 0);
    assert_int_equal(count, 0);
    assert_int_equal(w[0], 0);
    assert_int_equal(w[1], FILL);

    count = 1;
    assert_int_equal(clusapi__copy_out("", a, &count, false), 0);
    assert_int_equal(count, 0);
    assert_int_equal(a[0], 0);

    /* even "" needs room for its NUL */
    count = 0;
    assert_int_equal(clusapi__copy_out("", w, &count, true), MORE_DATA);
    assert_int_equal(count, 0);
    count = 0;
    assert_int_equal(clusapi__copy_out("", NULL, &count, false), MORE_DATA);
    assert_int_equal(count, 0);

    /* NULL source: the empty string */
    count = 2;
    assert_int_equal(clusapi__copy_out(NULL, a, &count, false), 0);
    assert_int_equal(count, 0);
    assert_int_equal(a[0], 0);
}

static void
test_bad_args(void **state)
{
    char a[8];
    uint32_t count = 8;

    (void) state;
    assert_int_equal(clusapi__copy_out("x", a, NULL, false), INVALID_PARAMETER);
    assert_int_equal(clusapi__copy_out("x", a, NULL, true), INVALID_PARAMETER);
    assert_int_equal(clusapi__copy_out("bad\xff", a, &count, false),
                     INVALID_PARAMETER);
    assert_int_equal(count, 8);
    assert_int_equal(clusapi__copy_out("bad\xc3", a, &count, true),
                     INVALID_PARAMETER);
    assert_int_equal(count, 8);
}

static void
test_to_utf8_wide(void **state)
{
    static const uint16_t w[] = { 'a', 0x00e9, 0x65e5, 0xd83d, 0xde00, 0 };
    static const uint16_t empty[] = { 0 };
    static const uint16_t lone[] = { 'a', 0xd83d, 'b', 0 };
    bool ok = false;
    char *s;

    (void) state;
    s = clusapi__to_utf8(w, true, &ok);
    assert_true(ok);
    assert_string_equal(s, "a" E_ACUTE "\xe6\x97\xa5" GRIN);
    g_free(s);

    ok = false;
    s = clusapi__to_utf8(empty, true, &ok);
    assert_true(ok);
    assert_string_equal(s, "");
    g_free(s);

    ok = true;
    assert_null(clusapi__to_utf8(lone, true, &ok));
    assert_false(ok);

    ok = false;
    assert_null(clusapi__to_utf8(NULL, true, &ok));
    assert_true(ok);
}

static void
test_to_utf8_narrow(void **state)
{
    bool ok = false;
    char *s;

    (void) state;
    s = clusapi__to_utf8(NIHON GRIN, false, &ok);
    assert_true(ok);
    assert_string_equal(s, NIHON GRIN);
    g_free(s);

    ok = true;
    assert_null(clusapi__to_utf8("caf\xe9", false, &ok)); /* Latin-1 */
    assert_false(ok);

    ok = false;
    assert_null(clusapi__to_utf8(NULL, false, &ok));
    assert_true(ok);
}

/* Round trip: UTF-8 -> W buffer -> UTF-8. */
static void
test_round_trip(void **state)
{
    const char *src = "n" E_ACUTE NIHON GRIN;
    uint16_t w[16];
    uint32_t count = 16;
    bool ok = false;
    char *back;

    (void) state;
    assert_int_equal(clusapi__copy_out(src, w, &count, true), 0);
    assert_int_equal(count, 6);
    back = clusapi__to_utf8(w, true, &ok);
    assert_true(ok);
    assert_string_equal(back, src);
    g_free(back);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii),
        cmocka_unit_test(test_multibyte_bmp),
        cmocka_unit_test(test_non_bmp),
        cmocka_unit_test(test_larger_buffer),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_to_utf8_wide),
        cmocka_unit_test(test_to_utf8_narrow),
        cmocka_unit_test(test_round_trip),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

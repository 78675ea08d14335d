/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-errors.c - unit tests of src/api/errors.c, the one conversion of the
 * library's internal results (0 or a negative errno) to Win32 codes: each
 * errno the core, the handle table and the engine report, and the code for
 * one the table does not name.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/api-int.h"

static void
test_table(void **state)
{
    (void) state;
    assert_int_equal(clusapi__win32_error(0), ERROR_SUCCESS);
    assert_int_equal(clusapi__win32_error(-EBADF), ERROR_INVALID_HANDLE);
    assert_int_equal(clusapi__win32_error(-EINVAL), ERROR_INVALID_PARAMETER);
    assert_int_equal(clusapi__win32_error(-ETIMEDOUT), WAIT_TIMEOUT);
    assert_int_equal(clusapi__win32_error(-EMFILE), ERROR_TOO_MANY_OPEN_FILES);
    assert_int_equal(clusapi__win32_error(-ENFILE), ERROR_TOO_MANY_OPEN_FILES);
    assert_int_equal(clusapi__win32_error(-ENOMEM), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(clusapi__win32_error(-EACCES), ERROR_ACCESS_DENIED);
    assert_int_equal(clusapi__win32_error(-EPERM), ERROR_ACCESS_DENIED);
    assert_int_equal(clusapi__win32_error(-ENOENT), ERROR_FILE_NOT_FOUND);
    assert_int_equal(clusapi__win32_error(-EBADMSG), ERROR_INVALID_DATA);
    assert_int_equal(clusapi__win32_error(-ENOTCONN),
                     RPC_S_SERVER_UNAVAILABLE);
    assert_int_equal(clusapi__win32_error(-ETIME), RPC_S_CALL_FAILED);
}

/* An errno the table does not name: the system could not provide
 * something (e.g. eventfd's ENODEV). */
static void
test_other(void **state)
{
    (void) state;
    assert_int_equal(clusapi__win32_error(-ENODEV), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(clusapi__win32_error(-1000), ERROR_NOT_ENOUGH_MEMORY);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_other),
    };

    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

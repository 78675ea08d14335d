/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-open-timeout - OpenCluster waits a bounded time for a CIB that does
 * not answer, and the connect it gave up on is undone cleanly.  No daemon:
 * CIB_file names a FIFO, whose open() in libcib's file backend blocks until
 * a writer comes, as a connect to a stopped CIB manager blocks in
 * Pacemaker's IPC (the live case: tests/integration/test-hang.c).
 *   - OpenCluster fails with RPC_S_CALL_FAILED after CLUSAPI_OPEN_TIMEOUT_MS;
 *   - a second one waits for the same stuck connect (it does not start
 *     another behind it) and fails the same way;
 *   - once the stuck connect ends (a CIB is written to the FIFO) it is
 *     undone, and the next OpenCluster (CIB_file: the fixture) works;
 *     nothing reads the FIFO any more.
 * An OpenCluster that does not return is killed by alarm(), a failure.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "clusapi.h"

#define OPEN_MS 300
/* scheduling on a loaded machine */
#define SLACK_MS 1500

static char *fixture;
static char *fifo;

static gint64
now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* OpenCluster on the FIFO: fails in time with RPC_S_CALL_FAILED. */
static void
open_times_out(void)
{
    gint64 t0 = now_ms();
    HCLUSTER c = OpenClusterA(NULL);
    gint64 t = now_ms() - t0;

    assert_null(c);
    assert_int_equal(GetLastError(), RPC_S_CALL_FAILED);
    assert_true(t >= OPEN_MS - 1);
    assert_true(t <= OPEN_MS + SLACK_MS);
}

/* Whether a reader has the FIFO open (a connect stuck in it). */
static bool
fifo_has_reader(void)
{
    int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        assert_int_equal(errno, ENXIO);
        return false;
    }
    close(fd);
    return true;
}

static void
test_open_timeout(void **state)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    int fd;
    HCLUSTER c;

    (void) state;
    assert_true(g_file_get_contents(fixture, &text, &len, NULL));
    setenv("CIB_file", fifo, 1);
    open_times_out();
    assert_true(fifo_has_reader());
    open_times_out();
    assert_false(CloseCluster(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* the stuck connect gets its CIB and ends; the next OpenCluster reads
     * the fixture (it waits for the stuck one to be undone first) */
    setenv("CIB_file", fixture, 1);
    setenv("CLUSAPI_OPEN_TIMEOUT_MS", "10000", 1);
    fd = open(fifo, O_WRONLY | O_CLOEXEC); /* the reader is there */
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t) len);
    close(fd);
    c = OpenClusterA(NULL);
    assert_non_null(c);
    assert_int_equal(GetLastError(), ERROR_SUCCESS);
    assert_false(fifo_has_reader()); /* one connect was stuck, not two */
    assert_true(CloseCluster(c));

    /* and once more, from scratch */
    c = OpenClusterA("APITEST");
    assert_non_null(c);
    assert_true(CloseCluster(c));
}

static int
teardown(void **state)
{
    (void) state;
    unlink(fifo);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_open_timeout, teardown),
    };
    const char *top = getenv("top_srcdir");
    g_autofree char *ms = g_strdup_printf("%d", OPEN_MS);

    fixture = g_build_filename(top != NULL ? top : ".", "tests", "fixtures",
                               "api", "cib.xml", NULL);
    fifo = g_strdup_printf("%s/clusapi-open-timeout.%d", g_get_tmp_dir(),
                           (int) getpid());
    if (mkfifo(fifo, 0600) != 0) {
        return 1;
    }
    setenv("CLUSAPI_OPEN_TIMEOUT_MS", ms, 1);
    alarm(60); /* an OpenCluster that blocks for good fails the test */
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

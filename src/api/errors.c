/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * errors.c - the one place where the library's internal results (0 or a
 * negative errno, as the core, the handle table and the engine return
 * them) become the Win32 codes that the public functions return or set
 * as the last error.  Every entry point converts through
 * clusapi__win32_error; no other file maps an errno to a Win32 code.
 *
 * A table and nothing else: it must not depend on the engine, the handle
 * table or any other state, only on errno.h and the constants of clusapi.h.
 */
#include <config.h>

#include <errno.h>

#include <glib.h>

#include "clusapi.h"
#include "api/api-int.h"

static const struct {
    int rc;
    DWORD win32;
} win32_errors[] = {
    { 0, ERROR_SUCCESS },
    /* a handle or port closed, here or by another thread */
    { -EBADF, ERROR_INVALID_HANDLE },
    { -EINVAL, ERROR_INVALID_PARAMETER },
    /* a wait on a port that ended with nothing queued */
    { -ETIMEDOUT, WAIT_TIMEOUT },
    /* no file descriptor left for a port's eventfd */
    { -EMFILE, ERROR_TOO_MANY_OPEN_FILES },
    { -ENFILE, ERROR_TOO_MANY_OPEN_FILES },
    { -ENOMEM, ERROR_NOT_ENOUGH_MEMORY },
    /* the CIB manager refused the connection */
    { -EACCES, ERROR_ACCESS_DENIED },
    { -EPERM, ERROR_ACCESS_DENIED },
    /* CIB_file names no file, or one that holds no CIB */
    { -ENOENT, ERROR_FILE_NOT_FOUND },
    { -EBADMSG, ERROR_INVALID_DATA },
    /* the cluster could not be reached or read (engine.h) */
    { -ENOTCONN, RPC_S_SERVER_UNAVAILABLE },
    /* the CIB manager took the connection but did not answer in time */
    { -ETIME, RPC_S_CALL_FAILED },
};

DWORD
clusapi__win32_error(int rc)
{
    for (size_t i = 0; i < G_N_ELEMENTS(win32_errors); i++) {
        if (win32_errors[i].rc == rc) {
            return win32_errors[i].win32;
        }
    }
    /* any other failure of the system to provide something */
    return ERROR_NOT_ENOUGH_MEMORY;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strconv.c - strings across the API edge (strconv.h): copy a UTF-8 string
 * out to a caller's buffer under the Windows count rules
 * (docs/windows-api.md 1.3), as UTF-16 for the W functions or UTF-8 for the
 * A functions, and turn the callers' input strings into UTF-8.  glib does
 * every conversion.
 *
 * Part of the pure core: glib, libc and the constants of clusapi.h only; it
 * must not depend on Pacemaker or on the rest of the library.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "core/strconv.h"

/* docs/windows-api.md 1.3: *pcount in = capacity with the NUL, out = length
 * without it; on ERROR_MORE_DATA the needed length is stored and buf left
 * alone.  A NULL src is the empty string (an event without a name, 4.3). */
uint32_t
clusapi__copy_out(const char *src, void *buf, uint32_t *pcount, bool wide)
{
    const char *s = src != NULL ? src : "";
    uint32_t capacity;
    uint32_t rc = ERROR_SUCCESS;
    gunichar2 *utf16 = NULL;
    size_t len;

    if (pcount == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    capacity = buf != NULL ? *pcount : 0;
    if (wide) {
        glong units = 0;

        /* Counts are in UTF-16 code units: a character outside the BMP
         * takes two (a surrogate pair), as a WCHAR count does. */
        utf16 = g_utf8_to_utf16(s, -1, NULL, &units, NULL);
        if (utf16 == NULL) {
            return ERROR_INVALID_PARAMETER;
        }
        len = (size_t) units;
    } else {
        if (!g_utf8_validate(s, -1, NULL)) {
            return ERROR_INVALID_PARAMETER;
        }
        len = strlen(s);
    }
    if (len >= UINT32_MAX) {
        rc = ERROR_INVALID_PARAMETER; /* cannot be counted in a DWORD */
    } else if (len + 1 > capacity) {
        *pcount = (uint32_t) len;
        rc = ERROR_MORE_DATA;
    } else {
        /* Both sources are NUL-terminated: copy the NUL with them. */
        if (wide) {
            memcpy(buf, utf16, (len + 1) * sizeof(gunichar2));
        } else {
            memcpy(buf, s, len + 1);
        }
        *pcount = (uint32_t) len;
    }
    g_free(utf16);
    return rc;
}

char *
clusapi__to_utf8(const void *src, bool wide, bool *ok)
{
    char *utf8 = NULL;

    if (src == NULL) {
        utf8 = NULL;
    } else if (wide) {
        /* NULL for unpaired surrogates. */
        utf8 = g_utf16_to_utf8(src, -1, NULL, NULL, NULL);
    } else if (g_utf8_validate(src, -1, NULL)) {
        utf8 = g_strdup(src);
    }
    if (ok != NULL) {
        *ok = src == NULL || utf8 != NULL;
    }
    return utf8;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strconv.h - copy a UTF-8 string out to a caller's buffer following the
 * Windows count rules (docs/windows-api.md 1.3), in the W form (UTF-16,
 * counts in WCHARs) or the A form (UTF-8, counts in bytes), and convert the
 * callers' input strings to UTF-8.  Uses glib's UTF-16 conversion.
 */
#ifndef CLUSAPI_CORE_STRCONV_H
#define CLUSAPI_CORE_STRCONV_H

#include <stdbool.h>
#include <stdint.h>

/* Copy src (UTF-8) to buf.
 * wide: buf is uint16_t[*pcount] (UTF-16) else char[*pcount] (UTF-8).
 * *pcount on input: capacity including the NUL (buf NULL = capacity 0);
 * on output: length without the NUL, in units of the form.
 * Returns 0 (ERROR_SUCCESS), 234 (ERROR_MORE_DATA: *pcount = needed
 * length, buf untouched), or 87 (ERROR_INVALID_PARAMETER: pcount NULL or
 * src not valid UTF-8). */
uint32_t clusapi__copy_out(const char *src, void *buf, uint32_t *pcount,
                           bool wide);

/* Input string of either form to a newly allocated UTF-8 string (g_free).
 * NULL in gives NULL out with *ok true; invalid UTF-16/UTF-8 gives NULL and
 * *ok false. */
char *clusapi__to_utf8(const void *src, bool wide, bool *ok);

#endif

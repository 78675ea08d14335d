/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz.h - what the fuzz target (fuzz-patch.c) shares with its replay
 * driver (replay.c).
 */
#ifndef CLUSAPI_FUZZ_H
#define CLUSAPI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* flags (input byte 1) */
#define FUZZ_FIX_VERSION 0x01

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* $top_srcdir (the environment's, else the build's) */
const char *fuzz_top_srcdir(void);
/* the fixture scenarios with a base.xml, sorted: byte 0 indexes them */
GPtrArray *fuzz_scenarios(void);
int fuzz_cmp_str(gconstpointer a, gconstpointer b);

#endif

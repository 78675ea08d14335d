/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * patch.h - Pacemaker's own XML functions that the translation needs around
 * it: parsing (so documents carry Pacemaker's private node data) and
 * patchset application with version checks.  The only Pacemaker calls the
 * unit tests link; the rest of the adapter is in cib.c.
 */
#ifndef CLUSAPI_ADAPT_PATCH_H
#define CLUSAPI_ADAPT_PATCH_H

#include <libxml/tree.h>

/* Pacemaker's XML set-up for the calling thread; call once before the
 * others (unit tests; the library does it on its worker thread). */
void clusapi__xml_init(void);

/* Parse an XML document as Pacemaker does (NULL if malformed). */
xmlNode *clusapi__xml_parse(const char *text);
xmlNode *clusapi__xml_parse_file(const char *path);

/* The same tree without Pacemaker's private node data where its libxml2
 * hooks do not add it (3.0): a diff notification, which is only read. */
xmlNode *clusapi__xml_read(const char *text);
xmlNode *clusapi__xml_copy(xmlNode *xml);
void clusapi__xml_free(xmlNode *xml); /* NULL-safe */
/* Serialise (g_free the result). */
char *clusapi__xml_dump(xmlNode *xml);

/* Apply a format-2 patchset to cib in place.  Returns
 *   0        applied;
 *   -EALREADY the patchset is older than or equal to cib (skip it);
 *   -ESTALE   a version gap, digest mismatch or failed change: re-read;
 *   -EPROTO   not a patchset. */
int clusapi__patch_apply(xmlNode *cib, xmlNode *patchset);

#endif

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

/* A parser kept from one document to the next, for one thread at a time
 * (the CIB adapter's messages): the same tree as clusapi__xml_parse, with
 * Pacemaker's private node data, but without a new libxml2 parser context
 * and name dictionary for every document (string2xml's set-up and
 * tear-down: 18 % of parsing a 1.4 KB diff notification, docs/
 * performance.md).  Returns NULL for a document that is not well-formed,
 * where string2xml returns what it recovered.  The dictionary only grows
 * (element and attribute names, values under four bytes); past dict_max
 * names the context is replaced. */
typedef struct cl_xml_parser cl_xml_parser_t;
#define CL_XML_PARSER_DICT_MAX 16384
cl_xml_parser_t *clusapi__xml_parser_new(size_t dict_max);
xmlNode *clusapi__xml_parser_parse(cl_xml_parser_t *p, const char *text);
cl_xml_parser_t *clusapi__xml_parser_free(cl_xml_parser_t *p); /* NULL */
xmlNode *clusapi__xml_copy(xmlNode *xml);
void clusapi__xml_free(xmlNode *xml); /* NULL-safe */
/* Serialise (g_free the result). */
char *clusapi__xml_dump(xmlNode *xml);

/* Apply a format-2 patchset to cib in place.  Returns
 *   0        applied;
 *   -EALREADY the patchset is older than or equal to cib (skip it);
 *   -ESTALE   a version gap, digest mismatch or failed change: re-read;
 *   -EBADMSG  refused before Pacemaker saw it, cib untouched: a change
 *             whose operation Pacemaker does not know, whose path is not
 *             one it writes (absolute, under /cib, TAG or TAG[@id='ID']
 *             components, no white space; not the CIB itself for a delete
 *             or move), a create or move without a position from 0 to
 *             INT_MAX, a create without exactly one element to create, a
 *             create or move among siblings without Pacemaker's private
 *             data (text, CDATA), a path through a CDATA section, or a
 *             delete of what an earlier create or move of the patchset
 *             works on (or of an ancestor): what would make
 *             xml_apply_patchset free the CIB, crash or write into freed
 *             memory (docs/design.md).  Re-read;
 *   -EPROTO   not a patchset. */
int clusapi__patch_apply(xmlNode *cib, xmlNode *patchset);

#endif

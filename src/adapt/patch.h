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

/* Whether the file at path can be read and holds a well-formed XML
 * document whose root element is root_name, with libxml2 alone (no
 * Pacemaker call, nothing kept).  A name ending in .bz2 is only read (its
 * content is left to Pacemaker, which decompresses it).  Returns 0,
 * -ENOENT (no such file), -EACCES (not readable), -EBADMSG (a directory,
 * empty, not well-formed, another root element, or unreadable otherwise)
 * or -ENOMEM. */
int clusapi__xml_check_file(const char *path, const char *root_name);

/* A CIB whose schema is older than the Pacemaker built against reads
 * without an upgrade (pacemaker-1.x, and 2.x for 2.1; 3.x too for 3.0),
 * upgraded as Pacemaker's tools and scheduler
 * upgrade it before they read it (cli_config_update,
 * pcmk_update_configured_schema): a new tree, to be freed with
 * clusapi__xml_free.  NULL when none is needed, or when Pacemaker cannot
 * upgrade it (then it is read as it is). */
xmlNode *clusapi__cib_upgraded(xmlNode *cib);
/* Whether Pacemaker upgrades this CIB before it reads it: its
 * validate-with names a schema of an older major (pacemaker-1.2,
 * transitional-0.6); "none", "pacemaker-next" and the current ones are
 * read as they are, and so is a CIB that names none (a CIB manager always
 * writes one; Pacemaker would try every schema on it, with a report of
 * each failure on stderr) */
bool clusapi__cib_needs_upgrade(xmlNode *cib);

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

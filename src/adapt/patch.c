/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * patch.c - patchset application with Pacemaker's xml_apply_patchset.
 * May use Pacemaker's libcrmcommon; nothing else of the library.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/dict.h>
#include <crm/crm.h>
#include <crm/common/xml.h>
#include <crm/common/results.h>

#include "adapt/patch.h"

void
clusapi__xml_init(void)
{
    crm_xml_init();
}

xmlNode *
clusapi__xml_parse(const char *text)
{
    return text != NULL ? string2xml(text) : NULL;
}

xmlNode *
clusapi__xml_parse_file(const char *path)
{
    return filename2xml(path);
}

/* string2xml's options (xml.c, PCMK__XML_PARSE_OPTS), and no reports on
 * stderr: a document that is not well-formed is the caller's to handle */
#define PARSER_OPTS (XML_PARSE_NOBLANKS | XML_PARSE_RECOVER \
                     | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

struct cl_xml_parser {
    xmlParserCtxtPtr ctxt; /* NULL until the first parse, or replaced */
    size_t dict_max;
};

cl_xml_parser_t *
clusapi__xml_parser_new(size_t dict_max)
{
    cl_xml_parser_t *p = g_new0(cl_xml_parser_t, 1);

    p->dict_max = dict_max;
    return p;
}

xmlNode *
clusapi__xml_parser_parse(cl_xml_parser_t *p, const char *text)
{
    xmlDocPtr doc;
    xmlNode *root;

    if (p == NULL || text == NULL) {
        return NULL;
    }
    if (p->ctxt == NULL) {
        p->ctxt = xmlNewParserCtxt();
        if (p->ctxt == NULL) {
            return NULL;
        }
    }
    /* resets the context, keeps its dictionary: the document holds a
     * reference to it */
    doc = xmlCtxtReadDoc(p->ctxt, (const xmlChar *) text, NULL, NULL,
                         PARSER_OPTS);
    root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    if (doc != NULL && (!p->ctxt->wellFormed || root == NULL)) {
        xmlFreeDoc(doc); /* what XML_PARSE_RECOVER made of it */
        root = NULL;
    }
    if (p->ctxt->dict != NULL
        && (size_t) xmlDictSize(p->ctxt->dict) > p->dict_max) {
        xmlFreeParserCtxt(p->ctxt); /* the next parse starts afresh */
        p->ctxt = NULL;
    }
    return root;
}

cl_xml_parser_t *
clusapi__xml_parser_free(cl_xml_parser_t *p)
{
    if (p != NULL) {
        if (p->ctxt != NULL) {
            xmlFreeParserCtxt(p->ctxt);
        }
        g_free(p);
    }
    return NULL;
}

xmlNode *
clusapi__xml_copy(xmlNode *xml)
{
    return xml != NULL ? copy_xml(xml) : NULL;
}

void
clusapi__xml_free(xmlNode *xml)
{
    if (xml != NULL) {
        free_xml(xml);
    }
}

char *
clusapi__xml_dump(xmlNode *xml)
{
    char *s = dump_xml_unformatted(xml);
    char *copy = g_strdup(s);

    free(s);
    return copy;
}

int
clusapi__patch_apply(xmlNode *cib, xmlNode *patchset)
{
    int del[3] = { 0, 0, 0 };
    int add[3] = { 0, 0, 0 };
    int rc;

    if (cib == NULL || patchset == NULL
        || strcmp((const char *) patchset->name, "diff") != 0) {
        return -EPROTO;
    }
    if (xml_patch_versions(patchset, add, del) != 0) {
        return -EPROTO;
    }
    /* The digest makes xml_apply_patchset copy and hash the whole CIB for
     * every diff (patchset.c); versions already order the diffs, and a
     * wrong result is caught by the next version check, so we drop it. */
    xmlUnsetProp(patchset, (const xmlChar *) "digest");
    rc = xml_apply_patchset(cib, patchset, true);
    switch (rc) {
        case pcmk_ok:
            return 0;
        case -pcmk_err_old_data:
            return -EALREADY;
        default:
            return -ESTALE;
    }
}

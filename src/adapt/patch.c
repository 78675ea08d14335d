/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * patch.c - patchset application with Pacemaker's xml_apply_patchset.
 * May use Pacemaker's libcrmcommon; nothing else of the library.
 *
 * Only what Pacemaker 2.1 and 3.0 both declare publicly: crm_xml_init,
 * copy_xml, free_xml and xml_apply_patchset.  Parsing and serialising are
 * libxml2's (3.0 has no public parser: string2xml, filename2xml and
 * dump_xml_unformatted are gone).  Pacemaker keeps data of its own on every
 * node (_private), which xml_apply_patchset needs on the document it
 * changes: 2.1 adds it to every node libxml2 makes on a thread where
 * crm_xml_init ran (node hooks), 3.0 only to the trees it makes itself,
 * copy_xml's among them (docs/design.md).
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
#include "core/xmlutil.h"

void
clusapi__xml_init(void)
{
    crm_xml_init();
}

/* Pacemaker's parse options (2.1's string2xml; 3.0 drops the recovery and
 * refuses what is not well-formed, as we do), and no reports on stderr: a
 * document that is not well-formed is the caller's to handle */
#define PARSER_OPTS (XML_PARSE_NOBLANKS | XML_PARSE_RECOVER \
                     | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* The root of what ctxt read, NULL (and doc freed) unless well-formed. */
static xmlNode *
root_if_well_formed(xmlParserCtxtPtr ctxt, xmlDocPtr doc)
{
    xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

    if (doc != NULL && (!ctxt->wellFormed || root == NULL)) {
        xmlFreeDoc(doc); /* what XML_PARSE_RECOVER made of it */
        root = NULL;
    }
    return root;
}

xmlNode *
clusapi__xml_parse(const char *text)
{
    xmlParserCtxtPtr ctxt;
    xmlNode *root;
    xmlNode *copy;

    if (text == NULL || (ctxt = xmlNewParserCtxt()) == NULL) {
        return NULL;
    }
    root = root_if_well_formed(ctxt, xmlCtxtReadDoc(
        ctxt, (const xmlChar *) text, NULL, NULL, PARSER_OPTS));
    xmlFreeParserCtxt(ctxt);
    if (root == NULL || root->_private != NULL) {
        return root; /* 2.1's hooks gave it Pacemaker's data */
    }
    copy = copy_xml(root); /* 3.0: a copy made by Pacemaker has it */
    xmlFreeDoc(root->doc);
    return copy;
}

xmlNode *
clusapi__xml_parse_file(const char *path)
{
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return NULL;
    }
    return clusapi__xml_parse(text);
}

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
    root = root_if_well_formed(p->ctxt, doc);
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
    xmlBufferPtr buf = xmlBufferCreate();
    char *text;

    (void) xmlNodeDump(buf, xml != NULL ? xml->doc : NULL, xml, 0, 0);
    text = g_strdup((const char *) xmlBufferContent(buf));
    xmlBufferFree(buf);
    return text;
}

int
clusapi__patch_apply(xmlNode *cib, xmlNode *patchset)
{
    int rc;

    /* the format is read here, not with xml_patch_versions: its result
     * means failure in 2.1 and 3.0.0, success from 3.0.2 on */
    if (cib == NULL || !is_elem(patchset, "diff")
        || !str_eq0(attr(patchset, "format"), "2")) {
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

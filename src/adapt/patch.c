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
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
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

int
clusapi__xml_check_file(const char *path, const char *root_name)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    gsize len = 0;
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;
    xmlNode *root;
    int rc;

    if (!g_file_get_contents(path, &text, &len, &err)) {
        switch (err->code) {
            case G_FILE_ERROR_NOENT:
            case G_FILE_ERROR_NOTDIR:
            case G_FILE_ERROR_NAMETOOLONG:
            case G_FILE_ERROR_LOOP:
                return -ENOENT;
            case G_FILE_ERROR_ACCES:
            case G_FILE_ERROR_PERM:
                return -EACCES;
            case G_FILE_ERROR_NOMEM:
                return -ENOMEM;
            default:
                return -EBADMSG; /* a directory, a read error, ... */
        }
    }
    if (g_str_has_suffix(path, ".bz2")) {
        return 0; /* Pacemaker reads it compressed; libxml2 cannot */
    }
    if (len > G_MAXINT || (ctxt = xmlNewParserCtxt()) == NULL) {
        return len > G_MAXINT ? -EBADMSG : -ENOMEM;
    }
    doc = xmlCtxtReadMemory(ctxt, text, (int) len, NULL, NULL, PARSER_OPTS);
    root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    /* Pacemaker 2.1 reads what libxml2 recovers of a file that is not
     * well-formed (filename2xml, XML_PARSE_RECOVER), 3.0 refuses it */
    rc = root != NULL && str_eq((const char *) root->name, root_name)
                 && (ctxt->wellFormed || CLUSAPI_PACEMAKER_VERSION < 30000)
             ? 0 : -EBADMSG;
    xmlFreeParserCtxt(ctxt);
    xmlFreeDoc(doc);
    return rc;
}

/* The major version of the oldest schema Pacemaker reads a CIB in without
 * upgrading it first (its x.0 schema) */
#if CLUSAPI_PACEMAKER_VERSION >= 30000
#define CURRENT_MAJOR 4
#else
#define CURRENT_MAJOR 3
#endif

bool
clusapi__cib_needs_upgrade(xmlNode *cib)
{
    xmlChar *v = xmlGetProp(cib, (const xmlChar *) "validate-with");
    const char *s = (const char *) v;
    bool old;

    if (s == NULL) {
        old = false; /* (not from a CIB manager: left as it is) */
    } else if (g_str_has_prefix(s, "transitional-")) {
        old = true;
    } else if (g_str_has_prefix(s, "pacemaker-")
               && g_ascii_isdigit(s[strlen("pacemaker-")])) {
        old = strtol(s + strlen("pacemaker-"), NULL, 10) < CURRENT_MAJOR;
    } else {
        old = false;
    }
    xmlFree(v);
    return old;
}

xmlNode *
clusapi__cib_upgraded(xmlNode *cib)
{
    xmlNode *copy;

    if (cib == NULL || !clusapi__cib_needs_upgrade(cib)) {
        return NULL;
    }
    copy = copy_xml(cib);
#ifdef HAVE_PCMK_UPDATE_CONFIGURED_SCHEMA
    if (pcmk_update_configured_schema(&copy) != pcmk_rc_ok) {
#else
    if (!cli_config_update(&copy, NULL, TRUE)) { /* to Pacemaker's log */
#endif
        clusapi__xml_free(copy);
        return NULL;
    }
    return copy;
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

/* ---- patchset validation ----
 *
 * xml_apply_patchset trusts its input (Pacemaker 2.1.5 and 3.0,
 * lib/common/patchset.c): a path that does not start with "/" resolves to
 * the document and "/cib" to the root, and a delete of either frees the
 * whole CIB (and returns success), a create under the document leaks; a
 * create copies its first child node, NULL if it has none; a create or move
 * counts positions through every sibling's private data, which text and
 * CDATA nodes lack (a NULL dereference); path resolution compares every
 * non-text child's name, which a CDATA node lacks; and creates and moves are
 * carried out after all deletes, on the elements found before them, so
 * deleting one of those (or an ancestor) leaves Pacemaker writing into freed
 * memory. valid_patchset refuses all of these before Pacemaker sees the
 * patchset, resolving each path the way Pacemaker does, in the order it
 * does. */

#define CL_PATH_ROOT "cib"
#define CL_PATH_ID_OPEN "[@id='"
#define CL_PATH_ID_CLOSE "']"

/* the patchset's change operations (XML_DIFF_OP values) */
enum patch_op { OP_CREATE, OP_MODIFY, OP_DELETE, OP_MOVE };

static const char *const op_names[] = {
    [OP_CREATE] = "create", [OP_MODIFY] = "modify",
    [OP_DELETE] = "delete", [OP_MOVE] = "move",
};

/* The state of the first pass of apply_v2_patchset, as far as validation
 * needs it: nodes deleted so far (gone from the tree), and the nodes
 * earlier creates and moves found (used in the second pass). */
struct patch_check {
    GHashTable *deleted;
    GPtrArray *kept;
};

static int
op_of(const char *name)
{
    for (size_t i = 0; name != NULL && i < G_N_ELEMENTS(op_names); i++) {
        if (str_eq(name, op_names[i])) {
            return (int) i;
        }
    }
    return -1;
}

/* A position attribute: a decimal integer from 0 to INT_MAX; -1 if not. */
static int
position_of(const xmlNode *change)
{
    const char *text = attr(change, "position");
    guint64 n;

    if (text == NULL || !g_ascii_isdigit(text[0])
        || !g_ascii_string_to_unsigned(text, 10, 0, G_MAXINT, &n, NULL)) {
        return -1;
    }
    return (int) n;
}

/* A delete's position as Pacemaker reads it (crm_element_value_int): the
 * leading integer, -1 if there is none or it does not fit an int. */
static int
lenient_position(const char *text)
{
    char *end = NULL;
    long long n;

    if (text == NULL) {
        return -1;
    }
    errno = 0;
    n = strtoll(text, &end, 10);
    if (end == text || errno != 0 || n < INT_MIN || n > INT_MAX) {
        return -1;
    }
    return (int) n;
}

/* Every child of parent carries Pacemaker's private data, which
 * pcmk__xml_position reads on each sibling it counts. */
static bool
children_have_private(const struct patch_check *pc, const xmlNode *parent)
{
    for (const xmlNode *n = parent->children; n != NULL; n = n->next) {
        if (n->_private == NULL && !g_hash_table_contains(pc->deleted, n)) {
            return false;
        }
    }
    return true;
}

/* One path component: its tag and id (NULL if none) in place, NULL-ended;
 * false unless it is TAG or TAG[@id='ID'] exactly, as Pacemaker writes
 * them (pcmk__element_xpath) and sscanf reads them (search_v2_xpath). */
static bool
split_component(char *comp, const char **tag, const char **id)
{
    char *open = strchr(comp, '[');
    size_t len;

    *tag = comp;
    *id = NULL;
    if (open != NULL) {
        len = strlen(open);
        if (!g_str_has_prefix(open, CL_PATH_ID_OPEN)
            || !g_str_has_suffix(open, CL_PATH_ID_CLOSE)
            || len <= strlen(CL_PATH_ID_OPEN CL_PATH_ID_CLOSE)) {
            return false;
        }
        open[len - strlen(CL_PATH_ID_CLOSE)] = '\0';
        *id = open + strlen(CL_PATH_ID_OPEN);
        *open = '\0';
        if (strpbrk(*id, "'[]") != NULL) {
            return false;
        }
    }
    return **tag != '\0' && strpbrk(*tag, "']") == NULL;
}

/* first_matching_xml_child over the tree as the first pass has left it;
 * false if Pacemaker's walk would crash (a node with no name, or a comment
 * position counted through a sibling with no private data). */
static bool
match_child(const struct patch_check *pc, const xmlNode *parent,
            const char *tag, const char *id, int position, xmlNode **out)
{
    *out = NULL;
    for (xmlNode *n = parent->children; n != NULL; n = n->next) {
        if (n->type == XML_TEXT_NODE
            || g_hash_table_contains(pc->deleted, n)) {
            continue;
        }
        if (n->name == NULL) {
            return false; /* a CDATA section: strcmp(NULL, ...) */
        }
        if (!str_eq((const char *) n->name, tag)
            || (id != NULL && !str_eq0(attr(n, "id"), id))) {
            continue;
        }
        if (n->type == XML_COMMENT_NODE && position >= 0) {
            int pos = 0;

            for (const xmlNode *p = n->prev; p != NULL; p = p->prev) {
                if (p->_private == NULL
                    && !g_hash_table_contains(pc->deleted, p)) {
                    return false;
                }
                pos += !g_hash_table_contains(pc->deleted, p);
            }
            if (pos != position) {
                continue;
            }
        }
        *out = n;
        return true;
    }
    return true;
}

/* Resolve a change's path as search_v2_xpath does: *out the node (NULL if
 * none); the number of components, or -1 if the path is not one Pacemaker
 * writes (absolute, under /cib, no white space, components as above) or
 * its resolution would crash. */
static int
resolve_path(const struct patch_check *pc, xmlNode *cib, const char *path,
             int position, xmlNode **out)
{
    g_auto(GStrv) comps = NULL;
    xmlNode *at = (xmlNode *) cib->doc;
    int n;

    *out = NULL;
    if (path == NULL || path[0] != '/' || strpbrk(path, " \t\r\n\v\f")) {
        return -1;
    }
    comps = g_strsplit(path + 1, "/", -1);
    for (n = 0; comps[n] != NULL; n++) {
        const char *tag;
        const char *id;

        if (!split_component(comps[n], &tag, &id)
            || (n == 0 && (id != NULL || !str_eq(tag, CL_PATH_ROOT)))) {
            return -1;
        }
        if (at != NULL && !match_child(pc, at, tag, id,
                                       comps[n + 1] == NULL ? position : -1,
                                       &at)) {
            return -1;
        }
    }
    *out = at;
    return n;
}

/* node is kept, or under a node kept, by an earlier create or move */
static bool
holds_kept(const struct patch_check *pc, const xmlNode *node)
{
    for (guint i = 0; i < pc->kept->len; i++) {
        for (const xmlNode *k = pc->kept->pdata[i]; k != NULL;
             k = k->parent) {
            if (k == node) {
                return true;
            }
        }
    }
    return false;
}

/* A comment's position (which a delete of one names) counts siblings in
 * the order the first pass has left them, which its moves change: a
 * delete of a comment beside a comment moved earlier may find the moved
 * one, whatever we count. */
static bool
moves_comment_beside(const struct patch_check *pc, const xmlNode *node)
{
    if (node->type != XML_COMMENT_NODE) {
        return false;
    }
    for (guint i = 0; i < pc->kept->len; i++) {
        const xmlNode *k = pc->kept->pdata[i];

        if (k->type == XML_COMMENT_NODE && k->parent == node->parent) {
            return true;
        }
    }
    return false;
}

static bool
valid_change(struct patch_check *pc, xmlNode *cib, xmlNode *change)
{
    int op = op_of(attr(change, "operation"));
    int position = -1;
    xmlNode *match;
    xmlNode *child = NULL;
    int depth;

    if (!is_elem(change, "change") || op < 0) {
        return false;
    }
    if (op == OP_DELETE) {
        position = lenient_position(attr(change, "position"));
    } else if (op == OP_CREATE || op == OP_MOVE) {
        if (position_of(change) < 0) {
            return false;
        }
    }
    if (op == OP_CREATE) {
        /* xmlDocCopyNode(change->children): exactly one node, an element */
        child = change->children;
        if (child == NULL || child->type != XML_ELEMENT_NODE
            || child->next != NULL) {
            return false;
        }
    }
    depth = resolve_path(pc, cib, attr(change, "path"), position, &match);
    if (depth < 1 || (depth < 2 && (op == OP_DELETE || op == OP_MOVE))) {
        return false; /* the CIB itself, or the document */
    }
    if (match == NULL) {
        return true; /* Pacemaker's own error (or nothing to delete) */
    }
    switch (op) {
        case OP_DELETE:
            if (holds_kept(pc, match) || moves_comment_beside(pc, match)) {
                return false;
            }
            g_hash_table_add(pc->deleted, match);
            break;
        case OP_MODIFY:
            return match->type == XML_ELEMENT_NODE;
        case OP_CREATE:
            if (match->type != XML_ELEMENT_NODE
                || !children_have_private(pc, match)) {
                return false;
            }
            g_ptr_array_add(pc->kept, match);
            break;
        case OP_MOVE:
            if (!children_have_private(pc, match->parent)) {
                return false;
            }
            g_ptr_array_add(pc->kept, match);
            break;
    }
    return true;
}

/* Whether xml_apply_patchset can apply patchset to cib without crashing,
 * freeing the CIB or writing into freed memory (see above).  Checks only
 * that; a change that names nothing is left to Pacemaker's own error. */
static bool
valid_patchset(xmlNode *cib, xmlNode *patchset)
{
    struct patch_check pc = {
        .deleted = g_hash_table_new(NULL, NULL),
        .kept = g_ptr_array_new(),
    };
    bool ok = true;

    /* Pacemaker applies every child with an operation, whatever its name */
    for (xmlNode *ch = patchset->children; ok && ch != NULL; ch = ch->next) {
        if (ch->type == XML_ELEMENT_NODE
            && (!is_elem(ch, "version") || attr(ch, "operation") != NULL)) {
            ok = valid_change(&pc, cib, ch);
        }
    }
    g_hash_table_unref(pc.deleted);
    g_ptr_array_unref(pc.kept);
    return ok;
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
    if (!valid_patchset(cib, patchset)) {
        return -EBADMSG;
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

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xmlutil.h - reading the CIB's libxml2 tree in the core: attribute
 * values, element tests, children.  No Pacemaker calls.
 */
#ifndef CLUSAPI_CORE_XMLUTIL_H
#define CLUSAPI_CORE_XMLUTIL_H

#include <stdbool.h>
#include <string.h>
#include <glib.h>
#include <libxml/tree.h>

#include "core/xmlnames.h"

static inline const char *
attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    if (n == NULL) {
        return NULL;
    }
    for (a = n->properties; a != NULL; a = a->next) {
        if (strcmp((const char *) a->name, name) == 0) {
            return (a->children != NULL)
                       ? (const char *) a->children->content
                       : "";
        }
    }
    return NULL;
}

static inline bool
is_elem(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE
           && strcmp((const char *) n->name, name) == 0;
}

static inline xmlNode *
first_elem(const xmlNode *parent, const char *name)
{
    if (parent == NULL) {
        return NULL;
    }
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE
            && (name == NULL || strcmp((const char *) c->name, name) == 0)) {
            return c;
        }
    }
    return NULL;
}

static inline xmlNode *
child_with_id(const xmlNode *parent, const char *name, const char *id)
{
    if (parent == NULL) {
        return NULL;
    }
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (is_elem(c, name) && g_strcmp0(attr(c, CL_XA_ID), id) == 0) {
            return c;
        }
    }
    return NULL;
}

#endif

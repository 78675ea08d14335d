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

static inline bool
str_eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* g_strcmp0(a, b) == 0: NULL equals only NULL */
static inline bool
str_eq0(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && str_eq(a, b);
}

/* Both set and equal ignoring ASCII case */
static inline bool
ieq(const char *a, const char *b)
{
    return a != NULL && b != NULL && g_ascii_strcasecmp(a, b) == 0;
}

static inline const char *
attr(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    if (n == NULL) {
        return NULL;
    }
    for (a = n->properties; a != NULL; a = a->next) {
        if (str_eq((const char *) a->name, name)) {
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
           && str_eq((const char *) n->name, name);
}

/* A resource element's name: primitive, group, clone, master or bundle
 * (not template, whose change touches its users). */
static const char *const rsc_names[] = {
    CL_XE_PRIMITIVE, CL_XE_GROUP, CL_XE_CLONE, CL_XE_MASTER, CL_XE_BUNDLE
};

static inline bool
is_rsc_name(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rsc_names); i++) {
        if (str_eq(name, rsc_names[i])) {
            return true;
        }
    }
    return false;
}

/* The same of the len bytes at name (a path segment: no NUL after it) */
static inline bool
is_rsc_name_len(const char *name, size_t len)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rsc_names); i++) {
        if (strncmp(name, rsc_names[i], len) == 0
            && rsc_names[i][len] == '\0') {
            return true;
        }
    }
    return false;
}

/* A resource element (is_rsc_name). */
static inline bool
is_rsc_elem(const xmlNode *n)
{
    return n != NULL && n->type == XML_ELEMENT_NODE
           && is_rsc_name((const char *) n->name);
}

static inline xmlNode *
first_elem(const xmlNode *parent, const char *name)
{
    if (parent == NULL) {
        return NULL;
    }
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE
            && (name == NULL || str_eq((const char *) c->name, name))) {
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
        if (is_elem(c, name) && str_eq0(attr(c, CL_XA_ID), id)) {
            return c;
        }
    }
    return NULL;
}

#endif

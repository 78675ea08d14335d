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

/* strcmp(a, b) == 0: the names compared here (attribute and element
 * names) mostly differ in their first byte, which then costs no library
 * call. */
static inline bool
str_eq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* g_strcmp0(a, b) == 0 (NULL equals only NULL), as str_eq */
static inline bool
str_eq0(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && str_eq(a, b);
}

/* Both set and equal ignoring ASCII case (g_ascii_strcasecmp(a, b) == 0),
 * without the call: the strings compared (node names, "member", "online",
 * booleans) are short and mostly the same bytes, which need no case
 * folding (g_ascii_strcasecmp costs about 120 instructions on them). */
static inline bool
ieq(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return false;
    }
    for (;; a++, b++) {
        char x = *a, y = *b;

        if (x != y) {
            x = (x >= 'A' && x <= 'Z') ? (char) (x + 32) : x;
            y = (y >= 'A' && y <= 'Z') ? (char) (y + 32) : y;
            if (x != y) {
                return false;
            }
        }
        if (x == '\0') {
            return true;
        }
    }
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
 * (not template, whose change touches its users).  Most other names
 * (resources, meta_attributes, op, ...) are told apart by their first
 * letter, without a string comparison: the test runs for every element of
 * a configuration walk, every parent of a lookup and every path segment. */
static inline const char *
rsc_name_of(char first) /* the five start with different letters */
{
    switch (first) {
        case 'p':
            return CL_XE_PRIMITIVE;
        case 'g':
            return CL_XE_GROUP;
        case 'c':
            return CL_XE_CLONE;
        case 'm':
            return CL_XE_MASTER;
        case 'b':
            return CL_XE_BUNDLE;
        default:
            return NULL;
    }
}

static inline bool
is_rsc_name(const char *name)
{
    const char *r = rsc_name_of(name[0]);

    return r != NULL && strcmp(name, r) == 0;
}

/* The same of the len bytes at name (a path segment: no NUL after it;
 * none of its bytes is NUL, so a match of len bytes ends inside r) */
static inline bool
is_rsc_name_len(const char *name, size_t len)
{
    const char *r = len > 0 ? rsc_name_of(name[0]) : NULL;

    return r != NULL && strncmp(name, r, len) == 0 && r[len] == '\0';
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

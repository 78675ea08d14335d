/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cibwrite.c - one attribute set or deleted in the CIB, as Pacemaker's
 * tools do it: a connection of the calling thread's own (cib_new, as
 * crm_attribute and crm_resource make one), synchronous calls, signed off
 * before returning.  The CIB manager checks the caller's rights (its ACLs,
 * its socket's permissions) as it does for those tools.  Used by the
 * cluster database's writes (src/api/registry.c).
 */
#include <config.h>

#include <errno.h>
#include <string.h>

#include <glib.h>
#include <crm/crm.h>
#include <crm/cib.h>

#include "adapt/cibwrite.h"
#include "adapt/patch.h"
#include "core/xmlutil.h"

/* An XML id made of s: the characters an id may not hold become '_' */
static char *
id_of(const char *s)
{
    char *id = g_strdup(s);

    for (char *p = id; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.') {
            *p = '_';
        }
    }
    if (!g_ascii_isalpha(id[0]) && id[0] != '_') {
        char *t = g_strconcat("_", id, NULL);

        g_free(id);
        id = t;
    }
    return id;
}

/* Whether an element with this id exists in the CIB */
static bool
id_taken(cib_t *cib, const char *id)
{
    g_autofree char *xp = g_strdup_printf("//*[@id='%s']", id);
    xmlNode *out = NULL;
    int rc = cib->cmds->query(cib, xp, &out, cib_xpath | cib_sync_call);

    clusapi__xml_free(out);
    return rc == pcmk_ok;
}

/* A new id: base, else base-2, base-3, ... */
static char *
new_id(cib_t *cib, const char *base)
{
    char *id = id_of(base);

    for (int i = 2; id_taken(cib, id) && i < 1000; i++) {
        g_free(id);
        id = g_strdup_printf("%s-%d", base, i);
        {
            char *t = id_of(id);

            g_free(id);
            id = t;
        }
    }
    return id;
}

/* The nvpairs named name in the element's own sets set_name (not through
 * id-refs), in document order, their ids into ids; the first set's id
 * into *set_id (NULL: none) */
static void
find_nvpairs(xmlNode *elem, const char *set_name, const char *name,
             GPtrArray *ids, char **set_id)
{
    *set_id = NULL;
    for (xmlNode *s = first_elem(elem, set_name); s != NULL; s = s->next) {
        if (!is_elem(s, set_name) || attr(s, "id-ref") != NULL) {
            continue;
        }
        if (*set_id == NULL && attr(s, "id") != NULL) {
            *set_id = g_strdup(attr(s, "id"));
        }
        for (xmlNode *nv = first_elem(s, "nvpair"); nv != NULL;
             nv = nv->next) {
            if (is_elem(nv, "nvpair") && str_eq0(attr(nv, "name"), name)
                && attr(nv, "id") != NULL) {
                g_ptr_array_add(ids, g_strdup(attr(nv, "id")));
            }
        }
    }
}

static xmlNode *
nvpair_xml(const char *id, const char *name, const char *value)
{
    xmlNode *nv = xmlNewNode(NULL, (const xmlChar *) "nvpair");

    xmlNewProp(nv, (const xmlChar *) "id", (const xmlChar *) id);
    if (name != NULL) {
        xmlNewProp(nv, (const xmlChar *) "name", (const xmlChar *) name);
    }
    if (value != NULL) {
        xmlNewProp(nv, (const xmlChar *) "value", (const xmlChar *) value);
    }
    return nv;
}

/* Pacemaker's result as one of ours: refused rights, a connection that
 * went, anything else the CIB manager refused (a CIB that would not
 * validate, ...) */
static int
errno_of(int rc)
{
    switch (rc) {
        case pcmk_ok: return 0;
        case -EACCES: return -EACCES;
        case -ENXIO: return -ENOENT;
        case -ENOTCONN:
        case -ECONNREFUSED:
        case -ECONNRESET:
        case -EPIPE:
        case -ENOMEM: return rc == -ENOMEM ? -ENOMEM : -ENOTCONN;
        default: return -EBADMSG;
    }
}

/* The write itself, on a signed-on connection */
static int
write_attr(cib_t *cib, const cl_cib_attr_t *a, const char *value)
{
    xmlNode *out = NULL;
    xmlNode *elem;
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *set_id = NULL;
    int rc = cib->cmds->query(cib, a->xpath, &out, cib_xpath | cib_sync_call);

    if (rc != pcmk_ok) {
        return errno_of(rc);
    }
    elem = out;
    find_nvpairs(elem, a->set_name, a->name, ids, &set_id);
    if (value == NULL) { /* delete every one */
        for (guint i = 0; rc == pcmk_ok && i < ids->len; i++) {
            xmlNode *nv = nvpair_xml(g_ptr_array_index(ids, i), NULL, NULL);

            rc = cib->cmds->remove(cib, NULL, nv, cib_sync_call);
            xmlFreeNode(nv);
        }
        clusapi__xml_free(out);
        return ids->len == 0 ? -ENOENT : errno_of(rc);
    }
    clusapi__xml_free(out);
    if (ids->len > 0) { /* the value it has now: the first */
        xmlNode *nv = nvpair_xml(g_ptr_array_index(ids, 0), a->name, value);

        rc = cib->cmds->modify(cib, NULL, nv, cib_sync_call);
        xmlFreeNode(nv);
    } else {
        /* into the first set, else a new one: the element, its set and the
         * nvpair, merged into the CIB by a modify (as cibadmin --modify) */
        g_autofree char *sid = set_id != NULL ? g_strdup(set_id)
                                              : new_id(cib, a->set_id);
        g_autofree char *base = g_strconcat(sid, "-", a->name, NULL);
        g_autofree char *id = new_id(cib, base);
        xmlNode *e = xmlNewNode(NULL, (const xmlChar *) a->elem_tag);
        xmlNode *set = xmlNewChild(e, NULL, (const xmlChar *) a->set_name,
                                   NULL);

        if (a->elem_id != NULL) {
            xmlNewProp(e, (const xmlChar *) "id",
                       (const xmlChar *) a->elem_id);
        }
        xmlNewProp(set, (const xmlChar *) "id", (const xmlChar *) sid);
        xmlAddChild(set, nvpair_xml(id, a->name, value));
        rc = cib->cmds->modify(cib, a->section, e, cib_sync_call);
        xmlFreeNode(e);
    }
    return errno_of(rc);
}

int
clusapi__cib_write_attr(const cl_cib_attr_t *a, const char *value)
{
    cib_t *cib = cib_new();
    int rc;

    if (cib == NULL) {
        return -ENOMEM;
    }
    errno = 0;
    rc = cib->cmds->signon(cib, "clusapi", cib_command);
    if (rc == pcmk_ok) {
        rc = write_attr(cib, a, value);
        cib->cmds->signoff(cib);
    } else {
        /* turned away: libcib says "not connected", its IPC connect's
         * errno why (src/adapt/cib.c) */
        rc = rc == -EACCES || errno == EACCES ? -EACCES : -ENOTCONN;
    }
    cib_delete(cib);
    return rc;
}

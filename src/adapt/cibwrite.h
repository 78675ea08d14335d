/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cibwrite.h - one attribute of the CIB set or deleted, synchronously,
 * with the caller's own rights (cibwrite.c).
 */
#ifndef CLUSAPI_ADAPT_CIBWRITE_H
#define CLUSAPI_ADAPT_CIBWRITE_H

/* Where an attribute lives: the element (an XPath that names one; its
 * tag, id (NULL: none) and CIB section), the kind of set
 * (meta_attributes, instance_attributes, utilization,
 * cluster_property_set), the id a new set gets, and the name. */
typedef struct cl_cib_attr {
    const char *xpath;
    const char *elem_tag;
    const char *elem_id;
    const char *section;
    const char *set_name;
    const char *set_id;
    const char *name;
} cl_cib_attr_t;

/* Set a's value (value NULL: delete every nvpair of that name in the
 * element's own sets of that kind): the value the attribute has now is
 * changed where it is, else it goes into the element's first set, else
 * into a new set.  Returns 0 once the CIB manager has it; -ENOENT (no such
 * element, or nothing to delete), -EACCES (the CIB manager refuses the
 * caller: ACLs, or no right to its socket), -ENOTCONN (no CIB manager),
 * -EBADMSG (it refuses the change), -ENOMEM. */
int clusapi__cib_write_attr(const cl_cib_attr_t *a, const char *value);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry.h - the cluster database (Windows' cluster registry) as the CIB
 * holds it: its keys and values, computed when asked from the CIB as the
 * model reads it and the model itself (docs/mapping.md, "The cluster
 * database").  Nothing is kept between calls.  Core: glib and libxml2
 * only; call with the model as it was loaded from that CIB.
 *
 * Layout (names as Pacemaker spells them, values REG_SZ unless said):
 *   (root)                 one value per cluster option (crm_config)
 *   Nodes\<name>           NodeName, NodeId, permanent node attributes;
 *                          subkey Utilization when the node has any
 *   Groups\<name>          Name, Contains (REG_MULTI_SZ), meta attributes
 *   Resources\<name>       Name, Type, Group, meta attributes; subkey
 *                          Parameters (instance attributes)
 *   ResourceTypes\<type>   Name, Class, Provider (ocf only), Type
 *   Networks\<name>        Name
 *   NetworkInterfaces\<name> Name, Node, Network
 * Attribute sets are read as Pacemaker applies them now: the sets whose
 * rules pass at the model's clock, by score, the first value of a name
 * winning.
 */
#ifndef CLUSAPI_CORE_REGISTRY_H
#define CLUSAPI_CORE_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <libxml/tree.h>

#include "core/model.h"
#include "core/port.h"

#define CL_REG_SZ 1u
#define CL_REG_MULTI_SZ 7u

typedef struct cl_reg_value {
    char *name;
    uint32_t type; /* CL_REG_SZ or CL_REG_MULTI_SZ */
    char *data;    /* UTF-8: each string with its NUL, a MULTI_SZ's list
                    * ended by one more */
    size_t len;    /* bytes of data, the NULs included */
} cl_reg_value_t;

typedef struct cl_reg_key {
    GPtrArray *subkeys; /* char *: the leaf names, sorted */
    GPtrArray *values;  /* cl_reg_value_t *, in the layout's order */
} cl_reg_key_t;

/* The key at path (leaf names joined by '\', "" for the root) in the
 * database of the CIB cib and the model m loaded from it; networks and
 * interfaces are the names of Corosync's networks and interfaces (NULL:
 * none).  NULL when there is no such key.  The five keys under the root
 * match their names ignoring case, as Windows' registry does; the objects'
 * names are Pacemaker's ids, matched exactly. */
cl_reg_key_t *clusapi__reg_key(const cl_model_t *m, xmlNode *cib,
                               const GPtrArray *networks,
                               const GPtrArray *interfaces,
                               const char *path);
void clusapi__reg_key_free(cl_reg_key_t *k); /* NULL-safe */

/* The value of key k named name (ignoring case, as Windows does), or
 * NULL */
const cl_reg_value_t *clusapi__reg_value(const cl_reg_key_t *k,
                                         const char *name);

/* Where the values of a key are kept in the CIB, for a write: the
 * element (an XPath naming it), its kind of attribute set, and the id a
 * new set gets. */
typedef struct cl_reg_home {
    char *xpath;
    const char *elem_tag;
    char *elem_id;       /* NULL for crm_config */
    const char *section; /* its section: resources, nodes, crm_config */
    const char *set_name;
    char *set_id;
} cl_reg_home_t;

/* The home of the value name of the key at path: 0 with *home filled
 * (clusapi__reg_home_clear frees it); -ENOENT when there is no such key;
 * -EACCES for what the CIB keeps nowhere as an attribute (the layout's own
 * values: Name, Type, Group, Contains, NodeName, NodeId; the keys of
 * types, networks and interfaces, the lists; an implicit group, a guest
 * node's connection, a clone of a group's Parameters, a node without a
 * <node> element). */
int clusapi__reg_home(const cl_model_t *m, xmlNode *cib, const char *path,
                      const char *name, cl_reg_home_t *home);
void clusapi__reg_home_clear(cl_reg_home_t *home);

/* The whole database: path -> cl_reg_key_t * (g_hash_table_unref frees
 * it), from the root down, as clusapi__reg_key reads each key. */
GHashTable *clusapi__reg_snapshot(const cl_model_t *m, xmlNode *cib,
                                  const GPtrArray *networks,
                                  const GPtrArray *interfaces);

/* The REGISTRY_* events (cl_event_t *, kind CL_KIND_REGISTRY, id and name
 * the key's path) from the database before to the one after, appended to
 * events: REGISTRY_NAME for every key created or deleted (its own path,
 * parents first when created, children first when deleted),
 * REGISTRY_VALUE for every key in both whose values differ (a value set,
 * changed or deleted).  Keys in path order. */
void clusapi__reg_diff(GHashTable *before, GHashTable *after,
                       GPtrArray *events);

#endif

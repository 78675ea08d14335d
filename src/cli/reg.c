/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reg.c - `clusapi reg [KEY]`: a key of the cluster database, its values
 * and subkeys (all below it with --recursive), as text or JSON, read with
 * the public registry functions (ClusterRegOpenKeyA, ClusterRegEnumValueA,
 * ClusterRegEnumKeyA).  Depends on the library's public API only.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "clusapi.h"
#include "cli/cli.h"

static const char reg_summary[] =
    "Print a key of the cluster database: its values and its subkeys\n"
    "(KEY: leaf names joined by '\\', e.g. 'Resources\\web-ip'; none: the\n"
    "root).  The database is the CIB: a value per cluster option, node\n"
    "attribute, meta and instance attribute (libclusapi(3), CLUSTER\n"
    "DATABASE).";

static const char reg_exit_codes[] =
    "Exit codes: 0 ok, 1 error (no such key), 2 usage error, 3 no cluster "
    "running.";

typedef struct reg_value {
    char *name;
    DWORD type;
    GPtrArray *strings; /* REG_SZ: one; REG_MULTI_SZ: each */
} reg_value_t;

static void
reg_value_free(gpointer p)
{
    reg_value_t *v = p;

    g_free(v->name);
    g_ptr_array_unref(v->strings);
    g_free(v);
}

static const char *
type_name(DWORD type)
{
    switch (type) {
        case REG_SZ: return "REG_SZ";
        case REG_MULTI_SZ: return "REG_MULTI_SZ";
        case REG_DWORD: return "REG_DWORD";
        case REG_BINARY: return "REG_BINARY";
        default: return "REG_NONE";
    }
}

/* The values of key k, or NULL with the error in *err */
static GPtrArray *
read_values(HKEY k, DWORD *err)
{
    GPtrArray *vals = g_ptr_array_new_with_free_func(reg_value_free);
    DWORD nvals = 0, maxname = 0, maxdata = 0;

    *err = ClusterRegQueryInfoKeyA(k, NULL, NULL, &nvals, &maxname, &maxdata,
                                   NULL, NULL);
    for (DWORD i = 0; *err == ERROR_SUCCESS && i < nvals; i++) {
        g_autofree char *name = g_malloc(maxname + 1);
        g_autofree char *data = g_malloc(maxdata + 1);
        DWORD nl = maxname + 1, dl = maxdata, type = 0;
        reg_value_t *v;

        *err = ClusterRegEnumValueA(k, i, name, &nl, &type, (LPBYTE) data,
                                    &dl);
        if (*err != ERROR_SUCCESS) {
            break;
        }
        data[MIN(dl, maxdata)] = '\0';
        v = g_new0(reg_value_t, 1);
        v->name = g_strdup(name);
        v->type = type;
        v->strings = g_ptr_array_new_with_free_func(g_free);
        for (DWORD off = 0; off < dl && data[off] != '\0';) {
            g_ptr_array_add(v->strings, g_strdup(data + off));
            off += (DWORD) strlen(data + off) + 1;
            if (type != REG_MULTI_SZ) {
                break;
            }
        }
        if (type == REG_SZ && v->strings->len == 0) {
            g_ptr_array_add(v->strings, g_strdup(""));
        }
        g_ptr_array_add(vals, v);
    }
    if (*err != ERROR_SUCCESS) {
        g_ptr_array_unref(vals);
        return NULL;
    }
    return vals;
}

/* The subkeys of k, or NULL with the error in *err */
static GPtrArray *
read_subkeys(HKEY k, DWORD *err)
{
    GPtrArray *subs = g_ptr_array_new_with_free_func(g_free);
    DWORD nsub = 0, maxsub = 0;

    *err = ClusterRegQueryInfoKeyA(k, &nsub, &maxsub, NULL, NULL, NULL, NULL,
                                   NULL);
    for (DWORD i = 0; *err == ERROR_SUCCESS && i < nsub; i++) {
        char *name = g_malloc(maxsub + 1);
        DWORD nl = maxsub + 1;

        *err = ClusterRegEnumKeyA(k, i, name, &nl, NULL);
        if (*err != ERROR_SUCCESS) {
            g_free(name);
            break;
        }
        g_ptr_array_add(subs, name);
    }
    if (*err != ERROR_SUCCESS) {
        g_ptr_array_unref(subs);
        return NULL;
    }
    return subs;
}

static void
json_value(GString *out, const reg_value_t *v)
{
    g_string_append(out, "{\"name\":");
    json_str(out, v->name);
    g_string_append(out, ",\"type\":");
    json_str(out, type_name(v->type));
    g_string_append(out, ",\"data\":");
    if (v->type == REG_MULTI_SZ) {
        g_string_append_c(out, '[');
        for (guint i = 0; i < v->strings->len; i++) {
            if (i > 0) {
                g_string_append_c(out, ',');
            }
            json_str(out, g_ptr_array_index(v->strings, i));
        }
        g_string_append_c(out, ']');
    } else {
        json_str(out, v->strings->len > 0 ? g_ptr_array_index(v->strings, 0)
                                          : "");
    }
    g_string_append_c(out, '}');
}

/* One key (path, open as k) into out, and with recursive every key below
 * it; an error in *err */
static void
show_key(GString *out, HKEY k, const char *path, bool json, bool recursive,
         DWORD *err)
{
    g_autoptr(GPtrArray) vals = read_values(k, err);
    g_autoptr(GPtrArray) subs = vals != NULL ? read_subkeys(k, err) : NULL;

    if (subs == NULL) {
        return;
    }
    if (json) {
        g_string_append(out, "{\"key\":");
        json_str(out, path);
        g_string_append(out, ",\"values\":[");
        for (guint i = 0; i < vals->len; i++) {
            if (i > 0) {
                g_string_append_c(out, ',');
            }
            json_value(out, g_ptr_array_index(vals, i));
        }
        g_string_append(out, "],\"subkeys\":[");
    } else {
        GArray *t = table_new();

        g_string_append_printf(out, "%s%s\n", path[0] ? "" : "(root)", path);
        for (guint i = 0; i < vals->len; i++) {
            const reg_value_t *v = g_ptr_array_index(vals, i);
            g_autofree char *data = NULL;

            g_ptr_array_add(v->strings, NULL);
            data = g_strjoinv(" | ", (char **) v->strings->pdata);
            g_ptr_array_remove_index(v->strings, v->strings->len - 1);
            table_add(t, 3, v->name, type_name(v->type), data, NULL);
        }
        for (guint i = 0; i < subs->len; i++) {
            g_autofree char *s = g_strconcat(g_ptr_array_index(subs, i),
                                             "\\", NULL);

            table_add(t, 1, s, NULL, NULL, NULL);
        }
        table_print(out, t);
        g_array_unref(t);
    }
    for (guint i = 0; i < subs->len && *err == ERROR_SUCCESS; i++) {
        const char *sub = g_ptr_array_index(subs, i);

        if (json && i > 0) {
            g_string_append_c(out, ',');
        }
        if (!recursive) {
            if (json) {
                json_str(out, sub);
            }
            continue;
        }
        {
            g_autofree char *child = path[0] != '\0'
                                         ? g_strconcat(path, "\\", sub, NULL)
                                         : g_strdup(sub);
            HKEY sk = NULL;

            *err = (DWORD) ClusterRegOpenKeyA(k, sub, KEY_READ, &sk);
            if (*err == ERROR_SUCCESS) {
                if (!json) {
                    g_string_append_c(out, '\n');
                }
                show_key(out, sk, child, json, recursive, err);
                ClusterRegCloseKey(sk);
            }
        }
    }
    if (json) {
        g_string_append(out, "]}");
    }
}

int
cmd_reg(int argc, char **argv)
{
    gboolean json = FALSE;
    gboolean recursive = FALSE;
    gboolean help = FALSE;
    const GOptionEntry entries[] = {
        { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
          "Print one JSON object instead of text", NULL },
        { "recursive", 'r', 0, G_OPTION_ARG_NONE, &recursive,
          "Every key below KEY too", NULL },
        HELP_ENTRY(help),
        { 0 },
    };
    HCLUSTER cluster = NULL;
    HKEY root = NULL, k = NULL;
    const char *path;
    DWORD err;
    GString *out;
    int rc = parse_options("reg", "[KEY]", reg_summary, reg_exit_codes,
                           entries, NULL, &help, &argc, &argv);

    if (rc < 0) {
        rc = check_words("reg", argc, argv, 1);
    }
    if (rc >= 0) {
        return rc;
    }
    path = argc > 1 ? argv[1] : "";
    if (path[0] == '\\') {
        return usage_error("reg", "KEY '%s' starts with '\\': name it from "
                                  "the root without it",
                           path);
    }
    rc = open_cluster(&cluster);
    if (rc != EXIT_OK) {
        return rc;
    }
    root = GetClusterKey(cluster, KEY_READ);
    err = root != NULL ? (DWORD) ClusterRegOpenKeyA(root, path, KEY_READ, &k)
                       : GetLastError();
    if (err != ERROR_SUCCESS) {
        if (err == ERROR_FILE_NOT_FOUND) {
            fprintf(stderr, "clusapi: no key '%s' in the cluster database\n",
                    path);
        } else {
            fprintf(stderr, "clusapi: cannot open key '%s' (error %u)\n",
                    path, err);
        }
        if (root != NULL) {
            ClusterRegCloseKey(root);
        }
        CloseCluster(cluster);
        return EXIT_ERROR;
    }
    out = g_string_new(NULL);
    show_key(out, k, path, json, recursive, &err);
    if (json) {
        g_string_append_c(out, '\n');
    }
    ClusterRegCloseKey(k);
    ClusterRegCloseKey(root);
    CloseCluster(cluster);
    if (err != ERROR_SUCCESS) {
        fprintf(stderr, "clusapi: reading key '%s' failed (error %u)\n",
                path, err);
        g_string_free(out, TRUE);
        return EXIT_ERROR;
    }
    return finish_output(out);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe.c - Pacemaker's status rules, one piece at a time (see pe.h and
 * docs/pacemaker-states.md, whose section numbers the comments cite): values,
 * nvpair sets, the cluster options, cluster nodes and their names, and a
 * resource's configuration facts.  pe_op.c reads operation history
 * entries, pe_history.c unpacks a resource's history on one node.
 *
 * Must not depend on Pacemaker or Corosync headers: glib and libxml2 only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pe_int.h"
#include "core/xmlutil.h"

bool
clusapi__pe_is_true(const char *v)
{
    /* crm_is_true: "true", "on", "yes", "y" (any case) or "1"; by the
     * first byte, most values ("false", "0", "stopped") at no compare */
    if (v == NULL) {
        return false;
    }
    switch (v[0]) {
        case 't':
        case 'T':
            return ieq(v, "true");
        case 'o':
        case 'O':
            return ieq(v, "on");
        case 'y':
        case 'Y':
            return v[1] == '\0' || ieq(v, "yes");
        case '1':
            return v[1] == '\0';
        default:
            return false;
    }
}

/* A score (char2score): INFINITY is 1000000. */
long
clusapi__pe_score(const char *v)
{
    if (v == NULL) {
        return 0;
    }
    if (strcasecmp(v, "INFINITY") == 0 || strcasecmp(v, "+INFINITY") == 0) {
        return 1000000;
    }
    if (strcasecmp(v, "-INFINITY") == 0) {
        return -1000000;
    }
    return strtol(v, NULL, 10);
}

/* An interval or timeout spec (crm_parse_interval_spec / crm_get_msec) in
 * milliseconds, -1 if unreadable.  ISO 8601 durations ("PT10S") only in
 * their simple forms. */
long long
clusapi__pe_msec_of(const char *v)
{
    char *end = NULL;
    double num;

    if (v == NULL) {
        return 0;
    }
    while (g_ascii_isspace(*v)) {
        v++;
    }
    if (*v == 'P') {
        long long total = 0;
        bool in_time = false;

        for (const char *p = v + 1; *p != '\0';) {
            if (*p == 'T') {
                in_time = true;
                p++;
                continue;
            }
            num = g_ascii_strtod(p, &end);
            if (end == p) {
                return -1;
            }
            switch (*end) {
                case 'D': total += (long long) (num * 86400000); break;
                case 'H': total += (long long) (num * 3600000); break;
                case 'M':
                    total += (long long) (num * (in_time ? 60000
                                                         : 2592000000.0));
                    break;
                case 'S': total += (long long) (num * 1000); break;
                case 'W': total += (long long) (num * 604800000); break;
                case 'Y': total += (long long) (num * 31536000000.0); break;
                default: return -1;
            }
            p = end + 1;
        }
        return total;
    }
    num = g_ascii_strtod(v, &end);
    if (end == v) {
        return -1;
    }
    while (g_ascii_isspace(*end)) {
        end++;
    }
    if (*end == '\0' || strcasecmp(end, "s") == 0
        || strcasecmp(end, "sec") == 0) {
        return (long long) (num * 1000);
    }
    if (strcasecmp(end, "ms") == 0 || strcasecmp(end, "msec") == 0) {
        return (long long) num;
    }
    if (strcasecmp(end, "us") == 0 || strcasecmp(end, "usec") == 0) {
        return (long long) (num / 1000);
    }
    if (strcasecmp(end, "m") == 0 || strcasecmp(end, "min") == 0) {
        return (long long) (num * 60000);
    }
    if (strcasecmp(end, "h") == 0 || strcasecmp(end, "hr") == 0) {
        return (long long) (num * 3600000);
    }
    return -1;
}

/* ---- nvpair sets (§2.1) ----
 *
 * The sets named set_name under parent are processed by score, highest
 * first, equal scores in reverse document order; a set whose rules do not
 * pass (rules.c, §2.3) is skipped.  With overwrite false the first value
 * processed wins, with overwrite true the last.  "#default" removes the
 * value.  A set or nvpair with an id-ref stands for the one it names. */
#define NV_MAX_NAMES 5

/* The sets named set_name under parent (at most 64), in the order they
 * are processed; their number */
static size_t
sorted_sets(const xmlNode *parent, const char *set_name,
            const xmlNode **sets)
{
    size_t n = 0;

    for (xmlNode *c = first_elem(parent, set_name); c != NULL && n < 64;
         c = c->next) {
        if (is_elem(c, set_name)) {
            const xmlNode *set = clusapi__pe_expand_idref(c);

            if (set != NULL) {
                sets[n++] = set;
            }
        }
    }
    /* reverse document order, then a stable sort by score, descending */
    for (size_t i = 0; i < n / 2; i++) {
        const xmlNode *t = sets[i];
        sets[i] = sets[n - 1 - i];
        sets[n - 1 - i] = t;
    }
    for (size_t i = 1; i < n; i++) {
        const xmlNode *cur = sets[i];
        long sc = clusapi__pe_score(attr(cur, "score"));
        size_t j = i;

        while (j > 0 && clusapi__pe_score(attr(sets[j - 1], "score")) < sc) {
            sets[j] = sets[j - 1];
            j--;
        }
        sets[j] = cur;
    }
    return n;
}

/* An nvpair's name and value, through its id-ref; false if it has none */
static bool
nvpair_of(const xmlNode *nv, const char **name, const char **value)
{
    const xmlNode *ref = clusapi__pe_expand_idref(nv);

    *name = attr(nv, CL_XA_NAME);
    if (*name == NULL) {
        *name = attr(ref, CL_XA_NAME);
    }
    *value = attr(nv, CL_XA_VALUE);
    if (*value == NULL) {
        *value = attr(ref, CL_XA_VALUE);
    }
    return *name != NULL && *value != NULL;
}

void
clusapi__pe_nv_all(const rule_ctx_t *rc, const xmlNode *parent,
                   const char *set_name, GPtrArray *names,
                   GHashTable *values)
{
    const xmlNode *sets[64];
    size_t n = sorted_sets(parent, set_name, sets);

    for (size_t i = 0; i < n; i++) {
        if (!clusapi__pe_set_applies(rc, sets[i])) {
            continue;
        }
        for (xmlNode *nv = sets[i]->children; nv != NULL; nv = nv->next) {
            const char *nm, *v;
            gpointer key;

            if (!is_elem(nv, CL_XE_NVPAIR) || !nvpair_of(nv, &nm, &v)) {
                continue;
            }
            if (g_ascii_strcasecmp(v, "#default") == 0) {
                /* removed, as nv_merged_n does: a later set may give it
                 * again */
                if (g_hash_table_lookup_extended(values, nm, &key, NULL)) {
                    g_hash_table_remove(values, nm);
                    g_ptr_array_remove(names, key);
                }
            } else if (!g_hash_table_contains(values, nm)) {
                g_hash_table_insert(values, (gpointer) nm, (gpointer) v);
                g_ptr_array_add(names, (gpointer) nm);
            }
        }
    }
}

/* clusapi__pe_nv_merged of up to NV_MAX_NAMES names in one pass over the sets:
 * the value of names[i] goes to values[i]; a name whose values[i] is not NULL
 * on entry is skipped (found before, at a level closer to the resource).
 * Most elements have no such set: then nothing but the scan of their
 * children. */
static void
nv_merged_n(const rule_ctx_t *rc, const xmlNode *parent,
            const char *set_name, const char *const *names, size_t k,
            const char **values, bool overwrite)
{
    const xmlNode *sets[64];
    size_t n = sorted_sets(parent, set_name, sets);
    const char *value[NV_MAX_NAMES] = { NULL };
    bool have[NV_MAX_NAMES] = { false };

    if (n == 0) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!clusapi__pe_set_applies(rc, sets[i])) {
            continue;
        }
        for (xmlNode *nv = sets[i]->children; nv != NULL; nv = nv->next) {
            const char *nm, *v;

            if (!is_elem(nv, CL_XE_NVPAIR) || !nvpair_of(nv, &nm, &v)) {
                continue;
            }
            for (size_t q = 0; q < k && q < NV_MAX_NAMES; q++) {
                if (values[q] != NULL || !str_eq(nm, names[q])) {
                    continue;
                }
                if (g_ascii_strcasecmp(v, "#default") == 0) {
                    have[q] = false;
                    value[q] = NULL;
                } else if (!have[q] || overwrite) {
                    have[q] = true;
                    value[q] = v;
                }
            }
        }
    }
    for (size_t q = 0; q < k && q < NV_MAX_NAMES; q++) {
        if (values[q] == NULL) {
            values[q] = value[q];
        }
    }
}

const char *
clusapi__pe_nv_merged(const rule_ctx_t *rc, const xmlNode *parent,
                      const char *set_name, const char *name, bool overwrite)
{
    const char *value = NULL;

    nv_merged_n(rc, parent, set_name, &name, 1, &value, overwrite);
    return value;
}

/* clusapi__pe_node_attr of up to NV_MAX_NAMES names, in one pass over
 * each place */
static void
node_attrs(const cl_pe_opts_t *o, xmlNode *cfg, xmlNode *ns,
           const char *const *names, size_t k, const char **values)
{
    rule_ctx_t rc = RULE_CTX(o);

    for (size_t i = 0; i < k; i++) {
        values[i] = NULL;
    }
    /* 2.1: the transient sets in overwrite mode (the last value read
     * wins); 3.0.0: as the configured ones, the highest-scored set and the
     * first pair of a name in it (c962a33d2e, 6ef96ba669) */
    nv_merged_n(&rc, first_elem(ns, CL_XE_TRANSIENT_ATTRIBUTES),
                CL_XE_INSTANCE_ATTRIBUTES, names, k, values,
                o->pcmk < CL_PE_PCMK(3, 0, 0));
    nv_merged_n(&rc, cfg, CL_XE_INSTANCE_ATTRIBUTES, names, k, values, false);
}

const char *
clusapi__pe_node_attr(const cl_pe_opts_t *o, xmlNode *cfg, xmlNode *ns,
                      const char *name)
{
    const char *v = NULL;

    node_attrs(o, cfg, ns, &name, 1, &v);
    return v;
}

/* A cluster option (crm_config sets, first wins). */
static const char *
option(const cl_pe_opts_t *o, xmlNode *crm_config, const char *name)
{
    rule_ctx_t rc = RULE_CTX(o);

    return clusapi__pe_nv_merged(&rc, crm_config, "cluster_property_set",
                                 name, false);
}

static bool
has_stonith_primitive(const xmlNode *n)
{
    for (xmlNode *c = first_elem(n, NULL); c != NULL; c = c->next) {
        if (is_elem(c, CL_XE_PRIMITIVE)) {
            if (str_eq0(attr(c, "class"), "stonith")) {
                return true;
            }
        } else if (is_rsc_elem(c) && has_stonith_primitive(c)) {
            return true; /* in a group, clone or bundle (not in the meta
                          * attributes or operations of anything) */
        }
    }
    return false;
}

void
clusapi__pe_note_change(const cl_pe_opts_t *o, long long when)
{
    if (o->next_change != NULL && when > o->now
        && (*o->next_change == 0 || when < *o->next_change)) {
        *o->next_change = when;
    }
}

/* failure-timeout in ms (crm_parse_interval_spec): 0 for none and for a
 * value that does not read, at most G_MAXUINT (about 49.7 days) */
static long long
failure_timeout_of(const char *v)
{
    long long ms = clusapi__pe_msec_of(v);

    return ms > 0 ? MIN(ms, (long long) G_MAXUINT) : 0;
}

/* The default values the rules read (op_on_fail, clusapi__pe_rsc_ctx),
 * as cl_pe_opts_t keeps them. */
static void
defaults_read(cl_pe_opts_t *o)
{
    /* the words op_on_fail tells apart; any other behaves as any other */
    static const char *const words[] = { "block", "fence", "standby",
                                         "ignore", "nothing", "migrate",
                                         "stop", "restart",
                                         "restart-container", "demote" };
    static const char *const names[] = { "is-managed", "maintenance",
                                         "failure-timeout" };
    const char *vals[G_N_ELEMENTS(names)] = { NULL, NULL, NULL };
    rule_ctx_t rc = RULE_CTX(o);
    const char *v = clusapi__pe_nv_merged(&rc, o->op_defaults,
                                          "meta_attributes", "on-fail", false);

    o->dflt_on_fail = v == NULL ? -1 : CL_PE_ON_FAIL_OTHER;
    for (size_t i = 0; v != NULL && i < G_N_ELEMENTS(words); i++) {
        if (strcmp(v, words[i]) == 0) {
            o->dflt_on_fail = (int) i;
        }
    }
    nv_merged_n(&rc, o->rsc_defaults, "meta_attributes", names, 3, vals,
                false);
    o->dflt_failure_timeout = failure_timeout_of(vals[2]);
    /* those values are a resource's or an operation's unless a rule names
     * resources or operations (rsc_expression, op_expression) */
    o->dflt_by_rsc = clusapi__pe_has_rules(o->op_defaults, true)
                     || clusapi__pe_has_rules(o->rsc_defaults, true);
    o->dflt_managed = (vals[0] == NULL || strcmp(vals[0], "default") == 0)
                          ? 0
                          : clusapi__pe_is_true(vals[0]) ? 1 : 2;
    o->dflt_maintenance = clusapi__pe_is_true(vals[1]);
}

void
clusapi__pe_opts_read(cl_pe_opts_t *o, xmlNode *cib, bool scan_resources)
{
    xmlNode *cfg = first_elem(cib, CL_XE_CONFIGURATION);
    xmlNode *crm = first_elem(cfg, CL_XE_CRM_CONFIG);
    bool stonith_rsc = o->have_stonith_rsc;
    unsigned pcmk = o->pcmk != 0 ? o->pcmk : CL_PE_PCMK_BASE;
    long long now = o->now, *next_change = o->next_change;
    GHashTable *spec_changes = o->spec_changes;
    const char *v;

    if (scan_resources) {
        stonith_rsc = has_stonith_primitive(first_elem(cfg,
                                                       CL_XE_RESOURCES));
    }
    memset(o, 0, sizeof(*o));
    o->pcmk = pcmk;
    o->now = now;
    o->next_change = next_change;
    o->spec_changes = spec_changes;
    o->have_stonith_rsc = stonith_rsc;
    v = option(o, crm, "stonith-enabled");
    o->stonith_enabled = v == NULL || clusapi__pe_is_true(v);
    v = option(o, crm, "startup-fencing");
    o->startup_fencing = o->stonith_enabled
                         && (v == NULL || clusapi__pe_is_true(v));
    o->maintenance_mode = clusapi__pe_is_true(option(o, crm,
                                                     "maintenance-mode"));
    /* symmetric-cluster decides which failures are listed (not installed
     * is expected where a resource may not run), stop-orphan-resources
     * whether an orphan is managed: no state either way */
    v = option(o, crm, "symmetric-cluster");
    o->asymmetric = v != NULL && !clusapi__pe_is_true(v);
    v = option(o, crm, "stop-orphan-resources");
    o->keep_orphans = v != NULL && !clusapi__pe_is_true(v);
    v = option(o, crm, "no-quorum-policy");
    o->nq_ignore = ieq(v, "ignore");
    /* 3.0.0 takes "fence" for "suicide" (5315bfb2c0); only with fencing */
    o->nq_suicide = o->stonith_enabled
                    && (ieq(v, "suicide")
                        || (pcmk >= CL_PE_PCMK(3, 0, 0) && ieq(v, "fence")));

    if (pcmk >= CL_PE_PCMK(2, 1, 7)) {
        long long ms = clusapi__pe_msec_of(option(o, crm,
                                                  "node-pending-timeout"));

        o->node_pending_ms = ms > 0 ? MIN(ms, (long long) G_MAXUINT) : 0;
    }
    clusapi__pe_opts_read_cib(o, cib);
    o->have_watchdog = clusapi__pe_is_true(option(o, crm, "have-watchdog"));
    o->have_stonith = o->have_watchdog || stonith_rsc;
    o->op_defaults = first_elem(cfg, CL_XE_OP_DEFAULTS);
    o->rsc_defaults = first_elem(cfg, CL_XE_RSC_DEFAULTS);
    defaults_read(o);
}

void
clusapi__pe_opts_read_cib(cl_pe_opts_t *o, xmlNode *cib)
{
    o->have_quorum = clusapi__pe_is_true(attr(cib, "have-quorum"));
    o->nq_panic = clusapi__pe_int_value(attr(cib, "no-quorum-panic"), 0) != 0;
}

void
clusapi__pe_opts_rescan(cl_pe_opts_t *o, xmlNode *cib)
{
    xmlNode *cfg = first_elem(cib, CL_XE_CONFIGURATION);

    o->have_stonith_rsc = has_stonith_primitive(first_elem(cfg,
                                                           CL_XE_RESOURCES));
    o->have_stonith = o->have_watchdog || o->have_stonith_rsc;
    clusapi__pe_opts_read_cib(o, cib);
}

/* ---- cluster nodes (§3.3) ---- */

/* crm_str_to_boolean: 1 true, 0 false, -1 neither */
static int
str_to_boolean(const char *v)
{
    static const char *const t[] = { "true", "on", "yes", "y", "1" };
    static const char *const f[] = { "false", "off", "no", "n", "0" };

    for (size_t i = 0; v != NULL && i < G_N_ELEMENTS(t); i++) {
        if (ieq(v, t[i])) {
            return 1;
        }
        if (ieq(v, f[i])) {
            return 0;
        }
    }
    return -1;
}

long long
clusapi__pe_secs_of(const cl_pe_opts_t *o, long long ms)
{
    if (ms <= 0) {
        return 0;
    }
    if (o->pcmk < CL_PE_PCMK(3, 0, 0)) {
        return ms / 1000;
    }
    return ms < 1000 ? 1 : ms / 1000 + (ms % 1000 >= 500);
}

/* pcmk__scan_ll: strtoll's number (trailing text allowed), false for none
 * or one out of range */
bool
clusapi__pe_scan_ll(const char *v, long long *out)
{
    char *end = NULL;

    if (v == NULL) {
        return false;
    }
    errno = 0;
    *out = strtoll(v, &end, 10);
    return end != v && errno == 0;
}

/* Since 2.1.7 (1950cab269) in_ccm and crmd are times (since when the node
 * is a member, its controller online), booleans and online/offline from
 * older DCs still read.  unpack_node_member: -1 unknown, 0 not a member,
 * > 0 a member (true: "now", any positive value does). */
static long long
when_member(const char *in_ccm)
{
    long long t;
    int b = str_to_boolean(in_ccm);

    if (in_ccm == NULL) {
        return -1;
    }
    if (b >= 0) {
        return b;
    }
    return clusapi__pe_scan_ll(in_ccm, &t) && t >= 0 ? t : -1;
}

/* unpack_node_online: 0 offline, > 0 online */
static long long
when_online(const char *crmd)
{
    long long t;

    if (crmd == NULL || ieq(crmd, "offline")) {
        return 0;
    }
    if (ieq(crmd, "online")) {
        return 1;
    }
    return clusapi__pe_scan_ll(crmd, &t) && t >= 0 ? t : 0;
}

/* pending_too_long (2.1.7): a node a member since 'member' whose
 * controller has not joined is fenced once node-pending-timeout has passed
 * (the time is noted as the outcome's next change).  in_ccm "true" or "1"
 * (a DC before 2.1.7) means a member since now: never too long. */
static bool
pending_too_long(const cl_pe_opts_t *o, const char *in_ccm, long long member,
                 long long online)
{
    long long timeout;

    if (o->node_pending_ms == 0 || member <= 0 || online > 0
        || str_to_boolean(in_ccm) == 1) {
        return false;
    }
    timeout = member + clusapi__pe_secs_of(o, o->node_pending_ms);
    if (o->now >= timeout) {
        return true;
    }
    clusapi__pe_note_change(o, timeout);
    return false;
}

/* determine_online_status_fencing and _no_fencing from 2.1.7 on: times,
 * join and expected compared in exact case (d7bb178483), terminate a
 * boolean or a positive number (e25bcb46f5) and looked at first. */
static void
member_online_2_1_7(const cl_pe_opts_t *o, xmlNode *ns, const char *term,
                    cl_pe_node_t *out)
{
    long long member = when_member(attr(ns, CL_XA_IN_CCM));
    long long online = when_online(attr(ns, CL_XA_CRMD));
    const char *join = attr(ns, CL_XA_JOIN);
    const char *exp = attr(ns, CL_XA_EXPECTED);
    long long t;
    int b = str_to_boolean(term);
    bool terminate = b >= 0 ? b == 1 : (clusapi__pe_scan_ll(term, &t) && t > 0);

    if (!o->stonith_enabled) {
        if (member <= 0) {
            out->online = false;
        } else if (online > 0) {
            out->online = ieq(join, "member");
        } else if (!out->expected_up) {
            out->online = false;
        } else {
            out->unclean = true; /* peer is unexpectedly down */
        }
        return;
    }
    if (out->shutdown) {
        out->online = online > 0;
        return;
    }
    if (member < 0) {
        out->unclean = true; /* not seen by the cluster */
        return;
    }
    if (str_eq0(join, "banned")) {
        out->unclean = true;
    } else if (terminate) {
        if (member <= 0 && online <= 0 && str_eq0(join, "down")) {
            return; /* fenced as requested: offline, clean */
        }
        out->unclean = true;
    } else if (exp == NULL || str_eq(exp, "down")) {
        if (pending_too_long(o, attr(ns, CL_XA_IN_CCM), member, online)) {
            out->unclean = true;
        } else if (member > 0 || online > 0) {
            out->standby = true;
            out->pending = true;
        }
    } else if (member <= 0 || online <= 0) {
        out->unclean = true;
    } else if (str_eq0(join, "member")) {
        /* online */
    } else if (str_eq0(join, "pending") || str_eq0(join, "down")) {
        out->standby = true;
        out->pending = true;
    } else {
        out->unclean = true;
    }
    out->online = member > 0;
}

void
clusapi__pe_member_node(const cl_pe_opts_t *o, xmlNode *cfg, xmlNode *ns,
                        cl_pe_node_t *out)
{
    static const char *const names[] = { "standby", "maintenance",
                                         "shutdown", "terminate" };
    const char *vals[G_N_ELEMENTS(names)];
    const char *type = attr(cfg, "type");
    const char *in_ccm, *crmd, *join, *exp, *shut, *term;
    bool in, crmd_online, do_terminate;

    memset(out, 0, sizeof(*out));
    /* 3.0.0 has no ping nodes: its schema upgrade makes them members
     * (5bd0f99eaf) */
    if (type != NULL && !ieq(type, "member")
        && !(o->pcmk >= CL_PE_PCMK(3, 0, 0) && ieq(type, "ping"))) {
        /* a ping node: offline, and unclean under startup fencing until
         * seen (handle_startup_fencing); a remote node without a
         * connection: offline and clean (its state comes from the
         * connection) */
        out->unclean = ns == NULL && !ieq(type, "remote")
                       && o->startup_fencing;
        return;
    }
    if (ns == NULL) {
        out->unclean = o->startup_fencing; /* never seen */
        return;
    }
    node_attrs(o, cfg, ns, names, G_N_ELEMENTS(names), vals);
    out->standby = clusapi__pe_is_true(vals[0]);
    out->maintenance = clusapi__pe_is_true(vals[1]);

    in_ccm = attr(ns, CL_XA_IN_CCM);
    crmd = attr(ns, CL_XA_CRMD);
    join = attr(ns, CL_XA_JOIN);
    exp = attr(ns, CL_XA_EXPECTED);
    shut = vals[2];
    if (shut != NULL && strcmp(shut, "0") != 0) {
        out->shutdown = true;
    } else if (ieq(exp, "member")) {
        out->expected_up = true;
    }
    if (o->pcmk >= CL_PE_PCMK(2, 1, 7)) {
        member_online_2_1_7(o, ns, vals[3], out);
        goto quorum;
    }
    in = clusapi__pe_is_true(in_ccm);
    crmd_online = ieq(crmd, "online");

    if (!o->stonith_enabled) {
        /* determine_online_status_no_fencing */
        if (!in) {
            out->online = false;
        } else if (crmd_online) {
            out->online = ieq(join, "member");
        } else if (!out->expected_up) {
            out->online = false;
        } else {
            out->unclean = true; /* peer is unexpectedly down */
        }
    } else {
        /* determine_online_status_fencing */
        term = vals[3];
        do_terminate = clusapi__pe_is_true(term)
                       || (term != NULL && g_ascii_isdigit(term[0])
                           && term[0] != '0');
        out->online = in;
        if (exp == NULL) {
            exp = "down";
        }
        if (out->shutdown) {
            out->online = crmd_online;
        } else if (in_ccm == NULL) {
            out->unclean = true;
        } else if (ieq(join, "banned")) {
            out->unclean = true;
        } else if (!do_terminate && ieq(exp, "down")) {
            if (in || crmd_online) {
                out->standby = true;
                out->pending = true;
            }
        } else if (do_terminate && ieq(join, "down") && !in && !crmd_online) {
            out->online = false;
        } else if (!in) {
            out->unclean = true;
        } else if (!crmd_online) {
            out->unclean = true;
        } else if (do_terminate) {
            out->unclean = true;
        } else if (ieq(join, "member")) {
            /* online */
        } else if (ieq(join, "pending") || ieq(join, "down")) {
            out->standby = true;
            out->pending = true;
        } else {
            out->unclean = true;
        }
    }
quorum:
    /* without quorum, suicide is kept only with no-quorum-panic (unpack_config
     * resets it to stop otherwise) */
    if (!o->have_quorum && out->online && o->nq_suicide && o->nq_panic) {
        out->unclean = true;
    }
}

/* ---- node names (§1) ---- */

int
clusapi__pe_node_name_cmp(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return a == b ? 0 : (a == NULL ? -1 : 1);
    }
    while (*a != '\0' && *b != '\0') {
        if (g_ascii_isdigit(*a) && g_ascii_isdigit(*b)) {
            const char *ea = a, *eb = b;
            const char *za, *zb;
            size_t la, lb;

            while (g_ascii_isdigit(*ea)) {
                ea++;
            }
            while (g_ascii_isdigit(*eb)) {
                eb++;
            }
            /* compare the values: skip leading zeros, then length, then
             * digits; equal values: the shorter run first */
            for (za = a; za < ea - 1 && *za == '0'; za++) {
            }
            for (zb = b; zb < eb - 1 && *zb == '0'; zb++) {
            }
            la = (size_t) (ea - za);
            lb = (size_t) (eb - zb);
            if (la != lb) {
                return la < lb ? -1 : 1;
            }
            for (; za < ea; za++, zb++) {
                if (*za != *zb) {
                    return *za < *zb ? -1 : 1;
                }
            }
            if (ea - a != eb - b) {
                return (ea - a) < (eb - b) ? -1 : 1;
            }
            a = ea;
            b = eb;
            continue;
        }
        {
            int ca = g_ascii_tolower(*a), cb = g_ascii_tolower(*b);
            if (ca != cb) {
                return ca < cb ? -1 : 1;
            }
        }
        a++;
        b++;
    }
    return (*a == '\0' && *b == '\0') ? 0 : (*a == '\0' ? -1 : 1);
}

/* ---- resources (§5.1) ---- */

xmlNode *
clusapi__pe_template_of(xmlNode *prim)
{
    const char *ref = attr(prim, "template");
    xmlNode *res = prim;

    if (ref == NULL) {
        return NULL;
    }
    while (res != NULL && !is_elem(res, CL_XE_RESOURCES)) {
        res = res->parent;
    }
    for (xmlNode *c = first_elem(res, CL_XE_TEMPLATE); c != NULL;
         c = c->next) {
        if (is_elem(c, CL_XE_TEMPLATE) && str_eq0(attr(c, CL_XA_ID), ref)) {
            return c;
        }
    }
    return NULL;
}

/* pcmk_get_ra_caps of a primitive's class (its own, else its
 * template's): promotable clones take only ocf agents, unique clones ocf
 * and stonith ones */
static bool
class_can(xmlNode *prim, bool promotable)
{
    const char *cls = attr(prim, "class");

    if (cls == NULL) {
        cls = attr(clusapi__pe_template_of(prim), "class");
    }
    return ieq(cls, "ocf") || (!promotable && ieq(cls, "stonith"));
}

/* Whether every primitive under e may be in a unique clone: one that may
 * not makes the whole clone anonymous (native_unpack, pe__force_anon) */
static bool
all_can_be_unique(xmlNode *e)
{
    for (xmlNode *c = e->children; c != NULL; c = c->next) {
        if ((is_elem(c, CL_XE_PRIMITIVE) && !class_can(c, false))
            || (is_elem(c, CL_XE_GROUP) && !all_can_be_unique(c))) {
            return false;
        }
    }
    return true;
}

static bool
is_promotable(const rule_ctx_t *rc, xmlNode *e)
{
    return is_elem(e, CL_XE_MASTER)
           || (is_elem(e, CL_XE_CLONE)
               && clusapi__pe_is_true(clusapi__pe_nv_merged(
                   rc, e, "meta_attributes", "promotable", false)));
}

bool
clusapi__pe_prim_refused(const cl_pe_opts_t *o, xmlNode *prim)
{
    rule_ctx_t rc = { .o = o, .rsc = true };
    xmlNode *top = prim;

    while (is_rsc_elem(top->parent)) {
        top = top->parent;
    }
    if (top == prim || class_can(prim, true)) {
        return false;
    }
    rc.rsc_class = attr(top, "class");
    return is_promotable(&rc, top);
}

void
clusapi__pe_rsc_ctx(const cl_pe_opts_t *o, xmlNode *prim, cl_pe_rsc_t *out)
{
    /* five meta attributes, each from the primitive's own
     * meta_attributes, then its parents' (group, clone, bundle), then
     * rsc_defaults ("container" has no default); one pass per level */
    static const char *const names[] = { "is-managed", "maintenance",
                                         "target-role", "failure-timeout",
                                         "container" };
    const char *vals[G_N_ELEMENTS(names)] = { NULL, NULL, NULL, NULL, NULL };
    /* get_meta_attributes: the rules know the primitive's agent at each
     * level */
    rule_ctx_t rc = { .o = o, .rsc = true, .rsc_class = attr(prim, "class"),
                      .rsc_provider = attr(prim, "provider"),
                      .rsc_type = attr(prim, "type") };
    const char *v;

    for (xmlNode *e = prim; e != NULL && is_rsc_elem(e); e = e->parent) {
        nv_merged_n(&rc, e, "meta_attributes", names, G_N_ELEMENTS(names),
                    vals, false);
    }
    nv_merged_n(&rc, o->rsc_defaults, "meta_attributes", names, 4, vals,
                false);
    memset(out, 0, sizeof(*out));
    out->prim = prim;
    out->managed = !o->maintenance_mode;
    v = vals[0];
    if (v != NULL && strcmp(v, "default") != 0) {
        out->managed = clusapi__pe_is_true(v);
    }
    if (o->maintenance_mode || clusapi__pe_is_true(vals[1])) {
        out->managed = false;
    }
    for (xmlNode *e = prim != NULL ? prim->parent : NULL;
         e != NULL && is_rsc_elem(e); e = e->parent) {
        if (is_elem(e, CL_XE_BUNDLE)) {
            /* its primitive's clone is globally unique when a host may
             * run more than one replica (pe__unpack_bundle) */
            static const char *const techs[] = { "docker", "podman", "rkt" };

            out->bundled = true;
            for (size_t i = 0; i < G_N_ELEMENTS(techs); i++) {
                const char *rph = attr(first_elem(e, techs[i]),
                                       "replicas-per-host");

                if (rph != NULL && strtol(rph, NULL, 10) > 1) {
                    out->unique = true;
                }
            }
            continue;
        }
        if ((is_elem(e, CL_XE_MASTER) || is_elem(e, CL_XE_CLONE))
            && clusapi__pe_is_true(clusapi__pe_nv_merged(
                &rc, e, "meta_attributes", "globally-unique", false))
            && all_can_be_unique(e)) {
            out->unique = true;
        }
        if (is_promotable(&rc, e)) {
            out->promotable = true;
        }
    }
    out->failure_timeout = failure_timeout_of(vals[3]);
    /* get_target_role: Stopped is the role asked for (any case) */
    out->to_stop = ieq(vals[2], "Stopped");
    out->container = vals[4] != NULL;
    out->remote_conn = !out->container && clusapi__pe_is_remote_agent(prim);
    /* a connection's reconnect_interval (an instance attribute) is its
     * failure-timeout, whatever that says */
    v = out->remote_conn
            ? clusapi__pe_nv_merged(&rc, prim, "instance_attributes",
                                    "reconnect_interval", false)
            : NULL;
    if (v != NULL) {
        out->failure_timeout = failure_timeout_of(v);
        out->reconnect = out->failure_timeout > 0;
    }
}

bool
clusapi__pe_is_remote_agent(const xmlNode *e)
{
    return ieq(attr(e, "type"), "remote") && ieq(attr(e, "class"), "ocf")
           && ieq(attr(e, "provider"), "pacemaker");
}

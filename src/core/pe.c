/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe.c - Pacemaker's status rules, one piece at a time (see pe.h and
 * docs/pacemaker-states.md, whose section numbers the comments cite).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pe.h"
#include "core/xmlutil.h"
#include <libxml/dict.h>

/* ---- values ---- */

static int int_value(const char *v, int dflt);

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
static long
score_value(const char *v)
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
static long long
msec_of(const char *v)
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
 * first, equal scores in reverse document order; with overwrite false the
 * first value processed wins, with overwrite true the last.  "#default"
 * removes the value.  Rules are not evaluated (a set with rules counts). */
#define NV_MAX_NAMES 4

/* nv_merged of up to NV_MAX_NAMES names in one pass over the sets: the
 * value of names[i] goes to values[i]; a name whose values[i] is not NULL
 * on entry is skipped (found before, at a level closer to the resource).
 * Most elements have no such set: then nothing but the scan of their
 * children. */
static void
nv_merged_n(const xmlNode *parent, const char *set_name,
            const char *const *names, size_t k, const char **values,
            bool overwrite)
{
    xmlNode *sets[64];
    size_t n = 0;
    const char *value[NV_MAX_NAMES] = { NULL };
    bool have[NV_MAX_NAMES] = { false };

    for (xmlNode *c = first_elem(parent, set_name); c != NULL && n < 64;
         c = c->next) {
        if (is_elem(c, set_name)) {
            sets[n++] = c;
        }
    }
    if (n == 0) {
        return;
    }
    /* reverse document order, then a stable sort by score, descending */
    for (size_t i = 0; i < n / 2; i++) {
        xmlNode *t = sets[i];
        sets[i] = sets[n - 1 - i];
        sets[n - 1 - i] = t;
    }
    for (size_t i = 1; i < n; i++) {
        xmlNode *cur = sets[i];
        long sc = score_value(attr(cur, "score"));
        size_t j = i;

        while (j > 0 && score_value(attr(sets[j - 1], "score")) < sc) {
            sets[j] = sets[j - 1];
            j--;
        }
        sets[j] = cur;
    }
    for (size_t i = 0; i < n; i++) {
        for (xmlNode *nv = sets[i]->children; nv != NULL; nv = nv->next) {
            const char *nm, *v;

            if (!is_elem(nv, CL_XE_NVPAIR)
                || (nm = attr(nv, CL_XA_NAME)) == NULL) {
                continue;
            }
            for (size_t q = 0; q < k && q < NV_MAX_NAMES; q++) {
                if (values[q] != NULL || !str_eq(nm, names[q])) {
                    continue;
                }
                v = attr(nv, CL_XA_VALUE);
                if (v == NULL) {
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

static const char *
nv_merged(const xmlNode *parent, const char *set_name, const char *name,
          bool overwrite)
{
    const char *value = NULL;

    nv_merged_n(parent, set_name, &name, 1, &value, overwrite);
    return value;
}

/* clusapi__pe_node_attr of up to NV_MAX_NAMES names, in one pass over
 * each place */
static void
node_attrs(const cl_pe_opts_t *o, xmlNode *cfg, xmlNode *ns,
           const char *const *names, size_t k, const char **values)
{
    for (size_t i = 0; i < k; i++) {
        values[i] = NULL;
    }
    /* 2.1: the transient sets in overwrite mode (the last value read
     * wins); 3.0.0: as the configured ones, the highest-scored set and the
     * first pair of a name in it (c962a33d2e, 6ef96ba669) */
    nv_merged_n(first_elem(ns, CL_XE_TRANSIENT_ATTRIBUTES),
                CL_XE_INSTANCE_ATTRIBUTES, names, k, values,
                o->pcmk < CL_PE_PCMK(3, 0, 0));
    nv_merged_n(cfg, CL_XE_INSTANCE_ATTRIBUTES, names, k, values, false);
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
option(xmlNode *crm_config, const char *name)
{
    return nv_merged(crm_config, "cluster_property_set", name, false);
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
    static const char *const names[] = { "is-managed", "maintenance" };
    const char *vals[G_N_ELEMENTS(names)] = { NULL, NULL };
    const char *v = nv_merged(o->op_defaults, "meta_attributes", "on-fail",
                              false);

    o->dflt_on_fail = v == NULL ? -1 : CL_PE_ON_FAIL_OTHER;
    for (size_t i = 0; v != NULL && i < G_N_ELEMENTS(words); i++) {
        if (strcmp(v, words[i]) == 0) {
            o->dflt_on_fail = (int) i;
        }
    }
    nv_merged_n(o->rsc_defaults, "meta_attributes", names, 2, vals, false);
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
    const char *v;

    if (scan_resources) {
        stonith_rsc = has_stonith_primitive(first_elem(cfg,
                                                       CL_XE_RESOURCES));
    }
    memset(o, 0, sizeof(*o));
    o->pcmk = pcmk;
    o->have_stonith_rsc = stonith_rsc;
    v = option(crm, "stonith-enabled");
    o->stonith_enabled = v == NULL || clusapi__pe_is_true(v);
    v = option(crm, "startup-fencing");
    o->startup_fencing = o->stonith_enabled
                         && (v == NULL || clusapi__pe_is_true(v));
    o->maintenance_mode = clusapi__pe_is_true(option(crm,
                                                     "maintenance-mode"));
    /* symmetric-cluster decides which failures are listed (not installed
     * is expected where a resource may not run), stop-orphan-resources
     * whether an orphan is managed: no state either way */
    v = option(crm, "symmetric-cluster");
    o->asymmetric = v != NULL && !clusapi__pe_is_true(v);
    v = option(crm, "stop-orphan-resources");
    o->keep_orphans = v != NULL && !clusapi__pe_is_true(v);
    v = option(crm, "no-quorum-policy");
    o->nq_ignore = ieq(v, "ignore");
    /* 3.0.0 takes "fence" for "suicide" (5315bfb2c0); only with fencing */
    o->nq_suicide = o->stonith_enabled
                    && (ieq(v, "suicide")
                        || (pcmk >= CL_PE_PCMK(3, 0, 0) && ieq(v, "fence")));

    clusapi__pe_opts_read_cib(o, cib);
    o->have_watchdog = clusapi__pe_is_true(option(crm, "have-watchdog"));
    o->have_stonith = o->have_watchdog || stonith_rsc;
    o->op_defaults = first_elem(cfg, CL_XE_OP_DEFAULTS);
    o->rsc_defaults = first_elem(cfg, CL_XE_RSC_DEFAULTS);
    defaults_read(o);
}

void
clusapi__pe_opts_read_cib(cl_pe_opts_t *o, xmlNode *cib)
{
    o->have_quorum = clusapi__pe_is_true(attr(cib, "have-quorum"));
    o->nq_panic = int_value(attr(cib, "no-quorum-panic"), 0) != 0;
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

/* pcmk__scan_ll: strtoll's number (trailing text allowed), false for none
 * or one out of range */
static bool
scan_ll(const char *v, long long *out)
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
    return scan_ll(in_ccm, &t) && t >= 0 ? t : -1;
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
    return scan_ll(crmd, &t) && t >= 0 ? t : 0;
}

/* determine_online_status_fencing and _no_fencing from 2.1.7 on: times,
 * join and expected compared in exact case (d7bb178483), terminate a
 * boolean or a positive number (e25bcb46f5) and looked at first.
 * node-pending-timeout (a pending node fenced once it has waited that
 * long) is not followed: it depends on the time of the look. */
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
    bool terminate = b >= 0 ? b == 1 : (scan_ll(term, &t) && t > 0);

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
        if (member > 0 || online > 0) {
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

/* ---- operation history (§6) ---- */

enum exec_status { /* PCMK_EXEC_* */
    EXEC_PENDING = -1,
    EXEC_DONE = 0,
    EXEC_CANCELLED = 1,
    EXEC_TIMEOUT = 2,
    EXEC_NOT_SUPPORTED = 3,
    EXEC_ERROR = 4,
    EXEC_ERROR_HARD = 5,
    EXEC_ERROR_FATAL = 6,
    EXEC_NOT_INSTALLED = 7,
    EXEC_NOT_CONNECTED = 8,
    EXEC_INVALID = 9,
    EXEC_NO_FENCE_DEVICE = 10,
    EXEC_NO_SECRETS = 11,
};

enum on_fail { /* action_fail_response */
    FAIL_IGNORE = 0,
    FAIL_RECOVER,
    FAIL_MIGRATE,
    FAIL_BLOCK,
    FAIL_STOP,
    FAIL_STANDBY,
    FAIL_FENCE,
    FAIL_RESTART_CONTAINER,
    FAIL_RESET_REMOTE,
    FAIL_DEMOTE,
    FAIL_NONE = -1, /* not configured */
};

/* cmp_on_fail: severity */
static int
fail_rank(enum on_fail f)
{
    static const int rank[] = {
        [FAIL_IGNORE] = 0, [FAIL_DEMOTE] = 1, [FAIL_RECOVER] = 2,
        [FAIL_RESET_REMOTE] = 3, [FAIL_RESTART_CONTAINER] = 4,
        [FAIL_MIGRATE] = 5, [FAIL_BLOCK] = 6, [FAIL_STOP] = 7,
        [FAIL_STANDBY] = 8, [FAIL_FENCE] = 9,
    };
    return f >= FAIL_IGNORE && f <= FAIL_DEMOTE ? rank[f] : 0;
}

/* One lrm_rsc_op, its attributes read in one pass. */
typedef struct op {
    xmlNode *x;
    const char *id;
    const char *task;     /* operation */
    const char *key;      /* operation_key, else id */
    const char *on_node;
    const char *magic;    /* transition-magic */
    int call;             /* call-id, -1 */
    int rc;               /* rc-code, 0 */
    bool rc_missing;      /* ... not there */
    int status;           /* op-status, -2 */
    long long interval;   /* interval (ms), 0 */
    const char *lrc;      /* last-rc-change, read only when the call ids
                           * do not order two entries (newer_op) */
    int target_rc;        /* from transition-key, -1 */
    /* transition-magic read, the first time newer_op needs it (magic_of):
     * 0 not yet, 1 read, -1 none or malformed */
    signed char m_state;
    unsigned char m_ulen; /* ... its uuid: m_uuid[0, m_ulen) */
    int m_trans;          /* ... its transition id */
    const char *m_uuid;
} op_t;

/* isspace() in the C locale, as strtol and sscanf skip it */
static bool
c_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A decimal number at *p as strtol(*p, &end, 10) reads it; *p is moved
 * past it.  False (and *p unchanged) without a digit.  Up to 18 digits are
 * converted here (sscanf and strtol cost far more than the rest of reading
 * an operation), longer numbers by strtol itself. */
static bool
scan_long(const char **p, long *out)
{
    const char *s = *p, *d;
    bool neg = false;
    long v = 0;

    /* most numbers of an operation are one digit (rc-code, op-status,
     * interval 0, the transition key's) */
    if (g_ascii_isdigit(s[0]) && !g_ascii_isdigit(s[1])) {
        *out = s[0] - '0';
        *p = s + 1;
        return true;
    }
    while (c_space(*s)) {
        s++;
    }
    d = s;
    if (*d == '+' || *d == '-') {
        neg = *d == '-';
        d++;
    }
    if (!g_ascii_isdigit(*d)) {
        return false;
    }
    for (int i = 0; i < 18 && g_ascii_isdigit(*d); i++, d++) {
        v = v * 10 + (*d - '0');
    }
    if (g_ascii_isdigit(*d)) { /* long: strtol's overflow rules */
        char *end = NULL;

        *out = strtol(s, &end, 10);
        *p = end;
        return true;
    }
    *out = neg ? -v : v;
    *p = d;
    return true;
}

/* crm_element_value_int on a value: missing keeps dflt, junk gives -1 */
static int
int_value(const char *v, int dflt)
{
    long l;

    if (v == NULL) {
        return dflt;
    }
    return (!scan_long(&v, &l) || l < G_MININT || l > G_MAXINT) ? -1
                                                               : (int) l;
}

/* sscanf(s, "%d:%d:...:%36s") of n numbers (n <= 5), each followed by
 * the separator in seps[i], then a word of 1 to 36 characters, left in s:
 * *word points to it and *wlen is its length (if word is not NULL); true if
 * all of it matched, as sscanf returning n+1. */
static bool
scan_key(const char *s, int n, const char *seps, int *nums,
         const char **word, size_t *wlen)
{
    size_t len = 0;

    for (int i = 0; i < n; i++) {
        long l;

        if (!scan_long(&s, &l) || *s != seps[i]) {
            return false;
        }
        nums[i] = (int) l; /* sscanf's %d: strtol's value, as an int */
        s++;
    }
    while (c_space(*s)) {
        s++;
    }
    if (word == NULL) { /* a word is there: s is at a non-space */
        return *s != '\0';
    }
    /* up to 36 bytes, as sscanf's %36s: to a NUL or a C space */
    len = strcspn(s, " \t\n\v\f\r");
    *word = s;
    *wlen = len < 36 ? len : 36;
    return len > 0;
}

/* An attribute's value, "" for none (as attr). */
static inline const char *
attr_text(const xmlAttr *a)
{
    return (a->children != NULL && a->children->content != NULL)
               ? (const char *) a->children->content
               : "";
}

/* What an attribute of a history entry is to op_parse */
enum op_attr {
    OA_OTHER = 0, OA_CALL_ID, OA_ID, OA_INTERVAL, OA_LRC, OA_ON_NODE,
    OA_OPERATION, OA_OP_KEY, OA_OP_STATUS, OA_RC_CODE, OA_TKEY, OA_MAGIC
};

/* By the name's first two bytes, then one string comparison */
static enum op_attr
op_attr_of(const char *n)
{
    switch (n[0]) {
        case 'c':
            if (n[1] == 'a' && strcmp(n, CL_XA_CALL_ID) == 0) {
                return OA_CALL_ID;
            }
            break;
        case 'i':
            if (n[1] == 'd' && n[2] == '\0') {
                return OA_ID;
            }
            if (n[1] == 'n' && strcmp(n, CL_XA_INTERVAL) == 0) {
                return OA_INTERVAL;
            }
            break;
        case 'l':
            if (strcmp(n, "last-rc-change") == 0) {
                return OA_LRC;
            }
            break;
        case 'o':
            if (n[1] == 'n') {
                if (strcmp(n, "on_node") == 0) {
                    return OA_ON_NODE;
                }
            } else if (n[1] != 'p') {
                /* nothing else */
            } else if (n[2] == 'e') {
                if (strcmp(n, CL_XA_OPERATION) == 0) {
                    return OA_OPERATION;
                }
                if (strcmp(n, "operation_key") == 0) {
                    return OA_OP_KEY;
                }
            } else if (n[2] == '-' && n[3] == 's'
                       && strcmp(n, CL_XA_OP_STATUS) == 0) {
                return OA_OP_STATUS;
            }
            break;
        case 'r':
            if (n[1] == 'c' && strcmp(n, CL_XA_RC_CODE) == 0) {
                return OA_RC_CODE;
            }
            break;
        case 't':
            if (strcmp(n, "transition-key") == 0) {
                return OA_TKEY;
            }
            if (strcmp(n, "transition-magic") == 0) {
                return OA_MAGIC;
            }
            break;
        default:
            break;
    }
    return OA_OTHER;
}

static inline unsigned
names_slot(const xmlChar *p)
{
    return (unsigned) (((guint64) (uintptr_t) p * 0x9E3779B97F4A7C15ULL)
                       >> 58); /* CL_PE_NAMES_SLOTS = 64 */
}

G_STATIC_ASSERT(CL_PE_NAMES_SLOTS == 64);

/* The kind of an attribute name (nm bound to a dictionary): remembered,
 * or found and remembered */
static enum op_attr
op_attr_kind(cl_pe_names_t *nm, const xmlChar *name)
{
    unsigned i;
    enum op_attr k;

    for (i = names_slot(name); nm->ptr[i] != NULL;
         i = (i + 1) % CL_PE_NAMES_SLOTS) {
        if (nm->ptr[i] == name) {
            return (enum op_attr) nm->kind[i];
        }
    }
    k = op_attr_of((const char *) name);
    /* a free slot is at i; a quarter of the table stays free, so every
     * lookup ends at one */
    if (nm->used < CL_PE_NAMES_SLOTS * 3 / 4
        && xmlDictOwns(nm->dict, name) == 1) {
        nm->ptr[i] = name;
        nm->kind[i] = (unsigned char) k;
        nm->used++;
    }
    return k;
}

void
clusapi__pe_names_clear(cl_pe_names_t *nm)
{
    if (nm->dict != NULL) {
        xmlDictFree(nm->dict); /* our reference */
    }
    memset(nm, 0, sizeof(*nm));
}

void
clusapi__pe_names_bind(cl_pe_names_t *nm, const xmlDoc *doc)
{
    xmlDict *d = doc != NULL ? doc->dict : NULL;

    if (d == nm->dict) {
        return;
    }
    clusapi__pe_names_clear(nm);
    if (d != NULL && xmlDictReference(d) == 0) {
        nm->dict = d;
    }
}

static void
op_parse(op_t *o, xmlNode *x, cl_pe_names_t *nm)
{
    const char *tkey = NULL, *op_key = NULL;

    memset(o, 0, sizeof(*o));
    o->x = x;
    o->call = -1;
    o->status = -2;
    o->target_rc = -1;
    o->rc_missing = true;
    /* the value only of those read: of the sixteen or so attributes an
     * entry has, most (crm-debug-origin, op-digest, exec-time, ...) keep
     * their text nodes out of the cache */
    if (nm != NULL && nm->dict == NULL) {
        nm = NULL;
    }
    for (const xmlAttr *a = x->properties; a != NULL; a = a->next) {
        switch (nm != NULL ? op_attr_kind(nm, a->name)
                           : op_attr_of((const char *) a->name)) {
            case OA_CALL_ID:
                o->call = int_value(attr_text(a), -1);
                break;
            case OA_ID:
                o->id = attr_text(a);
                break;
            case OA_INTERVAL:
                o->interval = int_value(attr_text(a), 0);
                break;
            case OA_LRC:
                o->lrc = attr_text(a);
                break;
            case OA_ON_NODE:
                o->on_node = attr_text(a);
                break;
            case OA_OPERATION:
                o->task = attr_text(a);
                break;
            case OA_OP_KEY:
                op_key = attr_text(a);
                break;
            case OA_OP_STATUS:
                o->status = int_value(attr_text(a), -2);
                break;
            case OA_RC_CODE:
                o->rc = int_value(attr_text(a), 0);
                o->rc_missing = false;
                break;
            case OA_TKEY:
                tkey = attr_text(a);
                break;
            case OA_MAGIC:
                o->magic = attr_text(a);
                break;
            default:
                break;
        }
    }
    o->key = op_key != NULL ? op_key : o->id;
    if (tkey != NULL) {
        int nums[3];

        if (scan_key(tkey, 3, ":::", nums, NULL, NULL)) {
            o->target_rc = nums[2];
        }
    }
}

typedef struct hist {
    const cl_pe_opts_t *o;
    const cl_pe_rsc_t *r;
    const cl_pe_where_t *w;
    enum cl_pe_role role;
    enum on_fail on_fail;
    const op_t *last_failure;
    bool managed;
    bool partial;         /* a partial migration from this node */
    const op_t *ops;      /* this node's entries (sorted) */
    size_t n_ops;
    cl_pe_rec_t *out;
} hist_t;

/* the rules of h are Pacemaker 3.0's (or a later version's) */
#define PCMK3(h) ((h)->o->pcmk >= CL_PE_PCMK(3, 0, 0))

static cl_pe_failure_t *record_failure(hist_t *h, const op_t *op);

static bool
is_probe(const char *task, long long interval)
{
    return str_eq0(task, "monitor") && interval == 0;
}

/* transition-magic "%d:%d;<transition-key>" -> transition id and uuid
 * (op's m_* fields).  Read once per entry: a sort compares an entry with
 * several others.  op is const to its readers; only the memo is written. */
static bool
magic_of(const op_t *op)
{
    op_t *memo = (op_t *) op;
    int nums[5];
    const char *uuid = NULL;
    size_t len = 0;

    if (op->m_state == 0) {
        if (op->magic != NULL
            && scan_key(op->magic, 5, ":;:::", nums, &uuid, &len)) {
            memo->m_state = 1;
            memo->m_trans = nums[3];
            memo->m_uuid = uuid;
            memo->m_ulen = (unsigned char) len;
        } else {
            memo->m_state = -1;
        }
    }
    return op->m_state > 0;
}

/* Two uuids of magic_of the same, ignoring case (g_ascii_strcasecmp of the
 * two words); the same bytes, the usual case, are not compared twice. */
static bool
same_uuid(const op_t *a, const op_t *b)
{
    return a->m_ulen == b->m_ulen
           && (memcmp(a->m_uuid, b->m_uuid, a->m_ulen) == 0
               || g_ascii_strncasecmp(a->m_uuid, b->m_uuid, a->m_ulen) == 0);
}

/* pe__is_newer_op(a, b, same_node_default) (§6.4): > 0 if a is newer.
 * From 3.0.0 (f95fcbd50e) on there is no default: entries are on the same
 * node when both name none or both name it (pcmk3). */
static int
newer_op(const op_t *a, const op_t *b, bool same_node_default, bool pcmk3)
{
    const char *na = a->on_node, *nb = b->on_node;
    bool same_node = (na != NULL && nb != NULL) ? ieq(na, nb)
                     : pcmk3 ? na == nb
                             : same_node_default;
    int ca = a->call, cb = b->call;
    int ta, tb;

    if (same_node && str_eq0(a->id, b->id)) {
        return 0;
    }
    if (ca == -1 && cb == -1) {
        return 0;
    }
    if (same_node && ca >= 0 && ca < cb) {
        return -1;
    }
    if (same_node && cb >= 0 && ca > cb) {
        return 1;
    }
    if (ca >= 0 && cb >= 0 && (!same_node || ca == cb)) {
        int la = int_value(a->lrc, -1);
        int lb = int_value(b->lrc, -1);

        if (la >= 0 && la < lb) {
            return -1;
        }
        if (lb >= 0 && la > lb) {
            return 1;
        }
        return 0;
    }
    if (!magic_of(a) || !magic_of(b)) {
        return 0;
    }
    ta = a->m_trans;
    tb = b->m_trans;
    if (!same_uuid(a, b) || ta == tb) {
        if (cb == -1) {
            return -1;
        }
        if (ca == -1) {
            return 1;
        }
    } else if ((ta >= 0 && ta < tb) || tb == -1) {
        return -1;
    } else if ((tb >= 0 && ta > tb) || ta == -1) {
        return 1;
    }
    return 0;
}

static int
cmp_ops(const op_t *a, const op_t *b, bool pcmk3)
{
    return newer_op(a, b, true, pcmk3);
}

/* GLib's g_list_sort, exactly (the comparison is not a total order, so
 * the algorithm decides the result): split after floor(n/2), merge taking
 * the left element when cmp <= 0. */
static void
merge_sort(op_t *v, size_t n, op_t *tmp, bool pcmk3)
{
    size_t h = n / 2, i = 0, j = h, k = 0;

    if (n < 2) {
        return;
    }
    merge_sort(v, h, tmp, pcmk3);
    merge_sort(v + h, n - h, tmp, pcmk3);
    while (i < h && j < n) {
        tmp[k++] = cmp_ops(&v[i], &v[j], pcmk3) <= 0 ? v[i++] : v[j++];
    }
    while (i < h) {
        tmp[k++] = v[i++];
    }
    while (j < n) {
        tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof(*v));
}

static void
set_active(hist_t *h)
{
    h->role = h->r->promotable ? CL_PE_ROLE_UNPROMOTED : CL_PE_ROLE_STARTED;
}

/* The configured <op> of the primitive for a task and interval. */
static xmlNode *
op_config(const cl_pe_rsc_t *r, const char *task, long long interval)
{
    xmlNode *ops = first_elem(r->prim, "operations");

    for (xmlNode *c = first_elem(ops, "op"); c != NULL; c = c->next) {
        if (is_elem(c, "op") && str_eq0(attr(c, CL_XA_NAME), task)
            && msec_of(attr(c, CL_XA_INTERVAL)) == interval) {
            return c;
        }
    }
    return NULL;
}

/* The on-fail of an operation (§5.3). */
static enum on_fail
op_on_fail(const hist_t *h, const char *task, long long interval)
{
    xmlNode *cfg = op_config(h->r, task, interval);
    const char *v = nv_merged(h->o->op_defaults, "meta_attributes", "on-fail",
                              false);
    const char *own = nv_merged(cfg, "meta_attributes", "on-fail", false);
    bool probe = is_probe(task, interval);

    if (own != NULL) {
        v = own;
    }
    if (attr(cfg, "on-fail") != NULL) {
        v = attr(cfg, "on-fail");
    }
    if (str_eq0(task, "stop")
        && (str_eq0(v, "standby") || str_eq0(v, "demote")
            || str_eq0(v, "stop"))) {
        v = NULL;
    }
    if (str_eq0(task, "demote") && v == NULL) {
        xmlNode *ops = first_elem(h->r->prim, "operations");
        /* the first such monitor's on-fail; from 2.1.7 on the last one's
         * (6a79a788e9) */
        bool last = h->o->pcmk >= CL_PE_PCMK(2, 1, 7);

        for (xmlNode *c = first_elem(ops, "op"); c != NULL; c = c->next) {
            const char *role = attr(c, "role");
            const char *of = attr(c, "on-fail");

            if (is_elem(c, "op") && str_eq0(attr(c, CL_XA_NAME), "monitor")
                && msec_of(attr(c, CL_XA_INTERVAL)) > 0
                && (str_eq0(role, "Promoted") || str_eq0(role, "Master"))
                && of != NULL && strcmp(of, "demote") != 0
                && (attr(c, "enabled") == NULL
                    || clusapi__pe_is_true(attr(c, "enabled")))) {
                v = of;
                if (!last) {
                    break;
                }
            }
        }
    }
    if (str_eq0(v, "demote") && !str_eq0(task, "promote")
        && !(str_eq0(task, "monitor") && interval > 0
             && (str_eq0(attr(cfg, "role"), "Promoted")
                 || str_eq0(attr(cfg, "role"), "Master")))) {
        v = NULL;
    }
    if (v != NULL) {
        if (strcmp(v, "block") == 0) {
            return FAIL_BLOCK;
        }
        if (strcmp(v, "fence") == 0) {
            return h->o->stonith_enabled ? FAIL_FENCE : FAIL_STOP;
        }
        if (strcmp(v, "standby") == 0) {
            return FAIL_STANDBY;
        }
        if (strcmp(v, "ignore") == 0 || strcmp(v, "nothing") == 0) {
            return FAIL_IGNORE;
        }
        if (strcmp(v, "migrate") == 0) {
            return FAIL_MIGRATE;
        }
        if (strcmp(v, "stop") == 0) {
            return FAIL_STOP;
        }
        if (strcmp(v, "restart") == 0) {
            return FAIL_RECOVER;
        }
        if (strcmp(v, "restart-container") == 0 && h->r->container) {
            return FAIL_RESTART_CONTAINER;
        }
        if (strcmp(v, "demote") == 0) {
            return FAIL_DEMOTE;
        }
    }
    /* defaults */
    if (h->r->container) {
        return FAIL_RESTART_CONTAINER;
    }
    if (h->r->remote_conn
        && (!(probe || str_eq0(task, "start")) || !h->managed)) {
        return h->managed ? FAIL_RESET_REMOTE : FAIL_STOP;
    }
    if (str_eq0(task, "stop")) {
        return h->o->stonith_enabled ? FAIL_FENCE : FAIL_BLOCK;
    }
    return FAIL_RECOVER;
}

/* pe_can_fence */
static bool
can_fence(const hist_t *h)
{
    if (h->w->guest) {
        return true;
    }
    if (!h->o->stonith_enabled || !h->o->have_stonith) {
        return false;
    }
    if (h->o->have_quorum || h->o->nq_ignore) {
        return true;
    }
    return h->w->online;
}

static void
check_recoverable(hist_t *h, const char *task)
{
    if (str_eq0(task, "stop") && !can_fence(h)) {
        h->managed = false;
        h->out->unmanaged = true;
        h->out->blocked = true;
    }
}

/* pcmk_xe_mask_probe_failure, on the recorded (not remapped) values */
static bool
mask_probe_failure(const hist_t *h, const op_t *op)
{
    return !h->r->bundled && is_probe(op->task, op->interval)
           && (op->rc == 5 || op->rc == 2 || op->status == EXEC_NOT_INSTALLED);
}

/* remap_operation (§6.7) */
static void
remap(hist_t *h, const op_t *op, int *rc, int *status)
{
    const char *task = op->task;
    long long interval = op->interval;
    int target_rc = op->target_rc;
    bool probe = is_probe(task, interval);

    /* degraded results: of monitors only, of every action from 2.1.6 on
     * (21f3f62bff) */
    if (str_eq0(task, "monitor") || h->o->pcmk >= CL_PE_PCMK(2, 1, 6)) {
        if (*rc == 190 || *rc == 191) {
            *rc = *rc == 190 ? 0 : 8;
            record_failure(h, op);
        }
    }
    if (mask_probe_failure(h, op)) {
        *status = EXEC_DONE;
        *rc = 7;
    }
    if (*status != EXEC_DONE && *status != EXEC_ERROR) {
        return;
    }
    *status = EXEC_DONE;
    if (target_rc < 0 || target_rc != *rc) {
        *status = EXEC_ERROR;
    }
    switch (*rc) {
        case 0:
            if (probe && target_rc == 7) {
                *status = EXEC_DONE;
            }
            break;
        case 7:
            if (probe || target_rc == 7 || !h->managed) {
                *status = EXEC_DONE;
                h->role = CL_PE_ROLE_STOPPED;
                h->on_fail = FAIL_IGNORE;
            }
            break;
        case 8:
            if (probe && *rc != target_rc) {
                *status = EXEC_DONE;
            }
            h->role = CL_PE_ROLE_PROMOTED;
            break;
        case 191:
        case 9:
            h->role = CL_PE_ROLE_PROMOTED;
            *status = EXEC_ERROR;
            break;
        case 6:
            *status = EXEC_ERROR_FATAL;
            break;
        case 3:
            if (interval == 0) {
                check_recoverable(h, task);
                *status = EXEC_ERROR_HARD;
            } else {
                *status = EXEC_NOT_SUPPORTED;
            }
            break;
        case 5:
        case 2:
        case 4:
            check_recoverable(h, task);
            *status = EXEC_ERROR_HARD;
            break;
        default:
            if (*status == EXEC_DONE) {
                *status = EXEC_ERROR;
            }
            break;
    }
}

/* ---- migrations (§6.8) ---- */

static bool
is_migration_task(const char *t)
{
    return str_eq0(t, "migrate_to") || str_eq0(t, "migrate_from");
}

static bool
is_non_monitor(const char *t)
{
    return str_eq0(t, "start") || str_eq0(t, "stop")
           || is_migration_task(t);
}

/* non_monitor_after: an entry in lr (or in the sorted array ops) that is a
 * start, stop or migration and newer than ref. */
static bool
non_monitor_after(xmlNode *lr, const op_t *ops, size_t n, const op_t *ref,
                  bool same, bool pcmk3)
{
    if (ops != NULL) {
        for (size_t i = 0; i < n; i++) {
            if (&ops[i] != ref && is_non_monitor(ops[i].task)
                && newer_op(&ops[i], ref, same, pcmk3) > 0) {
                return true;
            }
        }
        return false;
    }
    for (xmlNode *c = first_elem(lr, CL_XE_LRM_RSC_OP); c != NULL;
         c = c->next) {
        op_t o;

        if (!is_elem(c, CL_XE_LRM_RSC_OP) || c == ref->x) {
            continue;
        }
        op_parse(&o, c, NULL);
        if (is_non_monitor(o.task) && newer_op(&o, ref, same, pcmk3) > 0) {
            return true;
        }
    }
    return false;
}

/* find_lrm_op: the one entry of lr for task (migrate_to: whose
 * migrate_target is peer; migrate_from: whose migrate_source is peer),
 * with rc == want_rc and op-status 0 if want_rc >= 0.  More than one
 * match: none, as Pacemaker's xpath lookup gives. */
static bool
find_unique_op(xmlNode *lr, const char *task, const char *peer, int want_rc,
               op_t *out)
{
    int found = 0;

    for (xmlNode *c = first_elem(lr, CL_XE_LRM_RSC_OP); c != NULL;
         c = c->next) {
        op_t o;

        if (!is_elem(c, CL_XE_LRM_RSC_OP)) {
            continue;
        }
        op_parse(&o, c, NULL);
        if (!str_eq0(o.task, task)) {
            continue;
        }
        if (peer != NULL
            && !str_eq0(attr(c, strcmp(task, "migrate_to") == 0
                                    ? "migrate_target"
                                    : "migrate_source"),
                        peer)) {
            continue;
        }
        if (want_rc >= 0 && (o.rc != want_rc || o.status != 0)) {
            continue;
        }
        *out = o;
        found++;
    }
    return found == 1;
}

/* unknown_on_node (Debian's 2.1.5): no entry with an rc other than 193 */
static bool
unknown_on(xmlNode *lr)
{
    for (xmlNode *c = first_elem(lr, CL_XE_LRM_RSC_OP); c != NULL;
         c = c->next) {
        if (is_elem(c, CL_XE_LRM_RSC_OP)
            && !str_eq0(attr(c, CL_XA_RC_CODE), "193")) {
            return false;
        }
    }
    return true;
}

/* newer_state_after_migrate: on the node of lr, a start, stop or
 * migration newer than ref (same node if ref is one of lr's), or a
 * monitor that found it stopped newer than ref. */
static bool
newer_state_after(xmlNode *lr, const op_t *ref, bool ref_here, bool pcmk3)
{
    op_t mon;

    if (non_monitor_after(lr, NULL, 0, ref, ref_here, pcmk3)) {
        return true;
    }
    return find_unique_op(lr, "monitor", NULL, 7, &mon)
           && newer_op(&mon, ref, ref_here, pcmk3) > 0;
}

static void
run_also_on(hist_t *h, const char *node)
{
    h->out->also_on = g_quark_from_string(node);
}

/* unpack_migrate_to_success, Debian's 2.1.5 */
static void
migrate_to_success(hist_t *h, const op_t *op)
{
    const char *source = attr(op->x, "migrate_source");
    const char *target = attr(op->x, "migrate_target");
    cl_pe_peer_t tp = { NULL, false };
    op_t mf;
    bool have_mf, source_newer, target_newer;

    if (source == NULL || target == NULL || h->w->peer == NULL) {
        return;
    }
    (void) h->w->peer(h->w->peer_ud, target, &tp);
    source_newer = non_monitor_after(NULL, h->ops, h->n_ops, op, true,
                                     PCMK3(h));
    have_mf = find_unique_op(tp.lrm_resource, "migrate_from", source, -1,
                             &mf);
    if (source_newer && have_mf) {
        return;
    }
    target_newer = newer_state_after(tp.lrm_resource, have_mf ? &mf : op,
                                     have_mf, PCMK3(h));
    if (source_newer && target_newer) {
        return;
    }
    h->role = CL_PE_ROLE_STARTED;
    if (have_mf && mf.rc == 0 && mf.status == 0) {
        h->role = CL_PE_ROLE_STOPPED; /* dangling: it runs on the target */
    } else if (have_mf && mf.status != -1) {
        if (!target_newer && tp.online) {
            run_also_on(h, target);
        } else {
            h->out->failed = true;
        }
    } else {
        if (tp.online && unknown_on(tp.lrm_resource)) {
            return;
        }
        if (!target_newer && tp.online) {
            run_also_on(h, target);
            if (h->w->online) {
                h->partial = true;
            }
        } else if (!source_newer) {
            h->out->failed = true;
        }
    }
}

/* unpack_migrate_to_failure and unpack_migrate_from_failure */
static void
migrate_failure(hist_t *h, const op_t *op)
{
    bool to = strcmp(op->task, "migrate_to") == 0;
    const char *source = attr(op->x, "migrate_source");
    const char *target = attr(op->x, "migrate_target");
    const char *peer_name = to ? target : source;
    cl_pe_peer_t pp = { NULL, false };
    op_t other;
    bool have;

    h->role = CL_PE_ROLE_STARTED;
    if (source == NULL || target == NULL || h->w->peer == NULL
        || !h->w->peer(h->w->peer_ud, peer_name, &pp)) {
        return;
    }
    have = to ? find_unique_op(pp.lrm_resource, "migrate_from", source, 0,
                               &other)
              : find_unique_op(pp.lrm_resource, "migrate_to", target, 0,
                               &other);
    if (!unknown_on(pp.lrm_resource)
        && !newer_state_after(pp.lrm_resource, have ? &other : op, have,
                              PCMK3(h))
        && pp.online) {
        run_also_on(h, peer_name);
    }
}

/* record_failed_op: a failed action on an online node, once per operation
 * (clusapi__pe_failure_same; the first entry of the sorted history wins).
 * The values are the entry's own.  Returns the new record, or NULL. */
static cl_pe_failure_t *
record_failure(hist_t *h, const op_t *op)
{
    GPtrArray *fs = h->out->failures;
    cl_pe_failure_t *f;
    long long lrc = 0;

    if (!h->w->online) {
        return NULL;
    }
    f = g_new0(cl_pe_failure_t, 1);
    f->key = g_strdup(op->key != NULL ? op->key : "");
    f->op_key = g_strdup(attr(op->x, "operation_key"));
    for (guint i = 0; fs != NULL && i < fs->len; i++) {
        if (clusapi__pe_failure_same(h->o->pcmk, g_ptr_array_index(fs, i),
                                     f)) {
            clusapi__pe_failure_free(f);
            return NULL;
        }
    }
    if (fs == NULL) {
        fs = h->out->failures =
            g_ptr_array_new_with_free_func(clusapi__pe_failure_free);
    }
    f->task = g_strdup(op->task != NULL ? op->task : "");
    f->exit_reason = g_strdup(attr(op->x, "exit-reason") != NULL
                                  ? attr(op->x, "exit-reason")
                                  : "");
    f->interval = op->interval;
    f->last_rc_change = scan_ll(op->lrc, &lrc) && lrc > 0 ? lrc : 0;
    f->rc = op->rc_missing ? 0 : op->rc;
    f->status = op->status == -2 ? 0 : op->status;
    f->call = op->call;
    f->queued = int_value(attr(op->x, "queue-time"), -1);
    f->exec = int_value(attr(op->x, "exec-time"), -1);
    f->masked = is_probe(op->task, op->interval)
                && (op->rc == 5 || op->rc == 2
                    || op->status == EXEC_NOT_INSTALLED);
    g_ptr_array_add(fs, f);
    return f;
}

bool
clusapi__pe_failure_same(unsigned pcmk, const cl_pe_failure_t *a,
                         const cl_pe_failure_t *b)
{
    if (pcmk >= CL_PE_PCMK(3, 0, 0)) {
        return strcmp(a->key, b->key) == 0;
    }
    return a->op_key == NULL ? b->op_key == NULL : ieq(a->op_key, b->op_key);
}

void
clusapi__pe_failure_free(gpointer p)
{
    cl_pe_failure_t *f = p;

    if (f != NULL) {
        g_free(f->key);
        g_free(f->op_key);
        g_free(f->task);
        g_free(f->exit_reason);
        g_free(f);
    }
}

/* update_resource_state (§6.8) */
static void
update_state(hist_t *h, const op_t *op, int rc)
{
    const char *task = op->task;
    bool clear = false;

    if (rc == 5 || mask_probe_failure(h, op)) {
        h->role = CL_PE_ROLE_STOPPED;
    } else if (rc == 7) {
        clear = true;
    } else if (str_eq0(task, "monitor")) {
        if (h->last_failure != NULL
            && g_ascii_strcasecmp(op->key ? op->key : "",
                                  h->last_failure->key
                                      ? h->last_failure->key
                                      : "")
                   == 0) {
            clear = true;
        }
        if (h->role < CL_PE_ROLE_STARTED) {
            set_active(h);
        }
    } else if (str_eq0(task, "start")) {
        h->role = CL_PE_ROLE_STARTED;
        clear = true;
    } else if (str_eq0(task, "stop")) {
        h->role = CL_PE_ROLE_STOPPED;
        clear = true;
    } else if (str_eq0(task, "promote")) {
        h->role = CL_PE_ROLE_PROMOTED;
        clear = true;
    } else if (str_eq0(task, "demote")) {
        h->role = CL_PE_ROLE_UNPROMOTED;
        clear = h->on_fail == FAIL_DEMOTE;
    } else if (str_eq0(task, "migrate_from")) {
        h->role = CL_PE_ROLE_STARTED;
        clear = true;
    } else if (str_eq0(task, "migrate_to")) {
        migrate_to_success(h, op);
    } else if (h->role < CL_PE_ROLE_STARTED) {
        set_active(h);
    }
    if (clear) {
        switch (h->on_fail) {
            case FAIL_BLOCK:
            case FAIL_IGNORE:
            case FAIL_DEMOTE:
            case FAIL_RECOVER:
            case FAIL_RESTART_CONTAINER:
                h->on_fail = FAIL_IGNORE;
                break;
            case FAIL_RESET_REMOTE:
                h->on_fail = FAIL_IGNORE; /* no reconnect_interval known */
                break;
            default:
                break;
        }
    }
}

/* unpack_rsc_op_failure (§6.8) */
static void
op_failure(hist_t *h, const op_t *op, int rc)
{
    const char *task = op->task;
    long long interval = op->interval;
    enum on_fail f = op_on_fail(h, task, interval);

    h->last_failure = op;
    if (!(h->o->asymmetric && rc == 5)) {
        record_failure(h, op);
    }
    if (fail_rank(f) > fail_rank(h->on_fail)) {
        h->on_fail = f;
    }
    if (is_migration_task(task)) {
        migrate_failure(h, op);
    } else if (str_eq0(task, "promote")) {
        h->role = CL_PE_ROLE_PROMOTED;
    } else if (str_eq0(task, "demote")) {
        if (f == FAIL_BLOCK) {
            h->role = CL_PE_ROLE_PROMOTED;
        } else if (rc == 7) {
            h->role = CL_PE_ROLE_STOPPED;
        } else {
            h->role = CL_PE_ROLE_UNPROMOTED;
        }
    }
    if (is_probe(task, interval) && rc == 5) {
        h->role = CL_PE_ROLE_STOPPED;
    } else if (h->role < CL_PE_ROLE_STARTED) {
        set_active(h);
    }
}

static enum cl_pe_pending
pending_of(const char *task)
{
    static const struct {
        const char *task;
        enum cl_pe_pending p;
    } map[] = {
        { "start", CL_PE_PENDING_START },
        { "stop", CL_PE_PENDING_STOP },
        { "promote", CL_PE_PENDING_PROMOTE },
        { "demote", CL_PE_PENDING_DEMOTE },
        { "migrate_to", CL_PE_PENDING_MIGRATE },
        { "migrate_from", CL_PE_PENDING_MIGRATE },
        { "monitor", CL_PE_PENDING_MONITOR },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        if (strcmp(task, map[i].task) == 0) {
            return map[i].p;
        }
    }
    return CL_PE_PENDING_OTHER;
}

/* unpack_rsc_op (§6.5), without failure expiry (§6.6: it depends on the
 * current time and on fail counts; see docs/pacemaker-states.md) */
/* can_affect_state (3.0.0) */
static bool
affects_state(const char *task)
{
    static const char *const tasks[] = { "monitor", "start", "stop",
                                         "promote", "demote", "migrate_to",
                                         "migrate_from", "asyncmon" };

    for (size_t i = 0; i < G_N_ELEMENTS(tasks); i++) {
        if (str_eq(task, tasks[i])) {
            return true;
        }
    }
    return false;
}

/* failure_is_newer (2.1.6): a pending entry is left out when the last
 * failure processed before it is of the same action and interval and not
 * older (the first run of a recurring monitor failed, say) */
static bool
failure_is_newer(const hist_t *h, const op_t *op)
{
    const op_t *f = h->last_failure;
    long long fc, tc;

    return f != NULL && str_eq0(op->task, f->task)
           && op->interval == f->interval
           && scan_ll(op->lrc, &tc) && scan_ll(f->lrc, &fc) && fc >= tc;
}

static void
unpack_op(hist_t *h, const op_t *op)
{
    const char *task = op->task;
    int status = op->status;
    int rc = op->rc;
    long long interval = op->interval;
    int target_rc = op->target_rc;
    bool maskable;

    if (task == NULL || status < EXEC_PENDING || status > EXEC_NO_SECRETS
        || strcmp(task, "notify") == 0 || strcmp(task, "meta-data") == 0) {
        return;
    }
    if (op->id == NULL && h->o->pcmk >= CL_PE_PCMK(2, 1, 6)) {
        return; /* b98d8e282c */
    }
    /* 3.0.0: only the actions that can change the state (18e4767c38);
     * no cancelled entry, none without a valid exit code (f6ea329ee3) */
    if (PCMK3(h) && (!affects_state(task) || status == EXEC_CANCELLED
                     || op->rc_missing || op->rc < 0 || op->rc > 255)) {
        return;
    }
    maskable = mask_probe_failure(h, op);
    remap(h, op, &rc, &status);
    if (maskable) {
        update_state(h, op, target_rc);
        record_failure(h, op);
        return;
    }
    switch (status) {
        case EXEC_CANCELLED:
            return;
        case EXEC_PENDING:
            if (h->o->pcmk >= CL_PE_PCMK(2, 1, 6) && failure_is_newer(h, op)) {
                return; /* 5e59653bfb */
            }
            if (strcmp(task, "start") == 0) {
                set_active(h);
            } else if (strcmp(task, "promote") == 0) {
                h->role = CL_PE_ROLE_PROMOTED;
            }
            if (h->out->pending == CL_PE_PENDING_NONE
                && !is_probe(task, interval)) {
                h->out->pending = pending_of(task);
            }
            return;
        case EXEC_DONE:
            update_state(h, op, rc);
            return;
        case EXEC_NOT_INSTALLED:
            if (op_on_fail(h, task, interval) == FAIL_IGNORE) {
                h->on_fail = FAIL_MIGRATE;
            }
            op_failure(h, op, rc);
            return;
        default: {
            enum on_fail strategy = op_on_fail(h, task, interval);
            cl_pe_failure_t *f;

            if (strategy == FAIL_IGNORE
                || (strategy == FAIL_RESTART_CONTAINER
                    && strcmp(task, "stop") == 0)) {
                update_state(h, op, target_rc);
                h->out->failure_ignored = true;
                f = record_failure(h, op);
                if (f != NULL) {
                    f->ignored = true;
                }
                if (strategy == FAIL_RESTART_CONTAINER
                    && fail_rank(h->on_fail) <= fail_rank(FAIL_RECOVER)) {
                    h->on_fail = FAIL_RESTART_CONTAINER;
                }
            } else {
                op_failure(h, op, rc);
            }
            return;
        }
    }
}

void
clusapi__pe_history(const cl_pe_opts_t *o, const cl_pe_rsc_t *r,
                    const cl_pe_where_t *w, xmlNode *lrm_resource,
                    cl_pe_rec_t *out)
{
    hist_t h = { .o = o, .r = r, .w = w, .role = CL_PE_ROLE_UNKNOWN,
                 .on_fail = FAIL_IGNORE, .managed = r->managed, .out = out };
    op_t stack_ops[32], stack_tmp[32];
    op_t *ops = stack_ops, *tmp = stack_tmp;
    size_t n = 0, cap = G_N_ELEMENTS(stack_ops);
    bool unclean = w->unclean;
    enum on_fail save;

    memset(out, 0, sizeof(*out));
    out->role = CL_PE_ROLE_STOPPED;
    /* the entries, in reverse document order (Pacemaker prepends) */
    for (xmlNode *c = lrm_resource != NULL ? lrm_resource->last : NULL;
         c != NULL; c = c->prev) {
        if (!is_elem(c, CL_XE_LRM_RSC_OP)) {
            continue;
        }
        if (n == cap) {
            cap *= 2;
            if (ops == stack_ops) {
                ops = g_new(op_t, cap);
                memcpy(ops, stack_ops, sizeof(stack_ops));
            } else {
                ops = g_renew(op_t, ops, cap);
            }
        }
        op_parse(&ops[n], c, w->names);
        n++;
    }
    if (n == 0) {
        return;
    }
    if (n > G_N_ELEMENTS(stack_tmp)) {
        tmp = g_new(op_t, n);
    }
    merge_sort(ops, n, tmp, o->pcmk >= CL_PE_PCMK(3, 0, 0));
    h.ops = ops;
    h.n_ops = n;
    for (size_t i = 0; i < n; i++) {
        out->migration |= is_migration_task(ops[i].task);
        unpack_op(&h, &ops[i]);
    }
    h.ops = NULL;
    h.last_failure = NULL;
    if (ops != stack_ops) {
        g_free(ops);
    }
    if (tmp != stack_tmp) {
        g_free(tmp);
    }

    /* process_rsc_state (§6.9) */
    if (h.role > CL_PE_ROLE_STOPPED && !w->online && !w->maintenance
        && h.managed) {
        if (w->guest) {
            out->failed = true;
            out->fence_node = true;
        } else if (o->stonith_enabled) {
            out->fence_node = true;
            unclean = true;
        }
    }
    save = h.on_fail;
    if (unclean) {
        h.on_fail = FAIL_IGNORE;
    }
    switch (h.on_fail) {
        case FAIL_DEMOTE:
            out->failed = true;
            break;
        case FAIL_FENCE:
            out->fence_node = true;
            break;
        case FAIL_STANDBY:
            out->standby_node = true;
            break;
        case FAIL_BLOCK:
            h.managed = false;
            out->unmanaged = true;
            out->blocked = true;
            break;
        case FAIL_RECOVER:
            if (h.role != CL_PE_ROLE_STOPPED && h.role != CL_PE_ROLE_UNKNOWN) {
                out->failed = true;
            }
            break;
        case FAIL_RESTART_CONTAINER:
        case FAIL_RESET_REMOTE:
            out->failed = true;
            break;
        default:
            break;
    }
    (void) save;
    if (h.role != CL_PE_ROLE_STOPPED && h.role != CL_PE_ROLE_UNKNOWN) {
        out->running = true;
        if (w->maintenance) {
            out->unmanaged = true;
        }
        if (h.on_fail != FAIL_IGNORE) {
            out->failed = true;
        }
    }
    if (h.partial && h.role == CL_PE_ROLE_STOPPED && out->also_on != 0) {
        h.role = CL_PE_ROLE_STARTED; /* the partial migration's source */
    }
    out->role = h.role == CL_PE_ROLE_UNKNOWN ? CL_PE_ROLE_STOPPED : h.role;
}

/* ---- resources (§5.1) ---- */

void
clusapi__pe_rsc_ctx(const cl_pe_opts_t *o, xmlNode *prim, cl_pe_rsc_t *out)
{
    /* three meta attributes, each from the primitive's own
     * meta_attributes, then its parents' (group, clone, bundle), then
     * rsc_defaults ("container" has no default); one pass per level */
    static const char *const names[] = { "is-managed", "maintenance",
                                         "container" };
    const char *vals[G_N_ELEMENTS(names)] = { NULL, NULL, NULL };
    const char *v;

    for (xmlNode *e = prim; e != NULL && is_rsc_elem(e); e = e->parent) {
        nv_merged_n(e, "meta_attributes", names, G_N_ELEMENTS(names), vals,
                    false);
    }
    nv_merged_n(o->rsc_defaults, "meta_attributes", names, 2, vals, false);
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
            out->bundled = true;
        } else if (is_elem(e, CL_XE_MASTER)
                   || (is_elem(e, CL_XE_CLONE)
                       && clusapi__pe_is_true(nv_merged(e, "meta_attributes",
                                                        "promotable",
                                                        false)))) {
            out->promotable = true;
        }
    }
    out->container = vals[2] != NULL;
    out->remote_conn = !out->container
                       && ieq(attr(prim, "type"), "remote")
                       && ieq(attr(prim, "class"), "ocf")
                       && ieq(attr(prim, "provider"), "pacemaker");
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rules.c - the rules of nvpair sets (instance_attributes,
 * meta_attributes, cluster_property_set) as Pacemaker 2.1.5's scheduler
 * evaluates them for crm_mon (lib/pengine/rules.c, dates as
 * lib/common/iso8601.c reads them): rule with boolean-op and nested
 * rules, date_expression (gt, lt, in_range with start, end or duration,
 * date_spec), rsc_expression and op_expression where the context has a
 * resource or an operation, expression (a node attribute or #role: none is
 * known where the sets the states depend on are read, so it never passes).
 * docs/pacemaker-states.md §2.3 says what is followed and how the next
 * time an outcome changes is chosen.
 *
 * Dates are held as Pacemaker holds them (year, day of the year, second of
 * the day, offset from UTC), so that a duration adds up the same way, and
 * compared as seconds since the epoch.  The time of day of the evaluation
 * (date_spec) is local time, as crm_mon's.
 *
 * Pure: glib and libxml2 only, no I/O, no global state.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pe_int.h"
#include "core/xmlutil.h"

#define DAY_SECONDS 86400

/* ---- dates (crm_time_t) ---- */

typedef struct cdate {
    int years;
    int days;    /* day of the year, from 1 */
    int seconds; /* of the day */
    int offset;  /* seconds east of UTC */
} cdate_t;

static bool
leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
year_days(int y)
{
    return leap_year(y) ? 366 : 365;
}

static int
month_days(int m, int y)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (m < 1 || m > 12) {
        return 0;
    }
    return (m == 2 && leap_year(y)) ? 29 : d[m - 1];
}

static int
ordinal_days(int y, int m, int d)
{
    for (int i = 1; i < m; i++) {
        d += month_days(i, y);
    }
    return d;
}

static void
add_days(cdate_t *t, long long extra)
{
    long long days = t->days + extra;

    while (days > year_days(t->years)) {
        days -= year_days(t->years);
        t->years++;
    }
    while (days < 1) {
        t->years--;
        days += year_days(t->years);
    }
    t->days = (int) days;
}

static void
add_seconds(cdate_t *t, long long extra)
{
    long long s = t->seconds + extra;
    long long days = s / DAY_SECONDS;

    s %= DAY_SECONDS;
    if (s < 0) {
        s += DAY_SECONDS;
        days--;
    }
    t->seconds = (int) s;
    add_days(t, days);
}

static void
to_gregorian(const cdate_t *t, int *m, int *d)
{
    int days = t->days, month;

    for (month = 1; month <= 12 && days > 0; month++) {
        int md = month_days(month, t->years);

        if (md >= days) {
            break;
        }
        days -= md;
    }
    *m = month;
    *d = days;
}

/* crm_time_add_months: the day of the month kept unless the month is
 * shorter */
static void
add_months(cdate_t *t, long long extra)
{
    int m, d;
    long long y = t->years;

    to_gregorian(t, &m, &d);
    for (long long i = extra; i > 0; i--) {
        if (++m == 13) {
            m = 1;
            y++;
        }
    }
    for (long long i = extra; i < 0; i++) {
        if (--m == 0) {
            m = 12;
            y--;
        }
    }
    if (d > month_days(m, (int) y)) {
        d = month_days(m, (int) y);
    }
    t->years = (int) y;
    t->days = ordinal_days(t->years, m, d);
}

static long long
days_before_year(long long y)
{
    y--;
    return 365 * y + y / 4 - y / 100 + y / 400;
}

static long long
to_epoch(const cdate_t *t)
{
    long long days = days_before_year(t->years) - days_before_year(1970)
                     + t->days - 1;

    return days * DAY_SECONDS + t->seconds - t->offset;
}

/* The local time of 'when' (seconds since the epoch). */
static cdate_t
local_date(long long when)
{
    GDateTime *dt = g_date_time_new_from_unix_local(when);
    cdate_t t = { 1970, 1, 0, 0 };

    if (dt != NULL) {
        t.years = g_date_time_get_year(dt);
        t.days = g_date_time_get_day_of_year(dt);
        t.seconds = g_date_time_get_hour(dt) * 3600
                    + g_date_time_get_minute(dt) * 60
                    + g_date_time_get_second(dt);
        t.offset = (int) (g_date_time_get_utc_offset(dt) / G_TIME_SPAN_SECOND);
        g_date_time_unref(dt);
    }
    return t;
}

/* crm_time_parse_sec: "hh[:mm[:ss]]" or "hhmmss" */
static bool
parse_sec(const char *s, int *out)
{
    int h = 0, m = 0, sec = 0;
    int rc = sscanf(s, "%d:%d:%d", &h, &m, &sec);

    *out = 0;
    if (rc == 1) {
        rc = sscanf(s, "%2d%2d%2d", &h, &m, &sec);
    }
    if (rc == 0) {
        return false;
    }
    if (!(h == 24 && m == 0 && sec == 0) && (h < 0 || h >= 24)) {
        return false;
    }
    if (m < 0 || m >= 60 || sec < 0 || sec >= 60) {
        return false;
    }
    *out = h * 3600 + m * 60 + sec;
    return true;
}

/* The time part of a date (after any 'T'): the offset is a 'Z' anywhere,
 * else what follows a space; none: the local one of now.  An offset
 * right after the time ("12:00:00+02:00") is not one: local time. */
static bool
parse_time(const char *s, long long now, cdate_t *t)
{
    const char *off;

    if (!parse_sec(s, &t->seconds)) {
        return false;
    }
    off = strchr(s, 'Z');
    if (off == NULL && (off = strchr(s, ' ')) != NULL) {
        while (g_ascii_isspace(*off)) {
            off++;
        }
    }
    if (off == NULL) {
        t->offset = local_date(now).offset;
    } else if (*off == 'Z') {
        t->offset = 0;
    } else if (*off == '+' || *off == '-' || g_ascii_isdigit(*off)) {
        bool neg = *off == '-';
        int secs;

        if (!parse_sec(off + (*off == '+' || *off == '-'), &secs)) {
            return false;
        }
        t->offset = neg ? -secs : secs;
    } else {
        t->offset = 0;
    }
    if (t->seconds == DAY_SECONDS) {
        t->seconds = 0;
        add_days(t, 1);
    }
    return true;
}

/* The ISO 8601 weekday (Monday 1) of January 1st of y */
static int
jan1_weekday(int y)
{
    GDateTime *dt = g_date_time_new_utc(y, 1, 1, 0, 0, 0);
    int wd = dt != NULL ? g_date_time_get_day_of_week(dt) : 1;

    if (dt != NULL) {
        g_date_time_unref(dt);
    }
    return wd;
}

static int
weeks_in_year(int y)
{
    return (jan1_weekday(y) == 4 || jan1_weekday(y + 1) == 5) ? 53 : 52;
}

/* crm_time_new (parse_date): "YYYY-MM-DD", "YYYYMMDD", "YYYY-DDD",
 * "YYYY-Www-D", each optionally followed by ' ' or 'T' and a time;
 * a time alone (today's); "epoch".  A date without a time is midnight
 * UTC.  now: the evaluation time (today, the local offset). */
static bool
parse_date(const char *s, long long now, cdate_t *out)
{
    cdate_t t = { 0, 0, 0, 0 };
    const char *time_s = NULL;
    int y = 0, m = 0, d = 0, w = 0;
    int rc;

    if (s == NULL || *s == '\0') {
        return false;
    }
    if (s[0] == 'T' || (s[1] != '\0' && s[2] == ':')) {
        t = local_date(now);
        time_s = s[0] == 'T' ? s + 1 : s;
        goto time;
    }
    if (g_ascii_strncasecmp(s, "epoch", 5) == 0
        && (s[5] == '\0' || s[5] == '/' || g_ascii_isspace(s[5]))) {
        *out = (cdate_t) { 1970, 1, 0, 0 };
        return true;
    }
    rc = sscanf(s, "%d-%d-%d", &y, &m, &d);
    if (rc == 1) {
        rc = sscanf(s, "%4d%2d%2d", &y, &m, &d);
    }
    if (rc == 3) {
        if (m > 12 || d > month_days(m, y)) {
            return false;
        }
        t.years = y;
        t.days = ordinal_days(y, m, d);
    } else if (sscanf(s, "%d-%d", &y, &d) == 2) {
        if (d > year_days(y)) {
            return false;
        }
        t.years = y;
        t.days = d;
    } else if (sscanf(s, "%d-W%d-%d", &y, &w, &d) == 3) {
        int jan1 = jan1_weekday(y);

        if (w > weeks_in_year(y) || d < 1 || d > 7) {
            return false;
        }
        t.years = y;
        add_days(&t, (long long) (w - 1) * 7);
        add_days(&t, jan1 <= 4 ? 1 - jan1 : 8 - jan1);
        add_days(&t, d);
    } else {
        return false;
    }
    time_s = s + strspn(s, "0123456789-W");
    if (time_s[0] == ' ' || time_s[0] == 'T') {
        time_s++;
    } else {
        time_s = NULL;
    }
time:
    if (time_s != NULL && !parse_time(time_s, now, &t)) {
        return false;
    }
    if (t.days <= 0 || t.days > year_days(t.years) || t.seconds < 0
        || t.seconds >= DAY_SECONDS) {
        return false;
    }
    *out = t;
    return true;
}

bool
clusapi__pe_parse_date(const char *s, long long now, long long *out)
{
    cdate_t t;

    if (!parse_date(s, now, &t)) {
        return false;
    }
    *out = to_epoch(&t);
    return true;
}

/* pe_parse_xml_duration: a <duration> added to start, field by field in
 * this order (a field that is 0 or no integer adds nothing) */
static void
add_duration(cdate_t *t, const xmlNode *spec)
{
    static const char *const fields[] = { "years", "months", "weeks", "days",
                                          "hours", "minutes", "seconds" };

    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        long long v;

        if (!clusapi__pe_scan_ll(attr(spec, fields[i]), &v) || v == 0
            || v < INT_MIN || v > INT_MAX) {
            continue;
        }
        switch (i) {
            case 0: t->years += (int) v; break;
            case 1: add_months(t, v); break;
            case 2: add_days(t, v * 7); break;
            case 3: add_days(t, v); break;
            case 4: add_seconds(t, v * 3600); break;
            case 5: add_seconds(t, v * 60); break;
            default: add_seconds(t, v); break;
        }
    }
}

/* ---- date_spec ---- */

/* pcmk__parse_ll_range and check_one: -1 before the range, 1 after it,
 * 0 within it or no range (a field missing or not a range is no
 * restriction).  "a-b", "a", "a-" (no end), "-b" (no start). */
static int
range_check(const char *v, long long x)
{
    long long lo = -1, hi = -1;
    char *end = NULL;

    if (v == NULL || *v == '\0' || strcmp(v, "-") == 0) {
        return 0;
    }
    errno = 0;
    if (*v == '-') {
        hi = strtoll(v + 1, &end, 10);
        if (errno != 0 || end == v + 1 || *end != '\0') {
            return 0;
        }
    } else {
        lo = strtoll(v, &end, 10);
        if (errno != 0 || end == v) {
            return 0;
        }
        if (*end == '-') {
            if (end[1] != '\0') {
                const char *p = end + 1;

                hi = strtoll(p, &end, 10);
                if (errno != 0 || end == p || *end != '\0') {
                    return 0;
                }
            }
        } else if (*end != '\0') {
            return 0;
        } else {
            hi = lo;
        }
    }
    if (lo == hi || (lo != -1 && hi != -1)) {
        return x < lo ? -1 : x > hi ? 1 : 0;
    }
    if (lo == -1) {
        return x <= hi ? 0 : 1;
    }
    return x >= lo ? 0 : -1;
}

/* The moon's phase, 0 (new) to 7, 4 full, by the nethack reckoning
 * Pacemaker uses: from the year's golden number and epact. */
static int
moon_phase(int year, int yday)
{
    int goldn = year % 19 + 1;
    int epact = (11 * goldn + 18) % 30;

    if ((epact == 25 && goldn > 11) || epact == 24) {
        epact++;
    }
    return ((((yday + epact) * 6) + 11) % 177 / 22) & 7;
}

static const char *const spec_fields[] = {
    "years", "months", "monthdays", "hours", "minutes", "seconds",
    "yeardays", "weekyears", "weeks", "weekdays", "moon",
};

/* pe_cron_range_satisfied at 'when' (local time) */
static bool
date_spec_passes(const xmlNode *spec, long long when)
{
    GDateTime *dt = g_date_time_new_from_unix_local(when);
    long long v[G_N_ELEMENTS(spec_fields)];
    bool pass = true;

    if (dt == NULL) {
        return false;
    }
    v[0] = g_date_time_get_year(dt);
    v[1] = g_date_time_get_month(dt);
    v[2] = g_date_time_get_day_of_month(dt);
    v[3] = g_date_time_get_hour(dt);
    v[4] = g_date_time_get_minute(dt);
    v[5] = g_date_time_get_second(dt);
    v[6] = g_date_time_get_day_of_year(dt);
    v[7] = g_date_time_get_week_numbering_year(dt);
    v[8] = g_date_time_get_week_of_year(dt);
    v[9] = g_date_time_get_day_of_week(dt);
    v[10] = moon_phase((int) v[0], (int) v[6]);
    g_date_time_unref(dt);
    for (size_t i = 0; pass && i < G_N_ELEMENTS(spec_fields); i++) {
        pass = range_check(attr(spec, spec_fields[i]), v[i]) == 0;
    }
    return pass;
}

/* The start of the local second, minute, hour or day after 'when',
 * by the finest field the spec names (unit 0 1 2 3). */
static long long
next_unit(long long when, int unit)
{
    GDateTime *dt = g_date_time_new_from_unix_local(when), *next;
    long long t;

    if (unit == 0 || dt == NULL) {
        if (dt != NULL) {
            g_date_time_unref(dt);
        }
        return when + 1;
    }
    if (unit == 3) {
        GDateTime *mid = g_date_time_new_local(g_date_time_get_year(dt),
                                               g_date_time_get_month(dt),
                                               g_date_time_get_day_of_month(dt),
                                               0, 0, 0);

        next = g_date_time_add_days(mid, 1);
        g_date_time_unref(mid);
    } else {
        int into = g_date_time_get_second(dt)
                   + (unit == 2 ? 60 * g_date_time_get_minute(dt) : 0);

        next = g_date_time_add_seconds(dt, (unit == 2 ? 3600 : 60) - into);
    }
    t = g_date_time_to_unix(next);
    g_date_time_unref(next);
    g_date_time_unref(dt);
    return t > when ? t : when + 1;
}

/* How far ahead the next change of a date_spec is looked for, in its
 * units: past it, the last time looked at is told (a re-read then finds
 * no change and looks further). */
#define SPEC_LOOKAHEAD 400

/* Pacemaker tells no next change for a date_spec; this one looks for the
 * first start of a unit (second, minute, hour or day: the finest field the
 * spec names) at which the outcome differs.  The time found is kept for
 * the spec element (o->spec_changes): the same set read for many
 * resources (rsc_defaults) is looked at once. */
static void
note_spec_change(const rule_ctx_t *c, const xmlNode *spec, bool now_passes)
{
    int unit = 3;
    long long t = c->o->now;
    long long *known;

    if (c->o->next_change == NULL || spec == NULL) {
        return;
    }
    known = c->o->spec_changes != NULL
                ? g_hash_table_lookup(c->o->spec_changes, spec)
                : NULL;
    if (known != NULL) {
        clusapi__pe_note_change(c->o, *known);
        return;
    }
    if (attr(spec, "seconds") != NULL) {
        unit = 0;
    } else if (attr(spec, "minutes") != NULL) {
        unit = 1;
    } else if (attr(spec, "hours") != NULL) {
        unit = 2;
    } else {
        bool any = false;

        for (size_t i = 0; i < G_N_ELEMENTS(spec_fields); i++) {
            any = any || attr(spec, spec_fields[i]) != NULL;
        }
        if (!any) {
            return; /* always passes */
        }
    }
    for (int i = 0; i < SPEC_LOOKAHEAD; i++) {
        t = next_unit(t, unit);
        if (date_spec_passes(spec, t) != now_passes) {
            break;
        }
    }
    if (c->o->spec_changes != NULL) {
        g_hash_table_insert(c->o->spec_changes, (gpointer) spec,
                            g_memdup2(&t, sizeof(t)));
    }
    clusapi__pe_note_change(c->o, t);
}

/* ---- expressions ---- */

/* pe__eval_date_expr: whether it passes at now; the time it changes is
 * noted (exact for gt, lt and in_range) */
static bool
date_expr(const rule_ctx_t *c, const xmlNode *e)
{
    const char *op = attr(e, "operation");
    xmlNode *duration = first_elem(e, "duration");
    long long now = c->o->now;
    cdate_t s, n;
    bool have_s = parse_date(attr(e, "start"), now, &s);
    bool have_e = parse_date(attr(e, "end"), now, &n);
    long long start = 0, end = 0;

    if (have_s && !have_e && duration != NULL) {
        n = s;
        add_duration(&n, duration);
        have_e = true;
    }
    if (have_s) {
        start = to_epoch(&s);
    }
    if (have_e) {
        end = to_epoch(&n);
    }
    if (op == NULL || ieq(op, "in_range")) {
        if (!have_s && !have_e) {
            return false;
        }
        if (have_s && now < start) {
            clusapi__pe_note_change(c->o, start);
            return false;
        }
        if (have_e && now > end) {
            return false;
        }
        if (have_e) {
            clusapi__pe_note_change(c->o, end + 1);
        }
        return true;
    }
    if (ieq(op, "date_spec")) {
        xmlNode *spec = first_elem(e, "date_spec");
        bool pass = spec == NULL || date_spec_passes(spec, now);

        note_spec_change(c, spec, pass);
        return pass;
    }
    if (ieq(op, "gt")) {
        if (!have_s) {
            return false;
        }
        if (now > start) {
            return true;
        }
        clusapi__pe_note_change(c->o, start + 1);
        return false;
    }
    if (ieq(op, "lt")) {
        if (!have_e) {
            return false;
        }
        if (now < end) {
            clusapi__pe_note_change(c->o, end);
            return true;
        }
        return false;
    }
    return false;
}

/* pe__eval_rsc_expr: class and type match when given, provider always
 * (none matches none) */
static bool
rsc_expr(const rule_ctx_t *c, const xmlNode *e)
{
    const char *cls = attr(e, "class"), *prov = attr(e, "provider");
    const char *type = attr(e, "type");

    if (!c->rsc) {
        return false;
    }
    return (cls == NULL || str_eq0(cls, c->rsc_class))
           && str_eq0(prov, c->rsc_provider)
           && (type == NULL || str_eq0(type, c->rsc_type));
}

/* pe__eval_op_expr: the name always, the interval when given */
static bool
op_expr(const rule_ctx_t *c, const xmlNode *e)
{
    const char *iv = attr(e, CL_XA_INTERVAL);

    if (!c->op) {
        return false;
    }
    if (iv != NULL) {
        long long ms = clusapi__pe_msec_of(iv);

        if (ms < 0 || ms != c->op_interval) {
            return false;
        }
    }
    return str_eq0(attr(e, CL_XA_NAME), c->op_name);
}

/* The element an id-ref stands for (expand_idref: the same name, that
 * id, anywhere in the document), else e itself. */
const xmlNode *
clusapi__pe_expand_idref(const xmlNode *e)
{
    const char *ref = attr(e, "id-ref");
    xmlNode *root;
    GQueue q = G_QUEUE_INIT;
    const xmlNode *found = NULL;

    if (ref == NULL || e->doc == NULL
        || (root = xmlDocGetRootElement(e->doc)) == NULL) {
        return e;
    }
    g_queue_push_tail(&q, root);
    while (found == NULL && !g_queue_is_empty(&q)) {
        xmlNode *n = g_queue_pop_head(&q);

        if (n != e && is_elem(n, (const char *) e->name)
            && str_eq0(attr(n, CL_XA_ID), ref)) {
            found = n;
        }
        for (xmlNode *k = n->children; k != NULL; k = k->next) {
            if (k->type == XML_ELEMENT_NODE) {
                g_queue_push_tail(&q, k);
            }
        }
    }
    g_queue_clear(&q);
    return found; /* NULL: a reference to nothing */
}

static bool eval_rule(const rule_ctx_t *c, const xmlNode *rule);

/* pe_eval_subexpr; an element of no known kind fails */
static bool
eval_subexpr(const rule_ctx_t *c, const xmlNode *e)
{
    if (is_elem(e, "rule")) {
        return eval_rule(c, e);
    }
    if (is_elem(e, "date_expression")) {
        return date_expr(c, e);
    }
    if (is_elem(e, "rsc_expression")) {
        return rsc_expr(c, e);
    }
    if (is_elem(e, "op_expression")) {
        return op_expr(c, e);
    }
    /* "expression": a node attribute (#uname, #id, #kind or any other)
     * needs the node's attributes, #role a role; 2.1.5 gives neither where
     * the sets are read (cluster options, node attributes, resource
     * meta attributes, the defaults): false */
    return false;
}

/* pe_eval_expr: "and" unless boolean-op is "or" (any case); the first
 * expression that decides ends it; empty: true for and, false for or */
static bool
eval_rule(const rule_ctx_t *c, const xmlNode *rule)
{
    bool do_and;

    rule = clusapi__pe_expand_idref(rule);
    if (rule == NULL) {
        return false;
    }
    do_and = !ieq(attr(rule, "boolean-op"), "or");
    for (xmlNode *e = first_elem(rule, NULL); e != NULL; e = e->next) {
        bool pass;

        if (e->type != XML_ELEMENT_NODE) {
            continue;
        }
        pass = eval_subexpr(c, e);
        if (pass && !do_and) {
            return true;
        }
        if (!pass && do_and) {
            return false;
        }
    }
    return do_and;
}

bool
clusapi__pe_rule_passes(const rule_ctx_t *c, const xmlNode *rule)
{
    return eval_rule(c, rule);
}

bool
clusapi__pe_set_applies(const rule_ctx_t *c, const xmlNode *set)
{
    bool any = false;

    /* pe_eval_rules: no rule passes; else any of them (the schema allows
     * one) */
    for (xmlNode *r = first_elem(set, "rule"); r != NULL; r = r->next) {
        if (!is_elem(r, "rule")) {
            continue;
        }
        any = true;
        if (eval_rule(c, r)) {
            return true;
        }
    }
    return !any;
}

bool
clusapi__pe_has_rules(const xmlNode *n, bool rsc_op_only)
{
    for (xmlNode *c = first_elem(n, NULL); c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (rsc_op_only ? (is_elem(c, "rsc_expression")
                           || is_elem(c, "op_expression"))
                        : is_elem(c, "rule")) {
            return true;
        }
        if (clusapi__pe_has_rules(c, rsc_op_only)) {
            return true;
        }
    }
    return false;
}

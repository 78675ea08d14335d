/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_history.c - a resource's history on one node unpacked as Pacemaker
 * does: the role, on-fail, failures, pending operations and migrations it
 * gives (§6 and §6.8 of docs/pacemaker-states.md).
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

static cl_pe_failure_t *record_failure(hist_t *h, const op_t *op);

static void
set_active(hist_t *h)
{
    h->role = h->r->promotable ? CL_PE_ROLE_UNPROMOTED : CL_PE_ROLE_STARTED;
}

/* An op's role as unpack_template's template_op_key reads it: Started and
 * Unpromoted are no role. */
static const char *
template_op_role(xmlNode *op)
{
    const char *role = attr(op, "role");

    if (role == NULL || ieq(role, "Started") || ieq(role, "Unpromoted")
        || ieq(role, "Slave")) {
        return "";
    }
    return role;
}

/* unpack_template: a template's op is dropped when the primitive has an
 * op of the same name and role (whatever its interval). */
static bool
template_op_replaced(xmlNode *own_ops, xmlNode *op)
{
    for (xmlNode *c = first_elem(own_ops, "op"); c != NULL; c = c->next) {
        if (is_elem(c, "op")
            && str_eq0(attr(c, CL_XA_NAME), attr(op, CL_XA_NAME))
            && strcmp(template_op_role(c), template_op_role(op)) == 0) {
            return true;
        }
    }
    return false;
}

/* The primitive's configured <op> elements one after the other (c NULL:
 * the first; NULL: no more), as Pacemaker expands a template: the
 * primitive's own, then those of its template it does not replace. */
static xmlNode *
next_op(const cl_pe_rsc_t *r, xmlNode *c)
{
    xmlNode *own = first_elem(r->prim, "operations");
    xmlNode *tmpl = first_elem(clusapi__pe_template_of(r->prim), "operations");
    bool in_own = c == NULL || c->parent == own;

    if (c == NULL) {
        c = own != NULL ? own->children : NULL;
    } else {
        c = c->next;
    }
    for (;;) {
        if (c == NULL) {
            if (!in_own || tmpl == NULL) {
                return NULL;
            }
            in_own = false;
            c = tmpl->children;
        } else if (is_elem(c, "op")
                   && (in_own || !template_op_replaced(own, c))) {
            return c;
        } else {
            c = c->next;
        }
    }
}

/* The configured <op> of the primitive for a task and interval. */
static xmlNode *
op_config(const cl_pe_rsc_t *r, const char *task, long long interval)
{
    for (xmlNode *c = next_op(r, NULL); c != NULL; c = next_op(r, c)) {
        if (str_eq0(attr(c, CL_XA_NAME), task)
            && clusapi__pe_msec_of(attr(c, CL_XA_INTERVAL)) == interval) {
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
    /* unpack_operation: the rules know the resource's agent and the
     * operation */
    xmlNode *prim = h->r->prim;
    rule_ctx_t rc = { .o = h->o, .rsc = true,
                      .rsc_class = attr(prim, "class"),
                      .rsc_provider = attr(prim, "provider"),
                      .rsc_type = attr(prim, "type"), .op = true,
                      .op_name = task, .op_interval = interval };
    const char *v = clusapi__pe_nv_merged(&rc, h->o->op_defaults,
                                          "meta_attributes", "on-fail", false);
    const char *own =
        clusapi__pe_nv_merged(&rc, cfg, "meta_attributes", "on-fail", true);
    bool probe = clusapi__pe_is_probe(task, interval);

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
        /* the first such monitor's on-fail; from 2.1.7 on the last one's
         * (6a79a788e9) */
        bool last = h->o->pcmk >= CL_PE_PCMK(2, 1, 7);

        for (xmlNode *c = next_op(h->r, NULL); c != NULL;
             c = next_op(h->r, c)) {
            const char *role = attr(c, "role");
            const char *of = attr(c, "on-fail");

            if (str_eq0(attr(c, CL_XA_NAME), "monitor")
                && clusapi__pe_msec_of(attr(c, CL_XA_INTERVAL)) > 0
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
    return !h->r->bundled && clusapi__pe_is_probe(op->task, op->interval)
           && (op->rc == 5 || op->rc == 2 || op->status == EXEC_NOT_INSTALLED);
}

/* remap_operation (§6.7); 3.0.0 leaves out what an expired result would
 * record (a degraded result's failure, blocking, the promoted role) */
static void
remap(hist_t *h, const op_t *op, bool expired, int *rc, int *status)
{
    bool expired3 = expired && PCMK3(h);
    const char *task = op->task;
    long long interval = op->interval;
    int target_rc = op->target_rc;
    bool probe = clusapi__pe_is_probe(task, interval);

    /* degraded results: of monitors only, of every action from 2.1.6 on
     * (21f3f62bff) */
    if (str_eq0(task, "monitor") || h->o->pcmk >= CL_PE_PCMK(2, 1, 6)) {
        if (*rc == 190 || *rc == 191) {
            *rc = *rc == 190 ? 0 : 8;
            if (!expired3) {
                record_failure(h, op);
            }
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
            if (!expired3 || *rc == target_rc) {
                h->role = CL_PE_ROLE_PROMOTED;
            }
            break;
        case 191:
        case 9:
            if (!expired3) {
                h->role = CL_PE_ROLE_PROMOTED;
            }
            *status = EXEC_ERROR;
            break;
        case 6:
            *status = EXEC_ERROR_FATAL;
            break;
        case 3:
            if (interval == 0) {
                if (!expired3) {
                    check_recoverable(h, task);
                }
                *status = EXEC_ERROR_HARD;
            } else {
                *status = EXEC_NOT_SUPPORTED;
            }
            break;
        case 5:
        case 2:
        case 4:
            if (!expired3) {
                check_recoverable(h, task);
            }
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
                && clusapi__pe_newer_op(&ops[i], ref, same, pcmk3) > 0) {
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
        clusapi__pe_op_parse(&o, c);
        if (is_non_monitor(o.task)
            && clusapi__pe_newer_op(&o, ref, same, pcmk3) > 0) {
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
        clusapi__pe_op_parse(&o, c);
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
           && clusapi__pe_newer_op(&mon, ref, ref_here, pcmk3) > 0;
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
    f->last_rc_change = clusapi__pe_scan_ll(op->lrc, &lrc) && lrc > 0 ? lrc : 0;
    f->rc = op->rc_missing ? 0 : op->rc;
    f->status = op->status == -2 ? 0 : op->status;
    f->call = op->call;
    f->queued = clusapi__pe_int_value(attr(op->x, "queue-time"), -1);
    f->exec = clusapi__pe_int_value(attr(op->x, "exec-time"), -1);
    f->masked = clusapi__pe_is_probe(op->task, op->interval)
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
                /* with a reconnect_interval, the failure stays until it
                 * expires */
                if (!h->r->reconnect) {
                    h->on_fail = FAIL_IGNORE;
                }
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
    if (clusapi__pe_fail_rank(f) > clusapi__pe_fail_rank(h->on_fail)) {
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
    if (clusapi__pe_is_probe(task, interval) && rc == 5) {
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

/* ---- failure expiry (§6.6) ---- */

/* compare_version(a, b) < 0: dot-separated numbers, a missing one is 0;
 * no version is older than any */
static bool
version_older(const char *a, const char *b)
{
    if (a == NULL || b == NULL) {
        return a == NULL && b != NULL;
    }
    while (*a != '\0' || *b != '\0') {
        char *ea = NULL, *eb = NULL;
        long long va = strtoll(a, &ea, 10);
        long long vb = strtoll(b, &eb, 10);

        if (va != vb) {
            return va < vb;
        }
        if ((*ea != '.' && *ea != '\0') || (*eb != '.' && *eb != '\0')) {
            break; /* not a number */
        }
        a = *ea == '.' ? ea + 1 : ea;
        b = *eb == '.' ? eb + 1 : eb;
    }
    return false;
}

/* "#<op>_<digits>" to the end: the operation part of a failure
 * attribute's name (the regular expression "#.+_[0-9]+$") */
static bool
op_suffix(const char *s)
{
    const char *us = strrchr(s, '_');

    if (s[0] != '#' || us == NULL || us < s + 2 || us[1] == '\0') {
        return false;
    }
    for (const char *p = us + 1; *p != '\0'; p++) {
        if (!g_ascii_isdigit(*p)) {
            return false;
        }
    }
    return true;
}

/* Whether a node attribute's name is one of a resource's failure
 * attributes (generate_fail_regex): "<prefix>-<name>", for an anonymous
 * instance optionally ":<digits>", then "#<op>_<interval>" (2.1 with a
 * CIB older than feature set 3.0.13: nothing) */
static bool
fail_attr_matches(const char *attr_name, const char *prefix,
                  const char *rsc_name, size_t rsc_len, bool unique,
                  bool legacy)
{
    size_t plen = strlen(prefix);
    const char *rest;

    if (strncmp(attr_name, prefix, plen) != 0 || attr_name[plen] != '-'
        || strncmp(attr_name + plen + 1, rsc_name, rsc_len) != 0) {
        return false;
    }
    rest = attr_name + plen + 1 + rsc_len;
    if (legacy ? *rest == '\0' : op_suffix(rest)) {
        return true;
    }
    if (!unique && rest[0] == ':' && g_ascii_isdigit(rest[1])) {
        while (g_ascii_isdigit(*++rest)) {
        }
        return legacy ? *rest == '\0' : op_suffix(rest);
    }
    return false;
}

/* The resource's fail count on this node (pe_get_failcount, the sum of
 * its fail-count attributes, INFINITY at most) and its last failure (the
 * latest of its last-failure attributes, 0 none), from the node's
 * transient attributes.  The name is the history's id (rsc_fail_name),
 * without the instance number for an anonymous clone's. */
static int
fail_count(const hist_t *h, xmlNode *lrm_resource, long long *ret_last)
{
    xmlNode *ns = lrm_resource;
    xmlNode *root = xmlDocGetRootElement(lrm_resource->doc);
    const char *id = attr(lrm_resource, CL_XA_ID);
    const char *colon;
    size_t len;
    bool legacy;
    long long count = 0, last = 0;
    g_autoptr(GHashTable) seen = NULL;

    for (int i = 0; i < 3 && ns != NULL; i++) {
        ns = ns->parent; /* lrm_resources, lrm, node_state */
    }
    if (id == NULL || ns == NULL || !is_elem(ns, CL_XE_NODE_STATE)) {
        *ret_last = 0;
        return 0;
    }
    colon = strrchr(id, ':');
    len = !h->r->unique && colon != NULL ? (size_t) (colon - id) : strlen(id);
    legacy = !PCMK3(h)
             && version_older(attr(root, "crm_feature_set"), "3.0.13");
    seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (xmlNode *set = first_elem(first_elem(ns, CL_XE_TRANSIENT_ATTRIBUTES),
                                   CL_XE_INSTANCE_ATTRIBUTES);
         set != NULL; set = set->next) {
        if (!is_elem(set, CL_XE_INSTANCE_ATTRIBUTES)) {
            continue;
        }
        for (xmlNode *nv = first_elem(set, "nvpair"); nv != NULL;
             nv = nv->next) {
            const char *name = attr(nv, CL_XA_NAME);
            const char *v;
            long long n;

            if (!is_elem(nv, "nvpair") || name == NULL
                || g_hash_table_contains(seen, name)) {
                continue;
            }
            g_hash_table_add(seen, (gpointer) name);
            /* the value the node has for that name (of several: §2.1) */
            v = clusapi__pe_node_attr(h->o, NULL, ns, name);
            if (fail_attr_matches(name, "fail-count", id, len, h->r->unique,
                                  legacy)) {
                count += clusapi__pe_score(v);
                count = CLAMP(count, -1000000, 1000000);
            } else if (fail_attr_matches(name, "last-failure", id, len,
                                         h->r->unique, legacy)
                       && clusapi__pe_scan_ll(v, &n)) {
                last = MAX(last, n);
            }
        }
    }
    *ret_last = count > 0 ? last : 0;
    return (int) count;
}

/* block_failure: the entry is a failure of a configured operation with
 * on-fail=block (is_matched_failure: the resource's last_failure entry,
 * or the operation's own entry with an unexpected result) */
static bool
blocks(const hist_t *h, const op_t *op)
{
    const char *prim_id = attr(h->r->prim, CL_XA_ID);
    xmlNode *ops = first_elem(h->r->prim, "operations");

    if (prim_id == NULL || op->id == NULL) {
        return false;
    }
    for (xmlNode *c = first_elem(ops, "op"); c != NULL; c = c->next) {
        const char *name = attr(c, CL_XA_NAME);
        g_autofree char *lf = NULL;
        g_autofree char *own = NULL;

        if (!is_elem(c, "op") || !str_eq0(attr(c, "on-fail"), "block")
            || name == NULL || op->task == NULL
            || g_ascii_strcasecmp(name, op->task) != 0) {
            continue;
        }
        if (clusapi__pe_msec_of(attr(c, CL_XA_INTERVAL)) != op->interval) {
            continue;
        }
        lf = g_strdup_printf("%s_last_failure_0", prim_id);
        own = g_strdup_printf("%s_%s_%lld", prim_id, name, op->interval);
        if (g_ascii_strcasecmp(op->id, lf) == 0
            || (g_ascii_strcasecmp(op->id, own) == 0
                && op->rc != op->target_rc)) {
            return true;
        }
    }
    return false;
}

/* should_ignore_failure_timeout: a remote connection's recurring monitor
 * with a reconnect_interval (and fencing) waits for its node to be fenced
 * (its node_state's node_fenced) */
static bool
ignore_timeout(const hist_t *h, const op_t *op)
{
    const char *id = attr(h->r->prim, CL_XA_ID);
    xmlNode *root = xmlDocGetRootElement(h->lr->doc);
    xmlNode *status = first_elem(root, CL_XE_STATUS);
    long long fenced = 0;

    if (!h->r->reconnect || !h->o->stonith_enabled || op->interval == 0
        || !str_eq0(op->task, "monitor") || id == NULL) {
        return false;
    }
    for (xmlNode *ns = first_elem(status, CL_XE_NODE_STATE); ns != NULL;
         ns = ns->next) {
        if (is_elem(ns, CL_XE_NODE_STATE) && str_eq0(attr(ns, CL_XA_ID), id)) {
            if (!clusapi__pe_scan_ll(attr(ns, "node_fenced"), &fenced)) {
                fenced = 0;
            }
            break;
        }
    }
    return fenced <= 0;
}

/* check_operation_expiry: whether the entry is older than the resource's
 * failure-timeout and no fail count of the resource on the node is still
 * younger.  *ret_at: the time it expires if it has not (0: never). */
static bool
op_expired(hist_t *h, const op_t *op, long long *ret_at)
{
    long long lrc, last = 0, now = h->o->now, at;
    int fc, unexpired;
    bool expired;

    *ret_at = 0;
    if (h->expiry_s <= 0 || op->status == EXEC_NOT_INSTALLED
        || !clusapi__pe_scan_ll(attr(op->x, "last-rc-change"), &lrc)) {
        return false;
    }
    if (ignore_timeout(h, op)) {
        return false; /* until the node is fenced: a node change */
    }
    expired = now >= lrc + h->expiry_s;
    at = lrc + h->expiry_s;
    fc = fail_count(h, h->lr, &last);
    if (fc > 0 && blocks(h, op)) {
        h->expiry_s = 0; /* failure timeout ignored: on-fail=block */
    }
    unexpired = fc;
    if (fc > 0 && last > 0 && h->expiry_s > 0 && now > last + h->expiry_s) {
        unexpired = 0;
    }
    if (fc > 0) {
        /* the fail count must have expired too */
        if (unexpired > 0) {
            expired = false;
        }
        at = last > 0 && h->expiry_s > 0 ? MAX(at, last + h->expiry_s + 1)
                                         : 0;
    }
    /* a probe that found the resource running or stopped does not expire */
    if (clusapi__pe_is_probe(op->task, op->interval)
        && (op->rc == 0 || op->rc == 7 || op->rc == 8 || op->rc == 190
            || op->rc == 191)) {
        return false;
    }
    if (!expired) {
        *ret_at = at;
    }
    return expired;
}

/* unpack_rsc_op (§6.5) */
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
           && op->interval == f->interval && clusapi__pe_scan_ll(op->lrc, &tc)
           && clusapi__pe_scan_ll(f->lrc, &fc) && fc >= tc;
}

static void
unpack_op(hist_t *h, const op_t *op)
{
    const char *task = op->task;
    int status = op->status;
    int rc = op->rc;
    long long interval = op->interval;
    int target_rc = op->target_rc;
    long long expires_at;
    bool maskable, expired;

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
    expired = op_expired(h, op, &expires_at);
    maskable = mask_probe_failure(h, op);
    remap(h, op, expired, &rc, &status);
    /* an expired failure counts no more (§6.6) */
    if (expired && maskable && op->rc != target_rc) {
        if (h->role <= CL_PE_ROLE_STOPPED) {
            h->role = CL_PE_ROLE_UNKNOWN;
        }
        return;
    }
    if (expired && rc != target_rc
        && (interval == 0 || (h->w->online && !h->w->unclean))) {
        return;
    }
    if (expires_at != 0
        && ((maskable && op->rc != target_rc) || rc != target_rc)) {
        clusapi__pe_note_change(h->o, expires_at); /* it will then */
    }
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
                && !clusapi__pe_is_probe(task, interval)) {
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
                    && clusapi__pe_fail_rank(h->on_fail)
                           <= clusapi__pe_fail_rank(FAIL_RECOVER)) {
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
        clusapi__pe_op_parse(&ops[n], c);
        n++;
    }
    if (n == 0) {
        return;
    }
    if (n > G_N_ELEMENTS(stack_tmp)) {
        tmp = g_new(op_t, n);
    }
    clusapi__pe_merge_sort(ops, n, tmp, o->pcmk >= CL_PE_PCMK(3, 0, 0));
    h.ops = ops;
    h.n_ops = n;
    h.lr = lrm_resource;
    h.expiry_s = clusapi__pe_secs_of(o, r->failure_timeout);
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

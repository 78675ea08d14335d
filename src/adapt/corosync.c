/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * corosync.c - the Corosync adapter (see corosync.h).
 *
 * Membership is pushed by libquorum (model V1: a quorum and a
 * nodelist callback, CS_TRACK_CURRENT | CS_TRACK_CHANGES) through its fd,
 * watched on our context; a callback makes us read a snapshot at once, and
 * the quorum is asked of votequorum then (quorum_getquorate: its quorum
 * callback can lag the nodelist callback).  The nodelist and the knet link
 * states are read
 * from libcmap: the link states live in the stats map
 * (stats.knet.node<N>.link<L>.connected), which is polled
 * (docs/design.md says why polling): every CLUSAPI_CS_POLL_MS after a
 * change, a libquorum callback or a nodelist change, and twice as long
 * after each quiet poll, up to CLUSAPI_CS_POLL_MAX_MS, so an idle cluster
 * wakes us a few times a minute.  The nodelist is read once and again when
 * cmap reports a change under "nodelist." (tracked).  A snapshot is
 * delivered only when it differs from the previous one, so a quiet poll
 * costs one stats read per other node and link, and nothing else.
 */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>
#include <corosync/cmap.h>
#include <corosync/corotypes.h>
#include <corosync/quorum.h>

#include "adapt/corosync.h"

#define CLUSAPI_CS_POLL_MS 500
/* the poll interval while nothing changes: part of how late a link going
 * down can be reported (docs/design.md) */
#define CLUSAPI_CS_POLL_MAX_MS 4000
#define RECONNECT_MIN_MS 200
#define RECONNECT_MAX_MS 2000
/* how long connect waits for libquorum's first membership callback */
#define FIRST_VIEW_MS 2000
/* how long a reconnect waits for the ring to merge with the other nodes */
#define SETTLE_MS 10000

struct cl_cs {
    GMainContext *ctx;
    cl_cs_callbacks_t cb;
    void *ud;
    quorum_handle_t qh;
    cmap_handle_t cmap;
    cmap_handle_t stats;
    bool connected;
    bool ever;        /* a snapshot was delivered once */
    bool lost;        /* the connection was lost since the last snapshot */
    gint64 settle_until; /* monotonic time (µs) a reconnect may wait until */
    GSource *watch;   /* quorum fd */
    GSource *cmap_watch; /* cmap fd: nodelist changes */
    GSource *poll;    /* cmap poll timer */
    guint poll_ms;    /* its interval */
    GSource *retry;   /* reconnect timer */
    guint retry_ms;
    /* pushed by libquorum */
    bool have_view;
    GArray *members;  /* uint32_t */
    cl_cs_snap_t *last; /* the last snapshot delivered (a copy) */
    /* The nodelist (nodes and addresses, no link states), read again only
     * when cmap reports a change under nodelist. (tracked: pushed) */
    cl_cs_snap_t *nodelist;
};

static void schedule_retry(cl_cs_t *c);

/* ---- libquorum callbacks (inside quorum_dispatch) ---- */

static cl_cs_t *
ctx_of(quorum_handle_t h)
{
    const void *p = NULL;

    (void) quorum_context_get(h, &p);
    return (cl_cs_t *) p;
}

static void
set_members(cl_cs_t *c, uint32_t n, const uint32_t *list)
{
    g_array_set_size(c->members, 0);
    g_array_append_vals(c->members, list, n);
}

static void
on_quorum(quorum_handle_t h, uint32_t quorate, struct quorum_ring_id ring,
          uint32_t n, const uint32_t *members)
{
    cl_cs_t *c = ctx_of(h);

    (void) ring;
    (void) quorate; /* asked at each snapshot instead (read_snap) */
    if (c != NULL) {
        set_members(c, n, members);
        c->have_view = true;
    }
}

static void
on_nodelist(quorum_handle_t h, struct quorum_ring_id ring, uint32_t n,
            const uint32_t *members, uint32_t nj, const uint32_t *joined,
            uint32_t nl, const uint32_t *left)
{
    cl_cs_t *c = ctx_of(h);

    (void) ring;
    (void) nj;
    (void) joined;
    (void) nl;
    (void) left;
    if (c != NULL) {
        set_members(c, n, members);
        c->have_view = true;
    }
}

/* ---- snapshots ---- */

static bool
node_equal(const cl_cs_node_t *a, const cl_cs_node_t *b)
{
    if (a->nodeid != b->nodeid || strcmp(a->name, b->name) != 0) {
        return false;
    }
    for (int l = 0; l < CL_CS_MAX_LINKS; l++) {
        if (g_strcmp0(a->addr[l], b->addr[l]) != 0
            || a->connected[l] != b->connected[l]) {
            return false;
        }
    }
    return true;
}

static bool
snap_equal(const cl_cs_snap_t *a, const cl_cs_snap_t *b)
{
    if (a == NULL || b == NULL || a->local_nodeid != b->local_nodeid
        || a->quorate != b->quorate || a->members->len != b->members->len
        || a->nodes->len != b->nodes->len) {
        return false;
    }
    if (memcmp(a->members->data, b->members->data,
               a->members->len * sizeof(uint32_t)) != 0) {
        return false;
    }
    for (guint i = 0; i < a->nodes->len; i++) {
        if (!node_equal(a->nodes->pdata[i], b->nodes->pdata[i])) {
            return false;
        }
    }
    return true;
}

static cl_cs_snap_t *
snap_copy(const cl_cs_snap_t *s)
{
    cl_cs_snap_t *d = clusapi__cs_snap_new();

    d->local_nodeid = s->local_nodeid;
    d->quorate = s->quorate;
    g_array_append_vals(d->members, s->members->data, s->members->len);
    for (guint i = 0; i < s->nodes->len; i++) {
        const cl_cs_node_t *n = s->nodes->pdata[i];
        cl_cs_node_t *m = clusapi__cs_snap_add_node(d, n->nodeid, n->name);

        for (int l = 0; l < CL_CS_MAX_LINKS; l++) {
            m->addr[l] = g_strdup(n->addr[l]);
            m->connected[l] = n->connected[l];
        }
    }
    return d;
}

static gint
cmp_u32(gconstpointer a, gconstpointer b)
{
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;

    return x < y ? -1 : x > y;
}

static char *
cmap_str(cmap_handle_t h, const char *fmt, unsigned pos, const char *field)
{
    char key[CMAP_KEYNAME_MAXLEN + 1];
    char *v = NULL, *r;

    snprintf(key, sizeof(key), fmt, pos, field);
    if (cmap_get_string(h, key, &v) != CS_OK) {
        return NULL;
    }
    r = g_strdup(v);
    free(v);
    return r;
}

/* Read the nodelist and the local node id into c->nodelist; false if
 * Corosync does not answer. */
static bool
read_nodelist(cl_cs_t *c)
{
    cl_cs_snap_t *s = clusapi__cs_snap_new();
    char key[CMAP_KEYNAME_MAXLEN + 1];
    uint32_t pos;
    cs_error_t rc;

    rc = cmap_get_uint32(c->cmap, "runtime.votequorum.this_node_id",
                         &s->local_nodeid);
    if (rc != CS_OK && rc != CS_ERR_NOT_EXIST) {
        clusapi__cs_snap_free(s);
        return false;
    }
    for (pos = 0; pos < 4096; pos++) {
        uint32_t id;
        char *name;
        cl_cs_node_t *n;

        snprintf(key, sizeof(key), "nodelist.node.%u.nodeid", pos);
        rc = cmap_get_uint32(c->cmap, key, &id);
        if (rc == CS_ERR_NOT_EXIST) {
            break;
        }
        if (rc != CS_OK) {
            clusapi__cs_snap_free(s);
            return false;
        }
        name = cmap_str(c->cmap, "nodelist.node.%u.%s", pos, "name");
        n = clusapi__cs_snap_add_node(s, id, name != NULL ? name : "");
        g_free(name);
        for (int l = 0; l < CL_CS_MAX_LINKS; l++) {
            char field[24]; /* room for any int: -O1 checks */

            snprintf(field, sizeof(field), "ring%d_addr", l);
            n->addr[l] = cmap_str(c->cmap, "nodelist.node.%u.%s", pos, field);
        }
        if (n->name[0] == '\0' && n->addr[0] != NULL) {
            /* a nodelist without names: Pacemaker then uses the address */
            g_free(n->name);
            n->name = g_strdup(n->addr[0]);
        }
    }
    if (s->local_nodeid == 0) {
        /* older votequorum: the nodelist position of the local node */
        if (cmap_get_uint32(c->cmap, "nodelist.local_node_pos", &pos) == CS_OK
            && pos < s->nodes->len) {
            s->local_nodeid = ((cl_cs_node_t *) s->nodes->pdata[pos])->nodeid;
        }
    }
    clusapi__cs_snap_free(c->nodelist);
    c->nodelist = s;
    return true;
}

/* The nodelist with the membership, the quorum and the link states; NULL
 * if Corosync does not answer.  A poll costs one stats read per other node
 * and link. */
static cl_cs_snap_t *
read_snap(cl_cs_t *c)
{
    cl_cs_snap_t *s;

    if (c->nodelist == NULL && !read_nodelist(c)) {
        return NULL;
    }
    s = snap_copy(c->nodelist);
    {
        /* asked, not the last callback's: votequorum's quorum callback can
         * come after the nodelist callback of the same change */
        int q = 0;

        if (quorum_getquorate(c->qh, &q) != CS_OK) {
            return clusapi__cs_snap_free(s);
        }
        s->quorate = q != 0;
    }
    g_array_set_size(s->members, 0);
    g_array_append_vals(s->members, c->members->data, c->members->len);
    g_array_sort(s->members, cmp_u32);
    for (guint i = 0; i < s->nodes->len; i++) {
        cl_cs_node_t *n = s->nodes->pdata[i];

        for (int l = 0; l < CL_CS_MAX_LINKS; l++) {
            char key[CMAP_KEYNAME_MAXLEN + 1];
            uint8_t up = 0;
            cs_error_t rc;

            if (n->addr[l] == NULL || n->nodeid == s->local_nodeid) {
                continue;
            }
            snprintf(key, sizeof(key), "stats.knet.node%" PRIu32
                     ".link%d.connected", n->nodeid, l);
            rc = cmap_get_uint8(c->stats, key, &up);
            if (rc != CS_OK && rc != CS_ERR_NOT_EXIST) {
                return clusapi__cs_snap_free(s);
            }
            n->connected[l] = rc == CS_OK && up != 0;
        }
    }
    return s;
}

/* cmap reported a change under "nodelist." (a corosync.conf reload). */
static void
on_nodelist_change(cmap_handle_t h, cmap_track_handle_t th, int32_t event,
                   const char *key, struct cmap_notify_value new_value,
                   struct cmap_notify_value old_value, void *user_data)
{
    cl_cs_t *c = user_data;

    (void) h;
    (void) th;
    (void) event;
    (void) key;
    (void) new_value;
    (void) old_value;
    c->nodelist = clusapi__cs_snap_free(c->nodelist); /* read it again */
}

/* Read and deliver a snapshot if it changed.  1: delivered, or waiting
 * for a reconnect to settle (poll fast); 0: nothing changed; -ENOTCONN:
 * Corosync is gone. */
static int
refresh(cl_cs_t *c)
{
    cl_cs_snap_t *s = read_snap(c);
    bool reconnect;

    if (s == NULL) {
        return -ENOTCONN;
    }
    if (c->ever && !c->lost && snap_equal(s, c->last)) {
        clusapi__cs_snap_free(s);
        return 0;
    }
    if (c->ever && c->lost && g_get_monotonic_time() < c->settle_until
        && ((s->members->len <= 1 && s->nodes->len > 1)
            || (c->last->quorate && !s->quorate))) {
        /* A Corosync that has just started forms a ring of this node alone
         * first, and merges with the others a token timeout or two later,
         * and votequorum says quorate a moment after that: reporting those
         * steps would report every other node gone and back, and the
         * quorum lost and regained.  Wait for the merge (the quorum
         * callback and the poll come back here), at most SETTLE_MS. */
        clusapi__cs_snap_free(s);
        return 1;
    }
    reconnect = c->ever && c->lost;
    clusapi__cs_snap_free(c->last);
    c->last = snap_copy(s);
    c->ever = true;
    c->lost = false;
    c->cb.on_snap(c->ud, s, reconnect);
    return 1;
}

/* ---- connection ---- */

static void
disconnect(cl_cs_t *c)
{
    GSource **srcs[] = { &c->watch, &c->cmap_watch, &c->poll };

    for (size_t i = 0; i < G_N_ELEMENTS(srcs); i++) {
        if (*srcs[i] != NULL) {
            g_source_destroy(*srcs[i]);
            g_source_unref(*srcs[i]);
            *srcs[i] = NULL;
        }
    }
    if (c->qh != 0) {
        (void) quorum_finalize(c->qh);
        c->qh = 0;
    }
    if (c->cmap != 0) {
        (void) cmap_finalize(c->cmap);
        c->cmap = 0;
    }
    if (c->stats != 0) {
        (void) cmap_finalize(c->stats);
        c->stats = 0;
    }
    c->connected = false;
    c->have_view = false;
    c->nodelist = clusapi__cs_snap_free(c->nodelist);
}

/* The connection broke: report it once, then reconnect. */
static void
connection_lost(cl_cs_t *c)
{
    bool was = c->connected;

    disconnect(c);
    if (was && c->ever) {
        c->lost = true;
        c->cb.on_lost(c->ud);
    }
    schedule_retry(c);
}

static gboolean on_poll(gpointer user_data);

/* (Re)start the poll timer: the next poll in ms. */
static void
poll_arm(cl_cs_t *c, guint ms)
{
    if (c->poll != NULL) {
        g_source_destroy(c->poll);
        g_source_unref(c->poll);
    }
    c->poll_ms = ms;
    c->poll = g_timeout_source_new(ms);
    g_source_set_callback(c->poll, on_poll, c, NULL);
    g_source_attach(c->poll, c->ctx);
}

/* Something moved (a libquorum callback, a nodelist change): links may be
 * changing too, so poll fast again. */
static void
poll_fast(cl_cs_t *c)
{
    if (c->poll != NULL && c->poll_ms != CLUSAPI_CS_POLL_MS) {
        poll_arm(c, CLUSAPI_CS_POLL_MS);
    }
}

static gboolean
on_readable(gint fd, GIOCondition cond, gpointer user_data)
{
    cl_cs_t *c = user_data;

    (void) fd;
    /* The links first, with the membership as it was: knet sees a lost
     * node's links go down seconds before Corosync's membership does
     * (docs/design.md), and a backed-off poll may not have read them yet;
     * read now, they are reported before the node leaves, in the order
     * they happened. */
    if ((cond & (G_IO_HUP | G_IO_ERR)) != 0 || refresh(c) < 0
        || quorum_dispatch(c->qh, CS_DISPATCH_ALL) != CS_OK
        || refresh(c) < 0) {
        g_source_unref(c->watch); /* the source is destroyed on return */
        c->watch = NULL;
        connection_lost(c);
        return G_SOURCE_REMOVE;
    }
    poll_fast(c);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_poll(gpointer user_data)
{
    cl_cs_t *c = user_data;
    int rc = refresh(c);
    guint next;

    if (rc < 0) {
        g_source_unref(c->poll);
        c->poll = NULL;
        connection_lost(c);
        return G_SOURCE_REMOVE;
    }
    next = rc > 0 ? CLUSAPI_CS_POLL_MS
                  : MIN(c->poll_ms * 2, CLUSAPI_CS_POLL_MAX_MS);
    if (next == c->poll_ms) {
        return G_SOURCE_CONTINUE;
    }
    poll_arm(c, next); /* destroys this source: removed on return */
    return G_SOURCE_REMOVE;
}

static gboolean
on_cmap_readable(gint fd, GIOCondition cond, gpointer user_data)
{
    cl_cs_t *c = user_data;

    (void) fd;
    if ((cond & (G_IO_HUP | G_IO_ERR)) != 0
        || cmap_dispatch(c->cmap, CS_DISPATCH_ALL) != CS_OK
        || refresh(c) < 0) {
        g_source_unref(c->cmap_watch);
        c->cmap_watch = NULL;
        connection_lost(c);
        return G_SOURCE_REMOVE;
    }
    poll_fast(c);
    return G_SOURCE_CONTINUE;
}

/* Wait for libquorum's first callbacks (CS_TRACK_CURRENT). */
static bool
first_view(cl_cs_t *c, int fd)
{
    gint64 end = g_get_monotonic_time() + FIRST_VIEW_MS * 1000;

    while (!c->have_view) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        gint64 left = (end - g_get_monotonic_time()) / 1000;

        if (left <= 0 || poll(&p, 1, (int) left) <= 0
            || (p.revents & (POLLHUP | POLLERR)) != 0
            || quorum_dispatch(c->qh, CS_DISPATCH_ALL) != CS_OK) {
            return false;
        }
    }
    return true;
}

static int
try_connect(cl_cs_t *c)
{
    quorum_model_v1_data_t md = {
        .model = QUORUM_MODEL_V1,
        .quorum_notify_fn = on_quorum,
        .nodelist_notify_fn = on_nodelist,
    };
    uint32_t qtype = 0;
    cmap_track_handle_t track;
    int fd = -1, cfd = -1;

    if (quorum_model_initialize(&c->qh, QUORUM_MODEL_V1,
                                (quorum_model_data_t *) &md, &qtype, c)
            != CS_OK) {
        c->qh = 0;
        return -ENOTCONN;
    }
    if (quorum_trackstart(c->qh, CS_TRACK_CURRENT | CS_TRACK_CHANGES) != CS_OK
        || quorum_fd_get(c->qh, &fd) != CS_OK
        || cmap_initialize(&c->cmap) != CS_OK
        || cmap_initialize_map(&c->stats, CMAP_MAP_STATS) != CS_OK
        || cmap_fd_get(c->cmap, &cfd) != CS_OK
        || cmap_track_add(c->cmap, "nodelist.",
                          CMAP_TRACK_ADD | CMAP_TRACK_DELETE
                              | CMAP_TRACK_MODIFY | CMAP_TRACK_PREFIX,
                          on_nodelist_change, c, &track) != CS_OK
        || !first_view(c, fd)) {
        disconnect(c);
        return -ENOTCONN;
    }
    c->connected = true;
    c->settle_until =
        g_get_monotonic_time() + SETTLE_MS * G_GINT64_CONSTANT(1000);
    c->watch = g_unix_fd_source_new(fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(c->watch,
                          (GSourceFunc) (void (*)(void)) on_readable, c, NULL);
    g_source_attach(c->watch, c->ctx);
    c->cmap_watch = g_unix_fd_source_new(cfd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(c->cmap_watch,
                          (GSourceFunc) (void (*)(void)) on_cmap_readable, c,
                          NULL);
    g_source_attach(c->cmap_watch, c->ctx);
    poll_arm(c, CLUSAPI_CS_POLL_MS);
    if (refresh(c) < 0) {
        disconnect(c);
        return -ENOTCONN;
    }
    return 0;
}

static gboolean
on_retry(gpointer user_data)
{
    cl_cs_t *c = user_data;

    g_source_unref(c->retry);
    c->retry = NULL;
    if (try_connect(c) == 0) {
        c->retry_ms = RECONNECT_MIN_MS;
    } else {
        c->retry_ms = MIN(c->retry_ms * 2, RECONNECT_MAX_MS);
        schedule_retry(c);
    }
    return G_SOURCE_REMOVE;
}

static void
schedule_retry(cl_cs_t *c)
{
    if (c->retry == NULL) {
        c->retry = g_timeout_source_new(c->retry_ms);
        g_source_set_callback(c->retry, on_retry, c, NULL);
        g_source_attach(c->retry, c->ctx);
    }
}

int
clusapi__cs_connect(GMainContext *ctx, const cl_cs_callbacks_t *cb, void *ud,
                    cl_cs_t **ret_cs)
{
    cl_cs_t *c = g_new0(cl_cs_t, 1);
    int rc;

    c->ctx = ctx;
    c->cb = *cb;
    c->ud = ud;
    c->members = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c->retry_ms = RECONNECT_MIN_MS;
    rc = try_connect(c);
    if (rc != 0) {
        schedule_retry(c);
    }
    *ret_cs = c;
    return rc;
}

cl_cs_t *
clusapi__cs_free(cl_cs_t *c)
{
    if (c != NULL) {
        disconnect(c);
        if (c->retry != NULL) {
            g_source_destroy(c->retry);
            g_source_unref(c->retry);
        }
        g_array_unref(c->members);
        clusapi__cs_snap_free(c->last);
        clusapi__cs_snap_free(c->nodelist);
        g_free(c);
    }
    return NULL;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-port.c - unit tests of core/port.c: matching and keys
 * (docs/windows-api.md 4.1, 4.2), FIFO order, the bound and its overflow
 * RECONNECT (4.7), HANDLE_CLOSE (4.4), waits, timeouts and close from
 * another thread (4.9), the eventfd, and many threads posting and draining
 * at once.  Links the core alone: no cluster, no Pacemaker.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>
#include <glib.h>

#include "clusapi.h"
#include "core/port.h"

#define RECONNECT CLUSTER_CHANGE_CLUSTER_RECONNECT
#define HCLOSE CLUSTER_CHANGE_HANDLE_CLOSE
#define RSTATE CLUSTER_CHANGE_RESOURCE_STATE
#define GSTATE CLUSTER_CHANGE_GROUP_STATE

/* A new port; every test but test_bad_args and
 * test_eventfd_no_descriptors expects one. */
static cl_port_t *
new_port(unsigned max_queued)
{
    cl_port_t *port = NULL;

    assert_int_equal(clusapi__port_new(max_queued, &port), 0);
    assert_non_null(port);
    return port;
}

/* What consume saw. */
typedef struct got {
    uint32_t change;
    uintptr_t key;
    char name[64];
    int calls;
} got_t;

static bool
record(const cl_queued_t *head, void *ctx)
{
    got_t *g = ctx;

    g->change = head->change;
    g->key = head->key;
    g_strlcpy(g->name, head->name, sizeof(g->name));
    g->calls++;
    return true;
}

static bool
take(const cl_queued_t *head, void *ctx)
{
    return record(head, ctx);
}

/* Like GetClusterNotify with a buffer too small: look, leave it queued. */
static bool
peek(const cl_queued_t *head, void *ctx)
{
    (void) record(head, ctx);
    return false;
}

static int
post(cl_port_t *port, uint32_t change, cl_kind_t kind, const char *id,
     const char *name)
{
    cl_event_t *ev = clusapi__event_new(change, kind, id, name);
    int rc = clusapi__port_post(port, ev);

    clusapi__event_free(ev);
    return rc;
}

static int
post_rsc(cl_port_t *port, const char *id)
{
    return post(port, RSTATE, CL_KIND_RESOURCE, id, id);
}

/* Take the next event without waiting and check it. */
static void
expect_next(cl_port_t *port, uint32_t change, uintptr_t key, const char *name)
{
    got_t g = { 0 };

    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    assert_int_equal(g.calls, 1);
    assert_int_equal(g.change, change);
    assert_int_equal(g.key, key);
    assert_string_equal(g.name, name);
}

static void
expect_empty(cl_port_t *port)
{
    got_t g = { 0 };

    assert_int_equal(clusapi__port_queued(port), 0);
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), -ETIMEDOUT);
    assert_int_equal(g.calls, 0);
}

static bool
readable(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static gint64
elapsed_ms(gint64 start)
{
    return (g_get_monotonic_time() - start) / 1000;
}

static void
test_event_new_free(void **state)
{
    char id[] = "rsc1";
    cl_event_t *ev;

    (void) state;
    ev = clusapi__event_new(RSTATE, CL_KIND_RESOURCE, id, "name");
    id[0] = 'X'; /* the event has its own copy */
    assert_int_equal(ev->change, RSTATE);
    assert_int_equal(ev->kind, CL_KIND_RESOURCE);
    assert_string_equal(ev->id, "rsc1");
    assert_string_equal(ev->name, "name");
    assert_null(clusapi__event_free(ev));
    assert_null(clusapi__event_free(NULL));
    ev = clusapi__event_new(RECONNECT, CL_KIND_CLUSTER, NULL, NULL);
    assert_null(ev->id);
    assert_null(ev->name);
    clusapi__event_free(ev);
    assert_null(clusapi__port_unref(NULL));
}

static void
test_bad_args(void **state)
{
    cl_port_t *port = (cl_port_t *) &port;
    cl_event_t *ev = clusapi__event_new(RSTATE, CL_KIND_RESOURCE, "r", "r");
    got_t g = { 0 };

    (void) state;
    assert_int_equal(clusapi__port_new(1, &port), -EINVAL);
    assert_null(port);
    port = new_port(2);
    assert_int_equal(
        clusapi__port_add_object(port, RSTATE, CL_KIND_RESOURCE, NULL, 1, 1),
        -EINVAL);
    assert_int_equal(
        clusapi__port_add_object(port, RSTATE, (cl_kind_t) 42, "r", 1, 1),
        -EINVAL);
    assert_int_equal(clusapi__port_post(port, NULL), -EINVAL);
    assert_int_equal(clusapi__port_post(NULL, ev), -EINVAL);
    assert_int_equal(clusapi__port_wait(port, 0, NULL, &g), -EINVAL);
    assert_int_equal(clusapi__port_wait(NULL, 0, take, &g), -EINVAL);
    assert_int_equal(clusapi__port_fd(NULL), -EINVAL);
    assert_int_equal(clusapi__port_queued(NULL), 0);
    clusapi__port_close(NULL);
    clusapi__port_set_cluster_name(NULL, "x");
    clusapi__event_free(ev);
    clusapi__port_unref(port);
}

/* docs/windows-api.md 4.1: a port with no filters stays empty. */
static void
test_no_filters(void **state)
{
    cl_port_t *port = new_port(16);

    (void) state;
    assert_int_equal(post_rsc(port, "r1"), 0);
    assert_int_equal(
        post(port, CLUSTER_CHANGE_CLUSTER_STATE, CL_KIND_CLUSTER, NULL, "clu"),
        0);
    assert_int_equal(clusapi__port_cluster_closed(port, "clu"), 0);
    assert_int_equal(clusapi__port_handle_closed(port, 1, "x"), 0);
    expect_empty(port);
    assert_false(readable(clusapi__port_fd(port)));
    clusapi__port_unref(port);
}

static void
test_fifo(void **state)
{
    cl_port_t *port = new_port(64);
    char name[16];

    (void) state;
    assert_int_equal(clusapi__port_add_filter(port, RSTATE | GSTATE, 10), 0);
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof(name), "o%d", i);
        assert_int_equal(post(port, (i % 3) ? RSTATE : GSTATE,
                              (i % 3) ? CL_KIND_RESOURCE : CL_KIND_GROUP, name,
                              name),
                         1);
        /* not asked for: dropped, order unaffected */
        assert_int_equal(
            post(port, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, "n", "n"), 0);
    }
    assert_int_equal(clusapi__port_queued(port), 20);
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof(name), "o%d", i);
        expect_next(port, (i % 3) ? RSTATE : GSTATE, 10, name);
    }
    expect_empty(port);
    clusapi__port_unref(port);
}

/* Each copy carries the key of the filter that matched. */
static void
test_key_per_filter(void **state)
{
    cl_port_t *port = new_port(16);

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 0x1111);
    clusapi__port_add_filter(port, GSTATE, 0x2222);
    clusapi__port_add_filter(port, CLUSTER_CHANGE_NODE_STATE, UINTPTR_MAX);
    assert_int_equal(post(port, GSTATE, CL_KIND_GROUP, "g", "grp"), 1);
    assert_int_equal(post_rsc(port, "rsc"), 1);
    assert_int_equal(
        post(port, CLUSTER_CHANGE_NODE_STATE, CL_KIND_NODE, "1", "node1"), 1);
    expect_next(port, GSTATE, 0x2222, "grp");
    expect_next(port, RSTATE, 0x1111, "rsc");
    expect_next(port, CLUSTER_CHANGE_NODE_STATE, UINTPTR_MAX, "node1");
    expect_empty(port);
    clusapi__port_unref(port);
}

/* docs/windows-api.md 4.1: one change matched by two filters gives two
 * events. */
static void
test_two_filters_two_copies(void **state)
{
    cl_port_t *port = new_port(16);

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    clusapi__port_add_object(port, RSTATE, CL_KIND_RESOURCE, "r1", 2, 100);
    clusapi__port_add_filter(port, RSTATE | GSTATE, 3);
    assert_int_equal(post_rsc(port, "r1"), 3);
    assert_int_equal(post_rsc(port, "r2"), 2);
    expect_next(port, RSTATE, 1, "r1");
    expect_next(port, RSTATE, 2, "r1");
    expect_next(port, RSTATE, 3, "r1");
    expect_next(port, RSTATE, 1, "r2");
    expect_next(port, RSTATE, 3, "r2");
    expect_empty(port);
    clusapi__port_unref(port);
}

static void
test_object_registration(void **state)
{
    cl_port_t *port = new_port(16);

    (void) state;
    clusapi__port_add_object(port, RSTATE | CLUSTER_CHANGE_RESOURCE_DELETED,
                             CL_KIND_RESOURCE, "r1", 7, 100);
    assert_int_equal(post_rsc(port, "r2"), 0); /* other id */
    assert_int_equal(post(port, GSTATE, CL_KIND_GROUP, "r1", "r1"), 0);
    assert_int_equal(post(port, RSTATE, CL_KIND_GROUP, "r1", "r1"), 0);
    assert_int_equal(post(port, CLUSTER_CHANGE_RESOURCE_PROPERTY,
                          CL_KIND_RESOURCE, "r1", "r1"),
                     0); /* bit not in mask */
    assert_int_equal(post(port, RSTATE, CL_KIND_RESOURCE, NULL, "r1"), 0);
    expect_empty(port);
    assert_int_equal(post(port, RSTATE, CL_KIND_RESOURCE, "r1", "Rsc One"), 1);
    assert_int_equal(post(port, CLUSTER_CHANGE_RESOURCE_DELETED,
                          CL_KIND_RESOURCE, "r1", "Rsc One"),
                     1);
    expect_next(port, RSTATE, 7, "Rsc One");
    expect_next(port, CLUSTER_CHANGE_RESOURCE_DELETED, 7, "Rsc One");
    expect_empty(port);
    clusapi__port_unref(port);
}

/* Registry events (docs/windows-api.md 4.6): a registration on a key gets
 * its own values and its direct subkeys created or deleted, SUBTREE
 * anything below it, each named relative to the key; a class filter is a
 * registration on the root.  Other kinds' registrations get none. */
static void
test_registry_events(void **state)
{
    const uint32_t VAL = CLUSTER_CHANGE_REGISTRY_VALUE;
    const uint32_t NAME = CLUSTER_CHANGE_REGISTRY_NAME;
    const uint32_t SUB = CLUSTER_CHANGE_REGISTRY_SUBTREE;
    cl_port_t *port = new_port(32);
    cl_port_t *all = new_port(32);
    cl_port_t *top = new_port(32);

    (void) state;
    assert_false(clusapi__port_wants_registry(port));
    clusapi__port_add_object(port, VAL | NAME, CL_KIND_REGISTRY,
                             "Resources\\ip", 1, 100);
    clusapi__port_add_object(port, VAL | NAME | SUB, CL_KIND_REGISTRY,
                             "Resources", 2, 101);
    clusapi__port_add_object(port, RSTATE, CL_KIND_RESOURCE, "ip", 3, 102);
    assert_true(clusapi__port_wants_registry(port));
    clusapi__port_add_filter(all, VAL | NAME | SUB, 4);
    clusapi__port_add_filter(top, VAL | NAME, 5);

    /* a value of Resources\ip */
    post(port, VAL, CL_KIND_REGISTRY, "Resources\\ip", "Resources\\ip");
    post(all, VAL, CL_KIND_REGISTRY, "Resources\\ip", "Resources\\ip");
    post(top, VAL, CL_KIND_REGISTRY, "Resources\\ip", "Resources\\ip");
    expect_next(port, VAL, 1, "");
    expect_next(port, VAL, 2, "ip");
    expect_empty(port);
    expect_next(all, VAL, 4, "Resources\\ip");
    expect_empty(top); /* the root's own values only */
    /* a value of its Parameters: only with SUBTREE */
    post(port, VAL, CL_KIND_REGISTRY, "Resources\\ip\\Parameters", "x");
    expect_next(port, VAL, 2, "ip\\Parameters");
    expect_empty(port);
    /* a resource created: Resources\new and Resources\new\Parameters */
    post(port, NAME, CL_KIND_REGISTRY, "Resources\\new", "x");
    post(port, NAME, CL_KIND_REGISTRY, "Resources\\new\\Parameters", "x");
    expect_next(port, NAME, 2, "new");
    expect_next(port, NAME, 2, "new\\Parameters");
    expect_empty(port);
    /* a cluster option: the root's value; a key named like a prefix */
    post(top, VAL, CL_KIND_REGISTRY, "", "");
    post(top, NAME, CL_KIND_REGISTRY, "Nodes", "Nodes");
    post(top, NAME, CL_KIND_REGISTRY, "Nodes\\n3", "Nodes\\n3");
    expect_next(top, VAL, 5, "");
    expect_next(top, NAME, 5, "Nodes");
    expect_empty(top);
    post(port, VAL, CL_KIND_REGISTRY, "Resources\\ipx", "x");
    post(port, VAL, CL_KIND_REGISTRY, "ResourcesX\\ip", "x");
    expect_next(port, VAL, 2, "ipx"); /* below Resources, not ip's */
    expect_empty(port);
    /* a registry bit is no other event's */
    assert_int_equal(post(port, RSTATE, CL_KIND_REGISTRY, "Resources\\ip",
                          "x"),
                     0);
    /* HANDLE_CLOSE of a key's registrations ends them */
    clusapi__port_add_object(port, VAL | CLUSTER_CHANGE_HANDLE_CLOSE,
                             CL_KIND_REGISTRY, "Groups", 6, 103);
    assert_int_equal(clusapi__port_handle_closed(port, 103, "Groups"), 1);
    expect_next(port, CLUSTER_CHANGE_HANDLE_CLOSE, 6, "Groups");
    post(port, VAL, CL_KIND_REGISTRY, "Groups", "x");
    expect_empty(port);
    clusapi__port_unref(port);
    clusapi__port_unref(all);
    clusapi__port_unref(top);
}

/* Cluster-wide events match class filters by bit and registrations on the
 * cluster handle whatever the event's id. */
static void
test_cluster_events(void **state)
{
    cl_port_t *port = new_port(16);

    (void) state;
    clusapi__port_add_filter(port, RECONNECT | CLUSTER_CHANGE_QUORUM_STATE, 1);
    clusapi__port_add_object(port, CLUSTER_CHANGE_CLUSTER_STATE,
                             CL_KIND_CLUSTER, NULL, 2, 200);
    clusapi__port_add_object(port, CLUSTER_CHANGE_CLUSTER_STATE, CL_KIND_NODE,
                             "n1", 3, 300);
    assert_int_equal(post(port, CLUSTER_CHANGE_CLUSTER_STATE, CL_KIND_CLUSTER,
                          "whatever", "clu"),
                     1);
    assert_int_equal(post(port, RECONNECT, CL_KIND_CLUSTER, NULL, "clu"), 1);
    assert_int_equal(
        post(port, CLUSTER_CHANGE_QUORUM_STATE, CL_KIND_CLUSTER, NULL, "clu"),
        1);
    assert_int_equal(post(port, CLUSTER_CHANGE_CLUSTER_PROPERTY,
                          CL_KIND_CLUSTER, NULL, "clu"),
                     0);
    expect_next(port, CLUSTER_CHANGE_CLUSTER_STATE, 2, "clu");
    expect_next(port, RECONNECT, 1, "clu");
    expect_next(port, CLUSTER_CHANGE_QUORUM_STATE, 1, "clu");
    expect_empty(port);
    clusapi__port_unref(port);
}

/* docs/windows-api.md 4.3: no name is the empty string. */
static void
test_null_name(void **state)
{
    cl_port_t *port = new_port(4);

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 5);
    assert_int_equal(post(port, RSTATE, CL_KIND_RESOURCE, "r", NULL), 1);
    expect_next(port, RSTATE, 5, "");
    clusapi__port_unref(port);
}

static void
test_consume_false_keeps_head(void **state)
{
    cl_port_t *port = new_port(16);
    got_t g = { 0 };

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    post_rsc(port, "a");
    post_rsc(port, "b");
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(clusapi__port_wait(port, 0, peek, &g), 0);
        assert_int_equal(g.calls, i);
        assert_string_equal(g.name, "a");
        assert_int_equal(clusapi__port_queued(port), 2);
    }
    expect_next(port, RSTATE, 1, "a");
    assert_int_equal(clusapi__port_wait(port, 0, peek, &g), 0);
    assert_string_equal(g.name, "b");
    expect_next(port, RSTATE, 1, "b");
    expect_empty(port);
    clusapi__port_unref(port);
}

/* ---- waiting */

static void
test_poll_timeout(void **state)
{
    cl_port_t *port = new_port(4);
    gint64 start;
    got_t g = { 0 };

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    start = g_get_monotonic_time();
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), -ETIMEDOUT);
    assert_true(elapsed_ms(start) < 100);
    assert_int_equal(g.calls, 0);
    clusapi__port_unref(port);
}

static void
test_finite_timeout(void **state)
{
    cl_port_t *port = new_port(4);
    gint64 start, ms;
    got_t g = { 0 };

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    start = g_get_monotonic_time();
    assert_int_equal(clusapi__port_wait(port, 200, take, &g), -ETIMEDOUT);
    ms = elapsed_ms(start);
    assert_true(ms >= 200);
    assert_true(ms < 2000);
    assert_int_equal(g.calls, 0);
    clusapi__port_unref(port);
}

typedef struct delayed {
    cl_port_t *port;
    gulong delay_us;
} delayed_t;

static gpointer
post_later(gpointer data)
{
    delayed_t *d = data;

    g_usleep(d->delay_us);
    (void) post_rsc(d->port, "late");
    return NULL;
}

static void
check_woken_by_post(uint32_t timeout_ms)
{
    cl_port_t *port = new_port(4);
    delayed_t d = { port, 150 * 1000 };
    GThread *t;
    gint64 start, ms;
    got_t g = { 0 };

    clusapi__port_add_filter(port, RSTATE, 9);
    start = g_get_monotonic_time();
    t = g_thread_new("poster", post_later, &d);
    assert_int_equal(clusapi__port_wait(port, timeout_ms, take, &g), 0);
    ms = elapsed_ms(start);
    g_thread_join(t);
    assert_int_equal(g.calls, 1);
    assert_int_equal(g.key, 9);
    assert_string_equal(g.name, "late");
    assert_true(ms >= 100); /* it did wait */
    assert_true(ms < 5000); /* and woke on the post, not the timeout */
    expect_empty(port);
    clusapi__port_unref(port);
}

static void
test_infinite_woken_by_post(void **state)
{
    (void) state;
    check_woken_by_post(UINT32_MAX);
}

static void
test_finite_woken_by_post(void **state)
{
    (void) state;
    check_woken_by_post(30000);
}

/* A diff's events in one call: every copy in order, nothing queued on bad
 * input, the overflow rule applied event by event. */
static void
test_post_many(void **state)
{
    cl_event_t *ev[3] = {
        clusapi__event_new(RSTATE, CL_KIND_RESOURCE, "a", "a"),
        clusapi__event_new(GSTATE, CL_KIND_GROUP, "b", "b"),
        clusapi__event_new(RSTATE, CL_KIND_RESOURCE, "c", "c"),
    };
    const cl_event_t *const *evs = (const cl_event_t *const *) ev;
    const cl_event_t *with_null[2] = { ev[0], NULL };
    cl_port_t *port = new_port(32);
    cl_port_t *small = new_port(4);

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    clusapi__port_add_filter(port, GSTATE, 2);
    clusapi__port_add_filter(port, RSTATE | GSTATE, 3);
    assert_int_equal(clusapi__port_post_many(port, evs, 3), 6);
    expect_next(port, RSTATE, 1, "a");
    expect_next(port, RSTATE, 3, "a");
    expect_next(port, GSTATE, 2, "b");
    expect_next(port, GSTATE, 3, "b");
    expect_next(port, RSTATE, 1, "c");
    expect_next(port, RSTATE, 3, "c");
    expect_empty(port);

    assert_int_equal(clusapi__port_post_many(port, NULL, 0), 0);
    assert_int_equal(clusapi__port_post_many(port, evs, 0), 0);
    assert_int_equal(clusapi__port_post_many(port, NULL, 1), -EINVAL);
    assert_int_equal(clusapi__port_post_many(NULL, evs, 3), -EINVAL);
    assert_int_equal(clusapi__port_post_many(port, with_null, 2), -EINVAL);
    expect_empty(port); /* not even the event before the NULL */
    assert_false(readable(clusapi__port_fd(port)));

    /* 2 x 3 events into 4 places: the oldest dropped as in one-by-one
     * posting, one RECONNECT last */
    clusapi__port_set_cluster_name(small, "clu");
    clusapi__port_add_filter(small, RSTATE | GSTATE | RECONNECT, 7);
    assert_int_equal(clusapi__port_post_many(small, evs, 3), 3);
    assert_int_equal(clusapi__port_post_many(small, evs, 3), 3);
    assert_int_equal(clusapi__port_queued(small), 4);
    expect_next(small, RSTATE, 7, "a"); /* 'b' of the second call made */
    expect_next(small, GSTATE, 7, "b"); /* room for itself and RECONNECT */
    expect_next(small, RSTATE, 7, "c");
    expect_next(small, RECONNECT, 7, "clu");
    expect_empty(small);

    clusapi__port_close(port);
    assert_int_equal(clusapi__port_post_many(port, evs, 3), -EBADF);
    for (int i = 0; i < 3; i++) {
        clusapi__event_free(ev[i]);
    }
    clusapi__port_unref(port);
    clusapi__port_unref(small);
}

enum { N_WAITERS = 8 };

typedef struct waiter {
    cl_port_t *port;
    uint32_t timeout_ms;
    int rc;
    got_t g;
} waiter_t;

static gpointer
wait_thread(gpointer data)
{
    waiter_t *w = data;

    w->rc = clusapi__port_wait(w->port, w->timeout_ms, take, &w->g);
    return NULL;
}

/* A wait is woken by a HANDLE_CLOSE as by any other queued event (the
 * wake-up goes only to threads that wait: this one does). */
static void
test_woken_by_handle_close(void **state)
{
    cl_port_t *port = new_port(4);
    waiter_t w = { .port = port, .timeout_ms = UINT32_MAX, .rc = 1 };
    GThread *t;

    (void) state;
    clusapi__port_add_object(port, HCLOSE, CL_KIND_RESOURCE, "r1", 5, 100);
    t = g_thread_new("waiter", wait_thread, &w);
    g_usleep(150 * 1000);
    assert_int_equal(clusapi__port_handle_closed(port, 100, "r1"), 1);
    g_thread_join(t);
    assert_int_equal(w.rc, 0);
    assert_int_equal(w.g.calls, 1);
    assert_int_equal(w.g.change, HCLOSE);
    assert_int_equal(w.g.key, 5);
    expect_empty(port);
    clusapi__port_unref(port);
}

/* docs/windows-api.md 4.9: a close wakes every waiter, and each returns
 * -EBADF. */
static void
test_close_wakes_all(void **state)
{
    cl_port_t *port = new_port(16);
    waiter_t w[N_WAITERS];
    GThread *t[N_WAITERS];
    gint64 start;

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    for (int i = 0; i < N_WAITERS; i++) {
        w[i] = (waiter_t){ .port = port, .rc = 1 };
        /* half forever, half with a long finite timeout */
        w[i].timeout_ms = (i % 2) ? UINT32_MAX : 60000;
        t[i] = g_thread_new("waiter", wait_thread, &w[i]);
    }
    g_usleep(200 * 1000); /* let them all block */
    start = g_get_monotonic_time();
    clusapi__port_close(port);
    for (int i = 0; i < N_WAITERS; i++) {
        g_thread_join(t[i]);
        assert_int_equal(w[i].rc, -EBADF);
        assert_int_equal(w[i].g.calls, 0);
    }
    assert_true(elapsed_ms(start) < 5000);

    /* closed for good; close is idempotent */
    clusapi__port_close(port);
    assert_int_equal(clusapi__port_fd(port), -EBADF);
    assert_int_equal(post_rsc(port, "r"), -EBADF);
    assert_int_equal(clusapi__port_add_filter(port, RSTATE, 2), -EBADF);
    assert_int_equal(
        clusapi__port_add_object(port, RSTATE, CL_KIND_RESOURCE, "r", 1, 1),
        -EBADF);
    assert_int_equal(clusapi__port_handle_closed(port, 1, "r"), -EBADF);
    assert_int_equal(clusapi__port_cluster_closed(port, "c"), -EBADF);
    assert_int_equal(clusapi__port_wait(port, 0, take, &w[0].g), -EBADF);
    assert_int_equal(clusapi__port_wait(port, UINT32_MAX, take, &w[0].g),
                     -EBADF);
    assert_int_equal(clusapi__port_queued(port), 0);
    clusapi__port_unref(port);
}

/* The waiter holds no reference of its own: the wait's reference is what
 * keeps the port alive when another thread closes it and drops the last
 * one (ASan reports a use after free otherwise). */
static void
test_close_unref_while_waiting(void **state)
{
    cl_port_t *port = new_port(16);
    waiter_t w = { .port = port, .timeout_ms = UINT32_MAX, .rc = 1 };
    GThread *t;

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    t = g_thread_new("waiter", wait_thread, &w);
    g_usleep(200 * 1000);
    clusapi__port_close(port);
    clusapi__port_unref(port);
    g_thread_join(t);
    assert_int_equal(w.rc, -EBADF);
}

/* Queued events are discarded by close. */
static void
test_close_discards(void **state)
{
    cl_port_t *port = new_port(16);
    got_t g = { 0 };

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    post_rsc(port, "a");
    post_rsc(port, "b");
    clusapi__port_close(port);
    assert_int_equal(clusapi__port_queued(port), 0);
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), -EBADF);
    assert_int_equal(g.calls, 0);
    clusapi__port_unref(port);
}

/* ---- the bound (docs/windows-api.md 4.7) */

/* Drain the port and check it holds exactly names[first..last] and then
 * one overflow RECONNECT (key, cluster name). */
static void
expect_overflowed(cl_port_t *port, int first, int last, uintptr_t key,
                  uintptr_t rkey, const char *cluster)
{
    char name[16];

    for (int i = first; i <= last; i++) {
        snprintf(name, sizeof(name), "e%d", i);
        expect_next(port, RSTATE, key, name);
    }
    expect_next(port, RECONNECT, rkey, cluster);
    expect_empty(port);
}

static void
post_numbered(cl_port_t *port, int from, int to, unsigned max)
{
    char name[16];

    for (int i = from; i <= to; i++) {
        snprintf(name, sizeof(name), "e%d", i);
        assert_int_equal(post(port, RSTATE, CL_KIND_RESOURCE, name, name), 1);
        assert_true(clusapi__port_queued(port) <= max);
        assert_true(readable(clusapi__port_fd(port)));
    }
}

static void
test_overflow(void **state)
{
    enum { MAX = 8, K = 5 };
    cl_port_t *port = new_port(MAX);

    (void) state;
    clusapi__port_set_cluster_name(port, "clu");
    clusapi__port_add_filter(port, RSTATE, 1);
    clusapi__port_add_filter(port, GSTATE, 2);
    clusapi__port_add_filter(port, RECONNECT | GSTATE, 3);
    post_numbered(port, 0, MAX - 1, MAX);
    assert_int_equal(clusapi__port_queued(port), MAX);
    post_numbered(port, MAX, MAX + K - 1, MAX);
    assert_int_equal(clusapi__port_queued(port), MAX);
    /* the oldest K + 1 dropped (one more to make room for the RECONNECT),
     * the newest kept, one RECONNECT last with the key of the first class
     * filter asking for RECONNECT */
    expect_overflowed(port, K + 1, MAX + K - 1, 1, 3, "clu");
    assert_false(readable(clusapi__port_fd(port)));
    clusapi__port_unref(port);
}

/* A class filter of 0 asks for nothing: no event, and its key is not the
 * overflow RECONNECT's (the first filter's when none asks for RECONNECT). */
static void
test_zero_filter(void **state)
{
    enum { MAX = 4 };
    cl_port_t *port = new_port(MAX);

    (void) state;
    clusapi__port_set_cluster_name(port, "clu");
    assert_int_equal(clusapi__port_add_filter(port, 0, 7), 0);
    assert_int_equal(post_rsc(port, "r"), 0);
    expect_empty(port);
    clusapi__port_add_filter(port, RSTATE, 8);
    post_numbered(port, 0, MAX + 1, MAX);
    expect_overflowed(port, 3, MAX + 1, 8, 8, "clu");
    clusapi__port_unref(port);
}

/* RECONNECT comes even if no filter asks for it, with the key of the first
 * filter; never a second one while the first is queued, and a new one for
 * a new overflow once it has been taken. */
static void
test_overflow_single_reconnect(void **state)
{
    enum { MAX = 6 };
    cl_port_t *port = new_port(MAX);
    got_t g = { 0 };
    int reconnects = 0;

    (void) state;
    clusapi__port_add_object(port, RSTATE, CL_KIND_RESOURCE, "other", 40, 100);
    clusapi__port_add_filter(port, RSTATE, 41);
    clusapi__port_set_cluster_name(port, "c1");
    post_numbered(port, 0, 99, MAX);
    assert_int_equal(clusapi__port_queued(port), MAX);
    expect_next(port, RSTATE, 41, "e95");
    expect_next(port, RSTATE, 41, "e96");
    /* room for two: used without dropping, behind the RECONNECT */
    post_numbered(port, 100, 101, MAX);
    assert_int_equal(clusapi__port_queued(port), MAX);
    /* full again, RECONNECT still queued: no second one */
    clusapi__port_set_cluster_name(port, "c2");
    post_numbered(port, 102, 110, MAX);
    assert_int_equal(clusapi__port_queued(port), MAX);
    while (clusapi__port_wait(port, 0, take, &g) == 0) {
        if (g.change == RECONNECT) {
            reconnects++;
            assert_int_equal(g.key, 40);
            assert_string_equal(g.name, "c1");
        } else {
            assert_int_equal(g.key, 41);
        }
    }
    assert_int_equal(reconnects, 1);
    assert_string_equal(g.name, "e110");

    /* taken: the next overflow brings a new one */
    post_numbered(port, 200, 200 + MAX, MAX);
    expect_overflowed(port, 202, 200 + MAX, 41, 40, "c2");
    clusapi__port_unref(port);
}

static void
test_overflow_smallest(void **state)
{
    cl_port_t *port = new_port(2);

    (void) state;
    clusapi__port_add_filter(port, RSTATE | RECONNECT, 1);
    post_numbered(port, 0, 2, 2);
    assert_int_equal(clusapi__port_queued(port), 2);
    post_numbered(port, 3, 3, 2);
    expect_overflowed(port, 3, 3, 1, 1, "");
    clusapi__port_unref(port);
}

/* The eventfd is readable exactly while something is queued. */
static void
test_eventfd(void **state)
{
    cl_port_t *port = new_port(4);
    int fd = clusapi__port_fd(port);
    got_t g = { 0 };

    (void) state;
    assert_true(fd >= 0);
    clusapi__port_add_filter(port, RSTATE, 1);
    assert_false(readable(fd));
    post_rsc(port, "a");
    assert_true(readable(fd));
    post_rsc(port, "b");
    assert_true(readable(fd));
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    assert_true(readable(fd));
    assert_int_equal(clusapi__port_wait(port, 0, peek, &g), 0);
    assert_true(readable(fd));
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    assert_false(readable(fd));
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), -ETIMEDOUT);
    assert_false(readable(fd));
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10; i++) { /* through an overflow */
            post_rsc(port, "x");
            assert_true(readable(fd));
        }
        while (clusapi__port_queued(port) > 0) {
            assert_true(readable(fd));
            assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
        }
        assert_false(readable(fd));
    }
    assert_int_equal(clusapi__port_handle_closed(port, 7, "x"), 0);
    assert_false(readable(fd));
    clusapi__port_add_filter(port, HCLOSE, 2);
    assert_int_equal(clusapi__port_cluster_closed(port, "c"), 1);
    assert_true(readable(fd));
    clusapi__port_close(port);
    assert_int_equal(clusapi__port_fd(port), -EBADF);
    clusapi__port_unref(port);
}

/* The eventfd follows the queue from the first clusapi__port_fd on: events
 * queued before it make it readable at once; the same descriptor on every
 * later call; -EBADF once closed. */
static void
test_eventfd_late(void **state)
{
    cl_port_t *port = new_port(4);
    got_t g = { 0 };
    int fd;

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    post_rsc(port, "a");
    post_rsc(port, "b");
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    fd = clusapi__port_fd(port);
    assert_true(fd >= 0);
    assert_int_equal(clusapi__port_fd(port), fd);
    assert_true(readable(fd));
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    assert_false(readable(fd));
    post_rsc(port, "c");
    assert_true(readable(fd));
    clusapi__port_close(port);
    assert_int_equal(clusapi__port_fd(port), -EBADF);
    clusapi__port_unref(port);

    /* asked for only once it is empty again: not readable */
    port = new_port(4);
    clusapi__port_add_filter(port, RSTATE, 1);
    post_rsc(port, "a");
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    fd = clusapi__port_fd(port);
    assert_true(fd >= 0);
    assert_false(readable(fd));
    clusapi__port_unref(port);
}

/* The eventfd is made with the port: with no descriptor left, making a
 * port fails with -EMFILE and makes nothing, while a port made before
 * gives its descriptor all the same, readable for what is queued. */
static void
test_eventfd_no_descriptors(void **state)
{
    cl_port_t *port = new_port(4);
    cl_port_t *none = (cl_port_t *) &none;
    struct rlimit old, tight;
    got_t g = { 0 };
    int rc;
    int fd;

    (void) state;
    clusapi__port_add_filter(port, RSTATE, 1);
    post_rsc(port, "a");
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    tight = old;
    tight.rlim_cur = 0;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
    rc = clusapi__port_new(4, &none);
    fd = clusapi__port_fd(port);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_int_equal(rc, -EMFILE);
    assert_null(none);
    assert_true(fd >= 0);
    assert_true(readable(fd));
    assert_int_equal(clusapi__port_wait(port, 0, take, &g), 0);
    assert_false(readable(fd));
    clusapi__port_unref(port);
}

/* ---- HANDLE_CLOSE (docs/windows-api.md 4.4) */

static void
test_handle_closed(void **state)
{
    cl_port_t *port = new_port(32);

    (void) state;
    clusapi__port_add_filter(port, HCLOSE | RSTATE, 1);
    clusapi__port_add_object(port, RSTATE | HCLOSE, CL_KIND_RESOURCE, "r1", 11,
                             100);
    clusapi__port_add_object(port, GSTATE, CL_KIND_GROUP, "g1", 12, 100);
    clusapi__port_add_object(port, RSTATE | HCLOSE, CL_KIND_RESOURCE, "r1", 13,
                             100);
    clusapi__port_add_object(port, RSTATE | HCLOSE, CL_KIND_RESOURCE, "r1", 14,
                             200);

    /* one per registration of that handle asking for it, its key, the
     * name given; not the class filter, not the other handle */
    assert_int_equal(clusapi__port_handle_closed(port, 100, "Rsc One"), 2);
    expect_next(port, HCLOSE, 11, "Rsc One");
    expect_next(port, HCLOSE, 13, "Rsc One");
    expect_empty(port);

    /* all its registrations are gone, the HANDLE_CLOSE-less one too */
    assert_int_equal(post_rsc(port, "r1"), 2);
    expect_next(port, RSTATE, 1, "r1");
    expect_next(port, RSTATE, 14, "r1");
    assert_int_equal(post(port, GSTATE, CL_KIND_GROUP, "g1", "g1"), 0);
    assert_int_equal(clusapi__port_handle_closed(port, 100, "again"), 0);
    expect_empty(port);

    assert_int_equal(clusapi__port_handle_closed(port, 200, NULL), 1);
    expect_next(port, HCLOSE, 14, "");
    assert_int_equal(post_rsc(port, "r1"), 1);
    expect_next(port, RSTATE, 1, "r1");
    expect_empty(port);
    clusapi__port_unref(port);
}

static void
test_cluster_closed(void **state)
{
    cl_port_t *port = new_port(32);

    (void) state;
    clusapi__port_add_filter(port, HCLOSE | CLUSTER_CHANGE_NODE_STATE, 1);
    clusapi__port_add_filter(port, CLUSTER_CHANGE_NODE_STATE, 2);
    clusapi__port_add_filter(port, CLUSTER_CHANGE_ALL, 3);
    clusapi__port_add_object(port, HCLOSE, CL_KIND_CLUSTER, NULL, 4, 500);
    clusapi__port_add_object(port, RSTATE | HCLOSE, CL_KIND_RESOURCE, "r", 5,
                             600);
    assert_int_equal(clusapi__port_cluster_closed(port, "clu"), 2);
    expect_next(port, HCLOSE, 1, "clu");
    expect_next(port, HCLOSE, 3, "clu");
    expect_empty(port);
    /* registrations are untouched */
    assert_int_equal(post_rsc(port, "r"), 2);
    expect_next(port, RSTATE, 3, "r");
    expect_next(port, RSTATE, 5, "r");
    clusapi__port_unref(port);
}

/* ---- many threads */

enum { N_PRODUCERS = 4, N_CONSUMERS = 4, N_EACH = 5000 };

typedef struct stress {
    cl_port_t *port;
    unsigned max;
    GMutex lock; /* guards seen[] and last[] (consume already runs locked) */
    guint8 seen[N_PRODUCERS][N_EACH];
    int last[N_PRODUCERS];
    gint taken;
    gint reconnects;
    gint failures;
    gint producers_done;
} stress_t;

typedef struct producer {
    stress_t *s;
    int id;
} producer_t;

static gpointer
produce(gpointer data)
{
    producer_t *p = data;
    char name[32];

    for (int i = 0; i < N_EACH; i++) {
        snprintf(name, sizeof(name), "%d:%d", p->id, i);
        if (post(p->s->port, RSTATE, CL_KIND_RESOURCE, name, name) != 1
            || clusapi__port_queued(p->s->port) > p->s->max) {
            g_atomic_int_inc(&p->s->failures);
        }
    }
    g_atomic_int_inc(&p->s->producers_done);
    return NULL;
}

/* Runs with the port locked, so calls are in queue order. */
static bool
stress_take(const cl_queued_t *head, void *ctx)
{
    stress_t *s = ctx;
    int p, i;

    if (head->change == RECONNECT) {
        g_atomic_int_inc(&s->reconnects);
        return true;
    }
    g_mutex_lock(&s->lock);
    if (sscanf(head->name, "%d:%d", &p, &i) != 2 || p < 0 || p >= N_PRODUCERS
        || i < 0 || i >= N_EACH || head->key != 77 || s->seen[p][i]
        || i <= s->last[p]) {
        g_atomic_int_inc(&s->failures);
    } else {
        s->seen[p][i] = 1;
        s->last[p] = i;
    }
    g_mutex_unlock(&s->lock);
    g_atomic_int_inc(&s->taken);
    return true;
}

static gpointer
consume_thread(gpointer data)
{
    stress_t *s = data;

    for (;;) {
        int rc = clusapi__port_wait(s->port, 20, stress_take, s);

        if (rc == -ETIMEDOUT
            && g_atomic_int_get(&s->producers_done) == N_PRODUCERS
            && clusapi__port_queued(s->port) == 0) {
            break;
        }
        if (rc != 0 && rc != -ETIMEDOUT) {
            g_atomic_int_inc(&s->failures);
            break;
        }
    }
    return NULL;
}

static void
run_stress(stress_t *s)
{
    producer_t p[N_PRODUCERS];
    GThread *tp[N_PRODUCERS], *tc[N_CONSUMERS];

    s->port = new_port(s->max);
    g_mutex_init(&s->lock);
    for (int i = 0; i < N_PRODUCERS; i++) {
        s->last[i] = -1;
    }
    clusapi__port_add_filter(s->port, RSTATE | RECONNECT, 77);
    for (int i = 0; i < N_CONSUMERS; i++) {
        tc[i] = g_thread_new("consumer", consume_thread, s);
    }
    for (int i = 0; i < N_PRODUCERS; i++) {
        p[i] = (producer_t){ s, i };
        tp[i] = g_thread_new("producer", produce, &p[i]);
    }
    for (int i = 0; i < N_PRODUCERS; i++) {
        g_thread_join(tp[i]);
    }
    for (int i = 0; i < N_CONSUMERS; i++) {
        g_thread_join(tc[i]);
    }
    g_mutex_clear(&s->lock);
    assert_int_equal(clusapi__port_queued(s->port), 0);
    assert_false(readable(clusapi__port_fd(s->port)));
    clusapi__port_unref(s->port);
    assert_int_equal(g_atomic_int_get(&s->failures), 0);
}

/* Room for everything: every event delivered exactly once, each producer's
 * events in the order it posted them. */
static void
test_stress_exactly_once(void **state)
{
    stress_t *s = g_new0(stress_t, 1);

    (void) state;
    s->max = N_PRODUCERS * N_EACH;
    run_stress(s);
    assert_int_equal(g_atomic_int_get(&s->reconnects), 0);
    assert_int_equal(g_atomic_int_get(&s->taken), N_PRODUCERS * N_EACH);
    for (int p = 0; p < N_PRODUCERS; p++) {
        for (int i = 0; i < N_EACH; i++) {
            assert_int_equal(s->seen[p][i], 1);
        }
    }
    g_free(s);
}

/* A small bound under the same load: never exceeded, no duplicates, order
 * kept, and whatever was dropped is announced by a RECONNECT. */
static void
test_stress_overflow(void **state)
{
    stress_t *s = g_new0(stress_t, 1);
    int delivered = 0;

    (void) state;
    s->max = 16;
    run_stress(s);
    for (int p = 0; p < N_PRODUCERS; p++) {
        for (int i = 0; i < N_EACH; i++) {
            delivered += s->seen[p][i];
        }
    }
    assert_int_equal(delivered, g_atomic_int_get(&s->taken));
    if (delivered < N_PRODUCERS * N_EACH) {
        assert_true(g_atomic_int_get(&s->reconnects) > 0);
    }
    g_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_new_free),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_no_filters),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_key_per_filter),
        cmocka_unit_test(test_two_filters_two_copies),
        cmocka_unit_test(test_object_registration),
        cmocka_unit_test(test_registry_events),
        cmocka_unit_test(test_cluster_events),
        cmocka_unit_test(test_null_name),
        cmocka_unit_test(test_consume_false_keeps_head),
        cmocka_unit_test(test_poll_timeout),
        cmocka_unit_test(test_finite_timeout),
        cmocka_unit_test(test_infinite_woken_by_post),
        cmocka_unit_test(test_finite_woken_by_post),
        cmocka_unit_test(test_post_many),
        cmocka_unit_test(test_woken_by_handle_close),
        cmocka_unit_test(test_close_wakes_all),
        cmocka_unit_test(test_close_unref_while_waiting),
        cmocka_unit_test(test_close_discards),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_zero_filter),
        cmocka_unit_test(test_overflow_single_reconnect),
        cmocka_unit_test(test_overflow_smallest),
        cmocka_unit_test(test_eventfd),
        cmocka_unit_test(test_eventfd_late),
        cmocka_unit_test(test_eventfd_no_descriptors),
        cmocka_unit_test(test_handle_closed),
        cmocka_unit_test(test_cluster_closed),
        cmocka_unit_test(test_stress_exactly_once),
        cmocka_unit_test(test_stress_overflow),
    };

    /* A lost wake-up would hang an infinite wait forever: fail instead. */
    alarm(300);
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

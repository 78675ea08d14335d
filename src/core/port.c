/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * port.c - notification ports (port.h): a FIFO of event copies per port,
 * one copy for every class filter or per-object registration that matches
 * an event (docs/windows-api.md 4.1), a bound on its length with a single
 * CLUSTER_RECONNECT standing for what was dropped (4.7), HANDLE_CLOSE on
 * behalf of closed handles (4.4), blocking waits that a close ends (4.9) and
 * an eventfd, made with the port, that is readable exactly while something
 * is queued.  The eventfd is kept up to date only once it has been asked
 * for: a port that is only waited on pays no system call per event for
 * it.
 *
 * Part of the pure core: glib, libc and the constants of clusapi.h only.  It
 * must not depend on Pacemaker, Corosync, the handle table or the API layer;
 * it never sees a Windows handle, only opaque keys and registrant values.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <glib.h>

#include "clusapi.h"
#include "core/port.h"

/* A class filter (CreateClusterNotifyPort) or a per-object registration
 * (RegisterClusterNotify). */
typedef struct filter {
    bool object; /* per-object registration, else class filter */
    uint32_t mask;
    cl_kind_t kind;       /* object registrations only */
    char *id;             /* object registrations only */
    uintptr_t key;        /* dwNotifyKey */
    uintptr_t registrant; /* the handle used, for HANDLE_CLOSE */
} filter_t;

struct cl_port {
    gint refs;
    GMutex lock;           /* guards everything below */
    GCond cond;            /* broadcast on a post while a thread waits,
                            * and on close */
    int waiters;           /* threads in g_cond_wait on cond */
    GQueue events;         /* cl_queued_t *, head = oldest */
    GPtrArray *filters;    /* filter_t *, in the order they were added */
    cl_queued_t *overflow; /* the overflow RECONNECT while it is queued */
    unsigned max_queued;
    int efd;               /* made with the port; -1 once closed */
    bool polled;           /* clusapi__port_fd was called: keep efd's
                            * counter in step with the queue */
    bool closed;
    char *cluster_name;
};

cl_event_t *
clusapi__event_new(uint32_t change, cl_kind_t kind, const char *id,
                   const char *name)
{
    /* one allocation: the strings follow the structure (an event is made
     * for every change of a big diff) */
    size_t id_len = id != NULL ? strlen(id) + 1 : 0;
    size_t name_len = name != NULL ? strlen(name) + 1 : 0;
    cl_event_t *ev = g_malloc(sizeof(*ev) + id_len + name_len);
    char *p = (char *) (ev + 1);

    ev->change = change;
    ev->kind = kind;
    ev->id = id != NULL ? memcpy(p, id, id_len) : NULL;
    ev->name = name != NULL ? memcpy(p + id_len, name, name_len) : NULL;
    return ev;
}

cl_event_t *
clusapi__event_free(cl_event_t *ev)
{
    g_free(ev); /* the strings are in the same block */
    return NULL;
}

/* An event without a name carries the empty string (docs/windows-api.md
 * 4.3), so the consumer never has to deal with NULL. */
static cl_queued_t *
queued_new(uint32_t change, uintptr_t key, const char *name)
{
    /* one allocation: the queue's link in the structure, the name after
     * it (as events) */
    size_t len = name != NULL ? strlen(name) + 1 : 1;
    cl_queued_t *q = g_malloc(sizeof(*q) + len);

    q->change = change;
    q->key = key;
    q->name = memcpy(q + 1, name != NULL ? name : "", len);
    q->link.data = q;
    q->link.next = q->link.prev = NULL;
    return q;
}

static void
queued_free(gpointer data)
{
    g_free(data); /* the name is in the same block */
}

static void
filter_free(gpointer data)
{
    filter_t *f = data;

    g_free(f->id);
    g_free(f);
}

/* Once the port is polled, the eventfd counter is 1 while the queue is
 * non-empty and 0 otherwise: it is written only on the empty -> non-empty
 * transition and read only on the way back, so neither call can block or
 * overflow.  Errors are ignored on purpose: with the counter at 0 or 1
 * there is none left to handle. */
static void
efd_raise(cl_port_t *port)
{
    uint64_t one = 1;

    if (!port->polled) {
        return; /* nobody asked for it */
    }
    if (write(port->efd, &one, sizeof(one)) < 0) {
        /* cannot happen: see above */
    }
}

static void
efd_drain(cl_port_t *port)
{
    uint64_t value;

    if (!port->polled) {
        return;
    }
    if (read(port->efd, &value, sizeof(value)) < 0) {
        /* EAGAIN: already drained */
    }
}

/* Drop the oldest queued event, never the overflow RECONNECT (there is
 * always another one: a full port holds max_queued >= 2 events).  The
 * caller queues something afterwards, so the eventfd is left alone. */
static void
drop_oldest(cl_port_t *port)
{
    GList *link = port->events.head;

    if (link != NULL && link->data == port->overflow) {
        link = link->next;
    }
    if (link != NULL) {
        g_queue_unlink(&port->events, link); /* the link is the entry's */
        queued_free(link->data);
    }
}

/* Key of the overflow RECONNECT: that of the first class filter asking for
 * RECONNECT, else that of the first filter or registration.  It is queued
 * even if nobody asked for RECONNECT: events were lost, and the application
 * must learn that it has to re-read the state (docs/windows-api.md 4.5,
 * 4.7). */
static uintptr_t
overflow_key(const cl_port_t *port)
{
    for (guint i = 0; i < port->filters->len; i++) {
        const filter_t *f = g_ptr_array_index(port->filters, i);

        if (!f->object && (f->mask & CLUSTER_CHANGE_CLUSTER_RECONNECT)) {
            return f->key;
        }
    }
    if (port->filters->len > 0) {
        return ((const filter_t *) g_ptr_array_index(port->filters, 0))->key;
    }
    return 0;
}

/* Queue one copy; the lock is held.  A full port drops its oldest event.
 * The first drop also queues the overflow RECONNECT (making room for it
 * too); while that RECONNECT is still queued no second one is added, and
 * if it is the last event it stays last, so that "re-read everything"
 * comes after every event that is still delivered. */
static void
enqueue(cl_port_t *port, uint32_t change, uintptr_t key, const char *name)
{
    cl_queued_t *q = queued_new(change, key, name);
    bool was_empty = g_queue_is_empty(&port->events);

    if (port->events.length < port->max_queued) {
        g_queue_push_tail_link(&port->events, &q->link);
    } else if (port->overflow != NULL) {
        drop_oldest(port);
        if (port->events.tail != NULL
            && port->events.tail->data == port->overflow) {
            GList *last = port->events.tail; /* the RECONNECT stays last
                                              * (GLib 2.56: no
                                              * g_queue_insert_before_link) */

            g_queue_unlink(&port->events, last);
            g_queue_push_tail_link(&port->events, &q->link);
            g_queue_push_tail_link(&port->events, last);
        } else {
            g_queue_push_tail_link(&port->events, &q->link);
        }
    } else {
        drop_oldest(port);
        drop_oldest(port);
        g_queue_push_tail_link(&port->events, &q->link);
        port->overflow = queued_new(CLUSTER_CHANGE_CLUSTER_RECONNECT,
                                    overflow_key(port), port->cluster_name);
        g_queue_push_tail_link(&port->events, &port->overflow->link);
    }
    if (was_empty) {
        efd_raise(port);
    }
}

int
clusapi__port_new(unsigned max_queued, cl_port_t **ret_port)
{
    cl_port_t *port;
    int efd;

    *ret_port = NULL;
    if (max_queued < 2) {
        return -EINVAL;
    }
    efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (efd < 0) {
        return -errno;
    }
    port = g_new0(cl_port_t, 1);
    port->refs = 1;
    g_mutex_init(&port->lock);
    g_cond_init(&port->cond);
    g_queue_init(&port->events);
    port->filters = g_ptr_array_new_with_free_func(filter_free);
    port->max_queued = max_queued;
    port->efd = efd;
    *ret_port = port;
    return 0;
}

cl_port_t *
clusapi__port_ref(cl_port_t *port)
{
    if (port != NULL) {
        g_atomic_int_inc(&port->refs);
    }
    return port;
}

cl_port_t *
clusapi__port_unref(cl_port_t *port)
{
    if (port == NULL || !g_atomic_int_dec_and_test(&port->refs)) {
        return NULL;
    }
    clusapi__port_close(port);
    g_ptr_array_unref(port->filters);
    g_free(port->cluster_name);
    g_cond_clear(&port->cond);
    g_mutex_clear(&port->lock);
    g_free(port);
    return NULL;
}

/* Add f to an open port (taking it), or free it. */
static int
add_filter(cl_port_t *port, filter_t *f)
{
    int rc = 0;

    g_mutex_lock(&port->lock);
    if (port->closed) {
        filter_free(f);
        rc = -EBADF;
    } else {
        g_ptr_array_add(port->filters, f);
    }
    g_mutex_unlock(&port->lock);
    return rc;
}

int
clusapi__port_add_filter(cl_port_t *port, uint32_t mask, uintptr_t key)
{
    filter_t *f;

    if (port == NULL) {
        return -EINVAL;
    }
    if (mask == 0) {
        return 0; /* asks for nothing: no filter, no key for the overflow */
    }
    f = g_new0(filter_t, 1);
    f->mask = mask;
    f->kind = CL_KIND_CLUSTER;
    f->key = key;
    return add_filter(port, f);
}

int
clusapi__port_add_object(cl_port_t *port, uint32_t mask, cl_kind_t kind,
                         const char *id, uintptr_t key, uintptr_t registrant)
{
    filter_t *f;

    if (port == NULL || (unsigned) kind > CL_KIND_REGISTRY
        || (id == NULL && kind != CL_KIND_CLUSTER)) {
        return -EINVAL;
    }
    f = g_new0(filter_t, 1);
    f->object = true;
    f->mask = mask;
    f->kind = kind;
    f->id = g_strdup(id);
    f->key = key;
    f->registrant = registrant;
    return add_filter(port, f);
}

/* The name a registry event at path has for a registration on the key
 * reg (a class filter: the root), or NULL when it does not match
 * (docs/windows-api.md 4.6): a value of reg itself, or a subkey of reg
 * created or deleted; with SUBTREE, anything below reg.  The name is the
 * path relative to reg ("" for reg itself), pointing into path. */
static const char *
registry_name(const char *reg, bool subtree, uint32_t change,
              const char *path)
{
    size_t rl = strlen(reg);
    const char *rel;

    if (rl == 0) {
        rel = path;
    } else if (strncmp(path, reg, rl) == 0 && path[rl] == '\\') {
        rel = path + rl + 1;
    } else if (strcmp(path, reg) == 0) {
        rel = path + rl;
    } else {
        return NULL;
    }
    if (subtree) {
        return rel;
    }
    if (change == CLUSTER_CHANGE_REGISTRY_VALUE) {
        return rel[0] == '\0' ? rel : NULL;
    }
    /* REGISTRY_NAME: a direct subkey */
    return rel[0] != '\0' && strchr(rel, '\\') == NULL ? rel : NULL;
}

/* Queue a registry event for every filter it matches, each with its own
 * name; the lock is held and the port open. */
static int
queue_registry(cl_port_t *port, const cl_event_t *ev)
{
    int n = 0;

    for (guint i = 0; i < port->filters->len; i++) {
        const filter_t *f = g_ptr_array_index(port->filters, i);
        const char *name;

        if ((f->mask & ev->change) == 0
            || (f->object && f->kind != CL_KIND_REGISTRY)) {
            continue;
        }
        name = registry_name(f->object ? f->id : "",
                             (f->mask & CLUSTER_CHANGE_REGISTRY_SUBTREE) != 0,
                             ev->change, ev->id);
        if (name != NULL) {
            enqueue(port, ev->change, f->key, name);
            n++;
        }
    }
    return n;
}

/* Does f ask for ev?  A port has one cluster, so a registration on the
 * cluster handle matches every cluster-wide event whatever its id. */
static bool
matches_event(const filter_t *f, const void *ctx)
{
    const cl_event_t *ev = ctx;

    if ((f->mask & ev->change) == 0) {
        return false;
    }
    if (!f->object) {
        return true;
    }
    if (f->kind != ev->kind) {
        return false;
    }
    return ev->kind == CL_KIND_CLUSTER || g_strcmp0(f->id, ev->id) == 0;
}

/* A registration made with the handle *ctx that asked for HANDLE_CLOSE. */
static bool
closes_with_handle(const filter_t *f, const void *ctx)
{
    return f->object && f->registrant == *(const uintptr_t *) ctx
           && (f->mask & CLUSTER_CHANGE_HANDLE_CLOSE);
}

/* A class filter (made with the port's cluster handle) that asked for
 * HANDLE_CLOSE. */
static bool
closes_with_cluster(const filter_t *f, const void *ctx)
{
    (void) ctx;
    return !f->object && (f->mask & CLUSTER_CHANGE_HANDLE_CLOSE);
}

/* Queue one copy of (change, name) for each filter that match accepts,
 * with that filter's key, in the order the filters were added, and wake
 * the waiters.  The lock is held and the port open.  Returns the number
 * queued. */
static int
queue_matching(cl_port_t *port, uint32_t change, const char *name,
               bool (*match)(const filter_t *f, const void *ctx),
               const void *ctx)
{
    int n = 0;

    for (guint i = 0; i < port->filters->len; i++) {
        const filter_t *f = g_ptr_array_index(port->filters, i);

        if (match(f, ctx)) {
            enqueue(port, change, f->key, name);
            n++;
        }
    }
    return n;
}

/* Whether to wake the threads blocked in clusapi__port_wait after queueing
 * 'queued' events; the lock is held.  A thread counts itself in
 * port->waiters under the lock before it sleeps, so no wake-up is lost.
 * (GLib's g_cond_broadcast is a futex system call even with nobody waiting:
 * a post to a polled port, or one event of a big diff after another, would
 * each pay for it.) */
static bool
must_wake(const cl_port_t *port, int queued)
{
    return queued > 0 && port->waiters > 0;
}

/* Wake them once the lock is released, so that a woken thread never finds
 * the lock still held by the poster (then it would sleep once more on it).
 * The caller holds a reference to the port, so its condition variable
 * outlives the call; a waiter tests the queue under the lock, so a wake-up
 * after the unlock is never lost. */
static void
wake_unlocked(cl_port_t *port, bool wake)
{
    if (wake) {
        g_cond_broadcast(&port->cond);
    }
}

/* docs/windows-api.md 4.1: one copy per matching filter, each with its own key;
 * nothing is merged. */
int
clusapi__port_post(cl_port_t *port, const cl_event_t *ev)
{
    if (port == NULL || ev == NULL) {
        return -EINVAL;
    }
    return clusapi__port_post_many(port, &ev, 1);
}

/* The events of one diff, in one go: one lock, one wake-up. */
int
clusapi__port_post_many(cl_port_t *port, const cl_event_t *const *evs,
                        size_t n_evs)
{
    int n = 0;
    bool wake = false;

    if (port == NULL || (evs == NULL && n_evs > 0)) {
        return -EINVAL;
    }
    for (size_t i = 0; i < n_evs; i++) {
        if (evs[i] == NULL) {
            return -EINVAL;
        }
    }
    g_mutex_lock(&port->lock);
    if (port->closed) {
        n = -EBADF;
    } else {
        for (size_t i = 0; i < n_evs; i++) {
            n += evs[i]->kind == CL_KIND_REGISTRY
                     ? queue_registry(port, evs[i])
                     : queue_matching(port, evs[i]->change, evs[i]->name,
                                      matches_event, evs[i]);
        }
        wake = must_wake(port, n);
    }
    g_mutex_unlock(&port->lock);
    wake_unlocked(port, wake);
    return n;
}

/* Queue HANDLE_CLOSE for each filter that match accepts; with a
 * registrant, then end every registration made with that handle. */
static int
queue_handle_close(cl_port_t *port, const char *name,
                   bool (*match)(const filter_t *f, const void *ctx),
                   const uintptr_t *registrant)
{
    int n;
    bool wake;

    if (port == NULL) {
        return -EINVAL;
    }
    g_mutex_lock(&port->lock);
    n = port->closed ? -EBADF
                     : queue_matching(port, CLUSTER_CHANGE_HANDLE_CLOSE, name,
                                      match, registrant);
    wake = must_wake(port, n); /* not for -EBADF or 0 */
    for (guint i = port->filters->len; registrant != NULL && i-- > 0;) {
        const filter_t *f = g_ptr_array_index(port->filters, i);

        if (f->object && f->registrant == *registrant) {
            g_ptr_array_remove_index(port->filters, i);
        }
    }
    g_mutex_unlock(&port->lock);
    wake_unlocked(port, wake);
    return n;
}

/* docs/windows-api.md 4.4: one HANDLE_CLOSE per registration made with the
 * handle that asked for it, then the registrations end with the handle. */
int
clusapi__port_handle_closed(cl_port_t *port, uintptr_t registrant,
                            const char *name)
{
    return queue_handle_close(port, name, closes_with_handle, &registrant);
}

/* docs/windows-api.md 4.4: the port's cluster handle counts as registered
 * through the class filters, which stay. */
int
clusapi__port_cluster_closed(cl_port_t *port, const char *name)
{
    return queue_handle_close(port, name, closes_with_cluster, NULL);
}

bool
clusapi__port_wants_registry(cl_port_t *port)
{
    bool wants = false;

    if (port == NULL) {
        return false;
    }
    g_mutex_lock(&port->lock);
    for (guint i = 0; !port->closed && i < port->filters->len; i++) {
        const filter_t *f = g_ptr_array_index(port->filters, i);

        wants |= (f->mask & (CLUSTER_CHANGE_REGISTRY_NAME
                             | CLUSTER_CHANGE_REGISTRY_VALUE)) != 0;
    }
    g_mutex_unlock(&port->lock);
    return wants;
}

void
clusapi__port_set_cluster_name(cl_port_t *port, const char *name)
{
    if (port == NULL) {
        return;
    }
    g_mutex_lock(&port->lock);
    g_free(port->cluster_name);
    port->cluster_name = g_strdup(name);
    g_mutex_unlock(&port->lock);
}

/* docs/windows-api.md 4.9.  The wait holds its own reference, so a close
 * and unref from another thread cannot free the port (its lock and
 * condition) while this thread sleeps on it.  consume runs with the lock
 * held: it must not call back into the port. */
int
clusapi__port_wait(cl_port_t *port, uint32_t timeout_ms,
                   bool (*consume)(const cl_queued_t *head, void *ctx),
                   void *ctx)
{
    gint64 deadline = 0;
    int rc;

    if (port == NULL || consume == NULL) {
        return -EINVAL;
    }
    if (timeout_ms != 0 && timeout_ms != UINT32_MAX) {
        deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;
    }
    clusapi__port_ref(port);
    g_mutex_lock(&port->lock);
    while (!port->closed && g_queue_is_empty(&port->events)) {
        if (timeout_ms == 0) {
            break;
        } else if (timeout_ms == UINT32_MAX) {
            port->waiters++;
            g_cond_wait(&port->cond, &port->lock);
            port->waiters--;
        } else {
            gboolean woken;

            port->waiters++;
            woken = g_cond_wait_until(&port->cond, &port->lock, deadline);
            port->waiters--;
            if (!woken) {
                break; /* timed out; an event just now still counts */
            }
        }
    }
    if (port->closed) {
        rc = -EBADF;
    } else if (g_queue_is_empty(&port->events)) {
        rc = -ETIMEDOUT;
    } else {
        cl_queued_t *head = g_queue_peek_head(&port->events);

        if (consume(head, ctx)) {
            (void) g_queue_pop_head_link(&port->events);
            if (head == port->overflow) {
                port->overflow = NULL;
            }
            queued_free(head);
            if (g_queue_is_empty(&port->events)) {
                efd_drain(port);
            }
        }
        rc = 0;
    }
    g_mutex_unlock(&port->lock);
    clusapi__port_unref(port);
    return rc;
}

void
clusapi__port_close(cl_port_t *port)
{
    if (port == NULL) {
        return;
    }
    g_mutex_lock(&port->lock);
    if (!port->closed) {
        port->closed = true;
        while (!g_queue_is_empty(&port->events)) {
            queued_free(g_queue_pop_head_link(&port->events)->data);
        }
        port->overflow = NULL;
        /* Filters are never used again; drop them with the events. */
        g_ptr_array_set_size(port->filters, 0);
        (void) close(port->efd);
        port->efd = -1;
        g_cond_broadcast(&port->cond);
    }
    g_mutex_unlock(&port->lock);
}

int
clusapi__port_fd(cl_port_t *port)
{
    int fd = -EBADF;

    if (port == NULL) {
        return -EINVAL;
    }
    g_mutex_lock(&port->lock);
    if (!port->closed) {
        if (!port->polled) {
            port->polled = true;
            if (!g_queue_is_empty(&port->events)) {
                efd_raise(port); /* what was queued before the first call */
            }
        }
        fd = port->efd;
    }
    g_mutex_unlock(&port->lock);
    return fd;
}

size_t
clusapi__port_queued(cl_port_t *port)
{
    size_t n;

    if (port == NULL) {
        return 0;
    }
    g_mutex_lock(&port->lock);
    n = port->events.length;
    g_mutex_unlock(&port->lock);
    return n;
}

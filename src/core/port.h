/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * port.h - notification ports: thread-safe event queues with class filters,
 * per-object registrations, notify keys, blocking and poll-able waits, and a
 * bound on queued events.
 *
 * Knows nothing of Pacemaker or Corosync; depends on glib only.
 */
#ifndef CLUSAPI_CORE_PORT_H
#define CLUSAPI_CORE_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

/* Kinds of cluster object an event or registration is about. */
typedef enum cl_kind {
    CL_KIND_CLUSTER = 0,
    CL_KIND_NODE = 1,
    CL_KIND_GROUP = 2,
    CL_KIND_RESOURCE = 3,
    CL_KIND_RESTYPE = 4,
    CL_KIND_NETWORK = 5,
    CL_KIND_NETINTERFACE = 6,
    CL_KIND_REGISTRY = 7, /* a key of the cluster database, by its path */
} cl_kind_t;

/* One event as produced by the translation: exactly one CLUSTER_CHANGE bit. */
typedef struct cl_event {
    uint32_t change; /* one CLUSTER_CHANGE_* bit */
    cl_kind_t kind;
    char *id;   /* object identity used for per-object registrations;
                 * id and name live in the event's own block */
    char *name; /* UTF-8 name returned by GetClusterNotify */
} cl_event_t;

cl_event_t *clusapi__event_new(uint32_t change, cl_kind_t kind, const char *id,
                               const char *name);
cl_event_t *clusapi__event_free(cl_event_t *ev); /* NULL-safe, returns NULL */

/* An event as it sits in a port: the event data plus the matching key. */
typedef struct cl_queued {
    uint32_t change;
    uintptr_t key;
    char *name;
    GList link; /* private: the port's queue (no list node per event) */
} cl_queued_t;

typedef struct cl_port cl_port_t;

/* New port holding at most max_queued events, with its eventfd, in
 * *ret_port (reference count 1).  Returns 0; -EINVAL if max_queued < 2; or
 * eventfd's -errno (-EMFILE, -ENFILE, -ENOMEM) when the eventfd cannot be
 * made, with *ret_port NULL and nothing made. */
int clusapi__port_new(unsigned max_queued, cl_port_t **ret_port);
cl_port_t *clusapi__port_ref(cl_port_t *port);
cl_port_t *clusapi__port_unref(cl_port_t *port); /* NULL-safe, returns NULL */

/* Class filter: every object of the classes named by mask.  A mask of 0
 * adds nothing (so its key is never the overflow RECONNECT's). */
int clusapi__port_add_filter(cl_port_t *port, uint32_t mask, uintptr_t key);
/* Per-object registration: events of kind/id whose bit is in mask.
 * 'registrant' identifies the handle used (for HANDLE_CLOSE). */
int clusapi__port_add_object(cl_port_t *port, uint32_t mask, cl_kind_t kind,
                             const char *id, uintptr_t key,
                             uintptr_t registrant);

/* Queue one copy of ev per matching filter/registration, with its key: a
 * class filter matches by the event's bit, a per-object registration by
 * bit, kind and id (any id for kind CL_KIND_CLUSTER, the events about the
 * cluster itself).  A registry event (kind CL_KIND_REGISTRY, id its key's
 * path) matches a registration on a key (a class filter: the root) when it
 * is a value of that key or a subkey of it created or deleted, anything
 * below it with REGISTRY_SUBTREE, and is queued with its path relative to
 * the registered key.  Does not take ownership.  As every call that queues,
 * it wakes the waiting threads after releasing the port's lock: the caller
 * holds a reference to the port for the call.  Returns the number of
 * copies queued, or -EBADF if the port is closed.  On overflow the oldest
 * event is dropped and one CLUSTER_CHANGE_CLUSTER_RECONNECT (name =
 * cluster_name given at clusapi__port_set_cluster_name) is queued, unless
 * one queued for overflow is still waiting. */
int clusapi__port_post(cl_port_t *port, const cl_event_t *ev);
/* The same for n_evs events in order, under one lock and with one wake-up
 * of waiting threads.  Returns the total number of copies queued, -EBADF if
 * the port is closed, -EINVAL for a NULL port, array or event (nothing is
 * queued then). */
int clusapi__port_post_many(cl_port_t *port, const cl_event_t *const *evs,
                            size_t n_evs);

/* The handle 'registrant' was closed: queue HANDLE_CLOSE (name given) with
 * the key of each of its registrations whose mask has HANDLE_CLOSE, and drop
 * all its registrations.  Returns the number queued. */
int clusapi__port_handle_closed(cl_port_t *port, uintptr_t registrant,
                                const char *name);
/* The port's cluster handle was closed: HANDLE_CLOSE for each class filter
 * with the HANDLE_CLOSE bit (name = cluster name). */
int clusapi__port_cluster_closed(cl_port_t *port, const char *name);

void clusapi__port_set_cluster_name(cl_port_t *port, const char *name);

/* Whether a filter or registration of the port asks for REGISTRY_NAME or
 * REGISTRY_VALUE (then the engine compares the database at each change) */
bool clusapi__port_wants_registry(cl_port_t *port);

/* Wait up to timeout_ms (UINT32_MAX = forever, 0 = poll) for an event, then
 * call consume(head, ctx) with the port locked.  consume returns true to
 * take the event off the queue, false to leave it at the head (e.g. buffer
 * too small).  Returns 0 when consume was called, -ETIMEDOUT, or -EBADF when
 * the port is (or becomes, while waiting) closed. */
int clusapi__port_wait(cl_port_t *port, uint32_t timeout_ms,
                       bool (*consume)(const cl_queued_t *head, void *ctx),
                       void *ctx);

/* Close: wake all waiters (they return -EBADF), drop queued events, close
 * the eventfd.  Further posts return -EBADF.  Idempotent. */
void clusapi__port_close(cl_port_t *port);

/* The eventfd, made with the port: readable while events are queued,
 * counting those queued before the first call (until then posts and takes
 * make no system call for it).  Never fails for an open port: the same
 * descriptor on every call; -EBADF once closed, -EINVAL for NULL. */
int clusapi__port_fd(cl_port_t *port);
size_t clusapi__port_queued(cl_port_t *port);

#endif

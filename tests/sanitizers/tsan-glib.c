/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GLib's GMutex and GCond made visible to ThreadSanitizer (an LD_PRELOAD
 * shim for the tests only; tests/sanitizers/run-tsan.sh loads it).
 *
 * On Linux, GLib 2.74 builds GMutex and GCond on raw futexes in a library
 * that is not instrumented, so TSan sees neither the lock nor the unlock and
 * reports every access made under a GMutex by two threads as a race.  This
 * file gives g_mutex_lock/unlock/trylock and g_cond_wait/wait_until/signal/
 * broadcast again, with GLib's own futex protocol on the same words
 * (mutex->i[0]: 0 free, 1 locked, 2 locked with waiters; cond->i[0]: a
 * counter bumped by every signal), so a GMutex set up by g_mutex_init or
 * zero-filled works with either implementation, and with the TSan mutex
 * annotations, so TSan knows what is held and when.  GLib is linked without
 * -Bsymbolic: its own calls to these functions come here too.
 *
 * Not here: GRecMutex and GRWLock, which GLib 2.74 builds on
 * pthread_mutex_t and pthread_rwlock_t, whose calls TSan intercepts
 * already; GPrivate (pthread keys) and GThread (pthread_create and
 * pthread_join), the same.
 *
 * Built with -fsanitize=thread; depends on GLib's headers and Linux futexes
 * only.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sanitizer/tsan_interface.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

static long
futex(guint *word, int op, guint val, const struct timespec *timeout)
{
    return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

/* the futex lock of "Futexes Are Tricky" (Drepper), as GLib has it */
static void
lock_word(guint *w)
{
    guint c = 0;

    if (__atomic_compare_exchange_n(w, &c, 1, FALSE, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED)) {
        return;
    }
    while (__atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE) != 0) {
        (void) futex(w, FUTEX_WAIT_PRIVATE, 2, NULL);
    }
}

static void
unlock_word(guint *w)
{
    if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2) {
        (void) futex(w, FUTEX_WAKE_PRIVATE, 1, NULL);
    }
}

void
g_mutex_lock(GMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, 0);
    lock_word(&mutex->i[0]);
    __tsan_mutex_post_lock(mutex, 0, 0);
}

void
g_mutex_unlock(GMutex *mutex)
{
    __tsan_mutex_pre_unlock(mutex, 0);
    unlock_word(&mutex->i[0]);
    __tsan_mutex_post_unlock(mutex, 0);
}

gboolean
g_mutex_trylock(GMutex *mutex)
{
    guint c = 0;
    gboolean ok;

    __tsan_mutex_pre_lock(mutex, __tsan_mutex_try_lock);
    ok = __atomic_compare_exchange_n(&mutex->i[0], &c, 1, FALSE,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
    __tsan_mutex_post_lock(mutex,
                           __tsan_mutex_try_lock
                           | (ok ? 0 : __tsan_mutex_try_lock_failed), 0);
    return ok;
}

void
g_cond_wait(GCond *cond, GMutex *mutex)
{
    guint sampled = __atomic_load_n(&cond->i[0], __ATOMIC_RELAXED);

    g_mutex_unlock(mutex);
    (void) futex(&cond->i[0], FUTEX_WAIT_PRIVATE, sampled, NULL);
    g_mutex_lock(mutex);
}

gboolean
g_cond_wait_until(GCond *cond, GMutex *mutex, gint64 end_time)
{
    struct timespec now, span;
    guint sampled;
    long rc;
    int err;

    /* end_time is on g_get_monotonic_time's clock, in microseconds */
    clock_gettime(CLOCK_MONOTONIC, &now);
    span.tv_sec = end_time / 1000000 - now.tv_sec;
    span.tv_nsec = (end_time % 1000000) * 1000 - now.tv_nsec;
    if (span.tv_nsec < 0) {
        span.tv_nsec += 1000000000;
        span.tv_sec--;
    }
    if (span.tv_sec < 0) {
        return FALSE;
    }
    sampled = __atomic_load_n(&cond->i[0], __ATOMIC_RELAXED);
    g_mutex_unlock(mutex);
    rc = futex(&cond->i[0], FUTEX_WAIT_PRIVATE, sampled, &span);
    err = errno;
    g_mutex_lock(mutex);
    return !(rc < 0 && err == ETIMEDOUT);
}

void
g_cond_signal(GCond *cond)
{
    __atomic_fetch_add(&cond->i[0], 1, __ATOMIC_RELAXED);
    (void) futex(&cond->i[0], FUTEX_WAKE_PRIVATE, 1, NULL);
}

void
g_cond_broadcast(GCond *cond)
{
    __atomic_fetch_add(&cond->i[0], 1, __ATOMIC_RELAXED);
    (void) futex(&cond->i[0], FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
}

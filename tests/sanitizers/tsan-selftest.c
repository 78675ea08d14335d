/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Checks the ThreadSanitizer leg itself (tests/sanitizers/run.sh tsan):
 * with tsan-glib.so preloaded, two threads adding to a counter under a
 * GMutex, and a thread waking another through a GCond, are no race
 * ("locked"), while the same counter written without the mutex is one
 * ("unlocked": TSan must report it).  So the shim neither leaves GLib's
 * locks invisible nor hides a real race.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

static GMutex lock;
static GCond cond;
static long counter;
static gboolean ready;
static gboolean use_lock;

static gpointer
add(gpointer data)
{
    for (int i = 0; i < 10000; i++) {
        if (use_lock) {
            g_mutex_lock(&lock);
        }
        counter++;
        if (use_lock) {
            g_mutex_unlock(&lock);
        }
    }
    return NULL;
}

static gpointer
signal_ready(gpointer data)
{
    g_mutex_lock(&lock);
    counter++;
    ready = TRUE;
    g_cond_signal(&cond);
    g_mutex_unlock(&lock);
    return NULL;
}

int
main(int argc, char **argv)
{
    GThread *a, *b;

    if (argc != 2 || (strcmp(argv[1], "locked") != 0
                      && strcmp(argv[1], "unlocked") != 0)) {
        fprintf(stderr, "usage: %s locked|unlocked\n", argv[0]);
        return 2;
    }
    use_lock = strcmp(argv[1], "locked") == 0;
    a = g_thread_new("a", add, NULL);
    b = g_thread_new("b", add, NULL);
    g_thread_join(a);
    g_thread_join(b);
    if (use_lock) {
        /* the waiter reads what the signaller wrote before g_cond_signal */
        a = g_thread_new("s", signal_ready, NULL);
        g_mutex_lock(&lock);
        while (!ready) {
            g_cond_wait(&cond, &lock);
        }
        counter++;
        g_mutex_unlock(&lock);
        g_thread_join(a);
    }
    printf("%ld\n", counter);
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * common.h - helpers shared by the C integration tests (test-events,
 * test-reread): TAP output, shell commands, draining a notification port,
 * exact event lists, and the comparison of states with crm_mon's.
 * They run inside a sandbox node (tests/integration/run.sh), link only the
 * public API (clusapi.h) and glib, and need top_builddir in the environment.
 */
#ifndef CLUSAPI_TESTS_INTEGRATION_COMMON_H
#define CLUSAPI_TESTS_INTEGRATION_COMMON_H

#include <stdbool.h>

#include <glib.h>

#include "clusapi.h"

extern int test_no;  /* TAP tests printed so far */
extern int failures; /* of which failed */

/* One TAP line. */
void ok(int cond, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Run a shell command (system()), report its failure; returns its status. */
int sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Wait for the cluster to finish acting (crm_resource --wait). */
void settle(void);

/* OpenCluster on the live cluster and a port for every change, each
 * reported as a TAP line; false if the cluster could not be opened. */
bool open_live(HCLUSTER *cluster, HCHANGE *port);

/* Read events from port until it has been quiet for quiet_ms: "EVENT name
 * key" strings (g_free'd by the array).  If record is not NULL, "EVENT name"
 * of every event with key 1 is appended to it too. */
GPtrArray *drain_events(HCHANGE port, unsigned quiet_ms, GPtrArray *record);
/* drain_events (1.5 s of quiet) without the *_STATE events: those of the
 * cluster's reaction to a change depend on its transitions */
GPtrArray *drain_changes(HCHANGE port);

/* The output of a command (no shell: "sh -c '...'" for one), stripped;
 * NULL if it failed */
char *sh_out(const char *cmd);

/* Every event but the cluster database's: the ports of the tests about
 * objects (test-registry watches the database) */
#define OBJECT_EVENTS                                                        \
    (CLUSTER_CHANGE_ALL                                                      \
     & ~(CLUSTER_CHANGE_REGISTRY_NAME | CLUSTER_CHANGE_REGISTRY_ATTRIBUTES \
         | CLUSTER_CHANGE_REGISTRY_VALUE | CLUSTER_CHANGE_REGISTRY_SUBTREE))

/* One TAP test: got (consumed) equals want (NULL-terminated) exactly.
 * Prints every event received as a TAP comment. */
void expect(const char *step, GPtrArray *got, const char *const *want);

/* crm_mon's states ("node NAME Up|Down|Paused" and "resource ID
 * Online|Offline|Failed OWNER|-" lines), NULL if crm_mon failed. */
char *crm_mon_states(void);

/* The same lines from `clusapi state` (a fresh process, a fresh read). */
char *cli_states(void);

/* The same lines from this process's own model, through the public API
 * (ClusterOpenEnum, Get*State): what the events have kept current. */
char *api_states(HCLUSTER cluster);

/* The same lines, in any order (crm_mon_states vs api_states). */
bool states_equal(const char *theirs, const char *mine);

/* One TAP test: the states `clusapi state` prints equal crm_mon's. */
void compare_with_crm_mon(const char *step);

/* One TAP test: the states of this process's own model equal crm_mon's. */
void compare_api_with_crm_mon(HCLUSTER cluster, const char *step);

/* The failed actions, one "failure NODE OPERATION-KEY rc=N call=N" line
 * each, sorted: crm_mon's (its XML's <failures>) and those of this
 * process's model (clusapi_failed_actions).  One TAP test: they are equal
 * and (want_some) not empty, or (!want_some) empty. */
void compare_failures_with_crm_mon(HCLUSTER cluster, const char *step,
                                   bool want_some);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test-reread - re-reading the whole CIB loses nothing and reports nothing
 * twice, on a real cluster.  Runs inside a sandbox node
 * (tests/integration/run.sh) and prints TAP.
 *
 * The library keeps its copy of the CIB current by applying each diff; after
 * a replace notification, a diff that does not apply (version gap, failed
 * change) or anything unexpected, it reads the whole CIB again and compares
 * it with its model (src/adapt/cib.c, clusapi__model_load).  Each case below
 * asserts the exact events received through the public API on a port of
 * every event but the cluster database's, then that this process's model
 * (ClusterOpenEnum, Get*State) equals crm_mon's:
 *   a. `cibadmin --replace` with the CIB unchanged: no event, both when
 *      Pacemaker sends nothing and when a re-read is forced;
 *   b. a replace that changes a meta attribute, deletes a resource and adds
 *      one, re-read: exactly RESOURCE_PROPERTY, ADDED, DELETED (then the
 *      STATE events of the cluster's reaction);
 *   c. a lost diff: nothing at first, then with the next diff (version gap,
 *      re-read) both changes, once each;
 *   d. diffs that fail to apply: their changes, once each;
 *   e. `cibadmin --erase --force`: one *_DELETED for every group and
 *      resource, no object reported in an impossible order (added twice,
 *      deleted twice, changed while deleted), the model equals crm_mon's;
 *   f. a replace that Pacemaker announces with cib_refresh_notify (no fault):
 *      the diff is applied, then the CIB re-read; each configuration change
 *      reported exactly once;
 *   g. a diff notification that is not well-formed XML when it arrives:
 *      re-read, its change reported once;
 *   h. a diff notification whose patchset Pacemaker cannot apply safely (a
 *      delete of /cib added to it, which xml_apply_patchset would carry out
 *      by freeing the whole CIB): refused, re-read, its change reported
 *      once, and the process lives on.
 *
 * Fault injection (the library's test hook, src/adapt/cib.c), read once when
 * the library connects to the CIB (the first OpenCluster of a process, or
 * the first after the last CloseCluster):
 *   CLUSAPI_TEST_FAULT=skip:MARK     a diff notification whose text contains
 *                                    MARK is dropped as if it had been lost,
 *                                    so the next diff has a version gap;
 *   CLUSAPI_TEST_FAULT=corrupt:MARK  a diff notification containing MARK has
 *                                    one change's path made invalid before it
 *                                    is applied, so xml_apply_patchset fails;
 *   CLUSAPI_TEST_FAULT=garble:MARK   a message containing MARK is cut in half
 *                                    before it is parsed.
 *   CLUSAPI_TEST_FAULT=unsafe:MARK   a diff notification containing MARK gets
 *                                    a delete of /cib as one more change.
 * Either way the library must re-read the CIB.  This test opens one session
 * per fault (setenv, OpenCluster ... CloseCluster) with markers unique to
 * the run, so that nothing else is affected.
 *
 * Pacemaker 2.1.5 facts this test met: a `cibadmin --replace` that changes
 * nothing sends no notification at all; a replace is announced with
 * cib_refresh_notify only when it changes the nodes, alerts or status
 * section (a changed crm-debug-origin, which Pacemaker's digests ignore,
 * does not count), and so is an erase; the refresh came after the ordinary
 * diff notification every time we looked.  So a
 * replace of the configuration alone reaches the library as an ordinary
 * diff: cases a and b force the re-read with corrupt:MARK, case f takes
 * Pacemaker's own path.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "clusapi.h"
#include "common.h"

static HCLUSTER cluster;
static HCHANGE port;
static char *cmark; /* corrupt:CMARK */
static char *smark; /* skip:SMARK */
static char *gmark; /* garble:GMARK */
static char *umark; /* unsafe:UMARK */
static char *tmpfile_path;

#define DUMMY "class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\""

static GPtrArray *
settle_and_drain(unsigned quiet_ms)
{
    settle();
    return drain_events(port, quiet_ms, NULL);
}

/* Connect with CLUSAPI_TEST_FAULT set to fault (NULL: unset).  The
 * variable is read when the library connects, which happens at the first
 * OpenCluster since the last CloseCluster of this process; the library's
 * worker thread is idle then. */
static bool
session_open(const char *fault)
{
    if (fault != NULL) {
        setenv("CLUSAPI_TEST_FAULT", fault, 1);
    } else {
        unsetenv("CLUSAPI_TEST_FAULT");
    }
    cluster = OpenClusterA(NULL);
    ok(cluster != NULL, "OpenCluster with CLUSAPI_TEST_FAULT=%s",
       fault != NULL ? fault : "(unset)");
    if (cluster == NULL) {
        return false;
    }
    port = CreateClusterNotifyPort((HCHANGE) INVALID_HANDLE_VALUE, cluster,
                                   OBJECT_EVENTS, 1);
    ok(port != NULL, "CreateClusterNotifyPort(ALL)");
    if (port == NULL) {
        return false;
    }
    expect("idle cluster", settle_and_drain(1000), (const char *[]) { NULL });
    return true;
}

static void
session_close(void)
{
    ok(CloseClusterNotifyPort(port), "CloseClusterNotifyPort");
    ok(CloseCluster(cluster), "CloseCluster");
    port = NULL;
    cluster = NULL;
}

/* ---- e, f: the lifecycle of every object in an event list ---- */

/* "KIND name" of an event line "KIND_ACTION name key" (KIND: NODE, GROUP,
 * RESOURCE, RESOURCE_TYPE; ACTION: ADDED, DELETED, STATE, PROPERTY), with
 * its ACTION; NULL for the cluster's own events. */
static char *
object_of(const char *ev, const char **ret_action)
{
    static const char *actions[] = { "_ADDED ", "_DELETED ", "_STATE ",
                                     "_PROPERTY " };
    const char *sp = strchr(ev, ' ');
    const char *end = sp != NULL ? strchr(sp + 1, ' ') : NULL;

    if (sp == NULL || end == NULL || g_str_has_prefix(ev, "CLUSTER_")
        || g_str_has_prefix(ev, "HANDLE_")) {
        return NULL;
    }
    for (guint a = 0; a < G_N_ELEMENTS(actions); a++) {
        const char *at = strstr(ev, actions[a]);

        if (at != NULL && at + strlen(actions[a]) == sp + 1) {
            *ret_action = actions[a] + 1;
            return g_strdup_printf("%.*s %.*s", (int) (at - ev), ev,
                                   (int) (end - sp - 1), sp + 1);
        }
    }
    return NULL;
}

/* Every object the model has now ("KIND name"). */
static GHashTable *
existing_objects(void)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            NULL);
    HCLUSENUM e = ClusterOpenEnum(cluster, CLUSTER_ENUM_NODE
                                               | CLUSTER_ENUM_RESTYPE
                                               | CLUSTER_ENUM_GROUP
                                               | CLUSTER_ENUM_RESOURCE);

    for (DWORD i = 0; e != NULL; i++) {
        char name[256];
        DWORD type = 0, len = sizeof(name);

        if (ClusterEnumA(e, i, &type, name, &len) != ERROR_SUCCESS) {
            break;
        }
        g_hash_table_add(set, g_strdup_printf(
                                  "%s %s",
                                  type == CLUSTER_ENUM_NODE      ? "NODE"
                                  : type == CLUSTER_ENUM_RESTYPE ? "RESOURCE_TYPE"
                                  : type == CLUSTER_ENUM_GROUP   ? "GROUP"
                                                                 : "RESOURCE",
                                  name));
    }
    if (e != NULL) {
        (void) ClusterCloseEnum(e);
    }
    return set;
}

/* The events of a step, object by object: ADDED only for an object that
 * does not exist, DELETED, STATE and PROPERTY only for one that does; no
 * event twice in a row (except the cluster's properties and node states,
 * which the controller may change one diff at a time while it rebuilds
 * them).  before: the objects that existed ("KIND name").  If all_deleted,
 * also one DELETED for every group and resource of before.  Prints the
 * events. */
static void
check_lifecycle(const char *step, GPtrArray *got, GHashTable *before,
                bool all_deleted)
{
    g_autoptr(GHashTable) alive = g_hash_table_new_full(
        g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) deleted = g_hash_table_new_full(
        g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GString) wrong = g_string_new(NULL);
    GHashTableIter it;
    gpointer k;
    const char *prev = NULL;
    guint objects = 0;

    g_hash_table_iter_init(&it, before);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        g_hash_table_add(alive, g_strdup(k));
    }
    for (guint i = 0; i < got->len; i++) {
        const char *ev = g_ptr_array_index(got, i);
        const char *action = NULL;
        g_autofree char *obj = object_of(ev, &action);
        bool is_alive;

        printf("# event %s\n", ev);
        if (prev != NULL && strcmp(prev, ev) == 0
            && !g_str_has_prefix(ev, "CLUSTER_PROPERTY ")
            && !g_str_has_prefix(ev, "NODE_STATE ")) {
            g_string_append_printf(wrong, "#   %s twice in a row\n", ev);
        }
        prev = ev;
        if (obj == NULL) {
            continue;
        }
        is_alive = g_hash_table_contains(alive, obj);
        if (g_str_has_prefix(action, "ADDED ")) {
            if (is_alive) {
                g_string_append_printf(wrong, "#   %s: added, but exists\n",
                                       ev);
            }
            g_hash_table_add(alive, g_strdup(obj));
        } else if (g_str_has_prefix(action, "DELETED ")) {
            if (!is_alive) {
                g_string_append_printf(
                    wrong, "#   %s: deleted, but does not exist\n", ev);
            }
            g_hash_table_remove(alive, obj);
            g_hash_table_replace(
                deleted, g_strdup(obj),
                GINT_TO_POINTER(
                    GPOINTER_TO_INT(g_hash_table_lookup(deleted, obj)) + 1));
        } else if (!is_alive) {
            g_string_append_printf(wrong, "#   %s: object does not exist\n",
                                   ev);
        }
    }
    ok(wrong->len == 0,
       "%s: no object added twice, deleted twice or changed while deleted, "
       "nothing twice in a row", step);
    if (wrong->len > 0) {
        printf("%s", wrong->str);
    }
    if (!all_deleted) {
        return;
    }
    g_string_truncate(wrong, 0);
    g_hash_table_iter_init(&it, before);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        int n = GPOINTER_TO_INT(g_hash_table_lookup(deleted, k));

        if (!g_str_has_prefix(k, "GROUP ") && !g_str_has_prefix(k, "RESOURCE ")) {
            continue;
        }
        objects++;
        if (n != 1) {
            g_string_append_printf(wrong, "#   %s deleted %d times\n",
                                   (char *) k, n);
        }
    }
    ok(wrong->len == 0 && objects > 0,
       "%s: each of the %u groups and resources deleted exactly once", step,
       objects);
    if (wrong->len > 0) {
        printf("%s", wrong->str);
    }
}

/* CLUSAPI_TEST_RECV_STAMPS (src/adapt/cib.c, for the latency benchmark):
 * the file a session wrote has a line per message read, five stamps in ns
 * (read, parsed, applied, handled, freed), each no earlier than the one
 * before it on the line or the end of the line before, and at least
 * 'least' of them; in at least 'applied' of them a patch was applied and
 * handled (an applied stamp after the parsed one, a handled one after
 * that), which a message that is not a diff does not reach. */
static void
check_recv_stamps(const char *path, guint least, guint applied)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    long long last = 0;
    guint n = 0;
    guint n_applied = 0;
    bool good = g_file_get_contents(path, &text, NULL, NULL);

    if (good) {
        lines = g_strsplit(text, "\n", -1);
        for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
            long long s[5];

            good = good
                   && sscanf(lines[i], "%lld %lld %lld %lld %lld", &s[0],
                             &s[1], &s[2], &s[3], &s[4]) == 5;
            for (int k = 0; good && k < 5; k++) {
                good = s[k] >= last;
                last = s[k];
            }
            if (good && s[2] > s[1] && s[3] > s[2]) {
                n_applied++;
            }
            n++;
        }
    }
    ok(good && n >= least && n_applied >= applied,
       "CLUSAPI_TEST_RECV_STAMPS: %u lines of five stamps in order (at "
       "least %u), %u of them of an applied diff (at least %u)", n, least,
       n_applied, applied);
}

/* One TAP test: each of want (NULL-terminated) is in got exactly once. */
static void
expect_once(const char *step, GPtrArray *got, const char *const *want)
{
    g_autoptr(GString) wrong = g_string_new(NULL);

    for (const char *const *w = want; *w != NULL; w++) {
        guint n = 0;

        for (guint i = 0; i < got->len; i++) {
            n += strcmp(g_ptr_array_index(got, i), *w) == 0;
        }
        if (n != 1) {
            g_string_append_printf(wrong, "#   %s: %u times\n", *w, n);
        }
    }
    ok(wrong->len == 0, "%s: each change reported exactly once", step);
    if (wrong->len > 0) {
        printf("%s", wrong->str);
    }
}

int
main(void)
{
    gint64 t0 = g_get_monotonic_time();
    gint64 tc;
    g_autofree char *stamp = g_strdup_printf(
        "%d-%" G_GINT64_FORMAT, (int) getpid(), g_get_real_time());
    g_autofree char *fault = NULL;
    g_autofree char *recv_path = NULL;

    printf("TAP version 13\n");
    cmark = g_strdup_printf("clusapi-corrupt-%s", stamp);
    smark = g_strdup_printf("clusapi-skip-%s", stamp);
    gmark = g_strdup_printf("clusapi-garble-%s", stamp);
    umark = g_strdup_printf("clusapi-unsafe-%s", stamp);
    tmpfile_path = g_strdup_printf("/tmp/clusapi-reread.%d.xml",
                                   (int) getpid());
    /* a clean slate (a sandbox may be reused) */
    (void) system("for r in rrb1 rrb2 rrb3 rrc rrf rrg1 rrg2; do cibadmin -D -o "
                  "resources -X \"<primitive id=\\\"$r\\\"/>\" >/dev/null "
                  "2>&1; done; cibadmin -D -o resources -X '<group "
                  "id=\"rrg\"/>' >/dev/null 2>&1; crm_attribute -n "
                  "clusapi-fault -D >/dev/null 2>&1; crm_resource --wait "
                  "--timeout=120");

    /* ---- session 1: corrupt:CMARK (cases a, b, d) ---- */
    fault = g_strdup_printf("corrupt:%s", cmark);
    if (!session_open(fault)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    sh("cibadmin -C -o resources -X '<primitive id=\"rrb1\" " DUMMY "/>'");
    expect("setup: create rrb1", settle_and_drain(1000),
           (const char *[]) { "GROUP_ADDED rrb1 1", "RESOURCE_ADDED rrb1 1",
                              "RESOURCE_STATE rrb1 1", "GROUP_STATE rrb1 1",
                              "RESOURCE_STATE rrb1 1", "GROUP_STATE rrb1 1",
                              NULL });
    sh("cibadmin -C -o resources -X '<primitive id=\"rrb2\" " DUMMY "/>'");
    expect("setup: create rrb2", settle_and_drain(1000),
           (const char *[]) { "GROUP_ADDED rrb2 1", "RESOURCE_ADDED rrb2 1",
                              "RESOURCE_STATE rrb2 1", "GROUP_STATE rrb2 1",
                              "RESOURCE_STATE rrb2 1", "GROUP_STATE rrb2 1",
                              NULL });

    /* a1: Pacemaker 2.1.5 sends no notification for this */
    tc = g_get_monotonic_time();
    ok(sh("cibadmin -Q > %s && cibadmin --replace --xml-file %s",
          tmpfile_path, tmpfile_path)
           == 0,
       "a1. the replace succeeded");
    expect("a1. cibadmin --replace, CIB unchanged", settle_and_drain(1000),
           (const char *[]) { NULL });
    compare_api_with_crm_mon(cluster, "a1. replace unchanged");
    /* a2: the same CIB with a higher epoch (so Pacemaker notifies) and the
     * marker in an attribute of the root that Pacemaker overwrites: the
     * diff is corrupted, the library re-reads an unchanged CIB */
    ok(sh("cibadmin -Q > %s && "
          "e=$(sed -n '1s/.* epoch=\"\\([0-9]*\\)\".*/\\1/p' %s) && "
          "sed -i -e \"1s/ epoch=\\\"$e\\\"/ epoch=\\\"$((e + 1))\\\"/\" "
          "-e '1s/ update-client=\"[^\"]*\"//' "
          "-e '1s/<cib /<cib update-client=\"%s-a2\" /' %s && "
          "grep -q '%s-a2' %s && cibadmin --replace --xml-file %s",
          tmpfile_path, tmpfile_path, cmark, tmpfile_path, cmark,
          tmpfile_path, tmpfile_path)
           == 0,
       "a2. the replace succeeded");
    expect("a2. cibadmin --replace, CIB unchanged but its epoch, re-read",
           settle_and_drain(1000), (const char *[]) { NULL });
    compare_api_with_crm_mon(cluster, "a2. replace unchanged, re-read");
    printf("# case a: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);

    /* b: one replace: a meta attribute of rrb1, rrb2 deleted, rrb3 added;
     * the marker is the meta attribute's value */
    tc = g_get_monotonic_time();
    ok(sh("cibadmin -Q > %s && sed -i "
          "-e 's|<primitive id=\"rrb1\" " DUMMY "/>|<primitive id=\"rrb1\" "
          DUMMY "><meta_attributes id=\"rrb1-meta_attributes\"><nvpair "
          "id=\"rrb1-meta_attributes-description\" name=\"description\" "
          "value=\"%s-b\"/></meta_attributes></primitive>|' "
          "-e 's|<primitive id=\"rrb2\" |<primitive id=\"rrb3\" |' %s && "
          "grep -q '%s-b' %s && grep -q 'id=\"rrb3\"' %s && "
          "cibadmin --replace --xml-file %s",
          tmpfile_path, cmark, tmpfile_path, cmark, tmpfile_path,
          tmpfile_path, tmpfile_path)
           == 0,
       "b. the replace succeeded");
    expect("b. replace: meta attribute, delete, add; re-read",
           settle_and_drain(1000),
           (const char *[]) { "GROUP_ADDED rrb3 1", "RESOURCE_ADDED rrb3 1",
                              "RESOURCE_PROPERTY rrb1 1",
                              "RESOURCE_DELETED rrb2 1", "GROUP_DELETED rrb2 1",
                              "RESOURCE_STATE rrb3 1", "GROUP_STATE rrb3 1",
                              "RESOURCE_STATE rrb3 1", "GROUP_STATE rrb3 1",
                              NULL });
    compare_api_with_crm_mon(cluster, "b. replace");
    printf("# case b: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);

    /* d: diffs that fail to apply */
    tc = g_get_monotonic_time();
    sh("crm_attribute -n clusapi-fault -v %s-d1", cmark);
    expect("d1. cluster property, diff fails to apply", settle_and_drain(1000),
           (const char *[]) { "CLUSTER_PROPERTY clusapi-sandbox 1", NULL });
    sh("crm_resource -r rrb1 --meta -p description -v %s-d2 >/dev/null",
       cmark);
    expect("d2. resource meta attribute, diff fails to apply",
           settle_and_drain(1000),
           (const char *[]) { "RESOURCE_PROPERTY rrb1 1", NULL });
    compare_api_with_crm_mon(cluster, "d. failed diffs");
    printf("# case d: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);
    session_close();

    /* ---- session 2: skip:SMARK (case c), the worker's stamps on ---- */
    g_free(fault);
    fault = g_strdup_printf("skip:%s", smark);
    recv_path = g_strdup_printf("/tmp/clusapi-reread.%d.recv", (int) getpid());
    setenv("CLUSAPI_TEST_RECV_STAMPS", recv_path, 1);
    if (!session_open(fault)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    tc = g_get_monotonic_time();
    ok(sh("crm_attribute -n clusapi-fault -v %s", smark) == 0,
       "c. crm_attribute succeeded");
    expect("c. lost diff: nothing yet", settle_and_drain(1500),
           (const char *[]) { NULL });
    sh("cibadmin -C -o resources -X '<primitive id=\"rrc\" " DUMMY "/>'");
    expect("c. next diff: version gap, re-read, both changes once",
           settle_and_drain(1000),
           (const char *[]) { "CLUSTER_PROPERTY clusapi-sandbox 1",
                              "GROUP_ADDED rrc 1", "RESOURCE_ADDED rrc 1",
                              "RESOURCE_STATE rrc 1", "GROUP_STATE rrc 1",
                              "RESOURCE_STATE rrc 1", "GROUP_STATE rrc 1",
                              NULL });
    compare_api_with_crm_mon(cluster, "c. lost diff");
    printf("# case c: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);
    session_close();
    /* written when the last cluster handle closed: the attribute's diff,
     * the create's (a gap: re-read) and its resource's operations at least,
     * the operations applied */
    unsetenv("CLUSAPI_TEST_RECV_STAMPS");
    check_recv_stamps(recv_path, 3, 1);
    unlink(recv_path);

    /* ---- session 2b: garble:GMARK (case g) ---- */
    g_free(fault);
    fault = g_strdup_printf("garble:%s", gmark);
    if (!session_open(fault)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    /* g: the diff notification is not well-formed XML when it arrives:
     * re-read, the change reported once */
    tc = g_get_monotonic_time();
    ok(sh("crm_attribute -n clusapi-fault -v %s", gmark) == 0,
       "g. crm_attribute succeeded");
    expect("g. message not well-formed: re-read, the change once",
           settle_and_drain(1000),
           (const char *[]) { "CLUSTER_PROPERTY clusapi-sandbox 1", NULL });
    compare_api_with_crm_mon(cluster, "g. message not well-formed");
    printf("# case g: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);
    session_close();

    /* ---- session 2c: unsafe:UMARK (case h) ---- */
    g_free(fault);
    fault = g_strdup_printf("unsafe:%s", umark);
    if (!session_open(fault)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    tc = g_get_monotonic_time();
    ok(sh("crm_attribute -n clusapi-fault -v %s", umark) == 0,
       "h. crm_attribute succeeded");
    expect("h. patchset refused before Pacemaker applies it: re-read, the "
           "change once",
           settle_and_drain(1000),
           (const char *[]) { "CLUSTER_PROPERTY clusapi-sandbox 1", NULL });
    compare_api_with_crm_mon(cluster, "h. patchset refused");
    printf("# case h: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);
    session_close();

    /* ---- session 3: no fault (cases f, e) ---- */
    if (!session_open(NULL)) {
        printf("1..%d\n", test_no);
        return 1;
    }
    /* f: a replace that changes the status section too (a transient node
     * attribute): Pacemaker sends the diff and then cib_refresh_notify, the
     * library applies the one and re-reads for the other.  After a replace
     * the controller rewrites the resource histories (each resource goes
     * Offline and back) and attrd may rewrite the node's attributes (seen:
     * it removed an attribute it had deleted before, a second
     * NODE_PROPERTY), so only the configuration changes are exact */
    tc = g_get_monotonic_time();
    {
        g_autoptr(GHashTable) before = existing_objects();
        GPtrArray *got;

        ok(sh("cibadmin -Q > %s && sed -i "
              "-e 's|value=\"%s-d2\"|value=\"rr-f\"|' "
              "-e 's|<primitive id=\"rrc\" |<primitive id=\"rrf\" |' "
              "-e 's|\\(<instance_attributes id=\"status-[^\"]*\">\\)|"
              "\\1<nvpair id=\"clusapi-rr-f\" name=\"clusapi-rr-f\" "
              "value=\"%s\"/>|' %s && grep -q 'value=\"rr-f\"' %s && "
              "grep -q 'id=\"rrf\"' %s && grep -q 'clusapi-rr-f' %s && "
              "cibadmin --replace --xml-file %s",
              tmpfile_path, cmark, stamp, tmpfile_path, tmpfile_path,
              tmpfile_path, tmpfile_path, tmpfile_path)
               == 0,
           "f. the replace succeeded");
        got = settle_and_drain(1000);
        expect_once("f. replace with a status change (refresh notify)", got,
                    (const char *[]) { "GROUP_ADDED rrf 1",
                                       "RESOURCE_ADDED rrf 1",
                                       "RESOURCE_PROPERTY rrb1 1",
                                       "RESOURCE_DELETED rrc 1",
                                       "GROUP_DELETED rrc 1", NULL });
        check_lifecycle("f. replace with a status change", got, before,
                        false);
        g_ptr_array_unref(got);
    }
    compare_api_with_crm_mon(cluster, "f. replace with a status change");
    printf("# case f: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);

    sh("cibadmin -C -o resources -X '<group id=\"rrg\"><primitive "
       "id=\"rrg1\" " DUMMY "/><primitive id=\"rrg2\" " DUMMY "/></group>'");
    (void) settle_and_drain(1000);
    compare_api_with_crm_mon(cluster, "e. before the erase");
    tc = g_get_monotonic_time();
    {
        g_autoptr(GHashTable) before = existing_objects();
        GPtrArray *got;

        /* the erase takes the cluster options too (stonith-enabled=false:
         * without it the orphans are never stopped); the controller puts
         * the nodes and the status back, we put the options back */
        ok(sh("cibadmin -Q -o crm_config > %s && cibadmin --erase --force "
              "&& cibadmin --replace -o crm_config --xml-file %s",
              tmpfile_path, tmpfile_path)
               == 0,
           "e. erase (and the options put back) succeeded");
        got = settle_and_drain(2000);
        check_lifecycle("e. erase", got, before, true);
        g_ptr_array_unref(got);
    }
    compare_api_with_crm_mon(cluster, "e. after the erase");
    printf("# case e: %.1f s\n", (g_get_monotonic_time() - tc) / 1e6);
    sh("crm_attribute -n clusapi-fault -D >/dev/null 2>&1");
    (void) settle_and_drain(1000);
    session_close();

    unlink(tmpfile_path);
    printf("# test-reread: %.1f s\n", (g_get_monotonic_time() - t0) / 1e6);
    printf("1..%d\n", test_no);
    return failures != 0;
}

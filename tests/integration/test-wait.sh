#!/bin/bash
# `clusapi wait` on a real cluster (runs inside a sandbox node, see run.sh):
# each condition (a resource, a group, a node, the quorum), one that holds
# at the start, one that comes true while it waits, a timeout, and a wait
# across a restart of the CIB manager.  Prints TAP.
set -uo pipefail
clusapi="${top_builddir:?}/clusapi"
n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "TAP version 13"

# Start `clusapi wait ARGS` in the background; its exit code goes to
# $tmp/rc.NAME.  The port exists before its first look, so a change made
# right after it started is seen however soon it comes.
waiter() {
    local name=$1; shift
    ( "$clusapi" wait "$@" 2>"$tmp/err.$name"; echo $? >"$tmp/rc.$name" ) &
    sleep 1
}
# Wait for a background waiter; "ok" if it exited with want.
reap() {
    local name=$1 want=$2 what=$3
    for _ in $(seq 600); do [ -s "$tmp/rc.$name" ] && break; sleep 0.1; done
    local rc
    rc=$(cat "$tmp/rc.$name" 2>/dev/null || echo none)
    ok $(( rc == want ? 0 : 1 )) "$what (exit $rc)"
    sed 's/^/# /' "$tmp/err.$name"
}

"$clusapi" wait quorum --timeout 10
ok $? "quorum, held already: exit 0"
"$clusapi" wait node node1 up --timeout 10
ok $? "node1 up, already: exit 0"

# a resource that does not exist yet: in no state, until it is created
waiter create resource wt online --node node1 --timeout 60
[ ! -s "$tmp/rc.create" ]
ok $? "a resource not created yet is not online: still waiting"
cibadmin -C -o resources -X '<primitive id="wt" class="ocf" provider="pacemaker" type="Dummy"/>'
reap create 0 "resource wt online on node1, once created and started"
crm_resource --wait

"$clusapi" wait group wt online --timeout 10
ok $? "group wt online, already: exit 0"
start=$(ms)
"$clusapi" wait resource wt offline --timeout 1
rc=$?
elapsed=$(( $(ms) - start ))
ok $(( rc == 4 ? 0 : 1 )) "resource wt offline while it runs: timeout, exit 4 (got $rc)"
ok $(( elapsed >= 900 && elapsed < 5000 ? 0 : 1 )) "timeout after ${elapsed} ms"
"$clusapi" wait resource wt online --node node2 --timeout 0.5
ok $(( $? == 4 ? 0 : 1 )) "online on another node: timeout, exit 4"

waiter stop resource wt offline --timeout 60
crm_resource -r wt --meta -p target-role -v Stopped >/dev/null
reap stop 0 "resource wt offline, once stopped"
crm_resource --wait

waiter standby node node1 paused --timeout 60
crm_standby -N node1 -v on
reap standby 0 "node1 paused, once in standby"
crm_standby -N node1 -v off
"$clusapi" wait node node1 up --timeout 60
ok $? "node1 up again, after standby off"

# across a restart of the CIB manager: the wait goes on and reads again
waiter restart resource wt online --timeout 120
kill -9 "$(pidof pacemaker-based)"
for _ in $(seq 60); do
    sleep 0.5
    [ "$(pidof pacemaker-based pacemaker-fenced pacemaker-attrd pacemaker-controld | wc -w)" -eq 4 ] &&
        cibadmin -Q -l >/dev/null 2>&1 && break
done
if ! cibadmin -Q -l >/dev/null 2>&1; then
    echo "# a Pacemaker daemon was not respawned: restarting Pacemaker"
    kill -USR1 1
fi
for _ in $(seq 240); do
    crm_mon -1 --output-as=xml 2>/dev/null | grep -q 'online="true"' &&
        crm_resource --wait >/dev/null 2>&1 && break
    sleep 0.5
done
[ ! -s "$tmp/rc.restart" ]
ok $? "across a CIB manager restart: still waiting"
crm_resource -r wt --meta -p target-role -v Started >/dev/null
reap restart 0 "resource wt online, started after the CIB manager came back"
crm_resource --wait

crm_resource -r wt --meta -p target-role -v Stopped >/dev/null
crm_resource --wait
cibadmin -D -o resources -X '<primitive id="wt"/>'
"$clusapi" wait resource wt offline --timeout 0.5
ok $(( $? == 4 ? 0 : 1 )) "a deleted resource is in no state: timeout, exit 4"

echo "1..$n"
exit $failed

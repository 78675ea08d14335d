#!/bin/bash
# The CLI on a real cluster (runs inside a sandbox node, see run.sh):
# `clusapi watch --json` prints exactly the events of the changes made with
# Pacemaker's tools; exit codes for a bad filter, a timeout, a missing
# CIB_file and a user the CIB manager refuses; a reader that goes away;
# `clusapi state --json`.  Prints TAP.
set -uo pipefail
clusapi="${top_builddir:?}/clusapi"
n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "TAP version 13"

"$clusapi" watch --filter NODE_STATE,NO_SUCH_EVENT --count 1 2>"$tmp/err"
ok $(( $? == 2 ? 0 : 1 )) "bad filter: exit code 2"
grep -q "NO_SUCH_EVENT" "$tmp/err"; ok $? "bad filter: the message names the bad event"

start=$(date +%s%N)
"$clusapi" watch --filter NETWORK_STATE --count 1 --timeout 1 >/dev/null 2>&1
rc=$?
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
ok $(( rc == 4 ? 0 : 1 )) "timeout: exit code 4 (got $rc)"
ok $(( elapsed >= 900 && elapsed < 5000 ? 0 : 1 )) "timeout: returned after ${elapsed} ms"

CIB_file=/nonexistent/cib.xml "$clusapi" watch --count 1 2>"$tmp/err" >/dev/null
ok $(( $? == 1 ? 0 : 1 )) "missing CIB_file: exit code 1"
[ "$(cat "$tmp/err")" = "clusapi: CIB_file '/nonexistent/cib.xml' does not exist" ]
ok $? "missing CIB_file: the message says so, and nothing else"

# neither root nor in haclient: the CIB manager refuses the connection
setpriv --reuid=65534 --regid=65534 --clear-groups "$clusapi" state 2>"$tmp/err" >/dev/null
rc=$?
ok $(( rc == 1 ? 0 : 1 )) "not root, not in haclient: exit code 1 (got $rc)"
[ "$(cat "$tmp/err")" = "clusapi: permission denied: run as root or as a member of the haclient group" ]
ok $? "not root, not in haclient: the message says permission denied"
sed 's/^/# /' "$tmp/err"
haclient=$(getent group haclient | cut -d: -f3)
setpriv --reuid=65534 --regid="$haclient" --clear-groups "$clusapi" info >/dev/null 2>&1
ok $? "a member of haclient: info exits 0"

# the reader goes away after the first line: watch ends then (exit code
# 0), long before --timeout
( "$clusapi" watch --filter RESOURCE_ADDED,RESOURCE_DELETED --timeout 60 2>"$tmp/err" | head -n 1 >"$tmp/head"
  echo "${PIPESTATUS[0]}" >"$tmp/rc" ) &
piper=$!
for _ in $(seq 100); do grep -q watching "$tmp/err" && break; sleep 0.1; done
start=$(date +%s%N)
cibadmin -C -o resources -X '<primitive id="w0" class="ocf" provider="pacemaker" type="Dummy"/>'
cibadmin -D -o resources -X '<primitive id="w0"/>'
wait $piper
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
ok $(( $(cat "$tmp/rc") == 0 && elapsed < 10000 ? 0 : 1 )) \
    "watch | head -n 1: exit code $(cat "$tmp/rc") after ${elapsed} ms"
grep -q ' RESOURCE_ADDED w0 1$' "$tmp/head"; ok $? "watch | head -n 1: the first event"
crm_resource --wait

"$clusapi" watch --json --filter GROUP_ADDED,RESOURCE_ADDED,RESOURCE_STATE,RESOURCE_DELETED,GROUP_DELETED \
    --count 8 --timeout 90 >"$tmp/out" 2>"$tmp/err" &
watcher=$!
for _ in $(seq 100); do grep -q watching "$tmp/err" && break; sleep 0.1; done
cibadmin -C -o resources -X '<primitive id="w1" class="ocf" provider="pacemaker" type="Dummy"/>'
crm_resource --wait
crm_resource -r w1 --meta -p target-role -v Stopped >/dev/null
crm_resource --wait
cibadmin -D -o resources -X '<primitive id="w1"/>'
wait $watcher
ok $? "watch --count 8 exits 0 once 8 events came"
sed 's/^/# /' "$tmp/out"
bad=$(grep -cvE '^\{"time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z","event":"[A-Z_]+","name":"[^"]*","key":1\}$' "$tmp/out")
ok $(( bad == 0 ? 0 : 1 )) "every line is one JSON object with time, event, name, key"
got=$(sed -E 's/.*"event":"([A-Z_]+)","name":"([^"]*)".*/\1 \2/' "$tmp/out" | tr '\n' ';')
want="GROUP_ADDED w1;RESOURCE_ADDED w1;RESOURCE_STATE w1;RESOURCE_STATE w1;RESOURCE_STATE w1;RESOURCE_STATE w1;RESOURCE_DELETED w1;GROUP_DELETED w1;"
[ "$got" = "$want" ]; ok $? "exact events through clusapi watch --json"
[ "$got" = "$want" ] || echo "# want: $want"

# --state: the state read when the line is printed (the last RESOURCE_STATE
# of a start is read after the start completed)
"$clusapi" watch --json --state --filter RESOURCE_STATE --count 2 --timeout 60 \
    >"$tmp/out2" 2>"$tmp/err" &
watcher=$!
for _ in $(seq 100); do grep -q watching "$tmp/err" && break; sleep 0.1; done
cibadmin -C -o resources -X '<primitive id="w2" class="ocf" provider="pacemaker" type="Dummy"/>'
wait $watcher
ok $? "watch --state exits 0 after 2 events"
sed 's/^/# /' "$tmp/out2"
tail -n 1 "$tmp/out2" | grep -q '"event":"RESOURCE_STATE","name":"w2","key":1,"state":"Online","owner":"node1"}$'
ok $? "watch --state: the last line says w2 is Online on node1"
crm_resource --wait
crm_resource -r w2 --meta -p target-role -v Stopped >/dev/null
crm_resource --wait
cibadmin -D -o resources -X '<primitive id="w2"/>'

"$clusapi" state --json >"$tmp/state"
ok $? "state --json exits 0"
grep -q '"nodes":\[{"name":"node1","state":"Up"}\]' "$tmp/state"; ok $? "state --json lists node1 Up"

echo "1..$n"
exit $failed

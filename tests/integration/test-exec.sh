#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# `clusapi exec` on a real cluster (runs inside a sandbox node, see run.sh):
# the environment an alert agent gets for a resource, a node and a quorum
# event (CRM_alert_* as Pacemaker sets them, CRM_notify_* beside them,
# CLUSAPI_*); one agent at a time, in event order; a hanging agent killed
# after --timeout while the next ones still run; a queue overflow logged
# with its count and handed on as the current state of what changed.
# Prints TAP.
set -uo pipefail
clusapi="${top_builddir:?}/clusapi"
n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
echo "TAP version 13"

# start `clusapi exec ARGS` in the background, return once it listens
start_exec() {
    local name=$1; shift
    "$clusapi" exec "$@" 2>"$tmp/$name.err" &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^clusapi: watching$' "$tmp/$name.err" && return 0; sleep 0.1; done
    return 1
}
settle() { crm_resource --wait >/dev/null 2>&1; sleep 1; }
# Pacemaker's word for a result of 0: 2.1's or 3.0's
if pacemakerd --version | grep -q '^Pacemaker [3-9]'; then okw=OK; else okw=ok; fi

# an agent that saves its environment, one file per run, and notes when it
# starts and ends (to see that runs never overlap)
cat >"$tmp/env-agent" <<'EOF'
#!/bin/sh
seq=$CRM_alert_node_sequence
echo "start $seq $(date +%s%N)" >>"$CRM_alert_recipient.runs"
env | grep -E '^(CRM_alert|CRM_notify|CLUSAPI)_' | sort >"$CRM_alert_recipient.$seq"
sleep 0.05
echo "end $seq $(date +%s%N)" >>"$CRM_alert_recipient.runs"
EOF
chmod +x "$tmp/env-agent"

start_exec env --recipient "$tmp/env" --timestamp-format '%Y-%m-%d %H:%M:%S.%3N' \
    --filter RESOURCE_ADDED,RESOURCE_STATE,NODE_STATE "$tmp/env-agent"
ok $? "exec starts and listens"
cibadmin -C -o resources -X '<primitive id="e1" class="ocf" provider="pacemaker" type="Dummy"/>'
settle
# the run for e1 Online: the last one with CLUSAPI_NAME=e1
last=$(grep -l '^CLUSAPI_NAME=e1$' "$tmp"/env.[0-9]* | sort -t. -k2 -n | tail -n 1)
want_line() { grep -qx "$1" "$last" || { echo "# missing: $1"; return 1; }; }
r=0
for line in CRM_alert_kind=resource CRM_notify_kind=resource CRM_alert_rsc=e1 \
    CRM_alert_node=node1 CRM_alert_task=start "CRM_alert_desc=$okw" CRM_alert_rc=0 \
    CRM_alert_status=0 CRM_alert_target_rc=0 CRM_alert_interval=0 \
    "CRM_alert_recipient=$tmp/env" CLUSAPI_EVENT=RESOURCE_STATE CLUSAPI_NAME=e1 \
    CLUSAPI_OBJECT_TYPE=resource CLUSAPI_STATE=Online CLUSAPI_OWNER=node1 \
    CLUSAPI_GROUP=e1; do
    want_line "$line" || r=1
done
ok $r "a resource started: kind=resource, rsc, node, task=start, desc=ok, rc, status, target_rc, interval, and CLUSAPI_*"
version=$(crm_attribute -G -n dc-version -q | cut -d- -f1)
grep -qx "CRM_alert_version=$version" "$last"
ok $? "CRM_alert_version is the DC's Pacemaker version ($version)"
grep -Eqx 'CRM_alert_timestamp=[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\.[0-9]{3}' "$last" &&
    grep -Eqx 'CRM_alert_timestamp_epoch=[0-9]{10}' "$last" &&
    grep -Eqx 'CRM_alert_timestamp_usec=[0-9]{6}' "$last"
ok $? "CRM_alert_timestamp in --timestamp-format (%3N: milliseconds), with _epoch and _usec"
grep -l '^CLUSAPI_EVENT=RESOURCE_ADDED$' "$tmp"/env.[0-9]* | head -n 1 | xargs grep -qx 'CRM_alert_task=create'
ok $? "a resource created: kind=resource, task=create"
seqs=$(cut -d' ' -f2 "$tmp/env.runs" | uniq | tr '\n' ' ')
[ "$seqs" = "$(seq -s ' ' 1 $(( $(wc -l <"$tmp/env.runs") / 2 ))) " ]
ok $? "CRM_alert_node_sequence counts the runs from 1 ($seqs)"
awk '$1 == "start" { if (open) bad = 1; open = 1 } $1 == "end" { open = 0 } END { exit bad }' "$tmp/env.runs"
ok $? "one agent at a time: every run ends before the next starts"

crm_standby -N node1 -v on
settle
crm_standby -N node1 -v off
settle
last=$(grep -l '^CLUSAPI_EVENT=NODE_STATE$' "$tmp"/env.[0-9]* | sort -t. -k2 -n | tail -n 1)
grep -qx 'CRM_alert_kind=node' "$last" && grep -qx 'CRM_alert_node=node1' "$last" &&
    grep -qx 'CRM_alert_desc=member' "$last"
ok $? "a node back from standby: kind=node, node=node1, desc=member"
paused=$(grep -l '^CLUSAPI_STATE=Paused$' "$tmp"/env.[0-9]* | head -n 1)
[ -n "$paused" ] && grep -qx 'CRM_alert_desc=paused' "$paused"
ok $? "a node in standby: desc=paused"

# a hanging agent: killed after --timeout, the next event's agent runs
cat >"$tmp/hang-agent" <<'EOF'
#!/bin/sh
echo "$CLUSAPI_EVENT $CLUSAPI_NAME" >>"$CRM_alert_recipient"
[ "$CLUSAPI_NAME" = h1 ] && exec sleep 1000
exit 0
EOF
chmod +x "$tmp/hang-agent"
start_exec hang --recipient "$tmp/hang" --timeout 1 --filter RESOURCE_ADDED "$tmp/hang-agent"
cibadmin -C -o resources -X '<primitive id="h1" class="ocf" provider="pacemaker" type="Dummy"/>'
cibadmin -C -o resources -X '<primitive id="h2" class="ocf" provider="pacemaker" type="Dummy"/>'
for _ in $(seq 100); do grep -q 'RESOURCE_ADDED h2' "$tmp/hang" 2>/dev/null && break; sleep 0.1; done
grep -q 'RESOURCE_ADDED h2' "$tmp/hang" && grep -q 'timed out after 1 s and was killed' "$tmp/hang.err"
ok $? "a hanging agent is killed after --timeout 1, and the next event's agent runs"
sed 's/^/# /' "$tmp/hang.err"
pgrep -f 'sleep 1000' >/dev/null
ok $(( $? == 0 ? 1 : 0 )) "nothing the hanging agent started is left"

# a queue of 2 and an agent held on its first run until every resource is
# created: the overflow is logged with its count, and every resource still
# reaches the agent, with its state now
cat >"$tmp/slow-agent" <<'EOF'
#!/bin/sh
echo "$CLUSAPI_EVENT $CLUSAPI_NAME $CLUSAPI_STATE" >>"$CRM_alert_recipient"
if [ "$CLUSAPI_NAME" = q1 ]; then
    while [ ! -e "$CRM_alert_recipient.go" ]; do sleep 0.1; done
fi
exit 0
EOF
chmod +x "$tmp/slow-agent"
start_exec slow --recipient "$tmp/slow" --queue 2 --filter RESOURCE_ADDED "$tmp/slow-agent"
for i in 1 2 3 4 5 6 7 8; do
    cibadmin -C -o resources -X "<primitive id=\"q$i\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>"
done
sleep 2
touch "$tmp/slow.go"
for _ in $(seq 100); do
    [ "$(grep -c '^RESOURCE_ADDED q' "$tmp/slow" 2>/dev/null)" -ge 8 ] && break
    sleep 0.2
done
sleep 1
missing=0
for i in 1 2 3 4 5 6 7 8; do grep -q "^RESOURCE_ADDED q$i " "$tmp/slow" || missing=$((missing + 1)); done
grep -Eq 'clusapi: exec: [0-9]+ events did not fit in the queue \(2\)' "$tmp/slow.err"
ok $? "an overflow of the queue is logged with its count"
sed 's/^/# /' "$tmp/slow.err"
[ $missing -eq 0 ]
ok $? "every resource created reached the agent all the same ($missing missing)"
sed 's/^/# /' "$tmp/slow"

for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
pids=()
settle
for r in e1 h1 h2 q1 q2 q3 q4 q5 q6 q7 q8; do
    crm_resource -r "$r" --meta -p target-role -v Stopped >/dev/null 2>&1
done
settle
for r in e1 h1 h2 q1 q2 q3 q4 q5 q6 q7 q8; do
    cibadmin -D -o resources -X "<primitive id=\"$r\"/>"
done
settle

echo "1..$n"
exit $failed

#!/bin/bash
# Fault tests on a real three-node Corosync + Pacemaker cluster (the
# sandbox, tests/sandbox/sandbox.sh, in its own namespaces and state
# directory): an application (fault-monitor, public API only) runs on every
# node while this script crashes a node, partitions one, takes a link down,
# restarts the CIB manager and Corosync under it, and reloads a changed
# nodelist.  Each scenario prints
# the events the applications saw and asserts them; after each one every
# application's states equal crm_mon's on its node.  Prints TAP.  Root.
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
monitor="$builddir/tests/integration/fault-monitor"
export CLUSAPI_SANDBOX_DIR=${FAULTS_SANDBOX_DIR:-/run/clusapi-sandbox-faults}
export CLUSAPI_SANDBOX_PREFIX=${FAULTS_SANDBOX_PREFIX:-clsf}
export CLUSAPI_SANDBOX_QUIET=1
sb="$srcdir/tests/sandbox/sandbox.sh"
work="$builddir/tests/integration/faults.d"
NODES=(node1 node2 node3)
n=0
failed=0
t_start=$(date +%s)

echo "TAP version 13"
ok() { # ok STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
now_ms() { date +%s%3N; }
bail() { echo "Bail out! $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || bail "the fault tests start a sandbox cluster in Linux namespaces: run them as root"

on() { local node=$1; shift; "$sb" exec "$node" "$@"; }

cleanup() {
    local node
    for node in "${NODES[@]}"; do mon_stop "$node"; done
    "$sb" down >/dev/null 2>&1
}
trap cleanup EXIT

# ---- the applications: one fault-monitor per node, commands through a FIFO

declare -A MON_PID
mon_start() { # mon_start NODE: start (or restart) the monitor on NODE
    local node=$1 i
    mon_stop "$node"
    rm -f "$work/$node.fifo"
    mkfifo "$work/$node.fifo"
    : >"$work/$node.log"
    "$sb" exec "$node" "$monitor" "$work/$node.fifo" >>"$work/$node.log" 2>&1 &
    MON_PID[$node]=$!
    for ((i = 0; i < 600; i++)); do
        grep -q '^READY' "$work/$node.log" && return 0
        sleep 0.1
    done
    echo "# monitor on $node did not start:"; sed 's/^/#   /' "$work/$node.log"
    return 1
}
mon_stop() {
    local node=$1 pid=${MON_PID[$1]:-}
    [ -n "$pid" ] || return 0
    if [ -p "$work/$node.fifo" ]; then
        timeout 2 sh -c "echo quit >'$work/$node.fifo'" 2>/dev/null
    fi
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    MON_PID[$node]=
}
# mon_cmd NODE COMMAND ARG: send one command, wait for its DONE line
mon_cmd() {
    local node=$1 cmd=$2 arg=$3 i
    echo "$cmd $arg" >"$work/$node.fifo"
    for ((i = 0; i < 900; i++)); do
        grep -qxF "DONE $arg" "$work/$node.log" && return 0
        sleep 0.1
    done
    echo "# $node: no answer to '$cmd $arg'"
    return 1
}
mark() { # mark TAG: a mark in every running monitor's output
    local node
    for node in "${NODES[@]}"; do
        [ -n "${MON_PID[$node]:-}" ] && mon_cmd "$node" mark "$1"
    done
    return 0
}
# events NODE TAG: "EVENT name state" of every event after mark TAG
events() {
    awk -v tag="$2" '$1 == "MARK" && $3 == tag { on = 1; next }
                     on && $1 == "EV" { $1 = ""; $2 = ""; sub(/^  /, ""); print }' \
        "$work/$1.log"
}
# count NODE TAG "EVENT name": how many such events after the mark
count() { events "$1" "$2" | awk -v want="$3" 'index($0, want " ") == 1 || $0 == want' | wc -l; }
# last_state NODE TAG "EVENT name": the state printed with the last one
last_state() { events "$1" "$2" | awk -v want="$3" 'index($0, want " ") == 1' | tail -1 | awk '{print $NF}'; }
# ev_time NODE TAG "EVENT name": arrival time (ms) of the first one
ev_time() {
    awk -v tag="$2" -v want="$3" '$1 == "MARK" && $3 == tag { on = 1; next }
        on && $1 == "EV" { line = $3 " " $4; for (i = 5; i < NF; i++) line = line " " $i;
                           if (index(line, want) == 1) { print $2; exit } }' "$work/$1.log"
}
# wait_for SECONDS COMMAND...: poll until COMMAND succeeds
wait_for() {
    local secs=$1 i; shift
    for ((i = 0; i < secs * 5; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}
has() { [ "$(count "$1" "$2" "$3")" -ge 1 ]; }
show() { # show NODE TAG: the events as TAP comments
    events "$1" "$2" | sed "s/^/#   $1: /"
}
# check NODE STEP: the application's states equal crm_mon's on NODE
check() {
    local node=$1 step=$2 out
    mon_cmd "$node" check "$step" || { ok 1 "$node: $step: the application answered"; return; }
    # the monitor's TAP line for this step, and its comments
    out=$(awk -v s="$step" '$0 == "DONE " s { print res; print notes; exit }
                            /^(not )?ok [0-9]+ - / { res = $0; notes = ""; next }
                            /^# / { notes = notes (notes == "" ? "" : "\n") $0 }' "$work/$node.log")
    case "$out" in
        "ok "*) ok 0 "$node: ${out#* - }" ;;
        *) ok 1 "$node: ${step}: the application's states equal crm_mon's"
           printf '%s\n' "$out" | tail -n +2 ;;
    esac
}
quorum() { # quorum NODE: what clusapi_cluster_quorum says there (0/1)
    local tag="q$RANDOM$RANDOM"
    mon_cmd "$1" quorum "$tag" >/dev/null
    awk -v s="$tag" '/^QUORUM / { q = $2 } $0 == "DONE " s { print q; exit }' "$work/$1.log"
}
members_of() { # members_of NODE: how many members Corosync has there
    on "$1" corosync-quorumtool -l 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && $3 ~ /node/ {c++} END {print c+0}'
}
online_in_crm_mon() { # online_in_crm_mon NODE WHO: crm_mon on NODE shows WHO online
    on "$1" crm_mon -1 --output-as=xml 2>/dev/null | grep -q "<node name=\"$2\" [^>]*online=\"true\""
}
not_online_in_crm_mon() { ! online_in_crm_mon "$@"; }
settled() { on "$1" crm_resource --wait --timeout=90 >/dev/null 2>&1; }
cs_value() { on node1 corosync-cmapctl -g "$1" 2>/dev/null | awk '{print $NF}'; }

# ---- the cluster

mkdir -p "$work"
rm -f "$work"/*.log "$work"/*.fifo
"$sb" down >/dev/null 2>&1
"$sb" up --nodes 3 >&2 || bail "the three-node sandbox cluster did not start"
on node1 sh -c '
    cibadmin -C -o resources -X "<group id=\"g1\"><primitive id=\"g1a\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/><primitive id=\"g1b\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/></group>" &&
    cibadmin -C -o constraints -X "<rsc_location id=\"g1-on-node3\" rsc=\"g1\" node=\"node3\" score=\"100\"/>" &&
    cibadmin -C -o resources -X "<primitive id=\"solo\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>" &&
    crm_resource --wait --timeout=90' >/dev/null || bail "could not create the resources"
for node in "${NODES[@]}"; do
    mon_start "$node" || bail "the monitor did not start on $node"
done
token=$(cs_value runtime.config.totem.token)
consensus=$(cs_value runtime.config.totem.consensus)
echo "# Corosync: token ${token:-?} ms, consensus ${consensus:-?} ms"
for node in "${NODES[@]}"; do check "$node" "start"; done
mon_cmd node1 net "nets0" >/dev/null
echo "# networks on node1:"
awk '/^NET / { print "#   " $0 } $0 == "DONE nets0" { exit }' "$work/node1.log"
grep -q '^NET link1 Up' "$work/node1.log"; ok $? "node1 sees network link1 Up"
grep -q '^NET node3 - link0 Up' "$work/node1.log"; ok $? "node1 sees interface 'node3 - link0' Up"

# ---- 1. kill one node of three
echo "# ---- 1. kill node3"
mark s1
t0=$(now_ms)
"$sb" kill node3 >/dev/null 2>&1
mon_stop node3
for node in node1 node2; do
    wait_for 30 has "$node" s1 "NODE_STATE node3" || true
done
settled node1
for node in node1 node2; do
    show "$node" s1
    t=$(ev_time "$node" s1 "NODE_STATE node3")
    delay=$(( ${t:-999999999999} - t0 ))
    bound=$(( ${token:-1000} + ${consensus:-1200} + 1000 ))
    ok $(( $(count "$node" s1 "NODE_STATE node3") == 1 ? 0 : 1 )) "kill: $node got exactly one NODE_STATE for node3"
    [ "$(last_state "$node" s1 "NODE_STATE node3")" = Down ]; ok $? "kill: $node sees node3 Down"
    ok $(( delay <= bound ? 0 : 1 )) "kill: $node heard it ${delay} ms after the kill (Corosync's token + consensus + 1 s = $bound ms)"
    ok $(( $(count "$node" s1 "QUORUM_STATE") == 0 ? 0 : 1 )) "kill: no QUORUM_STATE on $node"
    [ "$(quorum "$node")" = 1 ]; ok $? "kill: $node still has quorum"
    has "$node" s1 "RESOURCE_STATE g1a" && has "$node" s1 "RESOURCE_STATE g1b"
    ok $? "kill: $node got RESOURCE_STATE for the moved resources"
    has "$node" s1 "GROUP_STATE g1"; ok $? "kill: $node got GROUP_STATE for the moved group"
    # knet loses the links first (Unreachable), Corosync the node later
    # (Unavailable): two transitions at most
    for l in 0 1; do
        c=$(count "$node" s1 "NETINTERFACE_STATE node3 - link$l")
        ok $(( c >= 1 && c <= 2 ? 0 : 1 )) "kill: $node got $c NETINTERFACE_STATE for 'node3 - link$l'"
        [ "$(last_state "$node" s1 "NETINTERFACE_STATE node3 - link$l")" = Unavailable ]
        ok $? "kill: $node sees 'node3 - link$l' Unavailable"
    done
    [ "$(last_state "$node" s1 "NETWORK_STATE link0")" = Up ]
    ok $? "kill: $node sees link0 Up again (the members reach each other)"
    check "$node" "after the kill"
done
mark s1b
"$sb" start node3 >/dev/null 2>&1 || echo "# sandbox start node3 failed"
wait_for 90 online_in_crm_mon node1 node3
settled node1
mon_start node3 || echo "# monitor did not restart on node3"
for node in node1 node2; do
    show "$node" s1b
    c=$(count "$node" s1b "NODE_STATE node3")
    ok $(( c >= 1 && c <= 2 ? 0 : 1 )) "restart: $node got $c NODE_STATE for node3 (Joining, Up)"
    [ "$(last_state "$node" s1b "NODE_STATE node3")" = Up ]; ok $? "restart: $node sees node3 Up"
    check "$node" "after node3 is back"
done
check node3 "node3 back"

# ---- 2. partition one node
echo "# ---- 2. partition node3"
mark s2
"$sb" partition node3
wait_for 30 has node3 s2 "QUORUM_STATE"
for node in node1 node2; do wait_for 30 has "$node" s2 "NODE_STATE node3"; done
wait_for 30 has node3 s2 "NODE_STATE node2"
settled node1
show node3 s2
ok $(( $(count node3 s2 "QUORUM_STATE") == 1 ? 0 : 1 )) "partition: node3 got exactly one QUORUM_STATE"
[ "$(quorum node3)" = 0 ]; ok $? "partition: node3 has lost quorum"
for peer in node1 node2; do
    ok $(( $(count node3 s2 "NODE_STATE $peer") == 1 ? 0 : 1 )) "partition: node3 got one NODE_STATE for $peer"
    [ "$(last_state node3 s2 "NODE_STATE $peer")" = Down ]; ok $? "partition: node3 sees $peer Down"
done
for node in node1 node2; do
    show "$node" s2
    ok $(( $(count "$node" s2 "NODE_STATE node3") == 1 ? 0 : 1 )) "partition: $node got one NODE_STATE for node3"
    ok $(( $(count "$node" s2 "QUORUM_STATE") == 0 ? 0 : 1 )) "partition: no QUORUM_STATE on $node"
    [ "$(quorum "$node")" = 1 ]; ok $? "partition: $node keeps quorum"
done
check node1 "partitioned"
check node3 "partitioned (node3)"
mark s2b
"$sb" heal node3
wait_for 60 has node3 s2b "QUORUM_STATE"
wait_for 90 online_in_crm_mon node1 node3
wait_for 90 online_in_crm_mon node3 node1
settled node1
show node3 s2b
ok $(( $(count node3 s2b "QUORUM_STATE") == 1 ? 0 : 1 )) "heal: node3 got exactly one QUORUM_STATE"
[ "$(quorum node3)" = 1 ]; ok $? "heal: node3 has quorum again"
for peer in node1 node2; do
    c=$(count node3 s2b "NODE_STATE $peer")
    ok $(( c >= 1 && c <= 2 ? 0 : 1 )) "heal: node3 got $c NODE_STATE for $peer (Joining, Up)"
    [ "$(last_state node3 s2b "NODE_STATE $peer")" = Up ]; ok $? "heal: node3 sees $peer Up"
done
for node in node1 node2; do
    show "$node" s2b
    [ "$(last_state "$node" s2b "NODE_STATE node3")" = Up ]; ok $? "heal: $node sees node3 Up"
done
for node in "${NODES[@]}"; do check "$node" "healed"; done

# ---- 3. one link of one node
echo "# ---- 3. link 1 of node2 down"
mark s3
sleep 5 # a quiet cluster: the link-state poll at its slowest (4 s)
t0=$(now_ms)
"$sb" link-down node2 1
for node in node1 node3; do wait_for 30 has "$node" s3 "NETINTERFACE_STATE node2 - link1"; done
wait_for 30 has node2 s3 "NETINTERFACE_STATE node2 - link1"
sleep 2 # anything more would come now
for node in node1 node3; do
    show "$node" s3
    ok $(( $(count "$node" s3 "NETINTERFACE_STATE node2 - link1") == 1 ? 0 : 1 )) "link down: $node got one NETINTERFACE_STATE for 'node2 - link1'"
    [ "$(last_state "$node" s3 "NETINTERFACE_STATE node2 - link1")" = Unreachable ]; ok $? "link down: $node sees 'node2 - link1' Unreachable"
    ok $(( $(count "$node" s3 "NETWORK_STATE link1") == 1 ? 0 : 1 )) "link down: $node got one NETWORK_STATE for link1"
    [ "$(last_state "$node" s3 "NETWORK_STATE link1")" = Partitioned ]; ok $? "link down: $node sees link1 Partitioned"
    ok $(( $(count "$node" s3 "NODE_STATE") == 0 ? 0 : 1 )) "link down: no NODE_STATE on $node (link0 still carries the cluster)"
    # the bound docs/design.md gives: knet's detection (4.5 s at most, for
    # a link that failed in the last 10 s) + the library's link-state poll
    # while nothing changed (4 s) + 1 s
    t=$(ev_time "$node" s3 "NETINTERFACE_STATE node2 - link1")
    delay=$(( ${t:-999999999999} - t0 ))
    ok $(( delay <= 9500 ? 0 : 1 )) "link down: $node heard it ${delay} ms after the link went down (knet 4.5 s + poll 4 s + 1 s = 9500 ms)"
    k=$(awk '$1 == "MARK" && $3 == "s3" { on = 1 } on && $1 == "KEY2" && $3 == "NETINTERFACE_STATE" && $4 " " $5 " " $6 == "node2 - link1"' \
        "$work/$node.log" | wc -l)
    ok $(( k == 1 ? 0 : 1 )) "link down: $node's registration of the 'node2 - link1' handle got it once, with its key (2)"
done
show node2 s3
[ "$(last_state node2 s3 "NETINTERFACE_STATE node2 - link1")" = Failed ]; ok $? "link down: node2 sees its own 'node2 - link1' Failed"
[ "$(last_state node2 s3 "NETWORK_STATE link1")" = Partitioned ]; ok $? "link down: node2 sees link1 Partitioned"
mark s3b
"$sb" link-up node2 1
for node in "${NODES[@]}"; do wait_for 30 has "$node" s3b "NETWORK_STATE link1"; done
sleep 2
for node in "${NODES[@]}"; do
    show "$node" s3b
    ok $(( $(count "$node" s3b "NETINTERFACE_STATE node2 - link1") == 1 ? 0 : 1 )) "link up: $node got one NETINTERFACE_STATE for 'node2 - link1'"
    [ "$(last_state "$node" s3b "NETINTERFACE_STATE node2 - link1")" = Up ]; ok $? "link up: $node sees 'node2 - link1' Up"
    [ "$(last_state "$node" s3b "NETWORK_STATE link1")" = Up ]; ok $? "link up: $node sees link1 Up"
done

# A change made on node2 while node1's library is disconnected (pacemakerd
# on node1 stopped, so that nothing comes back before the change is made);
# node1's application must get it after CLUSTER_RECONNECT, once.
reconnect_checks() { # reconnect_checks TAG WHAT PROPERTY
    local tag=$1 what=$2 seq
    show node1 "$tag"
    seq=$(events node1 "$tag" | awk '$1 == "CLUSTER_STATE" || $1 == "CLUSTER_RECONNECT" ||
                                     $1 == "CLUSTER_PROPERTY" { printf "%s ", $1 }')
    echo "# $what: node1 cluster events: $seq"
    ok $(( $(count node1 "$tag" "CLUSTER_STATE") == 1 ? 0 : 1 )) "$what: node1 got exactly one CLUSTER_STATE"
    ok $(( $(count node1 "$tag" "CLUSTER_RECONNECT") == 1 ? 0 : 1 )) "$what: node1 got exactly one CLUSTER_RECONNECT"
    [ "$seq" = "CLUSTER_STATE CLUSTER_RECONNECT CLUSTER_PROPERTY " ]
    ok $? "$what: the change made meanwhile came once, after CLUSTER_RECONNECT"
    ok $(( $(count node2 "$tag" "CLUSTER_PROPERTY") == 1 ? 0 : 1 )) "$what: node2 got the change once"
    # nobody but node1 went anywhere: at most one NODE_STATE each for the
    # others (what node1's new CIB copy said before it was synced), no
    # QUORUM_STATE (node1 waits for its ring to merge before it reports)
    for peer in node2 node3; do
        c=$(count node1 "$tag" "NODE_STATE $peer")
        ok $(( c <= 1 ? 0 : 1 )) "$what: node1 got $c NODE_STATE for $peer (at most one)"
    done
    c=$(count node1 "$tag" "QUORUM_STATE")
    ok $(( c == 0 ? 0 : 1 )) "$what: node1 got $c QUORUM_STATE (none)"
}

# ---- 4. restart the CIB manager
echo "# ---- 4. restart pacemaker-based on node1"
mark s4
on node1 sh -c 'kill -STOP $(pidof pacemakerd); kill -9 $(pidof pacemaker-based)'
wait_for 20 has node1 s4 "CLUSTER_STATE"
on node2 crm_attribute -n clusapi-fault4 -v 1 >/dev/null
wait_for 20 has node2 s4 "CLUSTER_PROPERTY"
on node1 sh -c 'kill -CONT $(pidof pacemakerd)'
if ! wait_for 20 on node1 cibadmin -Q -l; then
    echo "# pacemakerd did not respawn pacemaker-based: restarting Pacemaker on node1"
    on node1 kill -USR1 1
fi
wait_for 60 has node1 s4 "CLUSTER_RECONNECT"
wait_for 90 online_in_crm_mon node1 node1
settled node1
wait_for 10 has node1 s4 "CLUSTER_PROPERTY"
reconnect_checks s4 "CIB manager restart"
check node1 "after the CIB manager restart"

# ---- 5. restart Corosync
echo "# ---- 5. restart Corosync on node1"
mark s5
"$sb" stop-corosync node1 >/dev/null 2>&1 || echo "# sandbox stop-corosync failed"
wait_for 30 has node1 s5 "CLUSTER_STATE"
wait_for 30 not_online_in_crm_mon node2 node1
on node2 crm_attribute -n clusapi-fault5 -v 1 >/dev/null
wait_for 20 has node2 s5 "CLUSTER_PROPERTY"
"$sb" start node1 >/dev/null 2>&1 || echo "# sandbox start node1 failed"
wait_for 60 has node1 s5 "CLUSTER_RECONNECT"
wait_for 90 online_in_crm_mon node1 node1
settled node1
wait_for 10 has node1 s5 "CLUSTER_PROPERTY"
reconnect_checks s5 "Corosync restart"
for node in "${NODES[@]}"; do check "$node" "after the Corosync restart"; done

# ---- 6. the nodelist changes (corosync.conf edited and reloaded)
echo "# ---- 6. a fourth node added to corosync.conf, then removed (corosync-cfgtool -R)"
conf() { echo "$CLUSAPI_SANDBOX_DIR/$1/etc-corosync/corosync.conf"; }
for node in "${NODES[@]}"; do
    cp "$(conf "$node")" "$work/$node.corosync.conf"
    # the nodelist is the last block: a node before its closing brace
    sed -i '$d' "$(conf "$node")"
    printf '    node {\n        name: node4\n        nodeid: 4\n        ring0_addr: 192.168.250.4\n        ring1_addr: 192.168.251.4\n    }\n}\n' >>"$(conf "$node")"
done
mark s6
on node1 corosync-cfgtool -R >/dev/null
for node in "${NODES[@]}"; do wait_for 20 has "$node" s6 "NETINTERFACE_ADDED node4 - link1"; done
for node in "${NODES[@]}"; do
    show "$node" s6
    for l in 0 1; do
        ok $(( $(count "$node" s6 "NETINTERFACE_ADDED node4 - link$l") == 1 ? 0 : 1 )) "reload: $node got NETINTERFACE_ADDED for 'node4 - link$l'"
    done
done
mon_cmd node1 net "nets6" >/dev/null
grep -q '^NET node4 - link0 Unavailable' "$work/node1.log"; ok $? "reload: node1 sees 'node4 - link0' Unavailable (node4 is not running)"
for node in "${NODES[@]}"; do cp "$work/$node.corosync.conf" "$(conf "$node")"; done
mark s6b
on node1 corosync-cfgtool -R >/dev/null
for node in "${NODES[@]}"; do wait_for 20 has "$node" s6b "NETINTERFACE_DELETED node4 - link1"; done
for node in "${NODES[@]}"; do
    show "$node" s6b
    for l in 0 1; do
        ok $(( $(count "$node" s6b "NETINTERFACE_DELETED node4 - link$l") == 1 ? 0 : 1 )) "reload: $node got NETINTERFACE_DELETED for 'node4 - link$l'"
    done
    check "$node" "after the reloads"
done

echo "# fault suite: $(( $(date +%s) - t_start )) s"
echo "1..$n"
exit $failed

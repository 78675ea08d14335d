#!/bin/bash
# selftest.sh - check sandbox.sh for real: up, exec, a Dummy resource, down
# without leftovers, three nodes (the default) with the faults kill, start,
# partition, heal, link-down and link-up, and recovery after a crashed run.
# Uses its own state dir and namespace prefix, so a running default sandbox
# is not disturbed.  Needs root.  Prints TAP (make check runs it) and ends
# with "# N passed, N failed".
set -euo pipefail

HERE=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
SB=$HERE/sandbox.sh
export CLUSAPI_SANDBOX_DIR=${SELFTEST_DIR:-/run/clusapi-sandbox-selftest}
export CLUSAPI_SANDBOX_PREFIX=${SELFTEST_PREFIX:-clst}

passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }
fail() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

quiet() { "$@" >/dev/null; }

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

timed_up() {
    local t0 rc=0
    t0=$(now_ms)
    "$SB" up "$@" || rc=$?
    UP_MS=$(($(now_ms) - t0))
    return "$rc"
}

# inode numbers of our network namespaces (to find leftovers after down)
ns_inodes() {
    local ns
    for ns in $(ip netns list | awk '{print $1}'); do
        [[ $ns == "$CLUSAPI_SANDBOX_PREFIX"-* ]] && stat -L -c %i "/run/netns/$ns"
    done
    return 0
}

no_leftovers() {
    local inodes=$1 p ino bad=0
    # processes still in one of the old namespaces (zombies have no ns link)
    for p in /proc/[0-9]*; do
        ino=$(stat -L -c %i "$p/ns/net" 2>/dev/null) || continue
        if grep -qxF -- "$ino" <<<"$inodes"; then
            echo "  leftover process: $(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)"
            bad=1
        fi
    done
    # live processes started for the state dir
    if ps -eo stat=,args= | awk '$1 !~ /^Z/' | grep -F -- "$CLUSAPI_SANDBOX_DIR/" | grep -v grep; then
        bad=1
    fi
    if ip netns list | grep -E "^$CLUSAPI_SANDBOX_PREFIX-"; then
        echo "  leftover namespaces"; bad=1
    fi
    if grep -E "$CLUSAPI_SANDBOX_DIR|/run/netns/$CLUSAPI_SANDBOX_PREFIX-" /proc/mounts; then
        echo "  leftover mounts"; bad=1
    fi
    if [[ -e $CLUSAPI_SANDBOX_DIR ]]; then
        echo "  leftover state dir"; bad=1
    fi
    return "$bad"
}

wait_for() {   # wait_for SECONDS CMD...
    local end=$(($(date +%s) + $1))
    shift
    until "$@"; do
        (($(date +%s) < end)) || return 1
        sleep 0.5
    done
}

dummy_started() {
    "$SB" exec node1 crm_mon -1 2>/dev/null | grep -Eq 'd1[[:space:]].*Started node1'
}

all_online() {
    local n=$1 out i
    out=$("$SB" exec node1 crm_mon -1 2>/dev/null) || return 1
    for ((i = 1; i <= n; i++)); do
        grep -Eq "Online: \[.* node$i( |\])" <<<"$out" || return 1
    done
}

env_and_cwd() {
    local out
    # shellcheck disable=SC2016  # expanded inside the node
    out=$(cd /tmp && SELFTEST_VAR=hello "$SB" exec node1 sh -c 'echo "$SELFTEST_VAR $PWD $(hostname)"')
    [[ $out == "hello /tmp node1" ]]
}

exit_code() {
    local rc=0
    "$SB" exec node1 sh -c 'exit 7' || rc=$?
    [[ $rc == 7 ]]
}

stdin_passes() {
    [[ $(echo piped | "$SB" exec node1 cat) == piped ]]
}

status_is() {
    local want=$1 rc=0
    "$SB" status >/dev/null 2>&1 || rc=$?
    [[ $rc == "$want" ]]
}

# --- fault checks (each looks once; wait_for polls them)

crm_xml() { "$SB" exec "$1" crm_mon -1 --output-as=xml 2>/dev/null; }

# online_in VIEWER NODE true|false: crm_mon on VIEWER shows NODE online="..."
online_in() {
    crm_xml "$1" | grep -Eq "<node name=\"$2\" [^>]*online=\"$3\""
}

online_everywhere() {   # online_everywhere NODE VIEWER...
    local node=$1 v
    shift
    for v in "$@"; do online_in "$v" "$node" true || return 1; done
}

quorum_out() { "$SB" exec "$1" corosync-quorumtool -s 2>/dev/null || true; }

quorate() { quorum_out "$1" | grep -Eq '^Quorate: +Yes'; }
not_quorate() {
    local out
    out=$(quorum_out "$1")
    grep -Eq '^Quorate: +No' <<<"$out"
}

# members_are VIEWER N: corosync-quorumtool -s on VIEWER lists N members
members_are() {
    local n
    n=$(quorum_out "$1" | awk '/^Membership information/ {m = 1; next}
                              m && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ {n++}
                              END {print n + 0}')
    [[ $n == "$2" ]]
}

# link_is VIEWER NODEID LINK connected|disconnected: corosync-cfgtool -s
link_is() {
    "$SB" exec "$1" corosync-cfgtool -s 2>/dev/null |
        awk -v id="$2" -v link="$3" -v want="$4" '
            /^LINK ID / {cur = $3}
            cur == link && $1 == "nodeid:" && $2 == id ":" {st = $3}
            END {exit st == want ? 0 : 1}'
}

# stat_is VIEWER KEY VALUE: corosync-cmapctl -m stats -g KEY
stat_is() {
    local out
    out=$("$SB" exec "$1" corosync-cmapctl -m stats -g "$2" 2>/dev/null) || return 1
    [[ ${out##* = } == "$3" ]]
}

node_processes() {   # the processes of a node besides its pid 1 and its sleep
    "$SB" exec "$1" ps -e -o pid=,comm= | awk '$1 != 1 && $2 != "sleep" && $2 != "ps" {print $2}'
}

# corosync stopped on NODE, pacemakerd still there
corosync_only_stopped() {
    local comms
    comms=$(node_processes "$1")
    ! grep -qx corosync <<<"$comms" && grep -qx pacemakerd <<<"$comms"
}

killed_clean() {
    [[ -z $(node_processes node3) ]]
}

timed() {   # timed CMD...: run it, set T_MS
    local t0 rc=0
    t0=$(now_ms)
    "$@" || rc=$?
    T_MS=$(($(now_ms) - t0))
    return "$rc"
}

fails() { ! "$@" >/dev/null 2>&1; }

nodes_starting() { compgen -G "$CLUSAPI_SANDBOX_DIR/node*/init.pid" >/dev/null; }

silent() {   # silent CMD...: succeeds and prints nothing at all
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    [[ $rc == 0 && -z $out ]] || { echo "  rc=$rc output: $out"; return 1; }
}

trap '"$SB" down >/dev/null 2>&1 || true' EXIT

check "down when nothing runs" "$SB" down
check "status says down (3)" status_is 3

# --- one node
if timed_up --nodes 1; then ok "up (1 node) in ${UP_MS} ms"; else fail "up (1 node)"; fi
check "status says up (0)" status_is 0
check "crm_mon shows node1 online" all_online 1
check "cibadmin -Q works" quiet "$SB" exec node1 cibadmin -Q
check "environment and cwd pass through" env_and_cwd
check "exit code passes through" exit_code
check "stdin passes through" stdin_passes
check "create a Dummy resource" "$SB" exec node1 cibadmin -C -o resources \
    -X '<primitive id="d1" class="ocf" provider="pacemaker" type="Dummy"/>'
check "Dummy resource started" wait_for 30 dummy_started
inodes=$(ns_inodes)
t0=$(now_ms)
check "down" "$SB" down
echo "     (down took $(($(now_ms) - t0)) ms)"
check "no leftovers after down" no_leftovers "$inodes"
check "down again (nothing left)" "$SB" down

# --- three nodes, the default, and the faults
if timed_up; then ok "up (default: 3 nodes) in ${UP_MS} ms"; else fail "up (default: 3 nodes)"; fi
check "all 3 nodes online" all_online 3
check "3 members, quorate" members_are node1 3

if timed "$SB" kill node3; then ok "kill node3 (${T_MS} ms)"; else fail "kill node3"; fi
check "node3: no process left but its pid 1" killed_clean
check "exec still works on the killed node3" quiet "$SB" exec node3 true
check "node1 sees node3 offline" wait_for 30 online_in node1 node3 false
check "node2 sees node3 offline" wait_for 10 online_in node2 node3 false
check "node1: 2 members" wait_for 10 members_are node1 2
check "node1 still quorate" quorate node1
check "start on a running node fails" fails "$SB" start node1
if timed "$SB" start node3; then ok "start node3 (${T_MS} ms)"; else fail "start node3"; fi
check "node3 online on node1, node2, node3" online_everywhere node3 node1 node2 node3
check "node1: 3 members again" wait_for 10 members_are node1 3

check "partition node3 (silent)" silent "$SB" partition node3
check "node3 not quorate" wait_for 30 not_quorate node3
check "node1: 2 members" wait_for 10 members_are node1 2
check "node1 quorate" quorate node1
check "heal node3 (silent)" silent "$SB" heal node3
check "node1: 3 members" wait_for 30 members_are node1 3
check "node3 quorate again" wait_for 10 quorate node3
check "node3 online on node1 again" wait_for 30 online_in node1 node3 true

check "link-down node2 1 (silent)" silent "$SB" link-down node2 1
check "node1: node2 link 1 disconnected" wait_for 30 link_is node1 2 1 disconnected
check "node1: node2 link 0 still connected" link_is node1 2 0 connected
check "node1: stats.knet.node2.link1.connected = 0" stat_is node1 stats.knet.node2.link1.connected 0
check "node1: 3 members (link 0 carries)" members_are node1 3
check "link-up node2 link1 (silent)" silent "$SB" link-up node2 link1
check "node1: node2 link 1 connected" wait_for 30 link_is node1 2 1 connected
check "node1: stats.knet.node2.link1.connected = 1" stat_is node1 stats.knet.node2.link1.connected 1

check "stop-corosync node1" quiet "$SB" stop-corosync node1
check "node1: corosync gone, pacemakerd still runs" corosync_only_stopped node1
check "node2 sees node1 offline" wait_for 30 online_in node2 node1 false
if timed "$SB" start node1; then ok "start node1 after stop-corosync (${T_MS} ms)"; else fail "start node1 after stop-corosync"; fi
check "node1 online on node1, node2, node3" online_everywhere node1 node1 node2 node3

check "bad link refused" fails "$SB" link-down node2 2
check "bad node refused" fails "$SB" kill node4

# leave faults behind for down: a killed node and a partitioned one
check "kill node2 before down" quiet "$SB" kill node2
check "partition node3 before down" silent "$SB" partition node3
inodes=$(ns_inodes)
check "down (3 nodes, after kill and partition)" "$SB" down
check "no leftovers after down (3 nodes)" no_leftovers "$inodes"

# --- crashed run: kill -9 of `up` in the middle, then up again
"$SB" up >/dev/null 2>&1 &
up_pid=$!
# wait until its nodes are being started, then SIGKILL the script
wait_for 30 nodes_starting || true
kill -9 "$up_pid" 2>/dev/null || true
wait "$up_pid" 2>/dev/null || true
inodes=$(ns_inodes)
check "crashed up left namespaces behind (test premise)" test -n "$inodes"
if timed_up --nodes 1; then ok "up after a crashed up in ${UP_MS} ms"; else fail "up after a crashed up"; fi
check "node1 online after the crashed up" all_online 1

# --- crashed run: SIGKILL everything, then up again
inodes+=$'\n'$(ns_inodes)
for ns in $(ip netns list | awk '{print $1}'); do
    [[ $ns == "$CLUSAPI_SANDBOX_PREFIX"-* ]] || continue
    # shellcheck disable=SC2046
    kill -9 $(ip netns pids "$ns") 2>/dev/null || true
done
sleep 0.5
check "status says down after the crash (3)" status_is 3
if timed_up --nodes 1; then ok "up after a crashed run in ${UP_MS} ms"; else fail "up after a crashed run"; fi
check "node1 online after the crash" all_online 1
inodes+=$'\n'$(ns_inodes)
check "down after the crash test" "$SB" down
check "no leftovers at the end" no_leftovers "$inodes"

trap - EXIT
echo "1..$((passed + failed))"
echo "# $passed passed, $failed failed"
((failed == 0))

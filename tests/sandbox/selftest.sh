#!/bin/bash
# selftest.sh - check sandbox.sh for real: up, exec, a Dummy resource, down
# without leftovers, three nodes, and recovery after a crashed run.
# Uses its own state dir and namespace prefix, so a running default sandbox
# is not disturbed.  Needs root.  Ends with "N passed, N failed".
set -euo pipefail

HERE=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
SB=$HERE/sandbox.sh
export CLUSAPI_SANDBOX_DIR=${SELFTEST_DIR:-/run/clusapi-sandbox-selftest}
export CLUSAPI_SANDBOX_PREFIX=${SELFTEST_PREFIX:-clst}
NODES_MAX=${SELFTEST_NODES:-3}

passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }
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

trap '"$SB" down >/dev/null 2>&1 || true' EXIT

check "down when nothing runs" "$SB" down
check "status says down (3)" status_is 3

# --- one node
if timed_up; then ok "up (1 node) in ${UP_MS} ms"; else fail "up (1 node)"; fi
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

# --- several nodes
if ((NODES_MAX > 1)); then
    if timed_up --nodes "$NODES_MAX"; then
        ok "up ($NODES_MAX nodes) in ${UP_MS} ms"
    else
        fail "up ($NODES_MAX nodes)"
    fi
    check "all $NODES_MAX nodes online" all_online "$NODES_MAX"
    inodes=$(ns_inodes)
    check "down ($NODES_MAX nodes)" "$SB" down
    check "no leftovers after down ($NODES_MAX nodes)" no_leftovers "$inodes"
fi

# --- crashed run: SIGKILL everything, then up again
check "up for the crash test" timed_up
inodes=$(ns_inodes)
for ns in $(ip netns list | awk '{print $1}'); do
    [[ $ns == "$CLUSAPI_SANDBOX_PREFIX"-* ]] || continue
    # shellcheck disable=SC2046
    kill -9 $(ip netns pids "$ns") 2>/dev/null || true
done
sleep 0.5
check "status says down after the crash (3)" status_is 3
if timed_up; then ok "up after a crashed run in ${UP_MS} ms"; else fail "up after a crashed run"; fi
check "node1 online after the crash" all_online 1
inodes+=$'\n'$(ns_inodes)
check "down after the crash test" "$SB" down
check "no leftovers at the end" no_leftovers "$inodes"

trap - EXIT
echo "$passed passed, $failed failed"
((failed == 0))

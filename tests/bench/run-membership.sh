#!/bin/bash
# Benchmark (run by hand, root; docs/performance.md): how soon an
# application hears a node crash through the library, side by side with
# Corosync's own report of the same membership change.
#
# On a three-node sandbox (its own namespaces and state directory), node1
# runs the fault-monitor (public API: NODE_STATE, NETINTERFACE_STATE) and a
# bare Corosync client, `corosync-quorumtool -m` (libquorum's change
# callbacks, printed as they come), each line stamped on arrival.  node3 is
# killed and started again ROUNDS times.  Per round: kill -> Corosync's
# report, kill -> our NODE_STATE, and ours - Corosync's (the library's added
# delay); the kill -> first link event time (knet's detection plus our
# link-state poll: 500 ms to 4 s, docs/design.md); and the CPU the idle
# application used per minute.
#
# Usage: run-membership.sh [ROUNDS]       (default 5)
# Environment: CLUSAPI_SANDBOX_DIR, CLUSAPI_SANDBOX_PREFIX (default
# /run/clusapi-bench-memb and clbm).
set -uo pipefail
rounds=${1:-5}
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$srcdir/build}
monitor="$builddir/tests/integration/fault-monitor"
export CLUSAPI_SANDBOX_DIR=${CLUSAPI_SANDBOX_DIR:-/run/clusapi-bench-memb}
export CLUSAPI_SANDBOX_PREFIX=${CLUSAPI_SANDBOX_PREFIX:-clbm}
export CLUSAPI_SANDBOX_QUIET=1
sb="$srcdir/tests/sandbox/sandbox.sh"
work=$(mktemp -d)
mon=
qt=
cleanup() {
    # the sandbox first: it ends everything running in the nodes, the
    # monitor and corosync-quorumtool -m included, and with them the
    # host-side ends of their pipes
    "$sb" down >/dev/null 2>&1
    [ -n "$mon" ] && kill "$mon" 2>/dev/null
    [ -n "$qt" ] && kill "$qt" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
[ -x "$monitor" ] || { echo "build first: make -C $builddir check TESTS=" >&2; exit 1; }

"$sb" down >/dev/null 2>&1
"$sb" up --nodes 3 || exit 1
mkfifo "$work/fifo"
"$sb" exec node1 "$monitor" "$work/fifo" >"$work/mon.log" 2>&1 &
mon=$!
# stamp every line of the bare client on arrival (the host clock is the
# nodes' clock)
"$sb" exec node1 stdbuf -oL corosync-quorumtool -m 2>/dev/null |
    while IFS= read -r line; do echo "$(now_ms) $line"; done >"$work/qt.log" &
qt=$!
disown -a # no job reports when the sandbox ends them
for _ in $(seq 100); do grep -q READY "$work/mon.log" && break; sleep 0.1; done

# CPU of the idle application (utime + stime of the monitor process, in
# clock ticks) over 30 s
monpid=$("$sb" exec node1 pidof lt-fault-monitor fault-monitor 2>/dev/null | awk '{print $1}')
ticks() { "$sb" exec node1 awk '{print $14 + $15}' "/proc/$monpid/stat"; }
if [ -n "$monpid" ]; then
    c0=$(ticks); sleep 30; c1=$(ticks)
    hz=$(getconf CLK_TCK)
    if [ "$c1" -gt "$c0" ]; then
        echo "idle application: $(( (c1 - c0) * 1000 / hz * 2 )) ms CPU per minute (link poll every 4 s when idle)"
    else
        echo "idle application: under $(( 2000 / hz )) ms CPU per minute (no clock tick in 30 s; link poll every 4 s when idle)"
    fi
fi

printf '%-6s %12s %12s %12s %14s\n' round corosync_ms ours_ms added_ms first_link_ms
for ((r = 1; r <= rounds; r++)); do
    : >"$work/qt.mark"
    qlines=$(wc -l <"$work/qt.log")
    mlines=$(wc -l <"$work/mon.log")
    t0=$(now_ms)
    "$sb" kill node3 >/dev/null
    for _ in $(seq 100); do
        tail -n +"$((mlines + 1))" "$work/mon.log" | grep -q '^EV [0-9]* NODE_STATE node3' && break
        sleep 0.1
    done
    sleep 0.5
    tq=$(tail -n +"$((qlines + 1))" "$work/qt.log" | awk 'NR == 1 {print $1}')
    tn=$(tail -n +"$((mlines + 1))" "$work/mon.log" | awk '$3 == "NODE_STATE" && $4 == "node3" {print $2; exit}')
    tl=$(tail -n +"$((mlines + 1))" "$work/mon.log" | awk '$3 == "NETINTERFACE_STATE" {print $2; exit}')
    printf '%-6s %12s %12s %12s %14s\n' "$r" "$((tq - t0))" "$((tn - t0))" "$((tn - tq))" "$((tl - t0))"
    "$sb" start node3 >/dev/null || exit 1
    "$sb" exec node1 crm_resource --wait --timeout=60 >/dev/null 2>&1
    sleep 12 # past knet's back-off for a link that failed recently
done

#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run-latency.sh - end-to-end notification latency on a real cluster
# (tests/bench/bench-latency.c): starts a one-node sandbox cluster
# (tests/sandbox/sandbox.sh), and inside node1 runs RUNS times a writer that
# makes N attribute changes, a bare libcib subscriber and a clusapi
# subscriber, all three as separate processes; then prints the figures.
# Needs root.  Removes the sandbox it started.
#
# Usage: run-latency.sh [N] [RUNS] [PAUSE_MS]      (default 300 3 40)
#
# Environment: top_builddir (default <srcdir>/build), and the sandbox's own
# CLUSAPI_SANDBOX_DIR / CLUSAPI_SANDBOX_PREFIX (default here:
# /run/clusapi-bench and clbn, so that it does not meet the test sandbox).
# BENCH_LATENCY_KEEP=1 keeps the sandbox and the stamp files.
# BENCH_LATENCY_CONTROL=1 adds a second bare libcib client to every run
# (a control: how far apart two identical clients are).
# BENCH_LATENCY_POLL=1 adds a second clusapi subscriber that polls its
# port's fd (clusapi_port_fd) instead of blocking in GetClusterNotify: the
# two wake-up paths side by side.
# BENCH_LATENCY_RT=PRIO runs the writer and the subscribers (not the
# cluster's daemons) with the real-time policy SCHED_FIFO at that priority
# (chrt -f), so that a woken client runs at once instead of waiting for the
# other jobs of a shared machine.
set -euo pipefail
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$srcdir/build}
bin=$builddir/tests/bench/bench-latency
sandbox=$srcdir/tests/sandbox/sandbox.sh
N=${1:-300}
RUNS=${2:-3}
PAUSE=${3:-40}
export CLUSAPI_SANDBOX_DIR=${CLUSAPI_SANDBOX_DIR:-/run/clusapi-bench}
export CLUSAPI_SANDBOX_PREFIX=${CLUSAPI_SANDBOX_PREFIX:-clbn}

[ "$(id -u)" -eq 0 ] || { echo "run-latency: needs root (sandbox cluster)" >&2; exit 1; }
[ -x "$bin" ] || { echo "run-latency: $bin not built (make bench)" >&2; exit 1; }

out=$(mktemp -d /tmp/clusapi-latency.XXXXXX)
chmod 755 "$out"
started=0
pids=()
cleanup() {
    local p
    # subscribers still running (a run failed): DIR/stop ends them
    for p in "$out"/*/; do
        [ -d "$p" ] && touch "$p/stop"
    done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ "${BENCH_LATENCY_KEEP:-0}" != 1 ]; then
        if [ $started -eq 1 ]; then
            "$sandbox" down >&2 || true
        fi
        rm -rf "$out"
    else
        echo "run-latency: kept $out and the sandbox" >&2
    fi
}
trap cleanup EXIT

if ! "$sandbox" status >/dev/null 2>&1; then
    CLUSAPI_SANDBOX_QUIET=1 "$sandbox" up --nodes 1 >&2
    started=1
fi

rt=()
if [ -n "${BENCH_LATENCY_RT:-}" ]; then
    rt=(chrt -f "$BENCH_LATENCY_RT")
fi
inode() { "$sandbox" exec node1 "${rt[@]}" "$@"; }

# wait_for FILE SECONDS
wait_for() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        [ -e "$1" ] && return 0
        sleep 0.1
    done
    echo "run-latency: timed out waiting for $1" >&2
    return 1
}

echo "run-latency: $RUNS runs of $N changes, ${PAUSE} ms apart; nproc $(nproc)${rt:+; ${rt[*]}}" >&2
for ((k = 1; k <= RUNS; k++)); do
    d=$out/$k
    mkdir -p "$d"
    pids=()
    inode "$bin" bare "$d" "$N" &
    pids+=($!)
    inode "$bin" clusapi "$d" "$N" &
    pids+=($!)
    if [ "${BENCH_LATENCY_CONTROL:-0}" = 1 ]; then
        inode "$bin" bare "$d" "$N" bare2 &
        pids+=($!)
        wait_for "$d/ready.bare2" 30
    fi
    if [ "${BENCH_LATENCY_POLL:-0}" = 1 ]; then
        inode "$bin" clusapi "$d" "$N" clusapi2 poll &
        pids+=($!)
        wait_for "$d/ready.clusapi2" 30
    fi
    wait_for "$d/ready.bare" 30
    wait_for "$d/ready.clusapi" 30
    sleep 0.5
    inode "$bin" writer "$d" "$N" "$PAUSE"
    # the subscribers stop after N+1 events; DIR/stop is the backstop
    for ((i = 0; i < 50; i++)); do
        alive=0
        for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive -eq 0 ] && break
        sleep 0.1
    done
    touch "$d/stop"
    for p in "${pids[@]}"; do wait "$p" || true; done
done
"$bin" report "$out" "$RUNS"

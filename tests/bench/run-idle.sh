#!/bin/bash
# Benchmark (run by hand, root; docs/performance.md): what an idle
# subscriber costs, side by side with a crm_mon daemon watching the same
# cluster.
#
# On a sandbox cluster (its own namespaces and state directory; three nodes,
# so the link-state poll has other nodes' links to read), RESOURCES Dummy
# resources are created, stopped (target-role=Stopped), and the cluster is
# left to settle (every resource probed on every node).  Then node1 runs,
# side by side, `clusapi watch` (an open cluster and a notify port for every
# event, receiving none) and `crm_mon --daemonize --output-as html
# --output-to FILE` (its default 5 s refresh).  Over SECONDS seconds (60)
# both are measured from /proc: CPU as utime + stime of /proc/PID/stat (all
# threads; in clock ticks of 10 ms) and, finer, as the time on CPU of
# /proc/PID/task/*/schedstat (nanoseconds, each thread's); context switches
# as voluntary + involuntary of /proc/PID/task/*/status (each thread's:
# /proc/PID/status counts the main thread only).  Prints them per minute,
# and exits 1 unless the subscriber used less CPU and fewer context
# switches than crm_mon (the goal of docs/performance.md).
# About 6 minutes in all, most of it Pacemaker probing the resources.
#
# Usage: run-idle.sh [RESOURCES [SECONDS]]     (defaults 1000 and 60)
# Environment: top_builddir (default ./build), CLUSAPI_SANDBOX_DIR and
# CLUSAPI_SANDBOX_PREFIX (default /run/clusapi-bench-idle and clbi),
# IDLE_NODES (3); IDLE_BASELINE=DIR another build tree (say, of an earlier
# version) whose clusapi watch runs and is measured beside the others.
set -uo pipefail
nres=${1:-1000}
secs=${2:-60}
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$srcdir/build}
export CLUSAPI_SANDBOX_DIR=${CLUSAPI_SANDBOX_DIR:-/run/clusapi-bench-idle}
export CLUSAPI_SANDBOX_PREFIX=${CLUSAPI_SANDBOX_PREFIX:-clbi}
export CLUSAPI_SANDBOX_QUIET=1
sb="$srcdir/tests/sandbox/sandbox.sh"
work=$(mktemp -d)
trap '"$sb" down >/dev/null 2>&1; rm -rf "$work"' EXIT
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
[ -x "$builddir/clusapi" ] || { echo "build first: make -C $builddir" >&2; exit 1; }

"$sb" down >/dev/null 2>&1
"$sb" up --nodes "${IDLE_NODES:-3}" || exit 1
on() { "$sb" exec node1 "$@"; }

# the resources, in one CIB replace of the resources section
{
    echo "<resources>"
    for ((i = 1; i <= nres; i++)); do
        printf '<primitive id="idle%d" class="ocf" provider="pacemaker"' "$i"
        printf ' type="Dummy"><meta_attributes id="idle%d-meta">' "$i"
        printf '<nvpair id="idle%d-tr" name="target-role" value="Stopped"/>' "$i"
        printf '</meta_attributes><operations><op id="idle%d-mon"' "$i"
        printf ' name="monitor" interval="10s"/></operations></primitive>\n'
    done
    echo "</resources>"
} >"$work/resources.xml"
start=$SECONDS
on cibadmin --replace -o resources --xml-file "$work/resources.xml" || exit 1
on crm_resource --wait --timeout=900 >/dev/null 2>&1 \
    || { echo "the cluster did not settle" >&2; exit 1; }
echo "$nres resources created and probed in $((SECONDS - start)) s"

# each program's pid as the node sees it (its own pid namespace)
"$sb" exec node1 sh -c 'echo $$ >"$1"; exec "$2" watch >"$3" 2>/dev/null' sh \
    "$work/watch.pid" "$builddir/clusapi" "$work/watch.log" &
disown
if [ -n "${IDLE_BASELINE:-}" ]; then
    "$sb" exec node1 sh -c 'echo $$ >"$1"; exec "$2" watch >"$3" 2>/dev/null' sh \
        "$work/base.pid" "$IDLE_BASELINE/clusapi" "$work/base.log" &
    disown
fi
on crm_mon --daemonize --output-as html --output-to "$work/crm_mon.html" \
    --pid-file "$work/crm_mon.pid" || exit 1
for _ in $(seq 100); do
    [ -s "$work/watch.pid" ] && [ -s "$work/crm_mon.pid" ] \
        && { [ -z "${IDLE_BASELINE:-}" ] || [ -s "$work/base.pid" ]; } && break
    sleep 0.1
done
wpid=$(cat "$work/watch.pid")
mpid=$(tr -dc 0-9 <"$work/crm_mon.pid")
sleep 10 # both past their start (the first read of the CIB)

# "CPU-ticks CPU-ns CONTEXT-SWITCHES" of a pid
sample() {
    on sh -c 'cut -d" " -f14,15 /proc/$1/stat; cat /proc/$1/task/*/schedstat;
              cat /proc/$1/task/*/status' sh "$1" |
        awk 'NR == 1 { ticks = $1 + $2; next }
             NF == 3 && $1 ~ /^[0-9]+$/ { ns += $1 }
             /^(non)?voluntary_ctxt_switches/ { cs += $2 }
             END { printf "%d %.0f %d\n", ticks, ns, cs }'
}
names=("clusapi watch" "crm_mon -d")
pids=("$wpid" "$mpid")
if [ -n "${IDLE_BASELINE:-}" ]; then
    names+=("baseline watch")
    pids+=("$(cat "$work/base.pid")")
fi
before=()
for p in "${pids[@]}"; do before+=("$(sample "$p")"); done
sleep "$secs"
after=()
for p in "${pids[@]}"; do after+=("$(sample "$p")"); done
for f in "$work/watch.log" "$work/base.log"; do
    if [ -s "$f" ]; then
        echo "$(basename "$f" .log) was not idle: it printed"
        sed 's/^/  /' "$f" | head
    fi
done
hz=$(getconf CLK_TCK)
printf '%-16s %14s %16s %22s\n' "idle, per minute" "CPU ms" "utime+stime ms" \
    "context switches"
for i in "${!pids[@]}"; do
    read -r t0 n0 c0 <<<"${before[$i]}"
    read -r t1 n1 c1 <<<"${after[$i]}"
    awk -v name="${names[$i]}" -v k=$((60 / secs)) -v s="$secs" \
        -v ns=$((n1 - n0)) -v ms=$(( (t1 - t0) * 1000 / hz )) -v cs=$((c1 - c0)) \
        'BEGIN { printf "%-16s %14.1f %16d %22d\n", name, ns / 1e6 * 60 / s,
                 ms * 60 / s, cs * 60 / s }'
done
echo "(over ${secs} s; CPU ms from schedstat, utime+stime in ticks of" \
     "$(( 1000 / hz )) ms; $nres resources, ${IDLE_NODES:-3} nodes)"
# the goal (docs/performance.md): below crm_mon's CPU and context switches
read -r _ wn _ <<<"${after[0]}"; read -r _ wn0 _ <<<"${before[0]}"
read -r _ mn _ <<<"${after[1]}"; read -r _ mn0 _ <<<"${before[1]}"
read -r _ _ wcs <<<"${after[0]}"; read -r _ _ wcs0 <<<"${before[0]}"
read -r _ _ mcs <<<"${after[1]}"; read -r _ _ mcs0 <<<"${before[1]}"
if [ $((wn - wn0)) -lt $((mn - mn0)) ] && [ $((wcs - wcs0)) -lt $((mcs - mcs0)) ]; then
    echo "goal met: the idle subscriber costs less than crm_mon -d"
else
    echo "goal NOT met: the idle subscriber costs as much as crm_mon -d or more"
    exit 1
fi

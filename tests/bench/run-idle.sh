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
# threads), context switches as voluntary + involuntary of
# /proc/PID/task/*/status (each thread's; /proc/PID/status counts the main
# thread only).  Prints both, per minute.  About 3 minutes in all.
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
        printf '<primitive id="idle%d" class="ocf" provider="pacemaker" type="Dummy">' "$i"
        printf '<meta_attributes id="idle%d-meta"><nvpair id="idle%d-tr" name="target-role" value="Stopped"/></meta_attributes>' "$i" "$i"
        printf '<operations><op id="idle%d-mon" name="monitor" interval="10s"/></operations></primitive>\n' "$i"
    done
    echo "</resources>"
} >"$work/resources.xml"
start=$SECONDS
on cibadmin --replace -o resources --xml-file "$work/resources.xml" || exit 1
on crm_resource --wait --timeout=900 >/dev/null 2>&1 \
    || { echo "the cluster did not settle" >&2; exit 1; }
echo "$nres resources created and probed in $((SECONDS - start)) s"

# each program's pid as the node sees it (its own pid namespace)
on sh -c 'echo $$ >"$1"; exec "$2" watch >"$3" 2>&1' sh "$work/watch.pid" \
    "$builddir/clusapi" "$work/watch.log" &
if [ -n "${IDLE_BASELINE:-}" ]; then
    on sh -c 'echo $$ >"$1"; exec "$2" watch >"$3" 2>&1' sh "$work/base.pid" \
        "$IDLE_BASELINE/clusapi" "$work/base.log" &
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

# "CPU-ticks CONTEXT-SWITCHES" of a pid
sample() {
    on sh -c 'cut -d" " -f14,15 /proc/$1/stat \
        && cat /proc/$1/task/*/status' sh "$1" |
        awk 'NR == 1 { cpu = $1 + $2 }
             /^(non)?voluntary_ctxt_switches/ { cs += $2 }
             END { print cpu, cs }'
}
read -r wc0 ws0 < <(sample "$wpid")
read -r mc0 ms0 < <(sample "$mpid")
[ -n "${IDLE_BASELINE:-}" ] && read -r bc0 bs0 < <(sample "$(cat "$work/base.pid")")
sleep "$secs"
read -r wc1 ws1 < <(sample "$wpid")
read -r mc1 ms1 < <(sample "$mpid")
[ -n "${IDLE_BASELINE:-}" ] && read -r bc1 bs1 < <(sample "$(cat "$work/base.pid")")
if [ -s "$work/watch.log" ]; then
    echo "clusapi watch was not idle: it printed"
    sed 's/^/  /' "$work/watch.log" | head
fi
hz=$(getconf CLK_TCK)
per_min() { echo $(( $1 * 60 / secs )); }
printf '%-16s %16s %22s\n' "idle, ${secs} s" "CPU ms/minute" "context switches/minute"
printf '%-16s %16s %22s\n' "clusapi watch" \
    "$(per_min $(( (wc1 - wc0) * 1000 / hz )))" "$(per_min $((ws1 - ws0)))"
[ -n "${IDLE_BASELINE:-}" ] && printf '%-16s %16s %22s\n' "baseline watch" \
    "$(per_min $(( (bc1 - bc0) * 1000 / hz )))" "$(per_min $((bs1 - bs0)))"
printf '%-16s %16s %22s\n' "crm_mon -d" \
    "$(per_min $(( (mc1 - mc0) * 1000 / hz )))" "$(per_min $((ms1 - ms0)))"
echo "(CPU in clock ticks of $(( 1000 / hz )) ms; $nres resources, ${IDLE_NODES:-3} nodes)"

#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# record-live.sh - record the patchsets a real cluster sends while a scenario
# plays, for bench-translate (a): the recorded fixtures of
# tests/fixtures/cib are made with crm_diff on CIB files (test-translate's
# inputs); these come from based itself, with the histories the controller
# writes (on_node, exec-time, op-digest, ...), the node_state updates, the
# patchsets as they are sent, one per CIB update.
#
# Starts a two-node sandbox cluster (tests/sandbox/sandbox.sh, state in
# /run/clusapi-record, prefix clrc), runs `bench-latency record` inside node1
# while the scenario below plays, then removes the sandbox.  Needs root.
#
# Usage: record-live.sh OUTDIR    (writes OUTDIR/live/base.xml and
#                                  OUTDIR/live/NN.patchset.xml)
# Then:  bench-translate --only fixtures --fixtures OUTDIR
set -euo pipefail
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$srcdir/build}
bin=$builddir/tests/bench/bench-latency
sandbox=$srcdir/tests/sandbox/sandbox.sh
export CLUSAPI_SANDBOX_DIR=${CLUSAPI_SANDBOX_DIR:-/run/clusapi-record}
export CLUSAPI_SANDBOX_PREFIX=${CLUSAPI_SANDBOX_PREFIX:-clrc}

[ $# -eq 1 ] || { echo "usage: record-live.sh OUTDIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "record-live: needs root (sandbox cluster)" >&2; exit 1; }
[ -x "$bin" ] || { echo "record-live: $bin not built (make bench)" >&2; exit 1; }

out=$1/live
mkdir -p "$out"
rm -f "$out"/*.patchset.xml "$out"/base.xml "$out"/stop "$out"/ready.record
chmod 755 "$out"
rec=""
cleanup() {
    touch "$out/stop"
    [ -n "$rec" ] && wait "$rec" 2>/dev/null || true
    rm -f "$out/stop" "$out/ready.record"
    "$sandbox" down >&2 || true
}
trap cleanup EXIT

CLUSAPI_SANDBOX_QUIET=1 "$sandbox" up --nodes 2 >&2
on() { "$sandbox" exec node1 "$@"; }
settle() { on crm_resource --wait --timeout=120 >/dev/null; sleep 1; }
settle

on "$bin" record "$out" &
rec=$!
for _ in $(seq 100); do [ -e "$out/ready.record" ] && break; sleep 0.1; done
[ -e "$out/ready.record" ] || { echo "record-live: the recorder did not start" >&2; exit 1; }

step() { echo "record-live: $1" >&2; shift; on "$@" >/dev/null; settle; }
dummy() { echo "<primitive id=\"$1\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"><operations><op id=\"$1-monitor-10s\" name=\"monitor\" interval=\"10s\"/></operations></primitive>"; }

step "a primitive" cibadmin -C -o resources -X "$(dummy r1)"
step "another" cibadmin -C -o resources -X "$(dummy r2)"
step "a third" cibadmin -C -o resources -X "$(dummy r3)"
step "a group of two" cibadmin -C -o resources -X "<group id=\"g1\">$(dummy g1a)$(dummy g1b)</group>"
step "a third member" cibadmin -M -X "<group id=\"g1\">$(dummy g1c)</group>"
step "a clone" cibadmin -C -o resources -X "<clone id=\"c1\">$(dummy c1p)</clone>"
step "stop r1" crm_resource -r r1 --meta -p target-role -v Stopped
step "start r1" crm_resource -r r1 --meta -p target-role -v Started
where() { on crm_resource -r "$1" --locate | sed -n 's/.*running on: *//p' | head -1; }
other() { [ "$1" = node1 ] && echo node2 || echo node1; }
step "move r2 to the other node" crm_resource -r r2 --move -N "$(other "$(where r2)")"
step "clear the move" crm_resource -r r2 --clear
step "a property of r3" crm_resource -r r3 -p fake -v 1
step "stop the group" crm_resource -r g1 --meta -p target-role -v Stopped
step "start the group" crm_resource -r g1 --meta -p target-role -v Started
step "node2 in standby" crm_standby -N node2 -v on
step "node2 back" crm_standby -N node2 -v off
step "a node attribute" crm_attribute -N node1 -n rack -v a1
step "a transient attribute" crm_attribute -N node1 -n probe-me -v 1 -l reboot
step "fail r3" crm_resource -r r3 --fail -N "$(where r3)"
step "clean it up" crm_resource -r r3 --cleanup
step "stop r1 for deleting" crm_resource -r r1 --meta -p target-role -v Stopped
step "delete r1" cibadmin -D -o resources -X '<primitive id="r1"/>'
step "delete a member" cibadmin -D -o resources -X '<primitive id="g1c"/>'
touch "$out/stop"
wait "$rec"
rec=""
echo "record-live: $(ls "$out"/*.patchset.xml | wc -l) patchsets in $out" >&2

#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The OCF resource agent ocf:clusapi:notify (agents/notify.in) without a
# cluster (TAP): its meta-data valid against the OCF RA API DTD that
# resource-agents ships, ocf-tester (from resource-agents) on it, with a
# CIB file standing in for the cluster, and the exit codes of
# validate-all, start and monitor that Pacemaker acts on.  The agent on a
# real cluster, as a clone: tests/integration/test-agent.sh.
set -uo pipefail
builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)/build}
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
agent=$builddir/agents/notify
clusapi=$builddir/clusapi
sample=/usr/share/pacemaker/alerts/alert_file.sh.sample
dtd=/usr/share/resource-agents/ra-api-1.dtd
n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
tmp=$(mktemp -d)
export HA_RSCTMP=$tmp/rsctmp OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=t1
export CIB_file=$srcdir/tests/fixtures/api/cib.xml
trap '"$agent" stop >/dev/null 2>&1; rm -rf "$tmp"' EXIT
echo "TAP version 13"

"$agent" meta-data >"$tmp/meta.xml"
ok $? "meta-data exits 0"
if [ -r "$dtd" ] && command -v xmllint >/dev/null; then
    xmllint --noout --dtdvalid "$dtd" "$tmp/meta.xml" 2>"$tmp/xmllint"
    ok $? "meta-data is valid against $dtd"
    sed 's/^/# /' "$tmp/xmllint"
else
    skip "meta-data against the DTD" "no $dtd (resource-agents) or no xmllint"
fi

# validate-all: Pacemaker's codes for what is wrong
code() {
    local name=$1 want=$2 rc
    shift 2
    env "$@" "$agent" validate-all >/dev/null 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq "$want" ]; ok $? "$name: exit code $want (got $rc)"
}
code "validate-all: neither agent nor logfile" 6 OCF_RESKEY_clusapi="$clusapi"
code "validate-all: an agent that is not a file" 6 OCF_RESKEY_clusapi="$clusapi" \
    OCF_RESKEY_agent=/nonexistent
code "validate-all: an agent that is not executable" 6 OCF_RESKEY_clusapi="$clusapi" \
    OCF_RESKEY_agent="$srcdir/README.md"
code "validate-all: no clusapi" 5 OCF_RESKEY_clusapi=/nonexistent/clusapi \
    OCF_RESKEY_agent=/bin/true
code "validate-all: a bad agent_timeout" 6 OCF_RESKEY_clusapi="$clusapi" \
    OCF_RESKEY_agent=/bin/true OCF_RESKEY_agent_timeout=soon
code "validate-all: a logfile in no directory" 6 OCF_RESKEY_clusapi="$clusapi" \
    OCF_RESKEY_logfile=/nonexistent/dir/events.json
code "validate-all: agent set" 0 OCF_RESKEY_clusapi="$clusapi" OCF_RESKEY_agent=/bin/true
"$agent" unknown-action >/dev/null 2>&1
rc=$?; [ $rc -eq 3 ]; ok $? "an unknown action: exit code 3 (got $rc)"

export OCF_RESKEY_clusapi=$clusapi OCF_RESKEY_recipient=$tmp/alerts.log
if [ -x "$sample" ]; then
    export OCF_RESKEY_agent=$sample
else
    export OCF_RESKEY_agent=/bin/true
fi
export OCF_RESKEY_logfile=$tmp/events.json
"$agent" monitor; rc=$?
[ $rc -eq 7 ]; ok $? "monitor before start: not running, 7 (got $rc)"
"$agent" start; rc=$?
[ $rc -eq 0 ]; ok $? "start: 0 (got $rc)"
"$agent" monitor; rc=$?
[ $rc -eq 0 ]; ok $? "monitor: running, 0 (got $rc)"
pids=$(cat "$HA_RSCTMP"/clusapi-notify-t1/*.pid)
[ "$(echo "$pids" | wc -w)" -eq 2 ]; ok $? "two daemons: clusapi exec and clusapi watch"
kill -9 $(cat "$HA_RSCTMP/clusapi-notify-t1/exec.pid")
sleep 0.2
"$agent" monitor 2>"$tmp/err"; rc=$?
[ $rc -eq 7 ]; ok $? "monitor after the daemon died: not running, 7 (got $rc)"
sed 's/^/# /' "$tmp/err"
"$agent" start; rc=$?
[ $rc -eq 0 ]; ok $? "start again: 0 (got $rc)"
pids=$(cat "$HA_RSCTMP"/clusapi-notify-t1/*.pid)
"$agent" stop; rc=$?
[ $rc -eq 0 ]; ok $? "stop: 0 (got $rc)"
left=0
# (a zombie that init has not reaped yet has no command line)
for p in $pids; do grep -q clusapi "/proc/$p/cmdline" 2>/dev/null && left=$((left + 1)); done
[ $left -eq 0 ]; ok $? "stop: no daemon left ($left of $(echo "$pids" | wc -w))"
"$agent" monitor; rc=$?
[ $rc -eq 7 ]; ok $? "monitor after stop: 7 (got $rc)"
"$agent" stop; rc=$?
[ $rc -eq 0 ]; ok $? "stop when stopped: 0 (got $rc)"
OCF_RESKEY_agent=/nonexistent "$agent" start 2>/dev/null; rc=$?
[ $rc -eq 6 ]; ok $? "start with a missing agent: not configured, 6 (got $rc)"

if command -v ocf-tester >/dev/null && command -v xmllint >/dev/null \
    && [ "$(id -u)" -eq 0 ]; then
    # ocf-tester runs the agent as another user too: a copy where any user
    # reaches it (the build tree may be in a private directory)
    cp "$agent" "$tmp/notify"
    chmod 755 "$tmp" "$tmp/notify"
    ocf-tester -n t2 -o agent="$OCF_RESKEY_agent" -o recipient="$tmp/t2.log" \
        -o clusapi="$clusapi" "$tmp/notify" >"$tmp/ocft" 2>&1
    rc=$?
    ok $rc "ocf-tester passes (exit code $rc)"
    sed 's/^/# /' "$tmp/ocft"
else
    skip "ocf-tester" "not installed (resource-agents), no xmllint (libxml2-utils), or not root"
fi

echo "1..$n"
exit $failed

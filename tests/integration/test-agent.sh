#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# ocf:clusapi:notify on a real three-node cluster (the sandbox, in its own
# namespaces and state directory), as Pacemaker runs it: a clone on every
# node with Pacemaker's own alert_file.sh.sample as its agent, and beside
# it a Pacemaker <alerts> entry with the same sample agent, each writing to
# a file per node.  The scenario creates a resource and a group, stops and
# starts them, puts a node in standby and back, deletes them and kills a
# node; then each surviving node's file holds exactly the expected entries
# (Pacemaker's file: only the resource operations it alerts on).  Also:
# the daemon of a clone instance killed, monitor reports it, Pacemaker
# recovers it.  Prints TAP.  Root.
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
export CLUSAPI_SANDBOX_DIR=${AGENT_SANDBOX_DIR:-/run/clusapi-sandbox-agent}
export CLUSAPI_SANDBOX_PREFIX=${AGENT_SANDBOX_PREFIX:-clsa}
export CLUSAPI_SANDBOX_QUIET=1
sb="$srcdir/tests/sandbox/sandbox.sh"
sample=/usr/share/pacemaker/alerts/alert_file.sh.sample
work="$builddir/tests/integration/agent.d"
n=0
failed=0

echo "TAP version 13"
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
bail() { echo "Bail out! $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || bail "the agent tests start a sandbox cluster in Linux namespaces: run them as root"
[ -x "$sample" ] || bail "no $sample (Pacemaker's sample alert agents)"
on() { local node=$1; shift; "$sb" exec "$node" "$@"; }
logdir() { echo "$CLUSAPI_SANDBOX_DIR/$1/log"; }
trap '"$sb" down >/dev/null 2>&1' EXIT

rm -rf "$work"
mkdir -p "$work"
"$sb" up --nodes 3 >&2 || bail "the sandbox cluster did not start"

# The agent where Pacemaker looks for it, in each node's own mount
# namespace only: a copy of the OCF agent tree with clusapi/notify added,
# mounted over /usr/lib/ocf/resource.d (the host's tree is not touched)
cp -a /usr/lib/ocf/resource.d "$work/resource.d"
mkdir -p "$work/resource.d/clusapi"
cp "$builddir/agents/notify" "$work/resource.d/clusapi/notify"
for node in node1 node2 node3; do
    on "$node" mount --bind "$work/resource.d" /usr/lib/ocf/resource.d ||
        bail "cannot mount the agent tree in $node"
done

# Pacemaker's alert, and the clone; every resource of the scenario on node1
on node1 cibadmin -C -o configuration -X "<alerts><alert id=\"pa\" path=\"$sample\"><recipient id=\"pa-r\" value=\"/var/log/pacemaker/pacemaker-alerts.log\"/></alert></alerts>" ||
    bail "cannot configure the Pacemaker alert"
on node1 cibadmin -C -o resources -X "<clone id=\"events\"><primitive id=\"ev\" class=\"ocf\" provider=\"clusapi\" type=\"notify\"><instance_attributes id=\"ev-ia\"><nvpair id=\"ev-agent\" name=\"agent\" value=\"$sample\"/><nvpair id=\"ev-recipient\" name=\"recipient\" value=\"/var/log/pacemaker/clusapi-alerts.log\"/><nvpair id=\"ev-clusapi\" name=\"clusapi\" value=\"$builddir/clusapi\"/></instance_attributes><operations><op id=\"ev-monitor\" name=\"monitor\" interval=\"2s\"/></operations></primitive></clone>"
on node1 crm_resource --wait >/dev/null 2>&1
running=$(on node1 crm_mon -1 --output-as=xml 2>/dev/null | grep -c '<resource id="ev" [^>]*role="Started"')
[ "$running" -eq 3 ]; ok $? "Pacemaker runs ocf:clusapi:notify as a clone on the three nodes ($running)"

# the scenario, each step settled before the next; the files start empty
for node in node1 node2 node3; do
    : >"$(logdir "$node")/clusapi-alerts.log"
    : >"$(logdir "$node")/pacemaker-alerts.log"
done
settle() { on node1 crm_resource --wait >/dev/null 2>&1; sleep 1; }
# created stopped, held to node1, then started: the same events everywhere
on node1 cibadmin -C -o resources -X '<primitive id="r1" class="ocf" provider="pacemaker" type="Dummy"><meta_attributes id="r1-m"><nvpair id="r1-m-t" name="target-role" value="Stopped"/></meta_attributes></primitive>'
settle
on node1 cibadmin -C -o constraints -X '<rsc_location id="r1-on-1" rsc="r1" node="node1" score="INFINITY"/>'
on node1 crm_resource -r r1 --meta -p target-role -v Started >/dev/null
settle
on node1 cibadmin -C -o resources -X '<group id="g1"><meta_attributes id="g1-m"><nvpair id="g1-m-t" name="target-role" value="Stopped"/></meta_attributes><primitive id="g1a" class="ocf" provider="pacemaker" type="Dummy"/></group>'
settle
on node1 cibadmin -C -o constraints -X '<rsc_location id="g1-on-1" rsc="g1" node="node1" score="INFINITY"/>'
on node1 crm_resource -r g1 --meta -p target-role -v Started >/dev/null
settle
on node1 crm_resource -r g1 --meta -p target-role -v Stopped >/dev/null
settle
on node1 crm_resource -r g1 --meta -p target-role -v Started >/dev/null
settle
on node1 crm_standby -N node3 -v on
settle
on node1 crm_standby -N node3 -v off
settle
for r in r1 g1; do on node1 crm_resource -r "$r" --meta -p target-role -v Stopped >/dev/null; done
settle
# the constraints first: the schema refuses one that names no resource
on node1 cibadmin -D -o constraints -X '<rsc_location id="r1-on-1"/>'
on node1 cibadmin -D -o constraints -X '<rsc_location id="g1-on-1"/>'
settle
on node1 cibadmin -D -o resources -X '<primitive id="r1"/>'
on node1 cibadmin -D -o resources -X '<group id="g1"/>'
settle
"$sb" kill node3 >&2
for _ in $(seq 120); do
    on node1 crm_mon -1 --output-as=xml 2>/dev/null | grep -q '<node name="node3" [^>]*online="false"' && break
    sleep 0.5
done
settle

# without the time stamps
strip() { sed -E 's/^[0-9:.]+: //' "$1"; }
for node in node1 node2; do
    strip "$(logdir "$node")/clusapi-alerts.log" >"$work/$node.clusapi"
    strip "$(logdir "$node")/pacemaker-alerts.log" >"$work/$node.pacemaker"
    sed "s/^/# $node clusapi: /" "$work/$node.clusapi"
    sed "s/^/# $node pacemaker: /" "$work/$node.pacemaker"
done
# Pacemaker's words for the results, 2.1's or 3.0's
if on node1 pacemakerd --version | grep -q '^Pacemaker [3-9]'; then
    words='s/OK_WORD$/OK/; s/PENDING_WORD$/Pending/'
else
    words='s/OK_WORD$/ok/; s/PENDING_WORD$/pending/'
fi
sed "$words" >"$work/want" <<'EOF'
Resource operation 'create' for 'r1' on '': OK_WORD
Resource operation 'configure' for 'r1' on '': OK_WORD
Resource operation 'configure' for 'r1' on '': OK_WORD
Resource operation 'start' for 'r1' on 'node1': PENDING_WORD
Resource operation 'start' for 'r1' on 'node1': OK_WORD
Resource operation 'create' for 'g1' on '': OK_WORD
Resource operation 'create' for 'g1a' on '': OK_WORD
Resource operation 'configure' for 'g1' on '': OK_WORD
Resource operation 'configure' for 'g1' on '': OK_WORD
Resource operation 'start' for 'g1a' on 'node1': PENDING_WORD
Resource operation 'start' for 'g1' on 'node1': PENDING_WORD
Resource operation 'start' for 'g1a' on 'node1': OK_WORD
Resource operation 'start' for 'g1' on 'node1': OK_WORD
Resource operation 'configure' for 'g1' on 'node1': OK_WORD
Resource operation 'stop' for 'g1a' on 'node1': PENDING_WORD
Resource operation 'stop' for 'g1' on 'node1': PENDING_WORD
Resource operation 'stop' for 'g1a' on 'node1': OK_WORD
Resource operation 'stop' for 'g1' on 'node1': OK_WORD
Resource operation 'configure' for 'g1' on 'node1': OK_WORD
Resource operation 'start' for 'g1a' on 'node1': PENDING_WORD
Resource operation 'start' for 'g1' on 'node1': PENDING_WORD
Resource operation 'start' for 'g1a' on 'node1': OK_WORD
Resource operation 'start' for 'g1' on 'node1': OK_WORD
Node 'node3' is now 'changed'
Node 'node3' is now 'paused'
Resource operation 'stop' for 'events' on 'node3': PENDING_WORD
Resource operation 'start' for 'events' on 'node1': OK_WORD
Node 'node3' is now 'changed'
Node 'node3' is now 'member'
Resource operation 'start' for 'events' on 'node3': PENDING_WORD
Resource operation 'start' for 'events' on 'node1': OK_WORD
Resource operation 'configure' for 'r1' on 'node1': OK_WORD
Resource operation 'stop' for 'r1' on 'node1': PENDING_WORD
Resource operation 'stop' for 'r1' on 'node1': OK_WORD
Resource operation 'configure' for 'g1' on 'node1': OK_WORD
Resource operation 'stop' for 'g1a' on 'node1': PENDING_WORD
Resource operation 'stop' for 'g1' on 'node1': PENDING_WORD
Resource operation 'stop' for 'g1a' on 'node1': OK_WORD
Resource operation 'stop' for 'g1' on 'node1': OK_WORD
Resource operation 'configure' for 'r1' on 'node1': OK_WORD
Resource operation 'configure' for 'g1' on 'node1': OK_WORD
Resource operation 'delete' for 'r1' on 'node1': OK_WORD
Resource operation 'delete' for 'g1a' on 'node1': OK_WORD
Resource operation 'delete' for 'g1' on 'node1': OK_WORD
Node 'node3' is now 'lost'
EOF
# A *_STATE event's state is read when exec takes the event from its port
# (the API's events carry no state): a start or stop that is pending only
# briefly may already read as its outcome, and then repeats the line that
# follows.  So within each run of start/stop lines (between two other
# entries) the pending lines and the repeats are compared apart: dropped
# from both sides.  Every other entry is compared exactly, in order.
settled() {
    awk '/^Resource operation .(start|stop). / {
             if ($0 ~ /: [Pp]ending$/ || seen[$0]++) next
             print; next }
         { delete seen; print }' "$1"
}
settled "$work/want" >"$work/want.settled"
# the networks' and interfaces' events come as knet and Corosync notice
# node3's loss, in an order of their own: compared apart
for node in node1 node2; do
    grep -E "^Node '([^']* - )?link[0-9]+'" "$work/$node.clusapi" | sort >"$work/$node.links"
    grep -vE "^Node '([^']* - )?link[0-9]+'" "$work/$node.clusapi" >"$work/$node.rest"
    settled "$work/$node.rest" >"$work/$node.settled"
    diff "$work/want.settled" "$work/$node.settled" >"$work/$node.diff"
    ok $? "$node: clusapi's file holds exactly the expected entries (pending ones apart)"
    sed 's/^/# /' "$work/$node.diff"
    pend=$(grep -c ': [Pp]ending$' "$work/$node.rest")
    echo "# $node: $pend of $(grep -c ': [Pp]ending$' "$work/want") pending entries read as pending"
    # node3's interfaces end Unavailable.  On the way, if knet saw node3's
    # links go down before Corosync's membership lost node3 (a race of
    # their timers), the networks were Partitioned and the interfaces
    # Unreachable meanwhile; a line shows the state when exec took the
    # event, so it may already read as the end state
    grep -q "^Node 'node3 - link0' is now 'unavailable'$" "$work/$node.links" &&
        grep -q "^Node 'node3 - link1' is now 'unavailable'$" "$work/$node.links"
    ok $? "$node: and node3's interfaces unavailable"
done
# Pacemaker alerts a resource operation on the node that ran it only, a
# node's loss everywhere; never a creation or a deletion
grep -Eiq "^Resource operation 'start' for 'r1' on 'node1': ok$" "$work/node1.pacemaker" &&
    ! grep -q "for 'r1'" "$work/node2.pacemaker" &&
    grep -q "^Node 'node3' is now 'lost'$" "$work/node2.pacemaker" &&
    ! grep -Eq "'(create|delete|configure)'" "$work/node1.pacemaker" "$work/node2.pacemaker"
ok $? "Pacemaker's files: node1's operations on node1 only, node3 lost on both, no creation or deletion"

# the daemon under the instance on node1 dies: monitor says not running,
# Pacemaker recovers the instance
pid=$(on node1 sh -c 'cat /run/resource-agents/clusapi-notify-ev*/exec.pid')
on node1 kill -9 "$pid"
recovered=1
for _ in $(seq 120); do
    sleep 0.5
    new=$(on node1 sh -c 'cat /run/resource-agents/clusapi-notify-ev*/exec.pid' 2>/dev/null)
    if [ -n "$new" ] && [ "$new" != "$pid" ] && on node1 kill -0 "$new" 2>/dev/null; then
        recovered=0
        break
    fi
done
ok $recovered "the daemon killed on node1: Pacemaker started it again (pid $pid, then ${new:-none})"
on node1 crm_mon -1 --output-as=xml 2>/dev/null | grep -q '<failure op_key="ev_monitor_2000" node="node1" [^>]*exitcode="7"'
ok $? "monitor reported it: a failed ev_monitor_2000 on node1, not running (7)"

echo "1..$n"
exit $failed

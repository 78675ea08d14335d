#!/bin/bash
# The main job, on a fresh machine: installs what is missing, builds, and
# runs `clusapi watch` on live cluster events.
#  - If a cluster already runs on this machine, it is only watched (Ctrl-C
#    ends); the demo never changes a real cluster.
#  - Otherwise a throw-away sandbox cluster (tests/sandbox/sandbox.sh, Linux
#    namespaces, needs root) is started, a short scenario plays while
#    `clusapi watch` prints the events, and the sandbox is removed.  With
#    three nodes or more (the default) the scenario also crashes a node and
#    brings it back, and takes one network link of a node down and up.
# Usage: tests/demo.sh [--nodes N] [--json]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
nodes=3
watch_args=(--state)
while [ $# -gt 0 ]; do
    case "$1" in
        --nodes) nodes=$2; shift 2 ;;
        --json) watch_args+=(--json); shift ;;
        *) echo "usage: $0 [--nodes N] [--json]" >&2; exit 2 ;;
    esac
done

"$top/tests/setup.sh"
clusapi="$top/build/clusapi"
sandbox="$top/tests/sandbox/sandbox.sh"

if cibadmin -Q -l >/dev/null 2>&1; then
    echo "demo: a cluster runs on this machine: watching it (Ctrl-C to stop)" >&2
    exec "$clusapi" watch "${watch_args[@]}"
fi

started=0
if ! "$sandbox" status >/dev/null 2>&1; then
    "$sandbox" up --nodes "$nodes"
    started=1
fi
on_node() { "$sandbox" exec node1 "$@"; }
watcher=
cleanup() {
    set +e
    if [ -n "$watcher" ]; then
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
    fi
    if [ $started -eq 1 ]; then
        "$sandbox" down
    fi
}
trap cleanup EXIT

# a sandbox left over from an earlier run: start from a clean slate
on_node cibadmin -D -o resources -X '<group id="demo-group"/>' >/dev/null 2>&1 || true
on_node crm_standby -N node1 -v off >/dev/null 2>&1 || true
on_node crm_resource --wait >/dev/null 2>&1 || true

ready=$(mktemp)
on_node "$clusapi" watch "${watch_args[@]}" 2>"$ready" &
watcher=$!
for _ in $(seq 100); do grep -q watching "$ready" && break; sleep 0.1; done
rm -f "$ready"

step() {
    echo "---- $1" >&2
    shift
    on_node "$@" >/dev/null
    on_node crm_resource --wait --timeout=120 >/dev/null
    sleep 1
}
step "create group demo-group with resource demo-ip" \
    cibadmin -C -o resources -X '<group id="demo-group"><primitive id="demo-ip" class="ocf" provider="pacemaker" type="Dummy"/></group>'
step "add resource demo-web to the group" \
    cibadmin -M -X '<group id="demo-group"><primitive id="demo-web" class="ocf" provider="pacemaker" type="Dummy"/></group>'
step "stop the group" crm_resource -r demo-group --meta -p target-role -v Stopped
step "start the group" crm_resource -r demo-group --meta -p target-role -v Started
step "put node1 in standby" crm_standby -N node1 -v on
step "node1 back from standby" crm_standby -N node1 -v off
if [ "$nodes" -ge 3 ]; then
    fault() { # fault DESCRIPTION WAIT-CONDITION SANDBOX-COMMAND...
        local what=$1 cond=$2
        shift 2
        echo "---- $what" >&2
        "$sandbox" "$@" >/dev/null
        for _ in $(seq 150); do on_node sh -c "$cond" >/dev/null 2>&1 && break; sleep 0.2; done
        on_node crm_resource --wait --timeout=120 >/dev/null
        sleep 1
    }
    fault "crash node3 (power loss)" \
        '! crm_mon -1 --output-as=xml | grep -q "node name=\"node3\" [^>]*online=\"true\""' kill node3
    fault "node3 boots again" true start node3
    fault "network link 1 of node2 down" \
        'corosync-cfgtool -s | sed -n "/LINK ID 1/,\$p" | grep -q "nodeid: *2: *disconnected"' link-down node2 1
    fault "network link 1 of node2 up" \
        '! corosync-cfgtool -s | sed -n "/LINK ID 1/,\$p" | grep -q disconnected' link-up node2 1
fi
step "stop the group before deleting it" crm_resource -r demo-group --meta -p target-role -v Stopped
step "delete the group" cibadmin -D -o resources -X '<group id="demo-group"/>'
echo "---- done" >&2

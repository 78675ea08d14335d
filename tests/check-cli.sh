#!/bin/bash
# The CLI without a cluster (TAP): `clusapi list`, `clusapi info` and
# `clusapi state` read the API fixture through CIB_file, as Pacemaker's
# tools do (tests/fixtures/api/make-api-fixture.sh); exit codes for usage
# errors and for no cluster.  Live events are tested in tests/integration/.
set -uo pipefail
clusapi="${top_builddir:?}/clusapi"
export CIB_file="${top_srcdir:?}/tests/fixtures/api/cib.xml"
uni='Ünïcodé日本'
n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
# expect NAME WANT CMD...: exit code 0 and exactly WANT on stdout
expect() {
    local name=$1 want=$2 got rc
    shift 2
    got=$("$@" 2>&1)
    rc=$?
    [ $rc -eq 0 ] && [ "$got" = "$want" ]
    ok $? "$name"
    if [ $rc -ne 0 ] || [ "$got" != "$want" ]; then
        echo "# exit code $rc"
        printf '# got:  %s\n' "$got"
        printf '# want: %s\n' "$want"
    fi
}
# code NAME WANT CMD...: the exit code only
code() {
    local name=$1 want=$2 rc
    shift 2
    "$@" >/dev/null 2>&1
    rc=$?
    [ $rc -eq "$want" ]; ok $? "$name (exit code $rc)"
}
echo "TAP version 13"

expect "list nodes" "node1
node2" "$clusapi" list nodes
expect "list groups: sorted by id" "web
$uni" "$clusapi" list groups
expect "list resources" "httpd
ip
$uni" "$clusapi" list resources
expect "list types: the agents in use" "ocf:heartbeat:IPaddr2
ocf:pacemaker:Dummy
systemd:httpd" "$clusapi" list types

expect "list nodes --json" \
    '[{"name":"node1","state":"Up"},{"name":"node2","state":"Up"}]' \
    "$clusapi" list nodes --json
expect "list groups --json: state and owner" \
    '[{"name":"web","state":"Online","owner":"node1"},{"name":"'"$uni"'","state":"Online","owner":"node2"}]' \
    "$clusapi" list groups --json
expect "list resources --json: state, owner and group" \
    '[{"name":"httpd","state":"Online","owner":"node1","group":"web"},{"name":"ip","state":"Online","owner":"node1","group":"web"},{"name":"'"$uni"'","state":"Online","owner":"node2","group":"'"$uni"'"}]' \
    "$clusapi" list resources --json
expect "list --json types: option first" \
    '[{"name":"ocf:heartbeat:IPaddr2"},{"name":"ocf:pacemaker:Dummy"},{"name":"systemd:httpd"}]' \
    "$clusapi" list --json types

# no Corosync with CIB_file: no networks, no interfaces, and the quorum is
# the CIB's have-quorum (absent in the fixture)
expect "list networks: none in file mode" "" "$clusapi" list networks
expect "list netinterfaces: none in file mode" "" "$clusapi" list netinterfaces
expect "list networks --json" "[]" "$clusapi" list networks --json
expect "list netinterfaces --json" "[]" "$clusapi" list netinterfaces --json

expect "info" "name: apitest
version: Pacemaker 2.1.5-a3f44794f94
quorum: no" "$clusapi" info
expect "info --json" \
    '{"name":"apitest","vendor":"Pacemaker","version":"2.1.5-a3f44794f94","major":2,"minor":1,"build":5,"quorate":false}' \
    "$clusapi" info --json
expect "state --json" \
    '{"nodes":[{"name":"node1","state":"Up"},{"name":"node2","state":"Up"}],"groups":[{"name":"web","state":"Online","owner":"node1"},{"name":"'"$uni"'","state":"Online","owner":"node2"}],"resources":[{"name":"httpd","state":"Online","owner":"node1","group":"web"},{"name":"ip","state":"Online","owner":"node1","group":"web"},{"name":"'"$uni"'","state":"Online","owner":"node2","group":"'"$uni"'"}],"quorate":false}' \
    "$clusapi" state --json
"$clusapi" state | tail -n 2 | { read -r blank; read -r last; [ -z "$blank" ] && [ "$last" = "quorum: no" ]; }
ok $? "state: the quorum last"

code "list without a kind" 2 "$clusapi" list
code "list of an unknown kind" 2 "$clusapi" list volumes
code "list of two kinds" 2 "$clusapi" list nodes groups
code "list with an unknown option" 2 "$clusapi" list nodes --yaml
code "info with an argument" 2 "$clusapi" info nodes
code "list --help" 0 "$clusapi" list --help
"$clusapi" --help | grep -q '^       clusapi list nodes|groups|resources|types|networks|netinterfaces \[--json\]$'
ok $? "usage names list"
"$clusapi" --help | grep -q '^       clusapi info \[--json\]$'
ok $? "usage names info"
code "list with no cluster" 3 env CIB_file=/nonexistent/cib.xml "$clusapi" list nodes
code "info with no cluster" 3 env CIB_file=/nonexistent/cib.xml "$clusapi" info
echo "1..$n"
exit $failed

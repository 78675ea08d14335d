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

expect "list nodes: a table" "  NAME   STATE
  node1  Up
  node2  Up" "$clusapi" list nodes
# columns padded by display width: 日本 takes four columns, not six bytes
expect "list groups: sorted by id" "  NAME         STATE   OWNER
  web          Online  node1
  $uni  Online  node2" "$clusapi" list groups
expect "list resources" "  NAME         STATE   OWNER  GROUP
  httpd        Online  node1  web
  ip           Online  node1  web
  $uni  Online  node2  $uni" "$clusapi" list resources
expect "list types: the agents in use" "  NAME
  ocf:heartbeat:IPaddr2
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
expect "list networks: none in file mode (no header either)" "" "$clusapi" list networks
expect "list netinterfaces: none in file mode" "" "$clusapi" list netinterfaces
expect "list networks --json" "[]" "$clusapi" list networks --json
expect "list netinterfaces --json" "[]" "$clusapi" list netinterfaces --json

expect "info" "name: apitest
version: Pacemaker 2.1.5-a3f44794f94
quorum: no" "$clusapi" info
expect "info --json" \
    '{"name":"apitest","vendor":"Pacemaker","version":"2.1.5-a3f44794f94","major":2,"minor":1,"build":5,"quorate":false}' \
    "$clusapi" info --json
# the cluster database
expect "reg: the root's values and subkeys" "(root)
  stonith-enabled     REG_SZ  false
  no-quorum-policy    REG_SZ  ignore
  cluster-name        REG_SZ  apitest
  dc-version          REG_SZ  2.1.5-a3f44794f94
  Groups\\
  NetworkInterfaces\\
  Networks\\
  Nodes\\
  ResourceTypes\\
  Resources\\" "$clusapi" reg
expect "reg KEY: a group's members as REG_MULTI_SZ" 'Groups\web
  Name      REG_SZ        web
  Contains  REG_MULTI_SZ  ip | httpd' "$clusapi" reg 'Groups\web'
expect "reg --json --recursive" \
    '{"key":"Resources\\ip","values":[{"name":"Name","type":"REG_SZ","data":"ip"},{"name":"Type","type":"REG_SZ","data":"ocf:heartbeat:IPaddr2"},{"name":"Group","type":"REG_SZ","data":"web"}],"subkeys":[{"key":"Resources\\ip\\Parameters","values":[],"subkeys":[]}]}' \
    "$clusapi" reg --json -r 'Resources\ip'
expect "reg -j: subkeys by name" \
    '{"key":"Groups","values":[],"subkeys":["web","'"$uni"'"]}' \
    "$clusapi" reg -j Groups
expect "state --json" \
    '{"nodes":[{"name":"node1","state":"Up"},{"name":"node2","state":"Up"}],"groups":[{"name":"web","state":"Online","owner":"node1"},{"name":"'"$uni"'","state":"Online","owner":"node2"}],"resources":[{"name":"httpd","state":"Online","owner":"node1","group":"web"},{"name":"ip","state":"Online","owner":"node1","group":"web"},{"name":"'"$uni"'","state":"Online","owner":"node2","group":"'"$uni"'"}],"failed_actions":[],"quorate":false}' \
    "$clusapi" state --json
expect "state: a table per kind, the quorum last" "nodes:
  NAME         STATE
  node1        Up
  node2        Up

groups:
  NAME         STATE   OWNER
  web          Online  node1
  $uni  Online  node2

resources:
  NAME         STATE   OWNER  GROUP
  httpd        Online  node1  web
  ip           Online  node1  web
  $uni  Online  node2  $uni

quorum: no" "$clusapi" state
# the same check by display width, as a terminal shows it (wc -L)
if LC_ALL=C.UTF-8 wc -L </dev/null >/dev/null 2>&1; then
    line=$("$clusapi" state | grep "^  $uni ")
    head=$("$clusapi" state | grep -m1 '^  NAME *STATE *OWNER$')
    w_line=$(printf '%s' "${line%%Online*}" | LC_ALL=C.UTF-8 wc -L)
    w_head=$(printf '%s' "${head%%STATE*}" | LC_ALL=C.UTF-8 wc -L)
    [ "$w_line" -eq "$w_head" ]
    ok $? "state: STATE column at display column $w_head in every row (got $w_line)"
else
    ok 0 "state: display width # SKIP no C.UTF-8 locale"
fi
for args in "state" "list nodes" "list groups" "list resources" "list types" "info"; do
    # shellcheck disable=SC2086
    ! "$clusapi" $args | grep -q ' $'
    ok $? "$args: no line ends with a blank"
done

# a failed resource (crm_simulate injects a failed monitor into a copy of
# the fixture): Failed, its node, and the failed section
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v crm_simulate >/dev/null 2>&1 \
    && crm_simulate --xml-file="$CIB_file" --op-inject=httpd_monitor_10000@node1=1 \
        --save-output="$tmp/failed.xml" >/dev/null 2>&1; then
    out=$(CIB_file=$tmp/failed.xml "$clusapi" state)
    grep -q '^  httpd  *Failed  *node1  *web$' <<<"$out"
    ok $? "state: a failed resource reads Failed on its node"
    # the failed action, word for word as crm_mon's "Failed Resource
    # Actions" has it
    theirs=$(CIB_file=$tmp/failed.xml crm_mon -1 |
             sed -n 's/^  \* \(httpd .*\)$/\1/p')
    mine=$(sed -n '/^failed actions:$/,/^$/s/^  \(httpd .*\)$/\1/p' <<<"$out")
    [ -n "$theirs" ] && [ "$mine" = "$theirs" ] &&
        grep -Eq "^httpd 10s-interval monitor on node1 returned '(error|Error occurred)'" <<<"$mine"
    ok $? "state: the failed actions section says what failed, where and when, as crm_mon does ($mine)"
    json=$(CIB_file=$tmp/failed.xml "$clusapi" state --json)
    grep -q '"failed_actions":\[{"resource":"httpd","node":"node1","operation":"httpd_monitor_10000","task":"monitor",' <<<"$json" &&
        grep -q '"interval_ms":10000,"exit_code":1,' <<<"$json"
    ok $? "state --json: the failed action with its operation, node and result"
else
    ok 0 "state: a failed resource # SKIP crm_simulate cannot make one here"
    ok 0 "state: the failed actions section # SKIP"
    ok 0 "state --json: the failed action # SKIP"
fi

# wait on the fixture (a CIB file changes no more): a condition that holds
# exits 0 at once, one that does not when --timeout expires, with 4
code "wait: resource ip online (already)" 0 "$clusapi" wait resource ip online --timeout 5
code "wait: resource ip online on node1, in any case" 0 "$clusapi" wait resource IP ONLINE --node NODE1 --timeout 5
code "wait: group web online (already)" 0 "$clusapi" wait group web online --timeout 5
code "wait: node node2 up (already)" 0 "$clusapi" wait node node2 up --timeout 5
code "wait: resource ip online on node2: timeout" 4 "$clusapi" wait resource ip online --node node2 --timeout 0.2
code "wait: a resource that does not exist: timeout" 4 "$clusapi" wait resource nope offline --timeout 0.2
code "wait: quorum (the fixture has none): timeout" 4 "$clusapi" wait quorum --timeout 0.2
if [ -s "$tmp/failed.xml" ]; then
    CIB_file=$tmp/failed.xml "$clusapi" wait resource httpd failed --node node1 --timeout 5
    rc=$?
    ok $rc "wait: resource httpd failed on node1 (exit code $rc)"
fi

"$clusapi" exec /nonexistent/agent >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$tmp/err")" = "clusapi: exec: /nonexistent/agent is not an executable file" ]
ok $? "exec: an agent that is not an executable file: exit code 1 and why (got $rc)"

# --version, --help
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "${top_builddir}/config.h")
expect "--version: the package's version" "clusapi (pcmk-clusapi) $version" "$clusapi" --version
expect "-V" "clusapi (pcmk-clusapi) $version" "$clusapi" -V
for cmd in watch state list info wait exec reg; do
    out=$("$clusapi" $cmd --help 2>&1)
    rc=$?
    [ $rc -eq 0 ] && grep -q "^  clusapi $cmd \[OPTION" <<<"$out"
    ok $? "$cmd --help: exit code 0 and the command's usage (exit code $rc)"
done
"$clusapi" --help | grep -q '^  list \[--json\] nodes|groups|resources|types|networks|netinterfaces$'
ok $? "--help names list and its kinds"
"$clusapi" -h | grep -q '^  info \[--json\]$'
ok $? "-h names info"

# usage errors: exit code 2, the message names the problem, then one line
# of hint, nothing on stdout
# usage NAME WANT-MESSAGE HINT-COMMAND CMD...
usage() {
    local name=$1 want=$2 hint=$3 rc
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] \
        && [ "$(cat "$tmp/err")" = "$want
Try '$hint --help'." ]
    ok $? "$name (exit code $rc)"
    [ $rc -eq 2 ] && [ "$(cat "$tmp/err")" = "$want
Try '$hint --help'." ] || sed 's/^/# stderr: /' "$tmp/err"
}
usage "unknown option" "clusapi: state: unknown option --jsn" "clusapi state" \
    "$clusapi" state --jsn
usage "unknown short option" "clusapi: watch: unknown option -x" "clusapi watch" \
    "$clusapi" watch -x
usage "unknown option of clusapi" "clusapi: unknown option --jsn" "clusapi" \
    "$clusapi" --jsn
usage "unknown command" "clusapi: unknown command 'stat'" "clusapi" "$clusapi" stat
usage "no command" "clusapi: no command given: watch, state, list, info, wait, exec or reg" "clusapi" \
    "$clusapi"
usage "list without a kind" \
    "clusapi: list: which KIND? nodes, groups, resources, types, networks or netinterfaces" \
    "clusapi list" "$clusapi" list
usage "list of an unknown kind" \
    "clusapi: list: unknown KIND 'volumes': nodes, groups, resources, types, networks or netinterfaces" \
    "clusapi list" "$clusapi" list volumes
usage "list of two kinds" "clusapi: list: unexpected argument 'groups'" "clusapi list" \
    "$clusapi" list nodes groups
usage "list with an unknown option" "clusapi: list: unknown option --yaml" "clusapi list" \
    "$clusapi" list nodes --yaml
usage "info with an argument" "clusapi: info: unexpected argument 'nodes'" "clusapi info" \
    "$clusapi" info nodes
usage "exec without an agent" "clusapi: exec: which AGENT?" "clusapi exec" "$clusapi" exec
usage "exec: --queue 0" "clusapi: exec: --queue must be 1 or more" "clusapi exec" \
    "$clusapi" exec --queue 0 /bin/true
usage "exec: --timeout 0" "clusapi: exec: --timeout must be more than 0" "clusapi exec" \
    "$clusapi" exec --timeout 0 /bin/true
usage "exec: two agents" "clusapi: exec: unexpected argument '/bin/false'" "clusapi exec" \
    "$clusapi" exec /bin/true /bin/false
usage "wait without a condition" \
    "clusapi: wait: which condition? (node, group, resource or quorum)" \
    "clusapi wait" "$clusapi" wait
usage "wait for an unknown condition" \
    "clusapi: wait: unknown condition 'volume' (node, group, resource or quorum)" \
    "clusapi wait" "$clusapi" wait volume v1 up
usage "wait for a state a node does not have" \
    "clusapi: wait: a node is not 'online' (states: Up, Down, Paused, Joining)" \
    "clusapi wait" "$clusapi" wait node node1 online
usage "wait without a state" "clusapi: wait: resource: a name and a state are needed" \
    "clusapi wait" "$clusapi" wait resource ip
usage "wait: --node for a node" "clusapi: wait: --node is for groups and resources" \
    "clusapi wait" "$clusapi" wait node node1 up --node node2
usage "wait: a word too many" "clusapi: wait: unexpected argument 'now'" \
    "clusapi wait" "$clusapi" wait quorum now
usage "wait: a bad timeout" \
    "clusapi: wait: --timeout needs a number of seconds, 0 or more, not 'soon'" \
    "clusapi wait" "$clusapi" wait quorum --timeout soon
usage "--filter ''" \
    "clusapi: watch: --filter '' names no event: give one or more event names separated by commas, such as NODE_STATE,RESOURCE_STATE" \
    "clusapi watch" "$clusapi" watch --filter ''
usage "--filter ," \
    "clusapi: watch: --filter ',' names no event: give one or more event names separated by commas, such as NODE_STATE,RESOURCE_STATE" \
    "clusapi watch" "$clusapi" watch --filter ,
usage "--filter with an unknown event" "clusapi: watch: --filter: unknown event name 'NO_SUCH_EVENT'" \
    "clusapi watch" "$clusapi" watch --filter NODE_STATE,NO_SUCH_EVENT
for t in nan inf -1 -inf 1x '' 0x10 ' 1' 1e-400; do
    usage "--timeout '$t'" "clusapi: watch: --timeout needs a number of seconds, 0 or more, not '$t'" \
        "clusapi watch" "$clusapi" watch --timeout "$t"
done
usage "--count 0" "clusapi: watch: --count needs a positive whole number, not '0'" \
    "clusapi watch" "$clusapi" watch --count 0
# too large for the clock (microseconds in 63 bits) or a long: refused, not
# overflowed into a timeout that expires at once or a count never reached
usage "watch --timeout 1e99" "clusapi: watch: --timeout 1e99: too many seconds" \
    "clusapi watch" "$clusapi" watch --timeout 1e99
usage "wait --timeout 1e99" "clusapi: wait: --timeout 1e99: too many seconds" \
    "clusapi wait" "$clusapi" wait quorum --timeout 1e99
usage "exec --timeout 1e99" "clusapi: exec: --timeout 1e99: too many seconds" \
    "clusapi exec" "$clusapi" exec --timeout 1e99 /bin/true
usage "wait --timeout 0x10" \
    "clusapi: wait: --timeout needs a number of seconds, 0 or more, not '0x10'" \
    "clusapi wait" "$clusapi" wait quorum --timeout 0x10
usage "--count 99999999999999999999" \
    "clusapi: watch: --count needs a positive whole number, not '99999999999999999999'" \
    "clusapi watch" "$clusapi" watch --count 99999999999999999999
# (GLib's message, in the locale's words)
code "exec --queue 99999999999: usage error" 2 "$clusapi" exec --queue 99999999999 /bin/true
usage "--count without its value" "clusapi: watch: missing argument for --count" \
    "clusapi watch" "$clusapi" watch --count
code "watch: options in any order, short forms, -t0.2 (no event in file mode: timeout)" 4 \
    "$clusapi" watch -t0.2 -j --state -c 1 --filter NODE_STATE
code "state -j" 0 "$clusapi" state -j

# a closed output ends watch at once (exit code 0), not at --timeout;
# head -n 0 exits without reading
start=$(date +%s%N)
"$clusapi" watch --timeout 20 2>/dev/null | head -n 0
rc=${PIPESTATUS[0]}
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ $rc -eq 0 ] && [ $elapsed -lt 5000 ]
ok $? "watch | head -n 0: exit code $rc after $elapsed ms"
# a write error that is not a closed pipe is an error
if [ -w /dev/full ]; then
    "$clusapi" state >/dev/full 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q "cannot write to standard output" "$tmp/err"
    ok $? "state >/dev/full: exit code 1 (got $rc)"
fi

# CIB_file that holds no CIB: exit code 1, a message saying what is wrong
# with it, and no advice to set CIB_file or start a sandbox
: >"$tmp/empty.xml"
mkdir "$tmp/dir.xml"
echo '<status/>' >"$tmp/status.xml"
echo 'not XML' >"$tmp/text.xml"
# cibfile NAME FILE WANT-MESSAGE
cibfile() {
    local name=$1 file=$2 want=$3 rc
    CIB_file=$file "$clusapi" list nodes >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "$want" ]
    ok $? "CIB_file $name: exit code 1 and what is wrong (exit code $rc)"
    [ "$(cat "$tmp/err")" = "$want" ] || sed 's/^/# stderr: /' "$tmp/err"
}
cibfile "missing" /nonexistent/cib.xml "clusapi: CIB_file '/nonexistent/cib.xml' does not exist"
cibfile "empty" "$tmp/empty.xml" "clusapi: CIB_file '$tmp/empty.xml' is empty"
cibfile "a directory" "$tmp/dir.xml" "clusapi: CIB_file '$tmp/dir.xml' is a directory, not a saved CIB"
cibfile "another XML document" "$tmp/status.xml" \
    "clusapi: CIB_file '$tmp/status.xml' is not a CIB: its root element is <status>, not <cib>"
# (the reason in parentheses is GLib's, worded by its version)
CIB_file=$tmp/text.xml "$clusapi" list nodes >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
    && grep -q "^clusapi: CIB_file '$tmp/text.xml' is not a CIB: not XML (.*)$" "$tmp/err"
ok $? "CIB_file not XML: exit code 1 and what is wrong (exit code $rc)"
printf '<cib><configuration><nodes>' >"$tmp/cut.xml"
# a CIB that is not well-formed: Pacemaker 2.1 reads what libxml2 recovers
# of it (here a cluster without nodes, as crm_mon shows it), 3.0 refuses it
if [ "$(crm_mon --version 2>/dev/null | sed -n '1s/^Pacemaker \([0-9]*\)\..*/\1/p')" = 2 ]; then
    CIB_file=$tmp/cut.xml "$clusapi" list nodes >"$tmp/out" 2>"$tmp/err"
    rc=$?
    # (stderr: the schema errors Pacemaker's file backend reports itself)
    [ $rc -eq 0 ] && [ ! -s "$tmp/out" ]
    ok $? "CIB_file cut short (Pacemaker 2.1): read as recovered, no nodes (exit code $rc)"
else
    cibfile "cut short" "$tmp/cut.xml" "clusapi: CIB_file '$tmp/cut.xml' is not a CIB: not well-formed XML"
fi
CIB_file=/nonexistent/cib.xml "$clusapi" info >/dev/null 2>&1
ok $(( $? == 1 ? 0 : 1 )) "info with a missing CIB_file: exit code 1"
"$clusapi" reg 'Resources\nope' >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$tmp/out" ] \
    && [ "$(cat "$tmp/err")" = "clusapi: no key 'Resources\nope' in the cluster database" ]
ok $? "reg of a missing key: exit code 1 and why (exit code $rc)"

# no CIB_file and no cluster here: exit code 3 (only where no CIB manager
# listens, as on a build machine)
if ! grep -qE '[@/]cib_r[ow]@*$' /proc/net/unix 2>/dev/null; then
    env -u CIB_file "$clusapi" state >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 3 ] && grep -q '^clusapi: no cluster running here: no Pacemaker CIB manager answered$' "$tmp/err" \
        && ! grep -q sandbox "$tmp/err"
    ok $? "no cluster: exit code 3 and says so (exit code $rc)"
else
    ok 0 "no cluster # SKIP a CIB manager runs here"
fi
echo "1..$n"
exit $failed

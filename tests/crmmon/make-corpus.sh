#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# make-corpus.sh OUTDIR - generate the CIB snapshots of the differential test
# "library model vs crm_mon" (tests/crmmon/test-crmmon.c).
#
# Writes OUTDIR/NNN-<scenario>-<step>.xml, at least 200 of them, with
# Pacemaker's own tools on CIB files (CIB_file=..., no daemon): cibadmin,
# crm_attribute and crm_resource for the configuration, crm_simulate for the
# status (-u/-d/-f node up/down/fail, -S one transition, -i/--op-inject an
# operation result, -F/--op-fail a result during the transition), and
# cibadmin for what crm_simulate cannot record (pending operations with
# record-pending, pending and unclean nodes, partial migrations).  The
# largest clusters (500 to 2,000 resources) get a status section written
# here in crm_simulate's format, because a first transition with thousands of
# probes takes crm_simulate minutes; they then see only small transitions.
#
# Deterministic: the same script gives the same scenarios and the same files
# (times are normalized; node orders are shuffled with a fixed seed).  Every
# snapshot is checked with `crm_mon -1 --output-as=xml --inactive`.  At the
# end a summary gives the number of snapshots per category, and the script
# fails if a category the test must cover has fewer than two.
#
# crm_simulate behaviours this script works around (Pacemaker 2.1.5):
#  - with --node-up, every node crm_simulate touches in that run (also a
#    remote or guest node an action runs on) is added to configuration/nodes
#    as a cluster node, which turns a remote node into a cluster node of the
#    same name (its connection resource then never starts).  Nodes are
#    therefore brought up in a run of their own, without --simulate.
#  - --quorum is not saved with --save-output: have-quorum is set with cibadmin.
#  - "pending" nodes exist only with stonith-enabled=true (without fencing a
#    node that has not joined is simply offline).
#  - crm_resource --cleanup crashes on a CIB file: its effect is written
#    with cibadmin.
#  - transitions cost about the square of their number of actions: a node
#    failure that moves 500 resources takes crm_simulate about 8 minutes,
#    so the big clusters see only single-resource recoveries, and node
#    failures without a transition.
set -euo pipefail
export LC_ALL=C

out=${1:?usage: make-corpus.sh OUTDIR}
for tool in cibadmin crm_attribute crm_resource crm_simulate crm_mon; do
    command -v "$tool" >/dev/null || { echo "make-corpus: $tool not found" >&2; exit 77; }
done
mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9]-*.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work.xml
export CIB_file=$work

nsnap=0
scenario=""
declare -A count=()
started=$SECONDS

die() { echo "make-corpus: ${scenario:+$scenario: }$*" >&2; exit 1; }

# ------------------------------------------------------------ helpers --

# begin NAME [stonith-enabled]: a fresh, empty CIB with quorum
begin() {
    scenario=$1
    conf_at_sim=""
    cibadmin --empty > "$work"
    cibadmin --modify --xml-text '<cib have-quorum="1"/>'
    prop stonith-enabled "${2:-false}"
    prop cluster-name corpus
}

prop() { crm_attribute --type crm_config --name "$1" --update "$2"; }

# nattr NODE NAME VALUE [reboot]: a permanent (or transient) node attribute
nattr() {
    crm_attribute --node "$1" --name "$2" --update "$3" ${4:+--lifetime "$4"}
}

# meta RSC NAME VALUE: a resource meta attribute
meta() {
    crm_resource --resource "$1" --meta --set-parameter "$2" \
        --parameter-value "$3" > /dev/null
}

# add XML: a new resource (top level of the resources section)
add() { cibadmin --create --scope resources --xml-text "$1"; }

# constraint XML
constraint() { cibadmin --create --scope constraints --xml-text "$1"; }

# op_defaults/rsc_defaults: crm_attribute --type op_defaults fails on a CIB
# file in 2.1.5, cibadmin does it
record_pending() {
    cibadmin --create --scope configuration --xml-text '<op_defaults><meta_attributes id="op-defaults"><nvpair id="op-defaults-record-pending" name="record-pending" value="true"/></meta_attributes></op_defaults>'
}

# XML builders ---------------------------------------------------------
# metas ID NAME=VALUE...: a meta_attributes block
metas() {
    local id=$1 nv s=""
    shift
    [ $# -gt 0 ] || return 0
    for nv in "$@"; do
        s+="<nvpair id=\"$id-meta-${nv%%=*}\" name=\"${nv%%=*}\" value=\"${nv#*=}\"/>"
    done
    printf '<meta_attributes id="%s-meta">%s</meta_attributes>' "$id" "$s"
}

# dummy ID [NAME=VALUE...]: ocf:pacemaker:Dummy, 10s monitor, meta attributes
dummy() {
    local id=$1
    shift
    printf '<primitive id="%s" class="ocf" provider="pacemaker" type="Dummy">%s<operations><op id="%s-monitor-10s" name="monitor" interval="10s"/></operations></primitive>' \
        "$id" "$(metas "$id" "$@")" "$id"
}

# dummy_onfail ID ON-FAIL: a Dummy whose monitor has on-fail=...
dummy_onfail() {
    printf '<primitive id="%s" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="%s-monitor-10s" name="monitor" interval="10s" on-fail="%s"/></operations></primitive>' \
        "$1" "$1" "$2"
}

# stateful ID: ocf:pacemaker:Stateful with a monitor per role
stateful() {
    printf '<primitive id="%s" class="ocf" provider="pacemaker" type="Stateful"><operations><op id="%s-mon-p" name="monitor" interval="10s" role="Promoted"/><op id="%s-mon-u" name="monitor" interval="11s" role="Unpromoted"/></operations></primitive>' \
        "$1" "$1" "$1"
}

fence() { printf '<primitive id="%s" class="stonith" type="fence_dummy"><operations><op id="%s-monitor" name="monitor" interval="60s"/></operations></primitive>' "$1" "$1"; }

group() { # group ID MEMBER-XML...
    local id=$1
    shift
    printf '<group id="%s">%s</group>' "$id" "$(printf '%s' "$@")"
}

clone() { # clone ID "NAME=VALUE ..." CHILD-XML
    local id=$1 m=$2
    # shellcheck disable=SC2086
    printf '<clone id="%s">%s%s</clone>' "$id" "$(metas "$id" $m)" "$3"
}

# bundle ID KIND REPLICAS IP-START [CHILD-XML]
bundle() {
    local net=""
    [ -n "$4" ] && net="<network ip-range-start=\"$4\" host-interface=\"eth0\" host-netmask=\"24\"/>"
    printf '<bundle id="%s"><%s image="pcmk:test" replicas="%s"/>%s%s</bundle>' \
        "$1" "$2" "$3" "$net" "${5:-}"
}

# nodes PREFIX N SEED: PREFIX1..PREFIXN in a fixed pseudo-random order
nodes() {
    local i
    for i in $(seq 1 "$2"); do echo "$1$i"; done |
        awk -v s="$3" '{ s = (s * 75 + 74) % 65537; printf "%05d %s\n", s, $0 }' |
        sort | cut -d' ' -f2
}

# transitions -------------------------------------------------------------
# sim ARG...: one crm_simulate run on the working copy, saved in place
sim() {
    crm_simulate --xml-file "$work" --save-output "$tmp/next.xml" "$@" \
        > "$tmp/sim.log" 2>&1 || { cat "$tmp/sim.log" >&2; die "crm_simulate $* failed"; }
    mv "$tmp/next.xml" "$work"
    conf_at_sim=$(conf_sum)
}

# conf_sum: the checksum of the configuration section
conf_sum() {
    sed -n '/<configuration>/,/<\/configuration>/p' "$work" | cksum
}

# up NODE...: bring cluster nodes up (own run, no transition: see above)
up() {
    local a=() n
    for n in "$@"; do a+=(--node-up "$n"); done
    sim "${a[@]}"
}

# executed: did the last sim run execute an action?
executed() {
    sed -n '/^Executing Cluster Transition:/,/^Revised Cluster Status:/p' \
        "$tmp/sim.log" | grep -q '^  \* '
}

# settle [MAX]: transitions until nothing more is executed.  When the
# configuration changed since the scenario's last transition, the CIB as it
# is before the transition that carries the change out is a snapshot first
# (resources being stopped, moved or started, connections being disabled:
# what crm_mon shows between a change and the cluster's reaction to it)
settle() {
    local i
    if [ -n "$conf_at_sim" ] && [ "$(conf_sum)" != "$conf_at_sim" ]; then
        snap to-settle unsettled
    fi
    for i in $(seq 1 "${1:-8}"); do
        sim --simulate
        executed || return 0
    done
}

# pending NODE LRM-ID CLASS:PROVIDER:TYPE OP [SOURCE TARGET]: the history
# entry the controller writes with record-pending while OP runs (op-status
# -1, rc-code 193, call-id -1), as the resource's last operation on NODE
pending() {
    local node=$1 id=$2 agent=$3 op=$4 mig="" key="9:99:0:00000000-0000-0000-0000-00000000c0de"
    local class=${agent%%:*} rest=${agent#*:}
    local provider=${rest%%:*} type=${rest#*:}
    [ $# -ge 6 ] && mig=" migrate_source=\"$5\" migrate_target=\"$6\""
    cibadmin --modify --scope status --xml-text "<node_state id=\"$node\"><lrm id=\"$node\"><lrm_resources><lrm_resource id=\"$id\" class=\"$class\" provider=\"$provider\" type=\"$type\"><lrm_rsc_op id=\"${id}_last_0\" operation_key=\"${id}_${op}_0\" operation=\"$op\" crm-debug-origin=\"do_update_resource\" crm_feature_set=\"3.16.1\" transition-key=\"$key\" transition-magic=\"-1:193;$key\" exit-reason=\"\" call-id=\"-1\" rc-code=\"193\" op-status=\"-1\" interval=\"0\" last-rc-change=\"1700000000\" exec-time=\"0\" queue-time=\"0\" op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"$mig/></lrm_resource></lrm_resources></lrm></node_state>"
}

# done_op NODE LRM-ID CLASS:PROVIDER:TYPE OP RC [SOURCE TARGET]: a completed
# operation as the last one (for migrations crm_simulate cannot leave half done)
done_op() {
    local node=$1 id=$2 agent=$3 op=$4 rc=$5 mig="" key="9:99:0:00000000-0000-0000-0000-00000000c0de"
    local class=${agent%%:*} rest=${agent#*:}
    local provider=${rest%%:*} type=${rest#*:}
    [ $# -ge 7 ] && mig=" migrate_source=\"$6\" migrate_target=\"$7\""
    cibadmin --modify --scope status --xml-text "<node_state id=\"$node\"><lrm id=\"$node\"><lrm_resources><lrm_resource id=\"$id\" class=\"$class\" provider=\"$provider\" type=\"$type\"><lrm_rsc_op id=\"${id}_last_0\" operation_key=\"${id}_${op}_0\" operation=\"$op\" crm-debug-origin=\"do_update_resource\" crm_feature_set=\"3.16.1\" transition-key=\"$key\" transition-magic=\"0:$rc;$key\" exit-reason=\"\" call-id=\"90\" rc-code=\"$rc\" op-status=\"0\" interval=\"0\" last-rc-change=\"1700000000\" exec-time=\"0\" queue-time=\"0\" op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"$mig/></lrm_resource></lrm_resources></lrm></node_state>"
}

# node_state NODE ATTR=VALUE...: edit a node_state as the controller would
node_state() {
    local node=$1 a s=""
    shift
    for a in "$@"; do s+=" ${a%%=*}=\"${a#*=}\""; done
    cibadmin --modify --scope status --xml-text "<node_state id=\"$node\"$s/>"
}

# snapshots ---------------------------------------------------------------
# (the times of this century's first 33 years: a time written in the far
# future stays, for a failure that must not have expired, see
# failure-timeout below)
normalize() {
    sed -i -e 's/last-rc-change="1[0-9]\{9\}"/last-rc-change="1700000000"/g' \
        -e 's/\(name="last-failure-[^"]*" value=\)"1[0-9]\{9\}"/\1"1700000000"/g' \
        -e 's/last-granted="1[0-9]\{9\}"/last-granted="1700000000"/g' \
        "$work"
}

# auto_tags: categories read from the configuration section itself
# (rsc-N counts the primitives, also those inside groups, clones, bundles)
auto_tags() {
    local f=$tmp/conf.xml nn np
    sed -n '/<configuration>/,/<\/configuration>/p' "$work" > "$f"
    nn=$(sed -n '/<nodes>/,/<\/nodes>/p' "$f" | grep -c '<node ' || true)
    np=$(grep -c '<primitive ' "$f" || true)
    if [ "$nn" -le 1 ]; then echo nodes-1
    elif [ "$nn" -le 4 ]; then echo nodes-2-4
    elif [ "$nn" -le 8 ]; then echo nodes-5-8
    else echo nodes-9-16; fi
    if [ "$np" -le 1 ]; then echo rsc-1
    elif [ "$np" -le 9 ]; then echo rsc-2-9
    elif [ "$np" -le 99 ]; then echo rsc-10-99
    elif [ "$np" -le 999 ]; then echo rsc-100-999
    else echo rsc-1000+; fi
    grep -q 'class="ocf" provider="pacemaker" type="Dummy"' "$f" && echo primitive
    grep -q 'class="stonith"' "$f" && echo stonith
    grep -q '<group ' "$f" && echo group
    grep -q '<clone ' "$f" && echo clone
    grep -q 'name="globally-unique" value="true"' "$f" && echo clone-unique
    grep -q 'name="promotable" value="true"' "$f" && echo promotable
    awk '/<clone /{c=1} c && /<group /{f=1} /<primitive |<\/clone>/{c=0} END{exit !f}' \
        "$f" && echo clone-group
    grep -q '<bundle ' "$f" && echo bundle
    grep -q '<template ' "$f" && echo template
    grep -q 'provider="pacemaker" type="remote"' "$f" && echo remote-node
    grep -q 'name="remote-node"' "$f" && echo guest-node
    grep -q 'operation="[a-z_]*" [^>]*op-status="-1"' "$work" && echo pending-op
    return 0
}

# snap LABEL [TAG...]: save the working copy as the next snapshot (not
# again when it is the last one unchanged)
snap() {
    local label=$1 file t sum
    shift
    normalize
    sum=$(cksum < "$work")
    [ "$sum" != "${last_snap:-}" ] || return 0
    last_snap=$sum
    if ! crm_mon -1 --output-as=xml --inactive > "$tmp/mon.xml" 2> "$tmp/mon.err"; then
        cat "$tmp/mon.err" >&2
        die "crm_mon rejects snapshot $label"
    fi
    nsnap=$((nsnap + 1))
    file=$(printf '%s/%03d-%s-%s.xml' "$out" "$nsnap" "$scenario" "$label")
    cp "$work" "$file"
    for t in $(auto_tags) "$@"; do
        count[$t]=$(( ${count[$t]:-0} + 1 ))
    done
    [ -z "${CORPUS_VERBOSE:-}" ] || echo "$(basename "$file"): $*" >&2
}

# where RSC: the first node crm_resource locates RSC on
where() { { crm_resource --locate --resource "$1" -Q 2>/dev/null || true; } | head -n 1; }

# other_than NODE CANDIDATE...: the first candidate that is not NODE
other_than() {
    local x=$1 n
    shift
    for n in "$@"; do
        [ "$n" = "$x" ] || { echo "$n"; return 0; }
    done
}

# synth NODE... : replace the status section with a settled history written
# here in crm_simulate's format (for the big clusters, see the top).  Reads
# the placement from $tmp/placement: "LRM-ID NODE|*" per line ("*": an
# anonymous clone instance on every node); every resource is a Dummy with a
# 10s monitor, started on its node and probed (not running) on the others.
synth() {
    printf '%s\n' "$@" > "$tmp/nodes"
    awk -v nodes="$tmp/nodes" '
        BEGIN {
            nn = 0; nr = 0
            while ((getline n < nodes) > 0) node[nn++] = n
            tk = ":-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
            tk7 = ":-1:7:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
            common = "crm-debug-origin=\"crm_simulate\" crm_feature_set=\"3.16.1\""
            tail0 = "op-status=\"0\" last-rc-change=\"1700000000\" exec-time=\"0\" queue-time=\"0\""
        }
        { id[nr] = $1; at[nr] = $2; nr++ }
        function op(r, key, task, interval, rc, call, digest, t) {
            return sprintf("<lrm_rsc_op id=\"%s\" operation_key=\"%s_%s_%d\" operation=\"%s\" %s transition-key=\"%d%s\" transition-magic=\"0:%d;%d%s\" exit-reason=\"\" call-id=\"%d\" rc-code=\"%d\" %s interval=\"%d\" op-digest=\"%s\"/>", \
                key, r, task, interval, task, common, call, t, rc, call, t, call, rc, tail0, interval, digest)
        }
        END {
            print "<status>"
            for (i = 0; i < nn; i++) {
                n = node[i]
                printf "<node_state id=\"%s\" uname=\"%s\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\" crm-debug-origin=\"crm_simulate\"><lrm id=\"%s\"><lrm_resources>\n", n, n, n
                for (j = 0; j < nr; j++) {
                    r = id[j]
                    printf "<lrm_resource id=\"%s\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">", r
                    if (at[j] == n || at[j] == "*") {
                        printf "%s%s", op(r, r "_last_0", "start", 0, 0, 2, "f2317cad3d54cec5d7d7aa7d0bf35cf8", tk), \
                            op(r, r "_monitor_10000", "monitor", 10000, 0, 3, "4811cef7f7f94e3a35a70be7916cb2fd", tk)
                    } else {
                        printf "%s", op(r, r "_last_0", "monitor", 0, 7, 1, "f2317cad3d54cec5d7d7aa7d0bf35cf8", tk7)
                    }
                    print "</lrm_resource>"
                }
                print "</lrm_resources></lrm></node_state>"
            }
            print "</status>"
        }' "$tmp/placement" > "$tmp/status.xml"
    cibadmin --replace --scope status --xml-file "$tmp/status.xml"
}

# big NAME NODES PRIMITIVES GROUPS CLONES: a big settled cluster (GROUPS
# groups of 3, CLONES anonymous clones), configuration in one replace
big() {
    local name=$1 nnodes=$2 np=$3 ng=$4 nc=$5 i j
    begin "$name"
    mapfile -t ns < <(nodes node "$nnodes" "$np")
    : > "$tmp/placement"
    {
        printf '<resources>'
        for i in $(seq 1 "$np"); do
            dummy "b$i"
            echo "b$i ${ns[$(( (i - 1) % nnodes ))]}" >> "$tmp/placement"
        done
        for i in $(seq 1 "$ng"); do
            printf '<group id="bg%d">' "$i"
            for j in 1 2 3; do
                dummy "bg$i-$j"
                echo "bg$i-$j ${ns[$(( i % nnodes ))]}" >> "$tmp/placement"
            done
            printf '</group>'
        done
        for i in $(seq 1 "$nc"); do
            clone "bc$i" "" "$(dummy "bcd$i")"
            echo "bcd$i *" >> "$tmp/placement"
        done
        printf '</resources>'
    } > "$tmp/resources.xml"
    cibadmin --replace --scope resources --xml-file "$tmp/resources.xml"
    up "${ns[@]}"
    synth "${ns[@]}"
}

# ========================================================== scenarios ==

# ---- sizes: 1 to 16 nodes, added in a shuffled order (the configuration
# order is not the name order), primitives and a group; a monitor failure
# found (rc 7), the recovery, a node leaving cleanly
for N in 1 2 3 4 5 6 7 8 10 12 14 16; do
    if [ "$N" -ge 6 ]; then begin "size$N" true; else begin "size$N"; fi
    mapfile -t ns < <(nodes node "$N" "$N")
    if [ "$N" -eq 1 ]; then
        add "$(dummy p1)"
    else
        for i in $(seq 1 $((2 + N % 4))); do add "$(dummy "p$i")"; done
        [ "$N" -ge 3 ] && add "$(group grp "$(dummy ga)" "$(dummy gb)" "$(dummy gc)")"
        [ "$N" -ge 6 ] && add "$(fence fencing)"
    fi
    up "${ns[@]}"
    case $N in 2|5|12) snap created node-up ;; esac
    settle
    snap settled
    node=$(where p1)
    sim --op-inject "p1_monitor_10000@$node=7"
    snap p1-not-running fail-monitor-rc7
    settle
    snap recovered recovered
    if [ "$N" -ge 2 ]; then
        node=$(where ga)
        [ -n "$node" ] || node=$(where p1)
        sim --node-down "$node"
        snap node-down node-down
        settle
        snap node-down-settled node-down
    fi
done

# ---- names: node names that sort differently by case, by digits and by
# configuration order
begin names
add "$(dummy on-b)"
add "$(dummy on-a)"
add "$(dummy on-n10)"
add "$(dummy on-n9)"
up Bravo node-10 alpha node-9 NODE-2 charlie
constraint '<rsc_location id="l-b" rsc="on-b" node="Bravo" score="INFINITY"/>'
constraint '<rsc_location id="l-a" rsc="on-a" node="alpha" score="INFINITY"/>'
constraint '<rsc_location id="l-10" rsc="on-n10" node="node-10" score="INFINITY"/>'
constraint '<rsc_location id="l-9" rsc="on-n9" node="node-9" score="INFINITY"/>'
settle
snap settled
add "$(clone everywhere "" "$(dummy ev)")"
settle
snap clone-everywhere
sim --node-fail node-9 --node-down alpha
snap two-gone node-fail-nofence node-down

# ---- groups: members failing, partly stopped, disabled, unmanaged
begin groups
add "$(group web "$(dummy ip)" "$(dummy fs)" "$(dummy httpd)" "$(dummy mon)")"
add "$(group db "$(dummy dbip)" "$(dummy dbd)")"
add "$(dummy solo)"
up n1 n2 n3
snap created
settle
snap settled
sim --op-inject "httpd_monitor_10000@$(where httpd)=7"
snap member-not-running fail-monitor-rc7
settle
snap member-recovered recovered
meta fs target-role Stopped
snap member-disabled disabled
settle
snap member-disabled-settled disabled
meta fs target-role Started
settle
meta db target-role Stopped
snap group-disabled disabled
settle
snap group-disabled-settled disabled
meta db target-role Started
meta mon is-managed false
settle
snap member-unmanaged unmanaged
sim --op-inject "mon_monitor_10000@$(where mon)=1"
snap unmanaged-member-failed unmanaged fail-monitor-rc1
settle
snap unmanaged-member-failed-settled unmanaged
sim --op-inject "dbd_monitor_10000@$(where dbd)=1" --simulate \
    --op-fail "dbd_stop_0@$(where dbd)=1"
snap member-stop-failed-blocked fail-stop blocked
settle
snap member-blocked-settled blocked

# ---- anonymous clone
begin clone-anon
add "$(clone base "" "$(dummy basedummy)")"
add "$(dummy user)"
up n1 n2 n3 n4
settle
snap settled
sim --op-inject "basedummy_monitor_10000@n3=7"
snap instance-not-running fail-monitor-rc7
settle
snap instance-recovered recovered
meta base clone-max 2
settle
snap clone-max-2
meta base clone-max 4
sim --op-inject "basedummy_monitor_10000@n2=1" --simulate --op-fail "basedummy_start_0@n1=1"
snap instance-failed-start fail-monitor-rc1 fail-start
settle
snap instance-failed-settled
meta base target-role Stopped
settle
snap clone-disabled disabled

# ---- globally-unique clone
begin clone-unique
add "$(clone uc "globally-unique=true clone-max=5 clone-node-max=2" "$(dummy ud)")"
up n1 n2 n3
settle
snap settled
sim --op-inject "ud:3_monitor_10000@$(where ud:3)=1"
snap instance-failed fail-monitor-rc1
settle
snap instance-recovered recovered
sim --node-down n3
settle
snap node-down-settled node-down

# ---- promotable clones (Stateful); promotion scores are set as the agent
# would (crm_simulate does not run agents)
begin promotable
add "$(clone ms "promotable=true" "$(stateful st)")"
add "$(dummy with-promoted)"
constraint '<rsc_colocation id="c-wp" rsc="with-promoted" with-rsc="ms" with-rsc-role="Promoted" score="INFINITY"/>'
up n1 n2 n3
settle
snap started-unpromoted
for n in n1 n2 n3; do nattr "$n" master-st 5 reboot; done
nattr n2 master-st 10 reboot
settle
snap promoted
sim --op-inject "st_monitor_10000@n2=9"
snap promoted-failed fail-promoted-rc9
settle
snap promoted-recovered recovered
nattr n1 master-st 20 reboot
sim --simulate --op-fail "st_promote_0@n1=1"
snap promote-failed fail-promote
settle
snap promote-failed-settled
meta ms target-role Unpromoted
snap target-unpromoted target-unpromoted
settle
snap target-unpromoted-settled target-unpromoted
meta ms target-role Promoted
settle
snap target-promoted target-promoted
sim --op-inject "st_monitor_11000@n3=7"
snap unpromoted-not-running fail-monitor-rc7

# ---- a second promotable clone, globally unique, one promoted per node
begin promotable-unique
add "$(clone msu "promotable=true globally-unique=true clone-max=4 clone-node-max=2 promoted-max=2" "$(stateful su)")"
up n1 n2
for i in 0 1 2 3; do nattr n1 "master-su:$i" $((i + 1)) reboot; nattr n2 "master-su:$i" $((i + 5)) reboot; done
settle
snap settled
sim --op-inject "su:1_monitor_10000@$(where su:1)=9"
snap instance-promoted-failed fail-promoted-rc9
settle
snap recovered recovered
meta msu target-role Unpromoted
settle
snap target-unpromoted target-unpromoted
meta msu target-role Promoted
snap target-promoted target-promoted
sim --simulate --op-fail "su:0_promote_0@n2=1" --op-fail "su:0_promote_0@n1=1" \
    --op-fail "su:1_promote_0@n2=1" --op-fail "su:1_promote_0@n1=1" \
    --op-fail "su:2_promote_0@n2=1" --op-fail "su:2_promote_0@n1=1" \
    --op-fail "su:3_promote_0@n2=1" --op-fail "su:3_promote_0@n1=1"
snap promote-failed fail-promote target-promoted
settle
snap promote-failed-settled target-promoted

# ---- clone of a group
begin clone-group
add "$(clone cg "" "$(group cgg "$(dummy cga)" "$(dummy cgb)" "$(dummy cgc)")")"
up n1 n2 n3
settle
snap settled
sim --op-inject "cgb_monitor_10000@n2=7"
snap member-not-running fail-monitor-rc7
settle
snap recovered recovered
meta cgc target-role Stopped
settle
snap member-disabled disabled
meta cg clone-max 2
settle
snap clone-max-2

# ---- bundles (docker, podman) with a primitive inside: guest nodes
# bundle-0.. appear once the containers run
begin bundle-docker
add "$(bundle httpd-bundle docker 2 192.168.122.131 "$(dummy httpd-in)")"
add "$(dummy outside)"
up n1 n2 n3
snap created
sim --simulate
snap first-transition
settle
snap settled
sim --op-inject "httpd-in_monitor_10000@httpd-bundle-0=7"
snap inner-not-running fail-monitor-rc7
settle
snap inner-recovered recovered
sim --op-inject "httpd-bundle-docker-1_monitor_60000@$(where httpd-bundle-docker-1)=7"
snap container-failed fail-monitor-rc7
settle
snap container-recovered recovered
meta httpd-bundle target-role Stopped
settle
snap bundle-disabled disabled

begin bundle-podman
add "$(bundle db-bundle podman 3 10.0.0.10 "$(dummy db-in)")"
add "$(bundle plain-bundle podman 2 "")"
up n1 n2 n3 n4
settle
snap settled
sim --op-inject "db-in_monitor_10000@db-bundle-2=1"
snap inner-failed fail-monitor-rc1
settle
snap recovered recovered
sim --node-down "$(where db-bundle-podman-0)"
snap host-down node-down
settle
snap host-down-settled

# ---- templates
begin template
cibadmin --create --scope resources --xml-text '<template id="tpl" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="tpl-monitor" name="monitor" interval="10s"/></operations></template>'
add '<primitive id="t1" template="tpl"/>'
add '<primitive id="t2" template="tpl"/>'
add "<group id=\"tg\"><primitive id=\"t3\" template=\"tpl\"/>$(dummy t4)</group>"
up n1 n2
settle
snap settled
sim --op-inject "t3_monitor_10000@$(where t3)=7"
snap member-not-running fail-monitor-rc7
settle
snap recovered recovered

# ---- Pacemaker Remote nodes: connection resources started by the
# simulation, resources on the remote nodes, a connection failure
begin remote true
add "$(fence fencing)"
add '<primitive id="rem1" class="ocf" provider="pacemaker" type="remote"><operations><op id="rem1-monitor" name="monitor" interval="30s"/></operations></primitive>'
add '<primitive id="rem2" class="ocf" provider="pacemaker" type="remote"><operations><op id="rem2-monitor" name="monitor" interval="30s"/></operations></primitive>'
add "$(dummy on-remote)"
add "$(clone rclone "" "$(dummy rc)")"
constraint '<rsc_location id="l-onrem" rsc="on-remote" node="rem2" score="100"/>'
up n1 n2
snap created
sim --simulate
snap connections-started
settle
snap settled
sim --op-inject "on-remote_monitor_10000@rem2=7"
snap rsc-on-remote-failed fail-monitor-rc7
settle
snap rsc-on-remote-recovered recovered
nattr rem1 standby on
snap remote-standby standby-permanent
settle
snap remote-standby-settled standby-permanent
nattr rem1 standby off
nattr rem2 maintenance true reboot
settle
snap remote-maintenance node-maintenance
crm_attribute --node rem2 --name maintenance --delete --lifetime reboot > /dev/null
settle
sim --op-inject "rem2_monitor_30000@$(where rem2)=7"
snap connection-failed fail-monitor-rc7
sim --simulate
snap connection-failed-fenced
settle
snap connection-recovered recovered
meta rem1 target-role Stopped
snap connection-disabling disabled
settle
snap connection-disabled disabled

# ---- guest nodes: the remote-node meta attribute on a primitive
begin guest
add "$(dummy vm1 remote-node=guest1)"
add "$(dummy vm2 remote-node=guest2)"
add "$(dummy in-guest)"
add "$(clone gclone "" "$(dummy gd)")"
constraint '<rsc_location id="l-ing" rsc="in-guest" node="guest1" score="100"/>'
up n1 n2
snap created
sim --simulate
snap guests-starting
settle
snap settled
sim --op-inject "in-guest_monitor_10000@guest1=1"
snap rsc-in-guest-failed fail-monitor-rc1
settle
snap rsc-in-guest-recovered recovered
sim --op-inject "vm1_monitor_10000@$(where vm1)=7"
snap container-failed fail-monitor-rc7
sim --simulate
snap container-failed-transition
settle
snap container-recovered recovered
meta vm2 target-role Stopped
settle
snap guest-disabled disabled

# ---- failures: every kind of operation result, before and after the
# transition that reacts to it
begin failures
add "$(dummy fa)"
add "$(dummy fb)"
add "$(dummy_onfail ign ignore)"
add "$(dummy_onfail blk block)"
add "$(dummy fmt migration-threshold=1)"
add "$(dummy fmt2 migration-threshold=2)"
up n1 n2 n3
settle
snap settled
sim --op-inject "fa_monitor_10000@$(where fa)=1"
snap monitor-error fail-monitor-rc1
settle
snap monitor-error-recovered recovered
sim --op-inject "fb_monitor_0@$(where fb)=1"
snap probe-error fail-probe
settle
snap probe-error-recovered recovered
other=$(other_than "$(where fb)" n1 n2 n3)
sim --op-inject "fb_monitor_0@$other=0"
snap probe-found-active-elsewhere fail-probe
settle
snap probe-found-active-settled recovered
sim --op-inject "ign_monitor_10000@$(where ign)=1"
snap on-fail-ignore on-fail-ignore
settle
snap on-fail-ignore-settled on-fail-ignore
sim --op-inject "blk_monitor_10000@$(where blk)=1"
snap on-fail-block on-fail-block blocked
settle
snap on-fail-block-settled on-fail-block blocked
sim --op-inject "fmt_monitor_10000@$(where fmt)=7"
snap threshold-reached migration-threshold fail-monitor-rc7
settle
snap threshold-moved migration-threshold recovered
node=$(where fmt2)
sim --op-inject "fmt2_monitor_10000@$node=7"
settle
sim --op-inject "fmt2_monitor_10000@$node=7"
snap threshold-2-reached migration-threshold fail-monitor-rc7
settle
snap threshold-2-moved migration-threshold recovered
add "$(dummy late)"
sim --simulate --op-fail "late_start_0@n1=1" --op-fail "late_start_0@n2=1" --op-fail "late_start_0@n3=1"
snap start-failed-everywhere fail-start
settle
snap start-failed-everywhere-settled fail-start
# what crm_resource --cleanup does (it crashes on a CIB file in 2.1.5)
cibadmin --delete-all --force --xpath "//lrm_resource[@id='late']"
cibadmin --delete-all --force --xpath "//transient_attributes//nvpair[contains(@name,'-late#')]"
snap cleaned-up
settle
snap cleaned-up-settled

begin failures-fencing true
add "$(fence fencing)"
add "$(dummy sf)"
add "$(dummy other)"
prop start-failure-is-fatal false
up n1 n2 n3
settle
snap settled
node=$(where sf)
sim --op-inject "sf_monitor_10000@$node=1" --simulate --op-fail "sf_stop_0@$node=1"
snap stop-failed-fencing fail-stop unclean-node
settle
snap stop-failed-fenced node-fail-fenced
sim --node-up "$node"
settle
snap node-back node-up
add "$(dummy sf2)"
constraint '<rsc_location id="l-sf2" rsc="sf2" node="n1" score="100"/>'
sim --simulate --op-fail "sf2_start_0@n1=1"
snap start-failed-not-fatal fail-start
settle
snap start-failed-not-fatal-settled recovered

begin on-fail-standby
add "$(dummy_onfail sb standby)"
add "$(dummy bystander)"
constraint '<rsc_colocation id="c-sb" rsc="bystander" with-rsc="sb" score="INFINITY"/>'
up n1 n2 n3
settle
snap settled
node=$(where sb)
sim --op-inject "sb_monitor_10000@$node=1"
snap failed on-fail-standby fail-monitor-rc1
sim --simulate
snap node-standby-onfail on-fail-standby
settle
snap node-standby-onfail-settled on-fail-standby

# ---- nodes failing, leaving, coming back, with and without fencing and
# quorum
begin nodes-fencing true
add "$(fence fencing)"
for i in 1 2 3 4 5 6; do add "$(dummy "r$i")"; done
add "$(group ng "$(dummy nga)" "$(dummy ngb)")"
mapfile -t ns < <(nodes n 4 7)
up "${ns[@]}"
settle
snap settled
victim=$(where nga)
sim --node-fail "$victim"
snap node-failed-unclean node-fail-fenced unclean-node
sim --simulate
snap node-fenced node-fail-fenced
settle
snap node-fenced-settled node-fail-fenced
sim --node-up "$victim"
snap node-back node-up
settle
snap node-back-settled node-up
node_state "$victim" crmd=offline
snap controller-gone-unclean unclean-node
node_state "$victim" crmd=online join=pending
snap join-pending pending-node
node_state "$victim" join=down expected=down
snap joining-expected-down pending-node
node_state "$victim" join=member expected=member
settle
snap rejoined node-up

begin nodes-nofence
for i in 1 2 3 4; do add "$(dummy "r$i")"; done
add "$(clone nclone "" "$(dummy ncd)")"
mapfile -t ns < <(nodes n 3 11)
up "${ns[@]}"
settle
snap settled
victim=$(where r1)
sim --node-fail "$victim"
snap node-failed node-fail-nofence
settle
snap node-failed-settled node-fail-nofence
sim --node-down "$(where r2)"
snap second-node-down node-down
settle
snap second-node-down-settled node-down
up "$victim"
settle
snap back node-up

begin quorum
prop no-quorum-policy stop
for i in 1 2 3 4 5 6; do add "$(dummy "q$i")"; done
add "$(clone qclone "" "$(dummy qcd)")"
up n1 n2 n3 n4 n5
settle
snap settled
sim --node-fail n1 --node-fail n2 --node-fail n3 --quorum false
cibadmin --modify --xml-text '<cib have-quorum="0"/>'
snap lost-quorum no-quorum node-fail-nofence
settle
snap lost-quorum-stopped no-quorum
prop no-quorum-policy freeze
up n1
cibadmin --modify --xml-text '<cib have-quorum="0"/>'
settle
snap freeze no-quorum
prop no-quorum-policy ignore
settle
snap ignore no-quorum
cibadmin --modify --xml-text '<cib have-quorum="1"/>'
up n2 n3
settle
snap quorum-back node-up

begin partial
# configured nodes that were never seen: no node_state at all
for i in 1 2 3; do add "$(dummy "pp$i")"; done
cibadmin --create --scope nodes --xml-text '<node id="101" uname="never1"/>'
cibadmin --create --scope nodes --xml-text '<node id="102" uname="never2"/>'
up seen1 seen2
settle
snap some-never-seen
sim --node-down seen1 --node-down seen2
snap all-down node-down
settle
snap all-down-settled node-down

# ---- node attributes: standby (permanent, transient), maintenance (node,
# cluster), shutdown requested
begin node-attrs
for i in 1 2 3 4 5; do add "$(dummy "a$i")"; done
add "$(group ag "$(dummy aga)" "$(dummy agb)")"
add "$(clone aclone "" "$(dummy acd)")"
up n1 n2 n3
settle
snap settled
node=$(where aga)
nattr "$node" standby on
snap standby-permanent standby-permanent
settle
snap standby-permanent-settled standby-permanent
nattr "$node" standby off
settle
node=$(where a1)
nattr "$node" standby on reboot
snap standby-transient standby-transient
settle
snap standby-transient-settled standby-transient
crm_attribute --node "$node" --name standby --delete --lifetime reboot > /dev/null
settle
snap standby-removed
node=$(where a2)
nattr "$node" maintenance true
snap node-maintenance node-maintenance
settle
snap node-maintenance-settled node-maintenance
nattr "$node" maintenance false
settle
nattr n3 maintenance true reboot
settle
snap node-maintenance-transient node-maintenance
crm_attribute --node n3 --name maintenance --delete --lifetime reboot > /dev/null
settle
prop maintenance-mode true
snap cluster-maintenance cluster-maintenance
sim --op-inject "a3_monitor_10000@$(where a3)=7"
snap cluster-maintenance-failure cluster-maintenance fail-monitor-rc7
settle 2
snap cluster-maintenance-settled cluster-maintenance
prop maintenance-mode false
settle
snap maintenance-over recovered
node=$(where aga)
nattr "$node" shutdown 1700000000 reboot
snap shutdown-requested shutdown
sim --simulate
snap shutdown-transition shutdown
nattr n1 shutdown 0 reboot
snap shutdown-zero

# ---- resource attributes: unmanaged, disabled, resource maintenance
begin rsc-attrs
for i in 1 2 3 4; do add "$(dummy "m$i")"; done
add "$(dummy never-started target-role=Stopped)"
add "$(dummy unmanaged-stopped is-managed=false)"
add "$(group mg "$(dummy mga)" "$(dummy mgb is-managed=false)")"
up n1 n2
settle
snap settled unmanaged disabled
meta m1 is-managed false
snap unmanaged-running unmanaged
sim --op-inject "m1_monitor_10000@$(where m1)=7"
snap unmanaged-not-running unmanaged fail-monitor-rc7
settle
snap unmanaged-not-running-settled unmanaged
meta m2 target-role Stopped
snap disabled-still-running disabled
settle
snap disabled-stopped disabled
meta m3 maintenance true
settle
snap rsc-maintenance unmanaged
meta mg target-role Stopped
settle
snap group-partly-unmanaged-disabled disabled unmanaged

# ---- pending operations (record-pending): the last operation of a
# resource is still running
begin pending
record_pending
add "$(dummy pr1)"
add "$(dummy pr2)"
add "$(group pg "$(dummy pga)" "$(dummy pgb)")"
add "$(clone pcl "" "$(dummy pcd)")"
add "$(clone pms "promotable=true" "$(stateful pst)")"
add "$(dummy pmig allow-migrate=true)"
up n1 n2 n3
for n in n1 n2 n3; do nattr "$n" master-pst 5 reboot; done
nattr n1 master-pst 10 reboot
settle
snap settled
D=ocf:pacemaker:Dummy
S=ocf:pacemaker:Stateful
node=$(where pr1)
pending "$node" pr1 $D stop
snap stop pending-stop
pending "$node" pr1 $D start
snap start pending-start
pending "$(where pgb)" pgb $D start
snap group-member-start pending-start
pending "$(where pga)" pga $D stop
snap group-member-stop pending-stop
pending n2 pcd $D start
snap clone-instance-start pending-start
pending n3 pcd $D stop
snap clone-instance-stop pending-stop
pending n1 pst $S demote
snap demote pending-demote
pending n2 pst $S promote
snap promote pending-promote
src=$(where pmig)
dst=$(other_than "$src" n1 n2 n3)
pending "$src" pmig $D migrate_to "$src" "$dst"
snap migrate-to pending-migrate_to
pending "$dst" pmig $D migrate_from "$src" "$dst"
snap migrate-from pending-migrate_from
settle 3
snap settled-again
pending n3 pr2 $D start
snap start-elsewhere pending-start
pending "$(where pr2)" pr2 $D stop
snap start-and-stop pending-start pending-stop

begin pending-remote
record_pending
add '<primitive id="prem" class="ocf" provider="pacemaker" type="remote"/>'
add "$(dummy on-prem)"
add "$(bundle pb docker 2 10.9.9.1 "$(dummy pbin)")"
constraint '<rsc_location id="l-onprem" rsc="on-prem" node="prem" score="100"/>'
up n1 n2
settle
snap settled
pending prem on-prem ocf:pacemaker:Dummy stop
snap on-remote-stop pending-stop
pending pb-0 pbin ocf:pacemaker:Dummy start
snap bundle-inner-start pending-start
pending "$(where prem)" prem ocf:pacemaker:remote start
snap connection-start pending-start
pending "$(where pbin)" pbin ocf:pacemaker:Dummy demote
snap bundle-inner-demote pending-demote

# ---- migration: allow-migrate resources moved by a location constraint
begin migrate
add "$(dummy mig1 allow-migrate=true)"
add "$(dummy mig2 allow-migrate=true)"
add "$(dummy stay)"
up n1 n2 n3
settle
snap settled
src=$(where mig1)
dst=$(other_than "$src" n1 n2 n3)
constraint "<rsc_location id=\"move-mig1\" rsc=\"mig1\" node=\"$dst\" score=\"INFINITY\"/>"
snap move-requested migrating
sim --simulate
snap migrated migrating
settle
snap migrated-settled migrating
src=$(where mig2)
dst=$(other_than "$src" n1 n2 n3)
constraint "<rsc_location id=\"move-mig2\" rsc=\"mig2\" node=\"$dst\" score=\"INFINITY\"/>"
sim --simulate --op-fail "mig2_migrate_from_0@$dst=1"
snap migrate-from-failed partial-migration migrating
settle
snap migrate-from-failed-settled migrating recovered
# partial migrations the controller leaves: migrate_to done on the source,
# migrate_from not run yet (or still running) on the target
src=$(where mig1)
dst=$(other_than "$src" n1 n2 n3)
cibadmin --delete --scope constraints --xml-text '<rsc_location id="move-mig1"/>'
constraint "<rsc_location id=\"move-mig1b\" rsc=\"mig1\" node=\"$dst\" score=\"INFINITY\"/>"
done_op "$src" mig1 ocf:pacemaker:Dummy migrate_to 0 "$src" "$dst"
snap migrate-to-done partial-migration migrating
pending "$dst" mig1 ocf:pacemaker:Dummy migrate_from "$src" "$dst"
snap migrate-from-running partial-migration pending-migrate_from
done_op "$dst" mig1 ocf:pacemaker:Dummy migrate_from 0 "$src" "$dst"
snap migrate-from-done migrating
settle
snap settled-again

# ---- orphans: resources removed from the configuration while active
begin orphans
add "$(dummy keep)"
add "$(dummy gone)"
add "$(group og "$(dummy oga)" "$(dummy ogb)")"
add "$(clone oc "" "$(dummy ocd)")"
up n1 n2
settle
snap settled
cibadmin --delete --scope resources --xml-text '<primitive id="gone"/>'
snap primitive-orphaned orphan
cibadmin --delete --scope resources --xml-text '<primitive id="ogb"/>'
snap group-member-orphaned orphan
cibadmin --delete --scope resources --xml-text '<clone id="oc"/>'
snap clone-orphaned orphan
sim --simulate
snap orphans-stopped orphan

# ---- a stop failure of a top-level primitive without fencing: blocked
begin stop-fail-nofence
add "$(dummy sfn)"
add "$(clone sfc "" "$(dummy sfcd)")"
up n1 n2
settle
snap settled
node=$(where sfn)
constraint "<rsc_location id=\"away\" rsc=\"sfn\" node=\"$node\" score=\"-INFINITY\"/>"
sim --simulate --op-fail "sfn_stop_0@$node=1" --op-fail "sfcd_stop_0@n2=1" \
    --op-inject "sfcd_monitor_10000@n2=7"
snap stop-failed-blocked fail-stop blocked
settle
snap stop-failed-blocked-settled blocked

# the same with fencing enabled and no fencing device: a hard error
# (not installed) of a clone's and a group member's stop; then the node
# leaves with its history, unclean because they failed there
begin stop-fail-left true
add "$(clone sfc "" "$(dummy sfcd)")"
add "$(group sfg "$(dummy sfg1)" "$(dummy sfg2)")"
constraint '<rsc_location id="sfg-on-n2" rsc="sfg" node="n2" score="100"/>'
up n1 n2
settle
snap settled
sim --op-inject "sfcd_stop_0@n2=5" --op-inject "sfg2_stop_0@n2=5"
snap stops-failed fail-stop blocked
node_state n2 in_ccm=false crmd=offline join=down
snap node-left blocked node-down unclean-node
settle
snap node-left-settled blocked node-down

# ---- attribute spellings and rarer shapes: boolean values other than
# "true"/"on", on-fail=stop, a promoted probe, instances beyond clone-max,
# a whole clone unmanaged, stop-all-resources, startup fencing of nodes never
# seen
begin quirks
add "$(dummy_onfail qstop stop)"
add "$(dummy q2)"
add "$(clone qu "globally-unique=true clone-max=5" "$(dummy qud)")"
add "$(clone qs "promotable=true" "$(stateful qst)")"
add "$(clone qc "" "$(dummy qcd)")"
up n1 n2 n3
settle
snap settled
nattr n1 standby yes
nattr n2 maintenance 1 reboot
snap standby-yes-maintenance-1 standby-permanent node-maintenance
crm_attribute --node n1 --name standby --delete > /dev/null
crm_attribute --node n2 --name maintenance --delete --lifetime reboot > /dev/null
settle
sim --op-inject "qstop_monitor_10000@$(where qstop)=1"
snap on-fail-stop fail-monitor-rc1
settle
snap on-fail-stop-settled
sim --op-inject "qst_monitor_0@n3=8"
snap probe-found-promoted fail-probe
settle
snap probe-found-promoted-settled
meta qu clone-max 2
snap instances-beyond-clone-max orphan
settle
snap instances-beyond-clone-max-settled
meta qc is-managed false
sim --op-inject "qcd_monitor_10000@n2=7"
snap clone-unmanaged-failed unmanaged fail-monitor-rc7
meta qc is-managed true
settle
prop stop-all-resources true
snap stop-all disabled
settle
snap stop-all-settled disabled

# ---- agent classes that clones do not take (native_unpack): a
# globally-unique clone of an lsb agent is anonymous (its histories have no
# instance numbers); a promotable clone of a systemd or lsb agent is no
# resource at all, and a cloned group drops such a member (their histories
# from before are orphans)
begin agent-classes
add "$(clone ku "globally-unique=true clone-max=2" '<primitive id="kul" class="lsb" type="kulsb"/>')"
add "$(clone kp "" '<primitive id="kps" class="systemd" type="kpsd"/>')"
add "$(clone kg "" "$(group kgg "$(dummy kg1)" '<primitive id="kg2" class="lsb" type="kglsb"/>')")"
up n1 n2
settle
snap settled
meta kp promotable true
meta kg promotable true
snap promotable-refused orphan
settle
snap promotable-refused-settled orphan

# ---- a CIB of an older schema, as a cluster upgraded from an older
# Pacemaker keeps it: crm_mon reads it through Pacemaker's upgrade, which
# makes a node of type "normal" a cluster node, and renames or moves old
# cluster options (is-managed-default: rsc_defaults' is-managed)
begin old-schema
add "$(dummy os1)"
add "$(group osg "$(dummy os2)" "$(dummy os3)")"
up n1 n2
settle
sim --op-inject "os2_monitor_10000@$(where os2)=1"
snap failed fail-monitor-rc1
# (crm_simulate saves what it read: the schema is set after its last run)
cibadmin --modify --xml-text '<cib validate-with="pacemaker-2.10"/>'
cibadmin --modify --scope nodes --xml-text '<node id="n2" type="normal"/>'
snap pacemaker-2.10 version-rule
prop is-managed-default false
snap is-managed-default unmanaged version-rule

begin startup-fencing true
add "$(fence fencing)"
add "$(dummy sfa)"
cibadmin --create --scope nodes --xml-text '<node id="201" uname="unseen"/>'
up s1 s2
snap unseen-node-unclean unclean-node
settle
snap unseen-node-fenced node-fail-fenced

# ---- the host of a guest node, of a bundle replica, of a remote
# connection fails (fencing on): before the fencing, fenced, recovered
begin host-failure true
add "$(fence fencing)"
add "$(dummy hvm remote-node=hguest)"
add "$(dummy on-hguest)"
add "$(bundle hb docker 2 10.1.1.1 "$(dummy hbin)")"
add '<primitive id="hrem" class="ocf" provider="pacemaker" type="remote"/>'
add "$(dummy on-hrem)"
constraint '<rsc_location id="l-onhg" rsc="on-hguest" node="hguest" score="100"/>'
constraint '<rsc_location id="l-onhr" rsc="on-hrem" node="hrem" score="100"/>'
up n1 n2 n3 n4
settle
snap settled
for what in hvm hb-docker-0 hrem; do
    victim=$(where "$what")
    sim --node-fail "$victim"
    snap "$what-host-failed" unclean-node node-fail-fenced
    sim --simulate
    snap "$what-host-fenced" node-fail-fenced
    settle
    up "$victim"
    settle
    snap "$what-host-back" node-up recovered
done

# ---- everything at once on six nodes
begin mixed true
add "$(fence fence1)"
add "$(group app "$(dummy vip)" "$(dummy fs-app)" "$(dummy daemon)")"
add "$(clone ping "" "$(dummy pingd)")"
add "$(clone ms-db "promotable=true" "$(stateful db)")"
add "$(clone cgrp "" "$(group cgi "$(dummy cgi1)" "$(dummy cgi2)")")"
add "$(bundle web-bundle podman 2 172.17.0.10 "$(dummy web-in)")"
cibadmin --create --scope resources --xml-text '<template id="mtpl" class="ocf" provider="pacemaker" type="Dummy"/>'
add '<primitive id="from-tpl" template="mtpl"/>'
add '<primitive id="mrem" class="ocf" provider="pacemaker" type="remote"/>'
add "$(dummy mvm remote-node=mguest)"
add "$(dummy mig allow-migrate=true)"
constraint '<rsc_colocation id="c-app-db" rsc="app" with-rsc="ms-db" with-rsc-role="Promoted" score="INFINITY"/>'
mapfile -t ns < <(nodes m 6 42)
up "${ns[@]}"
for n in "${ns[@]}"; do nattr "$n" master-db 5 reboot; done
nattr m4 master-db 50 reboot
settle
snap settled
sim --op-inject "daemon_monitor_10000@$(where daemon)=7" \
    --op-inject "pingd_monitor_10000@m2=1" \
    --op-inject "web-in_monitor_10000@web-bundle-1=7"
snap three-failures fail-monitor-rc7 fail-monitor-rc1
settle
snap recovered recovered
nattr m2 standby on reboot
nattr m3 maintenance true
sim --node-fail m5
snap standby-maintenance-unclean standby-transient node-maintenance unclean-node node-fail-fenced
settle
snap settled-after recovered
record_pending
pending "$(where vip)" vip ocf:pacemaker:Dummy stop
pending m1 db ocf:pacemaker:Stateful promote
snap pending pending-stop pending-promote
pending m4 db ocf:pacemaker:Stateful demote
src=$(where mig)
dst=$(other_than "$src" "${ns[@]}")
pending "$src" mig ocf:pacemaker:Dummy migrate_to "$src" "$dst"
snap pending-demote-migrate pending-demote pending-migrate_to

# ==== Pacemaker Remote, guest and bundle nodes: connections deleted or
# stopped while running, leftover status of deleted nodes, bundles on
# remote nodes, fencing of a guest node ====

# a remote connection deleted while it runs: its history makes an orphaned
# connection, whose node is shutting down (Paused) until it stops, and is
# listed Down while the history says it ran; its node_state without the
# connection's history is no node
begin remote-orphan true
add "$(fence fencing)"
add '<primitive id="rem1" class="ocf" provider="pacemaker" type="remote"><operations><op id="rem1-monitor" name="monitor" interval="30s"/></operations></primitive>'
add "$(dummy on-rem1)"
constraint '<rsc_location id="l-onrem1" rsc="on-rem1" node="rem1" score="100"/>'
up n1 n2
settle
snap settled
cibadmin --delete --scope constraints --xml-text '<rsc_location id="l-onrem1"/>'
cibadmin --delete --scope resources --xml-text '<primitive id="rem1"/>'
snap connection-deleted-running orphan
settle
snap connection-deleted-stopped orphan
node_state rem1 remote_node=true
snap connection-stopped-remote-status orphan
cibadmin --delete-all --force --xpath "//lrm_resource[@id='rem1']"
snap connection-history-cleaned orphan

# a guest node whose remote-node meta attribute goes while it runs: the
# connection's history is an orphan with a container; a resource in a
# guest with on-fail=fence fails: the container is recovered, the guest
# stays clean
begin guest-orphan true
add "$(fence fencing)"
add "$(dummy gvm1 remote-node=og1)"
add "$(dummy gvm2 remote-node=og2)"
add '<primitive id="in-og2" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="in-og2-monitor-10s" name="monitor" interval="10s" on-fail="fence"/></operations></primitive>'
constraint '<rsc_location id="l-inog2" rsc="in-og2" node="og2" score="INFINITY"/>'
up n1 n2
settle
snap settled
sim --op-inject "in-og2_monitor_10000@og2=1"
snap fence-guest-failure fail-monitor-rc1
sim --simulate
snap fence-guest-recovering
settle
snap fence-guest-recovered recovered
cibadmin --delete --scope resources --xml-text '<nvpair id="gvm1-meta-remote-node"/>'
snap guest-meta-deleted-running orphan
settle
snap guest-meta-deleted-stopped orphan

# a bundle whose containers run on Pacemaker Remote nodes, then fewer
# replicas: the status of the replicas gone stays behind (no node)
begin bundle-on-remote true
add "$(fence fencing)"
add '<primitive id="br1" class="ocf" provider="pacemaker" type="remote"><operations><op id="br1-monitor" name="monitor" interval="30s"/></operations></primitive>'
add '<primitive id="br2" class="ocf" provider="pacemaker" type="remote"><operations><op id="br2-monitor" name="monitor" interval="30s"/></operations></primitive>'
add "$(bundle rb docker 3 10.2.2.1 "$(dummy rbin)")"
constraint '<rsc_location id="l-rb-br1" rsc="rb" node="br1" score="200"/>'
constraint '<rsc_location id="l-rb-br2" rsc="rb" node="br2" score="100"/>'
up n1 n2
settle 10
snap settled
sim --op-inject "rbin_monitor_10000@rb-0=1"
snap inner-failed fail-monitor-rc1
settle
snap inner-recovered recovered
cibadmin --modify --scope resources --xml-text '<bundle id="rb"><docker image="pcmk:test" replicas="1"/></bundle>'
snap replicas-reduced-running
settle
snap replicas-reduced
for n in rb-1 rb-2; do node_state "$n" remote_node=true; done
snap replicas-reduced-remote-status
cibadmin --delete-all --force --xpath "//lrm_resource[@id='rb-1' or @id='rb-2']"
snap replicas-reduced-history-cleaned

# several replicas per host: the inner clone is globally unique, and a
# history of the inner primitive without an instance number is an orphan
# (its failed start does not fail the bundle)
begin bundle-unique
add "$(bundle ub docker 2 10.3.3.1 "$(dummy ubin)")"
cibadmin --modify --scope resources --xml-text '<bundle id="ub"><docker image="pcmk:test" replicas="2" replicas-per-host="2"/></bundle>'
up n1
settle
snap settled
sim --op-inject "ubin_monitor_10000@ub-0=7"
sim --simulate
snap inner-recovering
settle
snap inner-recovered
done_op ub-0 ubin ocf:pacemaker:Dummy start 1
snap instance-without-number-failed orphan fail-start
# ==== end of the Pacemaker Remote, guest and bundle block ====

# ---- big clusters: few transitions (see synth)
# SIZE NODES GROUPS CLONES: SIZE resources in all (primitives, 3 per group,
# one per clone)
for spec in "500 16 20 3" "1000 8 30 5" "2000 4 40 4"; do
    read -r size nn ng nc <<< "$spec"
    big "big$size" "$nn" $((size - ng * 3 - nc)) "$ng" "$nc"
    snap settled
    sim --op-inject "b7_monitor_10000@$(where b7)=7" --op-inject "bg2-2_monitor_10000@$(where bg2-2)=1"
    snap two-failures fail-monitor-rc7 fail-monitor-rc1
    sim --simulate
    snap recovered recovered
    nattr "$(where bg3-1)" standby on
    snap standby standby-permanent
    sim --node-fail "$(where b1)"
    snap node-failed node-fail-nofence
done

# ---- rules that differ between Pacemaker versions (docs/mapping.md,
# "Pacemaker versions"): each snapshot reads one way with crm_mon 2.1.5 and
# another with 3.0.0; the differential test runs against whichever is here

# hist_op NODE RSC ENTRY-ID ATTR=VALUE...: one history entry of the Dummy RSC
# on NODE, with exactly these attributes (besides its id)
hist_op() {
    local node=$1 rsc=$2 id=$3 a s=""
    shift 3
    for a in "$@"; do s+=" ${a%%=*}=\"${a#*=}\""; done
    cibadmin --modify --scope status --xml-text "<node_state id=\"$node\"><lrm id=\"$node\"><lrm_resources><lrm_resource id=\"$rsc\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"><lrm_rsc_op id=\"$id\"$s/></lrm_resource></lrm_resources></lrm></node_state>"
}
del_op() { cibadmin --delete --scope status --xml-text "<lrm_rsc_op id=\"$1\"/>"; }
tkey="7:99:0:00000000-0000-0000-0000-00000000c0de"

begin versions-nodes true
add "$(fence vfence)"
add "$(dummy v1)"
mapfile -t ns < <(nodes n 4 19)
up "${ns[@]}"
settle
snap settled
v=${ns[1]}
# 2.1.7 on: in_ccm and crmd are times (what such a controller writes)
node_state "$v" in_ccm=1700000000 crmd=1700000000
snap member-times version-rule
node_state "$v" crmd=0 join=down expected=down
snap joining-times version-rule pending-node
# 2.1.7 on: node-pending-timeout fences a node pending that long (a member
# since 2023: long past; one a member from 2096 on: not yet)
prop node-pending-timeout 300s
snap pending-timed-out version-rule unclean-node
node_state "$v" in_ccm=4000000000
snap pending-not-timed-out version-rule pending-node
crm_attribute --type crm_config --name node-pending-timeout --delete
node_state "$v" in_ccm=1700000000
node_state "$v" in_ccm=maybe crmd=offline
snap in-ccm-unparsable version-rule
node_state "$v" in_ccm=true crmd=online join=Member expected=member
snap join-case version-rule
node_state "$v" join=member
nattr "$v" terminate 0123 reboot
snap terminate-0123 version-rule
crm_attribute --node "$v" --name terminate --delete --lifetime reboot
# two transient sets: 2.1 keeps the last value read, 3.0 the highest score's
cibadmin --modify --scope status --xml-text "<node_state id=\"$v\"><transient_attributes id=\"$v\"><instance_attributes id=\"status-$v-hi\" score=\"10\"><nvpair id=\"status-$v-hi-standby\" name=\"standby\" value=\"on\"/></instance_attributes><instance_attributes id=\"status-$v-lo\" score=\"5\"><nvpair id=\"status-$v-lo-standby\" name=\"standby\" value=\"off\"/></instance_attributes></transient_attributes></node_state>"
snap transient-scores version-rule standby-transient
cibadmin --delete --scope status --xml-text "<transient_attributes id=\"$v\"/>"
# a joining node that Pacemaker has not named in its node_state yet: read
# from 2.1.7 on (pending), ignored before (never seen); its history never
cibadmin --create --scope nodes --xml-text '<node id="n9" uname="n9"/>'
cibadmin --create --scope status --xml-text '<node_state id="n9" in_ccm="1700000000" crmd="0" join="down" expected="down"/>'
hist_op n9 v1 v1_last_0 operation_key=v1_start_0 operation=start \
    transition-key="$tkey" transition-magic="0:0;$tkey" call-id=90 \
    rc-code=0 op-status=0 interval=0 last-rc-change=1700000000 on_node=n9
snap unnamed-joining version-rule pending-node
cibadmin --delete --scope status --xml-text '<node_state id="n9"/>'
cibadmin --delete --scope nodes --xml-text '<node id="n9"/>'
# no-quorum-policy=fence: a new word in 3.0 (with no-quorum-panic, whose
# lack makes any such policy read as stop)
prop no-quorum-policy fence
cibadmin --modify --xml-text '<cib have-quorum="0" no-quorum-panic="1"/>'
snap no-quorum-fence version-rule no-quorum
prop no-quorum-policy suicide
cibadmin --modify --xml-text '<cib have-quorum="0" no-quorum-panic="0"/>'
snap no-quorum-suicide-no-panic version-rule no-quorum
cibadmin --modify --xml-text '<cib have-quorum="1"/>'

begin versions-history
for i in 1 2 3 4; do add "$(dummy "h$i")"; done
mapfile -t ns < <(nodes n 2 23)
up "${ns[@]}"
settle
snap settled
a=$(where h1)
# a failed reload after the start: a failure in 2.1, no state in 3.0
hist_op "$a" h1 h1_reload_0 operation_key=h1_reload_0 operation=reload \
    transition-key="$tkey" transition-magic="0:1;$tkey" call-id=95 \
    rc-code=1 op-status=0 interval=0 last-rc-change=1700000000 on_node="$a"
snap failed-reload version-rule
del_op h1_reload_0
# a start with a degraded result (190): a failure in 2.1.5, success from 2.1.6
b=$(where h2)
hist_op "$b" h2 h2_last_0 operation_key=h2_start_0 operation=start \
    transition-key="$tkey" transition-magic="0:190;$tkey" call-id=95 \
    rc-code=190 op-status=0 interval=0 last-rc-change=1700000000 on_node="$b"
snap start-degraded version-rule
# a stop without rc-code: rc 0 in 2.1, not an entry in 3.0
c=$(where h3)
hist_op "$c" h3 h3_last_0 operation_key=h3_stop_0 operation=stop \
    transition-key="$tkey" transition-magic="0:0;$tkey" call-id=96 \
    op-status=0 interval=0 last-rc-change=1700000000 on_node="$c"
snap stop-without-rc version-rule
# a recurring monitor pending after its own first run failed: Monitoring
# in 2.1.5, not pending from 2.1.6 on
d=$(where h4)
hist_op "$d" h4 h4_monitor_10000 operation_key=h4_monitor_10000 \
    operation=monitor transition-key="$tkey" transition-magic="-1:193;$tkey" \
    call-id=-1 rc-code=193 op-status=-1 interval=10000 \
    last-rc-change=1700000000 on_node="$d"
hist_op "$d" h4 h4_last_failure_0 operation_key=h4_monitor_10000 \
    operation=monitor transition-key="$tkey" transition-magic="0:1;$tkey" \
    call-id=97 rc-code=1 op-status=0 interval=10000 \
    last-rc-change=1700000000 on_node="$d"
snap pending-monitor-failed version-rule pending-op fail-monitor-rc1

# ---- tickets (rsc_ticket, crm_ticket): a ticket that is not granted,
# with loss-policy=fence, fences every node a resource that needs it runs
# on (unclean); the other policies stop, demote or freeze, which no state
# shows.  Each revocation is taken back before the next one.
begin tickets true
add "$(fence tf)"
add "$(dummy tp)"
add "$(group tg "$(dummy tg1)" "$(dummy tg2)")"
add "$(clone tc "" "$(dummy tcd)")"
add "$(clone tms "promotable=true" "$(stateful tst)")"
add '<template id="ttpl" class="ocf" provider="pacemaker" type="Dummy"/>'
add '<primitive id="tt1" template="ttpl"/>'
add "$(dummy tagged)"
add "$(dummy tz)"
cibadmin --create --scope configuration --xml-text '<tags><tag id="ttag"><obj_ref id="tagged"/></tag></tags>'
constraint '<rsc_ticket id="tk-p" rsc="tp" ticket="tA" loss-policy="fence"/>'
constraint '<rsc_ticket id="tk-g" rsc="tg" ticket="tB" loss-policy="fence"/>'
constraint '<rsc_ticket id="tk-c" rsc="tcd" ticket="tC" loss-policy="fence"/>'
constraint '<rsc_ticket id="tk-ms" rsc="tms" rsc-role="Promoted" ticket="tD" loss-policy="fence"/>'
constraint '<rsc_ticket id="tk-set" ticket="tE" loss-policy="fence"><resource_set id="tk-set-s"><resource_ref id="ttpl"/><resource_ref id="ttag"/></resource_set></rsc_ticket>'
constraint '<rsc_ticket id="tk-fr" rsc="tz" ticket="tF" loss-policy="freeze"/>'
constraint '<rsc_ticket id="tk-st" rsc="tg2" ticket="tG" loss-policy="stop"/>'
for t in tA tB tC tD tE tF tG; do crm_ticket --ticket "$t" --grant --force; done
up n1 n2 n3 n4
for n in n1 n2 n3 n4; do nattr "$n" master-tst 5 reboot; done
nattr n3 master-tst 10 reboot
settle
snap granted ticket
for t in tA tB tC tD tE tF tG; do
    crm_ticket --ticket "$t" --revoke --force
    snap "revoked-$t" ticket
    crm_ticket --ticket "$t" --grant --force
done
crm_ticket --ticket tA --standby --force
snap standby-tA ticket
crm_ticket --ticket tA --activate --force
# a ticket no site ever granted (no ticket_state), for a running resource
constraint '<rsc_ticket id="tk-new" rsc="tp" ticket="tNew" loss-policy="fence"/>'
snap never-granted ticket
cibadmin --delete --xml-text '<rsc_ticket id="tk-new"/>'
# without fencing, loss-policy=fence reads as stop
prop stonith-enabled false
for t in tA tB tC; do crm_ticket --ticket "$t" --revoke --force; done
snap revoked-without-fencing ticket

# ---- failure-timeout (own, a group's, a clone's, rsc_defaults): a
# failure is ignored once it and the resource's fail count on the node are
# older than it.  Injected failures get the normalized time, long past; a
# recent one is written here at 4000000000 (2096), which normalize keeps.
begin failure-timeout
cibadmin --create --scope configuration --xml-text '<rsc_defaults><meta_attributes id="rsc-defaults"><nvpair id="rsc-defaults-ft" name="failure-timeout" value="2min"/></meta_attributes></rsc_defaults>'
add "$(dummy fp failure-timeout=60)"
add "$(dummy fd)"
add "$(group fg "$(dummy fg1)" "$(dummy fg2)")"
meta fg failure-timeout 90s
add "$(clone fc "failure-timeout=30" "$(dummy fci)")"
add "$(dummy_onfail fb block)"
meta fb failure-timeout 60
up n1 n2 n3
settle
snap settled
sim --op-inject "fp_monitor_10000@$(where fp)=1" \
    --op-inject "fd_monitor_10000@$(where fd)=1" \
    --op-inject "fg1_monitor_10000@$(where fg1)=7" \
    --op-inject "fci_monitor_10000@n2=1" \
    --op-inject "fb_monitor_10000@$(where fb)=1"
snap expired fail-monitor-rc1 fail-monitor-rc7 on-fail-block
# recent_failure NODE RSC: a failed monitor at 4000000000, with its fail
# count (last failure then too)
recent_failure() {
    hist_op "$1" "$2" "$2_last_failure_0" operation_key="$2_monitor_10000" \
        operation=monitor transition-key="$tkey" \
        transition-magic="0:1;$tkey" call-id=98 rc-code=1 op-status=0 \
        interval=10000 last-rc-change=4000000000 on_node="$1"
    nattr "$1" "fail-count-$2#monitor_10000" 1 reboot
    nattr "$1" "last-failure-$2#monitor_10000" 4000000000 reboot
}
recent_failure "$(where fp)" fp
recent_failure "$(where fg2)" fg2
recent_failure n3 fci
snap recent fail-monitor-rc1
# fg1's failure is old, its fail count not: it counts; fd's failure is
# recent, its fail count old: it counts
nattr "$(where fg1)" "last-failure-fg1#monitor_10000" 4000000000 reboot
hist_op "$(where fd)" fd fd_last_failure_0 last-rc-change=4000000000
snap old-failure-recent-count fail-monitor-rc1
settle
snap recovered recovered

# ---- rules in attribute sets (docs/pacemaker-states.md §2.3): sets whose
# date rule has expired (counted if rules were not evaluated) and sets
# valid until 2099, on node attributes (permanent, transient), resource
# meta attributes, cluster options, rsc_defaults (with rsc_expression) and
# op_defaults (with op_expression)
past='<date_expression id="%s-d" operation="lt" end="2001-01-01"/>'
future='<date_expression id="%s-d" operation="lt" end="2099-01-01 00:00:00 +01:00"/>'
# ruled ELEM ID SCORE WHEN NAME=VALUE...: a set of ELEM whose rule is
# $past or $future (a printf format taking the set's id)
ruled() {
    local elem=$1 id=$2 score=$3 when=$4 nv s=""
    shift 4
    for nv in "$@"; do
        s+="<nvpair id=\"$id-${nv%%=*}\" name=\"${nv%%=*}\" value=\"${nv#*=}\"/>"
    done
    # shellcheck disable=SC2059
    printf '<%s id="%s" score="%s"><rule id="%s-r">%s</rule>%s</%s>' \
        "$elem" "$id" "$score" "$id" "$(printf "$when" "$id")" "$s" "$elem"
}
# undo ELEM ID: delete the set ELEM ID
undo() { cibadmin --delete --xml-text "<$1 id=\"$2\"/>"; }
begin rules
for r in ra rb rf; do add "$(dummy "$r")"; done
add "$(group rg "$(dummy rc)" "$(dummy rd)")"
add '<primitive id="re" class="ocf" provider="heartbeat" type="Dummy"><operations><op id="re-monitor-10s" name="monitor" interval="10s"/></operations></primitive>'
up n1 n2 n3
settle
snap settled
# standby: n1's set expired (Up), n2's is valid (standby)
cibadmin --modify --scope nodes --xml-text "<node id=\"n1\">$(ruled instance_attributes n1-old 10 "$past" standby=on)</node>"
cibadmin --modify --scope nodes --xml-text "<node id=\"n2\">$(ruled instance_attributes n2-now 10 "$future" standby=on)</node>"
snap node-standby standby-permanent rules
settle
snap node-standby-settled standby-permanent rules
undo instance_attributes n1-old
undo instance_attributes n2-now
settle
# transient maintenance: the expired set, read last (lowest score), would
# say off
cibadmin --modify --scope status --xml-text "<node_state id=\"n3\"><transient_attributes id=\"n3\">$(ruled instance_attributes n3-t-old -10 "$past" maintenance=off)<instance_attributes id=\"n3-t\"><nvpair id=\"n3-t-m\" name=\"maintenance\" value=\"on\"/></instance_attributes></transient_attributes></node_state>"
snap node-maintenance-transient node-maintenance rules
undo transient_attributes n3
settle
# resource meta: ra's is-managed=false expired (its failure counts), rb
# stopped and group rg unmanaged by valid sets
cibadmin --modify --scope resources --xml-text "<primitive id=\"ra\">$(ruled meta_attributes ra-old 10 "$past" is-managed=false)</primitive>"
cibadmin --modify --scope resources --xml-text "<primitive id=\"rb\">$(ruled meta_attributes rb-now 10 "$future" target-role=Stopped)</primitive>"
cibadmin --modify --scope resources --xml-text "<group id=\"rg\">$(ruled meta_attributes rg-now 10 "$future" is-managed=false)</group>"
sim --op-inject "ra_monitor_10000@$(where ra)=7" --op-inject "rc_monitor_10000@$(where rc)=7"
snap resource-meta fail-monitor-rc7 disabled unmanaged rules
settle
snap resource-meta-settled disabled unmanaged rules
undo meta_attributes rg-now
settle
# cluster options: maintenance-mode in an expired set (rd's failure
# counts), then in a valid one (rf's does not)
cibadmin --create --scope crm_config --xml-text "$(ruled cluster_property_set mm-old 100 "$past" maintenance-mode=true)"
sim --op-inject "rd_monitor_10000@$(where rd)=7"
snap cluster-maintenance-expired fail-monitor-rc7 rules
settle
cibadmin --create --scope crm_config --xml-text "$(ruled cluster_property_set mm-now 100 "$future" maintenance-mode=true)"
sim --op-inject "rf_monitor_10000@$(where rf)=7"
snap cluster-maintenance cluster-maintenance rules
undo cluster_property_set mm-now
undo cluster_property_set mm-old
settle
# rsc_defaults: is-managed=false for ocf:heartbeat agents (re) while valid;
# rf (ocf:pacemaker) stays managed; target-role=Stopped expired
cibadmin --create --scope configuration --xml-text "<rsc_defaults><meta_attributes id=\"rd-hb\" score=\"10\"><rule id=\"rd-hb-r\"><rsc_expression id=\"rd-hb-x\" class=\"ocf\" provider=\"heartbeat\"/>$(printf "$future" rd-hb)</rule><nvpair id=\"rd-hb-m\" name=\"is-managed\" value=\"false\"/></meta_attributes>$(ruled meta_attributes rd-old 20 "$past" target-role=Stopped)</rsc_defaults>"
sim --op-inject "re_monitor_10000@$(where re)=7" --op-inject "rf_monitor_10000@$(where rf)=7"
snap rsc-defaults fail-monitor-rc7 unmanaged rules
undo meta_attributes rd-hb
undo meta_attributes rd-old
settle
# op_defaults: on-fail=block for 10s monitors while valid, over an expired
# on-fail=ignore with a higher score
cibadmin --create --scope configuration --xml-text "<op_defaults><meta_attributes id=\"od-blk\" score=\"10\"><rule id=\"od-blk-r\"><op_expression id=\"od-blk-x\" name=\"monitor\" interval=\"10s\"/>$(printf "$future" od-blk)</rule><nvpair id=\"od-blk-f\" name=\"on-fail\" value=\"block\"/></meta_attributes>$(ruled meta_attributes od-old 20 "$past" on-fail=ignore)</op_defaults>"
sim --op-inject "ra_monitor_10000@$(where ra)=1"
snap op-defaults-block on-fail-block fail-monitor-rc1 rules
settle
snap op-defaults-block-settled on-fail-block blocked rules

# ==================================================== coverage gaps ==
# Situations of real clusters the scenarios above leave out (tests/README.md,
# "What the corpus covers"): orphans of every kind, multiple-active
# resources, on-fail=demote and fence, clone and promotable options,
# templates with operations, tags, utilization, pending operations of the
# other kinds, node names that tie as owners, node_state entries without a
# name or without a configured node, ping nodes.

# live_op NODE RSC OP RC [INTERVAL] [CLASS:PROVIDER:TYPE]: one completed
# history entry of RSC on NODE, under the key crm_simulate would give it
live_op() {
    local node=$1 rsc=$2 op=$3 rc=$4 iv=${5:-0} agent=${6:-ocf:pacemaker:Dummy} id
    local class=${agent%%:*} rest=${agent#*:}
    local provider=${rest%%:*} type=${rest#*:}
    id=${rsc}_last_0
    [ "$iv" = 0 ] || id=${rsc}_${op}_$iv
    [ "$rc" = 0 ] || [ "$op" != monitor ] || [ "$iv" = 0 ] || id=${rsc}_last_failure_0
    cibadmin --modify --scope status --xml-text "<node_state id=\"$node\"><lrm id=\"$node\"><lrm_resources><lrm_resource id=\"$rsc\" class=\"$class\" provider=\"$provider\" type=\"$type\"><lrm_rsc_op id=\"$id\" operation_key=\"${rsc}_${op}_$iv\" operation=\"$op\" crm-debug-origin=\"do_update_resource\" crm_feature_set=\"3.16.1\" transition-key=\"$tkey\" transition-magic=\"0:$rc;$tkey\" exit-reason=\"\" call-id=\"80\" rc-code=\"$rc\" op-status=\"0\" interval=\"$iv\" last-rc-change=\"1700000000\" exec-time=\"0\" queue-time=\"0\" op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\" on_node=\"$node\"/></lrm_resource></lrm_resources></lrm></node_state>"
}

# ---- orphans of every kind: a deleted primitive's history running, failed,
# stopped; an orphan left running by stop-orphan-resources=false; instances
# of an anonymous clone beyond clone-max; the history of a bundle's or a
# unique clone's primitive under its bare id, also in a bundle of two
# replicas per host (crm_mon: an orphan of its own, not an instance)
begin orphans-more
add "$(dummy ok1)"
add "$(dummy gone-run)"
add "$(dummy gone-fail)"
add "$(dummy gone-kept)"
add "$(clone oac "" "$(dummy oacd)")"
add "$(clone ouc "globally-unique=true clone-max=3" "$(dummy oucd)")"
add "$(bundle obu docker 2 10.2.2.1 "$(dummy obin)")"
add "<bundle id=\"obu2\"><podman image=\"pcmk:test\" replicas=\"2\" replicas-per-host=\"2\"/><network ip-range-start=\"10.2.3.1\" host-interface=\"eth0\" host-netmask=\"24\"/>$(dummy obin2)</bundle>"
up n1 n2 n3
settle
snap settled
cibadmin --delete --scope resources --xml-text '<primitive id="gone-run"/>'
node=$(where gone-fail)
cibadmin --delete --scope resources --xml-text '<primitive id="gone-fail"/>'
live_op "$node" gone-fail monitor 1 10000
snap orphan-running-and-failed orphan fail-monitor-rc1
prop stop-orphan-resources false
cibadmin --delete --scope resources --xml-text '<primitive id="gone-kept"/>'
snap orphan-kept orphan
sim --simulate
snap orphan-kept-transition orphan
prop stop-orphan-resources true
settle
snap orphans-stopped orphan
meta oac clone-max 1
snap anonymous-beyond-clone-max orphan
settle
snap anonymous-beyond-clone-max-settled
live_op n1 obin start 0
live_op n2 oucd start 0
live_op obu2-0 obin2 start 0
snap bare-id-histories orphan
live_op n1 obin monitor 7 10000
hist_op obu2-0 obin2 obin2_last_failure_0 operation_key=obin2_monitor_10000 \
    operation=monitor transition-key="$tkey" transition-magic="0:1;$tkey" \
    call-id=99 rc-code=1 op-status=0 interval=10000 \
    last-rc-change=1700000000 on_node=obu2-0
snap bare-id-history-failed orphan fail-monitor-rc7 fail-monitor-rc1
settle
snap bare-id-histories-settled orphan

# ---- one resource active on several nodes: each multiple-active policy,
# before and after the transition
begin multiple-active
add "$(dummy ma-default)"
add "$(dummy ma-stop multiple-active=stop_only)"
add "$(dummy ma-block multiple-active=block)"
add "$(dummy ma-unexp multiple-active=stop_unexpected)"
add "$(group mag "$(dummy mag1)" "$(dummy mag2)")"
up n1 n2 n3
settle
snap settled
for r in ma-default ma-stop ma-block ma-unexp mag2; do
    live_op "$(other_than "$(where "$r")" n1 n2 n3)" "$r" start 0
done
snap active-twice multiple-active
sim --simulate
snap active-twice-transition multiple-active
settle
snap active-twice-settled multiple-active

# ---- on-fail=demote of a promoted monitor, on-fail=fence of a monitor,
# on-fail=block of a stop; promoted-max=2, clone-node-max=2, interleave,
# ordered, notify; a template with operations and a primitive that
# overrides one; a disabled monitor's on-fail (it still counts) and a
# role=Stopped monitor; tags; utilization with placement-strategy
begin options true
add "$(fence gfence)"
add '<clone id="pm2"><meta_attributes id="pm2-meta"><nvpair id="pm2-promotable" name="promotable" value="true"/><nvpair id="pm2-pmax" name="promoted-max" value="2"/><nvpair id="pm2-notify" name="notify" value="true"/></meta_attributes><primitive id="pm2s" class="ocf" provider="pacemaker" type="Stateful"><operations><op id="pm2s-mon-p" name="monitor" interval="10s" role="Promoted" on-fail="demote"/><op id="pm2s-mon-u" name="monitor" interval="11s" role="Unpromoted"/></operations></primitive></clone>'
add "$(clone cn2 "globally-unique=true clone-max=4 clone-node-max=2 interleave=true ordered=true" "$(dummy cn2d)")"
add "$(dummy_onfail ofence fence)"
add '<primitive id="sblock" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="sblock-stop" name="stop" interval="0" on-fail="block"/><op id="sblock-mon" name="monitor" interval="10s"/></operations></primitive>'
cibadmin --create --scope resources --xml-text '<template id="tops" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="tops-mon" name="monitor" interval="10s" on-fail="ignore"/></operations></template>'
add '<primitive id="from-tops" template="tops"/>'
add '<primitive id="from-tops-own" template="tops"><operations><op id="fto-mon" name="monitor" interval="10s" on-fail="stop"/></operations></primitive>'
add '<primitive id="big-u" class="ocf" provider="pacemaker" type="Dummy"><utilization id="big-u-util"><nvpair id="big-u-cpu" name="cpu" value="8"/></utilization></primitive>'
add '<primitive id="op-kinds" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="opk-mon" name="monitor" interval="10s" on-fail="ignore" enabled="false"/><op id="opk-mon-stopped" name="monitor" interval="20s" role="Stopped" on-fail="block"/></operations></primitive>'
cibadmin --create --scope configuration --xml-text '<tags><tag id="tag-web"><obj_ref id="from-tops"/><obj_ref id="big-u"/></tag></tags>'
constraint '<rsc_location id="l-tag" rsc="tag-web" node="o1" score="10"/>'
prop placement-strategy utilization
up o1 o2 o3
for n in o1 o2 o3; do
    cibadmin --modify --scope nodes --xml-text "<node id=\"$n\"><utilization id=\"$n-util\"><nvpair id=\"$n-cpu\" name=\"cpu\" value=\"4\"/></utilization></node>"
    nattr "$n" master-pm2s 5 reboot
done
settle
snap settled
p=$(crm_resource --locate --resource pm2 2>/dev/null | sed -n 's/.*running on: \([^ ]*\) Promoted.*/\1/p' | head -n 1)
sim --op-inject "pm2s_monitor_10000@$p=1"
snap promoted-failed-demote on-fail-demote fail-promoted-rc9
sim --simulate
snap promoted-failed-demoted on-fail-demote
settle
snap demote-settled
sim --op-inject "ofence_monitor_10000@$(where ofence)=1"
snap monitor-failed-fence fail-monitor-rc1 unclean-node
settle
snap monitor-failed-fenced node-fail-fenced
node=$(where sblock)
constraint "<rsc_location id=\"sb-away\" rsc=\"sblock\" node=\"$node\" score=\"-INFINITY\"/>"
sim --simulate --op-fail "sblock_stop_0@$node=1"
snap stop-failed-on-fail-block fail-stop blocked
node=$(where from-tops)
sim --op-inject "from-tops_monitor_10000@$node=1" --op-inject "from-tops-own_monitor_10000@$(where from-tops-own)=1" \
    --op-inject "op-kinds_monitor_10000@$(where op-kinds)=1"
snap template-on-fail fail-monitor-rc1 on-fail-ignore
settle
snap template-on-fail-settled

# ---- pending operations of the other kinds: a probe, a recurring monitor,
# a notify, a reload; results with an op-status other than done: timed
# out, error, not supported, cancelled
begin pending-more
add "$(dummy pp1)"
add "$(dummy pp2)"
add "$(dummy pp3)"
add "$(clone ppc "notify=true" "$(dummy ppcd)")"
record_pending
up n1 n2
settle
snap settled
pending n2 pp1 ocf:pacemaker:Dummy monitor
snap probe pending-probe pending-op
n=$(where pp2)
cibadmin --modify --scope status --xml-text "<node_state id=\"$n\"><lrm id=\"$n\"><lrm_resources><lrm_resource id=\"pp2\"><lrm_rsc_op id=\"pp2_monitor_10000\" operation_key=\"pp2_monitor_10000\" operation=\"monitor\" transition-key=\"$tkey\" transition-magic=\"-1:193;$tkey\" call-id=\"-1\" rc-code=\"193\" op-status=\"-1\" interval=\"10000\" last-rc-change=\"1700000000\" exec-time=\"0\" queue-time=\"0\" op-digest=\"4811cef7f7f94e3a35a70be7916cb2fd\"/></lrm_resource></lrm_resources></lrm></node_state>"
snap recurring-monitor pending-monitor pending-op
pending n1 ppcd ocf:pacemaker:Dummy notify
snap notify pending-notify pending-probe pending-monitor pending-op
pending "$(where pp3)" pp3 ocf:pacemaker:Dummy reload
snap reload pending-reload pending-probe pending-monitor pending-op
settle
snap settled-again
# op_status ST RSC OP: RSC's last OP on its node ended with op-status ST
op_status() {
    local n
    n=$(where "$2")
    hist_op "$n" "$2" "${2}_last_failure_0" operation_key="${2}_$3_10000" \
        operation="$3" transition-key="$tkey" transition-magic="$1:1;$tkey" \
        call-id=99 rc-code=1 op-status="$1" interval=10000 \
        last-rc-change=1700000000 on_node="$n"
}
op_status 2 pp1 monitor
op_status 4 pp2 monitor
snap timed-out-and-error op-status fail-monitor-rc1
del_op pp1_last_failure_0
del_op pp2_last_failure_0
op_status 3 pp1 monitor
op_status 1 pp2 monitor
snap not-supported-and-cancelled op-status
settle
snap op-status-settled

# ---- node names that tie in Pacemaker's order: node1 and node01 (equal
# numbers, the shorter run first); a clone on all of them (owner: the
# first), failed on both, then on node01 only.  Two nodes whose names
# differ only by case are not generated: Pacemaker finds a node by name
# ignoring case, so their histories mix (tests/README.md)
begin name-ties
add "$(clone tc "" "$(dummy tcd)")"
add "$(dummy tp1)"
up node01 node1 NODE2 node10
settle
snap settled
sim --op-inject "tcd_monitor_10000@node01=7" --op-inject "tcd_monitor_10000@node1=7"
snap both-failed fail-monitor-rc7 name-tie
settle
sim --op-inject "tcd_monitor_10000@node01=1"
snap one-failed fail-monitor-rc1 name-tie
settle

# ---- status entries the configuration does not name: a node_state
# without uname (its node configured or not), one of a node no longer
# configured with transient attributes and a history, a ping node
begin status-only true
add "$(fence sfence)"
add "$(dummy so1)"
add "$(clone soc "" "$(dummy socd)")"
up s1 s2 s3
settle
snap settled
cibadmin --create --scope nodes --xml-text '<node id="s9" uname="s9"/>'
cibadmin --create --scope status --xml-text '<node_state id="s9" in_ccm="true" crmd="online" join="member" expected="member"/>'
snap unnamed-online unnamed-node
live_op s9 so1 start 0
snap unnamed-with-history unnamed-node
cibadmin --delete --scope status --xml-text '<node_state id="s9"/>'
cibadmin --delete --scope nodes --xml-text '<node id="s9"/>'
cibadmin --create --scope status --xml-text '<node_state id="s7" uname="s7" in_ccm="true" crmd="online" join="member" expected="member"><transient_attributes id="s7"><instance_attributes id="status-s7"><nvpair id="status-s7-standby" name="standby" value="on"/></instance_attributes></transient_attributes></node_state>'
live_op s7 so1 start 0
snap unconfigured-node-state orphan
cibadmin --create --scope status --xml-text '<node_state id="s8" in_ccm="false" crmd="offline" join="down" expected="down"/>'
snap unconfigured-unnamed
# (Pacemaker 3.0's schema has no ping nodes: a CIB of its own cannot have
# one, and these two snapshots are made with 2.1 only)
if cibadmin --create --scope nodes \
        --xml-text '<node id="p1" uname="pingnode" type="ping"/>' 2>/dev/null; then
    snap ping-node
    cibadmin --create --scope status --xml-text '<node_state id="p1" uname="pingnode" in_ccm="true" crmd="online" join="member" expected="member"/>'
    snap ping-node-member
fi
settle
snap settled-again

# ----------------------------------------------------------- summary --
# the categories the test must cover, each in at least two snapshots
required="nodes-1 nodes-2-4 nodes-5-8 nodes-9-16 rsc-1 rsc-2-9 rsc-10-99
rsc-100-999 rsc-1000+ primitive stonith group clone clone-unique promotable
clone-group bundle template remote-node guest-node fail-monitor-rc7
fail-monitor-rc1 fail-start fail-stop fail-promote fail-promoted-rc9
fail-probe blocked on-fail-ignore on-fail-block on-fail-standby
migration-threshold recovered node-fail-fenced node-fail-nofence node-down
node-up no-quorum standby-permanent standby-transient node-maintenance
cluster-maintenance unmanaged disabled target-unpromoted target-promoted
shutdown pending-node unclean-node pending-op pending-start pending-stop
pending-promote pending-demote pending-migrate_to pending-migrate_from
migrating partial-migration orphan version-rule ticket rules multiple-active
on-fail-demote pending-probe pending-monitor name-tie unnamed-node
op-status unsettled"
missing=""
{
    echo "corpus: $nsnap snapshots in $out ($((SECONDS - started))s)"
    for t in $(printf '%s\n' "${!count[@]}" | sort); do
        printf '  %-22s %4d\n' "$t" "${count[$t]}"
    done
} >&2
for t in $required; do
    [ "${count[$t]:-0}" -ge 2 ] || missing+=" $t"
done
[ "$nsnap" -ge 200 ] || die "only $nsnap snapshots"
[ -z "$missing" ] || die "categories with fewer than two snapshots:$missing"

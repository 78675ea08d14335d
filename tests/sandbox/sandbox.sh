#!/bin/bash
# sandbox.sh - a throw-away Corosync + Pacemaker test cluster on this machine.
#
# Every node lives in its own network, mount, pid and UTS namespace; the
# nodes are wired through two bridges in a "hub" network namespace (two knet
# links).  Nothing touches a cluster on the host: each node gets private
# /run and /dev/shm tmpfs mounts and bind mounts of its own directories over
# /etc/corosync, /var/lib/corosync, /var/lib/pacemaker and /var/log/pacemaker.
# Everything else (/work, /tmp, /usr ...) is shared with the host, so test
# programs built on the host run unchanged inside a node.
#
# Usage: sandbox.sh up [--nodes N]   start a fresh cluster (default 3 nodes),
#                                    return once every node is online and a
#                                    DC is elected and idle
#        sandbox.sh down             stop it and remove every trace of it
#        sandbox.sh status           exit 0 if up (prints crm_mon -1), 3 if not
#        sandbox.sh exec NODE CMD... run CMD inside NODE (node1..nodeN)
#        sandbox.sh kill NODE        crash NODE like a power loss: its
#                                    interfaces go down (it falls silent),
#                                    then SIGKILL to corosync, pacemakerd and
#                                    every other process of the node except
#                                    its pid 1; return once they are gone
#        sandbox.sh start NODE       boot a killed NODE again (also one whose
#                                    pid 1 died): fresh /run and /dev/shm,
#                                    CIB and logs kept (after stop-corosync:
#                                    Corosync alone); return once crm_mon
#                                    on NODE and on another running node
#                                    shows NODE online, or fail after
#                                    CLUSAPI_SANDBOX_TIMEOUT (as it does for
#                                    a partitioned NODE)
#        sandbox.sh stop-corosync NODE  stop only Corosync on NODE, cleanly
#                                    (corosync-cfgtool -H --force, as systemd
#                                    does); Pacemaker keeps running and
#                                    retries; `start NODE` then starts
#                                    Corosync alone (/run kept)
#        sandbox.sh partition NODE   cut NODE off from all other nodes on both
#                                    knet links (its hub-side veths go down:
#                                    no carrier, every packet lost)
#        sandbox.sh heal NODE        undo partition (a link taken down with
#                                    link-down stays down)
#        sandbox.sh link-down NODE LINK  take NODE's interface on knet link
#                                    LINK (0, 1, link0, link1) down
#        sandbox.sh link-up NODE LINK    bring it up again (unless partitioned)
#   partition, heal, link-down and link-up return at once and print nothing;
#   tests wait for the effect: knet sees a link down after its ping timeout
#   (about 1 s; up to about 4.5 s when the link went down less than 10 s
#   before, knet's back-off), corosync a lost node after token + consensus
#   (about 3.6 s with 3 nodes; token is 1000 in corosync.conf).
#   tests/sandbox/NOTES-faults.md has the measurements.
#   NODE is node1..nodeN or 1..N.  Exit codes: 0 ok, 1 error, 125 no
#   sandbox or NODE not running.
#
# Environment:
#   CLUSAPI_SANDBOX_DIR      state directory   (default /run/clusapi-sandbox)
#   CLUSAPI_SANDBOX_PREFIX   namespace prefix  (default clsb)
#   CLUSAPI_SANDBOX_TIMEOUT  seconds `up` and `start` wait (default 90)
#   CLUSAPI_SANDBOX_DC_DEADTIME  dc-deadtime seeded in the CIB (default 2s)
#   CLUSAPI_SANDBOX_KEEP     set to 1 to keep a sandbox whose `up` failed
#   CLUSAPI_SANDBOX_QUIET    set to 1 to silence progress messages
#
# Requires root, iproute2, util-linux (unshare, nsenter), corosync >= 3,
# pacemaker >= 2.1 and pacemaker-cli-utils.
set -euo pipefail

SELF=$(readlink -f -- "${BASH_SOURCE[0]}")
STATE=${CLUSAPI_SANDBOX_DIR:-/run/clusapi-sandbox}
PREFIX=${CLUSAPI_SANDBOX_PREFIX:-clsb}
TIMEOUT=${CLUSAPI_SANDBOX_TIMEOUT:-90}
DC_DEADTIME=${CLUSAPI_SANDBOX_DC_DEADTIME:-2s}
HUB="$PREFIX-hub"
MARKER=.clusapi-sandbox
CLUSTER_NAME=clusapi-sandbox
NET0=192.168.250   # knet link 0, exists only inside the namespaces
NET1=192.168.251   # knet link 1
MAX_NODES=200
SAFE_PATH=/usr/sbin:/usr/bin:/sbin:/bin
UP_NODES=0
COROSYNC_PID=
PACEMAKERD_PID=

# ---------------------------------------------------------------- helpers

say() { [[ ${CLUSAPI_SANDBOX_QUIET:-0} == 1 ]] || printf 'sandbox: %s\n' "$*" >&2; }
die() { printf 'sandbox: error: %s\n' "$*" >&2; exit 1; }

need_root() { [[ $EUID -eq 0 ]] || die "must run as root"; }

need_tools() {
    local t missing=()
    for t in ip unshare nsenter flock setsid corosync corosync-cfgtool pacemakerd crm_mon \
             crmadmin cibadmin; do
        command -v "$t" >/dev/null 2>&1 || missing+=("$t")
    done
    ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (apt-get install -y corosync pacemaker pacemaker-cli-utils iproute2 util-linux)"
}

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }

node_ns()  { echo "$PREFIX-node$1"; }
node_dir() { echo "$STATE/node$1"; }

# Serialise up/down of the same script; the fd is closed for every daemon.
take_lock() { exec 9<"$SELF"; flock 9; }

# Names of this sandbox's network namespaces (nodes first, hub last).
our_namespaces() {
    local list ns hub=0
    # (no `| grep -q` here: with pipefail an early exit of grep can fail the
    # pipeline through SIGPIPE)
    list=$(ip netns list 2>/dev/null | awk '{print $1}') || true
    for ns in $list; do
        if [[ $ns == "$PREFIX"-node* ]]; then
            echo "$ns"
        elif [[ $ns == "$HUB" ]]; then
            hub=1
        fi
    done
    ((hub == 0)) || echo "$HUB"
}

# Host pid of node N's pid 1, if it is alive and still in the node's netns.
node_pid() {
    local n=$1 pid ns
    ns=$(node_ns "$n")
    [[ -r $(node_dir "$n")/init.pid ]] || return 1
    pid=$(<"$(node_dir "$n")/init.pid")
    [[ $pid =~ ^[0-9]+$ && -e /run/netns/$ns ]] || return 1
    [[ $(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null) == "$(stat -L -c %i "/run/netns/$ns" 2>/dev/null)" ]] ||
        return 1
    echo "$pid"
}

# Parse "node3" / "3" into 3 and check that it belongs to the running sandbox.
node_number() {
    local arg=$1 count
    [[ $arg =~ ^(node)?([0-9]+)$ ]] || die "bad node name '$arg' (expected node1..nodeN)"
    count=$(cat "$STATE/nodes" 2>/dev/null || echo 0)
    if ((count == 0)); then
        echo "sandbox: not up (no $STATE/nodes)" >&2
        exit 125
    fi
    ((BASH_REMATCH[2] >= 1 && BASH_REMATCH[2] <= count)) ||
        die "no node '$arg' in the sandbox (nodes: ${count})"
    echo $((10#${BASH_REMATCH[2]}))
}

# Run a command inside node N with a clean environment (for our own checks).
# nsenter -r -w: the node's root and working directories, not the mount
# namespace's / (setns resets both to it), for a sandbox started in a
# chroot (tests/debian-chroot.sh).
node_run() {
    local n=$1 pid
    shift
    pid=$(node_pid "$n") || return 125
    env -i PATH="$SAFE_PATH" LC_ALL=C \
        nsenter -t "$pid" -n -m -p -u -r -w -- "$@"
}

# ---------------------------------------------------------------- down

cmd_down() {
    need_root
    take_lock
    cleanup
}

cleanup() {
    local ns pids tries found=0

    # 1. SIGKILL every process in our network namespaces.  Killing a node's
    #    pid 1 also kills everything in its pid namespace; processes that only
    #    entered the netns (exec) are listed by `ip netns pids` as well.
    for ((tries = 0; tries < 50; tries++)); do
        pids=""
        for ns in $(our_namespaces); do
            pids+=" $(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')"
        done
        [[ -n ${pids// /} ]] || break
        found=1
        # shellcheck disable=SC2086  # word splitting wanted
        kill -9 $pids 2>/dev/null || true
        sleep 0.1
    done
    [[ -z ${pids// /} ]] || say "warning: processes survive SIGKILL:${pids}"
    ((found == 0)) || say "killed sandbox processes"

    # 2. Delete the namespaces (this removes veths and bridges too).
    for ns in $(our_namespaces); do
        ip netns del "$ns" 2>/dev/null || umount -l "/run/netns/$ns" 2>/dev/null || true
        rm -f "/run/netns/$ns" 2>/dev/null || true
        found=1
    done
    # `ip netns add` turns /run/netns into a mount point; drop it when no
    # named namespace is left at all (ip re-creates it on demand).
    if [[ -d /run/netns ]] && [[ -z $(ls -A /run/netns 2>/dev/null) ]]; then
        if mountpoint -q /run/netns; then umount /run/netns 2>/dev/null || true; fi
        mountpoint -q /run/netns || rmdir /run/netns 2>/dev/null || true
    fi

    # 3. Remove the state directory, but only if it is ours.
    if [[ -d $STATE ]]; then
        if [[ -e $STATE/$MARKER ]]; then
            # Nothing may be mounted below it on the host; be careful anyway.
            if grep -qF " $STATE/" /proc/mounts; then
                die "something is mounted below $STATE; not removing it"
            fi
            rm -rf --one-file-system -- "$STATE"
            found=1
        elif [[ -n $(ls -A "$STATE") ]]; then
            die "$STATE exists and is not a sandbox state directory; not touching it"
        else
            rmdir -- "$STATE"
        fi
    fi
    ((found == 0)) || say "sandbox removed"
    return 0
}

# ---------------------------------------------------------------- up

write_corosync_conf() {
    local nodes=$1 file=$2 i
    {
        echo "totem {"
        echo "    version: 2"
        echo "    cluster_name: $CLUSTER_NAME"
        echo "    transport: knet"
        echo "    crypto_cipher: none"
        echo "    crypto_hash: none"
        echo "    token: 1000"
        echo "    interface {"
        echo "        linknumber: 0"
        echo "    }"
        echo "    interface {"
        echo "        linknumber: 1"
        echo "    }"
        echo "}"
        echo "logging {"
        echo "    fileline: off"
        echo "    to_stderr: no"
        echo "    to_logfile: yes"
        echo "    logfile: /var/log/pacemaker/corosync.log"
        echo "    to_syslog: no"
        echo "    timestamp: on"
        echo "}"
        echo "quorum {"
        echo "    provider: corosync_votequorum"
        ((nodes != 2)) || echo "    two_node: 1"
        echo "}"
        echo "nodelist {"
        for ((i = 1; i <= nodes; i++)); do
            echo "    node {"
            echo "        name: node$i"
            echo "        nodeid: $i"
            echo "        ring0_addr: $NET0.$i"
            echo "        ring1_addr: $NET1.$i"
            echo "    }"
        done
        echo "}"
    } >"$file"
}

# The initial CIB: no fencing and a short dc-deadtime so the DC comes up fast.
write_cib() {
    local file=$1
    cibadmin --empty | sed 's|<crm_config/>|<crm_config>\
      <cluster_property_set id="cib-bootstrap-options">\
        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="false"/>\
        <nvpair id="cib-bootstrap-options-dc-deadtime" name="dc-deadtime" value="'"$DC_DEADTIME"'"/>\
        <nvpair id="cib-bootstrap-options-cluster-name" name="cluster-name" value="'"$CLUSTER_NAME"'"/>\
      </cluster_property_set>\
    </crm_config>|' >"$file"
    grep -q dc-deadtime "$file" || die "could not build the initial CIB"
}

prepare_node_dirs() {
    local n=$1 nodes=$2 d
    d=$(node_dir "$n")
    mkdir -p "$d/etc-corosync/uidgid.d" "$d/var-lib-corosync" "$d/log/bundles" \
             "$d/var-lib-pacemaker"/{cib,pengine,blackbox,cores}
    write_corosync_conf "$nodes" "$d/etc-corosync/corosync.conf"
    write_cib "$d/var-lib-pacemaker/cib/cib.xml"
    chmod 600 "$d/var-lib-pacemaker/cib/cib.xml"
    chown -R hacluster:haclient "$d/var-lib-pacemaker" "$d/log"
    chmod 750 "$d/var-lib-pacemaker"/{cib,pengine,blackbox,cores}
    chmod 770 "$d/log" "$d/log/bundles"
}

setup_network() {
    local nodes=$1 i ns
    ip netns add "$HUB"
    ip -n "$HUB" link set lo up
    ip -n "$HUB" link add br0 type bridge
    ip -n "$HUB" link add br1 type bridge
    ip -n "$HUB" link set br0 up
    ip -n "$HUB" link set br1 up
    for ((i = 1; i <= nodes; i++)); do
        ns=$(node_ns "$i")
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip -n "$HUB" link add "n${i}l0" type veth peer name eth0 netns "$ns"
        ip -n "$HUB" link add "n${i}l1" type veth peer name eth1 netns "$ns"
        ip -n "$HUB" link set "n${i}l0" master br0 up
        ip -n "$HUB" link set "n${i}l1" master br1 up
        ip -n "$ns" addr add "$NET0.$i/24" dev eth0
        ip -n "$ns" addr add "$NET1.$i/24" dev eth1
        ip -n "$ns" link set eth0 up
        ip -n "$ns" link set eth1 up
    done
}

# Start node N: its namespaces, mounts, corosync and pacemakerd.  The network
# namespace must exist.  Written as a function so that `start NODE` can reuse it.
start_node() {
    local n=$1 ns d upid pid i
    ns=$(node_ns "$n")
    d=$(node_dir "$n")
    rm -f "$d/init.pid" "$d/unshare.pid"
    # setsid + own stdio: the node outlives this script and never holds the
    # caller's pipes open.  --kill-child: if unshare dies, the node dies.
    setsid env -i PATH="$SAFE_PATH" LC_ALL=C \
        ip netns exec "$ns" \
        unshare --mount --pid --uts --fork --mount-proc --kill-child \
        "$SELF" _init "$n" "$d" \
        </dev/null >>"$d/init.log" 2>&1 9<&- &
    upid=$!
    disown "$upid"   # no "Killed" job report when down kills it
    echo "$upid" >"$d/unshare.pid"
    # The node's pid 1 is unshare's only child.
    for ((i = 0; i < 100; i++)); do
        pid=$(cat "/proc/$upid/task/$upid/children" 2>/dev/null || true)
        if [[ -z $pid ]] && command -v pgrep >/dev/null; then
            pid=$(pgrep -P "$upid" || true)
        fi
        pid=${pid%% *}
        if [[ -n $pid ]]; then
            echo "$pid" >"$d/init.pid"
            return 0
        fi
        kill -0 "$upid" 2>/dev/null || break
        sleep 0.05
    done
    die "node$n did not start (see $d/init.log)"
}

# pid 1 of a node (runs inside the new namespaces).
node_init() {
    local n=$1 d=$2
    NODE=$n
    cd /
    mount --make-rprivate /
    hostname "node$n"
    # Bind mounts first: the tmpfs on /run hides $d when STATE is below /run.
    mount --bind "$d/etc-corosync" /etc/corosync
    mount --bind "$d/var-lib-corosync" /var/lib/corosync
    mount --bind "$d/var-lib-pacemaker" /var/lib/pacemaker
    mount --bind "$d/log" /var/log/pacemaker
    node_boot || exit 1

    # Stay alive as pid 1 and reap orphans: bash collects every exited child
    # (also re-parented ones) in its SIGCHLD handling while it waits.
    # (`||` turns off set -e inside the handlers: a failing command in them
    # must not end pid 1, and the whole node with it.)
    trap 'node_stop' TERM INT
    trap 'restart_pacemakerd || true' USR1
    trap 'node_boot || true' USR2
    SLEEP_PID=
    while :; do
        if [[ -z $SLEEP_PID ]] || ! kill -0 "$SLEEP_PID" 2>/dev/null; then
            sleep 3600 &
            SLEEP_PID=$!
        fi
        wait "$SLEEP_PID" || true
    done
}

# Boot the node's cluster stack: fresh /run and /dev/shm, then corosync and,
# once it answers, pacemakerd.  Runs in pid 1, at start and on SIGUSR2
# (`sandbox.sh start` after `kill`).  Returns non-zero (and logs
# "boot failed") instead of exiting, for the trap.
node_boot() {
    local i m pcmk=0
    BOOTS=$((${BOOTS:-0} + 1))
    if [[ -n ${COROSYNC_PID:-} ]] && kill -0 "$COROSYNC_PID" 2>/dev/null; then
        echo "node$NODE: boot failed: corosync is running"
        return 1
    fi
    # After `stop-corosync` Pacemaker still runs (pacemakerd retries the
    # cluster connection once per second): then start Corosync alone and
    # keep /run and /dev/shm, which Pacemaker uses.
    if [[ -n ${PACEMAKERD_PID:-} ]] && kill -0 "$PACEMAKERD_PID" 2>/dev/null; then
        pcmk=1
    fi
    if ((BOOTS > 1 && pcmk == 0)); then
        # A reboot: drop what the last boot left in the tmpfs mounts.
        for m in /run /dev/shm; do
            umount "$m" 2>/dev/null || umount -l "$m" ||
                { echo "node$NODE: boot failed: umount $m"; return 1; }
        done
    fi
    if ((pcmk == 0)) && ! { mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run &&
           mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm &&
           mkdir -p /run/crm /run/pacemaker /run/resource-agents /run/lock &&
           chown hacluster:haclient /run/crm /run/pacemaker &&
           chmod 750 /run/crm /run/pacemaker; }; then
        echo "node$NODE: boot failed: /run or /dev/shm"
        return 1
    fi

    echo "node$NODE: starting corosync (boot $BOOTS)"
    corosync -f &
    COROSYNC_PID=$!
    # pacemakerd sleeps for seconds between its own connection retries, so
    # wait until corosync answers before starting it.
    for ((i = 0; i < 200; i++)); do
        corosync-cfgtool -s >/dev/null 2>&1 && break
        kill -0 "$COROSYNC_PID" 2>/dev/null ||
            { echo "node$NODE: boot failed: corosync exited"; return 1; }
        sleep 0.05
    done
    ((i < 200)) || { echo "node$NODE: boot failed: corosync does not answer"; return 1; }
    if ((pcmk == 1)); then
        echo "node$NODE: pacemakerd still runs and reconnects by itself (boot $BOOTS)"
        return 0
    fi
    echo "node$NODE: starting pacemakerd (boot $BOOTS)"
    start_pacemakerd
}

start_pacemakerd() {
    PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
        PCMK_debug=no PCMK_blackbox=no pacemakerd -f &
    PACEMAKERD_PID=$!
}

# SIGUSR1 to a node's pid 1 (`kill -USR1 1` inside the node): stop Pacemaker
# cleanly and start it again, Corosync staying up (or, when Corosync is
# gone as well, boot both).  Tests use it when
# pacemakerd 2.1.5 declines to respawn a killed subdaemon ("Not respawning
# ... until cluster returns", a race in its corosync liveness check).
restart_pacemakerd() {
    local i
    # Corosync gone too: pacemakerd 2.1.5 asks Corosync to shut down when a
    # subdaemon fails fatally (the controller, after losing the CIB manager
    # it was not allowed to respawn): boot the whole stack again, as
    # `start` does after `kill`
    if ! kill -0 "${COROSYNC_PID:-x}" 2>/dev/null; then
        echo "corosync is gone too: booting the node's cluster stack again"
        node_boot
        return
    fi
    echo "restarting pacemakerd"
    # under set -e a failing kill (pacemakerd already gone) would end pid 1,
    # and the whole node with it
    kill -TERM "$PACEMAKERD_PID" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$PACEMAKERD_PID" 2>/dev/null || break
        sleep 0.1
    done
    # pacemakerd can hang in its shutdown when a subdaemon it declined to
    # respawn is missing: force what is left.  This runs in the node's own
    # pid namespace, so the names can only match this node's daemons.
    pkill -KILL '^pacemaker' 2>/dev/null || true
    sleep 0.5
    start_pacemakerd
}

# Graceful stop of a node on SIGTERM to its pid 1 (for a future `stop NODE`).
node_stop() {
    local pid i
    for pid in "$PACEMAKERD_PID" "$COROSYNC_PID"; do
        kill -TERM "$pid" 2>/dev/null || continue
        for ((i = 0; i < 600; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    exit 0   # pid 1 exits: the kernel kills what is left in the namespace
}

# Is a process named $2 running in network namespace $1?
daemon_alive() {
    local p comm
    for p in $(ip netns pids "$1" 2>/dev/null); do
        comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
        [[ $comm != "$2" ]] || return 0
    done
    return 1
}

# Cluster readiness seen from node1: every node online, a DC, DC idle.
cluster_ready() {
    local nodes=$1 xml i dc state
    xml=$(node_run 1 crm_mon --output-as=xml 2>/dev/null) || return 1
    grep -q '<current_dc present="true"' <<<"$xml" || return 1
    for ((i = 1; i <= nodes; i++)); do
        grep -Eq "<node name=\"node$i\" [^>]*online=\"true\"" <<<"$xml" || return 1
    done
    dc=$(sed -n 's/.*<current_dc present="true"[^>]* name="\([^"]*\)".*/\1/p' <<<"$xml")
    [[ -n $dc ]] || return 1
    state=$(node_run 1 crmadmin -q -t 2000 -S "$dc" 2>&1) || return 1
    [[ $state == *S_IDLE* ]]
}

show_logs() {
    local i
    for ((i = 1; i <= $1; i++)); do
        show_logs_of "$i"
    done
}

show_logs_of() {
    local d f
    d=$(node_dir "$1")
    for f in init.log log/corosync.log log/pacemaker.log; do
        [[ -s $d/$f ]] || continue
        printf '==== node%s %s (tail) ====\n' "$1" "$f" >&2
        tail -n 25 "$d/$f" >&2
    done
}

cmd_up() {
    local nodes=3 t0 i deadline
    while (($#)); do
        case $1 in
            -n|--nodes) (($# >= 2)) || die "--nodes needs a value"; nodes=$2; shift 2 ;;
            --nodes=*) nodes=${1#--nodes=}; shift ;;
            *) die "up: unknown argument '$1'" ;;
        esac
    done
    if ! [[ $nodes =~ ^[0-9]+$ ]] || ((nodes < 1 || nodes > MAX_NODES)); then
        die "--nodes must be 1..$MAX_NODES"
    fi
    [[ $DC_DEADTIME =~ ^[0-9]+(ms|s|m)?$ ]] ||
        die "CLUSAPI_SANDBOX_DC_DEADTIME must look like 5s or 2000ms"
    need_root
    need_tools
    id hacluster >/dev/null 2>&1 || die "user hacluster missing (is pacemaker installed?)"
    take_lock
    t0=$(now_ms)
    cleanup
    UP_NODES=$nodes
    trap up_failed EXIT

    say "starting $nodes node(s) in $STATE"
    mkdir -p "$STATE"
    chmod 755 "$STATE"
    touch "$STATE/$MARKER"
    echo "$nodes" >"$STATE/nodes"
    for ((i = 1; i <= nodes; i++)); do
        prepare_node_dirs "$i" "$nodes"
    done
    setup_network "$nodes"
    for ((i = 1; i <= nodes; i++)); do
        start_node "$i"
    done

    say "waiting for $nodes node(s) online and an idle DC (timeout ${TIMEOUT}s)"
    deadline=$((t0 + TIMEOUT * 1000))
    until cluster_ready "$nodes"; do
        for ((i = 1; i <= nodes; i++)); do
            node_pid "$i" >/dev/null || die "node$i died during start-up"
            if grep -q 'starting pacemakerd' "$(node_dir "$i")/init.log" &&
                ! daemon_alive "$(node_ns "$i")" pacemakerd; then
                die "pacemakerd on node$i exited during start-up"
            fi
        done
        (($(now_ms) <= deadline)) || die "cluster not ready after ${TIMEOUT}s"
        sleep 0.25
    done
    trap - EXIT
    say "ready: $nodes node(s) online in $(($(now_ms) - t0))ms"
}

# EXIT trap of `up`: print the logs and, unless asked to keep it, remove the
# half-started sandbox so that no daemons are left running.
up_failed() {
    local rc=$?
    trap - EXIT
    show_logs "$UP_NODES"
    if [[ ${CLUSAPI_SANDBOX_KEEP:-0} == 1 ]]; then
        say "up failed; sandbox kept in $STATE (CLUSAPI_SANDBOX_KEEP=1), run '$SELF down' to remove it"
    else
        say "up failed; removing the sandbox (set CLUSAPI_SANDBOX_KEEP=1 to keep it)"
        cleanup || true
    fi
    exit $((rc == 0 ? 1 : rc))
}

# ---------------------------------------------------------------- status / exec

cmd_status() {
    local nodes i up=1 init what d
    nodes=$(cat "$STATE/nodes" 2>/dev/null || echo 0)
    if ! [[ -e $STATE/$MARKER ]] || ((nodes < 1)); then
        echo "sandbox: down"
        return 3
    fi
    for ((i = 1; i <= nodes; i++)); do
        if init=$(node_pid "$i"); then
            what=running
            if ! node_booted "$i"; then
                if [[ -n $(node_daemon_pids "$init" pacemakerd) ]]; then
                    what="corosync stopped"
                else
                    what="killed (no corosync)"
                fi
            fi
            d=$(node_dir "$i")
            [[ ! -e $d/partitioned ]] || what+=", partitioned"
            [[ ! -e $d/link0-down ]] || what+=", link0 down"
            [[ ! -e $d/link1-down ]] || what+=", link1 down"
            echo "node$i: $what ($(node_ns "$i"), init pid $init)"
        else
            echo "node$i: not running"
            ((i != 1)) || up=0
        fi
    done
    if ((up == 0)); then
        echo "sandbox: down (node1 not running; state left in $STATE, run 'down')"
        return 3
    fi
    echo "sandbox: up ($nodes node(s), state $STATE)"
    node_run 1 crm_mon -1 || true
    return 0
}

cmd_exec() {
    local n pid
    (($# >= 2)) || die "usage: $0 exec NODE CMD [ARG...]"
    n=$(node_number "$1")
    shift
    pid=$(node_pid "$n") || { echo "sandbox: node$n is not running" >&2; exit 125; }
    # Keep the caller's environment and, where it exists inside the node,
    # its working directory (setns into a mount namespace resets it to /).
    # shellcheck disable=SC2016  # expanded by the inner shell
    exec nsenter -t "$pid" -n -m -p -u -r -w -- /bin/sh -c \
        'cd "$1" 2>/dev/null || cd /; shift; exec "$@"' sh "$PWD" "$@"
}

# ---------------------------------------------------------------- faults

# Host pids of every process in the pid namespace of node N's pid 1 (the
# node's daemons and whatever `exec` started there, zombies included), except
# pid 1 itself and the `sleep` it waits on.
node_procs() {
    local init=$1 ino p stat rest comm
    ino=$(stat -L -c %i "/proc/$init/ns/pid" 2>/dev/null) || return 0
    for p in $(find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/pid' \
                   -lname "pid:\[$ino\]" 2>/dev/null | cut -d/ -f3); do
        [[ $p != "$init" ]] || continue
        stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue   # gone meanwhile
        comm=${stat#*(}; comm=${comm%)*}
        rest=${stat##*) }            # "S ppid ..."
        rest=${rest#* }
        [[ $comm == sleep && ${rest%% *} == "$init" ]] && continue
        echo "$p"
    done
    return 0
}

# Those of node_procs named $2 (not zombies).
node_daemon_pids() {
    local p comm state
    for p in $(node_procs "$1"); do
        comm=$(cat "/proc/$p/comm" 2>/dev/null) || continue
        [[ $comm == "$2" ]] || continue
        state=$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) || continue
        [[ $state == Z ]] || echo "$p"
    done
}

cmd_kill() {
    local n init pids cs tries
    (($# == 1)) || die "usage: $0 kill NODE"
    need_root
    n=$(node_number "$1")
    take_lock
    init=$(node_pid "$n") || { echo "sandbox: node$n is not running" >&2; exit 125; }
    # The power goes first: the node's own interfaces go down, so it falls
    # silent at once.  (With the interfaces up, its kernel would answer the
    # others' knet packets with ICMP port unreachable once corosync is dead,
    # and knet takes a link down at once on that, instead of after its ping
    # timeout as for a node that is really gone.)  `start` brings them up.
    node_nics "$n" down
    # SIGKILL corosync first, so that even on a fast link it sends nothing
    # more (no CPG leave of a dying daemon), then all the rest; again until
    # nothing is left (pacemakerd may fork in between).  (No SIGSTOP before:
    # nsenter, the parent of what `exec` started on the node, would stop
    # itself with it, for good.)
    for ((tries = 0; tries < 100; tries++)); do
        pids=$(node_procs "$init" | tr '\n' ' ')
        [[ -n ${pids// /} ]] || break
        cs=$(node_daemon_pids "$init" corosync | tr '\n' ' ')
        # shellcheck disable=SC2086  # word splitting wanted
        {
            [[ -z ${cs// /} ]] || kill -KILL $cs
            kill -KILL $pids
        } 2>/dev/null || true
        # gone = reaped by the node's pid 1 (a zombie still counts)
        sleep 0.05
    done
    pids=$(node_procs "$init" | tr '\n' ' ')
    [[ -z ${pids// /} ]] || die "node$n: processes survive SIGKILL: $pids"
    say "node$n killed"
}

# The node's own interfaces eth0 and eth1 (its "power"; partition and
# link-down work on the hub side and are independent of it).
node_nics() {
    local n=$1 state=$2 m
    for m in 0 1; do
        ip -n "$(node_ns "$n")" link set "eth$m" "$state" ||
            die "cannot set eth$m of node$n $state"
    done
}

# Stop Corosync cleanly on node N as `systemctl stop corosync` does
# (corosync-cfgtool -H --force: it leaves the membership with a goodbye),
# Pacemaker staying up; return once corosync is gone.  `start` brings it back.
cmd_stop_corosync() {
    local n init i
    (($# == 1)) || die "usage: $0 stop-corosync NODE"
    need_root
    n=$(node_number "$1")
    take_lock
    init=$(node_pid "$n") || { echo "sandbox: node$n is not running" >&2; exit 125; }
    [[ -n $(node_daemon_pids "$init" corosync) ]] || die "corosync is not running on node$n"
    node_run "$n" corosync-cfgtool -H --force >/dev/null ||
        die "corosync-cfgtool -H failed on node$n"
    for ((i = 0; i < 300; i++)); do
        [[ -n $(node_daemon_pids "$init" corosync) ]] || return 0
        sleep 0.1
    done
    die "corosync on node$n did not stop within 30s"
}

# Is node N's pid 1 running with corosync (not killed)?
node_booted() {
    local init
    init=$(node_pid "$1") || return 1
    [[ -n $(node_daemon_pids "$init" corosync) ]]
}

# Does crm_mon on node $1 show node $2 online (and, if $3 is set, a DC)?
online_seen_from() {
    local xml
    xml=$(node_run "$1" crm_mon --output-as=xml 2>/dev/null) || return 1
    [[ -z ${3:-} ]] || grep -q '<current_dc present="true"' <<<"$xml" || return 1
    grep -Eq "<node name=\"node$2\" [^>]*online=\"true\"" <<<"$xml"
}

cmd_start() {
    local n init d off count i other deadline t0 failed
    (($# == 1)) || die "usage: $0 start NODE"
    need_root
    n=$(node_number "$1")
    d=$(node_dir "$n")
    count=$(<"$STATE/nodes")
    t0=$(now_ms)
    take_lock
    [[ -e /run/netns/$(node_ns "$n") ]] || die "node$n has no network namespace (run 'up' again)"
    off=$(stat -c %s "$d/init.log" 2>/dev/null || echo 0)
    if init=$(node_pid "$n"); then
        [[ -z $(node_daemon_pids "$init" corosync) ]] ||
            die "node$n is running (kill it first)"
        node_nics "$n" up
        # pid 1 boots again (node_boot) on SIGUSR2
        kill -USR2 "$init"
    else
        # its pid 1 is gone too: new mount/pid namespaces in the old netns
        say "node$n has no pid 1 any more: starting it from scratch"
        node_nics "$n" up
        start_node "$n"
    fi
    exec 9<&-   # unlock: the rest only waits
    # another node that runs and is not partitioned, to look at node N from
    # outside
    other=
    for ((i = 1; i <= count; i++)); do
        if ((i == n)) || [[ -e $(node_dir "$i")/partitioned ]]; then continue; fi
        if node_booted "$i"; then other=$i; break; fi
    done
    say "waiting for node$n online${other:+ (seen from node$other too)} (timeout ${TIMEOUT}s)"
    deadline=$((t0 + TIMEOUT * 1000))
    while :; do
        failed=$(tail -c +$((off + 1)) "$d/init.log" 2>/dev/null | grep -m1 'boot failed' || true)
        [[ -z $failed ]] || die "$failed (see $d/init.log)"
        node_pid "$n" >/dev/null || die "node$n died while starting (see $d/init.log)"
        if online_seen_from "$n" "$n" dc && { [[ -z $other ]] || online_seen_from "$other" "$n"; }; then
            break
        fi
        if (($(now_ms) > deadline)); then
            show_logs_of "$n"
            die "node$n not online after ${TIMEOUT}s"
        fi
        sleep 0.25
    done
    say "node$n online in $(($(now_ms) - t0))ms"
}

# Network faults.  Each of a node's knet links goes through its hub-side
# veth n<N>l<M> (bridge br<M>); that veth is up unless the node is
# partitioned or the link was taken down.  Both are kept as flag files so
# that partition/heal and link-down/link-up compose.
apply_links() {
    local n=$1 d m want
    d=$(node_dir "$n")
    for m in 0 1; do
        want=up
        [[ ! -e $d/partitioned && ! -e $d/link$m-down ]] || want=down
        ip -n "$HUB" link set "n${n}l$m" "$want" ||
            die "cannot set n${n}l$m $want in $HUB"
    done
}

link_number() {
    [[ $1 =~ ^(link)?([01])$ ]] || die "bad link '$1' (expected 0, 1, link0 or link1)"
    echo "${BASH_REMATCH[2]}"
}

cmd_net() {
    local cmd=$1 n m d
    shift
    case $cmd in
        partition|heal) (($# == 1)) || die "usage: $0 $cmd NODE" ;;
        *) (($# == 2)) || die "usage: $0 $cmd NODE LINK" ;;
    esac
    need_root
    n=$(node_number "$1")
    [[ $cmd != link-* ]] || m=$(link_number "$2")
    take_lock
    [[ -e /run/netns/$HUB ]] || { echo "sandbox: not up (no $HUB namespace)" >&2; exit 125; }
    d=$(node_dir "$n")
    case $cmd in
        partition) touch "$d/partitioned" ;;
        heal) rm -f "$d/partitioned" ;;
        link-down) touch "$d/link$m-down" ;;
        link-up) rm -f "$d/link$m-down" ;;
    esac
    apply_links "$n"
}

usage() {
    sed -n '/^# Usage:/,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$SELF" >&2
}

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        up) cmd_up "$@" ;;
        down) cmd_down ;;
        status) cmd_status ;;
        exec) cmd_exec "$@" ;;
        kill) cmd_kill "$@" ;;
        start) cmd_start "$@" ;;
        stop-corosync) cmd_stop_corosync "$@" ;;
        partition|heal|link-down|link-up) cmd_net "$cmd" "$@" ;;
        _init) node_init "$@" ;;
        -h|--help|help) usage ;;
        *) usage; exit 1 ;;
    esac
}

main "$@"

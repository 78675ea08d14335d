#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run-alerts.sh - how soon an alert agent runs after a change: `clusapi
# exec` against Pacemaker's own alerts, the same agent for both, in one run
# on a one-node sandbox cluster (its own state directory).  The change is a
# resource started (crm_resource --meta -p target-role -v Started), which
# both report: Pacemaker when the start completes, clusapi when the CIB
# records it.  Each side's delay is from just before the command to the
# agent's first line; the figures are the medians of RUNS starts, and their
# ratio (clusapi / Pacemaker).  Needs root.  By hand, never in make check.
#
# Usage: run-alerts.sh [RUNS]   (default 20)
set -euo pipefail
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$srcdir/build}
runs=${1:-20}
export CLUSAPI_SANDBOX_DIR=${CLUSAPI_SANDBOX_DIR:-/run/clusapi-bench-alerts}
export CLUSAPI_SANDBOX_PREFIX=${CLUSAPI_SANDBOX_PREFIX:-clba}
export CLUSAPI_SANDBOX_QUIET=1
sb=$srcdir/tests/sandbox/sandbox.sh
work=$(mktemp -d /tmp/clusapi-bench-alerts.XXXXXX)
chmod 755 "$work"
trap '"$sb" down >/dev/null 2>&1; rm -rf "$work"' EXIT
on() { "$sb" exec node1 "$@"; }

"$sb" up --nodes 1 >&2
# the agent: its start time (ns), then what the alert is about
cat >"$work/agent" <<'EOF'
#!/bin/sh
echo "$(date +%s%N) $CRM_alert_kind $CRM_alert_rsc $CRM_alert_task $CRM_alert_desc" >>"$CRM_alert_recipient"
EOF
chmod 755 "$work/agent"
: >"$work/pacemaker.log"
: >"$work/clusapi.log"
chmod 666 "$work/pacemaker.log" "$work/clusapi.log"
on cibadmin -C -o configuration -X "<alerts><alert id=\"bench\" path=\"$work/agent\"><recipient id=\"bench-r\" value=\"$work/pacemaker.log\"/></alert></alerts>"
on cibadmin -C -o resources -X '<primitive id="b1" class="ocf" provider="pacemaker" type="Dummy"><meta_attributes id="b1-m"><nvpair id="b1-m-t" name="target-role" value="Stopped"/></meta_attributes></primitive>'
on crm_resource --wait
on "$builddir/clusapi" exec --filter RESOURCE_STATE --recipient "$work/clusapi.log" \
    "$work/agent" 2>"$work/exec.err" &
for _ in $(seq 100); do grep -q '^clusapi: watching$' "$work/exec.err" && break; sleep 0.1; done

# the first line of $1 after line $2 that says b1 started
first_start() { tail -n +"$(($2 + 1))" "$1" | awk '$3 == "b1" && $4 == "start" && tolower($5) == "ok" { print $1; exit }'; }
: >"$work/delays"
for ((i = 1; i <= runs; i++)); do
    np=$(wc -l <"$work/pacemaker.log")
    nc=$(wc -l <"$work/clusapi.log")
    t0=$(date +%s%N)
    on crm_resource -r b1 --meta -p target-role -v Started >/dev/null
    tp='' tc=''
    for _ in $(seq 200); do
        tp=$(first_start "$work/pacemaker.log" "$np")
        tc=$(first_start "$work/clusapi.log" "$nc")
        [ -n "$tp" ] && [ -n "$tc" ] && break
        sleep 0.05
    done
    [ -n "$tp" ] && [ -n "$tc" ] || { echo "run $i: no alert (pacemaker '$tp', clusapi '$tc')" >&2; exit 1; }
    echo "$(( (tp - t0) / 1000 )) $(( (tc - t0) / 1000 ))" >>"$work/delays"
    on crm_resource -r b1 --meta -p target-role -v Stopped >/dev/null
    on crm_resource --wait
    sleep 0.3
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mp=$(cut -d' ' -f1 "$work/delays" | median)
mc=$(cut -d' ' -f2 "$work/delays" | median)
echo "resource start to the alert agent running, median of $runs (µs):"
echo "  Pacemaker alert:  $mp"
echo "  clusapi exec:     $mc"
awk -v p="$mp" -v c="$mc" 'BEGIN { printf "  ratio clusapi / Pacemaker: %.2f\n", c / p }'

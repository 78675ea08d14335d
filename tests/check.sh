#!/bin/bash
# The whole test suite on a fresh machine: installs what is missing, builds,
# then runs every test: unit tests (cmocka) and integration tests against a
# real Corosync + Pacemaker sandbox cluster that the harness starts in Linux
# namespaces and removes afterwards (needs root for the namespaces).
# Then checks the release tarball (make distcheck).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tests/setup.sh"
cd "$top/build"
status=0
make -j"$(nproc)" check || status=$?
if [ $status -ne 0 ]; then
    for f in tests/unit/*.log tests/integration/*.log tests/crmmon/*.log; do
        [ -f "$f" ] || continue
        grep -qE '^(not ok|Bail out)|^ERROR|^FAIL' "$f" && { echo "==== $f"; cat "$f"; }
    done
    exit $status
fi
# the crm_mon corpus of the first build is reused (it is keyed on the
# generator and the Pacemaker version, tests/crmmon/run.sh)
CRMMON_CORPUS="$PWD/tests/crmmon/corpus" \
    make -j"$(nproc)" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-fatal-warnings

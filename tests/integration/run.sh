#!/bin/bash
# Integration tests against a real Corosync + Pacemaker cluster: starts the
# sandbox (tests/sandbox/sandbox.sh) unless one is already up, runs every
# integration test inside node1, and prints one TAP stream (automake's
# tap-driver).  Needs root.  Removes the sandbox it started.
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
sandbox="$srcdir/tests/sandbox/sandbox.sh"
n=0
failed=0
# the library compares its model with a fresh read after every patchset and
# aborts on a mismatch (docs/design.md, "The oracle")
export CLUSAPI_CHECK_MODEL=abort

echo "TAP version 13"
if [ "$(id -u)" -ne 0 ]; then
    echo "Bail out! the integration tests start a sandbox cluster in Linux namespaces: run them as root"
    exit 1
fi
started=0
if ! "$sandbox" status >/dev/null 2>&1; then
    if ! CLUSAPI_SANDBOX_QUIET=1 "$sandbox" up --nodes 1 >&2; then
        echo "Bail out! the sandbox cluster did not start"
        exit 1
    fi
    started=1
fi
trap '[ $started -eq 1 ] && "$sandbox" down >&2' EXIT

# Run one test program inside node1 and renumber its TAP lines.
run_one() {
    local name=$1; shift
    local out status
    echo "# ---- $name"
    out=$("$sandbox" exec node1 env top_srcdir="$srcdir" top_builddir="$builddir" \
          "$@" 2>&1)
    status=$?
    while IFS= read -r line; do
        case "$line" in
            "ok "*|"not ok "*)
                n=$((n + 1))
                local verdict=${line%% [0-9]*}
                local rest=${line#"$verdict "}
                rest=${rest#* }
                echo "$verdict $n $name: $rest"
                [ "$verdict" = "not ok" ] && failed=1
                ;;
            "TAP version"*|1..*) ;;
            *) echo "# $line" ;;
        esac
    done <<< "$out"
    if [ $status -ne 0 ]; then
        n=$((n + 1))
        echo "not ok $n $name: exit status $status"
        failed=1
    fi
}

run_one default-loop "$builddir/tests/integration/test-default-loop"
run_one events "$builddir/tests/integration/test-events"
run_one watch "$srcdir/tests/integration/test-watch.sh"
run_one wait "$srcdir/tests/integration/test-wait.sh"
run_one exec "$srcdir/tests/integration/test-exec.sh"
run_one networks "$builddir/tests/integration/test-networks"
run_one expiry "$builddir/tests/integration/test-expiry"
run_one rules "$builddir/tests/integration/test-rules"
run_one hang "$builddir/tests/integration/test-hang"
run_one schema "$builddir/tests/integration/test-schema"
run_one registry "$builddir/tests/integration/test-registry"
# last: it erases the CIB (and puts the cluster options back)
run_one reread "$builddir/tests/integration/test-reread"
echo "1..$n"
exit $failed

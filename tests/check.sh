#!/bin/bash
# The whole test suite on a fresh machine: installs what is missing, builds,
# then runs every test: unit tests (cmocka), the crm_mon differential test
# and integration tests against a real Corosync + Pacemaker sandbox cluster
# that the harness starts in Linux namespaces and removes afterwards (needs
# root for the namespaces).  Then a one-minute fuzz pass (make fuzz, with
# clang; tests/fuzz/README), and the unit tests under ASan+UBSan and under
# TSan (tests/sanitizers/run.sh).  Then the same build and `make check`
# against the Pacemaker major version this machine does not have, in a
# Debian system made with debootstrap (tests/debian-chroot.sh: Debian 13 with
# Pacemaker 3.0 on a Pacemaker 2 host, Debian 12 with Pacemaker 2.1 on a
# Pacemaker 3 host).  Then checks the release tarball (make distcheck,
# with the tests that need no cluster).
#
# Usage: tests/check.sh [--here-only]
#   --here-only  this machine's make check alone (what debian-chroot.sh runs
#                inside the other system)
# CLUSAPI_OTHER_PACEMAKER=0 leaves out the other version (for a machine
# that cannot run debootstrap); the run then says so on its last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
here_only=0
case "${1:-}" in
    --here-only) here_only=1 ;;
    "") ;;
    *) echo "usage: $0 [--here-only]" >&2; exit 2 ;;
esac

CLUSAPI_SETUP_FUZZ=$((1 - here_only)) "$top/tests/setup.sh"
cd "$top/build"
pcmk=$(pkg-config --modversion pacemaker)
echo "check: Pacemaker $pcmk, Corosync $(corosync -v 2>/dev/null | sed -n "s/.*version '\([^']*\)'.*/\1/p")" >&2
status=0
make -j"$(nproc)" check || status=$?
if [ $status -ne 0 ]; then
    for f in tests/unit/*.log tests/integration/*.log tests/crmmon/*.log \
             tests/fuzz/*.log \
             tests/sandbox/*.log; do
        [ -f "$f" ] || continue
        grep -qE '^(not ok|Bail out)|^ERROR|^FAIL' "$f" && { echo "==== $f"; cat "$f"; }
    done
    exit $status
fi
[ $here_only -eq 1 ] && exit 0

# a bounded libFuzzer pass over the live path of a CIB change, with the
# model's oracle after each step (tests/fuzz/README; make check replayed the
# seed corpus already); FUZZ_TIME seconds, 60 by default
if command -v clang >/dev/null 2>&1; then
    make fuzz FUZZ_TIME="${FUZZ_TIME:-60}"
else
    echo "check: no clang, so no fuzz pass (tests/fuzz/README)" >&2
fi

# the unit tests again under ASan+UBSan (with the crm_mon differential
# test), then under TSan, each in a build directory of its own
# (build-asan, build-tsan; about 1.5 and 0.5 minutes here:
# tests/README.md)
MAKE_JOBS=2 "$top/tests/sanitizers/run.sh" asan
MAKE_JOBS=2 "$top/tests/sanitizers/run.sh" tsan

# the other Pacemaker major version, in a Debian system of its own
other_note=
if [ "${CLUSAPI_OTHER_PACEMAKER:-1}" = 0 ]; then
    other_note="check: only Pacemaker $pcmk was tested (CLUSAPI_OTHER_PACEMAKER=0)"
else
    case $pcmk in
        2.*) other=trixie ;;   # Debian 13: Pacemaker 3.0
        *) other=bookworm ;;   # Debian 12: Pacemaker 2.1
    esac
    echo "check: now the whole suite in Debian $other (tests/debian-chroot.sh)" >&2
    "$top/tests/debian-chroot.sh" "$other" check
fi

# the release tarball: it builds, installs, and its build passes the tests
# that need no cluster (the cluster tests ran above, once each)
make -j"$(nproc)" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-fatal-warnings \
    TESTS='$(DISTCHECK_TESTS)'
[ -z "$other_note" ] || echo "$other_note"

#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The unit tests (tests/unit/*, no cluster, no root) under sanitizers, in a
# build directory of their own beside ./build:
#   run.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer, with
#                 LeakSanitizer; any report fails the test (build-asan)
#   run.sh tsan   ThreadSanitizer, GLib's GMutex/GCond made visible to it
#                 by tests/sanitizers/tsan-glib.c (LD_PRELOAD); a self-test
#                 first checks that the shim hides no race (build-tsan)
# tests/check.sh runs both after the native make check.  Environment:
# CLUSAPI_SAN_BUILDDIR=DIR builds in DIR instead; MAKE_JOBS (default 2).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
kind=${1:-}
jobs=${MAKE_JOBS:-2}
case $kind in
    asan)
        flags="-fsanitize=address,undefined -fno-sanitize-recover=all"
        ;;
    tsan)
        flags="-fsanitize=thread"
        ;;
    *)
        echo "usage: $0 asan|tsan" >&2
        exit 2
        ;;
esac
flags="$flags -fno-omit-frame-pointer -g -O1"
bdir=${CLUSAPI_SAN_BUILDDIR:-$top/build-$kind}
start=$SECONDS

[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh)
mkdir -p "$bdir"
cd "$bdir"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
    "$top/configure" -q --enable-fatal-warnings CFLAGS="$flags" \
        LDFLAGS="${flags%% -fno-omit*}"
fi
# the library, then the test programs only (make check would build the
# cluster tests' programs as well); two runs of make, as `all` is made by
# a make of its own that would race with the test programs' needs (and
# remakes the Makefile first when Makefile.am changed)
make -s -j"$jobs" all
unit=$(make -s -f Makefile -f - print-unit <<'EOF'
print-unit:
	@echo $(UNIT_TESTS)
EOF
)
tests=$unit
if [ "$kind" = asan ]; then
    # the crm_mon differential test too (half a minute under ASan), on the
    # snapshot corpus the native build made (a cache, made there if absent)
    tests="$tests tests/crmmon/run.sh"
    export CRMMON_CORPUS=${CRMMON_CORPUS:-$top/build/tests/crmmon/corpus}
fi
make -s -j"$jobs" $unit $([ "$kind" = asan ] && echo tests/crmmon/test-crmmon)

# common to both: GLib's slice allocator off (its caches look like leaks
# and hide overruns), the house test environment
export G_SLICE=always-malloc G_DEBUG=gc-friendly
if [ "$kind" = asan ]; then
    ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0
    export ASAN_OPTIONS=$ASAN_OPTIONS:detect_stack_use_after_return=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

    log_compiler=
else
    # the shim and its self-test are built here, not by automake: they
    # exist only for this leg
    mkdir -p tests/sanitizers
    cc=$(sed -n 's/^CC = //p' Makefile)
    read -r -a glib <<< "$(pkg-config --cflags --libs glib-2.0)"
    $cc $flags -shared -fPIC -o tests/sanitizers/tsan-glib.so \
        "$top/tests/sanitizers/tsan-glib.c" "${glib[@]}"
    $cc $flags -o tests/sanitizers/tsan-selftest \
        "$top/tests/sanitizers/tsan-selftest.c" "${glib[@]}"
    shim=$bdir/tests/sanitizers/tsan-glib.so
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
    if ! LD_PRELOAD=$shim tests/sanitizers/tsan-selftest locked \
            >tests/sanitizers/selftest.log 2>&1; then
        cat tests/sanitizers/selftest.log
        echo "tsan: a counter under a GMutex was reported as a race" >&2
        exit 1
    fi
    if LD_PRELOAD=$shim tests/sanitizers/tsan-selftest unlocked \
            >tests/sanitizers/selftest.log 2>&1 \
       || ! grep -q 'WARNING: ThreadSanitizer: data race' \
            tests/sanitizers/selftest.log; then
        cat tests/sanitizers/selftest.log
        echo "tsan: a counter without its GMutex was not reported" >&2
        exit 1
    fi
    # libtool's execute mode runs the real program, not its wrapper
    # script, under the preload
    log_compiler="$bdir/libtool --mode=execute env LD_PRELOAD=$shim"
fi

status=0
make -j"$jobs" check-TESTS TESTS="$tests" LOG_COMPILER="$log_compiler" \
    >"$kind-check.log" 2>&1 || status=$?
for f in $tests; do
    f=${f%.sh}
    if grep -qE '^(not ok|Bail out)|^ERROR|^FAIL|Sanitizer|runtime error' \
            "$f.log"; then
        echo "==== $bdir/$f.log"
        cat "$f.log"
        status=1
    fi
done
grep -E '^# (TOTAL|PASS|FAIL|ERROR)' "$kind-check.log" >&2 || true
echo "sanitizers: $kind: $tests: $([ $status -eq 0 ] && echo passed \
    || echo FAILED) in $((SECONDS - start))s" >&2
exit $status

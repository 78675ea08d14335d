#!/bin/bash
# The man pages (docs/man/*.pod, built by make) render without a warning at
# 80 columns: man --warnings prints nothing (TAP).
set -uo pipefail
builddir=${top_builddir:-$(cd "$(dirname "$0")/.." && pwd)/build}
n=0
failed=0
echo "TAP version 13"
if ! command -v man >/dev/null 2>&1; then
    echo "Bail out! man (man-db) is not installed"
    exit 1
fi
for page in "$builddir/docs/man/clusapi.1" "$builddir/docs/man/libclusapi.3" \
    "$builddir/docs/man/ocf_clusapi_notify.7"; do
    n=$((n + 1))
    out=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    if [ -s "$page" ] && [ -z "$out" ]; then
        echo "ok $n - $(basename "$page") renders without warnings"
    else
        echo "not ok $n - $(basename "$page") renders without warnings"
        printf '%s\n' "${out:-missing or empty}" | sed 's/^/# /'
        failed=1
    fi
    # the page says what it documents
    n=$((n + 1))
    if MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q "^NAME"; then
        echo "ok $n - $(basename "$page") has a NAME section"
    else
        echo "not ok $n - $(basename "$page") has a NAME section"
        failed=1
    fi
done
echo "1..$n"
exit $failed

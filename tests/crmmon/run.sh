#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The differential test "library model vs crm_mon" (TAP): generates the CIB
# snapshot corpus with make-corpus.sh into the build tree, then runs
# test-crmmon over it.  The corpus is a cache: it is generated again only
# when make-corpus.sh or the Pacemaker version changes (the key is the
# script's sha256 and `crm_simulate --version`).  Needs no root and no
# cluster.  Environment: CRMMON_KEEP_GOING=1 compares every snapshot instead
# of stopping at the first disagreement (see test-crmmon.c); CRMMON_CORPUS=DIR
# uses DIR as the cache.
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
gen=$srcdir/tests/crmmon/make-corpus.sh
cache=${CRMMON_CORPUS:-$builddir/tests/crmmon/corpus}

for tool in crm_mon crm_simulate cibadmin crm_attribute crm_resource; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "TAP version 13"
        echo "1..0 # SKIP $tool is not installed (Pacemaker command-line tools)"
        exit 0
    fi
done

key="$(sha256sum "$gen" | cut -d' ' -f1) $(crm_simulate --version 2>/dev/null | head -n 1)"
if [ "$(cat "$cache/.key" 2>/dev/null)" != "$key" ]; then
    echo "make-corpus.sh: generating the corpus in $cache" >&2
    rm -rf "$cache.new"
    mkdir -p "$cache.new"
    start=$SECONDS
    if ! bash "$gen" "$cache.new" 2> "$cache.new.log"; then
        echo "TAP version 13"
        echo "Bail out! make-corpus.sh failed (log: $cache.new.log)"
        sed 's/^/# /' "$cache.new.log" | tail -n 40
        exit 1
    fi
    cat "$cache.new.log" >&2
    echo "make-corpus.sh: $((SECONDS - start))s" >&2
    rm -f "$cache.new.log"
    echo "$key" > "$cache.new/.key"
    rm -rf "$cache"
    mv "$cache.new" "$cache"
fi

"$builddir/tests/crmmon/test-crmmon" "$cache"
status=$?
# 77: test-crmmon found no crm_mon and printed "1..0 # SKIP"
[ $status -eq 77 ] && exit 0
exit $status

#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The version has one source, AC_INIT (configure.ac): clusapi.pc, the
# Debian changelog, the RPM spec and `clusapi --version` say the same (TAP).
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
n=0
failed=0
echo "TAP version 13"
want=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$builddir/config.h")
check() { # WHAT VALUE
    n=$((n + 1))
    if [ -n "$want" ] && [ "$2" = "$want" ]; then
        echo "ok $n - $1 says $want"
    else
        echo "not ok $n - $1 says '$2', AC_INIT '$want'"
        failed=1
    fi
}
check "clusapi.pc" "$(sed -n 's/^Version: //p' "$builddir/clusapi.pc")"
check "debian/changelog" \
    "$(sed -n '1s/^[^(]*(\([^)-]*\)[^)]*).*/\1/p' "$srcdir/debian/changelog")"
check "rpm/pcmk-clusapi.spec" \
    "$(sed -n 's/^Version:[[:space:]]*//p' "$srcdir/rpm/pcmk-clusapi.spec")"
check "clusapi --version" \
    "$("$builddir/clusapi" --version 2>/dev/null | sed -n '1s/.* //p')"
echo "1..$n"
exit $failed

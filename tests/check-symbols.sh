#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# debian/libclusapi1.symbols lists exactly the functions of the version
# script src/libclusapi.sym, each at version node CLUSAPI_1.0 (TAP).
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
echo "TAP version 13"
want=$(sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' "$srcdir/src/libclusapi.sym" |
       grep -vx local | sort)
got=$(sed -n 's/^ \([A-Za-z_][A-Za-z0-9_]*\)@CLUSAPI_1\.0 .*/\1/p' \
          "$srcdir/debian/libclusapi1.symbols" | grep -vx CLUSAPI_1.0 | sort)
if [ -n "$want" ] && [ "$want" = "$got" ]; then
    echo "ok 1 - debian/libclusapi1.symbols has the $(echo "$want" | wc -l) functions of src/libclusapi.sym"
else
    echo "not ok 1 - debian/libclusapi1.symbols has the functions of src/libclusapi.sym"
    diff <(echo "$want") <(echo "$got") | sed 's/^/# /'
    echo "1..1"
    exit 1
fi
head -n 1 "$srcdir/debian/libclusapi1.symbols" | grep -qx 'libclusapi.so.1 libclusapi1 #MINVER#'
r=$?
echo "$([ $r -eq 0 ] && echo ok || echo "not ok") 2 - it is the symbols file of libclusapi.so.1 in libclusapi1"
echo "1..2"
exit $r

#!/bin/bash
# ABI checks (TAP): libclusapi exports exactly the symbols of
# src/libclusapi.sym, all versioned CLUSAPI_1.0; the public header compiles
# alone as C11 and as C++, with nothing but the C library.
set -uo pipefail
src=${top_srcdir:?}
build=${top_builddir:?}
lib="$build/.libs/libclusapi.so.1"
n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
echo "TAP version 13"
[ -f "$lib" ]; ok $? "libclusapi.so.1 exists"
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ {sub(/@.*/, "", $3); print $3}' | sort)
listed=$(sed -n 's/^ *\([A-Za-z_][A-Za-z0-9_]*\);$/\1/p' "$src/src/libclusapi.sym" | sort)
[ "$exported" = "$listed" ]; ok $? "exported symbols equal src/libclusapi.sym"
[ "$exported" = "$listed" ] || diff <(echo "$listed") <(echo "$exported") | sed 's/^/# /'
unversioned=$(objdump -T "$lib" | awk '$2 ~ /g/ && $4 == ".text" && $6 != "CLUSAPI_1.0" {print $7}')
[ -z "$unversioned" ]; ok $? "every exported function is in version node CLUSAPI_1.0"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo '#include <clusapi.h>' > "$tmp/h.c"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -I"$src/include" -c "$tmp/h.c" -o "$tmp/h.o"
ok $? "clusapi.h compiles alone as C11"
cp "$tmp/h.c" "$tmp/h.cc"
${CXX:-c++} -std=c++11 -Wall -Wextra -Werror -I"$src/include" -c "$tmp/h.cc" -o "$tmp/hpp.o"
ok $? "clusapi.h compiles alone as C++11"
echo "1..$n"
exit $failed

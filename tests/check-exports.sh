#!/bin/bash
# ABI checks (TAP): libclusapi exports exactly the symbols of
# src/libclusapi.sym, all versioned CLUSAPI_1.0, and they are exactly the
# functions clusapi.h declares; the public header compiles alone as C11 and
# as C++, with nothing but the C library; CLUSTERVERSIONINFO has the
# Windows SDK layout; no test hook is in it.
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
# every CLUSAPI_EXPORT declaration of the header: the name before its "("
declared=$(grep -v '^#' "$src/include/clusapi.h" | tr '\n' ' ' \
    | grep -oE 'CLUSAPI_EXPORT[^;(]*\(' \
    | sed -E 's/.*[ *]([A-Za-z_][A-Za-z0-9_]*) *\($/\1/' | sort)
[ -n "$declared" ] && [ "$declared" = "$listed" ]
ok $? "the functions clusapi.h declares are exactly src/libclusapi.sym"
[ "$declared" = "$listed" ] || diff <(echo "$listed") <(echo "$declared") | sed 's/^/# /'
# the test hooks are in the test build only (libclusapi-testhooks)
! strings "$lib" | grep -E 'CLUSAPI_TEST_|clusapi-test-fault' | sed 's/^/# /' | grep .
ok $? "the shipped library knows no test hook (CLUSAPI_TEST_*)"
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
cat > "$tmp/layout.c" <<'EOC'
#include <stddef.h>
#include <clusapi.h>
#ifdef __cplusplus
#define CHECK(e) static_assert(e, #e)
#else
#define CHECK(e) _Static_assert(e, #e)
#endif
CHECK(sizeof(WCHAR) == 2 && sizeof(DWORD) == 4 && sizeof(WORD) == 2);
CHECK(offsetof(CLUSTERVERSIONINFO, MajorVersion) == 4);
CHECK(offsetof(CLUSTERVERSIONINFO, MinorVersion) == 6);
CHECK(offsetof(CLUSTERVERSIONINFO, BuildNumber) == 8);
CHECK(offsetof(CLUSTERVERSIONINFO, szVendorId) == 10);
CHECK(offsetof(CLUSTERVERSIONINFO, szCSDVersion) == 138);
CHECK(offsetof(CLUSTERVERSIONINFO, dwClusterHighestVersion) == 268);
CHECK(offsetof(CLUSTERVERSIONINFO, dwClusterLowestVersion) == 272);
CHECK(offsetof(CLUSTERVERSIONINFO, dwFlags) == 276);
CHECK(offsetof(CLUSTERVERSIONINFO, dwReserved) == 280);
CHECK(sizeof(CLUSTERVERSIONINFO) == 284);
CHECK(sizeof(CLUSTERVERSIONINFO_NT4) == 268);
CHECK(sizeof(CLUSTERVERSIONINFOA) == 156);
CHECK(CLUSTER_MAKE_VERSION(2, 1) == 0x00020001u);
EOC
${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -I"$src/include" -c "$tmp/layout.c" -o "$tmp/layout.o"
ok $? "CLUSTERVERSIONINFO has the Windows SDK layout (C11)"
cp "$tmp/layout.c" "$tmp/layout.cc"
${CXX:-c++} -std=c++11 -Wall -Wextra -Werror -I"$src/include" -c "$tmp/layout.cc" -o "$tmp/layout-cc.o"
ok $? "CLUSTERVERSIONINFO has the Windows SDK layout (C++11)"
echo "1..$n"
exit $failed

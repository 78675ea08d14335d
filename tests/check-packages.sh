#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The Debian packages as an administrator meets them (TAP): built with
# dpkg-buildpackage from the `make dist` tarball, checked with lintian (no
# error, no warning), installed with apt-get, then used through installed
# files only (the build tree is on no path): the CLI on the sample CIB it
# ships, the man pages, README's example program built with the installed
# pkg-config file, receiving a real event from a sandbox cluster; then
# purged, and
# nothing they installed is left.  Installs into this system: run as root,
# on a machine (or in a chroot, tests/debian-chroot.sh) that is only for
# tests.  Needs dpkg-dev, debhelper and lintian (tests/setup.sh installs
# them).
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
sandbox="$srcdir/tests/sandbox/sandbox.sh"
n=0
failed=0
pkgs=(libclusapi1 libclusapi-dev clusapi-tools)

ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=1
    fi
}
# show the lines of a failed step's output
show() { sed 's/^/# /' "$1" | tail -n "${2:-40}"; }

echo "TAP version 13"
if ! command -v dpkg-buildpackage >/dev/null 2>&1; then
    echo "1..0 # SKIP not a Debian system (no dpkg-buildpackage)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Bail out! installs packages and starts a sandbox cluster: run as root"
    exit 1
fi
for p in "${pkgs[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        echo "Bail out! $p is installed already: this test installs and purges it"
        exit 1
    fi
done
work=$(mktemp -d /tmp/clusapi-pkg.XXXXXX)
started=0
cleanup() {
    [ $started -eq 1 ] && "$sandbox" down >/dev/null 2>&1
    dpkg --purge "${pkgs[@]}" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
# run from make check: the harness's make passes its variables on in
# MAKEFLAGS (TEST_LOGS: every test), which the package build's own make
# would take over its TESTS
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
export CLUSAPI_SANDBOX_DIR=/run/clusapi-sandbox-packages
export CLUSAPI_SANDBOX_PREFIX=clpk

# 1. build from the release tarball
make -C "$builddir" dist-gzip > "$work/dist.log" 2>&1
rc=$?
ok $rc "make dist"
[ $rc -eq 0 ] || { show "$work/dist.log"; echo "1..$n"; exit 1; }
tarball=$(ls -t "$builddir"/pcmk-clusapi-*.tar.gz | head -n 1)
mkdir "$work/src"
tar -xzf "$tarball" -C "$work/src" --strip-components=1
rm -f "$tarball"
version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$work/src/debian/changelog")
(cd "$work/src" && DEB_BUILD_OPTIONS="parallel=$(nproc)" \
     dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1
rc=$?
ok $rc "dpkg-buildpackage -us -uc -b ($version)"
[ $rc -eq 0 ] || { show "$work/build.log" 60; echo "1..$n"; exit 1; }
for p in "${pkgs[@]}"; do
    ls "$work/${p}_${version}_"*.deb >/dev/null 2>&1
    ok $? "$p $version built"
done
grep -E "^PASS: " "$work/build.log" | wc -l | sed 's/^/# unit tests passed in the build: /'

# 2. lintian on what was built: no error, no warning
changes=$(ls "$work"/pcmk-clusapi_"${version}"_*.changes)
lintian --fail-on error,warning --display-info "$changes" > "$work/lintian.log" 2>&1
rc=$?
show "$work/lintian.log"
ok $rc "lintian: no error or warning ($(lintian --version))"

# 3. installed, used through installed files only
apt-get install -y --no-install-recommends "$work"/*.deb > "$work/install.log" 2>&1
rc=$?
ok $rc "apt-get install ./*.deb"
[ $rc -eq 0 ] || { show "$work/install.log"; echo "1..$n"; exit 1; }
dpkg -L "${pkgs[@]}" | sort -u > "$work/files"
clean_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8)
(cd / && "${clean_env[@]}" sh -c 'command -v clusapi') | grep -qx /usr/bin/clusapi
ok $? "clusapi is /usr/bin/clusapi"
(cd / && "${clean_env[@]}" clusapi --version) | grep -qx "clusapi (pcmk-clusapi) $version"
ok $? "clusapi --version says $version"
cib=/usr/share/doc/clusapi-tools/examples/cib.xml
[ -f "$cib" ] || { gunzip -c "$cib.gz" > "$work/cib.xml"; cib=$work/cib.xml; }
(cd / && "${clean_env[@]}" CIB_file="$cib" clusapi state --json) > "$work/state.json" 2>&1
grep -q '"resources"' "$work/state.json"
ok $? "clusapi state --json on the shipped sample CIB"
for page in clusapi libclusapi ocf_clusapi_notify; do
    "${clean_env[@]}" man -w "$page" 2>/dev/null | grep -q '^/usr/share/man/'
    ok $? "man -w $page"
done
# the OCF agent where Pacemaker looks for it, finding the installed clusapi
ra=/usr/lib/ocf/resource.d/clusapi/notify
"${clean_env[@]}" "$ra" meta-data 2>/dev/null | grep -q '<resource-agent name="notify"' &&
    "${clean_env[@]}" OCF_RESKEY_agent=/bin/true "$ra" validate-all
ok $? "$ra: meta-data, and validate-all with the installed clusapi"

[ -e "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libclusapi.la" ]
ok $((! $?)) "no libtool archive installed"

# README's example program, built with the installed pkg-config, gets a
# real event from a sandbox cluster
sed -n '/^<!-- example: watch.c/,/^```$/p' "$srcdir/README.md" | sed '1,2d;$d' \
    > "$work/watch.c"
[ -s "$work/watch.c" ]
ok $? "README.md has the example program"
(cd "$work" && "${clean_env[@]}" sh -c \
    'cc -Wall -Wextra -Werror -o watch watch.c $(pkg-config --cflags --libs clusapi)') \
    > "$work/cc.log" 2>&1
rc=$?
ok $rc "README's example builds with pkg-config --cflags --libs clusapi"
[ $rc -eq 0 ] || show "$work/cc.log"
if [ $rc -eq 0 ] && CLUSAPI_SANDBOX_QUIET=1 "$sandbox" up --nodes 1 >"$work/sandbox.log" 2>&1; then
    started=1
    # ./watch 1: the first event, then it ends; a resource is created until
    # one is heard (the program may still be connecting at the first)
    "$sandbox" exec node1 "${clean_env[@]}" "$work/watch" 1 > "$work/watch.out" 2>&1 &
    ex=$!
    for i in 1 2 3 4 5; do
        "$sandbox" exec node1 cibadmin -C -o resources -X \
            "<primitive id=\"pkgtest$i\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>" \
            > /dev/null 2>&1
        for _ in $(seq 1 30); do kill -0 $ex 2>/dev/null || break; sleep 0.1; done
        kill -0 $ex 2>/dev/null || break
    done
    kill $ex 2>/dev/null
    wait $ex
    rc=$?
    # its first event: RESOURCE_ADDED, or the new resource's RESOURCE_STATE
    # when it subscribed just after the create
    [ $rc -eq 0 ] && grep -qE "^RESOURCE_(ADDED|STATE) pkgtest[1-5]( |$)" "$work/watch.out"
    ok $? "README's example prints an event of a resource created on a real cluster"
    show "$work/watch.out" 5
else
    ok 1 "the sandbox cluster started for README's example"
    show "$work/sandbox.log"
fi

# 4. purged: nothing they installed is left
apt-get purge -y "${pkgs[@]}" > "$work/purge.log" 2>&1
ok $? "apt-get purge"
left=$(while read -r f; do
           [ -f "$f" ] || [ -L "$f" ] && echo "$f"
       done < "$work/files")
[ -z "$left" ]
ok $? "no file of the packages is left"
[ -z "$left" ] || printf '# left: %s\n' $left

echo "1..$n"
exit $failed

#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The RPM packaging (TAP): rpm/pcmk-clusapi.spec's Version is configure.ac's;
# rpmbuild -ba builds the source and binary packages from the `make dist`
# tarball in a private %_topdir (compiling, and running the unit tests of
# %check); each package holds what it should (the library in pcmk-clusapi,
# header, .so link, clusapi.pc and libclusapi(3) in -devel, the command and
# clusapi(1) in -tools, no libtool archive, COPYING as %license); rpmlint
# reports nothing on the spec and the packages but what
# rpm/pcmk-clusapi.rpmlintrc filters, each filter with its reason.
# On Debian the RHEL build dependencies cannot be installed: rpmbuild runs
# with --nodeps, and configure finds the Debian -dev packages through
# pkg-config.  Needs rpm (rpmbuild) and rpmlint; installs nothing, needs
# no root.
set -uo pipefail
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-$srcdir/build}
spec="$srcdir/rpm/pcmk-clusapi.spec"
rpmlintrc="$srcdir/rpm/pcmk-clusapi.rpmlintrc"
# run from make check: the harness's make passes its variables on in
# MAKEFLAGS (TEST_LOGS: every test), which %check's make would take over
# its TESTS
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
n=0
failed=0

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
if ! command -v rpmbuild >/dev/null 2>&1; then
    echo "1..0 # SKIP rpmbuild is not installed"
    exit 0
fi
work=$(mktemp -d /tmp/clusapi-rpm.XXXXXX)
trap 'rm -rf "$work"' EXIT
top="$work/rpmbuild"
mkdir -p "$top/SOURCES" "$work/tmp"

# 1. the spec's version is the release's
version=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
spec_version=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
[ -n "$version" ] && [ "$spec_version" = "$version" ]
ok $? "the spec's Version ($spec_version) is configure.ac's AC_INIT version ($version)"

# 2. the release tarball, out of the build directory at once
make -C "$builddir" dist-gzip > "$work/dist.log" 2>&1
rc=$?
tarball="$builddir/pcmk-clusapi-$version.tar.gz"
[ $rc -eq 0 ] && mv "$tarball" "$top/SOURCES/"
rc=$((rc | $?))
ok $rc "make dist-gzip: pcmk-clusapi-$version.tar.gz, moved out of $builddir"
[ $rc -eq 0 ] || { show "$work/dist.log"; echo "1..$n"; exit 1; }

# 3. rpmbuild -ba, with rpm's own configuration but for two things of
# Fedora's: licenses and documentation in a directory named after the
# package without its version (redhat-rpm-config's %_docdir_fmt), and man
# pages compressed (Debian's brp-compress is run by dash, which has no
# `read -d`, and compresses nothing)
post=$(rpm --eval '%{?__os_install_post}' |
       sed -e 's|^[[:space:]]*\(/[^ ]*/brp-compress\)|bash \1|' -e '/^[[:space:]]*$/d' |
       tr '\n' ';')
echo "# rpmbuild -ba --nodeps: the RHEL build dependencies (BuildRequires) cannot be"
echo "# installed on $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-this system}"); configure finds the Debian -dev packages instead"
rpmbuild -ba --nodeps \
    --define "_topdir $top" \
    --define "_tmppath $work/tmp" \
    --define '_docdir_fmt %%{NAME}' \
    ${post:+--define "__os_install_post $post"} \
    "$spec" > "$work/build.log" 2>&1
rc=$?
ok $rc "rpmbuild -ba --nodeps ($(rpmbuild --version))"
[ $rc -eq 0 ] || { show "$work/build.log" 60; echo "1..$n"; exit 1; }
grep -E '^# (TOTAL|PASS|FAIL|ERROR):' "$work/build.log" | sed 's/^# /# %check: /'
grep -qE '^# PASS: +[1-9]' "$work/build.log" && grep -qE '^# FAIL: +0$' "$work/build.log"
ok $? "%check ran the unit tests and they passed"

release=$(rpm -q --qf '%{RELEASE}\n' --specfile "$spec" 2>/dev/null | head -n 1)
arch=$(rpm --eval '%{_arch}')
libdir=$(rpm --eval '%{_libdir}')
srpm="$top/SRPMS/pcmk-clusapi-$version-$release.src.rpm"
declare -A rpms=(
    [base]="$top/RPMS/$arch/pcmk-clusapi-$version-$release.$arch.rpm"
    [devel]="$top/RPMS/$arch/pcmk-clusapi-devel-$version-$release.$arch.rpm"
    [tools]="$top/RPMS/$arch/pcmk-clusapi-tools-$version-$release.$arch.rpm"
)
[ -f "$srpm" ]
ok $? "source package $(basename "$srpm")"
for p in base devel tools; do
    [ -f "${rpms[$p]}" ]
    ok $? "binary package $(basename "${rpms[$p]}")"
    [ -f "${rpms[$p]}" ] || { echo "1..$n"; exit 1; }
done

# 4. what each package holds (build-id links aside)
for p in base devel tools; do
    rpm -qlp "${rpms[$p]}" | grep -v '^/usr/lib/\.build-id' > "$work/$p.files"
    sed "s/^/# $p: /" "$work/$p.files"
done
# contains FILE-LIST EXPECTED-REGEX...: each regex matches a file, and every
# file matches a regex
holds() {
    local list=$1 re
    shift
    for re in "$@"; do
        grep -qxE "$re" "$list" || { echo "# missing: $re"; return 1; }
    done
    local all
    all=$(printf '%s|' "$@")
    if grep -vxE "(${all%|})" "$list" | sed 's/^/# unexpected: /' | grep .; then
        return 1
    fi
    return 0
}
lib_re="${libdir//./\\.}"
doc=/usr/share/doc/pcmk-clusapi
lic=/usr/share/licenses/pcmk-clusapi
holds "$work/base.files" "$lib_re/libclusapi\.so\.1" "$lib_re/libclusapi\.so\.1\.[0-9.]+" \
    "$doc" "$doc/README\.md" "$doc/mapping\.md" "$lic" "$lic/COPYING"
ok $? "pcmk-clusapi holds libclusapi.so.1*, README.md, mapping.md and COPYING only"
holds "$work/devel.files" /usr/include/clusapi\.h "$lib_re/libclusapi\.so" \
    "$lib_re/pkgconfig/clusapi\.pc" '/usr/share/man/man3/libclusapi\.3(\.gz)?'
ok $? "pcmk-clusapi-devel holds clusapi.h, libclusapi.so, clusapi.pc and libclusapi.3 only"
holds "$work/tools.files" /usr/bin/clusapi '/usr/share/man/man1/clusapi\.1(\.gz)?' \
    /usr/lib/ocf/resource.d/clusapi /usr/lib/ocf/resource.d/clusapi/notify \
    '/usr/share/man/man7/ocf_clusapi_notify\.7(\.gz)?'
ok $? "pcmk-clusapi-tools holds clusapi, clusapi.1, the OCF agent notify and its page only"
rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "${rpms[devel]}" |
    grep -qE "^l[^ ]* $lib_re/libclusapi\.so$"
ok $? "libclusapi.so is a symbolic link (in -devel only)"
! cat "$work"/*.files | grep -E '\.la$|\.a$'
ok $? "no libtool archive or static library in any package"
rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' "${rpms[base]}" |
    grep -qxE "l $lic/COPYING"
ok $? "COPYING is %license"
[ "$(rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' "${rpms[base]}" |
      grep -cxE "d $doc/(README|mapping)\.md")" -eq 2 ]
ok $? "README.md and mapping.md are %doc"
isa=$(rpm --eval '%{?_isa}')
for p in devel tools; do
    rpm -qp --requires "${rpms[$p]}" | grep -qxF "pcmk-clusapi$isa = $version-$release"
    ok $? "pcmk-clusapi-$p requires pcmk-clusapi$isa = $version-$release"
done
rpm -qp --provides "${rpms[base]}" | grep -q '^libclusapi\.so\.1()'
ok $? "pcmk-clusapi provides libclusapi.so.1"
if command -v cpio >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1; then
    mkdir "$work/x"
    for p in base tools; do
        (cd "$work/x" && rpm2cpio "${rpms[$p]}" | cpio -idm --quiet)
    done
    ! readelf -d "$work/x/usr/bin/clusapi" "$work/x$libdir"/libclusapi.so.1 |
        grep -E 'RPATH|RUNPATH' | sed 's/^/# /' | grep .
    ok $? "no RPATH or RUNPATH in clusapi and libclusapi.so.1"
else
    ok 0 "no RPATH or RUNPATH # SKIP cpio or readelf is not installed"
fi

# 5. rpmlint, on the spec and the packages at once (the filters of
# rpm/pcmk-clusapi.rpmlintrc apply across them); CompressExtension "gz":
# Fedora's man page compression, where rpmlint's default expects bz2
if command -v rpmlint >/dev/null 2>&1; then
    printf 'CompressExtension = "gz"\n' > "$work/rpmlint.toml"
    # --ignore-unused-rpmlintrc: rpmlint's tags change between versions
    # (Debian 13's names some of 2.4.0's differently or fixed the bug one
    # filter is for); a filter another version does not need is no error
    rpmlint --ignore-unused-rpmlintrc -c "$work/rpmlint.toml" -r "$rpmlintrc" \
        "$spec" "$srpm" "${rpms[base]}" "${rpms[devel]}" "${rpms[tools]}" \
        > "$work/rpmlint.log" 2>&1
    rc=$?
    sed 's/^/# /' "$work/rpmlint.log"
    [ $rc -eq 0 ] && grep -qE ' 0 errors, 0 warnings' "$work/rpmlint.log"
    ok $? "rpmlint: no error or warning but those rpm/pcmk-clusapi.rpmlintrc filters ($(rpmlint --version 2>/dev/null | head -n 1))"
else
    ok 0 "rpmlint # SKIP rpmlint is not installed"
fi

echo "1..$n"
exit $failed

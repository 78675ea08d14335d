#!/bin/bash
# Installs what pcmk-clusapi needs (apt on Debian/Ubuntu, dnf on RHEL/Fedora)
# when it is missing, then builds the tree in ./build (out of tree).
# Used by tests/demo.sh and tests/check.sh; safe to run again.
# `setup.sh --print-packages` prints the Debian package list and exits
# (tests/debian-chroot.sh installs it into another Debian release).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

debian_pkgs=(build-essential autoconf automake libtool pkg-config perl man-db
             dpkg-dev debhelper lintian rpm rpmlint cpio
             libglib2.0-dev libxml2-dev pacemaker-dev libcpg-dev libquorum-dev
             libcmap-dev libcmocka-dev corosync pacemaker pacemaker-cli-utils
             iproute2 util-linux procps sysvinit-utils hostname
             resource-agents libxml2-utils
             libasan8 libubsan1 libtsan2)
# clang and its libFuzzer runtime (versioned with clang: Debian 12 has clang
# 14, Debian 13 clang 19), for the fuzz pass of tests/check.sh (make fuzz).
# Not in --print-packages, nor with CLUSAPI_SETUP_FUZZ=0 (check.sh
# --here-only: the other release's system runs no fuzz pass).
case $(. /etc/os-release 2>/dev/null; echo "${VERSION_ID:-}") in
    12) debian_fuzz_pkgs=(clang libclang-rt-14-dev) ;;
    13) debian_fuzz_pkgs=(clang libclang-rt-19-dev) ;;
    *) debian_fuzz_pkgs=() ;;
esac
[ "${CLUSAPI_SETUP_FUZZ:-1}" = 0 ] && debian_fuzz_pkgs=()
rhel_pkgs=(gcc gcc-c++ binutils make autoconf automake libtool pkgconf-pkg-config perl-podlators man-db glib2-devel
           libxml2-devel pacemaker-libs-devel corosynclib-devel libcmocka-devel
           corosync pacemaker pacemaker-cli iproute util-linux procps-ng
           resource-agents libxml2 libasan libubsan libtsan clang compiler-rt)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
    if command -v apt-get >/dev/null 2>&1; then
        local missing=()
        for p in "${debian_pkgs[@]}" "${debian_fuzz_pkgs[@]}"; do
            dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
                || missing+=("$p")
        done
        if [ ${#missing[@]} -gt 0 ]; then
            echo "setup: installing ${missing[*]}" >&2
            export DEBIAN_FRONTEND=noninteractive
            as_root apt-get install -y --no-install-recommends "${missing[@]}" \
                || { as_root apt-get update && \
                     as_root apt-get install -y --no-install-recommends "${missing[@]}"; }
        fi
    elif command -v dnf >/dev/null 2>&1; then
        local missing=()
        for p in "${rhel_pkgs[@]}"; do
            rpm -q "$p" >/dev/null 2>&1 || missing+=("$p")
        done
        if [ ${#missing[@]} -gt 0 ]; then
            echo "setup: installing ${missing[*]}" >&2
            as_root dnf install -y "${missing[@]}"
        fi
    else
        echo "setup: neither apt-get nor dnf found; install the packages listed in README.md" >&2
    fi
}

build() {
    cd "$top"
    if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
        ./autogen.sh
    fi
    mkdir -p build
    cd build
    if [ ! -f Makefile ] || [ ../configure -nt Makefile ]; then
        ../configure --enable-fatal-warnings
    fi
    make -j"$(nproc)"
}

if [ "${1:-}" = --print-packages ]; then
    echo "${debian_pkgs[*]}"
    exit 0
fi
install_missing
build

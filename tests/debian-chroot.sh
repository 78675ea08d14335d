#!/bin/bash
# debian-chroot.sh - the build and the whole test suite of this tree inside
# another Debian release, made with debootstrap from the Debian archive:
# pcmk-clusapi against that release's Pacemaker and Corosync, on this
# machine's kernel.  tests/check.sh runs it for the Pacemaker version the
# host does not have (Debian 12 has 2.1.5, Debian 13 has 3.0.0).
#
# Usage: tests/debian-chroot.sh SUITE [check | prepare | shell | clean]
#   SUITE   a Debian release that debootstrap knows: trixie (Debian 13:
#           Pacemaker 3.0, Corosync 3.1.9) or bookworm (Debian 12:
#           Pacemaker 2.1.5, Corosync 3.1.7)
#   check   (the default) copy this tree into the system, then there:
#           tests/check.sh --here-only (autogen, configure, make, make check:
#           unit tests, the crm_mon differential test, the sandbox cluster
#           tests and the fault suite)
#   prepare make the system (or find it cached), nothing else
#   shell   a shell in the system, in the tree the last check left
#   clean   remove the cached system
#
# The system is cached in $CLUSAPI_CHROOT_CACHE/SUITE (default
# /var/cache/pcmk-clusapi/SUITE) with the packages tests/setup.sh lists, and
# made again when that list or the recipe below changes (its .key file).  It is
# entered in a private mount namespace (unshare --mount): what is mounted
# for it (/proc, /sys, /dev, /run) is gone with the namespace, even after a
# crash.  Needs root.
#
# Environment:
#   CLUSAPI_CHROOT_CACHE   cache directory (default /var/cache/pcmk-clusapi)
#   CLUSAPI_DEBIAN_MIRROR  the archive (default http://deb.debian.org/debian)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:?usage: debian-chroot.sh SUITE [check | prepare | shell | clean]}
action=${2:-check}
cache=${CLUSAPI_CHROOT_CACHE:-/var/cache/pcmk-clusapi}
mirror=${CLUSAPI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$cache/$suite
say() { printf 'debian-chroot(%s): %s\n' "$suite" "$*" >&2; }

# rm -rf of a system, never across a mount point (one left by hand: ours
# live in a namespace of their own)
remove() {
    local d
    for d in "$@"; do
        if awk -v d="$d" '$2 == d || index($2, d "/") == 1 { f = 1 } END { exit !f }' \
                /proc/mounts; then
            say "$d has something mounted in it: not removed"
            exit 1
        fi
        rm -rf "$d"
    done
}

[ "$(id -u)" -eq 0 ] || { say "needs root (debootstrap, chroot, namespaces)"; exit 1; }
case $suite in
    *[!a-z]* | "") say "not a Debian release name: $suite"; exit 2 ;;
esac

# the packages, and the key of the cache: bump recipe when make_root
# changes what it makes
recipe=2
packages=$("$top/tests/setup.sh" --print-packages)
key="$suite recipe $recipe: $packages"

make_root() {
    if ! command -v debootstrap >/dev/null 2>&1; then
        say "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            debootstrap >&2 ||
            { apt-get update >&2 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y \
                  --no-install-recommends debootstrap >&2; }
    fi
    say "making the system in $root (debootstrap $suite, Debian archive)"
    remove "$root.new"
    mkdir -p "$cache"
    local start=$SECONDS
    # the base system, then our packages with apt (debootstrap's own
    # resolver does not follow virtual packages, such as lintian's
    # perl-openssl-abi-3)
    if ! debootstrap --variant=minbase "$suite" "$root.new" "$mirror" \
            > "$root.new.log" 2>&1; then
        tail -n 30 "$root.new.log" >&2
        say "debootstrap failed (log: $root.new.log)"
        exit 1
    fi
    # no daemon of the packages starts inside (nothing would stop it)
    printf '#!/bin/sh\nexit 101\n' > "$root.new/usr/sbin/policy-rc.d"
    chmod 755 "$root.new/usr/sbin/policy-rc.d"
    if ! in_root "$root.new" "DEBIAN_FRONTEND=noninteractive apt-get install -y \
            --no-install-recommends $packages" >> "$root.new.log" 2>&1; then
        tail -n 30 "$root.new.log" >&2
        say "installing the packages failed (log: $root.new.log)"
        exit 1
    fi
    in_root "$root.new" "apt-get clean" >> "$root.new.log" 2>&1
    echo "$key" > "$root.new/.clusapi-key"
    remove "$root" "$root.new.log"
    mv "$root.new" "$root"
    say "made in $((SECONDS - start))s"
}

# in_root DIR CMD...: run CMD (a command line for bash) as root in the
# system at DIR.
in_root() {
    unshare --mount --propagation private -- /bin/bash -euc '
        root=$1; shift
        mount --bind "$root" "$root"     # a mount point: the sandbox makes / rprivate
        mount -t proc proc "$root/proc"
        mount --rbind /sys "$root/sys"
        mount --rbind /dev "$root/dev"
        mount -t tmpfs -o mode=0755 tmpfs "$root/run"
        cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
        exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
            /bin/bash -c "$*"' in_root "$@"
}

case $action in
    clean)
        remove "$root" "$root.new" "$root.new.log"
        exit 0
        ;;
    shell)
        [ -d "$root/leg/src" ] || { say "no tree yet: run check first"; exit 1; }
        in_root "$root" "cd /leg/src && exec bash -i"
        exit
        ;;
    check | prepare) ;;
    *) say "unknown action: $action"; exit 2 ;;
esac

if [ "$(cat "$root/.clusapi-key" 2>/dev/null)" != "$key" ]; then
    make_root
fi
[ "$action" = prepare ] && exit 0
say "$(in_root "$root" "dpkg-query -W -f='\${Package} \${Version}, ' pacemaker-dev corosync libqb-dev libglib2.0-dev libxml2-dev")"

# This tree without its builds and generated files: the system's own
# autotools make them again (tests/check.sh runs autogen.sh when configure
# is missing).
remove "$root/leg"
mkdir -p "$root/leg/src"
(cd "$top" && tar -c --exclude=./build --exclude=./.git --exclude=./autom4te.cache \
     --exclude=./configure --exclude=./aclocal.m4 --exclude=./build-aux \
     --exclude=./m4 --exclude='*.o' --exclude='*.lo' --exclude='*.la' \
     --exclude=.libs --exclude=.deps -f - .) | tar -x -C "$root/leg/src"
find "$root/leg/src" -name Makefile.in -delete
in_root "$root" "cd /leg/src && CLUSAPI_SANDBOX_PREFIX=clc tests/check.sh --here-only"

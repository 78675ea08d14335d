#!/bin/sh
# Generate configure and Makefile.in from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf -fi
# automake does not install its TAP driver by itself
for d in /usr/share/automake-*; do
    if [ -f "$d/tap-driver.sh" ]; then
        cp -f "$d/tap-driver.sh" build-aux/
        break
    fi
done

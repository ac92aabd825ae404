#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fetches the upstream Linux source tarball of VERSION from Debian's archive with apt, and the
# host tools that building it (and its LUO selftests) needs. Shared by make-capture.sh (issue 10)
# and the selftest runner (issue 13). Idempotent: a tarball already in DIR is kept, and the apt
# source file is written only when it is missing or different.
#
# usage: conformance/fetch-kernel-source.sh VERSION DIR
#   VERSION  6.19 (the newest 6.19.x Debian has) or an exact upstream version such as 6.19.6
#   DIR      where linux_<ver>.orig.tar.xz (plus Debian's .dsc and .debian.tar.xz) is put
# prints:    the tarball's absolute path on the last line of stdout
#
# What it changes on the host (root, apt):
#   - /etc/apt/sources.list.d/khoemu-kernel-src.sources: deb-src lines ONLY for trixie-backports
#     and sid (newer kernels live there; this host is bookworm). Source entries give apt no binary
#     packages, so nothing installed can be upgraded from them (no pin is needed for that).
#   - apt-get install (from bookworm) of: make gcc flex bison bc libelf-dev libssl-dev cpio
#     xz-utils dpkg-dev gdb qemu-system-x86 (skipped when all are present; SKIP_TOOLS=1 skips).
#   - apt-get update when the source file was (re)written or the Sources index is absent.
set -euo pipefail

VERSION="${1:?usage: fetch-kernel-source.sh VERSION DIR}"
DIR="${2:?usage: fetch-kernel-source.sh VERSION DIR}"
say() { printf 'fetch-kernel-source: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || { say "VERSION must look like 6.19 or 6.19.6, not '$VERSION'"; exit 2; }
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

# a tarball of that version already here: nothing to do
have=$(ls "$DIR"/linux_"$VERSION"*.orig.tar.xz 2>/dev/null | grep -E "/linux_${VERSION//./\\.}(\\.[0-9]+)?\\.orig\\.tar\\.xz$" | sort -V | tail -1 || true)
if [ -n "$have" ]; then
    say "already have $have"
    echo "$have"
    exit 0
fi
[ "$(id -u)" = 0 ] || die "needs root for apt (or put linux_${VERSION}*.orig.tar.xz into $DIR yourself)"

SRC=/etc/apt/sources.list.d/khoemu-kernel-src.sources
WANT='# SPDX-License-Identifier: GPL-2.0-or-later
# written by khoemu conformance/fetch-kernel-source.sh: kernel SOURCE packages only (deb-src)
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie-backports sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
updated=0
if [ ! -f "$SRC" ] || [ "$(cat "$SRC")" != "$WANT" ]; then
    say "writing $SRC (deb-src trixie-backports sid)"
    printf '%s\n' "$WANT" > "$SRC"
    apt-get update -qq >&2
    updated=1
fi
if [ "$updated" = 0 ] && ! apt-cache showsrc linux 2>/dev/null | grep -q '^Version: '; then
    apt-get update -qq >&2
fi

if [ "${SKIP_TOOLS:-0}" != 1 ]; then
    tools="make gcc flex bison bc libelf-dev libssl-dev cpio xz-utils dpkg-dev gdb qemu-system-x86"
    missing=""
    for p in $tools; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
        say "installing from bookworm:$missing"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
    fi
fi

# Debian versions of the `linux` source package whose upstream part is VERSION(.x), newest first
mapfile -t CANDIDATES < <(apt-cache showsrc linux | sed -n 's/^Version: //p' | sort -u \
    | grep -E "^${VERSION//./\\.}(\\.[0-9]+)?-" | sort -rV)
if [ "${#CANDIDATES[@]}" = 0 ]; then
    say "the apt source index (trixie-backports, sid and the host's own suites) has no linux $VERSION; it has:"
    apt-cache showsrc linux | sed -n 's/^Version: /  /p' | sort -uV >&2
    exit 1
fi
# Only the upstream tarball is needed. apt-get fetches it with the .dsc and Debian's packaging;
# a mirror that lacks those two still serves the tarball, so success is the tarball's SHA-256
# being the one in the signed Sources index (apt-get --print-uris states it), not apt's status.
for DEBVER in "${CANDIDATES[@]}"; do
    up="${DEBVER%%-*}"
    tarball="$DIR/linux_${up}.orig.tar.xz"
    want=$(cd "$DIR" && apt-get source --download-only --print-uris -qq "linux=$DEBVER" 2>/dev/null \
        | awk -v f="linux_${up}.orig.tar.xz" '$2 == f {sub(/^SHA256:/, "", $4); print $4}')
    [ -n "$want" ] || { say "linux $DEBVER: no upstream tarball listed"; continue; }
    say "downloading linux $DEBVER's upstream tarball with apt-get source (expect SHA-256 $want)"
    (cd "$DIR" && apt-get source --download-only -qq "linux=$DEBVER" >&2 2>/dev/null) || true
    if [ -f "$tarball" ] && [ "$(sha256sum "$tarball" | cut -d' ' -f1)" = "$want" ]; then
        say "got $tarball ($(du -h "$tarball" | cut -f1)), sha256 $want"
        echo "$tarball"
        exit 0
    fi
    rm -f "$tarball"
    say "linux $DEBVER: the archive did not serve its upstream tarball; trying an older $VERSION"
done
die "no linux $VERSION upstream tarball could be fetched from Debian's archive"

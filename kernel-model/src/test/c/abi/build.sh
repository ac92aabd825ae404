#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the ABI layout oracles: build.sh <out-dir>. One program per profile (<profile>.c),
# each printing gcc's sizeof/offsetof for every struct and field of that profile.
# build.sh <out-dir> <src-dir> builds every <src-dir>/*.c the same way (other C oracles).
set -euo pipefail
src=$(cd "${2:-$(dirname "$0")}" && pwd)
out=${1:?usage: build.sh <out-dir> [<src-dir>]}
CC=${CC:-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "khoemu abi oracle build: '$CC' not found; install gcc (apt-get install gcc)" >&2
    exit 1
fi
mkdir -p "$out"
for c in "$src"/*.c; do
    name=$(basename "$c" .c)
    "$CC" -O0 -std=gnu11 -Wall -Werror -I"$src" -o "$out/$name" "$c"
done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the C baseline of the benchmarks: build.sh <resource-dir>
# Writes <resource-dir>/libkhoemubench.so, which JNA finds on the class path.
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh <resource-dir>}
CC=${CC:-gcc}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "khoemu bench build: '$CC' not found; install gcc (apt-get install gcc) to build the C baseline" >&2
    exit 1
fi
mkdir -p "$out"
"$CC" -O2 -std=gnu11 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
    -o "$out/libkhoemubench.so" "$src/luo_bench.c"

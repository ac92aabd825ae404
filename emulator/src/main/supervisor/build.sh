#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds khoemu-supervise (a host program, not guest code): build.sh <resource-dir>
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh <resource-dir>}
CC=${CC:-gcc}
command -v "$CC" >/dev/null 2>&1 || { echo "khoemu supervisor build: '$CC' not found; install gcc" >&2; exit 1; }
mkdir -p "$out"
"$CC" -O2 -std=gnu11 -Wall -Werror -o "$out/khoemu-supervise" "$src/khoemu-supervise.c"

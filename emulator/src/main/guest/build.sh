#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the guest programs into flat binaries: build.sh <resource-dir> <work-dir>
# For each program it writes <name>.bin (the flat image, entry at offset 0) and <name>.insn
# (hex offsets of every instruction, from objdump, so the host can count executed
# instructions per translated block without a code hook).
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh <resource-dir> <work-dir>}
work=${2:?usage: build.sh <resource-dir> <work-dir>}
CC=${CC:-gcc}
for tool in "$CC" objcopy objdump cmp; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "khoemu guest build: '$tool' not found; install gcc and binutils (apt-get install gcc binutils) to build the guest code" >&2
        exit 1
    fi
done
mkdir -p "$out" "$work"
CFLAGS=(-O2 -std=gnu11 -Wall -Werror -ffreestanding -nostdlib -fno-stack-protector -mno-red-zone
        -fpie -fvisibility=hidden -mgeneral-regs-only -fno-asynchronous-unwind-tables
        -fno-jump-tables -fcf-protection=none -fno-builtin)
LDFLAGS=(-static -nostdlib -no-pie -Wl,--build-id=none -Wl,-T,"$src/guest.ld" -Wl,--no-warn-rwx-segments)

# link <name> <stage-id> <base> <sources...>
link() {
    local name=$1 stage=$2 base=$3
    shift 3
    "$CC" "${CFLAGS[@]}" -DSTAGE_ID="$stage" -I"$src" "${LDFLAGS[@]}" -Wl,--defsym=__base="$base" \
        -o "$work/$name.$base.elf" "$@"
    objcopy -O binary "$work/$name.$base.elf" "$work/$name.$base.bin"
}

# program <name> <stage-id> <sources...>
program() {
    local name=$1 stage=$2
    shift 2
    local files=()
    for f in "$@"; do files+=("$src/$f"); done
    link "$name" "$stage" 0 "${files[@]}"
    link "$name" "$stage" 0x40000000 "${files[@]}"
    if ! cmp -s "$work/$name.0.bin" "$work/$name.0x40000000.bin"; then
        echo "khoemu guest build: $name is not position independent (its image depends on the load address)" >&2
        exit 1
    fi
    cp "$work/$name.0.bin" "$out/$name.bin"
    objdump -d --no-show-raw-insn -j .text "$work/$name.0.elf" \
        | awk '/^ *[0-9a-f]+:\t/ { sub(":", "", $1); print $1 }' > "$out/$name.insn"
    if [ ! -s "$out/$name.insn" ]; then
        echo "khoemu guest build: no instructions found in $name" >&2
        exit 1
    fi
}

program relocate 0 relocate.S
program purgatory 1 start.S purgatory.c sha256.c lib.c
program entry 2 start.S entry.c lib.c

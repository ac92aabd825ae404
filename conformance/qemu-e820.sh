#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The e820 map that QEMU's pc machine with its SeaBIOS gives a guest of each RAM size, as
# SeaBIOS prints it on its debug console (port 0x402). No guest kernel is needed: SeaBIOS
# builds the map and prints it before it looks for a boot disk. The output is the oracle of
# QemuFirmwareMapTest (emulator/src/test/resources/org/khoemu/emu/qemu-e820.txt).
#
# usage: conformance/qemu-e820.sh [SIZE_MIB...]   (default: 64 256 1024 2048 3072 3583)
set -euo pipefail
QEMU="${QEMU:-qemu-system-x86_64}"
command -v "$QEMU" >/dev/null || { echo "qemu-e820: $QEMU not found (apt-get install qemu-system-x86)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "# $("$QEMU" --version | head -1); machine pc; SeaBIOS debug console"
for m in "${@:-64 256 1024 2048 3072 3583}"; do
    timeout 5 "$QEMU" -nodefaults -display none -machine pc -m "$m" \
        -chardev file,id=dbg,path="$WORK/$m.log" -device isa-debugcon,iobase=0x402,chardev=dbg 2>/dev/null || true
    echo "-m $m"
    awk '/^e820 map has/ {on = 1; next} on && /^ +[0-9]+: / {print; next} on {exit}' "$WORK/$m.log"
done

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Makes the ELF core fixtures with QEMU's own dump-guest-memory; they go into the test
# resources, so the test suite never needs QEMU.
#  qemu-2m: a PC with 2 MiB of RAM whose "BIOS" is 64 KiB of our own real-mode code (cli, loads
#    of known values into eax..edi, one store of eax at 0x500, hlt), plus a 4 KiB pattern put at
#    0x10000 by the generic loader device; the monitor's `info registers` is kept beside it
#    (ElfCoreTest).
#  qemu-handover: a PC with 64 MiB whose RAM above 1 MiB is a khoemu handover (khoemu run --ram
#    64M --sessions 2 --files-per-session 1 --memfd-size 4K --abi v6.19, loaded by the loader
#    device) and whose BIOS code leaves ESI = that handover's boot_params, as at a kernel entry
#    (QemuHandoverElfTest: inspect and resume read it with no option).
#
# usage: conformance/make-elf-fixture.sh [OUTDIR]   (default: the test resources directory)
# needs: qemu-system-x86 (Debian), gzip, python3 is not needed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/emulator/src/test/resources/org/khoemu/emu/dump}"
QEMU="${QEMU:-qemu-system-x86_64}"
command -v "$QEMU" >/dev/null || { echo "make-elf-fixture: $QEMU not found (apt-get install qemu-system-x86)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The BIOS image: 64 KiB of 0xf4 (hlt), mapped by QEMU at 0xffff0000 and executed from the reset
# vector at offset 0xfff0 in real mode (CS base 0xffff0000, DS base 0).
head -c 65536 /dev/zero | tr '\0' '\364' > "$WORK/bios.bin"
code() { printf "$2" | dd of="$WORK/bios.bin" bs=1 seek=$(($1)) conv=notrunc status=none; }
# at 0xff00: cli; mov eax,0x12345678; mov ebx,0x9abcdef0; mov ecx,0x0badf00d; mov edx,0xfeedface;
#            mov esi,0x00c0ffee; mov edi,0x51deb00c; mov ebp,0x0000beef; mov [0x500],eax; hlt; jmp $-1
code 0xff00 '\xfa\x66\xb8\x78\x56\x34\x12\x66\xbb\xf0\xde\xbc\x9a\x66\xb9\x0d\xf0\xad\x0b'
code 0xff13 '\x66\xba\xce\xfa\xed\xfe\x66\xbe\xee\xff\xc0\x00\x66\xbf\x0c\xb0\xde\x51'
code 0xff25 '\x66\xbd\xef\xbe\x00\x00\x66\xa3\x00\x05\xf4\xeb\xfd'
# the reset vector: jmp near 0xff00 (e9 rel16; rel = 0xff00 - 0xfff3)
code 0xfff0 '\xe9\x0d\xff'

# The pattern: byte i of the 4 KiB page is (i * 7 + 3) & 0xff, written with printf only.
: > "$WORK/pattern.bin"
for ((i = 0; i < 4096; i++)); do printf "\\$(printf %03o $(((i * 7 + 3) & 255)))"; done > "$WORK/pattern.bin"

mkdir -p "$OUT"
{
    sleep 2
    echo "info registers"
    echo "dump-guest-memory $WORK/qemu-2m.elf"
    sleep 1
    echo "quit"
} | "$QEMU" -nodefaults -display none -machine pc -cpu qemu64 -m 2 -bios "$WORK/bios.bin" \
    -device loader,file="$WORK/pattern.bin",addr=0x10000,force-raw=on \
    -monitor stdio > "$WORK/monitor.txt"

# keep the register block only (the monitor echoes its prompt and commands with escape codes)
tr -d '\r' < "$WORK/monitor.txt" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -a -E '^(RAX|RSI|R8 |R12|RIP|ES |CS |SS |DS |FS |GS |LDT|TR |GDT|IDT|CR0|DR[0-7]|EFER|FCW|FPR|XMM|EAX|ESI|EIP)' \
    > "$OUT/qemu-2m.registers.txt" || true
[ -s "$OUT/qemu-2m.registers.txt" ] || { echo "make-elf-fixture: no 'info registers' output" >&2; cat "$WORK/monitor.txt" >&2; exit 1; }
gzip -9n < "$WORK/qemu-2m.elf" > "$OUT/qemu-2m.elf.gz"

# the handover: khoemu's own, written as raw RAM; its low megabyte is empty (the BIOS lives there)
"$ROOT/khoemu" run --ram 64M --sessions 2 --files-per-session 1 --memfd-size 4K --abi v6.19 --out "$WORK/h" >/dev/null
RSI=$(sed -n 's/.*"rsi": "\(0x[0-9a-f]*\)".*/\1/p' "$WORK/h/handover.img.json")
[ "$(head -c 1048576 "$WORK/h/handover.img" | tr -d '\0' | wc -c)" -eq 0 ] || { echo "low MiB not empty" >&2; exit 1; }
tail -c +1048577 "$WORK/h/handover.img" > "$WORK/high.bin"
# the BIOS: mov esi, RSI; hlt
head -c 65536 /dev/zero | tr '\0' '\364' > "$WORK/bios2.bin"
le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
printf "\xfa\x66\xbe$(le32 $((RSI)))\xf4\xeb\xfd" | dd of="$WORK/bios2.bin" bs=1 seek=$((0xff00)) conv=notrunc status=none
printf '\xe9\x0d\xff' | dd of="$WORK/bios2.bin" bs=1 seek=$((0xfff0)) conv=notrunc status=none
{
    sleep 2
    echo "dump-guest-memory $WORK/qemu-handover.elf"
    sleep 2
    echo "quit"
} | "$QEMU" -nodefaults -display none -machine pc -cpu qemu64 -m 64 -bios "$WORK/bios2.bin" \
    -device loader,file="$WORK/high.bin",addr=0x100000,force-raw=on -monitor stdio > /dev/null
gzip -9n < "$WORK/qemu-handover.elf" > "$OUT/qemu-handover.elf.gz"
cp "$WORK/h/report.json" "$OUT/qemu-handover.report.json"
echo "wrote $OUT/qemu-handover.elf.gz ($(stat -c %s "$OUT/qemu-handover.elf.gz") bytes; boot_params $RSI)"
echo "wrote $OUT/qemu-2m.elf.gz ($(stat -c %s "$OUT/qemu-2m.elf.gz") bytes, ELF $(stat -c %s "$WORK/qemu-2m.elf") bytes)"
echo "wrote $OUT/qemu-2m.registers.txt"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Re-makes a real-kernel capture and compares it with khoemu (see conformance/README.md):
# builds the tinyconfig kernel with the KHO/LUO options from a kernel source tarball, a static
# workload (/init) and an initramfs, boots it in QEMU, attaches gdb once kernel A's workload has
# loaded kernel B, stops the guest at kernel B's 64-bit entry, saves all RAM with the monitor's
# pmemsave and an ELF core with dump-guest-memory, cuts the handover out into handover.pages
# (the shared captures' format) with a capture.json beside them, then runs khoemu inspect,
# resume and compare against khoemu's run of the same workload.
#
# usage: conformance/make-capture.sh TARBALL [OUTDIR]
#   TARBALL  linux_<ver>.orig.tar.xz, e.g. from conformance/fetch-kernel-source.sh 6.19.6 DIR
#   OUTDIR   default /tmp/khocap-out; outside the repository (refused inside: 3.5 GiB with the build tree)
# env: JOBS (make -j, default nproc), RAM_MIB (1024), SESSIONS (3), SEED (1), MEMFD_SIZE (65536),
#      KBUILD (the kernel build tree, default OUTDIR/work/linux; reused when its bzImage exists),
#      GDB_PORT (default a free-looking port in 20000..39999).
# needs: make gcc flex bison bc libelf-dev cpio gzip python3 qemu-system-x86 gdb java, and this
#        checkout of khoemu (./khoemu builds its jar). fetch-kernel-source.sh installs the tools.
# prints: the time of each stage, and writes OUTDIR/times.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARBALL="${1:?usage: make-capture.sh TARBALL [OUTDIR]}"
OUT="$(realpath -m "${2:-/tmp/khocap-out}")"
case "$OUT/" in "$ROOT"/*) echo "make-capture: $OUT is inside the repository; give an OUTDIR outside it" >&2; exit 2 ;; esac
mkdir -p "$OUT"
JOBS="${JOBS:-$(nproc)}"
RAM_MIB="${RAM_MIB:-1024}"
SESSIONS="${SESSIONS:-3}"
SEED="${SEED:-1}"
MEMFD_SIZE="${MEMFD_SIZE:-65536}"
WORK="$OUT/work"
KBUILD="${KBUILD:-$WORK/linux}"
GDB_PORT="${GDB_PORT:-$(( 20000 + RANDOM % 20000 ))}"
CMDLINE_B="console=ttyS0 liveupdate=on panic=-1 kho=on"
OPTIONS="KEXEC_FILE RELOCATABLE KEXEC_HANDOVER KEXEC_HANDOVER_DEBUG KEXEC_HANDOVER_DEBUGFS
KEXEC_HANDOVER_ENABLE_DEFAULT LIVEUPDATE MEMFD_CREATE TMPFS SHMEM"
say() { printf 'make-capture: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
stamp() { date +%s; }
TIMES="$OUT/times.txt"
timed() { printf '%-28s %5d s\n' "$1" "$2" | tee -a "$TIMES" >&2; }

for t in make gcc flex bison bc cpio gzip python3 qemu-system-x86_64 gdb java; do
    command -v "$t" >/dev/null || die "$t not found (conformance/fetch-kernel-source.sh installs the tools)"
done
[ -f "$TARBALL" ] || die "$TARBALL: no such file"
mkdir -p "$WORK"
: > "$TIMES"
T0=$(stamp)

# 1. the kernel: tinyconfig + what KHO and LUO need, and a console, an initramfs and ELF binaries
BZ="$KBUILD/arch/x86/boot/bzImage"
if [ ! -f "$BZ" ]; then
    T=$(stamp)
    if [ ! -f "$KBUILD/Makefile" ]; then
        say "extracting $TARBALL into $KBUILD"
        rm -rf "$KBUILD" && mkdir -p "$KBUILD"
        tar -xf "$TARBALL" -C "$KBUILD" --strip-components=1
    fi
    timed extract $(( $(stamp) - T ))
    T=$(stamp)
    cd "$KBUILD"
    make -s ARCH=x86_64 tinyconfig
    ./scripts/config --enable 64BIT --enable PRINTK --enable TTY --enable SERIAL_8250 --enable SERIAL_8250_CONSOLE \
        --enable BLK_DEV_INITRD --enable RD_GZIP --enable BINFMT_ELF --enable DEVTMPFS --enable PROC_FS --enable SYSFS \
        --enable RANDOMIZE_BASE $(for o in $OPTIONS; do printf -- '--enable %s ' "$o"; done)
    make -s ARCH=x86_64 olddefconfig
    for o in $OPTIONS PRINTK SERIAL_8250_CONSOLE BLK_DEV_INITRD BINFMT_ELF DEVTMPFS; do
        grep -q "^CONFIG_$o=y" .config || die "CONFIG_$o did not stay on after olddefconfig (a dependency is missing)"
    done
    say "building bzImage with -j$JOBS"
    make -s ARCH=x86_64 -j"$JOBS" bzImage
    cd - >/dev/null
    timed "configure + build bzImage" $(( $(stamp) - T ))
fi
# the uAPI headers, exported into the tree's usr/include (`make headers`; headers_install needs rsync)
[ -f "$KBUILD/usr/include/linux/liveupdate.h" ] || make -s -C "$KBUILD" ARCH=x86_64 headers
KVER=$(make -s -C "$KBUILD" kernelversion)

# 2. the workload and the initramfs (the same bzImage is kernel B)
T=$(stamp)
rm -rf "$WORK/initramfs" && mkdir -p "$WORK/initramfs/dev" "$WORK/initramfs/data"
gcc -static -O2 -isystem "$KBUILD/usr/include" -DSESSIONS="$SESSIONS" -DCMDLINE="\"$CMDLINE_B\"" \
    -o "$WORK/initramfs/init" "$ROOT/conformance/workload/luo_workload.c"
"$ROOT/khoemu" --version >/dev/null    # builds the jar when needed
java -cp "$ROOT/emulator/target/khoemu.jar" "$ROOT/conformance/workload/WorkloadFiles.java" \
    "$WORK/initramfs/data" "$SESSIONS" "$SEED" "$MEMFD_SIZE" > "$OUT/contents.txt"
cp "$BZ" "$WORK/initramfs/bzImage"
(cd "$WORK/initramfs" && find . | cpio -o -H newc --quiet | gzip -9n) > "$WORK/initramfs.cpio.gz"
timed "workload + initramfs" $(( $(stamp) - T ))

# 3. QEMU. The workload loads kernel B with KEXEC_FILE_DEBUG, so kernel A logs where the bzImage
#    loader put B ("Loaded 64bit kernel at 0x..."), then waits for a line on the console. Only
#    then is gdb attached, with a hardware breakpoint at that address + 0x200 (the 64-bit entry,
#    identity-mapped there), and the workload told to go on into the reboot.
T=$(stamp)
RAM_BYTES=$(( RAM_MIB << 20 ))
rm -f "$WORK/serial.log" "$WORK/con.sock" "$WORK/mon.sock" "$OUT/ram.bin" "$OUT/ram.elf" "$OUT/gdb.txt"
say "booting kernel A in QEMU (-m ${RAM_MIB}M -smp 2, gdb on 127.0.0.1:$GDB_PORT)"
# QEMU runs in OUTDIR so the monitor's pmemsave can take a relative file name: HMP reads the
# size as an expression, and a following absolute path's '/' would be taken for a division
(cd "$OUT" && exec qemu-system-x86_64 -nodefaults -display none -machine pc -m "$RAM_MIB" -smp 2 \
    -kernel "$BZ" -initrd "$WORK/initramfs.cpio.gz" -append "$CMDLINE_B rdinit=/init" \
    -chardev socket,id=con,path="$WORK/con.sock",server=on,wait=off,logfile="$WORK/serial.log" -serial chardev:con \
    -monitor unix:"$WORK/mon.sock",server=on,wait=off -gdb tcp:127.0.0.1:"$GDB_PORT") &
QPID=$!
GPID=
trap 'kill $QPID 2>/dev/null || true; [ -z "$GPID" ] || kill $GPID 2>/dev/null || true' EXIT
for _ in $(seq 1200); do
    grep -q "khocap: kernel B loaded" "$WORK/serial.log" 2>/dev/null && break
    kill -0 $QPID 2>/dev/null || break
    sleep 0.1
done
grep -q "khocap: kernel B loaded" "$WORK/serial.log" 2>/dev/null \
    || { cat "$WORK/serial.log" >&2 2>/dev/null; die "kernel A's workload did not load kernel B within 120 s"; }
LOAD=$(sed -n 's/.*Loaded 64bit kernel at 0x\([0-9a-f]*\).*/\1/p' "$WORK/serial.log" | tail -1)
[ -n "$LOAD" ] || die "no 'Loaded 64bit kernel at' line in the serial log (the loader's KEXEC_FILE_DEBUG output)"
ENTRY=$(printf '0x%x' $(( 0x$LOAD + 0x200 )))
say "kernel B loaded at 0x$LOAD; breaking at its 64-bit entry $ENTRY"
gdb -q -batch -nx -ex "set pagination off" -ex "set remotetimeout 600" -ex "set architecture i386:x86-64" \
    -ex "target remote 127.0.0.1:$GDB_PORT" -ex "hbreak *$ENTRY" -ex continue \
    -ex "info registers rsi rip rsp" -ex "monitor pmemsave 0 $RAM_BYTES ram.bin" \
    -ex "monitor dump-guest-memory ram.elf" -ex kill > "$OUT/gdb.txt" 2>&1 &
GPID=$!
for _ in $(seq 300); do grep -q "breakpoint 1 at" "$OUT/gdb.txt" && break; sleep 0.1; done
grep -q "breakpoint 1 at" "$OUT/gdb.txt" || { cat "$OUT/gdb.txt" >&2; die "gdb did not set its breakpoint"; }
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"go\n"); s.close()' \
    "$WORK/con.sock"
for _ in $(seq 3000); do kill -0 $GPID 2>/dev/null || break; sleep 0.1; done
kill -0 $GPID 2>/dev/null && die "gdb did not finish within 300 s (see $OUT/gdb.txt)"
GPID=
RSI=$(awk '$1 == "rsi" {print $2}' "$OUT/gdb.txt")
RIP=$(awk '$1 == "rip" {print $2}' "$OUT/gdb.txt")
RSP=$(awk '$1 == "rsp" {print $2}' "$OUT/gdb.txt")
[ "$RIP" = "$ENTRY" ] && [ -n "$RSI" ] && [ -s "$OUT/ram.bin" ] && [ -s "$OUT/ram.elf" ] \
    || { cat "$OUT/gdb.txt" >&2; die "the guest did not stop at kernel B's entry $ENTRY with both dumps written"; }
cp "$WORK/serial.log" "$OUT/serial.log"
timed "QEMU boot, kexec, dumps" $(( $(stamp) - T ))
say "stopped at kernel B's entry: RSI (boot_params) $RSI"

# what the capture is, for khoemu: RAM size and registers (read for a .pages file; an ELF core
# has its own) and the workload's sessions, which resume checks what kernel B retrieved against
python3 - "$OUT/capture.json" <<EOF
import json, sys
sessions = []
for line in open("$OUT/contents.txt"):
    name, _, token, _, sha = line.split()
    sessions.append({"name": name, "files": [{"token": token, "compatible": "memfd-v1",
                                              "size": $MEMFD_SIZE, "sha256": sha}]})
json.dump({
    "what": "RAM of a real Linux $KVER KHO + LUO live update at the instant kernel B is entered (conformance/make-capture.sh)",
    "kernel": {"version": "$KVER", "source": "$(basename "$TARBALL")",
               "sha256_of_tarball": "$(sha256sum "$TARBALL" | cut -d' ' -f1)",
               "config": "x86_64 tinyconfig + $(echo $OPTIONS) (and console/initrd basics); KASLR on",
               "cmdline": "$CMDLINE_B"},
    "machine": {"emulator": "$(qemu-system-x86_64 --version | head -1 | sed 's/QEMU emulator version /QEMU /'), TCG, -m ${RAM_MIB}M -smp 2",
                "ram_bytes": "$(printf '0x%x' $RAM_BYTES)"},
    "moment": "gdb hardware breakpoint at kernel B's 64-bit entry (load address + 0x200), then pmemsave and dump-guest-memory",
    "registers": {"rsi": "$RSI", "rip": "$RIP", "rsp": "$RSP"},
    "pages_file": {"name": "handover.pages",
                   "format": "repeated records of (u64 little-endian physical address, 4096 bytes of that page), ascending addresses; every other byte of RAM is unknown (treat as zero)",
                   "contents": "every KHO-preserved block, the preserved-memory-map chunks and bitmaps, boot_params, the command line, the setup_data page with kho_data, and the kho_scratch array (conformance/handover-pages.py)"},
    "workload": {"description": "$SESSIONS sessions, one memfd of $MEMFD_SIZE bytes each, as khoemu run --abi v6.19 --seed $SEED",
                 "sessions": sessions},
}, open(sys.argv[1], "w"), indent=2)
EOF

# the handover alone, in the shared captures' format (a few hundred KiB instead of the RAM size)
python3 "$ROOT/conformance/handover-pages.py" "$OUT/ram.bin" "$RSI" "$OUT/handover.pages" >&2

# 4. khoemu on the real RAM (the ELF core and the raw pmemsave), and against its own run of the
#    same workload
T=$(stamp)
"$ROOT/khoemu" inspect "$OUT/ram.elf" > "$OUT/inspect.txt"
"$ROOT/khoemu" inspect --rsi "$RSI" "$OUT/ram.bin" > "$OUT/inspect-raw.txt"
# the two dumps must decode alike: all but the headline and the ELF reader's notes
cmp -s <(grep -v "^image \|^note: " "$OUT/inspect.txt") <(grep -v "^image \|^note: " "$OUT/inspect-raw.txt") \
    || say "note: inspect of the ELF core and of the raw pmemsave differ (see inspect*.txt)"
# the pages file must hold everything the walk reads: compared with the whole RAM, nothing differs
"$ROOT/khoemu" compare "$OUT/handover.pages" "$OUT/ram.elf" > "$OUT/compare-pages.txt" \
    || { tail -3 "$OUT/compare-pages.txt" >&2; die "handover.pages lacks part of the handover"; }
"$ROOT/khoemu" resume "$OUT/ram.elf" | tee "$OUT/resume.txt"
"$ROOT/khoemu" run --abi v6.19 --sessions "$SESSIONS" --files-per-session 1 --seed "$SEED" \
    --memfd-size "$MEMFD_SIZE" --ram "${RAM_MIB}M" --out "$OUT/khoemu-run" > "$OUT/run.txt"
set +e
"$ROOT/khoemu" compare "$OUT/ram.elf" "$OUT/khoemu-run/handover.img" > "$OUT/compare.txt"
rc=$?
"$ROOT/khoemu" compare --json "$OUT/ram.elf" "$OUT/khoemu-run/handover.img" > "$OUT/compare.json"
set -e
timed "khoemu inspect/resume/run/compare" $(( $(stamp) - T ))
grep -E '^ *!' "$OUT/compare.txt" || true
tail -1 "$OUT/compare.txt"
timed total $(( $(stamp) - T0 ))
say "compare exit status $rc (the boot chain's real differences are expected and explained in conformance/README.md)"

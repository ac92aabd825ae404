#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Re-makes a real-kernel capture and compares it with khoemu (see conformance/README.md):
# builds the tinyconfig kernel with the KHO/LUO options from a kernel source tarball, a static
# workload (/init) and an initramfs, boots it in QEMU with gdb, stops the guest at kernel B's
# 64-bit entry, saves all RAM with the monitor's pmemsave (and an ELF core with
# dump-guest-memory), then runs khoemu inspect, resume and compare against khoemu's run of the
# same workload.
#
# usage: conformance/make-capture.sh TARBALL [OUTDIR]
#   TARBALL  e.g. linux_6.19.6.orig.tar.xz from Debian's pool, or /usr/src/linux-source-6.19.tar.xz
#   OUTDIR   default ./khocap-out
# env: JOBS (make -j, default nproc), RAM_MIB (default 1024), SESSIONS (3), SEED (1), MEMFD_SIZE (65536),
#      KEEP=1 keeps the build tree.
# needs: make gcc flex bison bc libelf-dev cpio gzip qemu-system-x86 gdb, and a built khoemu (./khoemu).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARBALL="${1:?usage: make-capture.sh TARBALL [OUTDIR]}"
OUT="$(mkdir -p "${2:-khocap-out}" && cd "${2:-khocap-out}" && pwd)"
JOBS="${JOBS:-$(nproc)}"
RAM_MIB="${RAM_MIB:-1024}"
SESSIONS="${SESSIONS:-3}"
SEED="${SEED:-1}"
MEMFD_SIZE="${MEMFD_SIZE:-65536}"
CMDLINE_B="console=ttyS0 liveupdate=on panic=-1 kho=on"
WORK="$OUT/work"
say() { printf 'make-capture: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
stamp() { date +%s; }

for t in make gcc flex bison bc cpio gzip qemu-system-x86_64 gdb java; do
    command -v "$t" >/dev/null || die "$t not found (apt-get install make gcc flex bison bc libelf-dev cpio qemu-system-x86 gdb)"
done
[ -f "$TARBALL" ] || die "$TARBALL: no such file"
mkdir -p "$WORK"
T0=$(stamp)

# 1. the kernel: tinyconfig + what KHO and LUO need, and a console, an initramfs and ELF binaries
if [ ! -f "$WORK/linux/arch/x86/boot/bzImage" ]; then
    say "extracting $TARBALL"
    rm -rf "$WORK/linux" && mkdir -p "$WORK/linux"
    tar -xf "$TARBALL" -C "$WORK/linux" --strip-components=1
    cd "$WORK/linux"
    make -s ARCH=x86_64 tinyconfig
    ./scripts/config --enable 64BIT --enable PRINTK --enable TTY --enable SERIAL_8250 --enable SERIAL_8250_CONSOLE \
        --enable BLK_DEV_INITRD --enable RD_GZIP --enable BINFMT_ELF --enable DEVTMPFS --enable PROC_FS --enable SYSFS \
        --enable KEXEC_FILE --enable RELOCATABLE --enable RANDOMIZE_BASE \
        --enable KEXEC_HANDOVER --enable KEXEC_HANDOVER_DEBUG --enable KEXEC_HANDOVER_DEBUGFS \
        --enable KEXEC_HANDOVER_ENABLE_DEFAULT --enable LIVEUPDATE --enable MEMFD_CREATE --enable TMPFS --enable SHMEM
    make -s ARCH=x86_64 olddefconfig
    for o in KEXEC_FILE KEXEC_HANDOVER LIVEUPDATE MEMFD_CREATE SHMEM; do
        grep -q "^CONFIG_$o=y" .config || die "CONFIG_$o did not stay on after olddefconfig (a dependency is missing)"
    done
    say "building bzImage with -j$JOBS"
    TB=$(stamp)
    make -s ARCH=x86_64 -j"$JOBS" bzImage
    say "bzImage built in $(( $(stamp) - TB )) s"
    make -s ARCH=x86_64 headers_install INSTALL_HDR_PATH="$WORK/hdr"
    cd - >/dev/null
fi
BZ="$WORK/linux/arch/x86/boot/bzImage"

# 2. the workload and the initramfs (the same bzImage is kernel B)
rm -rf "$WORK/initramfs" && mkdir -p "$WORK/initramfs/dev" "$WORK/initramfs/data"
gcc -static -O2 -I"$WORK/hdr/include" -DSESSIONS="$SESSIONS" -DCMDLINE="\"$CMDLINE_B\"" \
    -o "$WORK/initramfs/init" "$ROOT/conformance/workload/luo_workload.c"
"$ROOT/khoemu" --version >/dev/null    # builds the jar when needed
java -cp "$ROOT/emulator/target/khoemu.jar" "$ROOT/conformance/workload/WorkloadFiles.java" \
    "$WORK/initramfs/data" "$SESSIONS" "$SEED" "$MEMFD_SIZE" | tee "$OUT/contents.txt"
cp "$BZ" "$WORK/initramfs/bzImage"
(cd "$WORK/initramfs" && find . | cpio -o -H newc --quiet | gzip -9n) > "$WORK/initramfs.cpio.gz"

# 3. QEMU with gdb: the workload loads kernel B with KEXEC_FILE_DEBUG, so kernel A logs where
#    the bzImage loader put kernel B ("Loaded 64bit kernel at 0x... bp=0x..."); gdb breaks at
#    that address + 0x200 (the 64-bit entry) with a hardware breakpoint.
RAM_BYTES=$(( RAM_MIB << 20 ))
rm -f "$WORK/serial.log" "$WORK/mon.sock"
say "booting kernel A in QEMU (-m ${RAM_MIB}M -smp 2, gdb on :1234)"
qemu-system-x86_64 -nodefaults -display none -machine pc -cpu qemu64 -m "$RAM_MIB" -smp 2 \
    -kernel "$BZ" -initrd "$WORK/initramfs.cpio.gz" -append "$CMDLINE_B rdinit=/init" \
    -serial file:"$WORK/serial.log" -monitor unix:"$WORK/mon.sock",server,nowait -s &
QPID=$!
trap 'kill $QPID 2>/dev/null || true' EXIT
for _ in $(seq 600); do grep -q "khocap: rebooting" "$WORK/serial.log" 2>/dev/null && break; sleep 0.1; done
grep -q "khocap: rebooting" "$WORK/serial.log" || { cat "$WORK/serial.log" >&2; die "kernel A's workload did not reach the reboot"; }
ENTRY=$(sed -n 's/.*Loaded 64bit kernel at 0x\([0-9a-f]*\).*/\1/p' "$WORK/serial.log" | tail -1)
[ -n "$ENTRY" ] || die "no 'Loaded 64bit kernel at' line in the serial log: boot kernel A with kexec debug output (see README)"
ENTRY=$(printf '0x%x' $(( 0x$ENTRY + 0x200 )))
say "kernel B's 64-bit entry: $ENTRY"
gdb -q -batch -ex "set architecture i386:x86-64" -ex "target remote :1234" -ex "hbreak *$ENTRY" -ex continue \
    -ex "info registers rsi rip rsp" -ex "monitor pmemsave 0 $RAM_BYTES $OUT/ram.bin" \
    -ex "monitor dump-guest-memory $OUT/ram.elf" -ex kill > "$OUT/gdb.txt" 2>&1 || true
RSI=$(awk '$1 == "rsi" {print $2}' "$OUT/gdb.txt")
[ -n "$RSI" ] && [ -s "$OUT/ram.bin" ] || { cat "$OUT/gdb.txt" >&2; die "the guest did not stop at kernel B's entry"; }
say "stopped at kernel B's entry: RSI (boot_params) $RSI; $(( $(stamp) - T0 )) s so far"

# 4. khoemu on the real RAM, and against its own run of the same workload
"$ROOT/khoemu" inspect --rsi "$RSI" "$OUT/ram.bin" > "$OUT/inspect.txt"
"$ROOT/khoemu" resume --rsi "$RSI" "$OUT/ram.bin" | tee "$OUT/resume.txt"
"$ROOT/khoemu" run --abi v6.19 --sessions "$SESSIONS" --files-per-session 1 --seed "$SEED" \
    --memfd-size "$MEMFD_SIZE" --ram "${RAM_MIB}M" --out "$OUT/khoemu" > "$OUT/run.txt"
set +e
"$ROOT/khoemu" compare --rsi "$RSI" "$OUT/ram.bin" "$OUT/khoemu/handover.img" > "$OUT/compare.txt"
rc=$?
set -e
tail -2 "$OUT/compare.txt"
say "done in $(( $(stamp) - T0 )) s; compare exit status $rc (the boot chain differences are expected, see README)"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the kernel's own LUO selftests (tools/testing/selftests/liveupdate: liveupdate,
# luo_kexec_simple, luo_multi_session), unmodified, with plain gcc against a copy of the tree's
# include/uapi/linux/liveupdate.h, and, given a bzImage built with LUO (make-capture.sh builds
# one), runs `liveupdate` inside a QEMU guest on that real kernel and requires 8/8 with skip:0.
# Issue 13 runs the same binaries against khoemu.
#
# usage: conformance/luo-selftests.sh SRC OUTDIR [BZIMAGE]
#   SRC      a kernel source tree, or a linux_<ver>.orig.tar.xz (only the files needed are taken)
#   OUTDIR   the binaries go to OUTDIR/bin; the build happens in OUTDIR/build, a copy, because
#            the selftests' Makefile writes .o files into the source directory even with OUTPUT=
#   BZIMAGE  optional: boot it in QEMU with `liveupdate` as the program of a tiny /init
# env: STATIC (1: -static, the default, needed for the guest), RAM_MIB (1024)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="${1:?usage: luo-selftests.sh SRC OUTDIR [BZIMAGE]}"
OUT="$(mkdir -p "${2:?usage: luo-selftests.sh SRC OUTDIR [BZIMAGE]}" && cd "$2" && pwd)"
BZ="${3:-}"
RAM_MIB="${RAM_MIB:-1024}"
say() { printf 'luo-selftests: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
SEL=tools/testing/selftests
FILES="$SEL/kselftest.h $SEL/kselftest_harness.h $SEL/liveupdate include/uapi/linux/liveupdate.h"

T=$(date +%s)
rm -rf "$OUT/build" && mkdir -p "$OUT/build" "$OUT/bin"
if [ -d "$SRC" ]; then
    (cd "$SRC" && tar -cf - $FILES) | tar -xf - -C "$OUT/build"
elif [ -f "$SRC" ]; then
    tar -xf "$SRC" -C "$OUT/build" --strip-components=1 --wildcards $(for f in $FILES; do printf '*/%s ' "$f"; done)
else
    die "$SRC: neither a kernel tree nor a tarball"
fi
B="$OUT/build"
mkdir -p "$B/uapi/linux" && cp "$B/include/uapi/linux/liveupdate.h" "$B/uapi/linux/"
cd "$B/$SEL/liveupdate"
# the flags of the selftests' Makefile and lib.mk (_GNU_SOURCE for memfd_create), the copied uAPI header first
CFLAGS="-D_GNU_SOURCE= -Wall -O2 -Wno-unused-function -isystem $B/uapi"
[ "${STATIC:-1}" = 1 ] && CFLAGS="$CFLAGS -static"
gcc $CFLAGS -o "$OUT/bin/liveupdate" liveupdate.c
gcc $CFLAGS -o "$OUT/bin/luo_kexec_simple" luo_kexec_simple.c luo_test_utils.c
gcc $CFLAGS -o "$OUT/bin/luo_multi_session" luo_multi_session.c luo_test_utils.c
cp do_kexec.sh "$OUT/bin/"
say "built liveupdate, luo_kexec_simple, luo_multi_session in $(( $(date +%s) - T )) s ($OUT/bin)"
[ -n "$BZ" ] || exit 0

# the real kernel: /init mounts devtmpfs and runs /liveupdate; the harness reports on the console
[ -f "$BZ" ] || die "$BZ: no such file"
T=$(date +%s)
G="$OUT/guest"
rm -rf "$G" && mkdir -p "$G/root/dev"
gcc -static -O2 -o "$G/root/init" "$ROOT/conformance/workload/selftest_init.c"
cp "$OUT/bin/liveupdate" "$G/root/"
(cd "$G/root" && find . | cpio -o -H newc --quiet | gzip -9n) > "$G/initramfs.cpio.gz"
timeout 300 qemu-system-x86_64 -nodefaults -display none -machine pc -m "$RAM_MIB" -smp 2 -no-reboot \
    -kernel "$BZ" -initrd "$G/initramfs.cpio.gz" -append "console=ttyS0 liveupdate=on panic=-1 rdinit=/init" \
    -serial file:"$G/serial.log" &
QPID=$!
trap 'kill $QPID 2>/dev/null || true' EXIT
for _ in $(seq 3000); do
    grep -q "khocap-selftest: .* exited" "$G/serial.log" 2>/dev/null && break
    kill -0 $QPID 2>/dev/null || break
    sleep 0.1
done
kill $QPID 2>/dev/null || true
sed -n '/^TAP version/,/khocap-selftest:/p' "$G/serial.log" | tee "$OUT/liveupdate.tap"
say "guest run took $(( $(date +%s) - T )) s"
grep -q "^# Totals: pass:8 fail:0 xfail:0 xpass:0 skip:0 error:0" "$OUT/liveupdate.tap" \
    && grep -q "khocap-selftest: /liveupdate exited 0" "$OUT/liveupdate.tap" \
    || die "liveupdate on the real kernel did not pass 8/8 with skip:0 (see $G/serial.log)"
say "liveupdate on the real kernel: 8/8 passed, skip:0"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the kernel's own LUO selftests (tools/testing/selftests/liveupdate: liveupdate,
# luo_kexec_simple, luo_multi_session), unmodified, with plain gcc against a copy of the tree's
# include/uapi/linux/liveupdate.h, and, given a bzImage built with LUO (make-capture.sh builds
# one), runs all three inside QEMU on that real kernel (liveupdate must be 8/8 with skip:0; the
# two-stage tests go through the kernel's do_kexec.sh and two real kexecs).
# Issue 13 runs the same binaries against khoemu.
#
# usage: conformance/luo-selftests.sh SRC OUTDIR [BZIMAGE]
#   SRC      a kernel source tree, or a linux_<ver>.orig.tar.xz (only the files needed are taken)
#   OUTDIR   the binaries go to OUTDIR/bin; the build happens in OUTDIR/build, a copy, because
#            the selftests' Makefile writes .o files into the source directory even with OUTPUT=
#   BZIMAGE  optional: boot it in QEMU and run the three tests there (needs apt for busybox-static)
# env: STATIC (1: -static, the default, needed for the guest), RAM_MIB (1024)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="${1:?usage: luo-selftests.sh SRC OUTDIR [BZIMAGE]}"
OUT="$(realpath -m "${2:?usage: luo-selftests.sh SRC OUTDIR [BZIMAGE]}")"
case "$OUT/" in "$ROOT"/*) echo "luo-selftests: $OUT is inside the repository; give an OUTDIR outside it" >&2; exit 2 ;; esac
mkdir -p "$OUT"
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

# The real kernel, three boots in one QEMU run. /init (workload/selftest_init.c) follows each
# boot's /plan: boot A runs `liveupdate` and stage 1 of luo_kexec_simple, then the kernel's
# do_kexec.sh; boot B runs its stage 2 and stage 1 of luo_multi_session (one test at a time: the
# device opens once, and a stage 1's holder keeps it open), do_kexec.sh again; boot C runs
# luo_multi_session's stage 2. do_kexec.sh needs /bin/sh (Debian's busybox-static, fetched with
# apt-get download) and `kexec`: workload/mini_kexec.c does do_kexec.sh's two calls through
# kexec_file_load, because Debian's kexec binary needs the Xen control libraries.
[ -f "$BZ" ] || die "$BZ: no such file"
T=$(date +%s)
G="$OUT/guest"
rm -rf "$G" && mkdir -p "$G/debs"
(cd "$G/debs" && apt-get download -qq busybox-static >/dev/null 2>&1) || die "apt-get download busybox-static failed"
dpkg-deb -x "$G"/debs/busybox-static_*.deb "$G/debs/x"
gcc -static -O2 -o "$G/init" "$ROOT/conformance/workload/selftest_init.c"
gcc -static -O2 -o "$G/kexec" "$ROOT/conformance/workload/mini_kexec.c"
# boot DIR PLAN [NEXT_CPIO]: one boot's initramfs
boot() {
    local d="$G/$1"
    mkdir -p "$d/dev" "$d/bin" "$d/sbin" "$d/boot"
    cp "$G/init" "$d/init"
    printf '%b' "$2" > "$d/plan"
    cp "$OUT/bin/liveupdate" "$OUT/bin/luo_kexec_simple" "$OUT/bin/luo_multi_session" "$OUT/bin/do_kexec.sh" "$d/"
    if [ -n "${3:-}" ]; then
        cp "$G/debs/x/bin/busybox" "$d/bin/busybox" && ln -s busybox "$d/bin/sh"
        cp "$G/kexec" "$d/sbin/kexec"
        cp "$BZ" "$d/boot/bzImage"
        cp "$3" "$d/boot/initramfs"
    fi
    (cd "$d" && find . | cpio -o -H newc --quiet | gzip -9n) > "$d.cpio.gz"
}
boot c '/luo_multi_session --stage 2\npoweroff\n'
boot b '/luo_kexec_simple --stage 2\n/luo_multi_session --stage 1\nkexec\n' "$G/c.cpio.gz"
boot a '/liveupdate\n/luo_kexec_simple --stage 1\nkexec\n' "$G/b.cpio.gz"
timeout 300 qemu-system-x86_64 -nodefaults -display none -machine pc -m "$RAM_MIB" -smp 2 -no-reboot \
    -kernel "$BZ" -initrd "$G/a.cpio.gz" -append "console=ttyS0 liveupdate=on panic=-1 rdinit=/init" \
    -serial file:"$G/serial.log" &
QPID=$!
trap 'kill $QPID 2>/dev/null || true' EXIT
for _ in $(seq 3000); do
    grep -q "khocap-selftest: done" "$G/serial.log" 2>/dev/null && break
    kill -0 $QPID 2>/dev/null || break
    sleep 0.1
done
kill $QPID 2>/dev/null || true
# the serial console ends lines with CR LF
tr -d '\r' < "$G/serial.log" | grep -E "^(TAP version|#|ok |not ok|1\.\.)|khocap-selftest:" | tee "$OUT/selftests.tap"
say "three boots in QEMU took $(( $(date +%s) - T )) s"
ok=1
grep -q "^# Totals: pass:8 fail:0 xfail:0 xpass:0 skip:0 error:0" "$OUT/selftests.tap" || ok=0
for step in "/liveupdate" "/luo_kexec_simple --stage 1" "/luo_kexec_simple --stage 2" \
    "/luo_multi_session --stage 1" "/luo_multi_session --stage 2"; do
    grep -qx "khocap-selftest: $step exited 0" "$OUT/selftests.tap" || { say "FAILED: $step"; ok=0; }
done
[ "$ok" = 1 ] || die "the selftests did not all pass on the real kernel (see $G/serial.log)"
say "on the real kernel: liveupdate 8/8 (skip:0), luo_kexec_simple and luo_multi_session stages 1 and 2 passed"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the kernel's three LUO selftests, as luo-selftests.sh builds them (unmodified), against
# khoemu instead of a real kernel: `khoemu serve`, each binary under `khoemu exec`, and the
# kernel's own do_kexec.sh with the `kexec` of `khoemu kexec --install` first in PATH (`kexec -l
# ...` is accepted, `kexec -e` kexecs the served machine). `liveupdate` must say 8/8 with skip:0;
# the two-stage tests must print their PASSED line after stage 2. The server is the only JVM:
# `khoemu exec` and that `kexec` run the C supervisor directly. The time printed is the wall
# time of the three tests, after the build and the server's start. Holders the stage 1s leave
# behind end with the kexec (the supervisor kills kernel A's processes).
#
# usage: conformance/luo-selftests-khoemu.sh BINDIR    (BINDIR: luo-selftests.sh's OUTDIR/bin)
# env: ABI (v6.19)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$(realpath "${1:?usage: luo-selftests-khoemu.sh BINDIR}")"
for t in liveupdate luo_kexec_simple luo_multi_session do_kexec.sh; do
    [ -e "$BIN/$t" ] || { echo "luo-selftests-khoemu: $BIN/$t: no such file (build with luo-selftests.sh)" >&2; exit 1; }
done
say() { printf 'luo-selftests-khoemu: %s\n' "$*" >&2; }
W="$(mktemp -d)"
SOCK="$W/k.sock"
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT
"$ROOT/khoemu" --help >/dev/null   # builds the jar first if the sources changed
JAR="$ROOT/emulator/target/khoemu.jar"
mkdir -p "$W/path"
"$ROOT/khoemu" kexec --install "$W/path" --socket "$SOCK" >/dev/null
java -XX:+UseSerialGC -jar "$JAR" serve --socket "$SOCK" --abi "${ABI:-v6.19}" 2>"$W/serve.log" &
SERVER=$!
while [ ! -S "$SOCK" ]; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$W/serve.log" >&2; exit 1; }
    sleep 0.1
done
kx() { "$ROOT/khoemu" exec --socket "$SOCK" -- "$@"; }
T0=$(date +%s%N)
fail=0
cd "$BIN"
kx ./liveupdate | tee "$W/liveupdate.out"
grep -q '^# Totals: pass:8 fail:0 xfail:0 xpass:0 skip:0 error:0$' "$W/liveupdate.out" || { say "liveupdate: not 8/8 with skip:0"; fail=1; }
for t in luo_kexec_simple luo_multi_session; do
    kx "./$t" | tee "$W/$t.1"
    PATH="$W/path:$PATH" sh ./do_kexec.sh
    kx "./$t" --stage 2 | tee "$W/$t.2"
    grep -q 'TEST PASSED' "$W/$t.2" || { say "$t: stage 2 did not pass"; fail=1; }
done
say "$( [ $fail = 0 ] && echo PASS || echo FAIL ): three selftests in $(( ($(date +%s%N) - T0) / 1000000 )) ms"
exit $fail

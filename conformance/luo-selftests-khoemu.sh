#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs the kernel's three LUO selftests, as luo-selftests.sh builds them (unmodified), against
# khoemu instead of a real kernel: `khoemu serve`, each binary under `khoemu exec`, and the
# kernel's own do_kexec.sh with a `kexec` first in PATH that turns `kexec -e` into `khoemu kexec`
# (`kexec -l ...` does nothing: the served kernel loads at -e). `liveupdate` must say 8/8 with
# skip:0; the two-stage tests must print their PASSED line after stage 2. Holders the stage 1s
# leave behind are killed by their printed PID.
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
HOLDERS=()
cleanup() {
    for h in "${HOLDERS[@]}"; do kill "$h" 2>/dev/null || true; done
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
    rm -rf "$W"
}
trap cleanup EXIT
"$ROOT/khoemu" --help >/dev/null   # builds the jar first if the sources changed
JAR="$ROOT/emulator/target/khoemu.jar"
mkdir -p "$W/path"
cat > "$W/path/kexec" <<SH
#!/bin/sh
case "\$1" in -e) exec java -jar "$JAR" kexec --socket "$SOCK" ;; *) exit 0 ;; esac
SH
chmod +x "$W/path/kexec"
java -jar "$JAR" serve --socket "$SOCK" --abi "${ABI:-v6.19}" 2>"$W/serve.log" &
SERVER=$!
while [ ! -S "$SOCK" ]; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$W/serve.log" >&2; exit 1; }
    sleep 0.1
done
kx() { java -jar "$JAR" exec --socket "$SOCK" -- "$@"; }
T0=$(date +%s%N)
fail=0
cd "$BIN"
kx ./liveupdate | tee "$W/liveupdate.out"
grep -q '^# Totals: pass:8 fail:0 xfail:0 xpass:0 skip:0 error:0$' "$W/liveupdate.out" || { say "liveupdate: not 8/8 with skip:0"; fail=1; }
for t in luo_kexec_simple luo_multi_session; do
    kx "./$t" | tee "$W/$t.1"
    h=$(sed -n 's/.*Child PID: \([0-9]*\)\..*/\1/p' "$W/$t.1")
    [ -n "$h" ] && HOLDERS+=("$h")
    PATH="$W/path:$PATH" sh ./do_kexec.sh
    kx "./$t" --stage 2 | tee "$W/$t.2"
    grep -q 'TEST PASSED' "$W/$t.2" || { say "$t: stage 2 did not pass"; fail=1; }
done
say "$( [ $fail = 0 ] && echo PASS || echo FAIL ): three selftests in $(( ($(date +%s%N) - T0) / 1000000 )) ms (each command a new JVM)"
exit $fail

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The C baseline ({@code src/main/c/luo_bench.c}, built by gcc -O2 into
 * {@code linux-x86-64/libkhoemubench.so} on the class path). Each call runs its loop
 * {@code loops} times so that the cost of the JNA call itself is spread thin; {@link #kb_nop}
 * measures that cost on its own.
 */
public interface BenchLib extends Library {
    BenchLib INSTANCE = Native.load("khoemubench", BenchLib.class);

    int PROFILE_SEED_V6 = 0;
    int PROFILE_V6_19 = 1;

    long kb_serialize(int profile, Pointer block, Pointer sessions, int n, int loops);

    long kb_deserialize(int profile, Pointer ram, long ramSize, Pointer block, int hashed, Pointer out,
                        Pointer inserted, int loops);

    long kb_memcpy(Pointer dst, Pointer src, long len, int loops);

    long kb_nop(long x);

    /** 0: sizeof(kb_file), 1: sizeof(kb_session), 2: sizeof(kb_in_session), 3: offsetof(kb_in_session, file). */
    long kb_sizes(int which);
}

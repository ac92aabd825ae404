// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.nio.file.Path;

/**
 * The knobs of one live-update run. The defaults make a demo that finishes in a few seconds:
 * 1 GiB of RAM, 4 sessions of 2 memfds of 64 KiB each, one update, seed 1, the seed LUO ABI.
 * {@code abi} is the LUO ABI generation of kernel A (the cold-booted kernel), {@code abiB} that
 * of every kernel booted from a handover: a live update across generations reads A's bytes with
 * B's own profile, as a real kernel B would.
 */
public record ScenarioConfig(int sessions, int filesPerSession, long memfdSize, long ramBytes, long seed,
                             int updates, Path outDir, LuoAbiProfile abi, LuoAbiProfile abiB) {
    public static final int DEFAULT_SESSIONS = 4;
    public static final int DEFAULT_FILES = 2;
    public static final long DEFAULT_MEMFD_SIZE = 64 << 10;
    public static final long DEFAULT_RAM = 1L << 30;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_UPDATES = 1;
    public static final String DEFAULT_OUT = "khoemu-out";
    public static final String CMDLINE = "kho=on liveupdate=on";

    /** Every kernel of the run speaks {@code abi}. */
    public ScenarioConfig(int sessions, int filesPerSession, long memfdSize, long ramBytes, long seed, int updates,
                          Path outDir, LuoAbiProfile abi) {
        this(sessions, filesPerSession, memfdSize, ramBytes, seed, updates, outDir, abi, abi);
    }

    /** True when kernel B speaks another generation than kernel A. */
    public boolean crossGeneration() {
        return !abi.name().equals(abiB.name());
    }

    public static ScenarioConfig defaults() {
        return new ScenarioConfig(DEFAULT_SESSIONS, DEFAULT_FILES, DEFAULT_MEMFD_SIZE, DEFAULT_RAM, DEFAULT_SEED,
                DEFAULT_UPDATES, Path.of(DEFAULT_OUT), LuoAbiProfiles.DEFAULT);
    }
}

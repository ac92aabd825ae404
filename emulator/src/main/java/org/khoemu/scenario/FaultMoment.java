// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.util.Arrays;
import java.util.Locale;

/**
 * A moment of a live run at which {@code run --fault} changes RAM: after kernel A's
 * {@code luo_session_serialize} (before {@code kho_finalize} writes the memory map), after
 * {@code kho_finalize} (before {@code machine_kexec}), or between the guest's relocation and
 * purgatory (after the segments were copied to their destinations, before the digest check).
 */
public enum FaultMoment {
    AFTER_SERIALIZE, AFTER_KHO_FINALIZE, BETWEEN_RELOCATION_AND_PURGATORY;

    /** {@code after-serialize}, as {@code --fault} spells it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The moment spelt {@code key}, or null. */
    public static FaultMoment byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst().orElse(null);
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

import java.util.List;

/**
 * What the machine reports after {@code machine_kexec}: either the entry stub booted with RSI =
 * boot_params, or one precise failure sentence such as
 * {@code "purgatory: SHA-256 mismatch over region 2 (0x1f400000+0x3000)"}.
 */
public record KexecOutcome(boolean booted, long bootParams, String failure, List<KexecStage> stages) {
    public static KexecOutcome booted(long bootParams, List<KexecStage> stages) {
        return new KexecOutcome(true, bootParams, null, List.copyOf(stages));
    }

    public static KexecOutcome failed(String failure, List<KexecStage> stages) {
        return new KexecOutcome(false, 0, failure, List.copyOf(stages));
    }
}

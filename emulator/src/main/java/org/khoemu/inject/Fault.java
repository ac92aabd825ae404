// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.inspect.BadFieldException;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One image-level fault: a target of the clean handover and what is done to it. Its id,
 * {@code campaign:profile:target:mutation} ({@code smoke:seed-v6:luo_session_ser[1].count:ones},
 * {@code all:v6.19:fdt-prop:luo:/luo-session:luo-session-header:other},
 * {@code all:seed-v6:kho_mem_phys_bits[0][2].word[1]:flip17}), is all that is needed to replay
 * it on the campaign's clean handover, which a fixed scenario makes the same every time. The
 * target may hold colons; the mutation is the last part.
 */
public record Fault(String campaign, String profile, String target, Mutation mutation, int bit) {
    private static final Pattern ID = Pattern.compile("([a-z0-9]+):([a-z0-9.-]+):(.+):("
            + String.join("|", Arrays.stream(Mutation.values()).map(Mutation::key).toList()) + ")([0-9]{1,4})?");

    public String id() {
        return campaign + ":" + profile + ":" + target + ":" + mutation.key()
                + (mutation.takesNumber() ? Integer.toString(bit) : "");
    }

    public static Fault parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches() || (Mutation.byKey(m.group(4)).takesNumber() != (m.group(5) != null))) {
            throw new BadFieldException("'" + id + "' is not a fault id like smoke:seed-v6:luo_session_ser[0].count:ones "
                    + "or all:seed-v6:fdt-header:luo.totalsize:flip3 (campaign:abi:target:mutation)");
        }
        return new Fault(m.group(1), m.group(2), m.group(3), Mutation.byKey(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
    }
}

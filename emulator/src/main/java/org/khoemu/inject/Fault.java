// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import org.khoemu.inspect.BadFieldException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One image-level fault: a field of the clean handover (named as {@code poke} names it) and
 * what is done to it. Its id, {@code field:mutation} ({@code luo_session_ser[1].count:ones},
 * {@code luo_file_ser[0][0].data:flip17}), is all that is needed to replay it on the campaign's
 * clean handover, which a fixed scenario makes the same every time.
 */
public record Fault(String campaign, String profile, String field, Mutation mutation, int bit) {
    private static final Pattern ID = Pattern.compile("([a-z0-9]+):([a-z0-9.-]+):(.+):(zero|ones|plus1|flip)([0-9]{1,4})?");

    public String id() {
        return campaign + ":" + profile + ":" + field + ":" + mutation.key()
                + (mutation == Mutation.FLIP ? Integer.toString(bit) : "");
    }

    public static Fault parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches() || (m.group(4).equals("flip") != (m.group(5) != null))) {
            throw new BadFieldException("'" + id + "' is not a fault id like smoke:seed-v6:luo_session_ser[0].count:ones "
                    + "or smoke:seed-v6:luo_file_ser[0][0].token:flip3");
        }
        return new Fault(m.group(1), m.group(2), m.group(3), Mutation.byKey(m.group(4)),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import picocli.CommandLine;

/**
 * An option value that parsed but is out of range, reported like a conversion failure:
 * {@code invalid value for --sessions: -1 (expected 0 to 100000)}.
 */
final class InvalidValueException extends CommandLine.ParameterException {
    private static final long serialVersionUID = 1L;

    InvalidValueException(CommandLine cl, String option, Object value, String expected) {
        super(cl, "invalid value for " + option + ": " + value + " (expected " + expected + ")");
    }

    static void checkRange(CommandLine cl, String option, long value, long min, long max) {
        checkRange(cl, option, value, min, max, null);
    }

    /** As above; {@code limit} (if not null) names where the maximum comes from. */
    static void checkRange(CommandLine cl, String option, long value, long min, long max, String limit) {
        if (value < min || value > max) {
            throw new InvalidValueException(cl, option, value, min + " to " + max + (limit == null ? "" : ", " + limit));
        }
    }
}

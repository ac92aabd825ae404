// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import java.util.Locale;
import java.util.regex.Pattern;

/** Failures told in one line, in words: never a Java class name. */
public final class Failures {
    /** "java.io.EOFException: " as a wrapping exception puts its cause's class before the cause's message. */
    private static final Pattern CLASS_PREFIX =
            Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error): ");

    private Failures() {
    }

    /**
     * The message of {@code e} on one line (a multi-line one, e.g. from a library, is joined with
     * "; ") without the class names of wrapped causes; a failure without a message is an
     * internal error, told by what it is ({@code internal error: null pointer}).
     */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        // the JDK's own messages for these name the Java methods and classes involved: a bug in
        // khoemu, told by what it is, never a user's mistake
        if (m == null || m.isBlank() || e instanceof NullPointerException || e instanceof ClassCastException) {
            return "internal error: " + kind(e);
        }
        return String.join("; ", CLASS_PREFIX.matcher(m.strip()).replaceAll("").split("\\s*\\R\\s*"));
    }

    /** What a throwable is, in words: {@code StackOverflowError} is "stack overflow". */
    public static String kind(Throwable e) {
        String n = e.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "");
        if (n.isEmpty()) {
            return "unknown";
        }
        return String.join(" ", n.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")).toLowerCase(Locale.ROOT);
    }
}

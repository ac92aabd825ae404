// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures while a command runs, Errors included: exit 1 and exactly one line
 * {@code khoemu: ...} on stderr, never a stack trace.
 */
class MainErrorsTest {
    /** What the failing command throws; set per test. */
    static Throwable toThrow;

    @Command(name = "khoemu", version = "test", subcommands = Fail.class)
    static final class Top {
    }

    /** A subcommand that throws {@link #toThrow}, or loads a library that does not exist. */
    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            if (toThrow == null) {
                NativeLibrary.getInstance("libkhoemu-no-such-library.so.9"); // a real loader failure
            } else if (toThrow instanceof Exception e) {
                throw e;
            } else {
                throw (Error) toThrow;
            }
            return 0;
        }
    }

    private static String failWith(Throwable t) {
        toThrow = t;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new Top(), new String[] {"fail"}, new PrintWriter(out, true), new PrintWriter(err, true));
        String e = err.toString();
        assertEquals(1, code, e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("khoemu: ") && e.endsWith("\n"), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception in"), e);
        assertEquals("", out.toString());
        return e.strip();
    }

    private static final String NO_LIBFDT = "Unable to load library 'libfdt.so.1':\n"
            + "libfdt.so.1: cannot open shared object file: No such file or directory\n"
            + "libfdt.so.1: cannot open shared object file: No such file or directory\n"
            + "Native library (linux-x86-64/libfdt.so.1) not found in resource path (/x.jar)";

    @Test
    void outOfMemoryIsOneLine() {
        assertEquals("khoemu: out of memory (Java heap space); raise the heap limit, e.g. KHOEMU_JAVA_OPTS=-Xmx4g ./khoemu ...",
                failWith(new OutOfMemoryError("Java heap space")));
        assertEquals("khoemu: out of memory (Requested array size exceeds VM limit)",
                failWith(new OutOfMemoryError("Requested array size exceeds VM limit")));
    }

    @Test
    void missingLibfdtNamesTheDebianPackage() {
        String expected = "khoemu: libfdt (libfdt.so.1) cannot be loaded (libfdt.so.1: cannot open shared object "
                + "file: No such file or directory); install the Debian package libfdt1 (apt-get install libfdt1)";
        // first use: the static initializer's Native.register fails
        assertEquals(expected, failWith(new ExceptionInInitializerError(new UnsatisfiedLinkError(NO_LIBFDT))));
        assertEquals(expected, failWith(new UnsatisfiedLinkError(NO_LIBFDT)));
    }

    @Test
    void laterUseOfTheFailedBindingStillNamesThePackage() {
        assertEquals("khoemu: libfdt (libfdt.so.1) cannot be loaded (Could not initialize class "
                        + "org.khoemu.fdt.LibFdt); install the Debian package libfdt1 (apt-get install libfdt1)",
                failWith(new NoClassDefFoundError("Could not initialize class org.khoemu.fdt.LibFdt")));
    }

    @Test
    void missingUnicornNamesTheDebianPackage() {
        String m = failWith(new UnsatisfiedLinkError("Unable to load library 'libunicorn.so.2':\n"
                + "libunicorn.so.2: cannot open shared object file: No such file or directory"));
        assertEquals("khoemu: Unicorn 2 (libunicorn.so.2) cannot be loaded (libunicorn.so.2: cannot open shared "
                + "object file: No such file or directory); install the Debian package libunicorn2 "
                + "(apt-get install libunicorn2)", m);
        // a native method of a class whose registration failed
        assertTrue(failWith(new UnsatisfiedLinkError("'int org.khoemu.emu.nat.Unicorn.uc_open(int, int, "
                + "com.sun.jna.ptr.PointerByReference)'")).endsWith("install the Debian package libunicorn2 "
                + "(apt-get install libunicorn2)"));
    }

    @Test
    void realLoaderFailureOfAnUnknownLibraryIsOneLine() {
        String m = failWith(null);
        assertTrue(m.startsWith("khoemu: a native library cannot be loaded (libkhoemu-no-such-library.so.9: "
                + "cannot open shared object file"), m);
    }

    @Test
    void otherErrorsSayTheyAreInternal() {
        assertEquals("khoemu: internal error: stack overflow", failWith(new StackOverflowError()));
        assertEquals("khoemu: internal error: assertion: broken; invariant",
                failWith(new AssertionError("broken\ninvariant")));
    }

    @Test
    void exceptionsKeepTheirMessage() {
        assertEquals("khoemu: image.ram: bad magic", failWith(new IllegalStateException("image.ram: bad magic")));
        assertEquals("khoemu: no table", failWith(new ExceptionInInitializerError(new IllegalStateException("no table"))),
                "a static initializer's exception is told by its own message");
    }

    @Test
    void noJavaClassNameEvenWithoutAMessage() {
        assertEquals("khoemu: internal error: null pointer", failWith(new NullPointerException()));
        assertEquals("khoemu: internal error: arithmetic", failWith(new ArithmeticException()));
        assertEquals("khoemu: End of input at line 1",
                failWith(new IllegalStateException(new java.io.EOFException("End of input at line 1"))),
                "a wrapped cause's class is not part of the line");
        assertEquals("khoemu: cannot read x: End of input",
                failWith(new IllegalStateException("cannot read x: java.io.EOFException: End of input")));
    }
}

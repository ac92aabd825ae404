// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.scenario.Failures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code khoemu} command line. Each subcommand is its own class. */
@Command(name = "khoemu", mixinStandardHelpOptions = true, version = "khoemu 0.1.0",
        description = "Emulator of Linux kexec handover (KHO) and the Live Update Orchestrator (LUO).",
        subcommands = {RunCommand.class, ResumeCommand.class, InspectCommand.class, FdtCommand.class, CompareCommand.class,
                AbiCommand.class, PokeCommand.class, InjectCommand.class, ServeCommand.class, ExecCommand.class,
                KexecCommand.class, FuzzLuoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs one command line; returns the exit code. Nothing escapes as a trace: a bad command
     * line is one line and exit 2, any other failure, Errors included, one line and exit 1.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(new Main(), args, out, err);
    }

    /** {@link #execute(String[], PrintWriter, PrintWriter)} for another top-level command object. */
    static int execute(Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        // every subcommand's -V prints the one version
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(cl.getCommandSpec().version()));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("khoemu: " + parameterMessage(ex));
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            err.println("khoemu: " + describe(ex));
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (Throwable t) { // picocli gives the handler Exceptions only; an Error comes out here
            err.println("khoemu: " + describe(t));
            err.flush();
            return 1;
        }
    }

    /**
     * One line for a bad command line. A failed conversion names the option and the value
     * ({@code invalid value for --ram: '12Q' (expected ...)}); anything else gets the help hint
     * on the same line.
     */
    static String parameterMessage(CommandLine.ParameterException ex) {
        if (ex instanceof InvalidValueException) {
            return ex.getMessage();
        }
        if (ex.getCause() instanceof CommandLine.TypeConversionException tce && ex.getArgSpec() != null) {
            return "invalid value for " + argName(ex.getArgSpec()) + ": " + tce.getMessage();
        }
        String m = ex.getMessage() == null ? "bad command line" : ex.getMessage().replace('\n', ' ').trim();
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m + ". Try 'khoemu " + commandPath(ex.getCommandLine()) + "--help' for more information.";
    }

    static String argName(CommandLine.Model.ArgSpec spec) {
        return spec instanceof CommandLine.Model.OptionSpec o ? o.longestName() : spec.paramLabel();
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    /**
     * One line for a failure ({@link Failures#oneLine}). A native library that cannot be loaded
     * names the Debian package to install; any other Error says it is one, as it is no user mistake.
     */
    static String describe(Throwable ex) {
        Throwable t = ex;
        // a failed static initializer (Native.register) shows up wrapped, or later as "Could not initialize"
        while ((t instanceof ExceptionInInitializerError || t instanceof NoClassDefFoundError)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof UnsatisfiedLinkError
                || t instanceof NoClassDefFoundError && NativeLib.of(t.getMessage()) != null) {
            return nativeLibraryMessage(t);
        }
        if (t instanceof OutOfMemoryError) {
            String m = "out of memory (" + Failures.oneLine(t) + ")";
            return "Java heap space".equals(t.getMessage())
                    ? m + "; raise the heap limit, e.g. KHOEMU_JAVA_OPTS=-Xmx4g ./khoemu ..." : m;
        }
        if (t instanceof Error) {
            String m = t.getMessage();
            return m == null || m.isBlank() ? Failures.oneLine(t)
                    : "internal error: " + Failures.kind(t) + ": " + Failures.oneLine(t);
        }
        return Failures.oneLine(t);
    }

    /** The native libraries khoemu loads, with the Debian package that ships each. */
    enum NativeLib {
        LIBFDT("libfdt", "libfdt (libfdt.so.1)", "libfdt1"),
        UNICORN("unicorn", "Unicorn 2 (libunicorn.so.2)", "libunicorn2");

        final String key;
        final String what;
        final String debianPackage;

        NativeLib(String key, String what, String debianPackage) {
            this.key = key;
            this.what = what;
            this.debianPackage = debianPackage;
        }

        /** The library a load error message is about (JNA names the file, the JVM the binding class). */
        static NativeLib of(String message) {
            String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
            for (NativeLib l : values()) {
                if (m.contains(l.key)) {
                    return l;
                }
            }
            return null;
        }
    }

    private static String nativeLibraryMessage(Throwable t) {
        String reason = loaderReason(t.getMessage());
        NativeLib lib = NativeLib.of(t.getMessage());
        if (lib == null) {
            return "a native library cannot be loaded (" + reason + ")";
        }
        return lib.what + " cannot be loaded (" + reason + "); install the Debian package " + lib.debianPackage
                + " (apt-get install " + lib.debianPackage + ")";
    }

    /** JNA's message starts "Unable to load library 'x':" and then gives dlopen's reason per try. */
    private static String loaderReason(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String[] lines = message.strip().split("\\s*\\R\\s*");
        for (String l : lines) {
            if (l.contains("cannot open shared object file") || l.contains("undefined symbol")) {
                return l;
            }
        }
        return lines[0];
    }
}

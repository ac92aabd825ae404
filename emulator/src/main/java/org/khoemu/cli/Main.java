// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.scenario.Failures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code khoemu} command line. Each subcommand is its own class. */
@Command(name = "khoemu", mixinStandardHelpOptions = true, version = "khoemu 0.1.0",
        description = "Emulator of Linux kexec handover (KHO) and the Live Update Orchestrator (LUO).",
        subcommands = {RunCommand.class, ResumeCommand.class, InspectCommand.class, FdtCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. Never lets an exception escape as a trace. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
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
        return cl.execute(args);
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

    /** One line for a failure, see {@link Failures#oneLine}. */
    static String describe(Throwable ex) {
        return Failures.oneLine(ex);
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import org.khoemu.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading what the three commands say about sessions into one comparable form: session name to
 * its files as "token size sha256" strings, in order.
 */
final class CliOutputs {
    private static final Pattern INSPECT_SESSION = Pattern.compile("^\\s+session\\[\\d+] \"([^\"]*)\" at block offset .*");
    private static final Pattern INSPECT_FILE =
            Pattern.compile("^\\s+file\\[\\d+] at 0x\\p{XDigit}+: compatible \"memfd-v1\", data 0x\\p{XDigit}+, "
                    + "token (0x\\p{XDigit}+), size (\\d+), sha256 (\\p{XDigit}{64}) .*");
    private static final Pattern RESUME_SESSION = Pattern.compile("^session \"([^\"]*)\": \\d+ file\\(s\\)$");
    private static final Pattern RESUME_FILE = Pattern.compile("^  file token (0x\\p{XDigit}+), size (\\d+), sha256 (\\p{XDigit}{64})$");

    /** What a process printed and how it ended. */
    record Proc(int code, String out, String err) {
    }

    private CliOutputs() {
    }

    /** {@code java -cp <this test's classpath> org.khoemu.cli.Main args...} as a separate process. */
    /** One khoemu command line run in this JVM, its output captured. */
    static Proc inProcess(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int c = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Proc(c, o.toString(), e.toString());
    }

    static Proc khoemu(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.java(), "-cp", System.getProperty("java.class.path"),
                "org.khoemu.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "khoemu " + String.join(" ", args) + " did not finish");
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** The java launcher of the running JVM. */
    private static final class Path {
        static String java() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }

    static Map<String, List<String>> fromInspect(String out) {
        return parse(out, INSPECT_SESSION, INSPECT_FILE);
    }

    static Map<String, List<String>> fromResume(String out) {
        return parse(out, RESUME_SESSION, RESUME_FILE);
    }

    private static Map<String, List<String>> parse(String out, Pattern session, Pattern file) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : out.split("\n")) {
            Matcher s = session.matcher(line);
            Matcher f = file.matcher(line);
            if (s.matches()) {
                current = new ArrayList<>();
                m.put(s.group(1), current);
            } else if (f.matches()) {
                assertTrue(current != null, "file line before any session: " + line);
                current.add(f.group(1) + " " + f.group(2) + " " + f.group(3));
            }
        }
        return m;
    }

    /** The report's {@code preserved} or {@code restored} array in the same form. */
    static Map<String, List<String>> fromReport(JsonArray sessions) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (JsonElement s : sessions) {
            List<String> files = new ArrayList<>();
            for (JsonElement f : s.getAsJsonObject().getAsJsonArray("files")) {
                var o = f.getAsJsonObject();
                files.add(o.get("token").getAsString() + " " + o.get("size").getAsLong() + " " + o.get("sha256").getAsString());
            }
            m.put(s.getAsJsonObject().get("name").getAsString(), files);
        }
        return m;
    }
}

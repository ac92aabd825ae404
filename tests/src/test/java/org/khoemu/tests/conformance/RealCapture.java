// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.conformance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.khoemu.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared capture of a real Linux 6.19.6 handover ({@code <repo>/../shared/captures/
 * linux-6.19.6-khocap}): where it is, what its {@code capture.json} says (the oracle: written
 * by the capture, not by khoemu), and a way to run khoemu commands on it.
 */
final class RealCapture {
    static final String NAME = "linux-6.19.6-khocap";

    private RealCapture() {
    }

    /** The capture directory; a missing one fails the test with where it was looked for. */
    static Path dir() {
        Path root = repoRoot();
        Path d = root.resolveSibling("shared").resolve("captures").resolve(NAME);
        if (!Files.isRegularFile(d.resolve("handover.pages")) || !Files.isRegularFile(d.resolve("capture.json"))) {
            fail("the real-kernel capture is missing: expected " + d + "/handover.pages and capture.json "
                    + "(the shared/ directory beside the repository clone)");
        }
        return d;
    }

    static Path pages() {
        return dir().resolve("handover.pages");
    }

    static JsonObject json() throws IOException {
        return JsonParser.parseString(Files.readString(dir().resolve("capture.json"))).getAsJsonObject();
    }

    /** The repository root: the directory above the {@code tests} module the build runs in. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("pom.xml")) && Files.isDirectory(q.resolve("tests"))
                    && Files.isDirectory(q.resolve("emulator"))) {
                return q;
            }
        }
        throw new IllegalStateException("no khoemu repository above " + p);
    }

    static long hex(JsonElement e) {
        return Long.parseUnsignedLong(e.getAsString().substring(2), 16);
    }

    /** The result of one khoemu command line run in this JVM. */
    record Result(int code, String out, String err) {
    }

    static Result khoemu(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Result(code, o.toString(), e.toString());
    }
}

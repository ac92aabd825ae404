// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.launcher;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's bootstrap decisions, run against a PATH of recording stand-ins for dpkg-query,
 * apt-get, id, sudo, mvn and java. The machine itself is never changed: this checks what
 * {@code ./khoemu} would install and how, on machines we cannot reproduce in CI (no packages, no
 * root, sudo only).
 */
class LauncherBootstrapTest {
    private static final Path LAUNCHER = Path.of("..", "khoemu").toAbsolutePath().normalize();

    @TempDir
    Path bin;
    private Path calls;

    @BeforeEach
    void stubs() throws IOException {
        calls = bin.resolve("calls.log");
        Files.createFile(calls);
        // dpkg-query reports every package installed except those listed in $MISSING.
        stub("dpkg-query", "pkg=\"${@: -1}\"; case \" $MISSING \" in *\" $pkg \"*) exit 1;; esac; "
                + "echo 'install ok installed'");
        stub("apt-get", "echo \"apt-get $*\" >> " + calls);
        stub("id", "if [ \"$1\" = -u ]; then echo \"${FAKE_UID:-0}\"; else /usr/bin/id \"$@\"; fi");
        stub("mvn", "echo \"mvn $*\" >> " + calls);
        stub("java", "case \"$*\" in *XshowSettings*) echo '    java.specification.version = 17' >&2;; "
                + "*) echo \"java $*\" >> " + calls + ";; esac");
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String stderr, List<String> calls) {
    }

    private Result launch(String missing, int uid, String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>();
        cmd.add("/bin/bash");
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("MISSING", missing);
        pb.environment().put("FAKE_UID", Integer.toString(uid));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(p.exitValue(), err, Files.readAllLines(calls));
    }

    @Test
    void nothingMissingInstallsNothingAndRunsTheJar() throws Exception {
        Result r = launch("", 0, "run", "--seed", "3");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.calls().stream().noneMatch(c -> c.startsWith("apt-get")), r.calls().toString());
        assertTrue(r.calls().stream().anyMatch(c -> c.startsWith("java -XX:+UseSerialGC -jar ")
                && c.endsWith("khoemu.jar run --seed 3")),
                r.calls().toString());
    }

    @Test
    void missingPackagesAsRootRunUpdateThenInstallOfExactlyThose() throws Exception {
        Result r = launch("libunicorn2 device-tree-compiler", 0, "run");
        assertEquals(0, r.exit(), r.stderr());
        List<String> apt = r.calls().stream().filter(c -> c.startsWith("apt-get")).toList();
        assertEquals(2, apt.size(), apt.toString());
        assertTrue(apt.get(0).startsWith("apt-get update"), apt.toString());
        assertTrue(apt.get(1).startsWith("apt-get install -y"), apt.toString());
        assertTrue(apt.get(1).contains("libunicorn2") && apt.get(1).contains("device-tree-compiler"), apt.get(1));
        assertFalse(apt.get(1).contains("libfdt1"), apt.get(1));
    }

    @Test
    void missingPackagesWithoutRootOrSudoStopAndNameThem() throws Exception {
        // No sudo stub on this PATH, and /usr/bin/sudo (if any) cannot run without a password
        // for a non-root caller; we are root, so shadow it with a failing sudo.
        stub("sudo", "exit 1");
        Result r = launch("libfdt1", 1000, "test");
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("libfdt1"), r.stderr());
        assertTrue(r.stderr().contains("root or with sudo"), r.stderr());
        assertTrue(r.calls().isEmpty(), "nothing may run: " + r.calls());
        assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
    }

    @Test
    void missingPackagesWithSudoInstallThroughSudo() throws Exception {
        stub("sudo", "if [ \"$1\" = -n ] && [ \"$2\" = true ]; then exit 0; fi; shift; "
                + "echo \"sudo $*\" >> " + calls + "; \"$@\"");
        Result r = launch("libfdt-dev", 1000, "run");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.calls().stream().anyMatch(c -> c.startsWith("sudo env DEBIAN_FRONTEND=noninteractive apt-get install")
                && c.contains("libfdt-dev")), r.calls().toString());
    }

    @Test
    void testCommandRunsMavenVerify() throws Exception {
        Result r = launch("", 0, "test");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.calls().contains("mvn -B verify"), r.calls().toString());
    }
}

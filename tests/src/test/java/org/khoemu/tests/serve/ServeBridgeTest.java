// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.tests.serve;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.khoemu.cli.Main;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.serve.PrivateServer;
import org.khoemu.serve.ServeSocket;
import org.khoemu.serve.SupervisorBinary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real host program talks to the served kernel model through the seccomp supervisor: stage 1
 * preserves a memfd and leaves a holder of the session behind, {@code khoemu kexec} runs the guest
 * code to kernel B, stage 2 retrieves the memfd and compares every byte. A second stage 1 while the
 * holder lives gets EEXIST, as on a real kernel.
 */
class ServeBridgeTest {
    private static final int EEXIST = 17;

    @TempDir
    Path dir;
    private final List<Long> holders = new ArrayList<>();
    private Path socket;
    private PrivateServer server;

    @AfterEach
    void tearDown() throws Exception {
        holders.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (server != null) {
            server.close();
        }
    }

    private Path compile() throws Exception {
        Path bin = dir.resolve("luo_bridge");
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", bin.toString(),
                Path.of("src/test/c/luo_bridge.c").toAbsolutePath().toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor(), "gcc luo_bridge.c");
        return bin;
    }

    private void serve() {
        server = new PrivateServer(128L << 20, LuoAbiProfiles.DEFAULT, new PrintWriter(new StringWriter(), true));
        socket = server.socket();
    }

    private int khoemu(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add(1, "--socket");
        a.add(2, socket.toString());
        return Main.execute(a.toArray(String[]::new), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    private long holder(Path pidfile) throws Exception {
        long pid = Long.parseLong(Files.readString(pidfile).trim());
        holders.add(pid);
        return pid;
    }

    @Test
    void stage1KexecStage2() throws Exception {
        Path bin = compile();
        serve();
        Path pid1 = dir.resolve("holder1");
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage1", "s0", pid1.toString()));
        long h = holder(pid1);
        assertTrue(ProcessHandle.of(h).map(ProcessHandle::isAlive).orElse(false), "the holder lives on");

        // the holder keeps session s0 open: a second stage 1 gets EEXIST from CREATE_SESSION
        assertEquals(EEXIST, khoemu("exec", "--", bin.toString(), "stage1", "s0", dir.resolve("holder2").toString()));
        assertTrue(Files.notExists(dir.resolve("holder2")), "no holder after EEXIST");

        assertEquals(0, khoemu("kexec"));
        // the reboot ended kernel A's processes: the supervisor kills the holder it adopted
        ProcessHandle held = ProcessHandle.of(h).orElse(null);
        for (int i = 0; i < 6000 && held != null && held.isAlive(); i++) {
            Thread.sleep(10);
        }
        assertTrue(held == null || !held.isAlive(), "the holder of kernel A's session is gone after the kexec");
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage2", "s0"));
    }

    @Test
    void aKilledHolderReleasesItsSession() throws Exception {
        Path bin = compile();
        serve();
        Path pid1 = dir.resolve("holder1");
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage1", "s1", pid1.toString()));
        ProcessHandle h = ProcessHandle.of(holder(pid1)).orElseThrow();
        // the holder's death closes the session fd: the supervisor's hang-up releases it in the model
        h.destroyForcibly();
        // stage 1 again must now succeed: the name is free once the release reached the server
        // (asynchronously: the supervisor sees the hang-up after the kill), so retry on EEXIST
        Path pid2 = dir.resolve("holder2");
        int rc = EEXIST;
        for (int i = 0; i < 500 && rc == EEXIST; i++) {
            rc = khoemu("exec", "--", bin.toString(), "stage1", "s1", pid2.toString());
        }
        assertEquals(0, rc);
        holder(pid2);
        assertEquals(0, khoemu("kexec"));
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage2", "s1"));
    }

    /** Runs {@code sh -c script} with {@code pathDir} first in PATH; returns its exit status and output. */
    private static String[] sh(Path pathDir, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        pb.environment().put("PATH", pathDir + ":" + System.getenv("PATH"));
        pb.environment().remove(ServeSocket.ENV);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }

    /** do_kexec.sh's two calls, through the installed {@code kexec} first in PATH (no JVM). */
    @Test
    void installedKexecRunsDoKexecsCalls() throws Exception {
        Path bin = compile();
        serve();
        Path path = Files.createDirectory(dir.resolve("path"));
        assertEquals(0, khoemu("kexec", "--install", path.toString()));
        assertTrue(Files.isExecutable(path.resolve("kexec")));
        Path pid1 = dir.resolve("holder1");
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage1", "s2", pid1.toString()));
        holder(pid1);
        String[] r = sh(path, "set -e; kexec -l -s --reuse-cmdline /no/such/bzImage --initrd=/no/initrd; kexec -e");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("kernel B booted from the handover"), r[1]);
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage2", "s2"));

        String[] bad = sh(path, "kexec -p /boot/vmlinuz");
        assertEquals("2", bad[0], "an option khoemu's kexec does not know");
        assertTrue(bad[1].startsWith("kexec: unsupported option -p"), bad[1]);

        // the supervisor itself under the name kexec (a symlink) is the same client
        Path link = Files.createDirectory(dir.resolve("link"));
        Files.createSymbolicLink(link.resolve("kexec"), SupervisorBinary.path());
        String[] noop = sh(link, "kexec -l -s /no/such/bzImage && kexec");
        assertEquals("2", noop[0], noop[1]);
        assertTrue(noop[1].startsWith("kexec: nothing to do: give -l or -e"), noop[1]);
        Files.delete(link.resolve("kexec"));
    }

    /**
     * One host memfd preserved under two tokens, through the supervisor (one host file is one
     * kernel file): the seed profile answers as 6.19.6 and accepts it; in kernel B the first
     * token comes back whole and the second is refused by KHO (its folios were restored already),
     * which the real program sees as EIO, where a real 6.19.6 with panic_on_warn panics.
     */
    @Test
    void aMemfdPreservedTwiceIsRefusedOnKernelBAs6196Does() throws Exception {
        Path bin = compile();
        serve();
        Path pid = dir.resolve("holder");
        assertEquals(0, khoemu("exec", "--", bin.toString(), "stage1-twice", "t0", pid.toString()));
        holder(pid);
        assertEquals(0, khoemu("kexec"));
        assertEquals(5, khoemu("exec", "--", bin.toString(), "stage2-twice", "t0"), "EIO from RETRIEVE_FD of the second token");
    }

    /** True when a source or pom is newer than the jar: the launcher would build before running. */
    private static boolean jarIsStale(Path root) throws Exception {
        Path jar = root.resolve("emulator/target/khoemu.jar");
        if (!Files.exists(jar)) {
            return true;
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (var files = Files.walk(root)) {
            return files.filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
                    .filter(f -> f.getFileName().toString().equals("pom.xml") || f.toString().contains("/src/"))
                    .filter(Files::isRegularFile)
                    .anyMatch(f -> f.toFile().lastModified() > built);
        }
    }

    /**
     * {@code ./khoemu exec} and {@code ./khoemu kexec} with a server answering run the C supervisor
     * directly: a {@code java} and {@code mvn} first in PATH that fail are never called.
     */
    @Test
    void theLauncherRunsExecAndKexecWithoutAJvm() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeFalse(jarIsStale(root), "the jar is older than the sources");
        Path bin = compile();
        serve();
        Path stubs = Files.createDirectory(dir.resolve("stubs"));
        for (String tool : new String[] {"java", "mvn"}) {
            Path t = stubs.resolve(tool);
            Files.writeString(t, "#!/bin/sh\necho \"$0 called\" >&2\nexit 97\n");
            t.toFile().setExecutable(true);
        }
        String k = root.resolve("khoemu") + " ";
        String sock = " --socket " + socket + " ";
        Path pid = dir.resolve("holder");
        String[] r = sh(stubs, k + "exec" + sock + "-- " + bin + " stage1 s3 " + pid + " && " + k + "kexec" + sock
                + " && " + k + "exec" + sock + "-- " + bin + " stage2 s3");
        holder(pid);
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("kernel B booted from the handover") && r[1].contains("stage 2: s3 restored"), r[1]);
    }

    /**
     * Without a server, {@code exec --abi} runs CMD against a private one and stops it at the end:
     * the holder stage 1 leaves behind is killed with it, as at a power-off.
     */
    @Test
    void execStartsAndReapsAPrivateServer() throws Exception {
        Path bin = compile();
        Path pid = dir.resolve("holder");
        int rc = Main.execute(new String[] {"exec", "--abi", "v6.19", "--", bin.toString(), "stage1", "p0", pid.toString()},
                new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        assertEquals(0, rc);
        ProcessHandle h = ProcessHandle.of(holder(pid)).orElse(null);
        for (int i = 0; i < 6000 && h != null && h.isAlive(); i++) {
            Thread.sleep(10);
        }
        assertTrue(h == null || !h.isAlive(), "the private server's end ended the holder");
    }

    @Test
    void noServerIsOneLineAndAFailure() {
        socket = dir.resolve("none.sock");
        assertEquals(125, khoemu("exec", "--", "true"), "the supervisor's own failure, not CMD's status");
        assertEquals(1, khoemu("kexec"));
        assertEquals(1, khoemu("kexec", "--install", dir.resolve("no-such-dir").toString()));
    }
}

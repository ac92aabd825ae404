// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host a run measured on, for the heading of its results: CPU, cores, JVM. */
final class HostInfo {
    private HostInfo() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // the heading says "unknown CPU"
        }
        return String.format("%s, %d core(s), Java %s", cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kernel's printk ring: lines such as {@code "KHO: disabling KHO revival: ..."}.
 * Tests assert on these; the command line prints them.
 */
public final class KernelLog {
    private final String kernelName;
    private final List<String> lines = new ArrayList<>();
    private Consumer<String> sink = s -> { };

    public KernelLog(String kernelName) {
        this.kernelName = kernelName;
    }

    /** Appends one line, e.g. {@code log.printk("KHO", "scratch areas reserved")}. */
    public void printk(String subsystem, String message) {
        String line = subsystem.isEmpty() ? message : subsystem + ": " + message;
        lines.add(line);
        sink.accept("[" + kernelName + "] " + line);
    }

    public void setSink(Consumer<String> sink) {
        this.sink = sink;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean contains(String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.luo.abi.CString;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule that decides whether a live update succeeded, shared by {@code run} and
 * {@code resume}: every warning or error kernel B logged, every step of its userspace that
 * failed, and every difference between what kernel A preserved and what kernel B restored is a
 * difference. Success is an empty list, nothing less: a kernel that dropped a file and said so
 * in its log has not restored it.
 */
public final class Verdict {
    private Verdict() {
    }

    /**
     * {@code preserved} may be null when nothing says what kernel A preserved (a dump without a
     * report): then only kernel B's log and its userspace's steps are judged.
     */
    public static List<String> differences(List<SessionRecord> preserved, Recovery.Result restored, KernelLog kernelB) {
        List<String> out = new ArrayList<>();
        for (String line : kernelB.problems()) {
            out.add("kernel " + kernelB.kernelName() + " logged: " + printable(line));
        }
        out.addAll(restored.failures());
        if (preserved != null) {
            out.addAll(SessionDiff.compare(preserved, restored.restored()));
        }
        return out;
    }

    /** A kernel's line (bytes as chars) on one terminal line: a name with a newline cannot break it. */
    public static String printable(String kernelLine) {
        return CString.escape(CString.bytes(kernelLine));
    }
}

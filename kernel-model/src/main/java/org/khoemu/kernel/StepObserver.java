// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel;

/**
 * Receives the name of every named kernel step as it starts (for example
 * {@code "kho_finalize"}, {@code "luo_session_serialize"}). Fault injection and tracing
 * hook in here: an observer may throw to stop the kernel at that step.
 */
@FunctionalInterface
public interface StepObserver {
    StepObserver NONE = step -> { };

    void enter(String step);
}

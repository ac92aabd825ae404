// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

/** One stage of the guest kexec path (relocation, purgatory, entry) with its cost. */
public record KexecStage(String name, long instructions, long nanos) {
}

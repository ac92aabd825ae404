// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

/** One preserved file as userspace sees it: its token, size and the SHA-256 of its content. */
public record FileRecord(long token, long size, String sha256) {
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.port;

/** One physical range purgatory hashes: {@code struct kexec_sha_region {start, len}}. */
public record ShaRegion(long start, long len) {
}

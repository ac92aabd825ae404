// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

/** Where the handover structures sat in physical RAM (0 when unknown). */
public record HandoverAddresses(long bootParams, long khoFdt, long luoFdt, long sessionBlock) {
}

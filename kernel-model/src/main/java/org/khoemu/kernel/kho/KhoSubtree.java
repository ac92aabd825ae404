// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kho;

/**
 * One child of the incoming KHO root FDT: its blob's physical address and, from kho-v3 on, its
 * {@code blob-size} (0 on kho-v1/v2, which record no size).
 */
public record KhoSubtree(long pa, long size) {
}

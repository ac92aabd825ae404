// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.kexec;

/**
 * {@code struct kexec_segment}: {@code buf} is copied to physical {@code mem}; the remaining
 * {@code memsz - buf.length} bytes are zero. {@code name} says what it is (for logs and tests).
 */
public record KexecSegment(String name, byte[] buf, long mem, long memsz) {
    public KexecSegment {
        buf = buf.clone();
    }

    @Override
    public byte[] buf() {
        return buf.clone();
    }

    public long end() {
        return mem + memsz;
    }

    public boolean overlaps(long pa, long len) {
        return mem < pa + len && pa < mem + memsz;
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.port.MachineCheck;
import org.khoemu.kernel.port.PhysMem;

import java.util.function.Supplier;

/**
 * Bounds-checked reads of untrusted RAM: every read names the field it reads, so that a bad
 * address or value becomes one {@link ImageFormatException} naming that field and address.
 */
public final class FieldReader {
    private final PhysMem mem;

    public FieldReader(PhysMem mem) {
        this.mem = mem;
    }

    public PhysMem mem() {
        return mem;
    }

    /** Throws unless {@code [pa, pa+len)} lies inside RAM. */
    public void checkRange(long pa, long len, String field) {
        long size = mem.size();
        if (pa < 0 || len < 0 || len > size || pa > size - len) {
            throw ImageFormatException.at(field, pa, String.format(
                    "0x%x bytes there are outside RAM [0, 0x%x)", len, size));
        }
    }

    public long u64(long pa, String field) {
        checkRange(pa, 8, field);
        return guard(field, pa, () -> mem.read64(pa));
    }

    public int u32(long pa, String field) {
        checkRange(pa, 4, field);
        return guard(field, pa, () -> mem.read32(pa));
    }

    public int u16(long pa, String field) {
        checkRange(pa, 2, field);
        return guard(field, pa, () -> mem.read16(pa)) & 0xffff;
    }

    public byte[] bytes(long pa, int len, String field) {
        checkRange(pa, len, field);
        return guard(field, pa, () -> mem.read(pa, len));
    }

    /** Reads a whole struct with its own {@code readFrom}, after checking its extent. */
    public <T> T struct(long pa, int size, String field, Supplier<T> reader) {
        checkRange(pa, size, field);
        return guard(field, pa, reader);
    }

    /**
     * A NUL-terminated string in a fixed {@code len}-byte field, one char per byte (as the
     * kernel model's strings are); refuses one with no NUL or with control characters.
     */
    public String cString(long pa, int len, String field) {
        CName n = cName(pa, len, field);
        if (n.truncated()) {
            throw ImageFormatException.at(field, pa, "no NUL terminator within " + len + " bytes");
        }
        return n.text();
    }

    /** A name field as the kernel takes it, and whether it had to be cut short. */
    public record CName(String text, boolean truncated) {
    }

    /**
     * A name field read the way the kernel copies it out with {@code strscpy}: a field with no
     * NUL keeps its first {@code len - 1} bytes and is flagged as truncated. Any other byte is
     * kept: the kernel takes control bytes and broken UTF-8 in a name, so the inspector does too
     * and prints them escaped ({@code \xNN}).
     */
    public CName cName(long pa, int len, String field) {
        byte[] b = bytes(pa, len, field);
        int n = 0;
        while (n < len && b[n] != 0) {
            n++;
        }
        boolean truncated = n == len;
        if (truncated) {
            n = len - 1;
        }
        return new CName(new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1), truncated);
    }

    /** Throws naming {@code field} when {@code ok} is false. */
    public static void require(boolean ok, String field, long pa, String problem, Object... args) {
        if (!ok) {
            throw ImageFormatException.at(field, pa, String.format(problem, args));
        }
    }

    private static <T> T guard(String field, long pa, Supplier<T> read) {
        try {
            return read.get();
        } catch (MachineCheck | IndexOutOfBoundsException e) {
            throw ImageFormatException.at(field, pa, e.getMessage() == null ? "unreadable" : e.getMessage());
        }
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import org.khoemu.emu.X86Reg;
import org.khoemu.kernel.port.PhysMem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The page file of a capture ({@code handover.pages}): records of a u64 little-endian physical
 * address followed by the 4096 bytes of that page, in strictly ascending address order; every
 * other byte of RAM is unknown and reads as zero. The file has no RAM size and no registers:
 * they come from the capture's {@code capture.json} or the command line.
 */
public final class PagesFile implements RamDump {
    public static final int RECORD = 8 + PageCopy.PAGE;
    /** A page file of more records than 64 GiB of RAM holds pages is not a page file. */
    static final long MAX_RECORDS = (64L << 30) / PageCopy.PAGE;

    private final Path path;
    private final long ramBytes;
    private final Map<X86Reg, Long> registers;
    private final long[] addresses;

    private PagesFile(Path path, long ramBytes, Map<X86Reg, Long> registers, long[] addresses) {
        this.path = path;
        this.ramBytes = ramBytes;
        this.registers = Map.copyOf(registers);
        this.addresses = addresses;
    }

    /**
     * Reads and checks every record header: each address page aligned, ascending, and its page
     * inside {@code ramBytes} of RAM. {@code registers} are what the capture recorded.
     */
    public static PagesFile open(Path path, long size, long ramBytes, Map<X86Reg, Long> registers) {
        if (size == 0 || size % RECORD != 0) {
            throw new DumpException(path + ": " + size + " bytes is not a whole number of " + RECORD
                    + "-byte page records (u64 address + 4096 bytes)");
        }
        long n = size / RECORD;
        if (n > MAX_RECORDS) {
            throw new DumpException(path + ": " + n + " page records are more than 64 GiB of RAM holds");
        }
        long[] addrs = new long[(int) n];
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (int i = 0; i < n; i++) {
                long off = (long) i * RECORD;
                b.clear();
                while (b.hasRemaining()) {
                    if (ch.read(b, off + b.position()) < 0) {
                        throw new DumpException(path + ": ends early in record " + i);
                    }
                }
                long pa = b.getLong(0);
                String at = String.format("%s: record %d (file offset 0x%x): page address 0x%x", path, i, off, pa);
                if ((pa & (PageCopy.PAGE - 1)) != 0) {
                    throw new DumpException(at + " is not page aligned");
                }
                if (Long.compareUnsigned(pa, ramBytes - PageCopy.PAGE) > 0) {
                    throw new DumpException(String.format("%s lies outside RAM of 0x%x bytes", at, ramBytes));
                }
                if (i > 0 && pa <= addrs[i - 1]) {
                    throw new DumpException(String.format("%s does not follow 0x%x in ascending order", at, addrs[i - 1]));
                }
                addrs[i] = pa;
            }
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        }
        return new PagesFile(path, ramBytes, registers, addrs);
    }

    /** True when the first record looks like one: a page-aligned address and a size of whole records. */
    static boolean looksLike(byte[] head, long size) {
        if (size == 0 || size % RECORD != 0 || head.length < 8) {
            return false;
        }
        long pa = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return (pa & (PageCopy.PAGE - 1)) == 0 && pa >= 0 && pa < (64L << 30);
    }

    public int pages() {
        return addresses.length;
    }

    /** The physical address of record {@code i}. */
    public long address(int i) {
        return addresses[i];
    }

    @Override
    public String format() {
        return "capture page file";
    }

    @Override
    public long ramBytes() {
        return ramBytes;
    }

    @Override
    public Map<X86Reg, Long> registers() {
        return registers;
    }

    @Override
    public long copyInto(PhysMem mem) {
        long pages = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (int i = 0; i < addresses.length; i++) {
                pages += PageCopy.copy(ch, (long) i * RECORD + 8, addresses[i], PageCopy.PAGE, mem, path.toString());
            }
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        }
        return pages;
    }
}

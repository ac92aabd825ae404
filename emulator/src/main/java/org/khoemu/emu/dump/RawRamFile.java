// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import com.sun.jna.LastErrorException;
import org.khoemu.emu.X86Reg;
import org.khoemu.emu.nat.DataExtents;
import org.khoemu.emu.nat.LibC;
import org.khoemu.kernel.port.PhysMem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Guest RAM as QEMU's monitor command {@code pmemsave 0 SIZE FILE} writes it: file offset =
 * physical address, no header, no registers (RSI or the KHO FDT address is given on the command
 * line). A khoemu {@code handover.img} without its sidecar is read the same way. Holes of a
 * sparse file are skipped without reading them.
 */
public final class RawRamFile implements RamDump {
    private final Path path;
    private final long fileSize;
    private final long ramBytes;

    private RawRamFile(Path path, long fileSize, long ramBytes) {
        this.path = path;
        this.fileSize = fileSize;
        this.ramBytes = ramBytes;
    }

    /** {@code ramBytes} 0 means the file's size; a file longer than RAM is refused. */
    public static RawRamFile open(Path path, long fileSize, long ramBytes) {
        long ram = ramBytes == 0 ? fileSize : ramBytes;
        if (fileSize == 0) {
            throw new DumpException(path + ": is empty, not a RAM dump");
        }
        if (fileSize > ram) {
            throw new DumpException(String.format("%s: 0x%x bytes are more than the 0x%x bytes of RAM given with --ram",
                    path, fileSize, ram));
        }
        if ((ram & (PageCopy.PAGE - 1)) != 0) {
            throw new DumpException(String.format("%s: RAM size 0x%x is not a multiple of 4 KiB "
                    + "(pmemsave 0 SIZE with SIZE the guest's RAM, or --ram)", path, ram));
        }
        return new RawRamFile(path, fileSize, ram);
    }

    @Override
    public String format() {
        return "raw RAM (pmemsave)";
    }

    @Override
    public long ramBytes() {
        return ramBytes;
    }

    @Override
    public Map<X86Reg, Long> registers() {
        return Map.of();
    }

    @Override
    public List<String> notes() {
        return fileSize < ramBytes
                ? List.of(String.format("the file holds 0x%x of 0x%x bytes of RAM; the rest reads as zero", fileSize, ramBytes))
                : List.of();
    }

    @Override
    public long copyInto(PhysMem mem) {
        int fd;
        try {
            fd = LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new DumpException(path + ": cannot open: errno " + e.getErrorCode());
        }
        long pages = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (long[] ext : DataExtents.of(fd, fileSize)) {
                long from = ext[0] & ~(PageCopy.PAGE - 1L);
                long to = Math.min(fileSize, ext[1]);
                pages += PageCopy.copy(ch, from, from, to - from, mem, path.toString());
            }
        } catch (IOException e) {
            throw new DumpException(path + ": cannot read: " + e.getMessage());
        } finally {
            LibC.close(fd);
        }
        return pages;
    }
}

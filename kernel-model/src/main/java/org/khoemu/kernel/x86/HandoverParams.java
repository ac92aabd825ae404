// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.x86;

import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.port.E820Entry;
import org.khoemu.kernel.port.PhysMem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the incoming kernel reads from the boot_params page in RAM: the e820 map, the command
 * line, and the {@code SETUP_KEXEC_KHO} entry of the setup_data chain (null if absent). Ranges
 * it must keep ({@link #reservedRanges}) are the page itself, the chain and the command line.
 */
public record HandoverParams(List<E820Entry> e820, String cmdline, KhoData kho, List<long[]> reservedRanges) {
    /** {@code COMMAND_LINE_SIZE} on x86-64. */
    public static final int COMMAND_LINE_SIZE = 2048;
    static final int MAX_SETUP_DATA = 64;

    public static HandoverParams read(PhysMem mem, long bp) {
        if (bp <= 0 || (bp & 0xfff) != 0 || bp + BootParams.SIZE > mem.size()) {
            throw new KernelPanic(String.format("boot_params at 0x%x is not a page in RAM", bp));
        }
        if (mem.read16(bp + BootParams.OFF_BOOT_FLAG) != BootParams.BOOT_FLAG
                || mem.read32(bp + BootParams.OFF_HEADER) != BootParams.HDRS_MAGIC) {
            throw new KernelPanic(String.format("boot_params at 0x%x has no boot flag / HdrS header", bp));
        }
        List<long[]> keep = new ArrayList<>();
        keep.add(new long[] {bp, BootParams.SIZE});
        List<E820Entry> e820 = E820Table.read(mem, bp);
        long cmdPa = Integer.toUnsignedLong(mem.read32(bp + BootParams.OFF_CMD_LINE_PTR))
                | (Integer.toUnsignedLong(mem.read32(bp + BootParams.OFF_EXT_CMD_LINE_PTR)) << 32);
        String cmdline = "";
        if (cmdPa != 0) {
            // unsigned: a pointer with the top bit set (ext_cmd_line_ptr's high bits) is past RAM, not before it
            if (Long.compareUnsigned(cmdPa, mem.size()) >= 0) {
                throw new KernelPanic(String.format("command line pointer 0x%x is outside RAM", cmdPa));
            }
            int max = (int) Math.min(COMMAND_LINE_SIZE, mem.size() - cmdPa);
            if (max == 0) {
                throw new KernelPanic(String.format("command line pointer 0x%x is outside RAM", cmdPa));
            }
            byte[] raw = mem.read(cmdPa, max);
            int len = 0;
            while (len < raw.length - 1 && raw[len] != 0) {
                len++;
            }
            cmdline = new String(raw, 0, len, StandardCharsets.US_ASCII);
            keep.add(new long[] {cmdPa, len + 1});
        }
        KhoData kho = null;
        long sd = mem.read64(bp + BootParams.OFF_SETUP_DATA);
        for (int hops = 0; sd != 0 && hops < MAX_SETUP_DATA; hops++) {
            if (sd < 0 || sd + SetupData.SIZE > mem.size() || sd + SetupData.SIZE < sd) {
                break; // a broken chain ends it, as a bad pointer would fault in early_memremap
            }
            SetupData h = SetupData.readFrom(mem, sd);
            long len = Integer.toUnsignedLong(h.len());
            if (sd + SetupData.SIZE + len > mem.size()) {
                break;
            }
            keep.add(new long[] {sd, SetupData.SIZE + len});
            if (h.type() == SetupData.SETUP_KEXEC_KHO && len >= KhoData.SIZE && kho == null) {
                kho = KhoData.readFrom(mem, sd + SetupData.SIZE);
            }
            sd = h.next();
        }
        return new HandoverParams(e820, cmdline, kho, keep);
    }
}

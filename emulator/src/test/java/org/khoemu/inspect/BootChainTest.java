// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.khoemu.kernel.port.HeapPhysMem;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BootChainTest {
    static final long RAM = 16 << 20;
    static final long BP = 0x100000;
    static final long SD0 = 0x101000;
    static final long SD1 = 0x101100;
    static final long FDT = 0x200000;
    static final long SCRATCH = 0x300000;

    HeapPhysMem mem;
    FieldReader r;

    /** boot_params -> an unrelated setup_data (type 1) -> SETUP_KEXEC_KHO with kho_data. */
    @BeforeEach
    void layout() {
        mem = new HeapPhysMem(RAM);
        r = new FieldReader(mem);
        mem.write16(BP + BootParams.OFF_BOOT_FLAG, BootParams.BOOT_FLAG);
        mem.write32(BP + BootParams.OFF_HEADER, BootParams.HDRS_MAGIC);
        mem.write16(BP + BootParams.OFF_VERSION, BootParams.BOOT_PROTOCOL_VERSION);
        mem.write32(BP + BootParams.OFF_CMD_LINE_PTR, 0x102000);
        mem.write64(BP + BootParams.OFF_SETUP_DATA, SD0);
        new SetupData(SD1, 1, 8).writeTo(mem, SD0);
        new SetupData(0, SetupData.SETUP_KEXEC_KHO, KhoData.SIZE).writeTo(mem, SD1);
        new KhoData(FDT, 4096, SCRATCH, 3 * 16).writeTo(mem, SD1 + SetupData.SIZE);
        mem.write64(SCRATCH, 0x1000000 - 0x400000);
        mem.write64(SCRATCH + 8, 0x400000);
    }

    @Test
    void decodesTheWholeChain() {
        BootChain c = BootChain.decode(r, BP);
        assertEquals(2, c.setupData().size());
        assertEquals(SD0, c.setupData().get(0).pa());
        assertEquals(1, c.setupData().get(0).header().type());
        assertEquals(SD1 + 16, c.khoDataPa());
        assertEquals(new KhoData(FDT, 4096, SCRATCH, 48), c.khoData());
        assertEquals(0x20f, c.protocolVersion());
        assertEquals(0x102000, c.cmdLinePa());
        assertEquals(3, c.scratch(r).size());
        assertEquals(0x400000, c.scratch(r).get(0)[1]);
    }

    static void assertFails(String expected, Runnable r) {
        ImageFormatException e = assertThrows(ImageFormatException.class, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void bootParamsOutsideRam() {
        assertFails("boot_params at 0x1000000: 0x1000 bytes there are outside RAM [0, 0x1000000)",
                () -> BootChain.decode(r, RAM));
    }

    @Test
    void badBootFlag() {
        mem.write16(BP + BootParams.OFF_BOOT_FLAG, (short) 0x1234);
        assertFails("boot_params.hdr.boot_flag at 0x1001fe: 0x1234, expected 0xaa55", () -> BootChain.decode(r, BP));
    }

    @Test
    void setupDataPointingOutsideRam() {
        mem.write64(SD0, 0x7fff_ffff_0000L);
        assertFails("setup_data[1] at 0x7fffffff0000: 0x10 bytes there are outside RAM [0, 0x1000000)",
                () -> BootChain.decode(r, BP));
    }

    @Test
    void loopInTheChain() {
        mem.write64(SD1, SD0);
        assertFails("setup_data[1].next at 0x101100: 0x101000 closes a loop in the setup_data chain",
                () -> BootChain.decode(r, BP));
    }

    @Test
    void khoEntryWithWrongLength() {
        new SetupData(0, SetupData.SETUP_KEXEC_KHO, 24).writeTo(mem, SD1);
        assertFails("setup_data[1].len at 0x10110c: 24, expected 32 for SETUP_KEXEC_KHO", () -> BootChain.decode(r, BP));
    }

    @Test
    void payloadLengthPastRam() {
        new SetupData(SD1, 1, 0x7fffffff).writeTo(mem, SD0);
        assertFails("setup_data[0] payload (len 2147483647) at 0x101010: 0x7fffffff bytes there are outside RAM [0, 0x1000000)",
                () -> BootChain.decode(r, BP));
    }

    @Test
    void noKhoEntry() {
        mem.write64(SD0, 0);
        assertFails("boot_params.hdr.setup_data at 0x100250: no SETUP_KEXEC_KHO (type 10) entry in the chain of 1",
                () -> BootChain.decode(r, BP));
    }

    @Test
    void khoFdtOutsideRam() {
        new KhoData(RAM - 2048, 4096, SCRATCH, 48).writeTo(mem, SD1 + SetupData.SIZE);
        assertFails("kho_data.fdt_addr/fdt_size at 0x101110: 0xfff800+0x1000: kernel B would refuse this handover: "
                + "KHO: disabling KHO revival: -14 (EFAULT): setup: failed to memremap FDT (0xfff800+0x1000)",
                () -> BootChain.decode(r, BP));
    }

    @Test
    void scratchSizeNotAMultipleOfTheEntryDecodesAsNoAreas() {
        // kernel B refuses such an array (inspect says so in its words); the chain itself still decodes
        new KhoData(FDT, 4096, SCRATCH, 40).writeTo(mem, SD1 + SetupData.SIZE);
        BootChain b = BootChain.decode(r, BP);
        assertEquals(40, b.khoData().scratchSize());
        assertEquals(0, b.scratch(r).size());
    }
}

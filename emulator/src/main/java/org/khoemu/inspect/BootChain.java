// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoPopulateChecks;
import org.khoemu.kernel.kho.KhoScratch;
import org.khoemu.kernel.x86.BootParams;
import org.khoemu.kernel.x86.KhoData;
import org.khoemu.kernel.x86.SetupData;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an x86 kernel finds through RSI: boot_params, its setup_data chain, and the
 * {@code SETUP_KEXEC_KHO} entry's {@code kho_data}. Decoded from untrusted RAM with every
 * field checked.
 */
public record BootChain(long bootParamsPa, int protocolVersion, long cmdLinePa, List<Node> setupData,
                        long khoDataPa, KhoData khoData) {
    /** A boot protocol chain longer than this is taken to be corrupt. */
    static final int MAX_SETUP_DATA = 64;

    /** One setup_data entry as found at {@code pa}. */
    public record Node(long pa, SetupData header) {
        public long payloadPa() {
            return pa + SetupData.SIZE;
        }
    }

    public static BootChain decode(FieldReader r, long bootParamsPa) {
        r.checkRange(bootParamsPa, BootParams.SIZE, "boot_params");
        FieldReader.require((bootParamsPa & 0xfff) == 0, "boot_params", bootParamsPa, "not page aligned");
        long flagPa = bootParamsPa + BootParams.OFF_BOOT_FLAG;
        int flag = r.u16(flagPa, "boot_params.hdr.boot_flag");
        FieldReader.require(flag == (BootParams.BOOT_FLAG & 0xffff), "boot_params.hdr.boot_flag", flagPa,
                "0x%04x, expected 0xaa55", flag);
        long hdrPa = bootParamsPa + BootParams.OFF_HEADER;
        int hdr = r.u32(hdrPa, "boot_params.hdr.header");
        FieldReader.require(hdr == BootParams.HDRS_MAGIC, "boot_params.hdr.header", hdrPa,
                "0x%08x, expected 0x%08x (\"HdrS\")", hdr, BootParams.HDRS_MAGIC);
        int version = r.u16(bootParamsPa + BootParams.OFF_VERSION, "boot_params.hdr.version");
        long cmdLine = (r.u32(bootParamsPa + BootParams.OFF_CMD_LINE_PTR, "boot_params.hdr.cmd_line_ptr") & 0xffffffffL)
                | ((long) r.u32(bootParamsPa + BootParams.OFF_EXT_CMD_LINE_PTR, "boot_params.ext_cmd_line_ptr") << 32);

        List<Node> nodes = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long linkPa = bootParamsPa + BootParams.OFF_SETUP_DATA;
        String linkName = "boot_params.hdr.setup_data";
        long next = r.u64(linkPa, linkName);
        Node kho = null;
        while (next != 0) {
            FieldReader.require(seen.add(next), linkName, linkPa, "0x%x closes a loop in the setup_data chain", next);
            FieldReader.require(nodes.size() < MAX_SETUP_DATA, linkName, linkPa,
                    "more than %d setup_data entries", MAX_SETUP_DATA);
            String name = "setup_data[" + nodes.size() + "]";
            r.checkRange(next, SetupData.SIZE, name);
            long pa = next;
            SetupData sd = r.struct(pa, SetupData.SIZE, name, () -> SetupData.readFrom(r.mem(), pa));
            long len = sd.len() & 0xffffffffL;
            r.checkRange(pa + SetupData.SIZE, len, name + " payload (len " + len + ")");
            Node node = new Node(pa, sd);
            nodes.add(node);
            if (sd.type() == SetupData.SETUP_KEXEC_KHO) {
                FieldReader.require(kho == null, name + ".type", pa + SetupData.OFF_TYPE, "a second SETUP_KEXEC_KHO entry");
                FieldReader.require(len == KhoData.SIZE, name + ".len", pa + SetupData.OFF_LEN,
                        "%d, expected %d for SETUP_KEXEC_KHO", len, KhoData.SIZE);
                kho = node;
            }
            linkPa = pa + SetupData.OFF_NEXT;
            linkName = name + ".next";
            next = sd.next();
        }
        if (kho == null) {
            throw ImageFormatException.at("boot_params.hdr.setup_data", bootParamsPa + BootParams.OFF_SETUP_DATA,
                    "no SETUP_KEXEC_KHO (type 10) entry in the chain of " + nodes.size());
        }
        long kdPa = kho.payloadPa();
        KhoData kd = r.struct(kdPa, KhoData.SIZE, "kho_data", () -> KhoData.readFrom(r.mem(), kdPa));
        // nothing after this can be decoded without the FDT: kernel B's refusal is the reason given
        KhoPopulateChecks.Refusal fdt = KhoPopulateChecks.fdt(r.mem().size(), kd.fdtAddr(), kd.fdtSize());
        if (fdt != null) {
            throw ImageFormatException.at("kho_data.fdt_addr/fdt_size", kdPa + KhoData.OFF_FDT_ADDR, String.format(
                    "0x%x+0x%x: kernel B would refuse this handover: %s%s", kd.fdtAddr(), kd.fdtSize(),
                    KernelBRefusals.KHO, fdt.logMessage()));
        }
        // a bad scratch array is decoded as no areas; KernelBRefusals says what kernel B makes of it
        return new BootChain(bootParamsPa, version, cmdLine, List.copyOf(nodes), kdPa, kd);
    }

    /** The {@code struct kho_scratch} entries ({@code addr}, {@code size}) the old kernel handed over. */
    public List<long[]> scratch(FieldReader r) {
        List<long[]> out = new ArrayList<>();
        if (KhoPopulateChecks.scratchArray(r.mem().size(), khoData.scratchAddr(), khoData.scratchSize()) != null) {
            return out;
        }
        for (long i = 0; i < khoData.scratchSize() / KhoScratch.SIZE; i++) {
            long pa = khoData.scratchAddr() + KhoScratch.SIZE * i;
            out.add(new long[] {r.u64(pa + KhoScratch.OFF_ADDR, "kho_scratch[" + i + "].addr"),
                    r.u64(pa + KhoScratch.OFF_SIZE, "kho_scratch[" + i + "].size")});
        }
        return out;
    }
}

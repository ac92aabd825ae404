// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.emu.dump.DumpOptions;
import picocli.CommandLine.Option;

/** The options a real dump may need to be read (a khoemu image needs none: its sidecar has them). */
final class DumpOptionsMixin {
    @Option(names = "--rsi", paramLabel = "ADDR", converter = AddressConverter.class,
            description = "Physical address of boot_params (RSI at kernel B's entry), when the dump does not record it.")
    long rsi;

    @Option(names = "--kho-fdt", paramLabel = "ADDR", converter = AddressConverter.class,
            description = "Physical address of the KHO FDT, when boot_params is gone (not for resume).")
    long khoFdt;

    @Option(names = "--ram", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest RAM size, when the dump does not tell it (raw file: its size; ELF: its segments from 0 without a gap).")
    long ram;

    @Option(names = "--abi", paramLabel = "PROFILE", converter = AbiConverter.class,
            description = "LUO ABI generation (seed-v6, seed-v6-name64, v6.19 or luo-v5); default: the sidecar's, else the "
                    + "one the LUO FDT's session compatible (or luo_ser's) names (seed-v6-name64 kept the seed's, so name it "
                    + "for a dump).")
    String abi;

    DumpOptions options() {
        return new DumpOptions(rsi, khoFdt, ram, abi);
    }
}

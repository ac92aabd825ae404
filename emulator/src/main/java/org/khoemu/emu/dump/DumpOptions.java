// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

/**
 * What the command line adds to a dump: the boot_params address ({@code --rsi}) or, when
 * boot_params is gone, the KHO FDT's ({@code --kho-fdt}); the RAM size ({@code --ram}); the
 * ABI profile ({@code --abi}); {@code --accept-modified}. 0 or null means "not given": the dump or its inference decides.
 */
public record DumpOptions(long rsi, long khoFdt, long ramBytes, String abi, boolean acceptModified) {
    public static final DumpOptions NONE = new DumpOptions(0, 0, 0, null);

    /** {@code acceptModified}: a khoemu image whose pages differ from its sidecar is loaded anyway. */
    public DumpOptions(long rsi, long khoFdt, long ramBytes, String abi) {
        this(rsi, khoFdt, ramBytes, abi, false);
    }
}

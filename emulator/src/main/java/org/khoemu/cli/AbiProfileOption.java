// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import picocli.CommandLine.Option;

/** {@code --abi PROFILE} of the {@code abi} subcommands, the default profile when absent. */
final class AbiProfileOption {
    @Option(names = "--abi", paramLabel = "PROFILE", converter = AbiConverter.class,
            description = "The ABI profile (default: ${DEFAULT-VALUE}).")
    String abi = LuoAbiProfiles.DEFAULT.name();

    LuoAbiProfile profile() {
        return LuoAbiProfiles.byName(abi);
    }
}

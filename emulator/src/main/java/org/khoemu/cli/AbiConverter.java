// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for {@code --abi PROFILE} on the commands that read a handover. */
public final class AbiConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        if (LuoAbiProfiles.all().stream().noneMatch(p -> p.name().equals(value))) {
            throw new TypeConversionException("'" + value + "' (expected one of " + String.join(", ",
                    LuoAbiProfiles.all().stream().map(LuoAbiProfile::name).toList()) + ")");
        }
        return value;
    }
}

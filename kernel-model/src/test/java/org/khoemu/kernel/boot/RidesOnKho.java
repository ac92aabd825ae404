// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

/**
 * A subsystem that does nothing but name the KHO generation its ABI rides on, as LUO does
 * through its profile: booting with it builds a kernel of that generation.
 */
public record RidesOnKho(String khoGeneration) implements KernelSubsystem {
    @Override
    public String name() {
        return "rides-on-" + khoGeneration;
    }
}

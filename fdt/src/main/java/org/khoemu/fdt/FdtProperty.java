// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import java.util.Arrays;

/** One property of a node as read back: its name and a copy of its value bytes. */
public record FdtProperty(String name, byte[] value) {
    public FdtProperty {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FdtProperty p && p.name.equals(name) && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "[" + value.length + " bytes]";
    }
}

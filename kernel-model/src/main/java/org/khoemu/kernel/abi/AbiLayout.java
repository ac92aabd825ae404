// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.abi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole declarative layout of one ABI profile: its serialized structs and its named
 * constants (FDT names, compatible strings, page counts and the maxima derived from them).
 * Everything that reads or writes the profile's bytes takes positions from here.
 */
public final class AbiLayout {
    private final String profile;
    private final Map<String, AbiStruct> structs;
    private final Map<String, AbiConstant> constants;

    private AbiLayout(String profile, Map<String, AbiStruct> structs, Map<String, AbiConstant> constants) {
        this.profile = profile;
        this.structs = structs;
        this.constants = constants;
    }

    public static Builder of(String profile) {
        return new Builder(profile);
    }

    public String profile() {
        return profile;
    }

    public List<AbiStruct> structs() {
        return List.copyOf(structs.values());
    }

    public List<AbiConstant> constants() {
        return List.copyOf(constants.values());
    }

    public AbiStruct struct(String name) {
        AbiStruct s = structs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("ABI " + profile + " has no struct " + name);
        }
        return s;
    }

    public boolean hasStruct(String name) {
        return structs.containsKey(name);
    }

    public AbiConstant constant(String name) {
        AbiConstant c = constants.get(name);
        if (c == null) {
            throw new IllegalArgumentException("ABI " + profile + " has no constant " + name);
        }
        return c;
    }

    public boolean hasConstant(String name) {
        return constants.containsKey(name);
    }

    public String text(String name) {
        return constant(name).text();
    }

    public int number(String name) {
        return Math.toIntExact(constant(name).number());
    }

    /** Collects structs and constants in the order they are given (the order they print in). */
    public static final class Builder {
        private final String profile;
        private final Map<String, AbiStruct> structs = new LinkedHashMap<>();
        private final Map<String, AbiConstant> constants = new LinkedHashMap<>();

        private Builder(String profile) {
            this.profile = profile;
        }

        public Builder struct(AbiStruct s) {
            structs.put(s.name(), s);
            return this;
        }

        public Builder structs(List<AbiStruct> list) {
            list.forEach(this::struct);
            return this;
        }

        public Builder text(String name, String value, String meaning) {
            constants.put(name, AbiConstant.text(name, value, meaning));
            return this;
        }

        public Builder number(String name, long value, String meaning) {
            constants.put(name, AbiConstant.number(name, value, meaning));
            return this;
        }

        /** Everything of {@code other} (a shared part such as the KHO memory map) not yet named here. */
        public Builder include(AbiLayout other) {
            other.structs.values().forEach(s -> structs.putIfAbsent(s.name(), s));
            other.constants.values().forEach(c -> constants.putIfAbsent(c.name(), c));
            return this;
        }

        public AbiLayout build() {
            return new AbiLayout(profile, new LinkedHashMap<>(structs), new LinkedHashMap<>(new LinkedHashMap<>(constants)));
        }
    }

    @Override
    public String toString() {
        return "AbiLayout[" + profile + ", " + new ArrayList<>(structs.keySet()) + "]";
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.dump;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.khoemu.emu.X86Reg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a capture's {@code capture.json} (beside its {@code handover.pages}) says about the
 * machine the pages came from: the RAM size ({@code machine.ram_bytes}), the registers at kernel
 * B's entry ({@code registers}, RSI = boot_params) and whether the kernel was built with KHO on by
 * default ({@code KEXEC_HANDOVER_ENABLE_DEFAULT} in {@code kernel.config}). Values are hex
 * strings; each one is checked.
 */
public record CaptureJson(long ramBytes, Map<X86Reg, Long> registers, boolean khoDefaultOn) {
    public static final String NAME = "capture.json";
    static final String KHO_DEFAULT_CONFIG = "KEXEC_HANDOVER_ENABLE_DEFAULT";
    static final int MAX_BYTES = 1 << 20;

    /** The capture.json beside {@code pages}, or null when there is none. */
    public static CaptureJson besides(Path pages) {
        Path p = pages.resolveSibling(NAME);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            if (Files.size(p) > MAX_BYTES) {
                throw new DumpException(p + ": larger than " + MAX_BYTES + " bytes, not a capture description");
            }
            return parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
        } catch (IOException e) {
            throw new DumpException(p + ": cannot read: " + e.getMessage());
        }
    }

    static CaptureJson parse(String json, String where) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new DumpException(where + ": is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DumpException(where + ": is not valid JSON (" + e.getMessage() + ")");
        }
        long ram = 0;
        JsonObject machine = object(o, "machine", where);
        if (machine != null && machine.has("ram_bytes")) {
            ram = hex(machine.get("ram_bytes"), "machine.ram_bytes", where);
        }
        Map<X86Reg, Long> regs = new EnumMap<>(X86Reg.class);
        JsonObject r = object(o, "registers", where);
        if (r != null) {
            for (X86Reg reg : X86Reg.values()) {
                if (r.has(reg.key())) {
                    regs.put(reg, hex(r.get(reg.key()), "registers." + reg.key(), where));
                }
            }
        }
        boolean khoDefault = false;
        JsonObject kernel = object(o, "kernel", where);
        if (kernel != null && kernel.has("config")) {
            JsonElement c = kernel.get("config");
            if (!c.isJsonPrimitive() || !c.getAsJsonPrimitive().isString()) {
                throw new DumpException(where + ": kernel.config is not a string");
            }
            khoDefault = c.getAsString().matches("(?s).*\\b" + KHO_DEFAULT_CONFIG + "\\b.*");
        }
        return new CaptureJson(ram, regs, khoDefault);
    }

    private static JsonObject object(JsonObject o, String name, String where) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonObject()) {
            throw new DumpException(where + ": " + name + " is not an object");
        }
        return e.getAsJsonObject();
    }

    private static long hex(JsonElement e, String name, String where) {
        String s = e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
        if (s == null || !s.matches("0x[0-9a-fA-F]{1,16}")) {
            throw new DumpException(where + ": " + name + " " + e + " is not a hex string like \"0x1000\"");
        }
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}

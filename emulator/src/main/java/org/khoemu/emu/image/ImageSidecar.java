// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.emu.X86Reg;
import org.khoemu.kernel.port.E820Entry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON sidecar {@code <image>.json} of a RAM image. Addresses, sizes and register values
 * are hex strings ("0x1f400000") so no JSON reader rounds them. Parsing validates every field
 * and names the first bad one.
 */
public record ImageSidecar(long ramBytes, List<E820Entry> memoryMap, Map<X86Reg, Long> registers,
                           String abiProfile, Map<String, String> extra, long nonZeroPages, String pagesSha256,
                           List<ImageEdit> edits) {
    public static final String FORMAT = "khoemu-ram-image";
    public static final int VERSION = 1;
    /** Key in {@code extra} of the run that wrote the image, also in that run's {@code report.json}. */
    public static final String RUN_ID = "runId";
    /**
     * Key in {@code extra} of the LUO ABI generation the run's kernel B read the image with
     * ({@code abiProfile} is the writer's, kernel A's); they differ in a live update across generations.
     */
    public static final String KERNEL_B_ABI = "kernelBAbi";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public ImageSidecar {
        memoryMap = List.copyOf(memoryMap);
        registers = new EnumMap<>(registers);
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        edits = List.copyOf(edits);
    }

    /** A sidecar of an image as written, with no {@code poke} edits. */
    public ImageSidecar(long ramBytes, List<E820Entry> memoryMap, Map<X86Reg, Long> registers, String abiProfile,
                        Map<String, String> extra, long nonZeroPages, String pagesSha256) {
        this(ramBytes, memoryMap, registers, abiProfile, extra, nonZeroPages, pagesSha256, List.of());
    }

    /** The id of the run that wrote the image, null if the writer gave none. */
    public String runId() {
        return extra.get(RUN_ID);
    }

    /** The generation the writing run's kernel B read the image with, null if the writer gave none. */
    public String kernelBAbi() {
        return extra.get(KERNEL_B_ABI);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("ramBytes", hex(ramBytes));
        o.addProperty("abiProfile", abiProfile);
        JsonArray map = new JsonArray();
        for (E820Entry e : memoryMap) {
            JsonObject j = new JsonObject();
            j.addProperty("addr", hex(e.addr()));
            j.addProperty("size", hex(e.size()));
            j.addProperty("type", e.type());
            map.add(j);
        }
        o.add("memoryMap", map);
        JsonObject regs = new JsonObject();
        registers.forEach((r, v) -> regs.addProperty(r.key(), hex(v)));
        o.add("registers", regs);
        JsonObject ex = new JsonObject();
        extra.forEach(ex::addProperty);
        o.add("extra", ex);
        o.addProperty("nonZeroPages", nonZeroPages);
        o.addProperty("pagesSha256", pagesSha256);
        if (!edits.isEmpty()) {
            JsonArray ed = new JsonArray();
            for (ImageEdit e : edits) {
                JsonObject j = new JsonObject();
                j.addProperty("field", e.field());
                j.addProperty("pa", hex(e.pa()));
                j.addProperty("old", e.oldHex());
                j.addProperty("new", e.newHex());
                ed.add(j);
            }
            o.add("edits", ed);
        }
        return GSON.toJson(o) + "\n";
    }

    /** Parses and validates; {@code where} names the file in messages. */
    public static ImageSidecar parse(String json, String where) {
        JsonObject o;
        if (json.isBlank()) {
            throw bad(where, "is not a sidecar: it is empty");
        }
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw bad(where, "is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw bad(where, "is not valid JSON (" + jsonReason(e) + ")");
        }
        String format = string(o, "format", where, "");
        if (!FORMAT.equals(format)) {
            throw bad(where, "has format \"" + format + "\", expected \"" + FORMAT + "\"");
        }
        long version = number(o, "version", where, "");
        if (version != VERSION) {
            throw bad(where, "has version " + version + ", this khoemu reads version " + VERSION);
        }
        long ram = hexField(o, "ramBytes", where, "");
        if (ram < PhysicalMemory.MIN_SIZE || ram > PhysicalMemory.MAX_SIZE || (ram & 4095) != 0) {
            throw bad(where, "has ramBytes " + hex(ram) + ", not a multiple of 4 KiB between 64 MiB and 64 GiB");
        }
        String abi = string(o, "abiProfile", where, "");
        List<E820Entry> map = new ArrayList<>();
        JsonArray arr = array(o, "memoryMap", where);
        for (int i = 0; i < arr.size(); i++) {
            if (!arr.get(i).isJsonObject()) {
                throw bad(where, "memoryMap[" + i + "] is not an object");
            }
            JsonObject j = arr.get(i).getAsJsonObject();
            String n = "memoryMap[" + i + "].";
            long type = number(j, "type", where, n);
            if (type < 1 || type > 0xffffffffL) {
                throw bad(where, n + "type " + type + " is not a valid e820 type");
            }
            map.add(new E820Entry(hexField(j, "addr", where, n), hexField(j, "size", where, n), (int) type));
        }
        JsonObject regs = object(o, "registers", where);
        Map<X86Reg, Long> r = new EnumMap<>(X86Reg.class);
        for (X86Reg reg : X86Reg.values()) {
            r.put(reg, hexField(regs, reg.key(), where, "registers."));
        }
        for (String k : regs.keySet()) {
            if (r.keySet().stream().noneMatch(x -> x.key().equals(k))) {
                throw bad(where, "has unknown register \"" + k + "\"");
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        JsonObject ex = object(o, "extra", where);
        for (String k : ex.keySet()) {
            extra.put(k, string(ex, k, where, "extra."));
        }
        long pages = number(o, "nonZeroPages", where, "");
        if (pages < 0 || pages > ram / 4096) {
            throw bad(where, "has nonZeroPages " + pages + ", impossible for " + hex(ram) + " bytes of RAM");
        }
        String sha = string(o, "pagesSha256", where, "");
        if (!sha.matches("[0-9a-f]{64}")) {
            throw bad(where, "has pagesSha256 \"" + sha + "\", not 64 lower-case hex digits");
        }
        return new ImageSidecar(ram, map, r, abi, extra, pages, sha, edits(o, where));
    }

    /** The optional {@code edits} array {@code khoemu poke} writes. */
    private static List<ImageEdit> edits(JsonObject o, String where) {
        List<ImageEdit> out = new ArrayList<>();
        if (!o.has("edits")) {
            return out;
        }
        JsonArray arr = array(o, "edits", where);
        for (int i = 0; i < arr.size(); i++) {
            if (!arr.get(i).isJsonObject()) {
                throw bad(where, "edits[" + i + "] is not an object");
            }
            JsonObject j = arr.get(i).getAsJsonObject();
            String n = "edits[" + i + "].";
            String old = string(j, "old", where, n);
            String now = string(j, "new", where, n);
            if (!old.matches("([0-9a-f]{2})*") || !now.matches("([0-9a-f]{2})*")) {
                throw bad(where, n + "old/new are not lower-case hex bytes");
            }
            out.add(new ImageEdit(string(j, "field", where, n), hexField(j, "pa", where, n), old, now));
        }
        return out;
    }

    /**
     * Gson's reason in words: the innermost message without the Java class it is wrapped in,
     * the JSON path or the link to Gson's troubleshooting page; end of input says the file ends early.
     */
    static String jsonReason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : t.getMessage().strip();
        m = m.replaceAll("^(?:[\\w$]+\\.)+[\\w$]+(?:Exception|Error): ", "");
        m = m.replaceAll("(?s)\\s*See https?://\\S+.*$", "").replaceAll(" path \\$\\S*", "").strip();
        if (t instanceof java.io.EOFException || m.startsWith("End of input")) {
            return "it ends early" + m.replaceFirst("^End of input", "");
        }
        if (m.isEmpty()) {
            return "malformed";
        }
        return Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    private static ImageException bad(String where, String what) {
        return new ImageException("RAM image sidecar " + where + " " + what);
    }

    private static JsonElement field(JsonObject o, String name, String where, String prefix) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw bad(where, "lacks " + prefix + name);
        }
        return e;
    }

    private static String string(JsonObject o, String name, String where, String prefix) {
        JsonElement e = field(o, name, where, prefix);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw bad(where, "has " + prefix + name + " that is not a string");
        }
        return e.getAsString();
    }

    private static long number(JsonObject o, String name, String where, String prefix) {
        JsonElement e = field(o, name, where, prefix);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(where, "has " + prefix + name + " that is not a number");
        }
        try {
            return new java.math.BigDecimal(e.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException x) {
            throw bad(where, "has " + prefix + name + " " + e.getAsString() + " that is not a 64-bit integer");
        }
    }

    private static long hexField(JsonObject o, String name, String where, String prefix) {
        String s = string(o, name, where, prefix);
        if (!s.matches("0x[0-9a-fA-F]{1,16}")) {
            throw bad(where, "has " + prefix + name + " \"" + s + "\", not a hex number like 0x1000");
        }
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    private static JsonArray array(JsonObject o, String name, String where) {
        JsonElement e = field(o, name, where, "");
        if (!e.isJsonArray()) {
            throw bad(where, "has " + name + " that is not an array");
        }
        return e.getAsJsonArray();
    }

    private static JsonObject object(JsonObject o, String name, String where) {
        JsonElement e = field(o, name, where, "");
        if (!e.isJsonObject()) {
            throw bad(where, "has " + name + " that is not an object");
        }
        return e.getAsJsonObject();
    }
}

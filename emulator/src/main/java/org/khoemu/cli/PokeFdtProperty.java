// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.khoemu.emu.PhysicalMemory;
import org.khoemu.fdt.FdtEditor;
import org.khoemu.fdt.FdtException;
import org.khoemu.inspect.BadFieldException;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.HandoverInspection;
import org.khoemu.kernel.abi.AbiLayout;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * {@code fdt:PATH:PROP=VALUE}: one property of the KHO root FDT or of the LUO FDT set to new
 * bytes, resized as asked, through libfdt ({@code fdt_open_into}, {@code fdt_setprop},
 * {@code fdt_pack}) on a copy of the blob in the space allocated to it. A path whose first
 * component is the KHO child holding the LUO FDT ({@code /LUO/luo-session}) continues in that
 * FDT; any other path is in the KHO FDT. VALUE is {@code 0x} hex bytes in the order written, or
 * a quoted string (stored NUL-terminated, as {@code fdt_setprop_string} does).
 */
record PokeFdtProperty(String name, long pa, byte[] oldBlob, byte[] newBlob, byte[] oldValue, byte[] newValue) {
    static final String PREFIX = "fdt:";

    static PokeFdtProperty of(String spec, HandoverInspection h, AbiLayout layout, PhysicalMemory mem) {
        int eq = spec.indexOf('=');
        int colon = eq < 0 ? -1 : spec.lastIndexOf(':', eq);
        if (eq < 0 || colon <= PREFIX.length()) {
            throw new BadFieldException("'" + spec + "' is not fdt:PATH:PROP=VALUE, e.g. "
                    + "fdt:/LUO/luo-session:luo-session-header=0xdeadbeef");
        }
        String path = spec.substring(PREFIX.length(), colon);
        String prop = spec.substring(colon + 1, eq);
        String name = spec.substring(0, eq);
        byte[] value = value(name, spec.substring(eq + 1));
        String luoChild = "/" + layout.text("LUO_FDT_KHO_ENTRY_NAME");
        FdtBlob blob;
        long room;
        if (path.equals(luoChild) || path.startsWith(luoChild + "/")) {
            blob = h.luo();
            room = layout.number("LUO_FDT_SIZE");
            path = path.length() == luoChild.length() ? "/" : path.substring(luoChild.length());
        } else {
            blob = h.kho();
            room = h.boot().khoData().fdtSize();
        }
        int size = (int) Math.min(room, 1 << 20);
        byte[] old = mem.read(blob.pa(), size);
        Memory buf = new Memory(size);
        buf.write(0, old, 0, size);
        try {
            FdtEditor ed = FdtEditor.openAt(Pointer.nativeValue(buf), size);
            int node = ed.reader().pathOffset(path);
            if (node < 0) {
                throw new BadFieldException(name + ": " + blob.what() + " has no node " + path);
            }
            byte[] was = ed.reader().getprop(node, prop);
            ed.setprop(node, prop, value).pack();
            byte[] now = new byte[size];
            byte[] packed = ed.toBytes();
            System.arraycopy(packed, 0, now, 0, packed.length);
            return new PokeFdtProperty(name, blob.pa(), old, now, was == null ? new byte[0] : was, value);
        } catch (FdtException e) {
            throw new BadFieldException(name + ": libfdt: " + e.getMessage() + " (" + blob.what() + " has " + size
                    + " bytes of room at 0x" + Long.toHexString(blob.pa()) + ")");
        } finally {
            buf.close();
        }
    }

    private static byte[] value(String name, String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            byte[] s = v.substring(1, v.length() - 1).getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[s.length + 1];
            System.arraycopy(s, 0, out, 0, s.length);
            return out;
        }
        if (v.matches("0[xX]([0-9a-fA-F]{2}){0,4096}")) {
            return HexFormat.of().parseHex(v.substring(2).toLowerCase());
        }
        throw new BadFieldException(name + ": '" + v + "' is neither 0x hex bytes (an even number of digits, written "
                + "in order) nor a quoted string");
    }

    /** The sidecar's record: the property's value before and after, at the blob's address. */
    String oldHex() {
        return HexFormat.of().formatHex(oldValue);
    }

    String newHex() {
        return HexFormat.of().formatHex(newValue);
    }
}

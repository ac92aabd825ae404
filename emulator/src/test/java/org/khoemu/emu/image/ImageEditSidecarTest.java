// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.X86Reg;
import org.khoemu.kernel.port.E820Entry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sidecar's {@code edits} list: written only when there are edits, read back exactly, validated. */
class ImageEditSidecarTest {
    private static ImageSidecar with(List<ImageEdit> edits) {
        Map<X86Reg, Long> regs = new EnumMap<>(X86Reg.class);
        for (X86Reg r : X86Reg.values()) {
            regs.put(r, 0L);
        }
        return new ImageSidecar(64L << 20, List.of(new E820Entry(0, 64L << 20, 1)), regs, "seed-v6", Map.of(), 3,
                "cd".repeat(32), edits);
    }

    @Test
    void editsRoundTripAndAnImageWithoutEditsHasNoKey() {
        assertFalse(with(List.of()).toJson().contains("edits"));
        List<ImageEdit> e = List.of(new ImageEdit("luo_session_header_ser.count", 0x7dc0008, "0200000000000000",
                "3403000000000000"), new ImageEdit("fdt:/LUO:x", 0x7ddd000, "", "00"));
        ImageSidecar s = with(e);
        String json = s.toJson();
        assertTrue(json.contains("\"pa\": \"0x7dc0008\""), json);
        assertEquals(s, ImageSidecar.parse(json, "x.json"));
        assertEquals("modified by poke: luo_session_header_ser.count at 0x7dc0008: 0200000000000000 -> 3403000000000000",
                e.get(0).describe());
    }

    @Test
    void badEditsAreNamed() {
        String json = with(List.of(new ImageEdit("f", 0x10, "00", "ff"))).toJson();
        assertEquals("RAM image sidecar x.json edits[0].old/new are not lower-case hex bytes",
                assertThrows(ImageException.class, () -> ImageSidecar.parse(json.replace("\"ff\"", "\"f\""), "x.json"))
                        .getMessage());
        assertEquals("RAM image sidecar x.json lacks edits[0].pa",
                assertThrows(ImageException.class, () -> ImageSidecar.parse(json.replace("\"pa\"", "\"pb\""), "x.json"))
                        .getMessage());
        assertEquals("RAM image sidecar x.json has edits that is not an array",
                assertThrows(ImageException.class, () -> ImageSidecar.parse(json.replaceFirst("\"edits\": \\[",
                        "\"edits\": 1, \"x\": ["), "x.json")).getMessage());
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.junit.jupiter.api.Test;
import org.khoemu.emu.X86Reg;
import org.khoemu.kernel.port.E820Entry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageSidecarTest {
    private static ImageSidecar sample() {
        Map<X86Reg, Long> regs = new EnumMap<>(X86Reg.class);
        for (X86Reg r : X86Reg.values()) {
            regs.put(r, r == X86Reg.RSI ? 0xffffffffffffff00L : r.ordinal());
        }
        return new ImageSidecar(1L << 30, List.of(new E820Entry(0, 1 << 20, 2), new E820Entry(1 << 20, (1L << 30) - (1 << 20), 1)),
                regs, "seed-v6", Map.of("kernel", "B"), 12, "ab".repeat(32));
    }

    @Test
    void roundTripKeepsEveryFieldIncludingTopBitValues() {
        ImageSidecar s = sample();
        ImageSidecar back = ImageSidecar.parse(s.toJson(), "x.json");
        assertEquals(s, back);
        assertEquals(0xffffffffffffff00L, back.registers().get(X86Reg.RSI));
    }

    @Test
    void wrongTypesAreNamed() {
        String j = sample().toJson();
        assertEquals("RAM image sidecar x.json has version 2, this khoemu reads version 1",
                assertThrows(ImageException.class, () -> ImageSidecar.parse(j.replace("\"version\": 1", "\"version\": 2"), "x.json"))
                        .getMessage());
        assertEquals("RAM image sidecar x.json has registers.rax \"12\", not a hex number like 0x1000",
                assertThrows(ImageException.class, () -> ImageSidecar.parse(j.replace("\"rax\": \"0x0\"", "\"rax\": \"12\""), "x.json"))
                        .getMessage());
        assertEquals("RAM image sidecar x.json has unknown register \"xmm0\"",
                assertThrows(ImageException.class, () -> ImageSidecar.parse(j.replace("\"rax\":", "\"xmm0\": \"0x1\", \"rax\":"), "x.json"))
                        .getMessage());
        assertEquals("RAM image sidecar x.json is not a JSON object",
                assertThrows(ImageException.class, () -> ImageSidecar.parse("[]", "x.json")).getMessage());
    }
}

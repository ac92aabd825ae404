// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.khoemu.inspect.SyntheticHandover.*;

class InspectionPrinterTest {
    static String print(boolean hex) throws Exception {
        SyntheticHandover h = new SyntheticHandover();
        StringWriter sw = new StringWriter();
        new InspectionPrinter(new PrintWriter(sw), h.mem, hex).print(HandoverInspection.decode(h.mem, BP));
        return sw.toString();
    }

    @Test
    void plainListingHasAddressesDtsAndFixedShapeSessionLines() throws Exception {
        SyntheticHandover h = new SyntheticHandover();
        String s = print(false);
        assertTrue(s.contains("setup_data[0] @ 0x101000: type 10 (SETUP_KEXEC_KHO), len 32, next 0x0"), s);
        assertTrue(s.contains("KHO FDT @ 0x200000"), s);
        assertTrue(s.contains("compatible = \"kho-v1\";"), s);
        assertTrue(s.contains("subtree LUO -> 0x220000"), s);
        assertTrue(s.contains("order  0: 2 block(s), 8192 bytes"), s);
        assertTrue(s.contains("LUO FDT @ 0x220000 (236 bytes): liveupdate-number 1, session block @ 0x400000"), s);
        assertTrue(s.contains("luo-session-header = <0x4000 0x00>;"), s);
        assertTrue(s.contains("session[1] \"session-1\" at block offset 0x60 (0x400060): files 0x0, pgcnt 0, count 0"), s);
        assertTrue(s.contains("file[0] at 0x500000: compatible \"memfd-v1\", data 0x510000, token 0x11, size 10000, sha256 "
                + h.sha0 + " (pos 0, 2 folio(s))"), s);
        assertFalse(s.lines().anyMatch(l -> l.matches("\\s*[0-9a-f]{8}: .*")), "no hex without --hex");
    }

    @Test
    void hexListingLabelsEveryField() throws Exception {
        String s = print(true);
        for (String line : new String[] {
                "00400010: 7365 7373 696f 6e2d 3000 0000 0000 0000  session-0.......  name",
                "00400040: 0000 0000 0000 0000                      ........          name +48",
                "00400048: 0000 5000 0000 0000                      ..P.....          files",
                "00400000: 1000 0000 0000 0000                      ........          pgcnt",
                "00400008: 0200 0000 0000 0000                      ........          count",
                "001001fe: 55aa                                     U.                hdr.boot_flag",
                "00500038: 1100 0000 0000 0000                      ........          token",
                "00210008: 0000 0000                                ....              hdr.order",
                "00510008: 1027 0000 0000 0000                      .'......          size",
                "00220000: d00d feed                                ....              magic",
                "00220004: 0000 00ec                                ....              totalsize"}) {
            assertTrue(s.contains("    " + line + "\n"), line + "\n" + s);
        }
    }
}

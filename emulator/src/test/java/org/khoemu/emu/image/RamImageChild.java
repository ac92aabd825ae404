// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu.image;

import org.khoemu.emu.PhysicalMemory;
import org.khoemu.emu.X86Reg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Run in a second JVM by {@link RamImageTest}: loads an image and checks it against a page list
 * the parent wrote itself ({@code pa sha256} per line), reading RAM only through plain accessors,
 * so nothing here shares code with how the image was saved or found its data. With
 * {@code full}, every page of RAM is read and any non-zero page missing from the list is reported.
 * Prints {@code bad ...} lines for every disagreement and {@code checked=N} at the end.
 */
public final class RamImageChild {
    private RamImageChild() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Map<Long, String> listed = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] f = line.split(" ");
            listed.put(Long.parseLong(f[0], 16), f[1]);
        }
        boolean full = args.length > 2 && args[2].equals("full");
        try (var m = RamImage.load(Path.of(args[0])).machine()) {
            PhysicalMemory mem = m.mem();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] page = new byte[4096];
            for (Map.Entry<Long, String> e : listed.entrySet()) {
                mem.read(e.getKey(), page, 0, page.length);
                String got = HexFormat.of().formatHex(md.digest(page));
                if (!got.equals(e.getValue())) {
                    System.out.printf("bad listed page 0x%x has sha256 %s%n", e.getKey(), got);
                }
            }
            long checked = listed.size();
            if (full) {
                for (long pa = 0; pa < mem.size(); pa += 4096) {
                    mem.read(pa, page, 0, page.length);
                    if (!listed.containsKey(pa) && !allZero(page)) {
                        System.out.printf("bad unlisted page 0x%x is not zero%n", pa);
                    }
                }
                checked = mem.size() / 4096;
            }
            System.out.println("rip=" + Long.toHexString(m.cpu().reg(X86Reg.RIP)));
            System.out.println("checked=" + checked);
        } catch (ImageException e) {
            System.out.println("bad error=" + e.getMessage());
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

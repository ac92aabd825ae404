// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.khoemu.fdt.FdtHeader;
import org.khoemu.inspect.FdtBlob;
import org.khoemu.inspect.ImageFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure block of an FDT that libfdt has already validated, token by token with blob
 * offsets: what the comparison needs to know where each property's value lies, so that an
 * address inside a property is followed and every other byte compared. Offsets are still
 * checked, so a blob that passed validation but lies about itself ends in one message.
 */
record FdtTokens(List<Token> tokens) {
    static final int FDT_BEGIN_NODE = 1;
    static final int FDT_END_NODE = 2;
    static final int FDT_PROP = 3;
    static final int FDT_NOP = 4;
    static final int FDT_END = 9;

    /** One token; for a property {@code name} is its name and the value is at {@code valueOffset}. */
    record Token(int tag, int offset, String path, String name, int valueOffset, int length) {
    }

    static FdtTokens of(FdtBlob blob) {
        byte[] bytes = blob.bytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        FdtHeader h = FdtHeader.readFrom(bytes);
        int off = h.offDtStruct();
        int end = off + h.sizeDtStruct();
        check(blob, off >= 0 && end >= off && end <= bytes.length, off, "structure block outside the blob");
        List<Token> out = new ArrayList<>();
        List<String> path = new ArrayList<>();
        while (off < end) {
            check(blob, off + 4 <= end, off, "token runs past the structure block");
            int tag = b.getInt(off);
            int at = off;
            off += 4;
            switch (tag) {
                case FDT_BEGIN_NODE -> {
                    int n = off;
                    while (n < end && bytes[n] != 0) {
                        n++;
                    }
                    check(blob, n < end, at, "node name without NUL");
                    String name = new String(bytes, off, n - off, StandardCharsets.ISO_8859_1);
                    path.add(name);
                    out.add(new Token(tag, at, pathOf(path), name, 0, 0));
                    off = align(n + 1);
                }
                case FDT_END_NODE -> {
                    check(blob, !path.isEmpty(), at, "FDT_END_NODE without a node");
                    out.add(new Token(tag, at, pathOf(path), "", 0, 0));
                    path.remove(path.size() - 1);
                }
                case FDT_PROP -> {
                    check(blob, off + 8 <= end, at, "property header runs past the structure block");
                    int len = b.getInt(off);
                    int nameoff = b.getInt(off + 4);
                    int v = off + 8;
                    check(blob, len >= 0 && v + len <= end, at, "property value runs past the structure block");
                    out.add(new Token(tag, at, pathOf(path), string(blob, h, nameoff, at), v, len));
                    off = align(v + len);
                }
                case FDT_NOP -> out.add(new Token(tag, at, pathOf(path), "", 0, 0));
                case FDT_END -> {
                    out.add(new Token(tag, at, "", "", 0, 0));
                    return new FdtTokens(List.copyOf(out));
                }
                default -> check(blob, false, at, "unknown token 0x" + Integer.toHexString(tag));
            }
        }
        check(blob, false, off, "no FDT_END token");
        return null;
    }

    private static String string(FdtBlob blob, FdtHeader h, int nameoff, int at) {
        byte[] bytes = blob.bytes();
        int s = h.offDtStrings() + nameoff;
        check(blob, nameoff >= 0 && nameoff < h.sizeDtStrings() && s < bytes.length, at, "name offset outside the strings");
        int n = s;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, s, n - s, StandardCharsets.ISO_8859_1);
    }

    private static String pathOf(List<String> path) {
        return path.size() <= 1 ? "/" : "/" + String.join("/", path.subList(1, path.size()));
    }

    private static int align(int off) {
        return (off + 3) & ~3;
    }

    private static void check(FdtBlob blob, boolean ok, int off, String what) {
        if (!ok) {
            throw new ImageFormatException(String.format("%s structure at +0x%x (0x%x): %s", blob.what(), off,
                    blob.pa() + off, what));
        }
    }

    /** Node paths in blob order. */
    List<String> nodes() {
        return tokens.stream().filter(t -> t.tag() == FDT_BEGIN_NODE).map(Token::path).toList();
    }

    /** The properties of the node at {@code path}, in blob order. */
    List<Token> properties(String path) {
        return tokens.stream().filter(t -> t.tag() == FDT_PROP && t.path().equals(path)).toList();
    }
}

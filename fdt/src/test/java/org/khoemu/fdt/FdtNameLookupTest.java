// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names on every path in: String and {@link FdtName} lookups agree, FdtName's bytes go to
 * libfdt as they are, names are UTF-8, and a name C could not express (inner NUL) or a NULL
 * buffer is an {@link FdtException}, never a silently shortened lookup.
 */
class FdtNameLookupTest {
    private final Fdt fdt = Fdt.fromBytes(TestBlobs.khoAllKinds());

    private static FdtException fails(FdtError error, String message, Executable call) {
        FdtException e = assertThrows(FdtException.class, call);
        assertEquals(error, e.error(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    @Test
    void everyFdtNameLookupMatchesItsStringTwin() {
        int luo = fdt.subnode(Fdt.ROOT, FdtName.of("LUO"));
        assertEquals(fdt.subnode(Fdt.ROOT, "LUO"), luo);
        assertArrayEquals(fdt.getprop(luo, "fdt"), fdt.getprop(luo, FdtName.of("fdt")));
        assertEquals("kho-v1", fdt.getpropString(Fdt.ROOT, FdtName.of("compatible")));
        assertEquals("alpha", fdt.getpropString(Fdt.ROOT, FdtName.of("names")));
        assertNull(fdt.getpropString(Fdt.ROOT, FdtName.of("nope")));
        assertTrue(fdt.nodeCheckCompatible(Fdt.ROOT, FdtName.of("kho-v1")));
        assertFalse(fdt.nodeCheckCompatible(Fdt.ROOT, FdtName.of("kho-v2")));
        FdtException e = fails(FdtError.BADVALUE, null, () -> fdt.getpropString(Fdt.ROOT, FdtName.of("magic")));
        assertEquals("fdt_getprop(magic): FDT_ERR_BADVALUE (string is not NUL-terminated)", e.getMessage());
    }

    /** The lookup uses the native bytes made by FdtName.of, not a fresh encoding of name(). */
    @Test
    void fdtNameLookupsPassTheEncodedBytesAsTheyAre() {
        FdtName name = FdtName.of("XUO");
        assertEquals(-1, fdt.subnode(Fdt.ROOT, name));
        name.pointer().setByte(0, (byte) 'L'); // only the native copy now says "LUO"
        assertEquals(fdt.subnode(Fdt.ROOT, "LUO"), fdt.subnode(Fdt.ROOT, name));
        FdtName prop = FdtName.of("fdX");
        prop.pointer().setByte(2, (byte) 't');
        assertArrayEquals(fdt.getprop(fdt.subnode(Fdt.ROOT, "LUO"), "fdt"),
                fdt.getprop(fdt.subnode(Fdt.ROOT, "LUO"), prop));
    }

    @Test
    void namesAreUtf8OnEveryPath() {
        String node = "sessão-ü";
        byte[] blob = FdtWriter.create(512).finishReservemap().beginNode("")
                .beginNode(node).propertyString("nome-é", "valor-ç").endNode()
                .beginNode(FdtName.of("ñ")).endNode()
                .endNode().finish().toBytes();
        Fdt t = Fdt.fromBytes(blob);
        int n = t.subnode(Fdt.ROOT, node);
        assertTrue(n > 0);
        assertEquals(n, t.subnode(Fdt.ROOT, FdtName.of(node)));
        assertEquals(n, t.pathOffset("/" + node));
        assertEquals(node, t.nodeName(n));
        assertEquals("valor-ç", t.getpropString(n, "nome-é"));
        assertArrayEquals("valor-ç\0".getBytes(StandardCharsets.UTF_8), t.getprop(n, FdtName.of("nome-é")));
        assertEquals("ñ", t.nodeName(t.subnode(Fdt.ROOT, "ñ")));
    }

    @Test
    void nulInsideAReaderNameIsAnErrorNotAShorterName() {
        int luo = fdt.subnode(Fdt.ROOT, "LUO");
        fails(FdtError.BADVALUE, "fdt_subnode_offset(LUO\\0x): FDT_ERR_BADVALUE (name \"LUO\\0x\" has a NUL at "
                + "index 3; libfdt would see only \"LUO\")", () -> fdt.subnode(Fdt.ROOT, "LUO\0x"));
        fails(FdtError.BADVALUE, null, () -> fdt.getprop(luo, "fdt\0"));
        fails(FdtError.BADVALUE, null, () -> fdt.getpropString(Fdt.ROOT, "compatible\0y"));
        fails(FdtError.BADVALUE, null, () -> fdt.nodeCheckCompatible(Fdt.ROOT, "kho-v1\0junk"));
        fails(FdtError.BADPATH, "fdt_path_offset(/LUO\\0/x): FDT_ERR_BADPATH (path \"/LUO\\0/x\" has a NUL at "
                + "index 4; libfdt would see only \"/LUO\")", () -> fdt.pathOffset("/LUO\0/x"));
        fails(FdtError.BADVALUE, "FdtName.of: FDT_ERR_BADVALUE (name \"a\\0\" has a NUL at index 1; "
                + "libfdt would see only \"a\")", () -> FdtName.of("a\0"));
        fails(FdtError.BADVALUE, "fdt_getprop(null): FDT_ERR_BADVALUE (name is null)",
                () -> fdt.getprop(Fdt.ROOT, (String) null));
    }

    @Test
    void nulInsideAnEditorOrWipNameTouchesNothing() {
        byte[] blob = TestBlobs.khoAllKinds();
        Memory page = new Memory(4096);
        page.clear();
        page.write(0, blob, 0, blob.length);
        FdtEditor ed = FdtEditor.openAt(Pointer.nativeValue(page), 4096);
        byte[] opened = page.getByteArray(0, 4096);
        fails(FdtError.BADVALUE, null, () -> ed.addSubnode(Fdt.ROOT, "LUO\0"));
        fails(FdtError.BADVALUE, null, () -> ed.setprop(Fdt.ROOT, "magic\0x", new byte[4]));
        fails(FdtError.BADVALUE, "fdt_setprop(compatible): FDT_ERR_BADVALUE (string value \"kho\\0v1\" has a NUL "
                + "at index 3; libfdt would see only \"kho\")", () -> ed.setpropString(Fdt.ROOT, "compatible", "kho\0v1"));
        // without the check, libfdt would delete "compatible"
        fails(FdtError.BADVALUE, null, () -> ed.delprop(Fdt.ROOT, "compatible\0junk"));
        assertArrayEquals(opened, page.getByteArray(0, 4096), "no edit reached libfdt");
        assertEquals("kho-v1", ed.reader().getpropString(Fdt.ROOT, "compatible"));

        byte[] wipBlob = TestBlobs.luoSeed();
        byte[] wipBefore = wipBlob.clone();
        NativeScratch.edit(wipBlob, host -> fails(FdtError.BADVALUE, null,
                () -> FdtWip.at(host, wipBlob.length).setpropInplaceRawU64(Fdt.ROOT, "liveupdate-number\0", 9)));
        assertArrayEquals(wipBefore, wipBlob);
    }

    @Test
    void nullOrNegativeBufferIsTruncatedForReaders() {
        fails(FdtError.TRUNCATED, "header: FDT_ERR_TRUNCATED (FDT address is NULL)", () -> Fdt.wrapUntrusted(0, 4096));
        fails(FdtError.TRUNCATED, null, () -> FdtEditor.openAt(0, 4096));
        fails(FdtError.TRUNCATED, null, () -> FdtWip.at(0, 4096));
        Memory m = new Memory(64);
        fails(FdtError.TRUNCATED, "header: FDT_ERR_TRUNCATED (negative FDT buffer length -1)",
                () -> Fdt.wrapUntrusted(Pointer.nativeValue(m), -1));
    }
}

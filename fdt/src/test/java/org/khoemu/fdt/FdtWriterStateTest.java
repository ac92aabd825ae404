// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer's state machine, and what libfdt itself checks. */
class FdtWriterStateTest {
    private static final int BADSTATE = -FdtError.BADSTATE.code();

    private static Arguments illegal(String what, Consumer<FdtWriter> setup, Consumer<FdtWriter> call,
                                     String operation) {
        return Arguments.of(what, setup, call, operation);
    }

    static Stream<Arguments> illegalCalls() {
        Consumer<FdtWriter> created = w -> { };
        Consumer<FdtWriter> rsvDone = FdtWriter::finishReservemap;
        Consumer<FdtWriter> inRoot = w -> w.finishReservemap().beginNode("");
        Consumer<FdtWriter> inChild = w -> w.finishReservemap().beginNode("").beginNode("a");
        Consumer<FdtWriter> afterChild = w -> w.finishReservemap().beginNode("").beginNode("a").endNode();
        Consumer<FdtWriter> rootClosed = w -> w.finishReservemap().beginNode("").endNode();
        Consumer<FdtWriter> finished = w -> w.finishReservemap().beginNode("").endNode().finish();
        return Stream.of(
                illegal("property before finish_reservemap", created, w -> w.propertyU32("p", 1), "fdt_property(p)"),
                illegal("begin_node before finish_reservemap", created, w -> w.beginNode(""), "fdt_begin_node()"),
                illegal("end_node before finish_reservemap", created, FdtWriter::endNode, "fdt_end_node"),
                illegal("finish before finish_reservemap", created, FdtWriter::finish, "fdt_finish"),
                illegal("finish_reservemap twice", rsvDone, FdtWriter::finishReservemap, "fdt_finish_reservemap"),
                illegal("reservemap entry after finish_reservemap", rsvDone, w -> w.addReservemapEntry(0, 4096),
                        "fdt_add_reservemap_entry"),
                illegal("reservemap entry inside a node", inRoot, w -> w.addReservemapEntry(0, 4096),
                        "fdt_add_reservemap_entry"),
                illegal("finish_reservemap inside a node", inRoot, FdtWriter::finishReservemap,
                        "fdt_finish_reservemap"),
                illegal("finish_reservemap after the root closed", rootClosed, FdtWriter::finishReservemap,
                        "fdt_finish_reservemap"),
                illegal("reservemap entry after the root closed", rootClosed, w -> w.addReservemapEntry(0, 4096),
                        "fdt_add_reservemap_entry"),
                illegal("property before begin_node", rsvDone, w -> w.propertyString("p", "v"), "fdt_property(p)"),
                illegal("end_node at depth 0", rsvDone, FdtWriter::endNode, "fdt_end_node"),
                illegal("finish without a root node", rsvDone, FdtWriter::finish, "fdt_finish"),
                illegal("finish with the root open", inRoot, FdtWriter::finish, "fdt_finish"),
                illegal("finish with two nodes open", inChild, FdtWriter::finish, "fdt_finish"),
                illegal("property after a subnode", afterChild, w -> w.propertyRawU64("late", 1), "fdt_property(late)"),
                illegal("second root node", rootClosed, w -> w.beginNode("again"), "fdt_begin_node(again)"),
                illegal("property after the root closed", rootClosed, w -> w.property("p", new byte[0]),
                        "fdt_property(p)"),
                illegal("end_node after the root closed", rootClosed, FdtWriter::endNode, "fdt_end_node"),
                illegal("toBytes before finish", rootClosed, FdtWriter::toBytes, "totalSize"),
                illegal("totalSize before finish", inRoot, FdtWriter::totalSize, "totalSize"),
                illegal("begin_node after finish", finished, w -> w.beginNode("x"), "fdt_begin_node(x)"),
                illegal("property after finish", finished, w -> w.propertyFdt64("p", 1), "fdt_property(p)"),
                illegal("end_node after finish", finished, FdtWriter::endNode, "fdt_end_node"),
                illegal("finish twice", finished, FdtWriter::finish, "fdt_finish"),
                illegal("finish_reservemap after finish", finished, FdtWriter::finishReservemap,
                        "fdt_finish_reservemap"),
                illegal("reservemap entry after finish", finished, w -> w.addReservemapEntry(0, 1),
                        "fdt_add_reservemap_entry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illegalCalls")
    void illegalCallIsRejectedWithBadstateAndChangesNothing(String what, Consumer<FdtWriter> setup,
                                                           Consumer<FdtWriter> call, String operation) {
        FdtWriter w = FdtWriter.create(1024);
        setup.accept(w);
        byte[] bufferBefore = snapshot(w);
        FdtException e = assertThrows(FdtException.class, () -> call.accept(w));
        assertEquals(FdtError.BADSTATE, e.error(), what);
        assertEquals(operation, e.operation(), what);
        // the Java state machine gives a reason; libfdt's own BADSTATE (caught too late) has none
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(operation) + ": FDT_ERR_BADSTATE \\(.+\\)"),
                "rejected in Java, with a reason: " + e.getMessage());
        assertArrayEquals(bufferBefore, snapshot(w), "a rejected call must not reach libfdt: " + what);
    }

    private static byte[] snapshot(FdtWriter w) {
        return new com.sun.jna.Pointer(w.hostAddress()).getByteArray(0, w.bufferSize());
    }

    @Test
    void writerIsStillUsableAfterARejectedCall() {
        FdtWriter w = FdtWriter.create(1024).finishReservemap().beginNode("").beginNode("a").endNode();
        assertThrows(FdtException.class, () -> w.propertyU32("late", 1));
        byte[] blob = w.endNode().finish().toBytes();
        Fdt fdt = Fdt.fromBytes(blob);
        assertEquals(1, fdt.subnodes(Fdt.ROOT).size());
        assertEquals(0, fdt.properties(Fdt.ROOT).size());
    }

    @Test
    void libfdtItselfRejectsOutOfOrderCallsWithBadstate() {
        Memory m = new Memory(1024);
        assertEquals(0, LibFdt.fdt_create(m, 1024));
        assertEquals(BADSTATE, LibFdt.fdt_begin_node(m, ""), "begin_node before finish_reservemap");
        assertEquals(BADSTATE, LibFdt.fdt_property(m, "p", new byte[4], 4), "property before finish_reservemap");
        assertEquals(BADSTATE, LibFdt.fdt_end_node(m), "end_node before finish_reservemap");
        assertEquals(BADSTATE, LibFdt.fdt_finish(m), "finish before finish_reservemap");
        assertEquals(0, LibFdt.fdt_finish_reservemap(m));
        assertEquals(BADSTATE, LibFdt.fdt_add_reservemap_entry(m, 0, 4096), "entry after finish_reservemap");
        assertEquals(BADSTATE, LibFdt.fdt_finish_reservemap(m), "finish_reservemap twice");
        assertEquals(0, LibFdt.fdt_begin_node(m, ""));
        assertEquals(0, LibFdt.fdt_end_node(m));
        assertEquals(0, LibFdt.fdt_finish(m));
        assertEquals(BADSTATE, LibFdt.fdt_begin_node(m, "x"), "begin_node after finish");
        assertEquals(BADSTATE, LibFdt.fdt_property(m, "p", new byte[4], 4), "property after finish");
        assertEquals(BADSTATE, LibFdt.fdt_end_node(m), "end_node after finish");
        assertEquals(BADSTATE, LibFdt.fdt_finish(m), "finish after finish");
        assertEquals(BADSTATE, LibFdt.fdt_add_reservemap_entry(m, 0, 1), "entry after finish");
    }

    /** What libfdt does not check: it writes a broken tree, which is why the Java state machine exists. */
    @Test
    void libfdtAcceptsNestingErrorsAndProducesABlobThatFailsTheFullCheck() {
        assertNestingErrorSlipsThrough(m -> {
            assertEquals(0, LibFdt.fdt_end_node(m), "end_node at depth 0");
        });
        assertNestingErrorSlipsThrough(m -> {
            assertEquals(0, LibFdt.fdt_begin_node(m, ""));
            // finish with the root still open
        });
    }

    /** Worse: a property before the root passes fdt_check_full, and offset 0 is then no node at all. */
    @Test
    void libfdtAcceptsAPropertyBeforeTheRootAndTheFullCheckMissesIt() {
        Memory m = new Memory(1024);
        assertEquals(0, LibFdt.fdt_create(m, 1024));
        assertEquals(0, LibFdt.fdt_finish_reservemap(m));
        assertEquals(0, LibFdt.fdt_property(m, "p", new byte[4], 4), "property outside any node");
        assertEquals(0, LibFdt.fdt_begin_node(m, ""));
        assertEquals(0, LibFdt.fdt_end_node(m));
        assertEquals(0, LibFdt.fdt_finish(m));
        assertEquals(0, LibFdt.fdt_check_full(m, 1024));
        assertEquals(-FdtError.BADOFFSET.code(), LibFdt.fdt_first_property_offset(m, Fdt.ROOT));
        // the Java validation catches it
        FdtException e = assertThrows(FdtException.class,
                () -> Fdt.fromBytes(m.getByteArray(0, FdtHeader.readFrom(m).totalsize())));
        assertEquals(FdtError.BADSTRUCTURE, e.error());
    }

    private static void assertNestingErrorSlipsThrough(Consumer<Memory> body) {
        Memory m = new Memory(1024);
        assertEquals(0, LibFdt.fdt_create(m, 1024));
        assertEquals(0, LibFdt.fdt_finish_reservemap(m));
        body.accept(m);
        assertEquals(0, LibFdt.fdt_finish(m));
        int rc = LibFdt.fdt_check_full(m, 1024);
        assertTrue(rc < 0, "fdt_check_full should reject it, got " + rc);
    }

    @Test
    void bufferTooSmallForAPropertyIsNospace() {
        FdtWriter w = FdtWriter.create(128).finishReservemap().beginNode("");
        FdtException e = assertThrows(FdtException.class, () -> w.property("big", new byte[200]));
        assertEquals(FdtError.NOSPACE, e.error());
        assertEquals("fdt_property(big): FDT_ERR_NOSPACE", e.getMessage());
        // the failed call wrote nothing: the small tree still finishes and parses
        assertEquals(0, Fdt.fromBytes(w.propertyU32("small", 7).endNode().finish().toBytes())
                .properties(Fdt.ROOT).size() - 1);
    }

    @Test
    void bufferTooSmallForTheHeaderIsNospace() {
        assertEquals(FdtError.NOSPACE, assertThrows(FdtException.class, () -> FdtWriter.create(16)).error());
        assertEquals(FdtError.NOSPACE, assertThrows(FdtException.class, () -> FdtWriter.create(0)).error());
        FdtException e = assertThrows(FdtException.class, () -> FdtWriter.create(16));
        assertEquals("fdt_create", e.operation());
    }

    @Test
    void nulInANameOrStringValueIsBadvalueAndReachesNothing() {
        FdtWriter w = FdtWriter.create(256).finishReservemap().beginNode("");
        byte[] before = snapshot(w);
        FdtException e = assertThrows(FdtException.class, () -> w.propertyU32("a\0b", 1));
        assertEquals(FdtError.BADVALUE, e.error());
        assertEquals("fdt_property(a\\0b): FDT_ERR_BADVALUE (name \"a\\0b\" has a NUL at index 1; "
                + "libfdt would see only \"a\")", e.getMessage());
        e = assertThrows(FdtException.class, () -> w.propertyString("s", "x\0y"));
        assertEquals("fdt_property(s): FDT_ERR_BADVALUE (string value \"x\\0y\" has a NUL at index 1; "
                + "libfdt would see only \"x\")", e.getMessage());
        e = assertThrows(FdtException.class, () -> w.propertyStringList(FdtName.of("l"), "ok", "\0"));
        assertEquals(FdtError.BADVALUE, e.error());
        assertEquals("fdt_property(l)", e.operation());
        e = assertThrows(FdtException.class, () -> w.beginNode("n\0"));
        assertEquals("fdt_begin_node(n\\0)", e.operation());
        assertEquals(FdtError.BADVALUE, assertThrows(FdtException.class, () -> w.property((String) null, new byte[0]))
                .error());
        assertArrayEquals(before, snapshot(w), "nothing reached libfdt");
        assertEquals(0, Fdt.fromBytes(w.endNode().finish().toBytes()).properties(Fdt.ROOT).size(),
                "the writer is still usable and wrote none of the rejected properties");
    }

    @Test
    void nullBufferIsNospaceLikeAnEmptyOne() {
        FdtException e = assertThrows(FdtException.class, () -> FdtWriter.createAt(0, 4096));
        assertEquals(FdtError.NOSPACE, e.error());
        assertEquals("fdt_create: FDT_ERR_NOSPACE (buffer address is NULL)", e.getMessage());
    }
}

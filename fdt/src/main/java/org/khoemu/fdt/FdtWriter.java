// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.fdt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.BitSet;

/**
 * libfdt's sequential-write API ({@code fdt_create} ... {@code fdt_finish}) over a native
 * buffer, the way the kernel builds the KHO and LUO FDTs.
 *
 * <p>A Java state machine (CREATED → RSVMAP_DONE → in node at depth n → ROOT_CLOSED →
 * FINISHED) rejects illegal calls with {@link FdtError#BADSTATE} before they reach libfdt.
 * libfdt itself only catches some of them (reservemap entries after
 * {@code fdt_finish_reservemap}, nodes or properties before it, anything after
 * {@code fdt_finish}); the rest (end_node at depth 0, a second root, properties outside a
 * node or after a subnode, finish with open nodes) it would write into a blob that
 * {@code fdt_check_full} later rejects or that readers silently misread.
 *
 * <p>Two 64-bit encodings exist and are named apart on purpose:
 * {@link #propertyRawU64} stores the CPU's native little-endian bytes, which is what LUO and
 * KHO use for every internal property ({@code liveupdate-number}, {@code luo-session-header},
 * {@code preserved-memory-map}, {@code fdt}; abi-reference §1.3), while {@link #propertyFdt64}
 * stores standard big-endian DT cells ({@code cpu_to_fdt64}).
 *
 * <p>Not thread-safe.
 */
public final class FdtWriter {
    private enum State { CREATED, RSVMAP_DONE, IN_NODE, ROOT_CLOSED, FINISHED }

    private final Pointer buf;
    private final Memory owned; // keeps a buffer from create() alive; null for createAt()
    private final int size;
    private State state = State.CREATED;
    private int depth;
    /** Depths whose open node already has a (closed) subnode: no more properties there. */
    private final BitSet hasSubnode = new BitSet();
    private Memory nameScratch = new Memory(64);
    private Memory valueScratch = new Memory(64);

    private FdtWriter(Pointer buf, Memory owned, int size) {
        this.buf = buf;
        this.owned = owned;
        this.size = size;
        check("fdt_create", LibFdt.fdt_create(buf, size));
    }

    /** A writer that owns a zeroed native buffer of {@code size} bytes. */
    public static FdtWriter create(int size) {
        if (size <= 0) {
            throw new FdtException("fdt_create", FdtError.NOSPACE, "buffer size " + size);
        }
        Memory m = new Memory(size);
        m.clear();
        return new FdtWriter(m, m, size);
    }

    /**
     * A writer over existing native memory, e.g. a page of emulated RAM. The caller keeps the
     * memory alive and {@code size} bytes writable; libfdt clears them first. Use an 8-byte
     * aligned address: libfdt's readers reject a misaligned blob with {@link FdtError#ALIGNMENT}.
     * After {@link #finish()} the buffer tail still holds a stale copy of the strings block
     * (libfdt moves it down without clearing), exactly as in the kernel's page.
     */
    public static FdtWriter createAt(long hostAddress, int size) {
        if (hostAddress == 0) { // a NULL buffer has no room at all, like one of size 0
            throw new FdtException("fdt_create", FdtError.NOSPACE, "buffer address is NULL");
        }
        if (size <= 0) {
            throw new FdtException("fdt_create", FdtError.NOSPACE, "buffer size " + size);
        }
        return new FdtWriter(new Pointer(hostAddress), null, size);
    }

    /** Adds a /memreserve/ entry; only before {@link #finishReservemap()}. */
    public FdtWriter addReservemapEntry(long addr, long size) {
        String op = "fdt_add_reservemap_entry";
        require(op, state == State.CREATED, "the reserve map is already finished");
        check(op, LibFdt.fdt_add_reservemap_entry(buf, addr, size));
        return this;
    }

    public FdtWriter finishReservemap() {
        String op = "fdt_finish_reservemap";
        require(op, state == State.CREATED, "the reserve map is already finished");
        check(op, LibFdt.fdt_finish_reservemap(buf));
        state = State.RSVMAP_DONE;
        return this;
    }

    /** Opens a node; the root node's name is {@code ""}. */
    public FdtWriter beginNode(String name) {
        return begin(name, null);
    }

    public FdtWriter beginNode(FdtName name) {
        return begin(name.name(), name);
    }

    /** {@code encoded} is null for a String name, which goes through the reused scratch buffer. */
    private FdtWriter begin(String name, FdtName encoded) {
        String op = FdtName.op("fdt_begin_node", name);
        require(op, state == State.RSVMAP_DONE || state == State.IN_NODE,
                switch (state) {
                    case CREATED -> "the reserve map is not finished";
                    case ROOT_CLOSED -> "the root node is already closed; a tree has one root";
                    default -> "the blob is finished";
                });
        check(op, LibFdt.fdt_begin_node(buf, encoded != null ? encoded.pointer() : scratchName(op, name)));
        state = State.IN_NODE;
        depth++;
        return this;
    }

    /** A string property: the UTF-8 bytes and a terminating NUL ({@code fdt_property_string}). */
    public FdtWriter propertyString(String name, String value) {
        return property(name, stringValue(name, value));
    }

    public FdtWriter propertyString(FdtName name, String value) {
        return property(name, stringValue(name.name(), value));
    }

    /** A string list ({@code "a", "b"} in DTS): each string NUL-terminated, back to back. */
    public FdtWriter propertyStringList(String name, String... values) {
        return property(name, stringListValue(name, values));
    }

    public FdtWriter propertyStringList(FdtName name, String... values) {
        return property(name, stringListValue(name.name(), values));
    }

    /** One big-endian cell ({@code fdt_property_u32} / {@code fdt_property_cell}). */
    public FdtWriter propertyU32(String name, int value) {
        return property(name, Fdt.cpuToFdt32Bytes(value));
    }

    public FdtWriter propertyU32(FdtName name, int value) {
        return property(name, Fdt.cpuToFdt32Bytes(value));
    }

    /**
     * Eight big-endian bytes, i.e. two DT cells ({@code fdt_property_u64}, {@code cpu_to_fdt64}).
     * NOT the LUO/KHO encoding; see {@link #propertyRawU64}.
     */
    public FdtWriter propertyFdt64(String name, long value) {
        return property(name, Fdt.cpuToFdt64Bytes(value));
    }

    public FdtWriter propertyFdt64(FdtName name, long value) {
        return property(name, Fdt.cpuToFdt64Bytes(value));
    }

    /**
     * Eight raw little-endian bytes: the in-memory bytes of a {@code u64} on x86-64/arm64, as
     * the kernel writes them with {@code fdt_property(fdt, name, &val, sizeof(val))}. This is the
     * encoding LUO and KHO use ({@code liveupdate-number}, {@code luo-session-header},
     * {@code preserved-memory-map}, {@code fdt}); abi-reference §1.3.
     */
    public FdtWriter propertyRawU64(String name, long value) {
        return property(name, Fdt.rawU64Bytes(value));
    }

    public FdtWriter propertyRawU64(FdtName name, long value) {
        return property(name, Fdt.rawU64Bytes(value));
    }

    /** Four raw little-endian bytes (e.g. {@code kho_test}'s {@code magic}); not a DT cell. */
    public FdtWriter propertyRawU32(String name, int value) {
        return property(name, Fdt.rawU32Bytes(value));
    }

    public FdtWriter propertyRawU32(FdtName name, int value) {
        return property(name, Fdt.rawU32Bytes(value));
    }

    /** A property with exactly these bytes (empty array = empty property). */
    public FdtWriter property(String name, byte[] value) {
        return put(name, null, value);
    }

    public FdtWriter property(FdtName name, byte[] value) {
        return put(name.name(), name, value);
    }

    /** {@code encoded} is null for a String name, which goes through the reused scratch buffer. */
    private FdtWriter put(String name, FdtName encoded, byte[] value) {
        String op = FdtName.op("fdt_property", name);
        require(op, state == State.IN_NODE, "no node is open");
        // fdt_next_property_offset stops at the first subnode: a later property would be unreachable
        require(op, !hasSubnode.get(depth), "properties must come before subnodes");
        Pointer n = encoded != null ? encoded.pointer() : scratchName(op, name);
        check(op, LibFdt.fdt_property(buf, n, scratchValue(value), value.length));
        return this;
    }

    public FdtWriter endNode() {
        String op = "fdt_end_node";
        require(op, state == State.IN_NODE, "no node is open");
        check(op, LibFdt.fdt_end_node(buf));
        hasSubnode.clear(depth);
        depth--;
        if (depth == 0) {
            state = State.ROOT_CLOSED;
        } else {
            hasSubnode.set(depth);
        }
        return this;
    }

    /** Finishes the blob; libfdt shrinks {@code totalsize} to the bytes used. */
    public FdtWriter finish() {
        String op = "fdt_finish";
        require(op, state == State.ROOT_CLOSED,
                state == State.IN_NODE ? depth + " node(s) still open" : "the root node was not written");
        check(op, LibFdt.fdt_finish(buf));
        state = State.FINISHED;
        return this;
    }

    /** The finished blob's {@code totalsize}. */
    public int totalSize() {
        requireFinished("totalSize");
        return FdtHeader.readFrom(buf).totalsize();
    }

    /** Address of the buffer's first byte (where the header is). */
    public long hostAddress() {
        return Pointer.nativeValue(buf);
    }

    /** Capacity given at creation. */
    public int bufferSize() {
        return size;
    }

    /** The first {@code totalsize} bytes of the finished blob. */
    public byte[] toBytes() {
        return buf.getByteArray(0, totalSize());
    }

    private void requireFinished(String op) {
        require(op, state == State.FINISHED, "the blob is not finished");
    }

    private void require(String op, boolean ok, String why) {
        if (!ok) {
            throw new FdtException(op, FdtError.BADSTATE, why);
        }
    }

    private static void check(String op, int rc) {
        if (rc < 0) {
            throw FdtException.fromReturn(op, rc);
        }
    }

    private static byte[] stringValue(String name, String value) {
        return FdtName.cString(FdtName.op("fdt_property", name), "string value", value);
    }

    private static byte[] stringListValue(String name, String... values) {
        var out = new java.io.ByteArrayOutputStream();
        for (String v : values) {
            out.writeBytes(stringValue(name, v));
        }
        return out.toByteArray();
    }

    /** Encodes a String name into one native buffer reused by every call (no JNA String per call). */
    private Pointer scratchName(String op, String name) {
        byte[] z = FdtName.cString(op, "name", name);
        if (nameScratch.size() < z.length) {
            nameScratch = new Memory(z.length);
        }
        nameScratch.write(0, z, 0, z.length);
        return nameScratch;
    }

    private Pointer scratchValue(byte[] value) {
        if (valueScratch.size() < value.length) {
            valueScratch = new Memory(value.length);
        }
        valueScratch.write(0, value, 0, value.length);
        return valueScratch;
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.port.PhysMem;

import java.nio.ByteBuffer;

/**
 * One generation of the LUO handover ABI: the strings of the LUO FDT and the byte layout of the
 * session block and the per-session file arrays. The LUO core only talks to RAM through a
 * profile, so a later generation (v6.19: {@code luo-session-v2}, 8-byte header, 64-byte names)
 * is a second implementation, not a change to the core.
 */
public interface LuoAbiProfile {
    /** Short name used on the command line and in reports, e.g. {@code "seed-v6"}. */
    String name();

    /** The KHO generation ({@code kho-v1} … {@code kho-v4}) this LUO ABI rides on. */
    default String khoGeneration() {
        return "kho-v1";
    }

    /** The profile's declarative layout table: every position and name below comes from it. */
    AbiLayout layout();

    // ---- where things live ----

    /**
     * Where the serialized sessions live: the seed family's fixed block (default), or a chain
     * of {@code kho_block}s. The session methods below read and write inside one block of it.
     */
    default LuoEntryStore sessionStore() {
        return new LuoSessionBlockStore(this);
    }

    /** Where one session's serialized files live: the seed family's 2-page arrays (default), or a chain. */
    default LuoEntryStore fileStore() {
        return new LuoFileArrayStore(this);
    }

    /**
     * luo-v3 and later: the KHO entry is a raw {@code struct luo_ser} blob, described here; null
     * (default) for the {@code luo-v1} FDT, whose names the methods below give.
     */
    default LuoSerRoot serRoot() {
        return null;
    }

    // ---- LUO FDT ----

    /** {@code LUO_FDT_KHO_ENTRY_NAME}: the child of the KHO root FDT. */
    String khoEntryName();

    /** {@code LUO_FDT_SIZE}: bytes allocated (and preserved) for the LUO FDT. */
    int fdtSize();

    /** {@code LUO_FDT_COMPATIBLE} of the root node. */
    String luoCompatible();

    /** {@code LUO_FDT_LIVEUPDATE_NUM}: raw native-endian u64 property of the root node. */
    String liveupdateNumberProperty();

    String sessionNodeName();

    String sessionCompatible();

    /** Raw native-endian u64 property holding the session block's physical address. */
    String sessionHeaderProperty();

    // ---- session block ----

    /** Size of {@code name[]} in a serialized session (seed 04/20: 56). */
    int sessionNameLength();

    /** {@code LUO_SESSION_PGCNT}: pages of the session block. */
    int sessionBlockPages();

    int sessionHeaderSize();

    int sessionEntrySize();

    /** {@code LUO_SESSION_MAX}, computed from the block, header and entry sizes. */
    default int sessionMax() {
        return (int) ((((long) sessionBlockPages() << 12) - sessionHeaderSize()) / sessionEntrySize());
    }

    /** Setup time: the header of a fresh, zeroed block (seed: {@code pgcnt}). */
    void initSessionHeader(PhysMem mem, long blockPa);

    /** Serialize time: the number of entries. */
    void writeSessionCount(PhysMem mem, long blockPa, long count);

    long readSessionCount(PhysMem mem, long blockPa);

    /**
     * What {@code luo_open} does when deserializing the incoming sessions fails: the seed
     * ignores the result (the open succeeds, the error is only logged), v6.19 fails the open
     * with EIO.
     */
    boolean openFailsOnDeserializeError();

    void writeSession(PhysMem mem, long blockPa, int index, LuoSessionRecord record);

    /**
     * The same entry as {@link #writeSession(PhysMem, long, int, LuoSessionRecord)}, written
     * through a little-endian window of the whole block (position 0 = the block) with the name
     * already as its field ({@link CString#field}): the reboot path writes up to
     * LUO_SESSION_MAX entries and should not allocate per entry.
     */
    void writeSession(ByteBuffer block, int index, byte[] nameField, long files, long pgcnt, long count);

    LuoSessionRecord readSession(PhysMem mem, long blockPa, int index);

    /**
     * The same entry read through a little-endian window of the whole block, the name copied
     * through {@code scratch} (at least {@link #sessionNameLength()} bytes): the first open
     * rebuilds up to LUO_SESSION_MAX entries.
     */
    LuoSessionRecord readSession(ByteBuffer block, int index, byte[] scratch);

    /** Undo of a serialized entry on a failed freeze: the name is zeroed. */
    void clearSessionName(PhysMem mem, long blockPa, int index);

    // ---- file arrays ----

    /** {@code LIVEUPDATE_HNDL_COMPAT_LENGTH}. */
    int fileCompatibleLength();

    /** {@code LUO_FILE_PGCNT}: pages of one session's file array. */
    int filePages();

    int fileEntrySize();

    /** {@code LUO_FILE_MAX}. */
    default int fileMax() {
        return ((filePages() << 12)) / fileEntrySize();
    }

    void writeFile(PhysMem mem, long filesPa, int index, LuoFileRecord record);

    /** The same entry, with the compatible string given as its field ({@link CString#field}). */
    void writeFile(PhysMem mem, long filesPa, int index, byte[] compatibleField, long data, long token);

    LuoFileRecord readFile(PhysMem mem, long filesPa, int index);
}

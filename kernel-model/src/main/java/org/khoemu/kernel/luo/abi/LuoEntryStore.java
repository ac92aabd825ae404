// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.port.PhysMem;

/**
 * Where one list of serialized entries (the sessions, or one session's files) lives in preserved
 * memory: the seed's fixed 16-page session block and 2-page file arrays (abi-reference 1.4, 1.5),
 * or luo-v5's chains of 4 KiB {@code kho_block}s (2.3). Either way the entries sit in blocks of
 * {@link Out#perBlock()} entries: entry {@code i} is entry {@code i % perBlock} of block
 * {@code i / perBlock}, at the offsets the profile's layout gives inside a block. The LUO core
 * walks blocks; a profile's store says how they are made, sealed, checked and freed.
 */
public interface LuoEntryStore {
    /** A new, empty outgoing list (the seed's session block is allocated here, at setup). */
    Out create(PhysMem mem, KhoOutgoing kho);

    /**
     * The incoming list the previous kernel recorded as {@code head} with {@code count} entries
     * (for the session list of the seed, the count is in the block and {@code count} is ignored),
     * checked before any entry is read. Null: not valid, but only a warning for this generation
     * (the seed's file arrays: the files are dropped); a KernelException: the kernel's errno,
     * with whatever the check refused already freed and the reason logged.
     */
    In restore(PhysMem mem, KhoIncoming kho, KernelLog log, long head, long count);

    /** The outgoing side, grown and shrunk as entries come and go; written at reboot. */
    interface Out {
        /** Entries per block. */
        int perBlock();

        /** Bytes of one block (a window over it holds every entry of the block). */
        int blockBytes();

        /** Room for {@code entries} entries, allocating if this store does; the kernel's errno when full. */
        void reserve(int entries);

        /** Gives back room beyond {@code entries} entries (a store that allocates on demand frees). */
        void trim(int entries);

        /** What the parent records: the block or first block, 0 when there is none. */
        long head();

        /** Pages the list occupies now (reports: the seed's session {@code pgcnt}). */
        long pages();

        long block(int b);

        /** Reboot time: the count(s) for {@code entries} entries. */
        void seal(PhysMem mem, int entries);

        /** Undo of a failed serialize: every entry (and count) zeroed. */
        void clear(PhysMem mem);

        /** Everything unpreserved and freed. */
        void free();
    }

    /** A checked incoming list: its blocks, each with its entry count. */
    interface In {
        int perBlock();

        int blockBytes();

        int blocks();

        long block(int b);

        int count(int b);

        long entries();

        /** What the previous kernel recorded (the seed's {@code pgcnt}: pages of the list). */
        long pages();

        /** {@code kho_restore_free} of every block. */
        void free(KhoIncoming kho);
    }
}

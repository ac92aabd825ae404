// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.luov5;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.kho.block.KhoBlockChain;
import org.khoemu.kernel.kho.block.KhoBlockLayout;
import org.khoemu.kernel.kho.block.KhoBlockRestore;
import org.khoemu.kernel.luo.abi.LuoEntryStore;
import org.khoemu.kernel.port.PhysMem;

/**
 * luo-v5's sessions, or one session's files, in a {@code kho_block} chain (abi-reference 2.3):
 * a block is added when an entry does not fit (session create, file preserve; ENOSPC past
 * {@code KHO_MAX_BLOCKS}) and the tail block given back when its last entry goes. An incoming
 * chain that fails the block checks is -EINVAL with the rest of it freed; for files the
 * session entry's {@code count} must equal the entries found (a mismatch is logged as a warning
 * and is -EINVAL too).
 *
 * <p>UNVERIFIED (abi-reference 2.3 does not pin them): whether the mismatched chain is freed
 * (here it is, like a refused one), and that the undo of a failed serialize zeroes the blocks'
 * counts and entries while keeping their links.
 */
public final class LuoV5ChainStore implements LuoEntryStore {
    private final int entrySize;
    private final String what;
    private final boolean crossCheckCount;

    /** {@code what} names the list in messages; {@code crossCheckCount}: the parent records a count to compare. */
    LuoV5ChainStore(int entrySize, String what, boolean crossCheckCount) {
        this.entrySize = entrySize;
        this.what = what;
        this.crossCheckCount = crossCheckCount;
    }

    @Override
    public Out create(PhysMem mem, KhoOutgoing kho) {
        KhoBlockChain chain = new KhoBlockChain(mem, kho, entrySize);
        return new Out() {
            @Override public int perBlock() { return chain.perBlock(); }
            @Override public int blockBytes() { return KhoBlockLayout.KHO_BLOCK_SIZE; }
            @Override public void reserve(int entries) { chain.ensure(entries); }
            @Override public void trim(int entries) { chain.shrink(entries); }
            @Override public long head() { return chain.head(); }
            @Override public long pages() { return chain.blocks(); }
            @Override public long block(int b) { return chain.block(b); }
            @Override public void seal(PhysMem m, int entries) { chain.seal(entries); }
            @Override public void clear(PhysMem m) { chain.clear(); }
            @Override public void free() { chain.free(); }
        };
    }

    @Override
    public In restore(PhysMem mem, KhoIncoming kho, KernelLog log, long head, long count) {
        KhoBlockRestore.Chain chain;
        try {
            chain = KhoBlockRestore.restore(mem, head, entrySize);
        } catch (KhoBlockRestore.Invalid e) {
            log.err("luo", "Incoming " + what + " chain refused: " + e.getMessage());
            KhoBlockRestore.freeChain(mem, kho, head);
            throw new KernelException(Errno.EINVAL, what + " chain: " + e.getMessage());
        }
        if (crossCheckCount && chain.entries() != count) {
            String msg = String.format("%s chain at %#x holds %d entries, its parent says %s", what, head,
                    chain.entries(), Long.toUnsignedString(count));
            log.warn("luo", msg);
            KhoBlockRestore.free(kho, chain);
            throw new KernelException(Errno.EINVAL, msg);
        }
        int per = KhoBlockLayout.perBlock(entrySize);
        return new In() {
            @Override public int perBlock() { return per; }
            @Override public int blockBytes() { return KhoBlockLayout.KHO_BLOCK_SIZE; }
            @Override public int blocks() { return chain.size(); }
            @Override public long block(int b) { return chain.blocks()[b]; }
            @Override public int count(int b) { return chain.counts()[b]; }
            @Override public long entries() { return chain.entries(); }
            @Override public long pages() { return chain.size(); }
            @Override public void free(KhoIncoming k) { KhoBlockRestore.free(k, chain); }
        };
    }
}

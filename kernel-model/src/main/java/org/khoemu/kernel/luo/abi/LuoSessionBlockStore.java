// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.port.PhysMem;

/**
 * The seed family's session block (abi-reference 1.4, 2.1): {@code LUO_SESSION_PGCNT} pages
 * allocated and preserved once at setup, a header with the count, then up to
 * {@code LUO_SESSION_MAX} entries. A full block is ENOMEM on create.
 */
public final class LuoSessionBlockStore implements LuoEntryStore {
    private final LuoAbiProfile p;

    public LuoSessionBlockStore(LuoAbiProfile p) {
        this.p = p;
    }

    private int bytes() {
        return p.sessionBlockPages() << 12;
    }

    @Override
    public Out create(PhysMem mem, KhoOutgoing kho) {
        long pa = kho.allocPreserve(bytes());
        p.initSessionHeader(mem, pa);
        return new Out() {
            @Override public int perBlock() { return p.sessionMax(); }
            @Override public int blockBytes() { return bytes(); }
            @Override public long head() { return pa; }
            @Override public long pages() { return p.sessionBlockPages(); }
            @Override public long block(int b) { return pa; }

            @Override
            public void reserve(int entries) {
                if (entries > p.sessionMax()) {
                    throw new KernelException(Errno.ENOMEM, "the session block is full (" + p.sessionMax() + " sessions)");
                }
            }

            @Override public void trim(int entries) { }

            @Override
            public void seal(PhysMem m, int entries) {
                p.writeSessionCount(m, pa, entries);
            }

            @Override
            public void clear(PhysMem m) {
                m.fill(pa + p.sessionHeaderSize(), bytes() - p.sessionHeaderSize(), (byte) 0);
                p.writeSessionCount(m, pa, 0);
            }

            @Override
            public void free() {
                kho.unpreserveFree(pa);
            }
        };
    }

    /** The count comes from the block's header. */
    @Override
    public In restore(PhysMem mem, KhoIncoming kho, KernelLog log, long head, long ignored) {
        long count = p.readSessionCount(mem, head);
        // khoemu bound, not in the seed or v6.19: they trust the count and would index past
        // the 16-page block for a count above LUO_SESSION_MAX; the model refuses that read.
        if (count < 0 || count > p.sessionMax()) {
            log.err("luo", "Incoming session count " + Long.toUnsignedString(count)
                    + " exceeds LUO_SESSION_MAX " + p.sessionMax());
            throw new KernelException(Errno.EINVAL, "bad incoming session count");
        }
        return new LuoFixedBlockIn(head, p.sessionMax(), bytes(), (int) count, p.sessionBlockPages());
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi;

import org.khoemu.kernel.KernelLog;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoOutgoing;
import org.khoemu.kernel.port.PhysMem;

/**
 * The seed family's file arrays (abi-reference 1.5): {@code LUO_FILE_PGCNT} pages without a
 * header, allocated on a session's first preserve and freed with its last file. An incoming
 * array outside RAM or with a count above {@code LUO_FILE_MAX} only drops the files (v6.19
 * ignores the file layer's result).
 */
public final class LuoFileArrayStore implements LuoEntryStore {
    private final LuoAbiProfile p;

    public LuoFileArrayStore(LuoAbiProfile p) {
        this.p = p;
    }

    private int bytes() {
        return p.filePages() << 12;
    }

    @Override
    public Out create(PhysMem mem, KhoOutgoing kho) {
        return new Out() {
            private long pa;

            @Override public int perBlock() { return p.fileMax(); }
            @Override public int blockBytes() { return bytes(); }
            @Override public long head() { return pa; }
            @Override public long pages() { return pa == 0 ? 0 : p.filePages(); }
            @Override public long block(int b) { return pa; }

            /** The fixed capacity is checked by the caller before it takes the file. */
            @Override
            public void reserve(int entries) {
                if (pa == 0 && entries > 0) {
                    pa = kho.allocPreserve(bytes());
                }
            }

            @Override
            public void trim(int entries) {
                if (entries == 0 && pa != 0) {
                    kho.unpreserveFree(pa);
                    pa = 0;
                }
            }

            @Override public void seal(PhysMem m, int entries) { }

            @Override
            public void clear(PhysMem m) {
                if (pa != 0) {
                    m.fill(pa, bytes(), (byte) 0);
                }
            }

            @Override
            public void free() {
                trim(0);
            }
        };
    }

    @Override
    public In restore(PhysMem mem, KhoIncoming kho, KernelLog log, long head, long count) {
        if (head == 0) {
            return new LuoFixedBlockIn(0, p.fileMax(), bytes(), 0, 0);
        }
        if (count < 0 || count > p.fileMax() || (head & 0xfff) != 0 || head < 0 || head > mem.size() - bytes()) {
            return null;
        }
        return new LuoFixedBlockIn(head, p.fileMax(), bytes(), (int) count, p.filePages());
    }
}

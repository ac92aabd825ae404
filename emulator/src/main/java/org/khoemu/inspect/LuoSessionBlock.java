// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.block.KhoBlockRestore;

import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.luo.abi.seedv6.LuoFileSer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The session block read straight from RAM, as a recovery agent reads its own records: the
 * header, each session entry with its block offset, each session's {@code luo_file_ser} array
 * and, for memfd files, the {@code memfd_luo_ser} and the SHA-256 of the content its folios
 * hold. Folio sizes come from the preserved-memory map, as the next kernel learns them. Field
 * positions come from the {@link SessionLayout} of the image's ABI generation.
 */
public record LuoSessionBlock(long pa, SessionLayout layout, long pgcnt, long count, List<Session> sessions) {
    /**
     * One session entry; {@code pgcnt} is {@link SessionLayout#NONE} where the generation has
     * none. {@code nameTruncated}: the name field had no NUL, so {@code name} is what the
     * kernel's {@code strscpy} keeps of it (all bytes but the last).
     */
    public record Session(int index, long pa, long blockOffset, String name, boolean nameTruncated, long filesPa,
                          long pgcnt, long count, List<File> files) {
    }

    /** One file entry; {@code memfd} is null for a handler other than memfd-v1. */
    public record File(int index, long pa, LuoFileSer ser, Memfd memfd) {
    }

    /** A memfd's serialized state and the hash of its content. */
    public record Memfd(long pa, MemfdLuoSer ser, List<MemfdLuoFolioSer> folios, String sha256) {
    }

    public static LuoSessionBlock decode(FieldReader r, SessionLayout l, long blockPa, Map<Long, Integer> preserved) {
        var p = l.profile();
        FieldReader.require((blockPa & 0xfff) == 0, "luo-session-header", blockPa, "session block is not page aligned");
        r.checkRange(blockPa, (long) p.sessionBlockPages() << 12, "luo_session_header_ser");
        long count = r.u64(blockPa + l.headerCountOffset(), "luo_session_header_ser.count");
        long pgcnt = l.headerPgcntOffset() == SessionLayout.NONE ? SessionLayout.NONE
                : r.u64(blockPa + l.headerPgcntOffset(), "luo_session_header_ser.pgcnt");
        FieldReader.require(count >= 0 && count <= p.sessionMax(), "luo_session_header_ser.count",
                blockPa + l.headerCountOffset(), "%d, expected 0..%d", count, p.sessionMax());
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(session(r, l, i, l.entryPa(blockPa, i), blockPa, preserved));
        }
        return new LuoSessionBlock(blockPa, l, pgcnt, count, List.copyOf(sessions));
    }

    /**
     * luo-v5: the sessions in the {@code kho_block} chain at {@code head}, checked as kernel B's
     * first open checks it (no cycle, at most KHO_MAX_BLOCKS blocks, every count in 1..51), and
     * each session's file chain likewise, its count cross-checked. {@code pgcnt} is the number
     * of session blocks.
     */
    public static LuoSessionBlock decodeChain(FieldReader r, SessionLayout l, long head, Map<Long, Integer> preserved) {
        KhoBlockRestore.Chain chain = chain(r, head, l.profile().sessionEntrySize(), "luo_ser.sessions_pa", "session", -1);
        List<Session> sessions = new ArrayList<>();
        for (int b = 0; b < chain.size(); b++) {
            long block = chain.blocks()[b];
            for (int j = 0; j < chain.counts()[b]; j++) {
                sessions.add(session(r, l, sessions.size(), l.entryPa(block, j), block, preserved));
            }
        }
        return new LuoSessionBlock(head, l, chain.size(), chain.entries(), List.copyOf(sessions));
    }

    /** A chain checked as kernel B checks it; a refusal is one line saying so. */
    private static KhoBlockRestore.Chain chain(FieldReader r, long head, int entrySize, String field, String what,
                                               long expected) {
        KhoBlockRestore.Chain c;
        try {
            c = KhoBlockRestore.restore(r.mem(), head, entrySize);
        } catch (KhoBlockRestore.Invalid e) {
            throw ImageFormatException.at(field, head, "kernel B would refuse it (first open: EIO): " + e.getMessage());
        }
        FieldReader.require(expected < 0 || c.entries() == expected, field, head,
                "kernel B would refuse it (first open: EIO): the %s chain holds %d entries, the count says %d", what,
                c.entries(), expected);
        return c;
    }

    private static Session session(FieldReader r, SessionLayout l, int i, long pa, long blockPa,
                                   Map<Long, Integer> preserved) {
        var p = l.profile();
        String f = "luo_session_ser[" + i + "]";
        FieldReader.CName name = r.cName(pa, p.sessionNameLength(), f + ".name");
        long files = r.u64(pa + l.entryFilesOffset(), f + ".files");
        long pgcnt = l.entryPgcntOffset() == SessionLayout.NONE ? SessionLayout.NONE
                : r.u64(pa + l.entryPgcntOffset(), f + ".pgcnt");
        long count = r.u64(pa + l.entryCountOffset(), f + ".count");
        FieldReader.require(count >= 0 && count <= p.fileMax(), f + ".count", pa + l.entryCountOffset(),
                "%d, expected 0..%d", count, p.fileMax());
        FieldReader.require(count == 0 || files != 0, f + ".files", pa + l.entryFilesOffset(), "0 with %d files", count);
        List<File> out = new ArrayList<>();
        if (p.serRoot() != null) {
            KhoBlockRestore.Chain files1 = chain(r, files, p.fileEntrySize(), f + ".files", "file", count);
            for (int b = 0; b < files1.size(); b++) {
                for (int j = 0; j < files1.counts()[b]; j++) {
                    long e = files1.blocks()[b] + p.sessionHeaderSize() + (long) j * p.fileEntrySize();
                    out.add(file(r, f, out.size(), e, preserved));
                }
            }
        } else if (count > 0) {
            FieldReader.require((files & 0xfff) == 0, f + ".files", pa + l.entryFilesOffset(), "0x%x is not page aligned", files);
            r.checkRange(files, count * p.fileEntrySize(), f + ".files");
            for (int j = 0; j < count; j++) {
                out.add(file(r, f, j, LuoFileSer.entryPa(files, j), preserved));
            }
        }
        return new Session(i, pa, pa - blockPa, name.text(), name.truncated(), files, pgcnt, count, List.copyOf(out));
    }

    private static File file(FieldReader r, String session, int j, long pa, Map<Long, Integer> preserved) {
        String f = session + ".luo_file_ser[" + j + "]";
        String compat = r.cString(pa + LuoFileSer.OFF_COMPATIBLE, LuoFileSer.COMPATIBLE_LENGTH, f + ".compatible");
        LuoFileSer ser = r.struct(pa, LuoFileSer.SIZE, f, () -> LuoFileSer.readFrom(r.mem(), pa));
        Memfd memfd = compat.equals(MemfdLuoSer.COMPATIBLE) ? memfd(r, f + " memfd_luo_ser", ser.data(), preserved) : null;
        return new File(j, pa, ser, memfd);
    }

    static Memfd memfd(FieldReader r, String f, long pa, Map<Long, Integer> preserved) {
        MemfdLuoSer m = r.struct(pa, MemfdLuoSer.SIZE, f, () -> MemfdLuoSer.readFrom(r.mem(), pa));
        FieldReader.require(m.size() >= 0 && m.size() <= r.mem().size(), f + ".size", pa + MemfdLuoSer.OFF_SIZE,
                "%d bytes is more than RAM", m.size());
        FieldReader.require(m.nrFolios() >= 0 && m.nrFolios() <= (m.size() + 4095) / 4096, f + ".nr_folios",
                pa + MemfdLuoSer.OFF_NR_FOLIOS, "%d folios for %d bytes", m.nrFolios(), m.size());
        long descPa = pa + MemfdLuoSer.OFF_FOLIOS;
        List<MemfdLuoFolioSer> folios = new ArrayList<>();
        if (m.nrFolios() > 0) {
            KhoVmalloc v = m.folios();
            List<Long> pieces = VmallocReader.pieces(r, v, f + ".folios", descPa);
            byte[] arr = VmallocReader.read(r, pieces, v.order() & 0xffff, m.nrFolios() * MemfdLuoFolioSer.SIZE, f + ".folios");
            ByteBuffer b = ByteBuffer.wrap(arr).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < m.nrFolios(); i++) {
                long w = b.getLong(i * MemfdLuoFolioSer.SIZE);
                folios.add(new MemfdLuoFolioSer(w & MemfdLuoFolioSer.PFN_MASK, (int) (w >>> MemfdLuoFolioSer.PFN_BITS),
                        b.getLong(i * MemfdLuoFolioSer.SIZE + MemfdLuoFolioSer.OFF_INDEX)));
            }
        }
        return new Memfd(pa, m, List.copyOf(folios), contentHash(r, f, m.size(), folios, preserved));
    }

    /** SHA-256 of the file's {@code size} bytes: folio contents at their index, holes as zeros. */
    static String contentHash(FieldReader r, String f, long size, List<MemfdLuoFolioSer> folios, Map<Long, Integer> preserved) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<MemfdLuoFolioSer> sorted = new ArrayList<>(folios);
        sorted.sort(Comparator.comparingLong(MemfdLuoFolioSer::index));
        long pos = 0;
        byte[] zeros = new byte[4096];
        for (MemfdLuoFolioSer fo : sorted) {
            long pa = fo.pfn() << 12;
            Integer order = preserved.get(pa);
            FieldReader.require(order != null, f + " folio index " + fo.index(), pa, "page frame 0x%x is not a preserved block", fo.pfn());
            long start = fo.index() * 4096;
            FieldReader.require(fo.index() >= 0 && start >= pos && start < size, f + " folio index " + fo.index(), pa,
                    "index overlaps another folio or lies past the file size %d", size);
            for (; pos < start; pos += Math.min(4096, start - pos)) {
                md.update(zeros, 0, (int) Math.min(4096, start - pos));
            }
            long n = Math.min(4096L << order, size - start);
            for (long done = 0; done < n; done += 1 << 20) {
                int chunk = (int) Math.min(1 << 20, n - done);
                md.update(r.bytes(pa + done, chunk, f + " folio index " + fo.index()));
            }
            pos = start + n;
        }
        for (; pos < size; pos += Math.min(4096, size - pos)) {
            md.update(zeros, 0, (int) Math.min(4096, size - pos));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.luo.abi.seedv6.LuoFileSer;
import org.khoemu.kernel.luo.abi.seedv6.LuoSessionHeaderSer;
import org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6;

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
 * The seed-v6 session block read straight from RAM, as a recovery agent reads its own records:
 * the {@code luo_session_header_ser}, each {@code luo_session_ser} with its block offset, each
 * session's {@code luo_file_ser} array and, for memfd files, the {@code memfd_luo_ser} and the
 * SHA-256 of the content its folios hold. Folio sizes come from the preserved-memory map, as the
 * next kernel learns them.
 */
public record LuoSessionBlock(long pa, LuoSessionHeaderSer header, List<Session> sessions) {
    /** One session entry: where it is, what it says, and its files. */
    public record Session(int index, long pa, long blockOffset, LuoSessionSer ser, List<File> files) {
    }

    /** One file entry; {@code memfd} is null for a handler other than memfd-v1. */
    public record File(int index, long pa, LuoFileSer ser, Memfd memfd) {
    }

    /** A memfd's serialized state and the hash of its content. */
    public record Memfd(long pa, MemfdLuoSer ser, List<MemfdLuoFolioSer> folios, String sha256) {
    }

    public static LuoSessionBlock decode(FieldReader r, long blockPa, Map<Long, Integer> preserved) {
        FieldReader.require((blockPa & 0xfff) == 0, "luo-session-header", blockPa, "session block is not page aligned");
        r.checkRange(blockPa, (long) SeedV6.LUO_SESSION_PGCNT << 12, "luo_session_header_ser");
        LuoSessionHeaderSer h = r.struct(blockPa, LuoSessionHeaderSer.SIZE, "luo_session_header_ser",
                () -> LuoSessionHeaderSer.readFrom(r.mem(), blockPa));
        FieldReader.require(h.count() >= 0 && h.count() <= SeedV6.LUO_SESSION_MAX, "luo_session_header_ser.count",
                blockPa + LuoSessionHeaderSer.OFF_COUNT, "%d, expected 0..%d", h.count(), SeedV6.LUO_SESSION_MAX);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < h.count(); i++) {
            long off = LuoSessionHeaderSer.SIZE + (long) i * LuoSessionSer.SIZE;
            sessions.add(session(r, i, blockPa + off, off, preserved));
        }
        return new LuoSessionBlock(blockPa, h, List.copyOf(sessions));
    }

    private static Session session(FieldReader r, int i, long pa, long off, Map<Long, Integer> preserved) {
        String f = "luo_session_ser[" + i + "]";
        r.cString(pa + LuoSessionSer.OFF_NAME, LuoSessionSer.NAME_LENGTH, f + ".name");
        LuoSessionSer s = r.struct(pa, LuoSessionSer.SIZE, f, () -> LuoSessionSer.readFrom(r.mem(), pa));
        FieldReader.require(s.count() >= 0 && s.count() <= SeedV6.LUO_FILE_MAX, f + ".count", pa + LuoSessionSer.OFF_COUNT,
                "%d, expected 0..%d", s.count(), SeedV6.LUO_FILE_MAX);
        FieldReader.require(s.count() == 0 || s.files() != 0, f + ".files", pa + LuoSessionSer.OFF_FILES,
                "0 with %d files", s.count());
        List<File> files = new ArrayList<>();
        if (s.count() > 0) {
            FieldReader.require((s.files() & 0xfff) == 0, f + ".files", pa + LuoSessionSer.OFF_FILES, "0x%x is not page aligned", s.files());
            r.checkRange(s.files(), s.count() * LuoFileSer.SIZE, f + ".files");
            for (int j = 0; j < s.count(); j++) {
                files.add(file(r, f, j, s.files() + (long) j * LuoFileSer.SIZE, preserved));
            }
        }
        return new Session(i, pa, off, s, List.copyOf(files));
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

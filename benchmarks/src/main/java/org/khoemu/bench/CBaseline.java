// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.bench;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.khoemu.kernel.luo.LuoFileInfo;
import org.khoemu.kernel.luo.LuoSessionInfo;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;
import org.khoemu.kernel.port.PhysMem;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The C twin's view of a {@link BenchKernel}: its outgoing sessions and files marshalled once
 * into the C structs of {@code luo_bench.c}, pointing into the same native RAM the Java model
 * writes (the block, the file arrays, each memfd's {@code memfd_luo_ser}). Also the check that
 * both write the same bytes.
 */
final class CBaseline implements AutoCloseable {
    // struct kb_file / kb_session / kb_in_session of luo_bench.c
    private static final int FILE_SIZE = 80;
    private static final int SESSION_SIZE = 104;
    private static final int IN_SESSION_SIZE = 2144;
    private static final int IN_FILES_OFF = 96;
    private static final BenchLib LIB = BenchLib.INSTANCE;

    private final BenchKernel k;
    private final LuoAbiProfile profile;
    private final int profileId;
    private final int n;
    private final Memory sessions;
    private final Memory files;
    private final Memory in;
    private final Memory inserted = new Memory(4);
    private final Pointer block;
    private final Pointer ram;
    /** Host addresses and sizes of everything the serialize writes, for the byte comparison. */
    private final long[] regionPa;
    private final int[] regionLen;

    private CBaseline(BenchKernel k, List<LuoSessionInfo> info) {
        checkLayout();
        this.k = k;
        this.profile = k.luo.profile();
        this.profileId = BenchKernel.profileId(profile);
        this.n = info.size();
        PhysMem mem = k.machine.mem();
        int blockLen = profile.sessionBlockPages() << 12;
        this.block = new Pointer(mem.hostAddress(k.blockPa(), blockLen));
        this.ram = new Pointer(mem.hostAddress(0, mem.size()));
        int nfiles = info.stream().mapToInt(s -> s.files().size()).sum();
        this.sessions = new Memory((long) Math.max(1, n) * SESSION_SIZE);
        this.files = new Memory((long) Math.max(1, nfiles) * FILE_SIZE);
        this.in = new Memory((long) Math.max(1, n) * IN_SESSION_SIZE);
        sessions.clear();
        files.clear();
        regionPa = new long[1 + 2 * nfiles + n];
        regionLen = new int[regionPa.length];
        int r = 0;
        regionPa[r] = k.blockPa();
        regionLen[r++] = blockLen;
        int f = 0;
        for (int i = 0; i < n; i++) {
            LuoSessionInfo s = info.get(i);
            long e = (long) i * SESSION_SIZE;
            byte[] name = ("session-" + i).getBytes(StandardCharsets.ISO_8859_1);
            sessions.write(e, name, 0, name.length);
            // the array's address: the Java model allocated it at preserve time
            long filesPa = s.files().isEmpty() ? 0 : profile.readSession(mem, k.blockPa(), i).files();
            sessions.setLong(e + 64, filesPa);
            sessions.setLong(e + 72, filesPa == 0 ? 0 : mem.hostAddress(filesPa, profile.filePages() << 12));
            sessions.setLong(e + 80, profile.filePages());
            sessions.setLong(e + 88, s.files().size());
            sessions.setLong(e + 96, Pointer.nativeValue(files) + (long) f * FILE_SIZE);
            if (filesPa != 0) {
                regionPa[r] = filesPa;
                regionLen[r++] = s.files().size() * profile.fileEntrySize();
            }
            for (LuoFileInfo fi : s.files()) {
                long fe = (long) f * FILE_SIZE;
                byte[] compat = fi.compatible().getBytes(StandardCharsets.ISO_8859_1);
                files.write(fe, compat, 0, compat.length);
                files.setLong(fe + 48, fi.data());
                files.setLong(fe + 56, fi.token());
                files.setLong(fe + 64, mem.hostAddress(fi.data() + MemfdLuoSer.OFF_POS, 8));
                files.setLong(fe + 72, fi.size());
                regionPa[r] = fi.data() + MemfdLuoSer.OFF_POS;
                regionLen[r++] = 8;
                f++;
            }
        }
        this.regionCount = r;
    }

    private final int regionCount;

    /** Marshals {@code k}'s outgoing sessions; Java must have serialized them once (file arrays exist). */
    static CBaseline of(BenchKernel k) {
        return new CBaseline(k, k.luo.outgoingSessions());
    }

    /** The C twin of {@code k}, or null for a profile it does not know (BenchMain leaves the twin out). */
    static CBaseline twinOf(BenchKernel k) {
        return BenchKernel.hasCBaseline(k.luo.profile()) ? of(k) : null;
    }

    private static void checkLayout() {
        long[] want = {FILE_SIZE, SESSION_SIZE, IN_SESSION_SIZE, IN_FILES_OFF};
        for (int i = 0; i < want.length; i++) {
            if (LIB.kb_sizes(i) != want[i]) {
                throw new IllegalStateException("libkhoemubench struct " + i + " is " + LIB.kb_sizes(i)
                        + " bytes, the Java marshalling expects " + want[i]);
            }
        }
    }

    long serialize(int loops) {
        return LIB.kb_serialize(profileId, block, sessions, n, loops);
    }

    /** Returns 0 or -errno; {@link #inserted()} says how many sessions were rebuilt. */
    long deserialize(boolean hashed, int loops) {
        return LIB.kb_deserialize(profileId, ram, k.machine.mem().size(), block, hashed ? 1 : 0, in, inserted, loops);
    }

    int inserted() {
        return inserted.getInt(0);
    }

    /** Name of rebuilt session {@code i} after {@link #deserialize}. */
    String incomingName(int i) {
        return in.getString((long) i * IN_SESSION_SIZE, "ISO-8859-1");
    }

    long incomingToken(int i, int j) {
        return in.getLong((long) i * IN_SESSION_SIZE + IN_FILES_OFF + 16L * j + 8);
    }

    long incomingFiles(int i) {
        return in.getLong((long) i * IN_SESSION_SIZE + 64);
    }

    private byte[][] snapshot() {
        PhysMem mem = k.machine.mem();
        byte[][] s = new byte[regionCount][];
        for (int i = 0; i < regionCount; i++) {
            s[i] = mem.read(regionPa[i], regionLen[i]);
        }
        return s;
    }

    private void clear() {
        PhysMem mem = k.machine.mem();
        int header = profile.sessionHeaderSize();
        // the count and every entry; the seed's header pgcnt was written at setup, by neither
        mem.write64(k.blockPa() + header - 8, 0);
        mem.fill(k.blockPa() + header, regionLen[0] - header, (byte) 0);
        for (int i = 1; i < regionCount; i++) {
            mem.fill(regionPa[i], regionLen[i], (byte) 0);
        }
    }

    /**
     * Java's {@code LuoSessions.serialize} and the C twin, each on cleared RAM, write the same
     * bytes into the block, the file arrays and the memfd records; else this throws, naming
     * the first difference.
     */
    void checkSameBytes() {
        String d = firstDifference(profileId);
        if (d != null) {
            throw new IllegalStateException("C and Java serialize differ: " + d);
        }
    }

    /**
     * Serializes with Java, then with C told to use layout {@code cProfile}, each on cleared RAM;
     * the first differing byte, or null. Java's bytes are left in RAM.
     */
    String firstDifference(int cProfile) {
        clear();
        k.luo.sessions().serialize();
        byte[][] java = snapshot();
        clear();
        LIB.kb_serialize(cProfile, block, sessions, n, 1);
        byte[][] c = snapshot();
        clear();
        k.luo.sessions().serialize();
        for (int i = 0; i < regionCount; i++) {
            for (int b = 0; b < regionLen[i]; b++) {
                if (java[i][b] != c[i][b]) {
                    return String.format("at 0x%x (%s): Java %02x, C %02x", regionPa[i] + b, profile.name(),
                            java[i][b] & 0xff, c[i][b] & 0xff);
                }
            }
        }
        return null;
    }

    /** Bytes the serialize writes: the block, the file arrays, the memfd positions. */
    long bytesCompared() {
        long sum = 0;
        for (int i = 0; i < regionCount; i++) {
            sum += regionLen[i];
        }
        return sum;
    }

    @Override
    public void close() {
        sessions.close();
        files.close();
        in.close();
        inserted.close();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelHang;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoReadGuard;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.luo.abi.CString;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoSessionRecord;
import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.proc.KernelFile;
import org.khoemu.kernel.proc.UserProcess;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sessions ({@code luo_session.c}): the outgoing list userspace fills in this kernel and the
 * incoming list deserialized from the previous one, the session block they are serialized to,
 * and the session-level operations behind the ioctls.
 */
public final class LuoSessions {
    private final LuoAbiProfile profile;
    private final LuoFiles files;
    private final KernelMode mode;
    private KernelContext k;
    final LuoSessionList outgoing;
    LuoSessionList incoming;
    private boolean deserialized;

    /**
     * Entries a faithful deserialization reads past the session block before the model calls it
     * a hang: the seed would walk a count of up to 2^64 through RAM.
     */
    static final int FAITHFUL_ENTRIES_PAST_BLOCK = 4096;

    LuoSessions(LuoAbiProfile profile, LuoFiles files, KernelMode mode) {
        this.profile = profile;
        this.files = files;
        this.mode = mode;
        this.outgoing = new LuoSessionList(profile.sessionNameLength(), profile.sessionMax());
        this.incoming = new LuoSessionList(profile.sessionNameLength(), -1);
    }

    void attach(KernelContext k) {
        this.k = k;
    }

    /**
     * Chooses how the incoming list checks for duplicate names ({@link LuoSessionLookup#FAITHFUL}
     * by default, as the seed); only before the first open deserializes it.
     */
    public void useIncomingLookup(LuoSessionLookup lookup) {
        if (deserialized) {
            throw new IllegalStateException("the incoming sessions are already deserialized");
        }
        LuoSessionList l = new LuoSessionList(profile.sessionNameLength(), -1, lookup);
        l.blockPa = incoming.blockPa;
        l.active = incoming.active;
        incoming = l;
    }

    /** {@code luo_session_create}: the name is silently truncated to the name field. */
    public LuoSession create(String name) {
        k.steps().enter(LuoSteps.SESSION_CREATE);
        LuoSession s = new LuoSession(CString.truncate(name, profile.sessionNameLength()));
        outgoing.insert(s);
        return s;
    }

    /** {@code luo_session_retrieve}: ENOENT for an unknown name, EINVAL the second time. */
    public LuoSession retrieve(String name) {
        k.steps().enter(LuoSteps.SESSION_RETRIEVE);
        LuoSession s = incoming.findByName(name);
        if (s == null) {
            throw new KernelException(Errno.ENOENT, "no incoming session [" + name + "]");
        }
        if (s.retrieved) {
            throw new KernelException(Errno.EINVAL, "session [" + name + "] already retrieved");
        }
        s.retrieved = true;
        return s;
    }

    /**
     * {@code luo_session_release} (last close of a session fd). Outgoing: every file is
     * unpreserved and the session disappears. Incoming: an implicit finish; if it is refused
     * the session and its files stay with LUO, leaked until the next live update.
     */
    public void release(LuoSession s) {
        k.steps().enter(LuoSteps.SESSION_RELEASE);
        if (s.retrieved) {
            try {
                files.finish(s.fileSet);
            } catch (KernelException e) {
                k.log().warn("luo", "Unable to finish session [" + s.name() + "] on release");
                return;
            }
            incoming.remove(s);
        } else {
            files.unpreserveAll(s.fileSet);
            outgoing.remove(s);
        }
    }

    /** PRESERVE_FD; on an incoming session EINVAL (as newer kernels; v6.19 did not check). */
    public void preserveFd(LuoSession s, long token, UserProcess p, int fd) {
        if (s.retrieved) {
            throw new KernelException(Errno.EINVAL, "session [" + s.name() + "] is incoming");
        }
        files.preserve(s.fileSet, token, p, fd);
    }

    /** RETRIEVE_FD; on an outgoing session EINVAL (as newer kernels). */
    public KernelFile retrieveFd(LuoSession s, long token) {
        if (!s.retrieved) {
            throw new KernelException(Errno.EINVAL, "session [" + s.name() + "] is outgoing");
        }
        return files.retrieve(s.fileSet, token);
    }

    /** FINISH; on an outgoing session EINVAL (as newer kernels). */
    public void finish(LuoSession s) {
        if (!s.retrieved) {
            throw new KernelException(Errno.EINVAL, "session [" + s.name() + "] is outgoing");
        }
        files.finish(s.fileSet);
    }

    /** {@code luo_session_setup_outgoing}: the zeroed, preserved block with its header. */
    long setupOutgoing() {
        k.steps().enter(LuoSteps.SESSION_SETUP_OUTGOING);
        long pa = k.khoOut().allocPreserve((long) profile.sessionBlockPages() << 12);
        profile.initSessionHeader(k.mem(), pa);
        outgoing.blockPa = pa;
        outgoing.active = true;
        return pa;
    }

    /** Incoming half of {@code luo_session_setup_incoming}, once the FDT node was checked. */
    void setupIncoming(long blockPa) {
        incoming.blockPa = blockPa;
        incoming.active = true;
    }

    /**
     * {@code luo_session_serialize}: freeze each outgoing session's files and write its entry,
     * in creation order, then the count. A freeze failure undoes the sessions already written
     * (unfreeze, zeroed name), last first, and is thrown. Public for the benchmarks, which time it
     * on a live kernel (it is repeatable: the files' freeze rewrites the same bytes).
     */
    public void serialize() {
        k.steps().enter(LuoSteps.SESSION_SERIALIZE);
        LuoSessionList list = outgoing;
        int n = list.count();
        int nameLen = profile.sessionNameLength();
        ByteBuffer block = k.mem().window(list.blockPa, profile.sessionBlockPages() << 12);
        for (int i = 0; i < n; i++) {
            LuoSession s = list.get(i);
            try {
                files.freeze(s.fileSet);
                int count = s.fileSet.count();
                s.pgcnt = count == 0 ? 0 : profile.filePages();
                profile.writeSession(block, i, s.nameField(nameLen), count == 0 ? 0 : s.fileSet.filesPa, s.pgcnt, count);
            } catch (RuntimeException e) { // an errno, or a fault injected at a named step
                for (int j = i - 1; j >= 0; j--) {
                    files.unfreeze(list.get(j).fileSet);
                    profile.clearSessionName(k.mem(), list.blockPa, j);
                }
                throw e;
            }
        }
        profile.writeSessionCount(k.mem(), list.blockPa, n);
    }

    public boolean deserialized() {
        return deserialized;
    }

    /**
     * {@code luo_session_deserialize}, on the first open of {@code /dev/liveupdate}: builds the
     * incoming list from the block, then frees the block. Runs once; the flag is set before the
     * work, so a failure is not retried. Nothing already restored is undone on a failure.
     */
    void deserialize() {
        if (deserialized) {
            return;
        }
        deserialized = true;
        if (!incoming.active) {
            return;
        }
        k.steps().enter(LuoSteps.SESSION_DESERIALIZE);
        long block = incoming.blockPa;
        String refused = KhoReadGuard.check(mode, k.mem(), k.khoIn(), k.log(), "luo_session_deserialize",
                "the session block", block, (long) profile.sessionBlockPages() << 12);
        if (refused != null) {
            k.log().err("luo", "Incoming session block refused: " + refused);
            throw new KernelException(Errno.EINVAL, "bad incoming session block");
        }
        rebuildInto(incoming, block, k.khoIn());
        k.khoIn().restoreFree(block);
        incoming.blockPa = 0;
    }

    /**
     * The rebuild half of {@code luo_session_deserialize}: the sessions of the block at
     * {@code block} inserted into {@code into} in block order. Nothing already inserted is undone
     * on a failure.
     */
    private void rebuildInto(LuoSessionList into, long block, KhoIncoming from) {
        int blockBytes = profile.sessionBlockPages() << 12;
        long count = profile.readSessionCount(k.mem(), block);
        // Hardened: a count above LUO_SESSION_MAX is refused. The seed and v6.19 trust it and
        // index past the 16-page block; the faithful build does that under the guard.
        boolean past = count < 0 || count > profile.sessionMax();
        if (past && mode.hardened()) {
            k.log().err("luo", "Incoming session count " + Long.toUnsignedString(count)
                    + " exceeds LUO_SESSION_MAX " + profile.sessionMax());
            throw new KernelException(Errno.EINVAL, "bad incoming session count");
        }
        into.expect((int) Math.min(count < 0 ? Integer.MAX_VALUE : count, profile.sessionMax() + 1L));
        int maxName = profile.sessionNameLength() - 1;
        ByteBuffer w = k.mem().window(block, blockBytes);
        byte[] scratch = new byte[profile.sessionNameLength()];
        for (long i = 0; Long.compareUnsigned(i, count) < 0; i++) {
            LuoSessionRecord r = i < profile.sessionMax() ? profile.readSession(w, (int) i, scratch)
                    : readPastBlock(block, i, count, from);
            // the record's name stops at the first NUL already: only the length cut of strscpy is left
            String name = r.name().length() > maxName ? r.name().substring(0, maxName) : r.name();
            if (name.isEmpty() && mode.hardened()) {
                // hardened: the seed accepts an empty name (strscpy of a zeroed entry), newer uAPI refuses it
                k.log().err("luo", "Incoming session " + i + " has an empty name");
                throw new KernelException(Errno.EINVAL, "incoming session " + i + " has an empty name");
            }
            LuoSession s = new LuoSession(name);
            s.pgcnt = r.pgcnt();
            try {
                into.insert(s);
            } catch (KernelException e) {
                k.log().err("luo", "Failed to insert session [" + s.name() + "] -" + e.errno());
                throw e;
            }
            files.deserialize(s.fileSet, s.name(), r.files(), r.count(), from);
        }
    }

    /**
     * Faithful only: entry {@code i} at or past the end of the session block, read as the seed
     * reads it (block + header + i * entry); the guard reports the first such read, a read
     * outside RAM is the seed's page fault, and a walk too long for the model is a hang.
     */
    private LuoSessionRecord readPastBlock(long block, long i, long count, KhoIncoming from) {
        int size = profile.sessionEntrySize();
        long blockBytes = (long) profile.sessionBlockPages() << 12;
        long off = profile.sessionHeaderSize() + i * size;
        if (i == profile.sessionMax()) {
            k.log().guard("slab-out-of-bounds read", "luo_session_deserialize", String.format(
                    "entry %d at %#x is %d bytes past the end of the %d-page session block at %#x (count %s, "
                            + "LUO_SESSION_MAX %d)", i, block + off, off + size - blockBytes, profile.sessionBlockPages(),
                    block, Long.toUnsignedString(count), profile.sessionMax()));
        }
        if (i - profile.sessionMax() >= FAITHFUL_ENTRIES_PAST_BLOCK) {
            throw new KernelHang(String.format("luo_session_deserialize: still reading entries %d past the session "
                    + "block (count %s); the model stops here", FAITHFUL_ENTRIES_PAST_BLOCK, Long.toUnsignedString(count)));
        }
        if (i == profile.sessionMax() || block + off + size > k.mem().size()) {
            // the first entry past the block says whether that memory was preserved; a later one
            // is only checked when it leaves RAM (one finding per walk, not one per entry)
            KhoReadGuard.check(mode, k.mem(), from, k.log(), "luo_session_deserialize",
                    "session entry " + i, block + off, size);
        }
        return profile.readSession(k.mem(), block, (int) i);
    }

    /**
     * What deserialization would rebuild from the session block at {@code blockPa}, into a new
     * list with the given lookup, leaving this kernel's lists and the block itself alone (the
     * real path then frees the block). The benchmarks time this on a block in the machine's RAM;
     * the variant test compares the two lookups with it. A failure is the errno deserialization
     * would give; {@code partial}, when not null, receives what was inserted before it.
     */
    public LuoSessionList rebuild(long blockPa, LuoSessionLookup lookup, Consumer<LuoSessionList> partial) {
        LuoSessionList l = new LuoSessionList(profile.sessionNameLength(), -1, lookup);
        l.blockPa = blockPa;
        try {
            rebuildInto(l, blockPa, null);
        } finally {
            if (partial != null) {
                partial.accept(l);
            }
        }
        return l;
    }

    /** Report view of a session list. */
    public List<LuoSessionInfo> info(LuoSessionList list) {
        return list.sessions().stream()
                .map(s -> new LuoSessionInfo(SessionName.ofKernel(s.name()), s.retrieved, s.pgcnt,
                        s.fileSet.files.stream().map(files::info).toList()))
                .toList();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.kho.KhoIncoming;
import org.khoemu.kernel.kho.KhoReadGuard;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.liveupdate.LiveupdateFileHandler;
import org.khoemu.kernel.liveupdate.LiveupdateFileOpArgs;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoFileRecord;
import org.khoemu.kernel.proc.KernelFile;
import org.khoemu.kernel.proc.UserProcess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The file layer of LUO ({@code luo_file.c}): registered handlers, preservation into a session's
 * file set, freeze/unfreeze at reboot, and retrieve/finish in the new kernel.
 */
public final class LuoFiles {
    private final LuoAbiProfile profile;
    private final KernelMode mode;
    private final List<LiveupdateFileHandler> handlers = new ArrayList<>();
    /** Files preserved in any session: the same file may not be preserved twice (EBUSY). */
    private final Set<KernelFile> preserved = Collections.newSetFromMap(new IdentityHashMap<>());
    private KernelContext k;

    LuoFiles(LuoAbiProfile profile, KernelMode mode) {
        this.profile = profile;
        this.mode = mode;
    }

    void attach(KernelContext k) {
        this.k = k;
    }

    /** {@code liveupdate_register_file_handler}; EEXIST for a compatible already registered. */
    void register(LiveupdateFileHandler fh) {
        for (LiveupdateFileHandler h : handlers) {
            if (h.compatible().equals(fh.compatible())) {
                if (k != null) k.log().err("luo", "File handler registration failed: Compatible string '"
                        + fh.compatible() + "' already registered.");
                throw new KernelException(Errno.EEXIST, "handler " + fh.compatible() + " already registered");
            }
        }
        handlers.add(fh);
    }

    List<LiveupdateFileHandler> handlers() {
        return List.copyOf(handlers);
    }

    private long arrayBytes() {
        return (long) profile.filePages() << 12;
    }

    /**
     * {@code luo_preserve_file}: LUO takes its own reference to the file behind {@code fd} and
     * keeps it until unpreserve or finish.
     */
    void preserve(LuoFileSet set, long token, UserProcess p, int fd) {
        k.steps().enter(LuoSteps.PRESERVE_FILE);
        if (set.findByToken(token) != null) {
            throw new KernelException(Errno.EEXIST, String.format("token %#x already used in this session", token));
        }
        if (set.count() == profile.fileMax()) {
            throw new KernelException(Errno.ENOSPC, "session already holds " + profile.fileMax() + " files");
        }
        KernelFile file = p.fget(fd);
        try {
            if (set.filesPa == 0) {
                set.filesPa = k.khoOut().allocPreserve(arrayBytes());
            }
            LiveupdateFileHandler fh = null;
            for (LiveupdateFileHandler h : handlers) {
                if (h.canPreserve(file)) {
                    fh = h;
                    break;
                }
            }
            if (fh == null) {
                throw new KernelException(Errno.ENOENT, "no live update handler for " + file.describe());
            }
            if (preserved.contains(file)) {
                throw new KernelException(Errno.EBUSY, file.describe() + " is already preserved");
            }
            LuoFile lf = new LuoFile(fh, token);
            lf.args.file = file;
            fh.preserve(k, lf.args);
            preserved.add(file);
            set.files.add(lf);
        } catch (RuntimeException e) {
            freeArrayIfEmpty(set);
            file.put();
            throw e;
        }
    }

    private void freeArrayIfEmpty(LuoFileSet set) {
        if (set.count() == 0 && set.filesPa != 0) {
            k.khoOut().unpreserveFree(set.filesPa);
            set.filesPa = 0;
        }
    }

    /** {@code luo_file_unpreserve_files}: last preserved first; the array goes with the last file. */
    void unpreserveAll(LuoFileSet set) {
        k.steps().enter(LuoSteps.FILE_UNPRESERVE_FILES);
        while (!set.files.isEmpty()) {
            LuoFile lf = set.files.remove(set.files.size() - 1);
            lf.handler().unpreserve(k, lf.args);
            preserved.remove(lf.args.file);
            lf.args.file.put();
        }
        freeArrayIfEmpty(set);
    }

    /**
     * {@code luo_file_freeze}: each file's {@code freeze()} in preservation order, then its entry
     * in the array. On a failure the files frozen so far are unfrozen, the array is zeroed and
     * the error is thrown. The session entry then records the array ({@code set.filesPa}, its
     * pages, {@code set.count()}), or zeros for a session without files.
     */
    void freeze(LuoFileSet set) {
        k.steps().enter(LuoSteps.FILE_FREEZE);
        List<LuoFile> files = set.files;
        int n = files.size();
        int compatLen = profile.fileCompatibleLength();
        for (int i = 0; i < n; i++) {
            LuoFile lf = files.get(i);
            try {
                lf.handler().freeze(k, lf.args);
            } catch (RuntimeException e) {
                String err = e instanceof KernelException ke ? ke.errno().toString() : e.getMessage();
                k.log().err("luo", String.format("Freeze failed for token[%#x] handler[%s] err[%s]",
                        lf.token, lf.handler().compatible(), err));
                unfreezeUpTo(set, lf);
                throw e;
            }
            profile.writeFile(k.mem(), set.filesPa, i, lf.compatibleField(compatLen), lf.args.serializedData, lf.token);
        }
    }

    /** {@code luo_file_unfreeze}: every file of a session frozen earlier in a failed reboot. */
    void unfreeze(LuoFileSet set) {
        if (set.count() != 0) {
            unfreezeUpTo(set, null);
        }
    }

    private void unfreezeUpTo(LuoFileSet set, LuoFile failed) {
        for (LuoFile lf : set.files) {
            if (lf == failed) {
                break;
            }
            lf.handler().unfreeze(k, lf.args);
        }
        k.mem().fill(set.filesPa, arrayBytes(), (byte) 0);
    }

    /**
     * {@code luo_retrieve_file}: the first call runs the handler's {@code retrieve()}, later
     * calls hand out the same file again. Returns a new reference for the caller.
     */
    KernelFile retrieve(LuoFileSet set, long token) {
        k.steps().enter(LuoSteps.RETRIEVE_FILE);
        LuoFile lf = set.findByToken(token);
        if (lf == null) {
            throw new KernelException(Errno.ENOENT, String.format("no file with token %#x", token));
        }
        LiveupdateFileOpArgs a = lf.args;
        if (a.retrieveStatus < 0) {
            throw new KernelException(errno(-a.retrieveStatus), String.format("retrieving token %#x failed before", token));
        }
        if (a.retrieveStatus > 0) {
            return a.file.get();
        }
        try {
            lf.handler().retrieve(k, a);
        } catch (KernelException e) {
            a.retrieveStatus = -e.errno().value();
            throw e;
        }
        a.retrieveStatus = 1;
        preserved.add(a.file);
        // the handler's reference goes to the caller; LUO keeps its own until finish
        a.file.get();
        return a.file;
    }

    private static Errno errno(int value) {
        for (Errno e : Errno.values()) {
            if (e.value() == value) {
                return e;
            }
        }
        return Errno.EIO;
    }

    /**
     * {@code luo_file_finish}: all files must agree ({@code can_finish}, else EBUSY and nothing
     * changes); then {@code finish()} last-preserved first, LUO's references are dropped and
     * the incoming array is freed.
     */
    void finish(LuoFileSet set) {
        k.steps().enter(LuoSteps.FILE_FINISH);
        if (set.count() == 0) {
            return;
        }
        for (LuoFile lf : set.files) {
            if (!lf.handler().canFinish(k, lf.args)) {
                throw new KernelException(Errno.EBUSY, String.format("file with token %#x cannot finish yet", lf.token));
            }
        }
        while (!set.files.isEmpty()) {
            LuoFile lf = set.files.remove(set.files.size() - 1);
            lf.handler().finish(k, lf.args);
            if (lf.args.file != null) {
                preserved.remove(lf.args.file);
                lf.args.file.put();
            }
        }
        if (set.filesPa != 0) {
            k.khoIn().restoreFree(set.filesPa);
            set.filesPa = 0;
        }
    }

    /**
     * {@code luo_file_deserialize}: rebuild a session's file list from its array. Hardened: the
     * array's place, preservation and count are checked before anything is read and a problem
     * is a warning (as in v6.19, the files read so far stay and the caller carries on). The seed
     * reads {@code count} entries wherever {@code files} points; the faithful build does that
     * under the guard (a read past the 2-page array, of memory not preserved, outside RAM).
     * {@code from}: the previous kernel's KHO, or null for a rebuild from this kernel's own
     * block (only RAM bounds are checked then).
     */
    void deserialize(LuoFileSet set, String session, long filesPa, long count, KhoIncoming from) {
        k.steps().enter(LuoSteps.FILE_DESERIALIZE);
        if (filesPa == 0) {
            return;
        }
        boolean badCount = count < 0 || count > profile.fileMax();
        if (mode.hardened()) {
            String refused = (filesPa & 0xfff) != 0 ? String.format("file array %#x is not page aligned", filesPa)
                    : KhoReadGuard.check(mode, k.mem(), from, k.log(), "luo_file_deserialize", "the file array",
                    filesPa, arrayBytes());
            if (badCount || refused != null) {
                k.log().err("luo", String.format("Session [%s]: file array %#x with %d files is not valid, files dropped%s",
                        session, filesPa, count, refused == null ? "" : " (" + refused + ")"));
                return;
            }
        }
        set.filesPa = filesPa;
        int entry = profile.fileEntrySize();
        for (long i = 0; Long.compareUnsigned(i, count) < 0; i++) {
            long pa = filesPa + i * entry;
            if (!mode.hardened()) {
                if (i == profile.fileMax()) {
                    k.log().guard("slab-out-of-bounds read", "luo_file_deserialize", String.format(
                            "file entry %d at %#x is past the end of the %d-page file array at %#x of session [%s] "
                                    + "(count %s, LUO_FILE_MAX %d)", i, pa, profile.filePages(), filesPa, session,
                            Long.toUnsignedString(count), profile.fileMax()));
                }
                if (i == 0 || i == profile.fileMax() || pa + entry > k.mem().size()) {
                    KhoReadGuard.check(mode, k.mem(), from, k.log(), "luo_file_deserialize",
                            "file entry " + i + " of session [" + session + "]", pa, entry);
                }
            }
            LuoFileRecord r = profile.readFile(k.mem(), filesPa, (int) i);
            LiveupdateFileHandler fh = null;
            for (LiveupdateFileHandler h : handlers) {
                if (h.compatible().equals(r.compatible())) {
                    fh = h;
                    break;
                }
            }
            if (fh == null) {
                k.log().err("luo", "No registered handler for compatible '" + r.compatible() + "'");
                return;
            }
            LuoFile lf = new LuoFile(fh, r.token());
            lf.args.serializedData = r.data();
            set.files.add(lf);
        }
    }

    /** Report view of one file. */
    LuoFileInfo info(LuoFile lf) {
        return new LuoFileInfo(lf.token, lf.handler().compatible(), lf.args.serializedData,
                lf.handler().dataSize(k, lf.args), lf.args.retrieved());
    }
}

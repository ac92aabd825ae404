// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.Errno;
import org.khoemu.kernel.KernelException;
import org.khoemu.kernel.KernelMode;
import org.khoemu.kernel.KernelPanic;
import org.khoemu.kernel.boot.Cmdline;
import org.khoemu.kernel.boot.KernelContext;
import org.khoemu.kernel.boot.KernelSubsystem;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.proc.MiscDevice;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.liveupdate.LiveupdateFileHandler;
import org.khoemu.kernel.luo.memfd.MemfdLuoHandler;
import org.khoemu.kernel.proc.KernelFile;

import java.util.List;

/**
 * The Live Update Orchestrator of one kernel ({@code luo_core.c}). Early init reads what the
 * previous kernel left under the KHO entry {@code LUO} (a damaged tree panics the boot); late
 * init builds this kernel's LUO FDT and session block in preserved memory; the kexec reboot
 * path serializes sessions and finalizes KHO. Enabled by {@code liveupdate=on}, and only when
 * KHO is on ({@code kho=on}).
 */
public final class Luo implements KernelSubsystem, MiscDevice {
    public static final String NAME = "liveupdate";
    /** Start of the log line (after {@code "luo: "}) when the first open could not deserialize. */
    public static final String DESERIALIZE_FAILED = "deserializing incoming sessions failed";

    private final LuoAbiProfile profile;
    private final KernelMode mode;
    private final LuoFiles files;
    private final LuoSessions sessions;
    private KernelContext k;
    private boolean enabled;
    private long incomingNumber;
    private long incomingFdtPa;
    private long incomingSessionBlockPa;
    private long fdtPa;
    private long sessionBlockPa;
    private boolean deviceOpen;

    /** LUO with the seed ABI and the memfd handler. */
    public Luo() {
        this(LuoAbiProfiles.DEFAULT);
    }

    /** LUO of the {@link KernelMode#DEFAULT} build. */
    public Luo(LuoAbiProfile profile) {
        this(profile, KernelMode.DEFAULT);
    }

    /** LUO as built with {@code mode}: what it checks of the incoming bytes (see {@link KernelMode}). */
    public Luo(LuoAbiProfile profile, KernelMode mode) {
        this.profile = profile;
        this.mode = mode;
        this.files = new LuoFiles(profile, mode);
        this.sessions = new LuoSessions(profile, files, mode);
        files.register(new MemfdLuoHandler(mode));
    }

    public KernelMode mode() {
        return mode;
    }

    /** {@code liveupdate_register_file_handler}; EEXIST for a compatible already known. */
    public void registerFileHandler(LiveupdateFileHandler handler) {
        files.register(handler);
    }

    @Override
    public String name() {
        return NAME;
    }

    private void attach(KernelContext kc) {
        if (k == null) {
            k = kc;
            files.attach(kc);
            sessions.attach(kc);
        }
    }

    /** {@code liveupdate_early_init} / {@code luo_early_startup}. */
    @Override
    public void earlyInit(KernelContext kc) {
        attach(kc);
        k.steps().enter(LuoSteps.EARLY_STARTUP);
        // the same parser KHO uses, so both agree on whether KHO is on
        Cmdline cmdline = new Cmdline(k.cmdline());
        enabled = cmdline.bool("liveupdate", false);
        if (!cmdline.bool("kho", k.khoEnabledByDefault())) {
            if (enabled) {
                k.log().warn("luo", "Disabling liveupdate because KHO is disabled");
            }
            enabled = false;
            return;
        }
        long pa;
        try {
            pa = k.khoIn().retrieveSubtree(profile.khoEntryName());
        } catch (KernelException e) {
            if (e.errno() == Errno.ENOENT) {
                return; // fresh boot: nothing was handed over
            }
            restoreFail(String.format("failed to retrieve FDT '%s' from KHO: -%s", profile.khoEntryName(), e.errno()),
                    e.errno());
            return;
        }
        LuoFdt.Incoming in;
        try {
            in = LuoFdt.read(k.mem(), profile, pa, k.log());
        } catch (LuoFdt.Invalid e) {
            restoreFail(e.getMessage(), Errno.EINVAL);
            return;
        }
        long block = in.sessionBlockPa();
        long blockBytes = (long) profile.sessionBlockPages() << 12;
        // hardened only: the seed takes the address as it is and first reads it on the first open
        if (mode.hardened() && ((block & 0xfff) != 0 || block < 0 || block > k.mem().size() - blockBytes)) {
            restoreFail(String.format("Session header %#x is not a block inside RAM", block), Errno.EINVAL);
        }
        incomingFdtPa = pa;
        incomingNumber = in.liveupdateNumber();
        incomingSessionBlockPa = block;
        sessions.setupIncoming(block);
    }

    /** {@code luo_restore_fail}: continuing with state of unknown shape could leak data. */
    private void restoreFail(String reason, Errno err) {
        enabled = false;
        k.log().err("luo", reason);
        k.log().err("luo", "The incoming tree failed to initialize properly [-" + err
                + "], disabling live update");
        throw new KernelPanic("luo: " + reason);
    }

    /** {@code luo_late_startup} / {@code luo_fdt_setup}. */
    @Override
    public void lateInit(KernelContext kc) {
        attach(kc);
        if (!enabled) {
            return;
        }
        k.steps().enter(LuoSteps.FDT_SETUP);
        long number = incomingNumber + 1;
        long fdt;
        try {
            fdt = k.khoOut().allocPreserve(profile.fdtSize());
        } catch (KernelException e) {
            k.log().err("luo", "failed to allocate/preserve FDT memory");
            enabled = false;
            return;
        }
        long block = 0;
        try {
            block = sessions.setupOutgoing();
            LuoFdt.write(k.mem(), profile, fdt, number, block);
            k.khoOut().addSubtree(profile.khoEntryName(), fdt);
        } catch (RuntimeException e) {
            if (block != 0) {
                k.khoOut().unpreserveFree(block);
            }
            k.khoOut().unpreserveFree(fdt);
            k.log().err("luo", "failed to prepare LUO FDT: " + e.getMessage());
            enabled = false;
            return;
        }
        fdtPa = fdt;
        sessionBlockPa = block;
    }

    /**
     * {@code liveupdate_reboot}: serialize the sessions (freezing their files), then
     * {@code kho_finalize}. Any finalize failure is reported as EAGAIN; the reboot is aborted.
     */
    @Override
    public void reboot(KernelContext kc) {
        if (!enabled) {
            return;
        }
        k.steps().enter(LuoSteps.REBOOT);
        sessions.serialize();
        try {
            k.khoOut().finalizeKho();
        } catch (RuntimeException e) {
            k.log().err("luo", "kho_finalize failed " + e.getMessage());
            throw new KernelException(Errno.EAGAIN, "kho_finalize failed: " + e.getMessage());
        }
    }

    /**
     * {@code luo_open}: exclusive (EBUSY while open); the first open deserializes the incoming
     * sessions. A failure there depends on the generation: the seed ignores it (the open
     * succeeds with whatever was restored, the reason is in the log), v6.19 fails the open with
     * EIO. Either way deserialization runs once: later opens do not retry it and succeed.
     */
    public KernelFile openDevice() {
        if (!enabled) {
            throw new KernelException(Errno.ENOENT, "/dev/liveupdate is not registered");
        }
        if (deviceOpen) {
            throw new KernelException(Errno.EBUSY, "/dev/liveupdate is already open");
        }
        try {
            sessions.deserialize();
        } catch (KernelException e) {
            k.log().err("luo", DESERIALIZE_FAILED + ": " + e.getMessage());
            if (profile.openFailsOnDeserializeError()) {
                throw new KernelException(Errno.EIO, DESERIALIZE_FAILED + ": " + e.getMessage());
            }
        }
        deviceOpen = true;
        return new LiveupdateDevice(this);
    }

    @Override
    public String nodeName() {
        return UserProcess.DEV_LIVEUPDATE;
    }

    /** {@code misc_register} runs only when live update is on. */
    @Override
    public boolean registered() {
        return enabled();
    }

    @Override
    public KernelFile open() {
        return openDevice();
    }

    /** Called by the device file's release. */
    public void deviceReleased() {
        deviceOpen = false;
    }

    public LuoSessions sessions() {
        return sessions;
    }

    public boolean enabled() {
        return enabled;
    }

    public LuoAbiProfile profile() {
        return profile;
    }

    /** The number this kernel writes for the next one: incoming + 1 (0 + 1 on a fresh boot). */
    public long liveupdateNumber() {
        return incomingNumber + 1;
    }

    /** The number the previous kernel wrote; 0 on a fresh boot. */
    public long incomingNumber() {
        return incomingNumber;
    }

    /** Physical address of this kernel's LUO FDT; 0 when LUO is disabled. */
    public long fdtPa() {
        return fdtPa;
    }

    /** Physical address of this kernel's session block; 0 when LUO is disabled. */
    public long sessionBlockPa() {
        return sessionBlockPa;
    }

    /** The previous kernel's LUO FDT; 0 on a fresh boot. */
    public long incomingFdtPa() {
        return incomingFdtPa;
    }

    /** The previous kernel's session block (freed once deserialized); 0 on a fresh boot. */
    public long incomingSessionBlockPa() {
        return incomingSessionBlockPa;
    }

    public List<LuoSessionInfo> outgoingSessions() {
        return sessions.info(sessions.outgoing);
    }

    public List<LuoSessionInfo> incomingSessions() {
        return sessions.info(sessions.incoming);
    }

    public List<String> fileHandlers() {
        return files.handlers().stream().map(LiveupdateFileHandler::compatible).toList();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.proc.KernelFile;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.LiveupdateIoctl;
import org.khoemu.kernel.uapi.LiveupdateIoctlCreateSession;
import org.khoemu.kernel.uapi.LiveupdateIoctlRetrieveSession;
import org.khoemu.kernel.uapi.NamedSessionRequest;

import java.util.List;

/** An open {@code /dev/liveupdate}: CREATE_SESSION and RETRIEVE_SESSION. */
public final class LiveupdateDevice extends KernelFile {
    private final Luo luo;

    public LiveupdateDevice(Luo luo) {
        this.luo = luo;
    }

    @Override
    public String describe() {
        return UserProcess.DEV_LIVEUPDATE;
    }

    @Override
    public int ioctl(UserProcess p, int request, byte[] arg) {
        List<LuoUcmd.Op> table = List.of(
                new LuoUcmd.Op(LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION, LiveupdateIoctlCreateSession.SIZE,
                        LiveupdateIoctlCreateSession.MIN_SIZE, cmd -> createSession(p, cmd)),
                new LuoUcmd.Op(LiveupdateIoctl.LIVEUPDATE_IOCTL_RETRIEVE_SESSION, LiveupdateIoctlRetrieveSession.SIZE,
                        LiveupdateIoctlRetrieveSession.MIN_SIZE, cmd -> retrieveSession(p, cmd)));
        return LuoUcmd.dispatch(LiveupdateIoctl.LIVEUPDATE_CMD_BASE, table, request, arg);
    }

    private void createSession(UserProcess p, byte[] cmd) {
        var in = LiveupdateIoctlCreateSession.readFrom(cmd);
        LuoSession s = luo.sessions().create(in.name());
        int fd = p.installFd(new LuoSessionFile(luo, s));
        NamedSessionRequest.putFd(cmd, fd);
    }

    private void retrieveSession(UserProcess p, byte[] cmd) {
        var in = LiveupdateIoctlRetrieveSession.readFrom(cmd);
        LuoSession s = luo.sessions().retrieve(in.name());
        int fd = p.installFd(new LuoSessionFile(luo, s));
        NamedSessionRequest.putFd(cmd, fd);
    }

    @Override
    protected void release() {
        luo.deviceReleased();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.abi.SessionName;
import org.khoemu.kernel.proc.KernelFile;
import org.khoemu.kernel.proc.UserProcess;
import org.khoemu.kernel.uapi.LiveupdateIoctl;
import org.khoemu.kernel.uapi.LiveupdateSessionFinish;
import org.khoemu.kernel.uapi.LiveupdateSessionPreserveFd;
import org.khoemu.kernel.uapi.LiveupdateSessionRetrieveFd;

import java.util.List;

/** A session fd ({@code [luo_session] <name>}): PRESERVE_FD, RETRIEVE_FD, FINISH; close releases. */
public final class LuoSessionFile extends KernelFile {
    private final Luo luo;
    private final LuoSession session;

    public LuoSessionFile(Luo luo, LuoSession session) {
        this.luo = luo;
        this.session = session;
    }

    public LuoSession session() {
        return session;
    }

    @Override
    public String describe() {
        return "[luo_session] " + SessionName.ofKernel(session.name());
    }

    @Override
    public int ioctl(UserProcess p, int request, byte[] arg) {
        List<LuoUcmd.Op> table = List.of(
                new LuoUcmd.Op(LiveupdateIoctl.LIVEUPDATE_SESSION_PRESERVE_FD, LiveupdateSessionPreserveFd.SIZE,
                        LiveupdateSessionPreserveFd.MIN_SIZE, cmd -> preserveFd(p, cmd)),
                new LuoUcmd.Op(LiveupdateIoctl.LIVEUPDATE_SESSION_RETRIEVE_FD, LiveupdateSessionRetrieveFd.SIZE,
                        LiveupdateSessionRetrieveFd.MIN_SIZE, cmd -> retrieveFd(p, cmd)),
                new LuoUcmd.Op(LiveupdateIoctl.LIVEUPDATE_SESSION_FINISH, LiveupdateSessionFinish.SIZE,
                        LiveupdateSessionFinish.MIN_SIZE, cmd -> luo.sessions().finish(session)));
        return LuoUcmd.dispatch(LiveupdateIoctl.LIVEUPDATE_CMD_SESSION_BASE, table, request, arg);
    }

    private void preserveFd(UserProcess p, byte[] cmd) {
        var in = LiveupdateSessionPreserveFd.readFrom(cmd);
        luo.sessions().preserveFd(session, in.token(), p, in.fd());
    }

    private void retrieveFd(UserProcess p, byte[] cmd) {
        var in = LiveupdateSessionRetrieveFd.readFrom(cmd);
        KernelFile f = luo.sessions().retrieveFd(session, in.token());
        int fd = p.installFd(f);
        new LiveupdateSessionRetrieveFd(in.size(), fd, in.token()).writeTo(cmd);
    }

    @Override
    protected void release() {
        luo.sessions().release(session);
    }
}

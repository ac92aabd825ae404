// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.uapi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveupdateUapiLayoutTest {
    @Test
    void requestNumbersAreIoWithType0xBA() {
        assertEquals(0xBA, LiveupdateIoctl.LIVEUPDATE_IOCTL_TYPE);
        assertEquals(0xBA00, LiveupdateIoctl.LIVEUPDATE_IOCTL_CREATE_SESSION);
        assertEquals(0xBA01, LiveupdateIoctl.LIVEUPDATE_IOCTL_RETRIEVE_SESSION);
        assertEquals(0xBA40, LiveupdateIoctl.LIVEUPDATE_SESSION_PRESERVE_FD);
        assertEquals(0xBA41, LiveupdateIoctl.LIVEUPDATE_SESSION_RETRIEVE_FD);
        assertEquals(0xBA42, LiveupdateIoctl.LIVEUPDATE_SESSION_FINISH);
        assertEquals(64, NamedSessionRequest.NAME_LENGTH, "the uAPI name field, every generation");
    }

    @Test
    void sessionRequestsAre72BytesWithTheNameAt8() {
        assertEquals(72, LiveupdateIoctlCreateSession.SIZE);
        assertEquals(0, LiveupdateIoctlCreateSession.OFF_SIZE);
        assertEquals(4, LiveupdateIoctlCreateSession.OFF_FD);
        assertEquals(8, LiveupdateIoctlCreateSession.OFF_NAME);
        assertEquals(72, LiveupdateIoctlCreateSession.MIN_SIZE);
        assertEquals(72, LiveupdateIoctlRetrieveSession.SIZE);
        assertEquals(8, LiveupdateIoctlRetrieveSession.OFF_NAME);
        assertEquals(72, LiveupdateIoctlRetrieveSession.MIN_SIZE);

        byte[] b = new LiveupdateIoctlCreateSession(72, -2, "ab").toBytes();
        byte[] want = new byte[72];
        want[0] = 72;
        want[4] = (byte) 0xfe; want[5] = (byte) 0xff; want[6] = (byte) 0xff; want[7] = (byte) 0xff;
        want[8] = 'a';
        want[9] = 'b';
        assertArrayEquals(want, b);
        assertEquals(new LiveupdateIoctlCreateSession(72, -2, "ab"), LiveupdateIoctlCreateSession.readFrom(b));
        assertEquals(new LiveupdateIoctlRetrieveSession(72, -2, "ab"), LiveupdateIoctlRetrieveSession.readFrom(b));
    }

    @Test
    void fdRequestsAre16BytesWithTheTokenAt8() {
        assertEquals(16, LiveupdateSessionPreserveFd.SIZE);
        assertEquals(0, LiveupdateSessionPreserveFd.OFF_SIZE);
        assertEquals(4, LiveupdateSessionPreserveFd.OFF_FD);
        assertEquals(8, LiveupdateSessionPreserveFd.OFF_TOKEN);
        assertEquals(16, LiveupdateSessionPreserveFd.MIN_SIZE);
        assertEquals(16, LiveupdateSessionRetrieveFd.SIZE);
        assertEquals(8, LiveupdateSessionRetrieveFd.OFF_TOKEN);
        assertEquals(16, LiveupdateSessionRetrieveFd.MIN_SIZE);
        byte[] b = new LiveupdateSessionPreserveFd(16, 5, 0x1122334455667788L).toBytes();
        assertArrayEquals(new byte[] {16, 0, 0, 0, 5, 0, 0, 0, (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}, b);
        assertEquals(new LiveupdateSessionRetrieveFd(16, 5, 0x1122334455667788L), LiveupdateSessionRetrieveFd.readFrom(b));
    }

    @Test
    void finishIs8Bytes() {
        assertEquals(8, LiveupdateSessionFinish.SIZE);
        assertEquals(0, LiveupdateSessionFinish.OFF_SIZE);
        assertEquals(4, LiveupdateSessionFinish.OFF_RESERVED);
        assertEquals(8, LiveupdateSessionFinish.MIN_SIZE);
        assertArrayEquals(new byte[] {8, 0, 0, 0, 3, 0, 0, 0}, new LiveupdateSessionFinish(8, 3).toBytes());
    }
}

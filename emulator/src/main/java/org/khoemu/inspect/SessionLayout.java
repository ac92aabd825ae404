// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.LuoAbiProfiles;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6Profile;
import org.khoemu.kernel.luo.abi.v619.V619Profile;

import java.util.List;

import static org.khoemu.inspect.AnnotatedHexdump.Field;

/**
 * Where the fields of the session block sit in one LUO ABI generation, for reading them one by
 * one from untrusted RAM and for labelling hexdumps. The generation is recognised from the
 * LUO FDT's {@code luo-session} compatible string, so an image describes itself.
 */
public record SessionLayout(LuoAbiProfile profile, int headerCountOffset, int headerPgcntOffset,
                            int entryFilesOffset, int entryPgcntOffset, int entryCountOffset,
                            List<Field> headerFields, List<Field> entryFields) {
    /** Marks a field the generation does not have. */
    public static final int NONE = -1;

    public static final SessionLayout SEED_V6 = new SessionLayout(SeedV6Profile.INSTANCE,
            org.khoemu.kernel.luo.abi.seedv6.LuoSessionHeaderSer.OFF_COUNT,
            org.khoemu.kernel.luo.abi.seedv6.LuoSessionHeaderSer.OFF_PGCNT,
            org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_FILES,
            org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_PGCNT,
            org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_COUNT,
            List.of(new Field("pgcnt", org.khoemu.kernel.luo.abi.seedv6.LuoSessionHeaderSer.OFF_PGCNT, 8),
                    new Field("count", org.khoemu.kernel.luo.abi.seedv6.LuoSessionHeaderSer.OFF_COUNT, 8)),
            List.of(new Field("name", org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_NAME,
                            org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.NAME_LENGTH),
                    new Field("files", org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_FILES, 8),
                    new Field("pgcnt", org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_PGCNT, 8),
                    new Field("count", org.khoemu.kernel.luo.abi.seedv6.LuoSessionSer.OFF_COUNT, 8)));

    public static final SessionLayout V6_19 = new SessionLayout(V619Profile.INSTANCE,
            org.khoemu.kernel.luo.abi.v619.LuoSessionHeaderSer.OFF_COUNT, NONE,
            org.khoemu.kernel.luo.abi.v619.LuoSessionSer.OFF_FILES, NONE,
            org.khoemu.kernel.luo.abi.v619.LuoSessionSer.OFF_COUNT,
            List.of(new Field("count", org.khoemu.kernel.luo.abi.v619.LuoSessionHeaderSer.OFF_COUNT, 8)),
            List.of(new Field("name", org.khoemu.kernel.luo.abi.v619.LuoSessionSer.OFF_NAME,
                            org.khoemu.kernel.luo.abi.v619.LuoSessionSer.NAME_LENGTH),
                    new Field("file_set_ser.files", org.khoemu.kernel.luo.abi.v619.LuoSessionSer.OFF_FILES, 8),
                    new Field("file_set_ser.count", org.khoemu.kernel.luo.abi.v619.LuoSessionSer.OFF_COUNT, 8)));

    static final List<SessionLayout> ALL = List.of(SEED_V6, V6_19);

    /** The layout whose {@code luo-session} node has compatible {@code compat}, or null. */
    public static SessionLayout bySessionCompatible(String compat) {
        return ALL.stream().filter(l -> l.profile().sessionCompatible().equals(compat)).findFirst().orElse(null);
    }

    /** All session compatibles this decoder knows, for messages. */
    static String known() {
        return String.join(", ", ALL.stream().map(l -> "\"" + l.profile().sessionCompatible() + "\"").toList());
    }

    /** The kernel model's default generation. */
    public static SessionLayout defaultLayout() {
        return ALL.stream().filter(l -> l.profile() == LuoAbiProfiles.DEFAULT).findFirst().orElseThrow();
    }

    public long entryPa(long blockPa, int index) {
        return blockPa + profile.sessionHeaderSize() + (long) index * profile.sessionEntrySize();
    }
}

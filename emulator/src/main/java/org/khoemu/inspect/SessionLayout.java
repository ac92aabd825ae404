// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.luo.abi.LuoAbiProfile;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;
import org.khoemu.kernel.luo.abi.seedv6.SeedV6Profile;
import org.khoemu.kernel.luo.abi.v619.V619Profile;

import java.util.List;

import static org.khoemu.inspect.AnnotatedHexdump.Field;

/**
 * Where the fields of the session block sit in one LUO ABI generation, for reading them one by
 * one from untrusted RAM and for labelling hexdumps; all of it read from the profile's layout
 * table. The generation is recognised from the LUO FDT's {@code luo-session} compatible string,
 * so an image describes itself.
 */
public record SessionLayout(LuoAbiProfile profile, int headerCountOffset, int headerPgcntOffset,
                            int entryFilesOffset, int entryPgcntOffset, int entryCountOffset,
                            List<Field> headerFields, List<Field> entryFields) {
    /** Marks a field the generation does not have ({@link AbiStruct#leafOffset}). */
    public static final int NONE = -1;

    /** The positions of {@code profile}'s session header and entry, from its table. */
    public static SessionLayout of(LuoAbiProfile profile) {
        // luo-v5 has no session header struct: each block of its chain starts with a kho_block header
        AbiStruct header = profile.layout().struct(profile.layout().hasStruct("luo_session_header_ser")
                ? "luo_session_header_ser" : "kho_block_header_ser");
        AbiStruct entry = profile.layout().struct("luo_session_ser");
        return new SessionLayout(profile, header.leafOffset("count"), header.leafOffset("pgcnt"),
                entry.leafOffset("files"), entry.leafOffset("pgcnt"), entry.leafOffset("count"), AnnotatedHexdump.fields(header),
                AnnotatedHexdump.fields(entry));
    }

    public static final SessionLayout SEED_V6 = of(SeedV6Profile.INSTANCE);

    public static final SessionLayout V6_19 = of(V619Profile.INSTANCE);

    static final List<SessionLayout> ALL = LuoAbiProfiles.all().stream().map(SessionLayout::of).toList();

    /**
     * The layout of {@code compat}, preferring {@code hint} (the profile the image's sidecar,
     * {@code --abi} or the run names): generations that did not bump the compatible
     * (seed-v6 and seed-v6-name64 are both {@code luo-session-v1}) are told apart only so.
     */
    public static SessionLayout forCompatible(String compat, LuoAbiProfile hint) {
        if (hint != null && hint.sessionCompatible().equals(compat)) {
            return ALL.stream().filter(l -> l.profile() == hint).findFirst().orElseGet(() -> of(hint));
        }
        return bySessionCompatible(compat);
    }

    /** The first layout whose {@code luo-session} node has compatible {@code compat}, or null. */
    public static SessionLayout bySessionCompatible(String compat) {
        return ALL.stream().filter(l -> l.profile().sessionCompatible().equals(compat)).findFirst().orElse(null);
    }

    /** All luo-session compatibles this decoder knows (the luo-v1 FDT generations), for messages. */
    static String known() {
        return String.join(", ", ALL.stream().filter(l -> l.profile().serRoot() == null)
                .map(l -> "\"" + l.profile().sessionCompatible() + "\"").distinct().toList());
    }

    /** The kernel model's default generation. */
    public static SessionLayout defaultLayout() {
        return ALL.stream().filter(l -> l.profile() == LuoAbiProfiles.DEFAULT).findFirst().orElseThrow();
    }

    public long entryPa(long blockPa, int index) {
        return blockPa + profile.sessionHeaderSize() + (long) index * profile.sessionEntrySize();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inspect;

import org.khoemu.kernel.abi.AbiField;
import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.x86.KhoData;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scalar or char-array field of a decoded handover, named as the ABI table of its profile
 * names it ({@code luo_session_header_ser.count}, {@code luo_session_ser[3].name},
 * {@code luo_file_ser[0][1].token}, {@code khoser_mem_chunk[0].bitmaps[2].phys_start}; and
 * {@code kho_data.fdt_size}, the boot protocol's, from its own table) and
 * found where the next kernel finds it: by following the handover decoded from boot_params.
 * Only the struct's position comes from the walk; every offset and size comes from the table.
 */
public record HandoverField(String name, long pa, AbiField field) {
    private static final Pattern ROOT = Pattern.compile("([a-z_0-9]+)((?:\\[[0-9]{1,9}])*)\\.(.+)");
    private static final Pattern INDEX = Pattern.compile("\\[([0-9]{1,9})]");
    private static final Pattern SEGMENT = Pattern.compile("([a-z_0-9]+)(?:\\[([0-9]{1,9})])?");

    /** The structs a name may start with, and the indices each takes, for messages. */
    static final List<String> ROOTS = List.of("luo_session_header_ser", "luo_session_ser[i]", "luo_file_ser[i][j]",
            "memfd_luo_ser[i][j]", "khoser_mem_chunk[k]", KhoData.STRUCT.name());

    /** True for a {@code char[N]} field, whose value is a string. */
    public boolean isChars() {
        return field.type().startsWith("char[");
    }

    /** Resolves {@code spec} (without the {@code =VALUE}) in handover {@code h} with table {@code layout}. */
    public static HandoverField resolve(HandoverInspection h, AbiLayout layout, String spec) {
        Matcher m = ROOT.matcher(spec);
        if (!m.matches()) {
            throw new BadFieldException("'" + spec + "' is not a field name like luo_session_header_ser.count or "
                    + "luo_file_ser[0][1].token");
        }
        String root = m.group(1);
        List<Integer> idx = new ArrayList<>();
        Matcher im = INDEX.matcher(m.group(2));
        while (im.find()) {
            idx.add(Integer.parseInt(im.group(1)));
        }
        if (root.equals(KhoData.STRUCT.name())) {
            // the boot protocol's struct, the same in every profile: not in a LUO profile's table
            indices(idx, 0, spec, "no index");
            if (h.boot() == null) {
                throw new BadFieldException(spec + ": boot_params and its setup_data are not in place before "
                        + "relocation: kho_data can be changed between relocation and purgatory, or in a saved image");
            }
            return walk(KhoData.STRUCT, h.boot().khoDataPa(), m.group(3), spec);
        }
        if (!layout.hasStruct(root) || !ROOTS.stream().anyMatch(r -> r.startsWith(root + "[") || r.equals(root))) {
            throw new BadFieldException("no struct " + root + " to poke in ABI " + layout.profile() + ": give one of "
                    + String.join(", ", ROOTS.stream().filter(r -> r.equals(KhoData.STRUCT.name())
                            || layout.hasStruct(r.replaceAll("\\[.*", ""))).toList())
                    + " (its table has " + String.join(", ", layout.structs().stream().map(AbiStruct::name).toList())
                    + "; 'khoemu abi layout' prints them)");
        }
        AbiStruct struct = layout.struct(root);
        long base = structPa(h, root, idx, spec);
        return walk(struct, base, m.group(3), spec);
    }

    private static long structPa(HandoverInspection h, String root, List<Integer> idx, String spec) {
        LuoSessionBlock block = h.sessions();
        var p = block.layout().profile();
        switch (root) {
            case "luo_session_header_ser" -> {
                indices(idx, 0, spec, "no index");
                return h.sessionBlockPa();
            }
            case "luo_session_ser" -> {
                indices(idx, 1, spec, "one index, the session entry");
                int i = idx.get(0);
                within(i, p.sessionMax(), spec, "session entry", "the 16-page block holds");
                return block.layout().entryPa(h.sessionBlockPa(), i);
            }
            case "luo_file_ser", "memfd_luo_ser" -> {
                indices(idx, 2, spec, "two indices, session and file");
                int i = idx.get(0);
                within(i, (int) block.count(), spec, "session", "the header counts");
                LuoSessionBlock.Session s = block.sessions().get(i);
                int j = idx.get(1);
                if (root.equals("luo_file_ser")) {
                    within(j, p.fileMax(), spec, "file entry", "a session's file array holds");
                    if (s.filesPa() == 0) {
                        throw new BadFieldException(spec + ": session " + i + " has no file array (files is 0)");
                    }
                    return s.filesPa() + (long) j * p.fileEntrySize();
                }
                within(j, (int) s.count(), spec, "file", "session " + i + " counts");
                LuoSessionBlock.Memfd memfd = s.files().get(j).memfd();
                if (memfd == null) {
                    throw new BadFieldException(spec + ": file " + j + " of session " + i + " is not a memfd");
                }
                return memfd.pa();
            }
            default -> {
                indices(idx, 1, spec, "one index, the chunk in list order");
                int k = idx.get(0);
                within(k, h.memMap().chunks().size(), spec, "chunk", "the preserved-memory map has");
                return h.memMap().chunks().get(k).pa();
            }
        }
    }

    private static void indices(List<Integer> idx, int want, String spec, String what) {
        if (idx.size() != want) {
            throw new BadFieldException(spec + ": this struct takes " + what + ", not " + idx.size());
        }
    }

    private static void within(int i, int limit, String spec, String what, String holder) {
        if (i >= limit) {
            throw new BadFieldException(spec + ": " + what + " " + i + " does not exist (" + holder + " " + limit + ")");
        }
    }

    /** Walks {@code path} ({@code hdr.order}, {@code bitmaps[2].bitmap}) down to a scalar or char array. */
    private static HandoverField walk(AbiStruct struct, long base, String path, String spec) {
        AbiStruct s = struct;
        long pa = base;
        String[] parts = path.split("\\.", -1);
        for (int n = 0; n < parts.length; n++) {
            Matcher m = SEGMENT.matcher(parts[n]);
            if (!m.matches()) {
                throw new BadFieldException(spec + ": '" + parts[n] + "' is not a field name");
            }
            AbiStruct in = s;
            AbiField f = s.fields().stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new BadFieldException(spec + ": struct " + in.name() + " has no field " + m.group(1)
                            + " (it has " + String.join(", ", in.fields().stream().map(AbiField::name).toList()) + ")"));
            pa += f.offset();
            boolean array = f.member() != null && f.type().endsWith("]");
            if (m.group(2) != null) {
                if (!array) {
                    throw new BadFieldException(spec + ": " + f.name() + " (" + f.type() + ") is not an array of structs");
                }
                int i = Integer.parseInt(m.group(2));
                within(i, f.size() / f.member().size(), spec, f.name() + " element", "the array has");
                pa += (long) i * f.member().size();
            } else if (array) {
                throw new BadFieldException(spec + ": " + f.name() + " is " + f.type() + ", give an element: " + f.name() + "[i]");
            }
            boolean last = n == parts.length - 1;
            if (f.member() == null) {
                if (!last) {
                    throw new BadFieldException(spec + ": " + f.name() + " (" + f.type() + ") has no members");
                }
                return new HandoverField(spec, pa, f);
            }
            if (last) {
                throw new BadFieldException(spec + ": " + f.name() + " is " + f.type() + ", name one of its fields");
            }
            s = f.member();
        }
        throw new BadFieldException(spec + ": empty field name");
    }
}

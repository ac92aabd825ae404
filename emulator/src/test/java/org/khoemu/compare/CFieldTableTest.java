// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.compare;

import org.junit.jupiter.api.Test;
import org.khoemu.kernel.kho.v1.KhoV1Layout;
import org.khoemu.kernel.luo.abi.profiles.LuoAbiProfiles;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * compare's fields come from the profile's layout table; the positions expected here are
 * abi-reference's (1.5 luo_file_ser, 3.8 memfd_luo_ser and kho_vmalloc, 3.2 khoser_mem_chunk).
 */
class CFieldTableTest {
    @Test
    void fileEntriesAreTheTablesWithTheCompatibleAsAString() {
        var file = LuoAbiProfiles.DEFAULT.layout().struct("luo_file_ser");
        assertEquals(List.of(new CField("luo_file_ser[2].compatible", 128, 48, CField.Role.STRING),
                        new CField("luo_file_ser[2].data", 176, 8, CField.Role.ADDRESS),
                        new CField("luo_file_ser[2].token", 184, 8, CField.Role.VALUE)),
                CField.of(file, "luo_file_ser[2].", 2 * 64, Map.of("data", CField.Role.ADDRESS)));
    }

    @Test
    void embeddedStructsOpenWithDottedNames() {
        var memfd = LuoAbiProfiles.DEFAULT.layout().struct("memfd_luo_ser");
        assertEquals(List.of("pos@0", "size@8", "nr_folios@16", "folios.first@24", "folios.total_pages@32",
                        "folios.flags@36", "folios.order@38"),
                CField.of(memfd, "", 0, Map.of()).stream().map(f -> f.name() + "@" + f.offset()).toList());
    }

    @Test
    void arrayElementsOfAChunkAreOpenedOneByOne() {
        Map<String, CField.Role> roles = Map.of("phys_start", CField.Role.PHYS, "bitmap", CField.Role.ADDRESS);
        // 16-byte header, then {phys_start, bitmap} pairs of 16 bytes
        assertEquals(List.of(new CField("bitmaps[3].phys_start", 16 + 3 * 16, 8, CField.Role.PHYS),
                        new CField("bitmaps[3].bitmap", 16 + 3 * 16 + 8, 8, CField.Role.ADDRESS)),
                CField.element(KhoV1Layout.KHOSER_MEM_CHUNK, "bitmaps", 3, "", 0, roles));
    }
}

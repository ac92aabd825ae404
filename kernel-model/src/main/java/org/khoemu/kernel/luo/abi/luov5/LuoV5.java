// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo.abi.luov5;

import org.khoemu.kernel.abi.AbiLayout;
import org.khoemu.kernel.abi.AbiStruct;
import org.khoemu.kernel.kho.KhoVmalloc;
import org.khoemu.kernel.kho.block.KhoBlockLayout;
import org.khoemu.kernel.kho.radix.KhoRadixLayout;
import org.khoemu.kernel.luo.abi.MemfdLuoFolioSer;
import org.khoemu.kernel.luo.abi.MemfdLuoSer;

/**
 * The luo-v5 layout table (the June 2026 series, abi-reference 2.3, 2.4): the KHO entry
 * {@code LUO} is a raw 32-byte {@code struct luo_ser} with the compatible inside it; sessions and
 * each session's files live in chains of 4 KiB {@code kho_block}s, so the maxima are
 * {@code KHO_MAX_BLOCKS} times the entries of one block. The separate session header struct of
 * the luo-v1 generations is gone.
 */
public final class LuoV5 {
    private LuoV5() {
    }

    public static final String NAME = "luo-v5";
    private static final String COMPAT = "LUO_ABI_COMPATIBLE";
    /** {@code ALIGN(sizeof("luo-v5"), 8)}. */
    private static final int COMPAT_LEN = 8;
    private static final int NAME_LENGTH = 64;
    private static final int HNDL_COMPAT_LENGTH = 48;

    public static final AbiStruct LUO_SER = AbiStruct.packed("luo_ser", COMPAT,
                    "the whole KHO blob LUO: state of the live update")
            .chars("compatible", COMPAT_LEN, "LUO_ABI_COMPATIBLE, NUL-padded to the field")
            .u64("liveupdate_num", "outgoing live-update number = incoming + 1")
            .u64("sessions_pa", "phys of the first session kho_block, 0 if no sessions")
            .u64("flbs_pa", "phys of the FLB header page, 0 if none")
            .build();

    public static final AbiStruct LUO_FILE_SET_SER = AbiStruct.packed("luo_file_set_ser", COMPAT,
                    "the files of one session")
            .u64("files", "phys of the first kho_block of the session's file chain, 0 if none")
            .u64("count", "files in the chain, cross-checked with the blocks' counts on restore")
            .build();

    public static final AbiStruct LUO_SESSION_SER = AbiStruct.packed("luo_session_ser", COMPAT,
                    "one session, entry j of a session block at offset 16 + j * 80")
            .chars("name", NAME_LENGTH, "session name, NUL-terminated")
            .embed("file_set_ser", LUO_FILE_SET_SER, "the session's files")
            .build();

    public static final AbiStruct LUO_FILE_SER = AbiStruct.packed("luo_file_ser", COMPAT,
                    "one preserved file, entry j of a file block at offset 16 + j * 64")
            .chars("compatible", HNDL_COMPAT_LENGTH, "handler compatible, NUL-terminated, e.g. memfd-v1")
            .u64("data", "the handler's opaque u64 (memfd: phys of its memfd_luo_ser)")
            .u64("token", "the user's token from LIVEUPDATE_SESSION_PRESERVE_FD")
            .build();

    private static final int SESSIONS_PER_BLOCK = KhoBlockLayout.perBlock(LUO_SESSION_SER.size());
    private static final int FILES_PER_BLOCK = KhoBlockLayout.perBlock(LUO_FILE_SER.size());

    public static final AbiLayout LAYOUT = AbiLayout.of(NAME)
            .struct(LUO_SER).struct(KhoBlockLayout.KHO_BLOCK_HEADER_SER).struct(LUO_FILE_SET_SER)
            .struct(LUO_SESSION_SER).struct(LUO_FILE_SER)
            .struct(MemfdLuoSer.STRUCT).struct(MemfdLuoFolioSer.STRUCT).struct(KhoVmalloc.STRUCT)
            .text("LUO_KHO_ENTRY_NAME", "LUO", "child of the KHO root FDT holding the raw luo_ser blob")
            .text(COMPAT, NAME, "compatible inside luo_ser, compared with strncmp over LUO_ABI_COMPAT_LEN")
            .number("LUO_ABI_COMPAT_LEN", COMPAT_LEN, "ALIGN(sizeof(LUO_ABI_COMPATIBLE), 8)")
            .number("LIVEUPDATE_SESSION_NAME_LENGTH", NAME_LENGTH, "bytes of luo_session_ser.name")
            .number("LIVEUPDATE_HNDL_COMPAT_LENGTH", HNDL_COMPAT_LENGTH, "bytes of luo_file_ser.compatible")
            .text("MEMFD_LUO_FH_COMPATIBLE", MemfdLuoSer.COMPATIBLE, "compatible of the memfd file handler")
            .text(KhoBlockLayout.VERSIONED_BY, "kho-v4", "KHO root compatible; kho-v4 versions the kho_block format")
            .number("KHO_BLOCK_SIZE", KhoBlockLayout.KHO_BLOCK_SIZE, "a kho_block is one preserved page")
            .number("KHO_MAX_BLOCKS", KhoBlockLayout.KHO_MAX_BLOCKS, "blocks per chain (-ENOSPC past it)")
            .number("LUO_SESSIONS_PER_BLOCK", SESSIONS_PER_BLOCK,
                    "(KHO_BLOCK_SIZE - sizeof(kho_block_header_ser)) / sizeof(luo_session_ser); khoemu's name")
            .number("LUO_FILES_PER_BLOCK", FILES_PER_BLOCK,
                    "(KHO_BLOCK_SIZE - sizeof(kho_block_header_ser)) / sizeof(luo_file_ser); khoemu's name")
            .number("LUO_SESSION_MAX", (long) KhoBlockLayout.KHO_MAX_BLOCKS * SESSIONS_PER_BLOCK,
                    "KHO_MAX_BLOCKS * LUO_SESSIONS_PER_BLOCK")
            .number("LUO_FILE_MAX", (long) KhoBlockLayout.KHO_MAX_BLOCKS * FILES_PER_BLOCK,
                    "KHO_MAX_BLOCKS * LUO_FILES_PER_BLOCK: files of one session")
            .include(KhoRadixLayout.LAYOUT)
            .build();
}

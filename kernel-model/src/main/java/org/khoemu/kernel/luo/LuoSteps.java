// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.luo;

import org.khoemu.kernel.luo.memfd.MemfdLuoHandler;

import java.util.List;

/**
 * The named kernel steps LUO reports to the {@code StepObserver}, after the kernel functions
 * they model. Fault injection targets these names; a throw at a step behaves like a failure
 * of that function (the reboot path undoes what it froze).
 */
public final class LuoSteps {
    private LuoSteps() {
    }

    public static final String EARLY_STARTUP = "luo_early_startup";
    public static final String FDT_SETUP = "luo_fdt_setup";
    public static final String SESSION_SETUP_OUTGOING = "luo_session_setup_outgoing";
    public static final String SESSION_CREATE = "luo_session_create";
    public static final String SESSION_RETRIEVE = "luo_session_retrieve";
    public static final String SESSION_RELEASE = "luo_session_release";
    public static final String SESSION_SERIALIZE = "luo_session_serialize";
    public static final String SESSION_DESERIALIZE = "luo_session_deserialize";
    public static final String PRESERVE_FILE = "luo_preserve_file";
    public static final String FILE_UNPRESERVE_FILES = "luo_file_unpreserve_files";
    public static final String FILE_FREEZE = "luo_file_freeze";
    public static final String FILE_DESERIALIZE = "luo_file_deserialize";
    public static final String RETRIEVE_FILE = "luo_retrieve_file";
    public static final String FILE_FINISH = "luo_file_finish";
    public static final String REBOOT = "liveupdate_reboot";
    public static final String MEMFD_PRESERVE = MemfdLuoHandler.STEP_PRESERVE;
    public static final String MEMFD_UNPRESERVE = MemfdLuoHandler.STEP_UNPRESERVE;
    public static final String MEMFD_RETRIEVE = MemfdLuoHandler.STEP_RETRIEVE;

    /** Every name above, in the order a live update meets them. */
    public static final List<String> ALL = List.of(EARLY_STARTUP, FDT_SETUP, SESSION_SETUP_OUTGOING,
            SESSION_CREATE, PRESERVE_FILE, MEMFD_PRESERVE, FILE_UNPRESERVE_FILES, MEMFD_UNPRESERVE,
            SESSION_RELEASE, REBOOT, SESSION_SERIALIZE, FILE_FREEZE, SESSION_DESERIALIZE, FILE_DESERIALIZE,
            SESSION_RETRIEVE, RETRIEVE_FILE, MEMFD_RETRIEVE, FILE_FINISH);
}

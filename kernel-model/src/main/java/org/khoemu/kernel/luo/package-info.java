// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * The Live Update Orchestrator as the seed series (LUO v6, Nov 2025) builds it: {@link
 * org.khoemu.kernel.luo.Luo} (core, LUO FDT, reboot path), sessions ({@link
 * org.khoemu.kernel.luo.LuoSessions}), preserved files ({@link org.khoemu.kernel.luo.LuoFiles})
 * and the memfd handler. Byte layouts come from a {@link org.khoemu.kernel.luo.abi.LuoAbiProfile}.
 *
 * <p>Where the seed stops (04/20 has sessions only), the behaviour follows the merged v6.19
 * code on the seed layout: the 2-page, 128-entry file arrays, freeze/unfreeze and
 * can_finish/finish, and EIO from the first open when deserialization fails. Taken from newer
 * kernels because the seed-era behaviour would corrupt state: EBUSY for a file preserved twice,
 * EINVAL for PRESERVE_FD on an incoming session and for RETRIEVE_FD/FINISH on an outgoing one.
 * Kept from the seed although newer kernels reject them: empty names and names without a NUL
 * (cut to 55 bytes by the 56-byte name field; the uAPI field is 64 bytes).
 *
 * <p>Bytes read from RAM in the new kernel are checked before use (counts against the
 * maxima, addresses against RAM); a failed check is the kernel's panic at boot, or an errno
 * later, never a Java exception escaping.
 */
package org.khoemu.kernel.luo;

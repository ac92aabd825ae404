// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.kernel.boot;

/**
 * A subsystem plugged into a kernel's boot and reboot path, in the order of the kernel's
 * initcall levels. A {@link KernelException} from {@link #earlyInit} is a boot failure the
 * subsystem may turn into a panic; from {@link #reboot} it aborts {@code reboot(KEXEC)}.
 */
public interface KernelSubsystem {
    String name();

    /**
     * The KHO generation ({@code kho-v1} … {@code kho-v4}) this subsystem's handover ABI rides
     * on, null when it does not care. The kernel is built with the one its subsystems name.
     */
    default String khoGeneration() {
        return null;
    }

    /** {@code early_initcall}: after the page allocator is up and KHO's map has been walked. */
    default void earlyInit(KernelContext k) {
    }

    /** {@code late_initcall}: KHO outgoing state exists; register subtrees here. */
    default void lateInit(KernelContext k) {
    }

    /** {@code kernel_kexec}, before {@code machine_kexec}: serialize state. */
    default void reboot(KernelContext k) {
    }
}

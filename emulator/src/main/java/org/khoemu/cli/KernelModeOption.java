// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.cli;

import org.khoemu.kernel.KernelMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --mode faithful|hardened}: how kernel B is built (run, resume, inject). Faithful checks
 * only what the seed code checks and the guards report what it then did silently; hardened adds
 * a reviewer's checks. The default is today's kernel model, the hardened one.
 */
final class KernelModeOption {
    @Option(names = "--mode", paramLabel = "MODE", converter = Converter.class,
            description = "Kernel B's build: faithful (the seed's checks only; khoemu guard findings report what it "
                    + "did silently) or hardened (adds the checks a reviewer asks for; default).")
    KernelMode mode = KernelMode.DEFAULT;

    static final class Converter implements ITypeConverter<KernelMode> {
        @Override
        public KernelMode convert(String value) {
            try {
                return KernelMode.byKey(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' (expected faithful or hardened)");
            }
        }
    }
}

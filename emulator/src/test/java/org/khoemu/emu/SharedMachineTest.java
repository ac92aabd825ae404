// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of test classes whose tests share one 256 MiB machine (creating one per test costs a
 * Unicorn instance each), cold-reset before every test. Test classes run one after another.
 */
abstract class SharedMachineTest {
    protected static Machine machine;

    @BeforeAll
    static void createMachine() {
        machine = Machine.create(256L << 20);
    }

    @AfterAll
    static void closeMachine() {
        machine.close();
    }

    @BeforeEach
    void coldReset() {
        machine.coldReset();
    }
}

// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.emu;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.khoemu.emu.nat.Unicorn;

import java.util.EnumMap;
import java.util.Map;

/**
 * One x86-64 CPU on Unicorn 2, with all of RAM mapped zero-copy ({@code uc_mem_map_ptr} over
 * the same native memory Java reads). The guest calls the host with {@code int $0x81}
 * (hypercall; register ABI in src/main/guest/README.md). Not thread-safe: one run at a time.
 */
public final class Cpu implements AutoCloseable {
    /** The hypercall vector. */
    public static final int HYPERCALL_VECTOR = 0x81;

    /** Receives hypercalls; returns true to stop the CPU (RIP is already past the int). */
    @FunctionalInterface
    public interface HypercallHandler {
        boolean onHypercall(Cpu cpu, long nr, long a0, long a1, long a2, long a3);
    }

    /**
     * Sees every translated block as it is entered (address, size in bytes); returns true to stop
     * the CPU there. Costs one JNA callback (~160 ns) per executed block.
     */
    @FunctionalInterface
    public interface BlockObserver {
        boolean onBlock(long address, int size);
    }

    private Pointer uc;
    private final Memory scratch = new Memory(8);
    private final PhysicalMemory mem;
    // Callbacks are kept reachable here: JNA frees a callback's native stub once it is collected.
    private final Unicorn.IntrHook intrHook = this::onInterrupt;
    private final Unicorn.MemEventHook unmappedHook = this::onUnmapped;
    private final Unicorn.BlockHook blockHook = this::onBlock;
    private HypercallHandler handler;
    private BlockObserver blockObserver;
    private boolean stopRequested;
    private String unmappedDetail;
    private String interruptDetail;
    private boolean closed;
    /** Something was translated since the engine was opened. */
    private boolean translated;
    /**
     * Some of it without the block hook: Unicorn inserts hook calls at translation time, so such
     * blocks would never reach a block observer.
     */
    private boolean translatedUnhooked;

    Cpu(PhysicalMemory mem) {
        if (Unicorn.LOAD_ERROR != null) {
            throw new IllegalStateException(Unicorn.LOAD_ERROR);
        }
        this.mem = mem;
        openEngine();
        resetRegisters();
    }

    /** A fresh Unicorn instance over the same RAM (0.5 ms; far cheaper than a full TB flush). */
    private void openEngine() {
        PointerByReference ref = new PointerByReference();
        check(Unicorn.uc_open(Unicorn.UC_ARCH_X86, Unicorn.UC_MODE_64, ref), "uc_open");
        uc = ref.getValue();
        try {
            check(Unicorn.uc_mem_map_ptr(uc, 0, mem.size(), Unicorn.UC_PROT_ALL, mem.hostBase()), "uc_mem_map_ptr");
            LongByReference hh = new LongByReference();
            check(Unicorn.uc_hook_add(uc, hh, Unicorn.UC_HOOK_INTR, intrHook, null, 1, 0), "uc_hook_add(INTR)");
            check(Unicorn.uc_hook_add(uc, hh, Unicorn.UC_HOOK_MEM_UNMAPPED, unmappedHook, null, 1, 0),
                    "uc_hook_add(MEM_UNMAPPED)");
        } catch (RuntimeException e) {
            Unicorn.uc_close(uc);
            throw e;
        }
        translated = false;
        translatedUnhooked = false;
    }

    private static void check(int err, String what) {
        if (err != Unicorn.UC_ERR_OK) {
            throw new IllegalStateException(what + " failed: " + Unicorn.uc_strerror(err));
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("CPU is closed");
        }
    }

    public long reg(X86Reg r) {
        open();
        check(Unicorn.uc_reg_read(uc, r.ucId, scratch), "uc_reg_read");
        return scratch.getLong(0);
    }

    public void setReg(X86Reg r, long v) {
        open();
        scratch.setLong(0, v);
        check(Unicorn.uc_reg_write(uc, r.ucId, scratch), "uc_reg_write");
    }

    /** All registers of {@link X86Reg}. */
    public Map<X86Reg, Long> registers() {
        Map<X86Reg, Long> m = new EnumMap<>(X86Reg.class);
        for (X86Reg r : X86Reg.values()) {
            m.put(r, reg(r));
        }
        return m;
    }

    public void setRegisters(Map<X86Reg, Long> values) {
        values.forEach(this::setReg);
    }

    /** Power-on register state: everything zero except the reserved RFLAGS bit 1. */
    public void resetRegisters() {
        for (X86Reg r : X86Reg.values()) {
            setReg(r, r == X86Reg.RFLAGS ? 2 : 0);
        }
    }

    /**
     * Runs from {@code rip} until a hypercall handler stops the CPU, the guest halts or faults,
     * or a budget runs out ({@code instructionBudget} instructions, 0 = unlimited;
     * {@code timeoutMicros}, 0 = unlimited; Unicorn's instruction counter hooks every instruction
     * and about halves the speed, so a block observer is the cheaper counter). Guest stores to
     * code are tracked by Unicorn; host
     * stores are not: after the host rewrites code that already ran, call
     * {@link #invalidateCode} (or {@link #invalidateAllCode}) before the next run.
     */
    public GuestStop run(long rip, long instructionBudget, long timeoutMicros, HypercallHandler handler, BlockObserver blocks) {
        open();
        this.handler = handler;
        this.blockObserver = blocks;
        stopRequested = false;
        unmappedDetail = null;
        interruptDetail = null;
        if (blocks != null && translatedUnhooked) {
            invalidateAllCode();
        }
        translated = true;
        translatedUnhooked |= blocks == null;
        long blockHandle = 0;
        if (blocks != null) {
            LongByReference hh = new LongByReference();
            check(Unicorn.uc_hook_add(uc, hh, Unicorn.UC_HOOK_BLOCK, blockHook, null, 1, 0), "uc_hook_add(BLOCK)");
            blockHandle = hh.getValue();
        }
        long t0 = System.nanoTime();
        int err;
        try {
            err = Unicorn.uc_emu_start(uc, rip, -1L, timeoutMicros, instructionBudget);
        } finally {
            if (blockHandle != 0) {
                Unicorn.uc_hook_del(uc, blockHandle);
            }
            this.handler = null;
            this.blockObserver = null;
        }
        long elapsedMicros = (System.nanoTime() - t0) / 1000;
        long at = reg(X86Reg.RIP);
        if (stopRequested) {
            return new GuestStop(GuestStop.Kind.STOPPED, at, null);
        }
        if (interruptDetail != null) {
            return new GuestStop(GuestStop.Kind.FAULT, at, interruptDetail);
        }
        if (err != Unicorn.UC_ERR_OK) {
            String d = Unicorn.uc_strerror(err);
            return new GuestStop(GuestStop.Kind.FAULT, at, unmappedDetail != null ? unmappedDetail : d);
        }
        if (at > 0 && at <= mem.size() && mem.read8(at - 1) == (byte) 0xf4) {
            return new GuestStop(GuestStop.Kind.HALTED, at - 1, null);
        }
        if (timeoutMicros > 0 && elapsedMicros >= timeoutMicros) {
            return new GuestStop(GuestStop.Kind.TIMEOUT, at, null);
        }
        return new GuestStop(GuestStop.Kind.BUDGET, at, null);
    }

    /** Drops translated code of {@code [pa, pa+len)} after the host rewrote it (cheap). */
    public void invalidateCode(long pa, long len) {
        open();
        mem.hostAddress(pa, len);
        if (translated && len > 0) {
            check(Unicorn.uc_ctl(uc, Unicorn.UC_CTL_TB_REMOVE_CACHE_WRITE, pa, pa + len), "uc_ctl(TB_REMOVE_CACHE)");
        }
    }

    /**
     * Drops all translated code (after RAM was replaced wholesale). Unicorn's full TB flush costs
     * 12 ms, and its first one per instance up to seconds, so the engine is reopened instead,
     * keeping the registers.
     */
    public void invalidateAllCode() {
        open();
        if (!translated) {
            return;
        }
        Map<X86Reg, Long> regs = registers();
        Unicorn.uc_close(uc);
        openEngine();
        setRegisters(regs);
    }

    /** Called from a hypercall handler: ends the current run after the handler returns. */
    private void stop() {
        stopRequested = true;
        Unicorn.uc_emu_stop(uc);
    }

    private void onInterrupt(Pointer u, int intno, Pointer user) {
        if (intno != HYPERCALL_VECTOR) {
            interruptDetail = String.format("unexpected interrupt or exception vector %d", intno);
            Unicorn.uc_emu_stop(uc);
            return;
        }
        try {
            HypercallHandler h = handler;
            boolean halt = h == null || h.onHypercall(this, reg(X86Reg.RAX), reg(X86Reg.RDI), reg(X86Reg.RSI),
                    reg(X86Reg.RDX), reg(X86Reg.RCX));
            if (halt) {
                stop();
            }
        } catch (RuntimeException e) {
            // An exception must not unwind through native frames: stop and report it.
            interruptDetail = "hypercall handler failed: " + e;
            Unicorn.uc_emu_stop(uc);
        }
    }

    private boolean onUnmapped(Pointer u, int type, long address, int size, long value, Pointer user) {
        String kind = switch (type) {
            case 19 -> "read";
            case 20 -> "write";
            case 21 -> "instruction fetch";
            default -> "access";
        };
        unmappedDetail = String.format("%s of %d bytes at 0x%x outside RAM [0, 0x%x)", kind, size, address, mem.size());
        return false;
    }

    private void onBlock(Pointer u, long address, int size, Pointer user) {
        BlockObserver b = blockObserver;
        try {
            if (b != null && b.onBlock(address, size)) {
                stop();
            }
        } catch (RuntimeException e) {
            interruptDetail = "block observer failed: " + e;
            Unicorn.uc_emu_stop(uc);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Unicorn.uc_close(uc);
        }
    }
}

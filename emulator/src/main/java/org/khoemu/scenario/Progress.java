// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import org.khoemu.kernel.StepObserver;
import org.khoemu.kernel.luo.LuoSteps;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for a phase that runs longer than {@link #AFTER_NANOS}: the phase,
 * its time so far, and the sessions and files it has handled of how many there are, counted
 * from the kernel's own steps ({@code luo_session_create}, {@code luo_preserve_file}, and their
 * retrieve twins). On a terminal the line is rewritten in place at most every half second and
 * cleared when the phase ends, as {@code git} and {@code dd status=progress} do; elsewhere it is
 * off unless asked for, then a plain line at most every two seconds, so logs stay readable.
 * {@link #tick()} is called by a daemon timer (see {@link #startTimer()}) or by a test.
 */
public final class Progress implements StepObserver, AutoCloseable {
    /** Off, a rewritten terminal line, or plain lines. */
    public enum Mode { OFF, TERMINAL, LINES }

    public static final Progress NONE = new Progress(null, System::nanoTime, Mode.OFF);
    static final long AFTER_NANOS = 2_000_000_000L;
    static final long TERMINAL_EVERY = 500_000_000L;
    static final long LINES_EVERY = 2_000_000_000L;
    /** The terminal line stays within 79 columns: the phase name is shortened, never the counts. */
    static final int TERMINAL_WIDTH = 79;

    private final PrintWriter err;
    private final LongSupplier clock;
    private final Mode mode;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger files = new AtomicInteger();
    private int totalSessions;
    private int totalFiles;
    private volatile String phase;
    private volatile long phaseStart;
    private long lastShown;
    private boolean shown;
    private Thread timer;

    public Progress(PrintWriter err, LongSupplier clock, Mode mode) {
        this.err = err;
        this.clock = clock;
        this.mode = mode;
    }

    /** How many sessions and files a userspace phase handles. */
    public Progress expect(int sessions, int files) {
        this.totalSessions = sessions;
        this.totalFiles = files;
        return this;
    }

    /** Ticks every 100 ms on a daemon thread; nothing when off. */
    public Progress startTimer() {
        if (mode != Mode.OFF && timer == null) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(100);
                        tick();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "khoemu-progress");
            t.setDaemon(true);
            t.start();
            timer = t;
        }
        return this;
    }

    /** Stops the timer; a line still shown is cleared. */
    @Override
    public void close() {
        if (timer != null) {
            timer.interrupt();
            timer = null;
        }
        end();
    }

    public synchronized void begin(String name) {
        sessions.set(0);
        files.set(0);
        phaseStart = clock.getAsLong();
        shown = false;
        phase = name;
    }

    /** Names the running phase anew without restarting its clock: one long task of many short steps. */
    public void rename(String name) {
        phase = name;
    }

    public synchronized void end() {
        if (shown && mode == Mode.TERMINAL) {
            err.print("\r\033[K");
            err.flush();
        }
        shown = false;
        phase = null;
    }

    @Override
    public void enter(String step) {
        step(step);
    }

    /** Counts the kernel steps that mean a session or a file was handled. */
    public void step(String step) {
        switch (step) {
            case LuoSteps.SESSION_CREATE, LuoSteps.SESSION_RETRIEVE -> sessions.incrementAndGet();
            case LuoSteps.PRESERVE_FILE, LuoSteps.RETRIEVE_FILE -> files.incrementAndGet();
            default -> { }
        }
    }

    /** Shows the line if the phase has run long enough and the last update is old enough. */
    public synchronized void tick() {
        String name = phase;
        if (mode == Mode.OFF || name == null) {
            return;
        }
        long now = clock.getAsLong();
        long ran = now - phaseStart;
        if (ran < AFTER_NANOS || shown && now - lastShown < (mode == Mode.TERMINAL ? TERMINAL_EVERY : LINES_EVERY)) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, ", %.1f s", ran / 1e9));
        if (sessions.get() > 0) {
            sb.append(", session ").append(sessions.get()).append(" of ").append(totalSessions);
        }
        if (files.get() > 0) {
            sb.append(", file ").append(files.get()).append(" of ").append(totalFiles);
        }
        if (mode == Mode.TERMINAL) {
            // a line wider than the terminal wraps, and \r would then rewrite only its last row
            int room = TERMINAL_WIDTH - sb.length();
            String shown = name.length() <= room ? name : name.substring(0, Math.max(0, room - 3)) + "...";
            err.print("\r\033[K" + shown + sb);
        } else {
            err.println("khoemu: progress: " + name + sb);
        }
        err.flush();
        shown = true;
        lastShown = now;
    }
}

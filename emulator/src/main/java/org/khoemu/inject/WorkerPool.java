// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.inject;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.khoemu.inspect.BadFieldException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a campaign's faults on {@code jobs} worker JVMs ({@link InjectWorker}), each started once
 * and fed fault ids over a pipe, so that a JVM crash or a hang costs one fault, not the campaign:
 * a worker that dies is reported as that fault's {@code UNCLASSIFIED} outcome ("worker died"),
 * one that does not answer within the per-fault limit is killed and its fault is a {@code HANG};
 * either way a new worker takes over. Results keep the order of the task list. Each worker's
 * start is one line on {@code err}.
 */
public final class WorkerPool {
    /** One run to do: a fault under a mode. */
    public record Task(Fault fault, String mode) {
    }

    /** A worker that cannot even start this many times in a row ends the campaign. */
    private static final int START_FAILURES = 3;
    /** Time a new worker gets to load the clean handover, on top of the per-fault limit. */
    private static final long START_MILLIS = 120_000;
    private static final Object EOF = new Object();

    private final Campaign campaign;
    private final List<String> command;
    private final int jobs;
    private final long limitMillis;
    private final PrintWriter err;

    /** {@code campaign} is the parent's own copy, for the targets of faults whose worker died. */
    public WorkerPool(Campaign campaign, Path cleanDir, int jobs, long limitMillis, PrintWriter err) {
        this.campaign = campaign;
        this.err = err;
        this.jobs = jobs;
        this.limitMillis = limitMillis;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Djava.awt.headless=true");
        for (String p : System.getProperties().stringPropertyNames()) {
            if (p.startsWith("jna.")) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(InjectWorker.class.getName());
        cmd.add(campaign.name());
        cmd.add(campaign.profile().name());
        cmd.add(cleanDir.toAbsolutePath().toString());
        this.command = List.copyOf(cmd);
    }

    /** A running worker process with a thread reading its answers into a queue. */
    private final class Worker {
        final Process process;
        final PrintWriter in;
        final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        final StringBuilder lastErr = new StringBuilder();
        boolean ready;

        Worker() throws IOException {
            process = new ProcessBuilder(command).start();
            in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            Thread r = new Thread(() -> {
                try (BufferedReader b = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = b.readLine()) != null; ) {
                        answers.add(l);
                    }
                } catch (IOException ignored) {
                    // the worker went away: EOF below says so
                }
                answers.add(EOF);
            }, "inject-worker-out");
            r.setDaemon(true);
            r.start();
            Thread e = new Thread(() -> {
                try (BufferedReader b = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = b.readLine()) != null; ) {
                        synchronized (lastErr) {
                            lastErr.setLength(0);
                            lastErr.append(l);
                        }
                    }
                } catch (IOException ignored) {
                    // nothing more to keep
                }
            }, "inject-worker-err");
            e.setDaemon(true);
            e.start();
        }

        String lastErr() {
            synchronized (lastErr) {
                return lastErr.toString();
            }
        }

        /** Why the worker ended, once it has: its exit code or signal and its last stderr line. */
        String death() {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String how = process.isAlive() ? "closed its output" : process.exitValue() > 128
                    ? "killed by signal " + (process.exitValue() - 128) : "exit code " + process.exitValue();
            String last = lastErr();
            return how + (last.isEmpty() ? "" : " (last stderr line: " + last + ")");
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs every task; {@code progress} is called after each with the number done. */
    public List<Campaign.Result> run(List<Task> tasks, java.util.function.IntConsumer progress) {
        Campaign.Result[] results = new Campaign.Result[tasks.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int j = 0; j < Math.min(jobs, Math.max(1, tasks.size())); j++) {
            Thread t = new Thread(() -> {
                Worker w = null;
                int startFailures = 0;
                try {
                    for (int i; (i = next.getAndIncrement()) < tasks.size() && failure[0] == null; ) {
                        if (w == null) {
                            w = new Worker();
                        }
                        Task task = tasks.get(i);
                        Object a = ask(w, task);
                        if (a instanceof Campaign.Result r) {
                            results[i] = r;
                            startFailures = 0;
                        } else {
                            boolean started = w.ready;
                            String why = a == null ? null : w.death();
                            if (a == null) {
                                w.kill();
                                results[i] = dead(task, Outcome.Kind.HANG, String.format(
                                        "no answer within %d ms; worker killed", limitMillis));
                            } else {
                                results[i] = dead(task, Outcome.Kind.UNCLASSIFIED, "worker died: " + why);
                                if (!started && ++startFailures >= START_FAILURES) {
                                    throw new IllegalStateException("inject: a worker could not start " + START_FAILURES
                                            + " times in a row: " + why);
                                }
                            }
                            w = null;
                        }
                        progress.accept(done.incrementAndGet());
                    }
                } catch (IOException e) {
                    failure[0] = new IllegalStateException("inject: cannot start a worker JVM: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    failure[0] = e;
                } finally {
                    if (w != null) {
                        w.in.close();
                        try {
                            w.process.waitFor(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        w.kill();
                    }
                }
            }, "inject-pool-" + j);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return List.of(results);
    }

    /** Sends one task; the result, EOF (the worker died) or null (no answer within the limit). */
    private Object ask(Worker w, Task task) {
        w.in.println(task.mode() + " " + task.fault().id());
        try {
            while (true) {
                long limit = limitMillis + (w.ready ? 0 : START_MILLIS);
                Object a = w.answers.poll(limit, TimeUnit.MILLISECONDS);
                if (a == null || a == EOF) {
                    return a;
                }
                String line = (String) a;
                if (line.equals(InjectWorker.READY)) {
                    w.ready = true;
                    synchronized (err) {
                        err.printf("khoemu: inject: worker pid %d ready%n", w.process.pid());
                        err.flush();
                    }
                    continue;
                }
                return parse(line, task);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Campaign.Result parse(String line, Task task) {
        JsonObject j = JsonParser.parseString(line).getAsJsonObject();
        if (j.has("error")) {
            throw new BadFieldException(j.get("error").getAsString());
        }
        if (!j.get("id").getAsString().equals(task.fault().id()) || !j.get("mode").getAsString().equals(task.mode())) {
            throw new IllegalStateException("inject: worker answered " + line + " to " + task.fault().id());
        }
        return new Campaign.Result(task.fault(), task.mode(), j.get("pa").getAsLong(), j.get("class").getAsString(),
                new Outcome(Outcome.Kind.valueOf(j.get("outcome").getAsString()), j.get("detail").getAsString(),
                        CampaignReport.findings(j)));
    }

    private Campaign.Result dead(Task task, Outcome.Kind kind, String detail) {
        Target t = campaign.check(task.fault());
        return new Campaign.Result(task.fault(), task.mode(), t.pa(), t.cls(), new Outcome(kind, detail));
    }

}

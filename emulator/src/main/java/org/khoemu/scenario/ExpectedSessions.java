// SPDX-License-Identifier: GPL-2.0-or-later
package org.khoemu.scenario;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.khoemu.kernel.luo.abi.SessionName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What kernel A preserved, read back from a file, so that {@code resume} can hold what kernel B
 * restored against it. Three shapes are read: a {@code report.json} that {@code khoemu run} wrote
 * (the {@code preserved} list of one of its updates), a real kernel's {@code capture.json} (its
 * {@code workload.sessions}), or a JSON array of sessions in the same form: {@code [{"name": "s0", "files": [{"token": "0x11", "size": 65536, "sha256": "..."}]}]}.
 * Names are escaped as {@link SessionName#toString()} writes them; tokens are hex strings.
 */
public final class ExpectedSessions {
    /** The expectation and a few words on where it came from, for the output. */
    public record Expectation(List<SessionRecord> sessions, String source) {
        public Expectation {
            sessions = List.copyOf(sessions);
        }
    }

    /** The file is unreadable or not an expectation; the message is one line naming the file. */
    public static final class BadExpectation extends RuntimeException {
        BadExpectation(String message) {
            super(message);
        }
    }

    /** Largest expectation file read: far above 819 sessions x 128 files. */
    static final long MAX_BYTES = 64L << 20;

    private ExpectedSessions() {
    }

    /**
     * Reads {@code file}. For a report, {@code update} picks the update whose handover the image
     * holds (its number, from the image's sidecar); -1 takes the last update in the report.
     */
    public static Expectation read(Path file, int update) {
        return read(file, update, null);
    }

    /**
     * As {@link #read(Path, int)}; a report whose {@code run_id} is not {@code runId} (the image's,
     * when known) belongs to another run and is refused, so two runs' artefacts never mix.
     */
    public static Expectation read(Path file, int update, String runId) {
        String json;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadExpectation(file + ": larger than " + (MAX_BYTES >> 20) + " MiB; not an expectation file");
            }
            json = Files.readString(file);
        } catch (IOException e) {
            throw new BadExpectation(file + ": cannot be read (" + AtomicFiles.reason(e) + ")");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new BadExpectation(file + ": not valid JSON");
        }
        if (root.isJsonArray()) {
            return new Expectation(sessions(file, root.getAsJsonArray(), ""), file.toString());
        }
        if (root.isJsonObject() && root.getAsJsonObject().get("workload") instanceof JsonObject w
                && w.get("sessions") instanceof JsonArray sessions) {
            return new Expectation(sessions(file, sessions, "workload.sessions"), file + " (the captured workload)");
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("updates")) {
            throw new BadExpectation(file + ": neither a khoemu report.json nor a JSON array of sessions");
        }
        JsonElement rid = root.getAsJsonObject().get("run_id");
        if (runId != null && rid != null && rid.isJsonPrimitive() && !runId.equals(rid.getAsString())) {
            throw new BadExpectation(file + ": written by run " + rid.getAsString() + ", but the image is of run "
                    + runId + "; pass --expect with that run's report");
        }
        JsonElement ups = root.getAsJsonObject().get("updates");
        if (!ups.isJsonArray() || ups.getAsJsonArray().isEmpty()) {
            String why = root.getAsJsonObject().has("failure")
                    ? "the run failed before an update completed: " + root.getAsJsonObject().get("failure").getAsString()
                    : "it records no update";
            throw new BadExpectation(file + ": no preserved sessions to compare with (" + why + ")");
        }
        JsonArray arr = ups.getAsJsonArray();
        for (int i = arr.size() - 1; i >= 0; i--) {
            JsonObject u = object(file, arr.get(i), "updates[" + i + "]");
            long number = number(file, u, "number", "updates[" + i + "].");
            if (update < 0 || number == update) {
                JsonElement p = u.get("preserved");
                if (p == null || !p.isJsonArray()) {
                    throw new BadExpectation(file + ": updates[" + i + "] has no preserved array");
                }
                return new Expectation(sessions(file, p.getAsJsonArray(), "updates[" + i + "].preserved"),
                        file + " (update " + number + ")");
            }
        }
        throw new BadExpectation(file + ": has no record of update " + update
                + ", the one the image holds (the run stopped before kernel B finished it?)");
    }

    private static List<SessionRecord> sessions(Path file, JsonArray arr, String where) {
        List<SessionRecord> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String w = (where.isEmpty() ? "" : where) + "[" + i + "]";
            JsonObject s = object(file, arr.get(i), w);
            SessionName name;
            try {
                name = SessionName.parse(string(file, s, "name", w + "."));
            } catch (IllegalArgumentException e) {
                throw new BadExpectation(file + ": " + w + ".name: " + e.getMessage());
            }
            JsonElement fe = s.get("files");
            if (fe == null || !fe.isJsonArray()) {
                throw new BadExpectation(file + ": " + w + " has no files array");
            }
            List<FileRecord> files = new ArrayList<>();
            JsonArray fa = fe.getAsJsonArray();
            for (int j = 0; j < fa.size(); j++) {
                String fw = w + ".files[" + j + "].";
                JsonObject f = object(file, fa.get(j), fw);
                String token = string(file, f, "token", fw);
                if (!token.matches("0x[0-9a-fA-F]{1,16}")) {
                    throw new BadExpectation(file + ": " + fw + "token \"" + token + "\" is not a hex u64 like 0x11");
                }
                long size = number(file, f, "size", fw);
                String sha = string(file, f, "sha256", fw);
                if (!sha.matches("[0-9a-f]{64}")) {
                    throw new BadExpectation(file + ": " + fw + "sha256 is not 64 lower-case hex digits");
                }
                files.add(new FileRecord(Long.parseUnsignedLong(token.substring(2), 16), size, sha));
            }
            out.add(new SessionRecord(name, files));
        }
        return out;
    }

    private static JsonObject object(Path file, JsonElement e, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new BadExpectation(file + ": " + where + " is not an object");
        }
        return e.getAsJsonObject();
    }

    private static String string(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new BadExpectation(file + ": " + where + key + " is missing or not a string");
        }
        return e.getAsString();
    }

    private static long number(Path file, JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new BadExpectation(file + ": " + where + key + " is missing or not a number");
        }
        try {
            long v = new java.math.BigDecimal(e.getAsString()).longValueExact();
            if (v < 0) {
                throw new ArithmeticException();
            }
            return v;
        } catch (ArithmeticException | NumberFormatException x) {
            throw new BadExpectation(file + ": " + where + key + " " + e.getAsString() + " is not a size");
        }
    }
}

package org.statekeeper.admin;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.UUID;
import org.statekeeper.RecoveryProgress;

/**
 * One recovery operation the console runs in the background, and how far it has come: the operation
 * reports its progress here, the console polls it.
 */
final class AdminJob implements RecoveryProgress {

    /** Where a job stands: its phase and counts, read and written as one so a poll never mixes two updates. */
    private record Step(String phase, long done, long total) {
    }

    private final String id = UUID.randomUUID().toString();
    private final String operation;
    private final Instant startedAt = Instant.now();
    private volatile Step step = new Step("starting", 0, -1);
    private volatile String state = "running";
    private volatile Instant finishedAt;
    /** The operation's report as JSON text, once done. */
    private volatile String result;
    private volatile String error;

    AdminJob(String operation) {
        this.operation = operation;
    }

    String id() {
        return id;
    }

    boolean running() {
        return "running".equals(state);
    }

    @Override
    public void update(String phase, long done, long total) {
        step = new Step(phase, done, total);
    }

    /** Records the operation's report (JSON) and ends the job. */
    void done(String report) {
        result = report;
        finishedAt = Instant.now();
        state = "done";
    }

    /** Records why the operation failed and ends the job. */
    void failed(String message) {
        error = String.valueOf(message);
        finishedAt = Instant.now();
        state = "failed";
    }

    /** The job as the console's API returns it. */
    JsonObject toJson() {
        Step now = step;
        String report = result;
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id).add("operation", operation)
                .add("state", state).add("phase", now.phase()).add("done", now.done()).add("total", now.total())
                .add("startedAt", startedAt.toString())
                .add("finishedAt", finishedAt == null ? JsonValue.NULL : Json.createValue(finishedAt.toString()))
                .add("result", report == null ? JsonValue.NULL : Json.createReader(new StringReader(report)).readValue());
        if (error != null) {
            json.add("error", error);
        }
        return json.build();
    }
}

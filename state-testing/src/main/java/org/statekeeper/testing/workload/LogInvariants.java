package org.statekeeper.testing.workload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;

/**
 * Checks what a workload left behind, once it has finished: the log's invariants per key, the store
 * against the head rows, and the history of versions callers were given. Returns every violation as
 * a sentence naming the key, so a failing test says all that is wrong at once.
 */
public final class LogInvariants {

    private LogInvariants() {
    }

    /**
     * Returns every violation found.
     *
     * <ul>
     *   <li>each key's event versions are 1..n, without gaps or duplicates;</li>
     *   <li>its head row is at version n and holds event n's value (none after a delete or expiry);</li>
     *   <li>no two successful writes were given one version, and each write's version is an event holding
     *       the value it wrote; an update's value is the previous version's plus 1 (no stale read);</li>
     *   <li>every read returned a version and value that some successful write was given, and every
     *       event was acknowledged to some caller;</li>
     *   <li>a read now returns the head's version, and the store (when {@code storeVersion} is given)
     *       holds exactly the head's version of a live key and nothing of a deleted one.</li>
     * </ul>
     *
     * @param keys the keys the workload used
     * @param observations what its calls returned
     * @param rows the log's rows, read from the database directly
     * @param state a manager to read each key's current value with, outside any transaction
     * @param storeVersion the version the store holds of a key, or empty; null when the store cannot be read directly
     * @return the violations, empty when everything holds
     */
    public static List<String> violations(Collection<String> keys, Collection<Observation> observations, LogRows rows,
            StateManager state, Function<String, Optional<Long>> storeVersion) {
        List<String> violations = new ArrayList<>();
        for (String key : keys) {
            List<Observation> mine = observations.stream().filter(o -> o.key().equals(key)).toList();
            checkKey(key, mine, rows, state, storeVersion, violations);
        }
        return violations;
    }

    private static void checkKey(String key, List<Observation> observations, LogRows rows, StateManager state,
            Function<String, Optional<Long>> storeVersion, List<String> violations) {
        Map<Long, LogRows.Event> events = new HashMap<>();
        for (LogRows.Event event : rows.events(key)) {
            if (events.put(event.version(), event) != null) {
                violations.add(key + ": two events with version " + event.version());
            }
        }
        long last = events.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        for (long v = 1; v <= last; v++) {
            if (!events.containsKey(v)) {
                violations.add(key + ": no event with version " + v + " although the last is " + last);
            }
        }
        Optional<LogRows.Head> head = rows.head(key);
        long headVersion = head.map(LogRows.Head::version).orElse(0L);
        String headJson = head.map(LogRows.Head::json).orElse(null);
        if (headVersion != last) {
            violations.add(key + ": head row at version " + headVersion + " but the last event is " + last
                    + (headVersion < last ? " (the head row was left behind)" : ""));
        } else if (last > 0 && !sameValue(events.get(last).json(), headJson)) {
            violations.add(key + ": head row holds " + headJson + " but event " + last + " holds " + events.get(last).json());
        }
        checkHistory(key, observations, events, violations);
        Optional<Versioned<Long>> now = state.getVersioned(key, Long.class);
        LogRows.Event lastEvent = events.get(last);
        boolean live = lastEvent != null && lastEvent.json() != null;
        if (live && now.map(Versioned::version).orElse(-1L) != last) {
            violations.add(key + ": a read now gives " + now + " but the log's last event is " + last + " " + lastEvent.json());
        } else if (!live && now.isPresent()) {
            violations.add(key + ": a read now gives " + now.get() + " but the key is deleted in the log");
        }
        if (storeVersion != null) {
            Optional<Long> stored = storeVersion.apply(key);
            if (live && !stored.equals(Optional.of(last))) {
                violations.add(key + ": the store holds version " + stored.orElse(null) + ", the head row " + last);
            } else if (!live && stored.isPresent()) {
                violations.add(key + ": the store holds version " + stored.get() + " of a key deleted in the log");
            }
        }
    }

    private static void checkHistory(String key, List<Observation> observations, Map<Long, LogRows.Event> events,
            List<String> violations) {
        Map<Long, Observation> writes = new HashMap<>();
        for (Observation write : observations.stream().filter(Observation::write).toList()) {
            Observation other = writes.put(write.version(), write);
            if (other != null) {
                violations.add(key + ": two successful writes were given version " + write.version() + ": "
                        + other.operation() + " of " + other.value() + " and " + write.operation() + " of " + write.value());
            }
            LogRows.Event event = events.get(write.version());
            if (write.operation().startsWith("update")) {
                checkIncrement(key, write, events.get(write.version() - 1), violations);
            }
            if (event == null) {
                violations.add(key + ": " + write.operation() + " returned version " + write.version()
                        + " but the log has no such event");
            } else if (!sameValue(event.json(), write.value())) {
                violations.add(key + ": " + write.operation() + " of " + write.value() + " returned version "
                        + write.version() + " but that event holds " + event.json());
            }
        }
        for (Observation read : observations.stream().filter(o -> !o.write()).toList()) {
            Observation write = writes.get(read.version());
            if (write == null || !read.value().equals(write.value())) {
                violations.add(key + ": " + read.operation() + " read " + read.value() + " at version " + read.version()
                        + ", which no successful write returned" + (write == null ? "" : " (that version wrote " + write.value() + ")"));
            }
        }
        for (LogRows.Event event : events.values()) {
            if ("SET".equals(event.type()) && !writes.containsKey(event.version())) {
                violations.add(key + ": event " + event.version() + " (" + event.json() + ") committed, but no caller was told of it");
            }
        }
    }

    /** An update adds 1 to the value of the version before it, or starts at 1 when there was none. */
    private static void checkIncrement(String key, Observation update, LogRows.Event before, List<String> violations) {
        boolean absent = before == null || before.json() == null;
        long expected = absent ? 1 : Long.parseLong(before.json().strip()) + 1;
        if (update.value() != expected) {
            violations.add(key + ": " + update.operation() + " at version " + update.version() + " wrote "
                    + update.value() + " but version " + (update.version() - 1) + " held "
                    + (absent ? "nothing" : before.json()) + " (computed from a stale read)");
        }
    }

    private static boolean sameValue(String json, Object value) {
        if (json == null || value == null) {
            return json == null && value == null;
        }
        return json.strip().equals(value.toString().strip());
    }
}

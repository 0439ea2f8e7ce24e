package org.statekeeper.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.statekeeper.ChangeType;

/**
 * The changes one transaction has logged and not yet committed: the overlay that gives
 * read-your-writes, and the list applied to the store after commit.
 */
final class TransactionChanges {

    record Change(String key, long version, ChangeType type, String json, Instant expiresAt) {
    }

    private final String id = UUID.randomUUID().toString();
    private final Instant began;
    private final Map<String, Change> latest = new LinkedHashMap<>();

    TransactionChanges(Instant began) {
        this.began = began;
    }

    /** When the transaction made its first change (before it stamped any head row). */
    Instant began() {
        return began;
    }

    String id() {
        return id;
    }

    synchronized void record(Change change) {
        latest.put(change.key(), change);
    }

    synchronized Change get(String key) {
        return latest.get(key);
    }

    synchronized boolean isEmpty() {
        return latest.isEmpty();
    }

    synchronized java.util.List<Change> all() {
        return java.util.List.copyOf(latest.values());
    }
}

package org.statekeeper.testing.log;

import java.util.List;
import java.util.Optional;

/**
 * A log's storage read behind the log's back (plain JDBC for a database), so that a contract test never
 * trusts the code under test to report what it wrote: a mapping mistake cannot hide itself by reading
 * back what it wrote wrongly.
 */
public interface LogTables {

    /**
     * One event as stored.
     *
     * @param seq the global sequence number
     * @param key the key
     * @param version the key's version
     * @param type {@code SET}, {@code DELETE} or {@code EXPIRE}
     * @param json the value, null for a deletion
     * @param timeMicros the time in microseconds since the epoch
     * @param principal who made the change
     * @param nodeId where it was made
     * @param txId the transaction it was made in
     */
    record EventRow(long seq, String key, long version, String type, String json, long timeMicros,
            String principal, String nodeId, String txId) {
    }

    /**
     * One key's head as stored.
     *
     * @param key the key
     * @param version its current version, 0 for a placeholder of a key never written
     * @param json its current value, null when deleted or never written
     * @param timeMicros when the version was written, null for a placeholder
     */
    record HeadRow(String key, long version, String json, Long timeMicros) {
    }

    /** Returns the events of {@code key} in sequence order. */
    List<EventRow> events(String key);

    /** Returns the head of {@code key}, or empty when it has none. */
    Optional<HeadRow> head(String key);

    /** Returns every head, placeholders included, in key order. */
    List<HeadRow> heads();

    /** Removes every event, head and node mark, so that each test counts only its own. */
    void deleteAllRows();
}

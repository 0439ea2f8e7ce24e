package org.statekeeper.spi;

import java.time.Instant;
import org.statekeeper.ChangeType;

/**
 * One event row of the log.
 *
 * @param sequence the global sequence assigned by the database, 0 before the row is written
 * @param key the changed key
 * @param version the key's version after this change
 * @param type what happened
 * @param json the encoded new value, null for {@code DELETE} and {@code EXPIRE}
 * @param time when the change was made, with microseconds
 * @param principal the caller's principal name, {@code anonymous} when unauthenticated
 * @param nodeId the node that made the change
 * @param transactionId the id of the transaction that made the change
 * @param expiresAt when the value set by this change expires, null when it never does
 */
public record LoggedChange(long sequence, String key, long version, ChangeType type, String json,
        Instant time, String principal, String nodeId, String transactionId, Instant expiresAt) {

    /**
     * Creates an event row for a change without expiry.
     *
     * @param sequence the global sequence, 0 before the row is written
     * @param key the changed key
     * @param version the key's version after this change
     * @param type what happened
     * @param json the encoded new value, null for {@code DELETE} and {@code EXPIRE}
     * @param time when the change was made
     * @param principal the caller's principal name
     * @param nodeId the node that made the change
     * @param transactionId the id of the transaction that made the change
     */
    public LoggedChange(long sequence, String key, long version, ChangeType type, String json,
            Instant time, String principal, String nodeId, String transactionId) {
        this(sequence, key, version, type, json, time, principal, nodeId, transactionId, null);
    }

    /**
     * Returns this change at another version.
     *
     * @param newVersion the key's version after the change
     * @return a copy with {@code newVersion}
     */
    public LoggedChange withVersion(long newVersion) {
        return new LoggedChange(sequence, key, newVersion, type, json, time, principal, nodeId, transactionId, expiresAt);
    }
}

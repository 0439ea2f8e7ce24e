package org.statekeeper;

import java.time.Instant;

/**
 * One logged change of one key, as the audit queries of {@link StateAudit} return it.
 *
 * <p>Events are ordered by {@code sequence}, which the database assigns when the row is inserted;
 * {@code time} is informational (several events can share a microsecond, and nodes' clocks differ),
 * so never order or page by it alone.
 *
 * @param sequence the global sequence number of the event, unique and growing across all keys
 * @param key the changed key
 * @param version the key's version after this change (1, 2, 3 … per key)
 * @param type what happened
 * @param json the new value as stored (JSON), null for {@code DELETE} and {@code EXPIRE}; it is the
 *        application's data and <strong>may hold personal data</strong>, so treat it (and any log
 *        or screen it reaches) accordingly
 * @param time when the change was made, with microseconds
 * @param principal the caller's principal name, {@code anonymous} when unauthenticated
 * @param nodeId the node that made the change
 * @param transactionId the id of the transaction that made the change, shared by its events
 */
public record StateEvent(long sequence, String key, long version, ChangeType type, String json, Instant time,
        String principal, String nodeId, String transactionId) {

    /** Keeps the value out of {@code toString()}, so logging an event never logs personal data. */
    @Override
    public String toString() {
        return "StateEvent[sequence=" + sequence + ", key=" + key + ", version=" + version + ", type=" + type
                + ", json=" + (json == null ? "null" : "(" + json.length() + " chars)") + ", time=" + time
                + ", principal=" + principal + ", nodeId=" + nodeId + ", transactionId=" + transactionId + "]";
    }
}

package org.statekeeper.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable log: one event row per change and one head row per key, written in the caller's
 * transaction. The log is the source of truth; stores are rebuilt from it.
 */
public interface EventLog {

    /**
     * Locks the key's head row until the current transaction ends and returns it
     * ({@link Head#absent} when the key was never written); must be called in a transaction.
     */
    Head lock(String key);

    /** Returns the key's head row without locking, or empty when the key was never written. */
    Optional<Head> head(String key);

    /** Appends {@code change} as an event row and makes it the key's head, in the current transaction. */
    void append(LoggedChange change);

    /** Returns up to {@code limit} written heads with keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> heads(String afterKey, int limit);

    /** Returns up to {@code limit} written heads changed at or after {@code since}, keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> headsChangedSince(Instant since, String afterKey, int limit);

    /** Returns up to {@code limit} heads whose value expired at or before {@code now}, soonest first. */
    List<Head> expired(Instant now, int limit);

    /** Returns up to {@code limit} events of {@code key}, newest first. */
    List<LoggedChange> history(String key, int limit);
}

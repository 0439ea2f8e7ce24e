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

    /**
     * Locks the head rows of every key as {@link #lock} does and returns them by key; logs may lock
     * them together (the default locks them one by one, in the collection's order).
     */
    default java.util.Map<String, Head> lockAll(java.util.Collection<String> keys) {
        java.util.Map<String, Head> heads = new java.util.LinkedHashMap<>();
        for (String key : keys) {
            heads.put(key, lock(key));
        }
        return heads;
    }

    /** Returns the key's head row without locking, or empty when the key was never written. */
    Optional<Head> head(String key);

    /**
     * Returns the head of {@code key} as this transaction holds it locked (moved by its own changes), or
     * empty when this transaction does not hold the key; called only inside a transaction.
     */
    default Optional<Head> heldHead(String key) {
        return Optional.empty();
    }

    /** Appends {@code change} as an event row and makes it the key's head, in the current transaction. */
    void append(LoggedChange change);

    /**
     * Sends what this transaction has appended so far to the database; the engine calls it before
     * each write call returns, so that the statements run inside the caller's call (and one call's
     * many changes can travel in batches). The default does nothing, for logs that write at once.
     */
    default void flush() {
    }

    /**
     * Appends a blind write without reading the key's head first, when the log knows the key's
     * current version and the key holds no value that has expired by {@code now}: the change is
     * written at that version plus one (its own {@link LoggedChange#version()} is ignored), the key is
     * locked as by {@link #lock}, and the version written is returned. Returns 0, having written and
     * locked nothing, when the caller must {@link #lock} and {@link #append} instead (the default).
     */
    default long appendUnread(LoggedChange change, Instant now) {
        return 0;
    }

    /** Returns how many keys have been written (head rows past version 0), or -1 when the log cannot tell cheaply. */
    default long countHeads() {
        return -1;
    }

    /** Returns up to {@code limit} written heads with keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> heads(String afterKey, int limit);

    /** Returns up to {@code limit} written heads changed at or after {@code since}, keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> headsChangedSince(Instant since, String afterKey, int limit);

    /** Returns up to {@code limit} heads whose value expired at or before {@code now}, soonest first. */
    List<Head> expired(Instant now, int limit);

    /** Returns up to {@code limit} events with a sequence greater than {@code sequence}, in ascending sequence order. */
    List<LoggedChange> eventsAfter(long sequence, int limit);

    /** Returns up to {@code limit} events of {@code key}, newest first. */
    default List<LoggedChange> history(String key, int limit) {
        return history(key, 0, limit);
    }

    // Audit reads (StateAudit). Every order is by sequence: events of one microsecond keep their order.

    /** Returns up to {@code limit} events of {@code key}, newest first, after skipping the {@code offset} newest. */
    List<LoggedChange> history(String key, int offset, int limit);

    /** Returns up to {@code limit} events written at or after {@code from}, in ascending sequence order. */
    List<LoggedChange> eventsSince(Instant from, int limit);

    /** Returns up to {@code limit} events made by {@code principal}, newest first, after skipping the {@code offset} newest. */
    List<LoggedChange> byPrincipal(String principal, int offset, int limit);

    // Retention. Each runs in the caller's transaction; the head rows keep the current state, so no
    // recovery ever needs a deleted event.

    /**
     * Deletes up to {@code limit} events written before {@code cutoff} with a sequence greater than
     * {@code afterSequence}, lowest sequence first, never a key's latest event (the one at its head's
     * version), and returns the deleted events' sequences in ascending order.
     */
    List<Long> deleteEventsBefore(Instant cutoff, long afterSequence, int limit);

    /** Returns up to {@code limit} heads of deleted keys (version above 0, no value) written before {@code cutoff}, keys after {@code afterKey} (null: from the start), in key order. */
    List<Head> deletedBefore(Instant cutoff, String afterKey, int limit);

    /**
     * Removes the head row and every event of a deleted key, so that it starts again at version 1,
     * and returns the number of events removed; the caller holds the key's {@link #lock} in this
     * transaction.
     *
     * @throws org.statekeeper.StateException when the key has a value: a live key is never removed
     */
    int removeDeletedKey(String key);

    // Repair. A head row behind its key's newest event is a broken log (the key could not be written and a
    // rebuild would load an older value); these find and mend it.

    /**
     * Returns, for up to {@code limit} keys after {@code afterKey} (null: from the start) whose head row is
     * at an older version than their newest event, that newest event, in key order.
     */
    List<LoggedChange> headsBehind(String afterKey, int limit);

    /**
     * Moves the head row of the key of {@code newest}, an event already in the log, to that event's
     * version, value and expiry, writing no event; the caller holds the key's {@link #lock} in this
     * transaction.
     */
    void restoreHead(LoggedChange newest);
}

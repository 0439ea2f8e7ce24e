package org.statekeeper.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reading and querying the log: head rows for reads and store loading, events for catch-up and audit.
 * Every order of events is by sequence, so events of one microsecond keep their order.
 */
public interface LogReader {

    /** Returns the key's head row without locking, or empty when the key was never written. */
    Optional<Head> head(String key);

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

    /** Returns up to {@code limit} events of {@code key}, newest first, after skipping the {@code offset} newest. */
    List<LoggedChange> history(String key, int offset, int limit);

    /** Returns up to {@code limit} events written at or after {@code from}, in ascending sequence order. */
    List<LoggedChange> eventsSince(Instant from, int limit);

    /** Returns up to {@code limit} events made by {@code principal}, newest first, after skipping the {@code offset} newest. */
    List<LoggedChange> byPrincipal(String principal, int offset, int limit);
}

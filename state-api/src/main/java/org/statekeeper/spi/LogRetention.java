package org.statekeeper.spi;

import java.time.Instant;
import java.util.List;

/**
 * Removing what the log no longer needs. Each method runs in the caller's transaction; the head rows keep
 * the current state, so no recovery ever needs a deleted event.
 */
public interface LogRetention {

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
     * and returns the number of events removed; the caller holds the key's {@link LogWriter#lock} in this
     * transaction.
     *
     * @throws org.statekeeper.StateException when the key has a value: a live key is never removed
     */
    int removeDeletedKey(String key);
}

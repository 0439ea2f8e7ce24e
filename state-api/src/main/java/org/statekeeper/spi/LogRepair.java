package org.statekeeper.spi;

import java.util.List;

/**
 * Finding and mending a broken log: a head row behind its key's newest event (the key could not be
 * written and a rebuild would load an older value).
 */
public interface LogRepair {

    /**
     * Returns, for up to {@code limit} keys after {@code afterKey} (null: from the start) whose head row is
     * at an older version than their newest event, that newest event, in key order.
     */
    List<LoggedChange> headsBehind(String afterKey, int limit);

    /**
     * Moves the head row of the key of {@code newest}, an event already in the log, to that event's
     * version, value and expiry, writing no event; the caller holds the key's {@link LogWriter#lock} in this
     * transaction.
     */
    void restoreHead(LoggedChange newest);
}

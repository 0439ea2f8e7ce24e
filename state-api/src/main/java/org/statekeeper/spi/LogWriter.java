package org.statekeeper.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writing the log: the engine's write path. Every method runs in the caller's transaction; what it
 * writes commits or rolls back with the caller's other work.
 */
public interface LogWriter {

    /**
     * Locks the key's head row until the current transaction ends and returns it
     * ({@link Head#absent} when the key was never written); must be called in a transaction.
     */
    Head lock(String key);

    /**
     * Locks the head rows of every key as {@link #lock} does and returns them by key; logs may lock
     * them together (the default locks them one by one, in the collection's order).
     */
    default Map<String, Head> lockAll(Collection<String> keys) {
        Map<String, Head> heads = new LinkedHashMap<>();
        for (String key : keys) {
            heads.put(key, lock(key));
        }
        return heads;
    }

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

    /**
     * Removes the head rows this log created for new keys whose transactions then wrote nothing to them
     * (rolled back, or a compare-and-set that could not match in a caller's transaction), and returns how
     * many; the engine's periodic sweep calls it, outside any transaction. The default removes nothing.
     */
    default int removeUnusedHeadRows() {
        return 0;
    }
}

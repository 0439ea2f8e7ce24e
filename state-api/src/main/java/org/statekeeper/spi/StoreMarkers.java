package org.statekeeper.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * What a store knows about itself: the generation marker that says it holds a complete copy of the log's
 * heads (a store that lost it was flushed or restarted empty), the checkpoint, and clearing the namespace.
 */
public interface StoreMarkers {

    /** Removes every key of this store's namespace, including the generation marker. */
    void clear();

    /** Returns the generation marker set by the last complete load, or empty when the store has none. */
    Optional<String> generation();

    /** Records that the store holds a complete copy of the head rows, under {@code marker}. */
    void markGeneration(String marker);

    /** Returns the last instant at which a healthy node found the store in line with the log, or empty. */
    Optional<Instant> checkpoint();

    /** Records that the store is in line with the log for every change committed before {@code at}. */
    void markCheckpoint(Instant at);

    /**
     * Returns what identifies the store's current life: a value that changes whenever the store may have
     * lost writes it had acknowledged (a restart, a restore from a snapshot, a failover to a replica),
     * even when its generation marker came back with the old data; empty when the store cannot tell
     * (the default). On a change every node catches the store up from the checkpoint it now holds.
     */
    default Optional<String> epoch() {
        return Optional.empty();
    }
}

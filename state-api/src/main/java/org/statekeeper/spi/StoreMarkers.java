package org.statekeeper.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * What a store knows about itself: the generation marker that says it holds a complete copy of the log's
 * heads (a store that lost it was flushed or restarted empty), the nodes' checkpoints, and clearing the namespace.
 */
public interface StoreMarkers {

    /** Removes every key of this store's namespace, including the generation marker. */
    void clear();

    /** Returns the generation marker set by the last complete load, or empty when the store has none. */
    Optional<String> generation();

    /** Records that the store holds a complete copy of the head rows, under {@code marker}. */
    void markGeneration(String marker);

    /** Returns the checkpoint each node last recorded in this store, and the epoch of the latest; {@link #clear()} removes them. */
    Checkpoints checkpoints();

    /**
     * Records {@code node}'s checkpoint {@code at}, and {@code epoch} as the epoch of the checkpoints, if the
     * store's {@link #epoch()} is still {@code epoch} (null: the store has none), atomically where the store
     * can, and returns whether it was recorded: a checkpoint must never claim changes that a restart between
     * their apply and this call lost.
     */
    boolean markCheckpoint(String node, Instant at, String epoch);

    /**
     * Returns whether this store is one copy that every node sharing the log writes (Redis), rather than
     * one copy per node (the in-memory store); true unless overridden.
     */
    default boolean shared() {
        return true;
    }

    /**
     * Returns what identifies the store's current life: a value that changes whenever the store may have
     * lost writes it had acknowledged (a restart, a restore from a snapshot, a failover to a replica),
     * even when its generation marker came back with the old data; empty when the store cannot tell
     * (the default). On a change every node catches the store up from the checkpoints it now holds.
     */
    default Optional<String> epoch() {
        return Optional.empty();
    }
}

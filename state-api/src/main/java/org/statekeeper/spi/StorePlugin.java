package org.statekeeper.spi;

import java.util.Optional;
import java.util.function.Consumer;
import org.statekeeper.StateChanged;

/**
 * A store opened by a {@link StoreProvider}, owned by one Statekeeper runtime, which closes it when the
 * application stops.
 */
public interface StorePlugin extends AutoCloseable {

    /** Returns the store; the same instance on every call. */
    StateStore store();

    /**
     * Opens a feed that announces this node's committed changes to the other nodes sharing the store and
     * passes theirs to {@code remote} (with {@link StateChanged#remote()} true, on the feed's own thread),
     * or returns empty when the store is not shared; {@code instanceId} tells this instance's
     * announcements from others'.
     */
    default Optional<ChangeFeed> openFeed(String instanceId, Consumer<StateChanged> remote) {
        return Optional.empty();
    }

    /** Returns the name of the store's kind and where it is, credentials hidden, for log lines. */
    String describe();

    /** Releases every connection and thread the store holds; further use fails. */
    @Override
    void close();
}

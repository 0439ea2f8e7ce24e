package org.statekeeper.spi;

import org.statekeeper.StateChanged;

/** Announces committed changes to the other nodes of a shared store; opened by {@link StorePlugin#openFeed}. */
public interface ChangeFeed extends AutoCloseable {

    /** Announces {@code change} to the other nodes; throws when it could not be sent (the commit stands regardless). */
    void publish(StateChanged change);

    /** Stops announcing and delivering; the store stays open. */
    @Override
    void close();
}

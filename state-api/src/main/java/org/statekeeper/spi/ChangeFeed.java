package org.statekeeper.spi;

import org.statekeeper.StateChanged;

/** Announces committed changes to the other nodes of a shared store; opened by {@link StorePlugin#openFeed}. */
public interface ChangeFeed extends AutoCloseable {

    /** Announces {@code change} to the other nodes; throws when it could not be sent (the commit stands regardless). */
    void publish(StateChanged change);

    /**
     * Returns a number that stays the same for as long as every other node's announcements are being
     * delivered here, none lost, and changes whenever some may have been lost (a reconnect, a failover, a
     * gap in a node's announcements); or -1 while announcements may not be arriving at all. Whatever was
     * derived from the store while a number held (a cached value) may be kept only while it still holds.
     * The default, for a feed that cannot tell, is always -1.
     */
    default long continuity() {
        return -1;
    }

    /**
     * Makes the other nodes drop whatever they derived from the store (their near-cache copies), as after a
     * lost announcement: this node has just written to the store outside a commit (a heal or a recovery
     * re-applied changes, a rebuild refilled it), which no announcement covers. The default does nothing.
     */
    default void reportUnannouncedWrites() {
    }

    /** Stops announcing and delivering; the store stays open. */
    @Override
    void close();
}

package org.statekeeper.spi;

import java.time.Duration;

/**
 * Named locks shared by every node of the store, with a lease, so that one node at a time rebuilds it or
 * runs the log retention, and a node that dies holding one releases it when the lease runs out.
 */
public interface StoreLocks {

    /**
     * Takes the named lock for {@code owner} for at most {@code lease} (renewing it when {@code owner}
     * already holds it), returning whether {@code owner} holds it now; shared by every node of the store.
     */
    boolean tryLock(String name, String owner, Duration lease);

    /** Releases the named lock if {@code owner} holds it. */
    void unlock(String name, String owner);
}

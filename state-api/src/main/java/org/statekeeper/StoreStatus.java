package org.statekeeper;

import java.time.Instant;
import java.util.List;

/**
 * How this node's store stands with the log right now, and how it last healed.
 *
 * @param store which store, as its plugin describes it (e.g. {@code redis standalone 127.0.0.1:6379})
 * @param serving whether reads are served by the store (else from the log, while it heals)
 * @param complete whether the store holds every key (false until a rebuild or load has finished)
 * @param failingSince when the store started failing, or null while it answers
 * @param pendingKeys how many keys' last committed change has not reached the store yet (read from the log)
 * @param lastHeal when this node's heal last brought the store in line with the log, or null before the first
 * @param lastRebuild the last rebuild this node ran, or null when it ran none
 * @param nodes every node's mark in the log as read at this node's last heal (empty before the first)
 */
public record StoreStatus(String store, boolean serving, boolean complete, Instant failingSince, int pendingKeys,
        Instant lastHeal, LastRebuild lastRebuild, List<NodeHealth> nodes) {

    /**
     * Copies the node list so the status is immutable.
     *
     * @throws NullPointerException when {@code nodes} is null
     */
    public StoreStatus {
        nodes = List.copyOf(nodes);
    }

    /**
     * Creates a status without healing history (no heal, no rebuild, no marks read yet).
     *
     * @param store which store
     * @param serving whether reads are served by the store
     * @param complete whether the store holds every key
     * @param failingSince when the store started failing, or null
     * @param pendingKeys how many keys are read from the log because the store lacks their last change
     */
    public StoreStatus(String store, boolean serving, boolean complete, Instant failingSince, int pendingKeys) {
        this(store, serving, complete, failingSince, pendingKeys, null, null, List.of());
    }
}

package org.statekeeper;

import java.time.Instant;

/**
 * How this node's store stands with the log right now.
 *
 * @param store which store, as its plugin describes it (e.g. {@code redis standalone 127.0.0.1:6379})
 * @param serving whether reads are served by the store (else from the log, while it heals)
 * @param complete whether the store holds every key (false until a rebuild or load has finished)
 * @param failingSince when the store started failing, or null while it answers
 * @param pendingKeys how many keys' last committed change has not reached the store yet (read from the log)
 */
public record StoreStatus(String store, boolean serving, boolean complete, Instant failingSince, int pendingKeys) {
}

package org.statekeeper.redis;

import java.util.Objects;
import org.statekeeper.ChangeType;

/**
 * A change that another node committed, as announced on the change feed.
 *
 * @param key the changed key
 * @param version the key's version after the change
 * @param type what happened
 * @param nodeId the node that made the change
 */
public record RemoteChange(String key, long version, ChangeType type, String nodeId) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     */
    public RemoteChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nodeId, "nodeId");
    }
}

package org.statekeeper.websocket;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import org.statekeeper.Versioned;

/** What a connection reads of the state: a key's current value, and the keys under a prefix. */
interface StateView {

    /**
     * Returns the key's committed value and version as of a change at {@code version} or later (0: as it is
     * now), or empty when it holds none; one read may serve every connection sending the same change.
     */
    Optional<Versioned<JsonValue>> read(String key, long version);

    /** Returns up to {@code limit} keys starting with {@code prefix} that hold a value. */
    List<String> keys(String prefix, int limit);
}

package org.statekeeper.core;

import java.util.Optional;
import org.statekeeper.core.nearcache.Hit;
import org.statekeeper.spi.StoredValue;

/**
 * What a read found for a key, and, when a near-cached copy served it, that copy's hit: the engine decodes
 * the value through the hit, so a read that hits looks the key up once.
 *
 * @param value the key's value, empty when it has none
 * @param hit the near cache's hit that served {@code value}, or null when something else did
 */
record Found(Optional<StoredValue> value, Hit hit) {

    /** Returns what was found anywhere but in a near-cached copy. */
    static Found of(Optional<StoredValue> value) {
        return new Found(value, null);
    }

    /** Returns what a near-cached copy served. */
    static Found of(Hit hit) {
        return new Found(hit.value(), hit);
    }
}

package org.statekeeper.spi;

import java.time.Instant;

/**
 * A key's encoded value and version with the instant the store will drop it, read in one step, so that a
 * copy kept outside the store can stop being served when the store stops serving it.
 *
 * @param json the encoded value, never null
 * @param version the key's version
 * @param expiresAt when the value expires, or null when it never does
 */
public record ExpiringValue(String json, long version, Instant expiresAt) {

    /** Returns the value and version without the expiry. */
    public StoredValue value() {
        return new StoredValue(json, version);
    }
}

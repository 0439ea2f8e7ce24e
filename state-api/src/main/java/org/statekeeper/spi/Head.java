package org.statekeeper.spi;

import java.time.Instant;

/**
 * A key's current state in the log (its head row).
 *
 * @param key the key
 * @param version the key's latest version, 0 when it was never written
 * @param json the encoded current value, null when the key is absent or deleted
 * @param time when the latest version was written, null when never written
 * @param expiresAt when the current value expires, null when it never does
 */
public record Head(String key, long version, String json, Instant time, Instant expiresAt) {

    /**
     * Creates the head of a value that never expires.
     *
     * @param key the key
     * @param version the key's latest version
     * @param json the encoded current value, null when absent
     * @param time when the latest version was written
     */
    public Head(String key, long version, String json, Instant time) {
        this(key, version, json, time, null);
    }

    /**
     * Returns the head of a key that was never written.
     *
     * @param key the key
     * @return a head at version 0 without value
     */
    public static Head absent(String key) {
        return new Head(key, 0, null, null);
    }

    /**
     * Returns whether the key currently has a value.
     *
     * @return true when a value is present
     */
    public boolean present() {
        return json != null;
    }

    /**
     * Returns whether the key has a value that has not expired at {@code now}.
     *
     * @param now the time to judge expiry by
     * @return true when a value is present and live
     */
    public boolean liveAt(Instant now) {
        return json != null && (expiresAt == null || now.isBefore(expiresAt));
    }
}

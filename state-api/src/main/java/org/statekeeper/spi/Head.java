package org.statekeeper.spi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.statekeeper.KeyInfo;

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
        return live(json, expiresAt, now);
    }

    /**
     * Returns this head as a key listing shows it, with the writer recorded in its current version's event.
     *
     * @param principal the principal of the event that wrote the current version
     * @param nodeId the node that wrote the current version
     * @return the key's listing entry, the value counted in UTF-8 bytes (0 when absent)
     */
    public KeyInfo keyInfo(String principal, String nodeId) {
        int bytes = json == null ? 0 : json.getBytes(StandardCharsets.UTF_8).length;
        return new KeyInfo(key, version, bytes, time, expiresAt, principal, nodeId);
    }

    /**
     * Returns the version the key's next change gets.
     *
     * @return {@link #nextVersion(long)} of this head's version
     */
    public long nextVersion() {
        return nextVersion(version);
    }

    /**
     * The next-version rule: one above the current version, so a key's versions run 1, 2, 3 … without
     * gaps. A gap or a repeat in a key's events is then a lost or doubled change (what verify and the
     * log's invariants look for), and the store's version guard can order any two changes of a key.
     *
     * @param current the key's current version, 0 when never written
     * @return the version of its next change
     */
    public static long nextVersion(long current) {
        return current + 1;
    }

    /**
     * The liveness rule, the one every part applies (the engine's reads, the stores, the log's queries):
     * a value is live while it exists and its expiry, if any, is still ahead. At the expiry instant
     * itself it is gone, so that a reader and the expiry sweep, which logs the EXPIRE at that instant,
     * never disagree about a value at its last moment.
     *
     * @param json the value, null when absent or deleted
     * @param expiresAt when it expires, null for never
     * @param now the time to judge by
     * @return true when the value is present and live at {@code now}
     */
    public static boolean live(String json, Instant expiresAt, Instant now) {
        return json != null && (expiresAt == null || now.isBefore(expiresAt));
    }
}

package org.statekeeper;

import java.time.Instant;

/**
 * One key that holds a live value, as {@link StateAudit#keys(String, String, int)} lists it: what an
 * operator console shows and what a client resyncing its copy compares versions against. The value
 * itself is not included, only its size.
 *
 * @param key the key
 * @param version the key's current version
 * @param valueBytes the size in bytes of the key's value as UTF-8 encoded JSON
 * @param changedAt when the current version was written, with microseconds
 * @param expiresAt when the value expires, null when the key has no time to live
 * @param principal who wrote the current version: the principal of the event that wrote it
 * @param nodeId the node that wrote the current version
 */
public record KeyInfo(String key, long version, int valueBytes, Instant changedAt, Instant expiresAt,
        String principal, String nodeId) {
}

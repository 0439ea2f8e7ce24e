package org.statekeeper.demo.api;

import jakarta.json.JsonValue;

/**
 * A key's stored JSON with its version.
 *
 * @param key the key
 * @param version the key's version
 * @param value the stored value as JSON
 */
public record StateEntry(String key, long version, JsonValue value) {
}

package org.statekeeper.spi;

/**
 * A key's encoded value and version as a store holds it.
 *
 * @param json the encoded value, never null
 * @param version the key's version
 */
public record StoredValue(String json, long version) {
}

package org.statekeeper;

/**
 * A value together with the per-key version that produced it.
 *
 * @param value the decoded value, never null
 * @param version the key's version: 1 for the first write, incremented by every change
 * @param <T> the value type
 */
public record Versioned<T>(T value, long version) {
}

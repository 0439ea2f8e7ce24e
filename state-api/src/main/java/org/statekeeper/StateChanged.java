package org.statekeeper;

/**
 * CDI event fired once per changed key after the transaction that changed it has committed.
 *
 * <p>Never fired for a rolled-back change. Observers receive the key's final version in that
 * transaction; the value itself is read through {@link StateManager} when needed, so events never
 * carry personal data.
 *
 * @param key the changed key
 * @param version the key's version after the change
 * @param type what happened to the key
 * @param remote {@code true} when the change was committed on another node
 */
public record StateChanged(String key, long version, ChangeType type, boolean remote) {
}

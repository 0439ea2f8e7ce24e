package org.statekeeper.demo.api;

/**
 * A request to set a feature flag.
 *
 * @param enabled the new value, required
 * @param expectedVersion the version the client last read; when given, the change is refused with
 *     409 if the flag moved since, when absent the change is a blind write
 */
public record FlagChange(Boolean enabled, Long expectedVersion) {
}

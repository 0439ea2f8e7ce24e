package org.statekeeper.demo;

/**
 * A feature flag as last read.
 *
 * @param name the flag's name
 * @param enabled whether it is on; an absent flag is off
 * @param version the version of its key, 0 when it was never set; pass it back to
 *     {@link FeatureFlags#change} to change the flag only if nobody else did meanwhile
 */
public record Flag(String name, boolean enabled, long version) {
}

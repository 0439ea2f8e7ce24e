package org.statekeeper.testing.workload;

/**
 * What one call of the workload was given back: a write's new version and the value it wrote (null for a
 * delete), or a read's version and value.
 *
 * @param key the key
 * @param operation what was called, for the failure message
 * @param write whether the call wrote (else it read)
 * @param version the version the call returned
 * @param value the value written or read; null for a delete
 */
public record Observation(String key, String operation, boolean write, long version, Long value) {
}

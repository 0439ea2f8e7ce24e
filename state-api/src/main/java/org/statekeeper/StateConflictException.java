package org.statekeeper;

/** Thrown by {@link StateManager#compareAndSet} when the key's version is not the expected one. */
public class StateConflictException extends StateException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long actualVersion;

    /**
     * Creates a conflict for {@code key}.
     *
     * @param key the key
     * @param expectedVersion the version the caller expected
     * @param actualVersion the key's current version (0 when absent)
     */
    public StateConflictException(String key, long expectedVersion, long actualVersion) {
        super(key, "Version conflict on key " + Keys.describe(key) + ": expected version "
                + expectedVersion + " but it is " + actualVersion);
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /**
     * Returns the version the caller expected.
     *
     * @return the expected version
     */
    public long getExpectedVersion() {
        return expectedVersion;
    }

    /**
     * Returns the key's version when the conflict was detected.
     *
     * @return the current version, 0 when the key was absent
     */
    public long getActualVersion() {
        return actualVersion;
    }
}

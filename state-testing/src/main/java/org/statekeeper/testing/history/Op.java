package org.statekeeper.testing.history;

/**
 * One completed operation on one key, as a client saw it: when it was invoked and when it returned
 * (nanoTime), and what it wrote or read. Reads of an absent key, and writes that delete, have a null value.
 *
 * @param client who made it (for messages)
 * @param key the key
 * @param write true for a change (set, compare-and-set, update, delete), false for a read (or a failed compare-and-set)
 * @param version the version written or read; for a read of an absent key, -1 (its version is not told)
 * @param value the value written or read, null for absent
 * @param invoked System.nanoTime() before the call
 * @param returned System.nanoTime() after it returned
 * @param tolerance how stale a read may be (nanoseconds), because a fault was under way: 0 when none was
 */
public record Op(String client, String key, boolean write, long version, String value, long invoked, long returned,
        long tolerance) {

    /** Returns whether this read saw the key absent. */
    public boolean absent() {
        return !write && value == null;
    }

    @Override
    public String toString() {
        return client + (write ? " wrote " : " read ") + key + "@" + version + "=" + value + " [" + invoked + ", " + returned + "]";
    }
}

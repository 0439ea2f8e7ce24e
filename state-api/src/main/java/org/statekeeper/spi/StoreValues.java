package org.statekeeper.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Storing values: version-guarded writes and reads of the keys of one namespace. Every write applies only
 * if its version is newer than the one held, so applying a change twice, late or out of order changes nothing.
 */
public interface StoreValues {

    /** Returns the key's encoded value and version, or empty when the key is absent or deleted. */
    Optional<StoredValue> get(String key);

    /**
     * Returns the key's encoded value, version and expiry as one read, or empty when the key is absent or
     * deleted; the expiry is at least as early as the store's own.
     *
     * @throws UnsupportedOperationException when the store cannot tell a value's expiry (the default); no
     *         near cache can then be put in front of it
     */
    default Optional<ExpiringValue> getExpiring(String key) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot tell when its values expire");
    }

    /**
     * Makes {@code json} (null: absent) the key's value at {@code version}, expiring at
     * {@code expiresAt} (null: never), if {@code version} is newer than the one held, and returns
     * whether it was applied.
     */
    boolean apply(String key, long version, String json, Instant expiresAt);

    /** Same as {@link #apply(String, long, String, Instant)} for a value that never expires. */
    default boolean apply(String key, long version, String json) {
        return apply(key, version, json, null);
    }

    /** Applies every head (version guarded, as {@link #apply}); stores may batch or pipeline the writes. */
    default void applyAll(List<Head> heads) {
        for (Head head : heads) {
            apply(head.key(), head.version(), head.json(), head.expiresAt());
        }
    }

    /** Writes a store has started and not yet confirmed; see {@link #fill(List)}. */
    @FunctionalInterface
    interface PendingWrites {

        /** Returns once every write has reached the store, or throws the first failure. */
        void await();
    }

    /**
     * Starts writing {@code heads} into the namespace {@link StoreMarkers#clear()} has just emptied and returns
     * the writes to wait for, so the caller can read its next heads meanwhile; a head must still not
     * replace a newer version written since the clear. The default applies them now, as {@link #applyAll}.
     */
    default PendingWrites fill(List<Head> heads) {
        applyAll(heads);
        return () -> { };
    }

    /** Marks the key deleted at {@code version} if that is newer than the version held, and returns whether it was applied. */
    default boolean delete(String key, long version) {
        return apply(key, version, null);
    }

    /**
     * Forgets whatever the store holds for {@code key} at {@code deletedVersion} or older (a
     * tombstone, or a stale value), so that the key can start again at version 1 once the log has
     * removed it; never touches a newer version. Returns whether something was removed.
     *
     * @throws UnsupportedOperationException when the store cannot forget a key (the default); the
     *         log then keeps deleted keys' head rows, and their versions keep growing
     */
    default boolean forget(String key, long deletedVersion) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot forget deleted keys");
    }

    /** Passes every key this store holds a value or tombstone for to {@code action}, in no particular order. */
    void forEachKey(Consumer<String> action);
}

package org.statekeeper.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fast, shared view of the current state: a materialised copy of the log's head rows.
 *
 * <p>Written only after the transaction that produced a change has committed. Every write is
 * version guarded, so applying the same change twice, late or out of order changes nothing.
 */
public interface StateStore {

    /** Returns the key's encoded value and version, or empty when the key is absent or deleted. */
    Optional<StoredValue> get(String key);

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
     * Starts writing {@code heads} into the namespace {@link #clear()} has just emptied and returns
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

    /** Removes every key of this store's namespace, including the generation marker. */
    void clear();

    /** Returns the generation marker set by the last complete load, or empty when the store has none. */
    Optional<String> generation();

    /** Records that the store holds a complete copy of the head rows, under {@code marker}. */
    void markGeneration(String marker);

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

    /** Returns the last instant at which a healthy node found the store in line with the log, or empty. */
    Optional<Instant> checkpoint();

    /** Records that the store is in line with the log for every change committed before {@code at}. */
    void markCheckpoint(Instant at);

    /**
     * Takes the named lock for {@code owner} for at most {@code lease} (renewing it when {@code owner}
     * already holds it), returning whether {@code owner} holds it now; shared by every node of the store.
     */
    boolean tryLock(String name, String owner, Duration lease);

    /** Releases the named lock if {@code owner} holds it. */
    void unlock(String name, String owner);
}

package org.statekeeper;

import java.lang.reflect.Type;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable, versioned application state shared by every node of an application.
 *
 * <p>Every change is appended to the event log inside the caller's transaction (or one the
 * manager starts when there is none); the fast store is updated only after that transaction
 * commits. Reads inside a transaction see that transaction's own uncommitted changes.
 */
public interface StateManager {

    /**
     * The longest time to live {@link #set(String, Object, java.time.Duration)} accepts: 100 years
     * (36,500 days). A key meant to outlive that is set without a time to live.
     */
    java.time.Duration MAX_TTL = java.time.Duration.ofDays(36_500);

    /**
     * Returns the current value of {@code key} decoded as {@code type}, or empty when the key is absent.
     *
     * @throws InvalidKeyException when the key is null, empty, too long or holds control characters
     * @throws InvalidArgumentException when {@code type} is null (argument {@code type})
     * @throws StateSerializationException when the stored value cannot be decoded as {@code type}
     */
    <T> Optional<T> get(String key, Class<T> type);

    /**
     * Returns the current value of {@code key} decoded as {@code type}, or {@code defaultValue} when absent.
     *
     * @throws InvalidKeyException when the key is invalid
     * @throws InvalidArgumentException when {@code type} is null (argument {@code type})
     * @throws StateSerializationException when the stored value cannot be decoded as {@code type}
     */
    <T> T get(String key, Class<T> type, T defaultValue);

    /**
     * Returns the current value of {@code key} decoded as the generic {@code type} (such as
     * {@code List<Item>}), or empty when absent.
     *
     * @throws InvalidKeyException when the key is invalid
     * @throws InvalidArgumentException when {@code type} is null (argument {@code type})
     * @throws StateSerializationException when the stored value cannot be decoded as {@code type}
     */
    <T> Optional<T> get(String key, Type type);

    /**
     * Returns the current value of {@code key} together with its version, or empty when absent.
     *
     * @throws InvalidKeyException when the key is invalid
     * @throws InvalidArgumentException when {@code type} is null (argument {@code type})
     * @throws StateSerializationException when the stored value cannot be decoded as {@code type}
     */
    <T> Optional<Versioned<T>> getVersioned(String key, Class<T> type);

    /**
     * Stores {@code value} under {@code key} whatever its current version (last committed write wins)
     * and returns the new version.
     *
     * @throws InvalidKeyException when the key is invalid
     * @throws ValueTooLargeException when the encoded value exceeds the configured maximum
     * @throws StateSerializationException when the value cannot be encoded (or is null)
     */
    long set(String key, Object value);

    /**
     * Stores {@code value} under {@code key} like {@link #set(String, Object)}, expiring after
     * {@code ttl}: then the key reads as absent, and its expiry is logged as an {@code EXPIRE} event
     * and observed as a {@link StateChanged} of type {@link ChangeType#EXPIRE}.
     *
     * @throws InvalidArgumentException when {@code ttl} is null, zero, negative or longer than {@link #MAX_TTL}
     *         (argument {@code ttl}; nothing is written)
     * @throws InvalidKeyException when the key is invalid
     * @throws ValueTooLargeException when the encoded value exceeds the configured maximum
     * @throws StateSerializationException when the value cannot be encoded (or is null)
     */
    long set(String key, Object value, java.time.Duration ttl);

    /**
     * Stores every value under its key as {@link #set(String, Object)} does, all in one transaction
     * (the caller's, or one started for this call), and returns each key's new version, in key order.
     * The keys are locked together, so many writes cost a few statements instead of one per key.
     * Every entry is checked and encoded before anything is written: one bad entry writes none.
     *
     * @throws InvalidArgumentException when {@code values} is null (argument {@code values}, no key)
     * @throws InvalidKeyException when a key is invalid
     * @throws ValueTooLargeException when an encoded value exceeds the configured maximum
     * @throws StateSerializationException when a value cannot be encoded (or is null)
     */
    java.util.SortedMap<String, Long> setAll(java.util.Map<String, ?> values);

    /**
     * Stores {@code value} under {@code key} only if the key's current version is
     * {@code expectedVersion} ({@code 0}: the key must not exist) and returns the new version.
     *
     * @throws StateConflictException when the current version differs from {@code expectedVersion}
     * @throws InvalidKeyException when the key is invalid
     * @throws ValueTooLargeException when the encoded value exceeds the configured maximum
     * @throws StateSerializationException when the value cannot be encoded (or is null)
     */
    long compareAndSet(String key, long expectedVersion, Object value);

    /**
     * Atomically replaces the value of {@code key} with {@code fn} applied to its current value
     * ({@code null} when absent) and returns the new value; a {@code null} result deletes the key.
     *
     * <p>The key is locked in the log for the rest of the transaction, so concurrent updates on any
     * node are serialised and none is lost.
     *
     * @throws InvalidKeyException when the key is invalid
     * @throws InvalidArgumentException when {@code type} or {@code fn} is null (argument {@code type} or {@code fn};
     *         thrown before the key is locked)
     * @throws ValueTooLargeException when the encoded result exceeds the configured maximum
     * @throws StateSerializationException when the current value cannot be decoded or the result encoded
     */
    <T> T update(String key, Class<T> type, UnaryOperator<T> fn);

    /**
     * Deletes {@code key} and returns whether it existed.
     *
     * @throws InvalidKeyException when the key is invalid
     */
    boolean delete(String key);
}

package org.statekeeper.core.nearcache;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.statekeeper.spi.ExpiringValue;
import org.statekeeper.spi.StoredValue;

/**
 * One key's copy, as the store answered it, with the value last decoded from it: the decoded value lives
 * and dies with the text it was decoded from, so no reader is ever handed a value of another version.
 */
final class Copy {

    /** What a copy costs besides its key and value: the entry, its record and the cache's node. */
    private static final int OVERHEAD_BYTES = 96;

    /** A value decoded from a copy, as a type whose values can be copied, kept to be copied for each read. */
    private record Decoded(Type type, Object value, UnaryOperator<Object> copier) {
    }

    /** Null for a key the store did not hold. */
    final String json;
    final long version;
    final Instant expiresAt;
    private volatile Decoded decoded;

    Copy(String json, long version, Instant expiresAt) {
        this.json = json;
        this.version = version;
        this.expiresAt = expiresAt;
    }

    /** Returns the copy of what the store answered: a value, or nothing held for the key. */
    static Copy of(Optional<ExpiringValue> read) {
        return read.map(v -> new Copy(v.json(), v.version(), v.expiresAt())).orElseGet(() -> new Copy(null, 0, null));
    }

    /** Returns whether the copy's value has not expired at {@code now}. */
    boolean liveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    /** Returns what the copy answers at {@code now}: empty when the key was not held or has expired. */
    Optional<StoredValue> valueAt(Instant now) {
        return json != null && liveAt(now) ? Optional.of(new StoredValue(json, version)) : Optional.empty();
    }

    /** Returns the memory the copy of {@code key} is estimated to take. */
    long bytes(String key) {
        return OVERHEAD_BYTES + 2L * key.length() + (json == null ? 0 : 2L * json.length());
    }

    /** Returns whether {@code value} is this copy's own text, not an equal one from elsewhere. */
    boolean holds(StoredValue value) {
        return json == value.json();
    }

    /**
     * Returns a fresh copy of this copy's value decoded once as {@code type} when values of {@code type} can
     * be copied safely ({@link Copies}), else what {@code decode} decodes: no reader can change what another
     * reads.
     */
    @SuppressWarnings("unchecked")
    <T> T decode(Type type, Supplier<T> decode) {
        Decoded d = decoded;
        if (d != null && d.type().equals(type)) {
            try {
                return (T) d.copier().apply(d.value());
            } catch (Copies.NotCopyable cannot) {
                return decode.get();
            }
        }
        T fresh = decode.get();
        UnaryOperator<Object> copier = Copies.of(type);
        if (copier != null && fresh != null) {
            try {
                decoded = new Decoded(type, copier.apply(fresh), copier);
            } catch (Copies.NotCopyable cannot) {
                // decoded into a container a copy would not reproduce: decoded for every read
            }
        }
        return fresh;
    }
}

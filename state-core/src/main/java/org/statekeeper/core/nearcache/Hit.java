package org.statekeeper.core.nearcache;

import java.lang.reflect.Type;
import java.util.Optional;
import java.util.function.Supplier;
import org.statekeeper.spi.StoredValue;

/**
 * A read the near cache served from a copy, holding on to that copy: decoding the value through it needs no
 * second lookup of the key, which a read that hits would otherwise pay for every value it returns.
 */
public final class Hit {

    private final Copy copy;
    private final Optional<StoredValue> value;

    Hit(Copy copy, Optional<StoredValue> value) {
        this.copy = copy;
        this.value = value;
    }

    /**
     * Returns the copy's value, empty when the store did not hold the key or the value has expired.
     *
     * @return the value served
     */
    public Optional<StoredValue> value() {
        return value;
    }

    /**
     * Returns a value no other reader holds, decoded from this hit's value as {@code type}, as {@link
     * NearCache#decode} does for the key's current copy.
     *
     * @param type the type to decode as
     * @param decode decodes the value as {@code type}
     * @param <T> the type
     * @return a value no other reader holds
     */
    public <T> T decode(Type type, Supplier<T> decode) {
        return copy.decode(type, decode);
    }
}

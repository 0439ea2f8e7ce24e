package org.statekeeper.spi;

import java.lang.reflect.Type;

/**
 * Turns values into text and back. The stored text never chooses the class that is instantiated:
 * the caller's requested type does.
 */
public interface StateCodec {

    /**
     * Encodes {@code value} written to {@code key}.
     *
     * @throws org.statekeeper.StateSerializationException when the value is null or cannot be encoded
     */
    String encode(String key, Object value);

    /**
     * Decodes the stored text of {@code key} at {@code version} as {@code type}.
     *
     * @throws org.statekeeper.StateSerializationException when the text cannot be decoded as {@code type}
     */
    <T> T decode(String key, long version, String encoded, Type type);

    /** Returns whether {@code encoded} is syntactically valid for this codec (a stored value is checked before it is loaded). */
    default boolean isWellFormed(String encoded) {
        return true;
    }
}

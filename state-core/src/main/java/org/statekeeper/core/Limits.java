package org.statekeeper.core;

import org.statekeeper.InvalidKeyException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.spi.LogColumns;

/**
 * The size rules every key and value must pass before anything is written.
 *
 * @param maxKeyLength the longest accepted key, in UTF-16 chars
 * @param maxValueBytes the largest accepted encoded value, in UTF-8 bytes
 */
public record Limits(int maxKeyLength, int maxValueBytes) {

    /** The widest key the log's key column holds. */
    public static final int KEY_COLUMN_LENGTH = LogColumns.KEY_LENGTH;
    /** The largest value the log's value column holds, in characters. */
    public static final int VALUE_COLUMN_LENGTH = LogColumns.VALUE_LENGTH;
    /** Defaults: 256-char keys, 1 MiB values. */
    public static final Limits DEFAULTS = new Limits(256, VALUE_COLUMN_LENGTH);

    /**
     * Validates the bounds against what the log can hold.
     *
     * @throws IllegalArgumentException when a bound is out of range
     */
    public Limits {
        if (maxKeyLength < 1 || maxKeyLength > KEY_COLUMN_LENGTH) {
            throw new IllegalArgumentException("maxKeyLength must be 1.." + KEY_COLUMN_LENGTH);
        }
        if (maxValueBytes < 1 || maxValueBytes > VALUE_COLUMN_LENGTH) {
            throw new IllegalArgumentException("maxValueBytes must be 1.." + VALUE_COLUMN_LENGTH);
        }
    }

    /**
     * Rejects a null, empty, too long key, or one holding control characters or broken surrogates.
     *
     * @param key the key to check
     * @throws InvalidKeyException naming the key and the rule it broke
     */
    public void checkKey(String key) {
        if (key == null) {
            throw new InvalidKeyException(null, "a key must not be null");
        }
        if (key.isEmpty()) {
            throw new InvalidKeyException(key, "a key must not be empty");
        }
        if (key.length() > maxKeyLength) {
            throw new InvalidKeyException(key, "a key must be at most state.max-key-length="
                    + maxKeyLength + " chars, this one has " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidKeyException(key, "control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidKeyException(key, "unpaired surrogate at index " + i);
            }
        }
    }

    /**
     * Rejects an encoded value larger than {@link #maxValueBytes}.
     *
     * @param key the key the value is written to
     * @param encoded the encoded value
     * @throws ValueTooLargeException naming the key, the size and the limit
     */
    public void checkSize(String key, String encoded) {
        // Cheap exit: even at 3 bytes a char the text fits.
        if ((long) encoded.length() * 3 <= maxValueBytes) {
            return;
        }
        long bytes = utf8Length(encoded);
        if (bytes > maxValueBytes) {
            throw new ValueTooLargeException(key, bytes, maxValueBytes);
        }
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

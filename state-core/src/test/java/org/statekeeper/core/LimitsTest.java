package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.ValueTooLargeException;

class LimitsTest {

    private final Limits limits = new Limits(256, 64);

    @Test
    void nullKeyIsRejected() {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> limits.checkKey(null));
        assertNull(e.getKey());
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void emptyKeyIsRejected() {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> limits.checkKey(""));
        assertEquals("", e.getKey());
        assertTrue(e.getMessage().contains("\"\""), e.getMessage());
    }

    @Test
    void keyLongerThanMaximumIsRejectedAndShortenedInMessage() {
        String key = "k".repeat(40) + "x".repeat(300 - 40);
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> limits.checkKey(key));
        assertEquals(key, e.getKey());
        // The message must still identify the key (its start and length) without dumping all of it.
        assertTrue(e.getMessage().contains("k".repeat(40)), e.getMessage());
        assertTrue(e.getMessage().contains("300"), e.getMessage());
        assertFalse(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().length() < key.length(), e.getMessage());
    }

    @Test
    void keyOfExactlyMaximumLengthPasses() {
        assertDoesNotThrow(() -> limits.checkKey("k".repeat(256)));
    }

    @Test
    void keyLengthIsCountedInUtf16Chars() {
        Limits two = new Limits(2, 64);
        String emoji = "\uD83D\uDED2";
        assertDoesNotThrow(() -> two.checkKey(emoji));
        assertThrows(InvalidKeyException.class, () -> two.checkKey(emoji + "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "\u0000", "tab\there", "del\u007f", "c1\u0085x", "end\r"})
    void keyWithControlCharacterIsRejectedWithCharacterEscapedInMessage(String key) {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> limits.checkKey(key));
        assertEquals(key, e.getKey());
        // A raw control character in a message can forge log lines; it must appear escaped.
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
        char control = (char) key.chars().filter(Character::isISOControl).findFirst().orElseThrow();
        assertTrue(e.getMessage().contains(String.format("\\u%04x", (int) control)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD83D", "\uDE00b", "\uD83D\uD83D", "x\uDED2\uD83D"})
    void keyWithUnpairedSurrogateIsRejected(String key) {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> limits.checkKey(key));
        assertEquals(key, e.getKey());
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user:42/cart", "a", "\uD83D\uDED2-cart", "\u043a\u043b\u044e\u0447",
            "\u8CFC\u7269\u8ECA", "caf\u00e9 \uD83C\uDDEB\uD83C\uDDF7", "spaces are fine"})
    void validKeysIncludingEmojiPass(String key) {
        assertDoesNotThrow(() -> limits.checkKey(key));
    }

    /** Strings whose UTF-8 size sits on either side of 10 bytes, mixing 1- to 4-byte characters. */
    @ParameterizedTest
    @ValueSource(strings = {"\u00e9\u00e9\u00e9\u00e9\u00e9", "\u00e9\u00e9\u00e9\u00e9\u00e9a",
            "\u20ac\u20ac\u20ac", "\u20ac\u20ac\u20aca", "\u20ac\u20ac\u20acab",
            "\uD83D\uDED2\uD83D\uDED2ab", "\uD83D\uDED2\uD83D\uDED2abc", "abcdefghij", "abcdefghijk",
            "\u00e9\u20ac\uD83D\uDED2a", "\u00e9\u20ac\uD83D\uDED2ab"})
    void checkSizeRejectsExactlyTheValuesWhoseUtf8SizeExceedsTheLimit(String encoded) {
        Limits ten = new Limits(16, 10);
        int utf8 = encoded.getBytes(StandardCharsets.UTF_8).length;
        if (utf8 <= 10) {
            assertDoesNotThrow(() -> ten.checkSize("k", encoded), "utf-8 size " + utf8);
        } else {
            ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> ten.checkSize("k", encoded));
            assertEquals(utf8, e.getSize());
            assertEquals(10, e.getLimit());
            assertEquals("k", e.getKey());
            assertTrue(e.getMessage().contains(String.valueOf(utf8)) && e.getMessage().contains("10"), e.getMessage());
        }
    }

    @Test
    void checkSizeBoundaryCases() {
        Limits ten = new Limits(16, 10);
        // Five two-byte chars are exactly at the limit; one more byte is over.
        assertDoesNotThrow(() -> ten.checkSize("k", "\u00e9".repeat(5)));
        assertThrows(ValueTooLargeException.class, () -> ten.checkSize("k", "\u00e9".repeat(5) + "a"));
        // Four chars (12 bytes if all were 3-byte) but only 8 bytes here: must not be rejected by a cheap estimate.
        assertDoesNotThrow(() -> ten.checkSize("k", "\uD83D\uDED2\uD83D\uDED2"));
    }

    @Test
    void checkSizeOnLargeMultiByteValueReportsExactSize() {
        String value = "\u20ac".repeat(Limits.VALUE_COLUMN_LENGTH / 3 + 1);
        ValueTooLargeException e = assertThrows(ValueTooLargeException.class,
                () -> Limits.DEFAULTS.checkSize("big", value));
        assertEquals(value.getBytes(StandardCharsets.UTF_8).length, e.getSize());
        assertEquals(Limits.VALUE_COLUMN_LENGTH, e.getLimit());
    }

    @Test
    void constructorRejectsOutOfRangeBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Limits(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Limits(Limits.KEY_COLUMN_LENGTH + 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, -5));
        assertThrows(IllegalArgumentException.class, () -> new Limits(10, Limits.VALUE_COLUMN_LENGTH + 1));
    }

    @Test
    void constructorAcceptsExtremesOfTheRange() {
        assertDoesNotThrow(() -> new Limits(1, 1));
        assertDoesNotThrow(() -> new Limits(Limits.KEY_COLUMN_LENGTH, Limits.VALUE_COLUMN_LENGTH));
    }
}

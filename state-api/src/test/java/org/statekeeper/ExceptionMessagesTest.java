package org.statekeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Messages are read by operators in logs: they must name the key safely and say what went wrong. */
class ExceptionMessagesTest {

    private static boolean wellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void conflictMessageNamesKeyExpectedAndActualVersion() {
        StateConflictException e = new StateConflictException("order:1", 4, 6);
        assertEquals("order:1", e.getKey());
        assertEquals(4, e.getExpectedVersion());
        assertEquals(6, e.getActualVersion());
        assertTrue(e.getMessage().contains("\"order:1\""), e.getMessage());
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("6"), e.getMessage());
    }

    @Test
    void serializationMessageMentionsVersionOnlyWhenDecoding() {
        Exception cause = new IllegalStateException("bad");
        StateSerializationException decoding = new StateSerializationException("k", 9, "cannot decode", cause);
        StateSerializationException encoding = new StateSerializationException("k", 0, "cannot encode", null);

        assertTrue(decoding.getMessage().contains("version 9"), decoding.getMessage());
        assertSame(cause, decoding.getCause());
        assertFalse(encoding.getMessage().contains("version"), encoding.getMessage());
        assertEquals(0, encoding.getVersion());
    }

    @Test
    void tooLargeMessageNamesKeySizeAndLimit() {
        ValueTooLargeException e = new ValueTooLargeException("blob", 2048, 1024);
        assertEquals(2048, e.getSize());
        assertEquals(1024, e.getLimit());
        assertTrue(e.getMessage().contains("\"blob\"") && e.getMessage().contains("2048")
                && e.getMessage().contains("1024") && e.getMessage().contains("state.max-value-bytes"), e.getMessage());
    }

    @Test
    void configurationMessageNamesPropertyValueAndAcceptedValues() {
        StateConfigurationException e = new StateConfigurationException("state.store", "redis", "memory");
        assertEquals("state.store", e.getKey());
        assertTrue(e.getMessage().contains("state.store") && e.getMessage().contains("\"redis\"")
                && e.getMessage().contains("memory"), e.getMessage());
    }

    @Test
    void controlCharactersInKeyAreEscapedInEveryMessage() {
        String key = "a\r\nINFO forged line";
        for (StateException e : new StateException[] {new InvalidKeyException(key, "r"),
                new StateConflictException(key, 1, 2), new ValueTooLargeException(key, 2, 1),
                new StateSerializationException(key, 1, "m", null)}) {
            assertEquals(key, e.getKey());
            assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
            assertTrue(e.getMessage().contains("a\\u000d\\u000aINFO forged line"), e.getMessage());
        }
    }

    @Test
    void longKeyIsShortenedWithItsLength() {
        String key = "p".repeat(1000);
        String message = new StateConflictException(key, 1, 2).getMessage();
        assertTrue(message.length() < 300, message);
        assertTrue(message.contains("1000"), message);
    }

    @Test
    void shorteningNeverSplitsASurrogatePair() {
        // Whatever the cut position, an emoji straddling it must not leave half a pair behind.
        for (int prefix = 70; prefix < 90; prefix++) {
            String key = "a".repeat(prefix) + "\uD83D\uDED2".repeat(40);
            String message = new InvalidKeyException(key, "too long").getMessage();
            assertTrue(wellFormedUtf16(message), "prefix " + prefix + ": " + message);
        }
    }

    @Test
    void unpairedSurrogateInKeyIsEscapedInMessage() {
        String message = new InvalidKeyException("ab\uD83Dcd", "unpaired surrogate").getMessage();
        assertTrue(wellFormedUtf16(message), message);
        assertTrue(message.contains("ab\\ud83dcd"), message);
    }

    @Test
    void nullKeyIsShownAsNull() {
        InvalidKeyException e = new InvalidKeyException(null, "a key must not be null");
        assertTrue(e.getMessage().startsWith("Invalid key null"), e.getMessage());
    }

    @Test
    void invalidArgumentMessageNamesTheArgumentAndTheKeyEscapedOrNoKey() {
        InvalidArgumentException withKey = new InvalidArgumentException("ab\uD83Dcd", "ttl", "must be positive, not PT0S");
        assertEquals("ttl", withKey.argument());
        assertEquals("ab\uD83Dcd", withKey.getKey());
        assertTrue(wellFormedUtf16(withKey.getMessage()), withKey.getMessage());
        assertEquals("Invalid argument ttl for key \"ab\\ud83dcd\": must be positive, not PT0S", withKey.getMessage());
        InvalidArgumentException noKey = new InvalidArgumentException(null, "limit", "must be 1 to 10000, was 0");
        assertEquals(null, noKey.getKey());
        assertEquals("Invalid argument limit: must be 1 to 10000, was 0", noKey.getMessage());
        assertTrue(noKey instanceof StateException);
    }
}

package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.ChangeType;

class ChangeMessageTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a:b:c", "with space", "", " ", "3:abc", "sk1 SET 1 1:n 1:k", "ünï 🎉",
        "line\nbreak", "\"quoted\"", "back\\slash"})
    void anyKeyRoundTrips(String key) {
        RemoteChange change = new RemoteChange(key, 12, ChangeType.DELETE, "node " + key);
        assertEquals(change, ChangeMessage.decode(ChangeMessage.encode(change)));
    }

    @Test
    void formatIsCompactAndReadable() {
        assertEquals("sk1 SET 42 6:node-1 8:cart:a b",
                ChangeMessage.encode(new RemoteChange("cart:a b", 42, ChangeType.SET, "node-1")));
    }

    @Test
    void extremeVersionsRoundTrip() {
        for (long version : new long[] {0, 1, Long.MAX_VALUE}) {
            RemoteChange change = new RemoteChange("k", version, ChangeType.EXPIRE, "n");
            assertEquals(change, ChangeMessage.decode(ChangeMessage.encode(change)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk1 ", "sk1 SET", "sk1 SET 1", "sk1 SET x 1:n 1:k", "sk1 FOO 1 1:n 1:k",
        "sk1 SET 1 2:n 1:k", "sk1 SET 1 1:n 2:k", "sk1 SET 1 1:n 1:kk", "sk1 SET 1 1:n1:k", "sk1 SET 1 -1:n 1:k",
        "sk1 SET 1 99999999999:n 1:k", "sk1 SET 1 2147483647:n 1:k", "sk1 SET 1 :n 1:k"})
    void malformedMessagesAreRejected(String message) {
        assertThrows(IllegalArgumentException.class, () -> ChangeMessage.decode(message));
    }

    @Test
    void otherFormatsAreNotClaimed() {
        assertFalse(ChangeMessage.understands("sk2 SET 1 1:n 1:k"));
        assertFalse(ChangeMessage.understands(null));
    }
}

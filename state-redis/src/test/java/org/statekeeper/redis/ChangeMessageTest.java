package org.statekeeper.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.ChangeType;

class ChangeMessageTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a:b:c", "with space", "", " ", "3:abc", "sk2 SET 1 1 1:n 1:k", "ünï 🎉",
        "line\nbreak", "\"quoted\"", "back\\slash"})
    void anyKeyRoundTrips(String key) {
        RemoteChange change = new RemoteChange(key, 12, ChangeType.DELETE, "node " + key);
        ChangeMessage.Notice notice = ChangeMessage.decode(ChangeMessage.encode(change, 7));
        assertEquals(change, notice.change());
        assertEquals(7, notice.seq());
        assertEquals(change.nodeId(), notice.node());
    }

    @Test
    void formatIsCompactAndReadable() {
        assertEquals("sk2 SET 42 3 6:node-1 8:cart:a b",
                ChangeMessage.encode(new RemoteChange("cart:a b", 42, ChangeType.SET, "node-1"), 3));
        assertEquals("sk2 PING 123456 9 6:node-1 0:", ChangeMessage.encodePing("node-1", 9, 123456));
    }

    @Test
    void aPingCarriesItsSendersClockAndNoChange() {
        ChangeMessage.Notice ping = ChangeMessage.decode(ChangeMessage.encodePing("n 1", 4, -77));
        assertNull(ping.change());
        assertEquals(new ChangeMessage.Notice("n 1", 4, null, -77), ping);
    }

    @Test
    void thePreviousFormatIsStillReadWithoutASequence() {
        ChangeMessage.Notice notice = ChangeMessage.decode("sk1 SET 42 6:node-1 8:cart:a b");
        assertEquals(new RemoteChange("cart:a b", 42, ChangeType.SET, "node-1"), notice.change());
        assertEquals(-1, notice.seq());
    }

    @Test
    void extremeVersionsRoundTrip() {
        for (long version : new long[] {0, 1, Long.MAX_VALUE}) {
            RemoteChange change = new RemoteChange("k", version, ChangeType.EXPIRE, "n");
            assertEquals(change, ChangeMessage.decode(ChangeMessage.encode(change, Long.MAX_VALUE)).change());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk2 ", "sk2 SET", "sk2 SET 1", "sk2 SET 1 1", "sk2 SET x 1 1:n 1:k", "sk2 FOO 1 1 1:n 1:k",
        "sk2 SET 1 1 2:n 1:k", "sk2 SET 1 1 1:n 2:k", "sk2 SET 1 1 1:n 1:kk", "sk2 SET 1 1 1:n1:k", "sk2 SET 1 1 -1:n 1:k",
        "sk2 SET 1 1 99999999999:n 1:k", "sk2 SET 1 1 2147483647:n 1:k", "sk2 SET 1 1 :n 1:k", "sk2 SET 1 0 1:n 1:k",
        "sk2 SET 1 x 1:n 1:k", "sk2 SET 1 1:n 1:k", "sk1 SET 1 1 1:n 1:k", "sk1 PING 1 1:n 0:"})
    void malformedMessagesAreRejected(String message) {
        assertThrows(IllegalArgumentException.class, () -> ChangeMessage.decode(message));
    }

    @Test
    void otherFormatsAreNotClaimed() {
        assertFalse(ChangeMessage.understands("sk3 SET 1 1 1:n 1:k"));
        assertFalse(ChangeMessage.understands(null));
    }
}

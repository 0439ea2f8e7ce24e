package org.statekeeper.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.statekeeper.Versioned;

/** One browser connection's rules, with the state, the socket and the executor played by the test. */
class PushConnectionTest {

    /** Committed state the connection reads. */
    private final Map<String, Versioned<JsonValue>> state = new TreeMap<>();
    /** Messages handed to the socket, and the completions the test releases one at a time. */
    private final List<JsonObject> sent = new ArrayList<>();
    private final ArrayDeque<Consumer<Throwable>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Work the connection asked to run later; the test runs it when it chooses. */
    private final ArrayDeque<Runnable> delayed = new ArrayDeque<>();
    private String closed;

    private final StateView view = new StateView() {
        @Override
        public Optional<Versioned<JsonValue>> read(String key, long version) {
            return Optional.ofNullable(state.get(key));
        }

        @Override
        public List<String> keys(String prefix, int limit) {
            return state.keySet().stream().filter(k -> k.startsWith(prefix)).limit(limit).toList();
        }
    };

    private final Outbox out = new Outbox() {
        @Override
        public void send(String text, Consumer<Throwable> done) {
            sent.add(Json.createReader(new StringReader(text)).readObject());
            inFlight.add(done);
        }

        @Override
        public void close(int code, String reason) {
            closed = code + " " + reason;
        }
    };

    private PushConnection connection(PushSettings settings, String... readable) {
        return new PushConnection(out, new Readable(List.of(readable)), settings, view, tasks::add,
                (millis, work) -> delayed.add(work));
    }

    /** A connection that may read every key, after its page's request and everything it sent. */
    private PushConnection subscribed(String request) {
        PushConnection c = connection(settings(10, 10), "");
        c.receive(request);
        deliverAll();
        return c;
    }

    private static PushSettings settings(int maxSubscriptions, int maxPending) {
        return new PushSettings(true, "/p", List.of(), Map.of(), maxSubscriptions, maxPending, 16_384, List.of());
    }

    private void put(String key, long version, String json) {
        state.put(key, new Versioned<>(Json.createReader(new StringReader(json)).readValue(), version));
    }

    /** Runs queued work and completes every send, as a fast page would. */
    private void deliverAll() {
        while (!tasks.isEmpty() || !inFlight.isEmpty()) {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
            Consumer<Throwable> done = inFlight.poll();
            if (done != null) {
                done.accept(null);
            }
        }
    }

    private List<String> values() {
        return sent.stream().filter(m -> !m.getString("op").equals("subscribed"))
                .map(m -> m.getString("op") + " " + m.getString("key") + " " + m.getJsonNumber("version")
                        + (m.containsKey("value") ? " " + m.get("value") : ""))
                .toList();
    }

    @Test
    void aSubscribeSendsTheCurrentValueThenOnlyNewerVersions() {
        put("flag:a", 3, "true");
        PushConnection c = connection(settings(10, 10), "flag:");
        c.receive("{\"op\":\"subscribe\",\"keys\":[\"flag:a\"]}");
        deliverAll();
        assertEquals(List.of("value flag:a 3 true"), values());

        c.changed("flag:a", 3);
        put("flag:a", 4, "false");
        c.changed("flag:a", 4);
        deliverAll();
        assertEquals(List.of("value flag:a 3 true", "value flag:a 4 false"), values(), "version 3 is not sent twice");
    }

    @Test
    void changesOfOneKeyWaitingForASlowPageAreCoalescedToTheNewest() {
        put("k", 1, "1");
        PushConnection c = connection(settings(10, 10), "");
        c.receive("{\"op\":\"subscribe\",\"keys\":[\"k\"]}");
        tasks.poll().run(); // the subscribed reply is now in flight; the page has not taken it yet
        for (int v = 2; v <= 50; v++) {
            put("k", v, String.valueOf(v));
            c.changed("k", v);
        }
        deliverAll();
        assertEquals(List.of("value k 50 50"), values());
    }

    @Test
    void aReconnectingPageGetsOnlyWhatIsNewerThanItsVersionsAndDeletedForWhatIsGone() {
        put("cart:1", 5, "\"same\"");
        put("cart:2", 7, "\"newer\"");
        put("cart:4", 1, "\"new key\"");
        PushConnection c = connection(settings(10, 100), "cart:");
        c.receive("{\"op\":\"subscribe\",\"prefixes\":[\"cart:\"],\"have\":{\"cart:1\":5,\"cart:2\":6,\"cart:3\":2}}");
        deliverAll();
        assertEquals(java.util.Set.of("value cart:2 7 \"newer\"", "value cart:4 1 \"new key\"", "deleted cart:3 0"),
                java.util.Set.copyOf(values()));
        assertEquals(3, values().size(), "nothing for cart:1, which the page has at its version");
    }

    @Test
    void aPageNeverReceivesAVersionOlderThanOneItHas() {
        put("k", 9, "9");
        PushConnection c = connection(settings(10, 10), "");
        c.receive("{\"op\":\"subscribe\",\"keys\":[\"k\"],\"have\":{\"k\":9}}");
        put("k", 8, "8"); // a store answering late with an older copy
        c.changed("k", 8);
        deliverAll();
        assertEquals(List.of(), values());
    }

    @Test
    void aChangeHeardOfBeforeTheStoreHasItIsReadAgainUntilItIsThere() {
        put("k", 1, "1");
        PushConnection c = subscribed("{\"op\":\"subscribe\",\"keys\":[\"k\"]}");
        c.changed("k", 2); // the observer ran before this node's store was written
        deliverAll();
        assertEquals(List.of("value k 1 1"), values(), "version 1 is not sent again");
        assertEquals(1, delayed.size(), "read again later");
        put("k", 2, "2");
        delayed.poll().run();
        deliverAll();
        assertEquals(List.of("value k 1 1", "value k 2 2"), values());
    }

    @Test
    void aKeyWhoseReadStaysBehindIsSentAsItIsAfterTheRetries() {
        put("k", 1, "1");
        PushConnection c = subscribed("{\"op\":\"subscribe\",\"keys\":[\"k\"],\"have\":{\"k\":0}}");
        put("k", 2, "2");
        c.changed("k", 3); // a version this store never gets (say, its apply failed and heals later)
        int retries = 0;
        for (deliverAll(); !delayed.isEmpty(); deliverAll()) {
            delayed.poll().run();
            retries++;
        }
        assertEquals(PushConnection.BEHIND_RETRIES, retries);
        assertEquals(List.of("value k 1 1", "value k 2 2"), values(), "the newest readable version, once");
    }

    @Test
    void keysOutsideTheReadablePrefixesAreDeniedAndTheirValuesNeverSent() {
        put("secret:pin", 1, "\"1234\"");
        put("flag:x", 1, "true");
        PushConnection c = connection(settings(10, 10), "flag:");
        c.receive("{\"op\":\"subscribe\",\"keys\":[\"secret:pin\",\"flag:x\"],\"prefixes\":[\"secret:\",\"\"]}");
        c.changed("secret:pin", 2);
        deliverAll();
        JsonObject reply = sent.get(0);
        assertEquals("subscribed", reply.getString("op"));
        assertEquals(List.of("secret:pin", "secret:", ""), reply.getJsonArray("denied").getValuesAs(
                jakarta.json.JsonString::getString));
        assertEquals(List.of("value flag:x 1 true"), values());
        assertTrue(sent.stream().noneMatch(m -> m.toString().contains("1234")));
    }

    @Test
    void subscriptionsBeyondTheLimitAreDeniedWithTheReason() {
        PushConnection c = connection(settings(2, 10), "");
        c.receive("{\"op\":\"subscribe\",\"keys\":[\"a\",\"b\",\"c\"]}");
        deliverAll();
        assertEquals(List.of("c"), sent.get(0).getJsonArray("denied").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("more than 2 subscriptions", sent.get(0).getString("reason"));
    }

    @Test
    void aPageThatFallsTooFarBehindIsClosedToResyncAndNothingMoreIsQueued() {
        PushConnection c = connection(settings(10, 3), "");
        c.receive("{\"op\":\"subscribe\",\"prefixes\":[\"k\"]}");
        tasks.poll().run(); // the reply is in flight and the page does not take it
        for (int i = 0; i < 4; i++) {
            put("k" + i, 1, "1");
            c.changed("k" + i, 1);
        }
        assertEquals("1013 statekeeper: more than 3 changes waiting; reconnect to resync", closed);
        deliverAll();
        assertEquals(List.of(), values(), "nothing is sent after the close");
    }

    @Test
    void aPrefixHoldingMoreKeysThanMayWaitIsRefusedRatherThanClosingThePageOverAndOver() {
        for (int i = 0; i < 5; i++) {
            put("big:" + i, 1, "1");
        }
        PushConnection c = connection(settings(10, 3), "");
        c.receive("{\"op\":\"subscribe\",\"prefixes\":[\"big:\"]}");
        deliverAll();
        assertNull(closed);
        assertEquals("more than 3 keys to send", sent.get(0).getString("reason"));
        assertEquals(List.of(), values());
    }

    @Test
    void unsubscribedKeysAreNoLongerSent() {
        put("k", 1, "1");
        PushConnection c = subscribed("{\"op\":\"subscribe\",\"keys\":[\"k\"]}");
        c.receive("{\"op\":\"unsubscribe\",\"keys\":[\"k\"]}");
        put("k", 2, "2");
        c.changed("k", 2);
        deliverAll();
        assertEquals(List.of("value k 1 1"), values());
    }

    @Test
    void malformedRequestsGetAnErrorAndChangeNothing() {
        PushConnection c = connection(settings(10, 10), "");
        c.receive("not json");
        c.receive("{\"op\":\"subscribe\",\"keys\":\"k\"}");
        c.receive("{\"op\":\"drop tables\"}");
        deliverAll();
        assertEquals(List.of("error", "error", "error"), sent.stream().map(m -> m.getString("op")).toList());
        assertFalse(sent.stream().anyMatch(m -> m.getString("op").equals("value")));
    }

    @Test
    void aFailedSendClosesTheConnection() {
        put("k", 1, "1");
        PushConnection c = connection(settings(10, 10), "");
        c.receive("{\"op\":\"subscribe\",\"keys\":[\"k\"]}");
        tasks.poll().run();
        inFlight.poll().accept(new java.io.IOException("broken pipe"));
        assertEquals("1001 statekeeper: send failed", closed);
    }
}

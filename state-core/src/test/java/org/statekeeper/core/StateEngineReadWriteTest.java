package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.StateManager;
import org.statekeeper.StateSerializationException;
import org.statekeeper.ValueTooLargeException;
import org.statekeeper.Versioned;
import org.statekeeper.spi.LoggedChange;

/** Single-caller behaviour of the engine: versions, reads, deletes, updates and input checks. */
class StateEngineReadWriteTest {

    public record Item(String sku, int quantity) {
    }

    /** A bean JSON-B cannot read: its getter fails. */
    public static class Exploding {
        public String getSecret() {
            throw new IllegalStateException("getter refuses");
        }
    }

    @SuppressWarnings("unused")
    private static List<Item> listOfItems;

    private final EngineFixture f = new EngineFixture();
    private final StateEngine engine = f.engine;

    @Test
    void setReturnsConsecutiveVersions() {
        assertEquals(1, engine.set("k", "a"));
        assertEquals(2, engine.set("k", "b"));
        assertEquals(3, engine.set("k", "c"));
        assertEquals(1, engine.set("other", "x"));
    }

    @Test
    void getReturnsLatestCommittedValue() {
        engine.set("k", "a");
        engine.set("k", "b");
        assertEquals(Optional.of("b"), engine.get("k", String.class));
    }

    @Test
    void getOfAbsentKeyIsEmpty() {
        assertEquals(Optional.empty(), engine.get("never", String.class));
    }

    @Test
    void getWithDefaultReturnsDefaultOnlyWhenAbsent() {
        assertEquals("dflt", engine.get("k", String.class, "dflt"));
        engine.set("k", "v");
        assertEquals("v", engine.get("k", String.class, "dflt"));
    }

    @Test
    void getVersionedCarriesValueAndVersion() {
        engine.set("k", 10);
        engine.set("k", 20);
        assertEquals(Optional.of(new Versioned<>(20, 2L)), engine.getVersioned("k", Integer.class));
    }

    @Test
    void getWithGenericTypeDecodesElements() throws Exception {
        List<Item> items = List.of(new Item("A", 1), new Item("B", 2));
        engine.set("cart", items);
        Type type = getClass().getDeclaredField("listOfItems").getGenericType();

        Optional<List<Item>> back = engine.get("cart", type);

        assertEquals(Optional.of(items), back);
        assertTrue(back.orElseThrow().get(0) instanceof Item);
    }

    @Test
    void storedValueNotDecodableAsRequestedTypeFailsNamingKeyAndVersion() {
        engine.set("k", "not a number");
        engine.set("k", "still not");
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> engine.get("k", Integer.class));
        assertEquals("k", e.getKey());
        assertEquals(2, e.getVersion());
    }

    @Test
    void deleteOfPresentKeyReturnsTrueAndLogsDeleteEvent() {
        engine.set("k", "v");

        assertTrue(engine.delete("k"));

        assertEquals(Optional.empty(), engine.get("k", String.class));
        LoggedChange last = lastEvent();
        assertEquals(ChangeType.DELETE, last.type());
        assertEquals("k", last.key());
        assertEquals(2, last.version());
        assertNull(last.json());
    }

    @Test
    void deleteOfAbsentKeyReturnsFalseAndLogsNothing() {
        assertFalse(engine.delete("never"));
        assertTrue(f.log.events().isEmpty());
        assertTrue(f.changed.isEmpty());
    }

    @Test
    void deleteOfAlreadyDeletedKeyReturnsFalse() {
        engine.set("k", "v");
        engine.delete("k");
        int logged = f.log.events().size();

        assertFalse(engine.delete("k"));
        assertEquals(logged, f.log.events().size());
    }

    @Test
    void versionsKeepGrowingAfterDeleteThenSet() {
        engine.set("k", "a");
        engine.delete("k");
        // Restarting at 1 would let the store's version guard drop the new value behind the tombstone.
        assertEquals(3, engine.set("k", "b"));
        assertEquals(Optional.of(new Versioned<>("b", 3L)), engine.getVersioned("k", String.class));
    }

    @Test
    void updateOfAbsentKeySeesNull() {
        Integer result = engine.update("n", Integer.class, v -> v == null ? 1 : v + 100);
        assertEquals(1, result);
        assertEquals(Optional.of(new Versioned<>(1, 1L)), engine.getVersioned("n", Integer.class));
    }

    @Test
    void updateAppliesFunctionToCurrentValue() {
        engine.set("n", 41);
        assertEquals(42, engine.update("n", Integer.class, v -> v + 1));
        assertEquals(Optional.of(new Versioned<>(42, 2L)), engine.getVersioned("n", Integer.class));
    }

    @Test
    void updateReturningNullDeletesKey() {
        engine.set("n", 5);

        assertNull(engine.update("n", Integer.class, v -> null));

        assertEquals(Optional.empty(), engine.get("n", Integer.class));
        assertEquals(ChangeType.DELETE, lastEvent().type());
        assertEquals(2, lastEvent().version());
    }

    @Test
    void updateReturningNullOnAbsentKeyLogsNothing() {
        assertNull(engine.update("n", Integer.class, v -> null));
        assertTrue(f.log.events().isEmpty());
        assertTrue(f.changed.isEmpty());
    }

    @Test
    void nullKeyIsRejectedBeforeAnythingIsLogged() {
        assertThrows(InvalidKeyException.class, () -> engine.set(null, "v"));
        assertThrows(InvalidKeyException.class, () -> engine.compareAndSet(null, 0, "v"));
        assertThrows(InvalidKeyException.class, () -> engine.update(null, String.class, v -> "x"));
        assertThrows(InvalidKeyException.class, () -> engine.delete(null));
        assertThrows(InvalidKeyException.class, () -> engine.get(null, String.class));
        assertNothingWritten();
    }

    @Test
    void oversizedValueIsRejectedBeforeAnythingIsLogged() {
        EngineFixture small = new EngineFixture(new Limits(64, 20));
        String big = "\u20ac".repeat(7);

        ValueTooLargeException e = assertThrows(ValueTooLargeException.class, () -> small.engine.set("k", big));
        assertThrows(ValueTooLargeException.class, () -> small.engine.compareAndSet("k", 0, big));
        assertThrows(ValueTooLargeException.class, () -> small.engine.update("k", String.class, v -> big));

        assertEquals("k", e.getKey());
        assertEquals(20, e.getLimit());
        assertTrue(small.log.events().isEmpty());
        assertEquals(Optional.empty(), small.log.committedHead("k"));
        assertEquals(Optional.empty(), small.store.get("k"));
        assertTrue(small.changed.isEmpty());
    }

    @Test
    void unserialisableValueIsRejectedBeforeAnythingIsLogged() {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> engine.set("k", new Exploding()));
        assertThrows(StateSerializationException.class, () -> engine.set("k", null));
        assertThrows(StateSerializationException.class, () -> engine.compareAndSet("k", 0, new Exploding()));
        assertThrows(StateSerializationException.class, () -> engine.update("k", Object.class, v -> new Exploding()));
        assertEquals("k", e.getKey());
        assertNothingWritten();
    }

    @Test
    void aTimeToLiveBeyondTheMaximumIsRejectedBeforeAnythingIsLogged() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> engine.set("k", "v", java.time.Duration.ofDays(Integer.MAX_VALUE)));
        assertTrue(e.getMessage().contains("k") && e.getMessage().contains("36500 days"), e.getMessage());
        assertEquals("k", e.getKey());
        assertEquals("ttl", e.argument());
        for (java.time.Duration bad : new java.time.Duration[] {StateManager.MAX_TTL.plusNanos(1),
                java.time.Duration.ZERO, java.time.Duration.ofNanos(-1), null}) {
            InvalidArgumentException rejected = assertThrows(InvalidArgumentException.class,
                    () -> engine.set("k", "v", bad), String.valueOf(bad));
            assertEquals("ttl", rejected.argument());
            assertEquals("k", rejected.getKey());
        }
        assertNothingWritten();

        assertEquals(1, engine.set("k", "v", StateManager.MAX_TTL), "the maximum itself is accepted");
    }

    /** Found by DurationsFuzzTest: a nanosecond's time to live was logged (in microseconds) as already expired. */
    @Test
    void aTimeToLiveIsLoggedAsAnExpiryRoundedUpToTheMicrosecondNeverBeforeItRunsOut() {
        java.time.Instant written = EngineFixture.NOW.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        engine.set("nano", "v", java.time.Duration.ofNanos(1));
        assertEquals(written.plusNanos(1000), f.log.committedHead("nano").orElseThrow().expiresAt());
        engine.set("micro", "v", java.time.Duration.ofNanos(1000));
        assertEquals(written.plusNanos(1000), f.log.committedHead("micro").orElseThrow().expiresAt());
        engine.set("odd", "v", java.time.Duration.ofSeconds(5, 1001));
        assertEquals(written.plusSeconds(5).plusNanos(2000), f.log.committedHead("odd").orElseThrow().expiresAt());
    }

    @Test
    void aNullTypeOrFunctionIsRejectedNamingTheKeyBeforeTheKeyIsLocked() {
        engine.set("present", "v");
        InvalidArgumentException type = assertThrows(InvalidArgumentException.class,
                () -> engine.get("present", (Class<String>) null));
        assertTrue(type.getMessage().contains("present"), type.getMessage());
        assertEquals("present", type.getKey());
        assertEquals("type", type.argument());
        assertEquals("type", assertThrows(InvalidArgumentException.class,
                () -> engine.get("present", (Type) null)).argument());
        assertEquals("type", assertThrows(InvalidArgumentException.class,
                () -> engine.get("present", (Class<String>) null, "default")).argument());
        assertEquals("type", assertThrows(InvalidArgumentException.class,
                () -> engine.getVersioned("present", null)).argument());
        f.inTransaction(() -> {
            InvalidArgumentException fn = assertThrows(InvalidArgumentException.class,
                    () -> engine.update("k", String.class, null));
            assertTrue(fn.getMessage().contains("k") && fn.getMessage().contains("fn"), fn.getMessage());
            assertEquals("k", fn.getKey());
            assertEquals("fn", fn.argument());
            InvalidArgumentException nullType = assertThrows(InvalidArgumentException.class,
                    () -> engine.update("k", null, v -> "x"));
            assertEquals("k", nullType.getKey());
            assertEquals("type", nullType.argument());
            assertFalse(f.log.isLocked("k"), "the key was not locked");
        });
        assertEquals(1, f.log.events().size(), "only the first set is logged");
    }

    @Test
    void rejectedInputInsideCallerTransactionLeavesItsOtherWritesStanding() {
        f.inTransaction(() -> {
            engine.set("good", "v");
            assertThrows(InvalidKeyException.class, () -> engine.set("bad\nkey", "v"));
            assertThrows(StateSerializationException.class, () -> engine.set("k", null));
        });
        assertEquals(Optional.of("v"), engine.get("good", String.class));
        assertEquals(1, f.log.events().size());
    }

    private void assertNothingWritten() {
        assertTrue(f.log.events().isEmpty(), "events logged: " + f.log.events());
        assertEquals(Optional.empty(), f.store.get("k"));
        assertTrue(f.changed.isEmpty());
    }

    private LoggedChange lastEvent() {
        List<LoggedChange> events = f.log.events();
        return events.get(events.size() - 1);
    }

    @Test
    void setAllRejectsANullMapAnInvalidKeyAnOversizedOrUnencodableValueAndWritesNoEntry() {
        java.util.Map<String, Object> badKey = new java.util.LinkedHashMap<>();
        badKey.put("good", "v");
        badKey.put("", "v");
        java.util.Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put("good", "v");
        nullKey.put(null, "v");
        java.util.Map<String, Object> badValue = new java.util.LinkedHashMap<>();
        badValue.put("good", "v");
        badValue.put("bad", new Exploding());

        InvalidArgumentException nullMap = assertThrows(InvalidArgumentException.class, () -> engine.setAll(null));
        assertEquals("values", nullMap.argument());
        assertNull(nullMap.getKey());
        assertEquals("", assertThrows(InvalidKeyException.class, () -> engine.setAll(badKey)).getKey());
        assertThrows(InvalidKeyException.class, () -> engine.setAll(nullKey));
        assertEquals("bad", assertThrows(StateSerializationException.class, () -> engine.setAll(badValue)).getKey());
        EngineFixture small = new EngineFixture(new Limits(256, 8));
        assertThrows(ValueTooLargeException.class, () -> small.engine.setAll(java.util.Map.of("k", "a long value")));

        assertTrue(f.log.events().isEmpty(), "no entry of a refused batch is logged");
        assertTrue(small.log.events().isEmpty());
        assertEquals(Optional.empty(), engine.get("good", String.class));
        assertEquals(java.util.Map.of(), engine.setAll(java.util.Map.of()), "an empty batch writes nothing");
        assertTrue(f.log.events().isEmpty());
    }

    @Test
    void setAllGivesEachKeyItsNextVersionInKeyOrder() {
        engine.set("b", "b1");
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("c", "c1");
        values.put("b", "b2");
        values.put("a", "a1");

        assertEquals(List.of("a", "b", "c"), List.copyOf(engine.setAll(values).keySet()));
        assertEquals(Optional.of(new Versioned<>("b2", 2)), engine.getVersioned("b", String.class));
        assertEquals(Optional.of(new Versioned<>("a1", 1)), engine.getVersioned("a", String.class));
    }
}

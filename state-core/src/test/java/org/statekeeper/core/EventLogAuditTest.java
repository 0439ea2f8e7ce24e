package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.InvalidArgumentException;
import org.statekeeper.InvalidKeyException;
import org.statekeeper.KeyInfo;
import org.statekeeper.StateAudit;
import org.statekeeper.StateEvent;
import org.statekeeper.spi.LoggedChange;

/** The audit queries over the in-test log: ordering by sequence, paging, the fields and argument checks. */
class EventLogAuditTest {

    private final TimedFixture f = new TimedFixture();
    private final StateAudit audit = new EventLogAudit(f.log, f.tx, f.clock);

    private static List<Long> versions(List<StateEvent> events) {
        return events.stream().map(StateEvent::version).toList();
    }

    private static List<Long> sequences(List<StateEvent> events) {
        return events.stream().map(StateEvent::sequence).toList();
    }

    @Test
    void historyPagesAreNewestFirstBySequenceWhenEveryEventHasTheSameTime() {
        f.engine.set("h", "one");
        f.engine.set("other", "x");
        f.engine.set("h", "two");
        f.engine.set("h", "three");
        f.engine.delete("h");
        f.engine.set("h", "five");

        assertEquals(List.of(5L, 4L), versions(audit.history("h", 0, 2)));
        assertEquals(List.of(3L, 2L), versions(audit.history("h", 1, 2)));
        assertEquals(List.of(1L), versions(audit.history("h", 2, 2)));
        assertEquals(List.of(), audit.history("h", 3, 2));
        List<StateEvent> all = audit.history("h", 0, 10);
        assertTrue(all.stream().allMatch(e -> e.time().equals(TimedFixture.NOW)), "one instant for all: " + all);
        List<Long> descending = new ArrayList<>(sequences(all));
        descending.sort((a, b) -> Long.compare(b, a));
        assertEquals(descending, sequences(all));
        assertEquals(List.of(), audit.history("nobody", 0, 10));
    }

    @Test
    void sinceSequenceIsExclusiveAscendingAndReadsOnFromTheLastSequence() {
        for (int i = 0; i < 7; i++) {
            f.engine.set("k" + (i % 3), i);
        }
        List<Long> all = f.log.events().stream().map(LoggedChange::sequence).toList();

        assertEquals(all.subList(2, 7), sequences(audit.since(all.get(1), 100)));
        assertEquals(List.of(), audit.since(all.get(6), 100));
        List<Long> readOn = new ArrayList<>();
        long position = 0;
        for (List<StateEvent> page = audit.since(position, 3); !page.isEmpty(); page = audit.since(position, 3)) {
            assertTrue(page.size() <= 3);
            readOn.addAll(sequences(page));
            position = page.get(page.size() - 1).sequence();
        }
        assertEquals(all, readOn, "reading on from the last sequence sees every event once, in order");
    }

    @Test
    void sinceInstantIncludesThatInstantAndOrdersBySequenceNotByTime() {
        Instant t0 = TimedFixture.NOW.minusSeconds(60);
        Instant t1 = t0.plusNanos(1_000);
        f.clock.set(t0);
        f.engine.set("a", 1);
        f.clock.set(t1);
        f.engine.set("b", 1);
        f.engine.set("c", 1);
        // A node whose clock is behind writes later but stamps an earlier time.
        f.clock.set(t0);
        f.engine.set("d", 1);

        List<StateEvent> fromT1 = audit.since(t1, 100);
        assertEquals(List.of("b", "c"), fromT1.stream().map(StateEvent::key).toList(), "one microsecond earlier is excluded");
        List<StateEvent> fromT0 = audit.since(t0, 100);
        assertEquals(List.of("a", "b", "c", "d"), fromT0.stream().map(StateEvent::key).toList(),
                "sequence order, even where time goes backwards");
        assertEquals(List.of("a", "b"), audit.since(t0, 2).stream().map(StateEvent::key).toList());
    }

    @Test
    void byPrincipalPagesAreNewestFirstAndHoldOnlyThatPrincipal() {
        for (int i = 0; i < 5; i++) {
            f.principal.set(i % 2 == 0 ? "alice" : "bob");
            f.engine.set("p" + i, i);
        }
        assertEquals(List.of("p4", "p2"), audit.byPrincipal("alice", 0, 2).stream().map(StateEvent::key).toList());
        assertEquals(List.of("p0"), audit.byPrincipal("alice", 1, 2).stream().map(StateEvent::key).toList());
        assertEquals(List.of("p3", "p1"), audit.byPrincipal("bob", 0, 10).stream().map(StateEvent::key).toList());
        assertEquals(List.of(), audit.byPrincipal("mallory", 0, 10));
    }

    @Test
    void eventsCarryEveryFieldOfTheLoggedChange() {
        f.principal.set("carol");
        f.tx.required(() -> {
            f.engine.set("cart", List.of("apple"));
            f.engine.delete("cart");
            return null;
        });
        List<StateEvent> events = audit.history("cart", 0, 10);
        StateEvent delete = events.get(0);
        StateEvent set = events.get(1);
        assertEquals(List.of(ChangeType.DELETE, ChangeType.SET), List.of(delete.type(), set.type()));
        assertEquals("[\"apple\"]", set.json());
        assertNull(delete.json());
        assertEquals(List.of("cart", 1L, "carol", TimedFixture.NODE, TimedFixture.NOW),
                List.of(set.key(), set.version(), set.principal(), set.nodeId(), set.time()));
        assertFalse(set.transactionId().isBlank());
        assertEquals(set.transactionId(), delete.transactionId(), "both changes were made in one transaction");
        LoggedChange logged = f.log.events().get(0);
        assertEquals(logged.sequence(), set.sequence());
    }

    @Test
    void toStringNeverShowsTheValue() {
        f.engine.set("secret", "my-password");
        String text = audit.history("secret", 0, 1).get(0).toString();
        assertFalse(text.contains("my-password"), text);
        assertTrue(text.contains("secret") && text.contains("json=(13 chars)"), text);
    }

    @Test
    void eachWrongArgumentIsRejectedNamingItBeforeAnythingIsRead() {
        int before = f.tx.begun();
        assertNull(assertThrows(InvalidKeyException.class, () -> audit.history(null, 0, 10)).getKey());
        assertEquals(before, f.tx.begun(), "a rejected key must not start a transaction");
        List<Map.Entry<String, Consumer<StateAudit>>> calls = List.of(
                Map.entry("page", a -> a.history("k", -1, 10)),
                Map.entry("pageSize", a -> a.history("k", 0, 0)),
                Map.entry("pageSize", a -> a.byPrincipal("alice", 0, StateAudit.MAX_PAGE_SIZE + 1)),
                Map.entry("sequenceExclusive", a -> a.since(-1L, 10)),
                Map.entry("limit", a -> a.since(0L, 0)),
                Map.entry("limit", a -> a.since(Instant.EPOCH, StateAudit.MAX_PAGE_SIZE + 1)),
                Map.entry("from", a -> a.since((Instant) null, 10)),
                Map.entry("principal", a -> a.byPrincipal(null, 0, 10)),
                Map.entry("page", a -> a.history("k", Integer.MAX_VALUE, StateAudit.MAX_PAGE_SIZE)),
                Map.entry("prefix", a -> a.keys(null, null, 10)),
                Map.entry("limit", a -> a.keys("", null, 0)),
                Map.entry("limit", a -> a.keys("", "k", StateAudit.MAX_KEYS_PAGE + 1)));
        int begun = f.tx.begun();
        for (Map.Entry<String, Consumer<StateAudit>> call : calls) {
            String argument = call.getKey();
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> call.getValue().accept(audit), argument);
            assertEquals(argument, e.argument(), e.getMessage());
            assertNull(e.getKey(), "an audit query's argument concerns no key");
            assertTrue(e.getMessage().startsWith("Invalid argument " + argument + ": "), e.getMessage());
        }
        assertEquals(begun, f.tx.begun(), "a rejected call must not start a transaction");
    }

    @Test
    void boundsOfPageSizeAndLimitAreAccepted() {
        f.engine.set("k", 1);
        assertEquals(1, audit.history("k", 0, 1).size());
        assertEquals(1, audit.history("k", 0, StateAudit.MAX_PAGE_SIZE).size());
        assertEquals(1, audit.since(0L, StateAudit.MAX_PAGE_SIZE).size());
        assertEquals(List.of(), audit.history("k", Integer.MAX_VALUE / StateAudit.MAX_PAGE_SIZE, StateAudit.MAX_PAGE_SIZE));
        assertEquals(1, audit.keys("", null, 1).size());
        assertEquals(1, audit.keys("", null, StateAudit.MAX_KEYS_PAGE).size());
    }

    @Test
    void keysAreListedAsOfTheClocksNowInATransactionStartedOnlyWhenTheCallerHasNone() {
        f.principal.set("carol");
        f.engine.set("s:a", "é");
        f.engine.set("s:b", 1, Duration.ofMinutes(1));
        f.engine.set("t", 1);
        int before = f.tx.begun();
        assertEquals(List.of(new KeyInfo("s:a", 1, 4, TimedFixture.NOW, null, "carol", TimedFixture.NODE),
                new KeyInfo("s:b", 1, 1, TimedFixture.NOW, TimedFixture.NOW.plus(Duration.ofMinutes(1)), "carol",
                        TimedFixture.NODE)), audit.keys("s:", null, 10));
        assertEquals(before + 1, f.tx.begun());
        f.clock.set(TimedFixture.NOW.plus(Duration.ofMinutes(1)));
        assertEquals(List.of("s:a"), f.tx.required(() -> audit.keys("s:", null, 10)).stream().map(KeyInfo::key).toList(),
                "expired by the clock, not yet swept");
        assertEquals(before + 2, f.tx.begun(), "inside a transaction the listing joins it");
    }

    @Test
    void aReadStartsATransactionOnlyWhenTheCallerHasNone() {
        f.engine.set("k", 1);
        int before = f.tx.begun();
        audit.history("k", 0, 10);
        assertEquals(before + 1, f.tx.begun());
        f.tx.required(() -> audit.since(Instant.EPOCH.plus(Duration.ofDays(1)), 10));
        assertEquals(before + 2, f.tx.begun(), "inside a transaction the read joins it");
    }
}

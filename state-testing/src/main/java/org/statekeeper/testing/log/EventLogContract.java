package org.statekeeper.testing.log;

import org.statekeeper.core.StateEngine;

import org.statekeeper.spi.Head;

import org.statekeeper.spi.NodeMark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConflictException;
import org.statekeeper.Versioned;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.StoreLoader;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.StoredValue;
import org.statekeeper.testing.log.LogTables.EventRow;
import org.statekeeper.testing.log.LogTables.HeadRow;
import org.statekeeper.testing.support.Concurrently;

/**
 * What every {@link EventLog} must do, driven through the real engine and checked in the log's own
 * storage ({@link LogTables}): versions 1, 2, 3 per key with one event per change, transactions that
 * commit or roll back whole, compare-and-set conflicts, tombstones, no lost update under racing
 * writers, rebuilds from the head rows, history by sequence, keys kept exact and values kept whole.
 * A log implementation's test extends this class and says how to open the log; the JPA log runs it on
 * H2, PostgreSQL and MariaDB with Hibernate and with EclipseLink. The key listing's contract
 * ({@link KeyListingContract}) comes with it.
 */
public abstract class EventLogContract extends KeyListingContract {

    @Test
    void setAndGetRoundTripWithVersionsOneTwoThreeAndOneEventRowPerChange() {
        engine = engine(Clock.fixed(MICRO_TIME, ZoneOffset.UTC));
        List<Cart> written = List.of(new Cart("alice", List.of("apple")),
                new Cart("alice", List.of("apple", "pear")), new Cart("alice", List.of()));
        for (int i = 0; i < written.size(); i++) {
            assertEquals(i + 1, engine.set("cart:alice", written.get(i)));
            assertEquals(new Versioned<>(written.get(i), i + 1L), engine.getVersioned("cart:alice", Cart.class).orElseThrow());
        }

        List<EventRow> rows = tables.events("cart:alice");
        assertEquals(List.of(1L, 2L, 3L), versions(rows));
        for (int i = 0; i < rows.size(); i++) {
            EventRow row = rows.get(i);
            if (i > 0) {
                assertTrue(row.seq() > rows.get(i - 1).seq(), "sequence must grow with every event: " + rows);
            }
            assertEquals("cart:alice", row.key());
            assertEquals("SET", row.type());
            assertEquals(codec.encode("cart:alice", written.get(i)), row.json());
            assertTrue(row.json().contains("\"owner\":\"alice\""), row.json());
            assertEquals(MICRO_TIME_US, row.timeMicros(), "time_us must keep every microsecond");
            assertEquals("alice", row.principal());
            assertEquals("node-1", row.nodeId());
        }
        assertEquals(3, rows.stream().map(EventRow::txId).distinct().count(), "each call ran in its own transaction");
        assertEquals(MICRO_TIME, tx.required(() -> log.history("cart:alice", 1)).get(0).time());

        HeadRow head = tables.head("cart:alice").orElseThrow();
        assertEquals(3, head.version());
        assertEquals(rows.get(2).json(), head.json());
        assertEquals(MICRO_TIME_US, head.timeMicros());
        assertEquals(List.of(new StateChanged("cart:alice", 1, ChangeType.SET, false),
                new StateChanged("cart:alice", 2, ChangeType.SET, false),
                new StateChanged("cart:alice", 3, ChangeType.SET, false)), events);
    }

    @Test
    void writesInOneTransactionShareItsIdAndReachTheStoreOnlyAfterCommit() {
        tx.required(() -> {
            assertEquals(1, engine.set("a", 1));
            assertEquals(2, engine.set("a", 2));
            assertEquals(1, engine.set("b", "x"));
            assertEquals(Optional.of(2), engine.get("a", Integer.class), "read-your-writes inside the transaction");
            assertTrue(store.get("a").isEmpty(), "the store must not see an uncommitted change");
            assertTrue(events.isEmpty(), "StateChanged must wait for the commit");
            return null;
        });
        engine.set("b", "y");

        List<EventRow> a = tables.events("a");
        List<EventRow> b = tables.events("b");
        assertEquals(List.of(1L, 2L), versions(a));
        String txId = a.get(0).txId();
        assertFalse(txId.isBlank());
        assertEquals(List.of(txId, txId, txId), List.of(a.get(0).txId(), a.get(1).txId(), b.get(0).txId()));
        assertFalse(txId.equals(b.get(1).txId()), "a later call runs in another transaction");
        assertEquals(Optional.of(new StoredValue("2", 2)), store.get("a"));
        assertEquals(List.of(new StateChanged("a", 2, ChangeType.SET, false), new StateChanged("b", 1, ChangeType.SET, false),
                new StateChanged("b", 2, ChangeType.SET, false)), events, "one StateChanged per key and commit");
    }

    @Test
    void appendingAVersionTheKeyAlreadyHasFailsAndChangesNothing() {
        engine.set("dup", "first");
        LoggedChange stale = new LoggedChange(0, "dup", 1, ChangeType.SET, "\"again\"", Instant.now(), "alice", "node-1", "t");
        assertThrows(RuntimeException.class, () -> tx.required(() -> {
            log.lock("dup");
            log.append(stale);
            return null;
        }));
        assertEquals(List.of(1L), versions(tables.events("dup")));
        HeadRow head = tables.head("dup").orElseThrow();
        assertEquals(List.of(1L, "\"first\""), List.of(head.version(), head.json()), "the failed append changed the head");
    }

    @Test
    void anUpdateAfterAReadInTheSameTransactionComputesFromTheNewestCommittedValue() {
        engine.set("counter", 1);
        int result = tx.required(() -> {
            assertEquals(Optional.of(1), engine.get("counter", Integer.class), "read from the log");
            // Another transaction commits a newer value between this transaction's read and its update.
            Concurrently.run(1, 60, i -> engine.set("counter", 10));
            return engine.update("counter", Integer.class, n -> n + 1);
        });
        assertEquals(11, result, "the update computed from the value committed last, not from the one read before");
        assertEquals(List.of(1L, 2L, 3L), versions(tables.events("counter")));
        assertEquals("11", tables.head("counter").orElseThrow().json());
    }

    @Test
    void aCompareAndSetAfterAReadInTheSameTransactionSeesTheVersionCommittedSince() {
        engine.set("cas-read", "one");
        StateConflictException conflict = assertThrows(StateConflictException.class, () -> tx.required(() -> {
            assertEquals(1, engine.getVersioned("cas-read", String.class).orElseThrow().version());
            Concurrently.run(1, 60, i -> engine.set("cas-read", "two"));
            return engine.compareAndSet("cas-read", 1, "three");
        }));
        assertEquals(List.of(1L, 2L), List.of(conflict.getExpectedVersion(), conflict.getActualVersion()));
        assertEquals(List.of(1L, 2L), versions(tables.events("cas-read")));
    }

    @Test
    void deletingOrFailingToCompareAndSetANeverWrittenKeyOnItsOwnLeavesNoRowAtAll() {
        assertFalse(engine.delete("never-deleted"));
        assertThrows(StateConflictException.class, () -> engine.compareAndSet("never-cas", 3, "x"));

        // Nothing was written, so nothing may be left: not even an empty placeholder row per key, which
        // anyone able to call delete could otherwise pile up without bound.
        for (String key : List.of("never-deleted", "never-cas")) {
            assertEquals(Optional.empty(), tables.head(key), key);
            assertEquals(List.of(), tables.events(key), key);
        }
        assertEquals(1, engine.compareAndSet("never-cas", 0, "first"), "expecting version 0 creates the key");
    }

    @Test
    void rollbackLeavesNoEventNoHeadValueNothingInTheStoreAndNoStateChanged() {
        engine.set("kept", 1);
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> tx.required(() -> {
            engine.set("kept", 2);
            engine.set("new", "x");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", boom.getMessage());

        assertEquals(List.of(1L), versions(tables.events("kept")));
        assertEquals(List.of(), tables.events("new"));
        assertEquals("1", tables.head("kept").orElseThrow().json());
        // A new key's head row is created in its own transaction so writers can lock it; it may
        // survive the rollback, but only as an empty version-0 placeholder.
        tables.head("new").ifPresent(h -> assertEquals(new HeadRow("new", 0, null, null), h));
        assertEquals(Optional.empty(), tx.required(() -> log.head("new")));
        assertEquals(Optional.of(new StoredValue("1", 1)), store.get("kept"));
        assertEquals(Optional.empty(), store.get("new"));
        assertEquals(Optional.of(1), engine.get("kept", Integer.class));
        assertEquals(Optional.empty(), engine.get("new", String.class));
        assertEquals(List.of(new StateChanged("kept", 1, ChangeType.SET, false)), events);

        assertEquals(2, engine.set("kept", 3), "a rolled-back version number is not used up");
        assertEquals(1, engine.set("new", "y"));
    }

    @Test
    void compareAndSetFailsWithConflictWhenTheVersionMoved() {
        assertEquals(1, engine.compareAndSet("cas", 0, "a"));
        StateConflictException first = assertThrows(StateConflictException.class, () -> engine.compareAndSet("cas", 0, "b"));
        assertEquals(List.of(0L, 1L), List.of(first.getExpectedVersion(), first.getActualVersion()));
        assertEquals(2, engine.compareAndSet("cas", 1, "b"));
        StateConflictException second = assertThrows(StateConflictException.class, () -> engine.compareAndSet("cas", 1, "c"));
        assertEquals(List.of(1L, 2L), List.of(second.getExpectedVersion(), second.getActualVersion()));

        assertEquals(Optional.of("b"), engine.get("cas", String.class));
        assertEquals(List.of("\"a\"", "\"b\""), tables.events("cas").stream().map(EventRow::json).toList());
        assertEquals(2, events.size());

        // The conflict must not doom the caller's transaction: its other work still commits.
        tx.required(() -> {
            assertThrows(StateConflictException.class, () -> engine.compareAndSet("cas", 1, "d"));
            return engine.set("after-conflict", "ok");
        });
        assertEquals(1, tables.events("after-conflict").size());
        assertEquals(List.of(1L, 2L), versions(tables.events("cas")));
    }

    @Test
    void deleteLogsDeleteKeepsAHeadTombstoneAndALaterSetGetsTheNextVersion() {
        assertEquals(1, engine.set("d", "x"));
        assertTrue(engine.delete("d"));

        List<EventRow> rows = tables.events("d");
        assertEquals(List.of("SET", "DELETE"), rows.stream().map(EventRow::type).toList());
        assertEquals(2, rows.get(1).version());
        assertNull(rows.get(1).json());
        HeadRow tombstone = tables.head("d").orElseThrow();
        assertEquals(2, tombstone.version());
        assertNull(tombstone.json());
        assertNotNull(tombstone.timeMicros());
        assertEquals(Optional.empty(), engine.get("d", String.class));
        assertEquals(Optional.empty(), store.get("d"));
        assertEquals(2, tx.required(() -> log.head("d")).orElseThrow().version());

        assertFalse(engine.delete("d"), "deleting a deleted key changes nothing");
        assertFalse(engine.delete("never"), "deleting an unknown key changes nothing");
        assertEquals(2, tables.events("d").size());
        assertEquals(List.of(), tables.events("never"));

        assertEquals(3, engine.set("d", "y"));
        assertEquals(List.of(ChangeType.SET, ChangeType.DELETE, ChangeType.SET),
                events.stream().map(StateChanged::type).toList());
    }

    @Test
    void concurrentFirstWritesOfANewKeyAllSucceedWithVersionsOneToEight() {
        // Several rounds: each is a fresh race to create the key's head-row placeholder.
        for (int round = 0; round < 5; round++) {
            String key = "fresh:" + round;
            List<Long> versions = Concurrently.run(8, 120, i -> engine.set(key, "writer-" + i));

            assertEquals(LongStream.rangeClosed(1, 8).boxed().toList(), versions.stream().sorted().toList(),
                    "every blind set must succeed and get its own version");
            List<EventRow> rows = tables.events(key);
            assertEquals(LongStream.rangeClosed(1, 8).boxed().toList(), versions(rows).stream().sorted().toList());
            for (EventRow row : rows) {
                assertEquals("\"writer-" + versions.indexOf(row.version()) + "\"", row.json(), "row " + row);
            }
            assertEquals(new Versioned<>("writer-" + versions.indexOf(8L), 8L),
                    engine.getVersioned(key, String.class).orElseThrow());
            assertEquals(8, tables.head(key).orElseThrow().version());
        }
    }

    @Test
    void concurrentUpdatesLoseNothingUnderPessimisticLocking() {
        int threads = 8;
        int perThread = 200;
        List<List<Integer>> seen = Concurrently.run(threads, 600, i -> {
            List<Integer> results = new ArrayList<>();
            for (int n = 0; n < perThread; n++) {
                results.add(engine.update("counter", Integer.class, c -> c == null ? 1 : c + 1));
            }
            return results;
        });

        int total = threads * perThread;
        // Every increment must have read a different predecessor: a lost update repeats a value.
        List<Integer> all = seen.stream().flatMap(Collection::stream).sorted().toList();
        assertEquals(LongStream.rangeClosed(1, total).mapToObj(n -> (int) n).toList(), all);
        assertEquals(new Versioned<>(total, total), engine.getVersioned("counter", Integer.class).orElseThrow());
        HeadRow head = tables.head("counter").orElseThrow();
        assertEquals(List.of((long) total, String.valueOf(total)), List.of(head.version(), head.json()));
        assertEquals(total, tables.events("counter").size());
    }

    @Test
    void storeLoaderRebuildReproducesEveryKeyFromTheHeadRows() {
        // More keys than one loader page, with mixed scripts and cases so that paging by
        // "key > last key" is exercised under the database's own collation.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < StoreLoader.PAGE + 100; i++) {
            keys.add(switch (i % 3) {
                case 0 -> "user:" + i;
                case 1 -> "Cart/" + i;
                default -> "ключ-" + i + "-ü";
            });
        }
        for (int from = 0; from < keys.size(); from += 100) {
            List<String> chunk = keys.subList(from, from + 100);
            tx.required(() -> {
                chunk.forEach(k -> engine.set(k, Map.of("key", k)));
                return null;
            });
        }
        keys.subList(0, 20).forEach(k -> engine.set(k, List.of(k, "second version")));
        List<String> deleted = keys.stream().filter(k -> k.hashCode() % 7 == 0).toList();
        deleted.forEach(engine::delete);
        // A rolled-back first write leaves its key's head row behind as an empty version-0 placeholder.
        assertThrows(IllegalStateException.class, () -> tx.required(() -> {
            engine.set("never-written", "rolled back");
            throw new IllegalStateException("rolled back");
        }));
        assertEquals(0, tables.head("never-written").orElseThrow().version(), "a version-0 placeholder must exist for this test");

        InMemoryStateStore rebuilt = new InMemoryStateStore();
        rebuilt.apply("stale-junk", 99, "\"junk\"");
        long loaded = new StoreLoader(rebuilt, log, tx, new JsonbCodec()).rebuild().applied();

        assertEquals(keys.size(), loaded, "every written key (deleted ones as tombstones), no placeholder");
        assertEquals(keys.size(), tables.heads().stream().filter(h -> h.version() > 0).count());
        for (String k : keys) {
            assertEquals(store.get(k), rebuilt.get(k), k);
        }
        assertFalse(deleted.isEmpty());
        for (String k : deleted) {
            assertEquals(Optional.empty(), rebuilt.get(k), k);
            assertFalse(rebuilt.apply(k, 1, "\"late\""), "a late replay must not bring back deleted " + k);
        }
        assertEquals(Optional.empty(), rebuilt.get("never-written"));
        assertEquals(Optional.empty(), rebuilt.get("stale-junk"), "rebuild starts from an empty store");
        assertTrue(rebuilt.generation().isPresent());
    }

    @Test
    void historyIsNewestFirstBySequence() {
        // One fixed instant for every event: only the sequence can order them.
        engine = engine(Clock.fixed(MICRO_TIME, ZoneOffset.UTC));
        engine.set("h", "one");
        engine.set("other", "x");
        engine.set("h", "two");
        engine.set("h", "three");
        engine.delete("h");
        engine.set("h", "five");

        List<LoggedChange> history = tx.required(() -> log.history("h", 10));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), history.stream().map(LoggedChange::version).toList());
        assertEquals(List.of(ChangeType.SET, ChangeType.DELETE, ChangeType.SET, ChangeType.SET, ChangeType.SET),
                history.stream().map(LoggedChange::type).toList());
        List<Long> dbSequencesNewestFirst = tables.events("h").stream().map(EventRow::seq)
                .sorted((x, y) -> Long.compare(y, x)).toList();
        assertEquals(dbSequencesNewestFirst, history.stream().map(LoggedChange::sequence).toList());
        assertEquals("\"five\"", history.get(0).json());
        assertNull(history.get(1).json());
        assertTrue(history.stream().allMatch(c -> c.key().equals("h") && c.principal().equals("alice")
                && c.nodeId().equals("node-1") && c.time().equals(MICRO_TIME)), history::toString);

        assertEquals(List.of(5L, 4L), tx.required(() -> log.history("h", 2)).stream().map(LoggedChange::version).toList());
        assertEquals(List.of(), tx.required(() -> log.history("nobody", 10)));
    }

    @Test
    void keysDifferingOnlyInCaseStayDistinctKeys() {
        assertDistinctKeys("Cart:Alice", "cart:alice", "CART:ALICE");
    }

    @Test
    void keysDifferingOnlyInAccentsInSymbolsOutsideTheBmpOrInTrailingSpacesStayDistinctKeys() {
        // Each group is one key under some common collation: accent-insensitive ones, one that
        // weighs every character outside the BMP alike (utf8mb4_general_ci), PAD SPACE ones (utf8mb4_bin).
        assertDistinctKeys("cafe", "café", "face:\uD83D\uDE00", "face:\uD83D\uDE01", "pad", "pad ", "pad  ");
    }

    @Test
    void valueColumnHoldsAValueOfTheFullByteLimitInMultiByteCharacters() {
        // 4-byte characters (which need utf8mb4 on MariaDB) and 3-byte ones, topped up with ASCII to
        // exactly the byte limit: about 350 000 characters but 1 MiB of UTF-8.
        int budget = Limits.DEFAULTS.maxValueBytes() - 2 - 1024 * 4;
        String value = "\uD83D\uDE00".repeat(1024) + "\u20ac".repeat(budget / 3) + "x".repeat(budget % 3);
        String json = new JsonbCodec().encode("big:bytes", value);
        assertEquals(Limits.DEFAULTS.maxValueBytes(), json.getBytes(StandardCharsets.UTF_8).length,
                "the test value must sit exactly at the byte limit");

        assertStoredIntact("big:bytes", value, json);
    }

    @Test
    void valueColumnHoldsAValueOfTheFullColumnLengthInCharacters() {
        // Only single-byte text can be this many characters and still pass the byte limit.
        String value = "x".repeat(Limits.VALUE_COLUMN_LENGTH - 2);
        String json = new JsonbCodec().encode("big:chars", value);
        assertEquals(Limits.VALUE_COLUMN_LENGTH, json.length(), "the test value must fill the column exactly");

        assertStoredIntact("big:chars", value, json);
    }

    /** Found by ValuesFuzzTest: PostgreSQL and MariaDB stored '?' for each unpaired surrogate, and reads returned it. */
    @Test
    void aValueHoldingUnpairedSurrogatesIsStoredIntact() {
        String value = "lone \uD800 high, lone \uDC00 low, a pair \uD83D\uDE00, reversed \uDE00\uD83D";
        assertStoredIntact("lone:surrogates", value, new JsonbCodec().encode("lone:surrogates", value));
    }

    private void assertStoredIntact(String key, String value, String json) {
        assertEquals(1, engine.set(key, value));

        // Compared by length first so a failure does not print a megabyte.
        String inHead = tables.head(key).orElseThrow().json();
        assertEquals(json.length(), inHead.length(), "sk_head.value_json length");
        assertEquals(json, inHead, "sk_head.value_json");
        String inEvent = tables.events(key).get(0).json();
        assertEquals(json.length(), inEvent.length(), "sk_event.value_json length");
        assertEquals(json, inEvent, "sk_event.value_json");
        assertEquals(json, latest(key).orElseThrow().json(), "read back through JPA");
    }

    private void assertDistinctKeys(String... keys) {
        for (String key : keys) {
            assertEquals(1, engine.set(key, "value of " + key), () -> "'" + key + "' is a new key, so version 1");
        }

        Map<String, HeadRow> heads = tables.heads().stream()
                .collect(Collectors.toMap(HeadRow::key, Function.identity()));
        assertEquals(Stream.of(keys).sorted().toList(), heads.keySet().stream().sorted().toList(),
                "one head row per key, each under its own exact key");
        for (String key : keys) {
            String json = "\"value of " + key + "\"";
            assertEquals(json, heads.get(key).json(), key);
            assertEquals(1, heads.get(key).version(), key);
            assertEquals(List.of(json), tables.events(key).stream().map(EventRow::json).toList(),
                    () -> "the events found by '" + key + "'");
            LoggedChange logged = latest(key).orElseThrow();
            assertEquals(key + "=" + json, logged.key() + "=" + logged.json(), "read back through JPA");
        }
    }

    private static List<Long> versions(List<EventRow> rows) {
        return rows.stream().map(EventRow::version).toList();
    }

    @Test
    void headsWrittenByANodeAreFoundByThatNodeAndItsOwnTimesOnly() {
        StateEngine nodeA = engine(Clock.fixed(MICRO_TIME, ZoneOffset.UTC));
        nodeA.set("a-early", 1);
        StateEngine laterA = engine(Clock.fixed(MICRO_TIME.plusSeconds(60), ZoneOffset.UTC));
        laterA.set("a-late", 2);
        // A second node whose clock is an hour behind: its heads are found by its id, not by time order.
        StateEngine nodeB = engine("node-2", Clock.fixed(MICRO_TIME.minusSeconds(3600), ZoneOffset.UTC));
        nodeB.set("b", 3);
        nodeB.set("a-early", 4); // now last written by node-2

        assertEquals(List.of("a-late"), tx.required(() -> log.headsWrittenBy("node-1", MICRO_TIME, null, 10))
                .stream().map(Head::key).toList(), "a-early's latest version is node-2's now");
        assertEquals(List.of("a-late"), tx.required(() -> log.headsWrittenBy("node-1", MICRO_TIME.plusSeconds(60), null, 10))
                .stream().map(Head::key).toList(), "at or after the instant given");
        assertEquals(List.of(), tx.required(() -> log.headsWrittenBy("node-1", MICRO_TIME.plusSeconds(61), null, 10)));
        assertEquals(List.of("a-early", "b"), tx.required(() -> log.headsWrittenBy("node-2", MICRO_TIME.minusSeconds(3600), null, 10))
                .stream().map(Head::key).toList(), "in key order");
        assertEquals(List.of("b"), tx.required(() -> log.headsWrittenBy("node-2", Instant.EPOCH, "a-early", 10))
                .stream().map(Head::key).toList(), "after the key given");
    }

    @Test
    void eachNodesMarkIsKeptUpdatedAndForgottenOnlyAtTheBeatGiven() {
        NodeMark first = new NodeMark("node-1#a", 1, MICRO_TIME, MICRO_TIME.minusSeconds(1), 2);
        NodeMark second = new NodeMark("node-1#a", 2, MICRO_TIME.plusSeconds(1), MICRO_TIME.plusSeconds(1), 0);
        NodeMark other = new NodeMark("node-2#b", 7, MICRO_TIME.minusSeconds(3600), MICRO_TIME.minusSeconds(3600), 0);
        tx.required(() -> {
            log.markNode(first);
            log.markNode(other);
            return null;
        });
        assertEquals(List.of(first, other), tx.required(log::nodeMarks));
        tx.required(() -> {
            log.markNode(second);
            return null;
        });
        assertEquals(List.of(second, other), tx.required(log::nodeMarks), "a node's mark replaces its previous one");

        tx.required(() -> {
            log.forgetNode("node-2#b", 6);
            return null;
        });
        assertEquals(List.of(second, other), tx.required(log::nodeMarks), "a beat that moved on keeps the mark");
        tx.required(() -> {
            log.forgetNode("node-2#b", 7);
            return null;
        });
        assertEquals(List.of(second), tx.required(log::nodeMarks));
    }

    @Test
    void headRowsLeftUnusedByARollbackOrAFailedCompareAndSetAreRemovedByTheSweep() {
        assertThrows(IllegalStateException.class, () -> tx.required(() -> {
            engine.set("ghost-rolled-back", 1);
            engine.setAll(java.util.Map.of("ghost-batch-1", 1, "ghost-batch-2", 2));
            throw new IllegalStateException("the caller rolls back");
        }));
        tx.required(() -> {
            assertThrows(org.statekeeper.StateConflictException.class, () -> engine.compareAndSet("ghost-cas", 4, "x"));
            return null;
        });
        engine.set("kept", 1);
        for (String ghost : List.of("ghost-rolled-back", "ghost-batch-1", "ghost-batch-2", "ghost-cas")) {
            assertEquals(0, tables.head(ghost).orElseThrow().version(), "left at version 0 until the sweep: " + ghost);
        }

        engine.expireDue(10);

        for (String ghost : List.of("ghost-rolled-back", "ghost-batch-1", "ghost-batch-2", "ghost-cas")) {
            assertEquals(Optional.empty(), tables.head(ghost), "removed by the sweep: " + ghost);
        }
        assertEquals(1, tables.head("kept").orElseThrow().version(), "a row in use stays");
        assertEquals(1, engine.set("ghost-rolled-back", "again"), "the key is written again from version 1");
        assertEquals(1, engine.compareAndSet("ghost-cas", 0, "x"));
        assertEquals(List.of(1L), versions(tables.events("ghost-rolled-back")));
    }

    @Test
    void aReadFromTheLogInsideATransactionSeesWhatCommittedSinceTheTransactionBegan() {
        // The store is never healed here: every read is served from the log, as when the store is not trusted.
        engine.set("other", 1);
        engine.set("rr", 1);
        tx.required(() -> {
            assertEquals(Optional.of(1), engine.get("other", Integer.class), "the transaction's first read");
            tx.requiresNew(() -> engine.set("rr", 2));
            assertEquals(Optional.of(2), engine.get("rr", Integer.class),
                    "the newest committed version, as the store would serve it, not the transaction's snapshot");
            return null;
        });
    }
}

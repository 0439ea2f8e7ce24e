package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.TimedFixture.MutableClock;
import org.statekeeper.spi.StoredValue;

/**
 * A store restarted from an older snapshot (Redis's default RDB persistence; a failover to a lagging
 * replica looks the same) comes back with its generation marker and older data. Its new epoch tells every
 * node, which catch it up from the checkpoint that came back with the data, however long ago the lost
 * writes were made.
 */
class StoreRestartTest {

    private final MutableClock clock = new MutableClock(TimedFixture.NOW);
    /** Shared, as Redis is: a node reads another's heads only when their marks ask for it. */
    private final SwitchableStore store = new SwitchableStore(clock, true);
    private final FakeTransactions tx = new FakeTransactions();
    private final StateEngine engine = new StateEngine(new EngineParts(store, new FakeEventLog(tx), new JsonbCodec(),
            tx, Limits.DEFAULTS, () -> "alice", "node-a", change -> { }, clock));

    @Test
    void aStoreRestartedFromAnOlderSnapshotIsCaughtUpAtTheNextHeal() {
        assertTrue(engine.storeSync().heal());
        engine.set("k", "v1");
        assertTrue(engine.storeSync().heal());
        store.snapshot();

        clock.set(clock.instant().plus(Duration.ofMinutes(10)));
        engine.set("k", "v2");
        engine.set("created-after", "x");
        engine.delete("k2-never");
        assertTrue(engine.storeSync().heal());

        clock.set(clock.instant().plus(Duration.ofMinutes(10)));
        store.restartFromSnapshot();
        assertEquals(Optional.of(new StoredValue("\"v1\"", 1)), store.get("k"), "the snapshot is older");
        assertTrue(store.generation().isPresent(), "and came back with its marker");

        clock.set(clock.instant().plusSeconds(1));
        assertTrue(engine.storeSync().heal());

        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), store.get("k"), "the lost write is back in the store");
        assertEquals(Optional.of(new StoredValue("\"x\"", 1)), store.get("created-after"), "and the lost key");
        assertEquals(Optional.of("v2"), engine.get("k", String.class));
    }

    @Test
    void aStoreRestoredFromAnOlderSnapshotWhileItsOnlyNodeRestartedIsCaughtUpByTheNewRunsFirstHeal() {
        FakeEventLog log = new FakeEventLog(tx);
        StateEngine earlier = run(log, "node-a#1");
        earlier.set("k", "v1");
        assertTrue(earlier.storeSync().heal());
        store.snapshot();
        clock.set(clock.instant().plus(Duration.ofMinutes(10)));
        earlier.set("k", "v2");
        clock.set(clock.instant().plusSeconds(1));
        assertTrue(earlier.storeSync().heal(), "its mark in the log says v2 is applied, and it was, before the restore");

        store.restartFromSnapshot(); // and the node restarts too: the new run has never seen the store's epoch
        clock.set(clock.instant().plusSeconds(1));
        StateEngine next = run(log, "node-a#2");

        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), store.get("k"),
                "the checkpoints came back recorded in the store's earlier epoch: caught up from them");
        assertEquals(Optional.of("v2"), next.get("k", String.class));
    }

    private StateEngine run(FakeEventLog log, String id) {
        StateEngine engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), tx, Limits.DEFAULTS,
                () -> "alice", id, change -> { }, clock));
        assertTrue(engine.storeSync().heal());
        return engine;
    }
}

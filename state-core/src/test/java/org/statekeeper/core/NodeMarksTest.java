package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.statekeeper.core.TimedFixture.MutableClock;
import org.statekeeper.spi.NodeMark;
import org.statekeeper.spi.StoredValue;

/**
 * The catch-up from the nodes' marks, with one store two nodes share (as Redis) through views that can be
 * cut off one at a time, and a clock per node: whatever a node committed and did not apply reaches the
 * store through another node, whatever the length of its transaction and however far the nodes' clocks
 * are apart, since each node's times are compared only with that node's own.
 */
class NodeMarksTest {

    private static final Duration HEAL = Duration.ofSeconds(1);

    private final MutableClock clockA = new MutableClock(TimedFixture.NOW);
    /** Node b's clock runs ten minutes ahead of node a's. */
    private final MutableClock clockB = new MutableClock(TimedFixture.NOW.plus(Duration.ofMinutes(10)));
    private final FakeTransactions tx = new FakeTransactions();
    private final FakeEventLog log = new FakeEventLog(tx);
    private final InMemoryStateStore shared = new InMemoryStateStore(clockA, true);
    private final SwitchableStore viewOfA = new SwitchableStore(shared);
    private final SwitchableStore viewOfB = new SwitchableStore(shared);

    @Test
    void aNodeCutOffFromTheStoreHasItsCommitAppliedByAnotherNodeAtTheirNextHeals() {
        StateEngine a = node(viewOfA, "node-a#1", clockA);
        StateEngine b = node(viewOfB, "node-b#1", clockB);
        b.set("k", "v1");
        viewOfA.failApplies(true);

        assertEquals(2, a.set("k", "v2"), "the commit succeeds: the log is the truth");
        assertFalse(a.storeSync().heal(), "node a cannot reach the store, but publishes its mark in the log");
        tick();
        assertTrue(b.storeSync().heal());

        assertEquals(Optional.of(new StoredValue("\"v2\"", 2)), shared.get("k"), "node b put it in the store");
        assertEquals(Optional.of("v2"), b.get("k", String.class));
    }

    @Test
    void aNodeThatStopsBetweenCommitAndApplyOfAMinuteLongTransactionHasItAppliedOnceItsBeatStops() {
        StateEngine a = node(viewOfA, "node-a#1", clockA);
        StateEngine b = node(viewOfB, "node-b#1", clockB);
        tx.required(() -> {
            a.set("long", "first");
            for (int second = 0; second < 70; second++) { // both nodes heal every second meanwhile
                tick();
                assertTrue(a.storeSync().heal());
                assertTrue(b.storeSync().heal());
            }
            viewOfA.failApplies(true); // node a dies after the commit, before its apply
            return a.set("long", "second");
        });
        assertEquals(Optional.empty(), shared.get("long"), "the apply never happened");

        tick(); // node a's beat has just stopped: not yet taken for stopped
        assertTrue(b.storeSync().heal());
        tick();
        tick();
        assertTrue(b.storeSync().heal());

        assertEquals(Optional.of(new StoredValue("\"second\"", 2)), shared.get("long"),
                "read from node a's heads since its own mark, by its own clock, seventy seconds before the commit");
    }

    @Test
    void aNewRunOfANodeAppliesAtItsFirstHealWhatAnEarlierRunLeftUnapplied() {
        StateEngine earlier = node(viewOfA, "node-a#1", clockA);
        viewOfA.failApplies(true);
        earlier.set("k", "committed, never applied"); // and the run dies
        viewOfA.failApplies(false);
        tick();

        node(viewOfA, "node-a#2", clockA);

        assertEquals(Optional.of(new StoredValue("\"committed, never applied\"", 1)), shared.get("k"),
                "before the new run serves a read, not after the earlier run's beat is seen standing still");
    }

    @Test
    void aHealthyNodesChangesAreNotReadFromTheLogByTheOthers() {
        StateEngine a = node(viewOfA, "node-a#1", clockA);
        StateEngine b = node(viewOfB, "node-b#1", clockB);
        a.set("mine", 1);
        List<String> appliedByB = new java.util.concurrent.CopyOnWriteArrayList<>();
        viewOfB.beforeApply((key, version) -> appliedByB.add(key));
        for (int i = 0; i < 5; i++) {
            tick();
            assertTrue(a.storeSync().heal());
            assertTrue(b.storeSync().heal());
        }
        assertEquals(List.of(), appliedByB, "node a says it applied everything: node b reads none of its heads");
    }

    @Test
    void aReadNeverGoesBackAfterAReadFromTheLogEvenWhenTheHealClearsThePendingKeyWithAnOlderHead() {
        StateEngine a = node(viewOfA, "node-a#1", clockA);
        StateEngine b = node(viewOfB, "node-b#1", clockB);
        b.set("h0", "b-1");
        viewOfB.failApplies(true);
        assertEquals(2, b.set("h0", "b-2")); // version 2 in the log only
        a.storeSync().committedElsewhere("h0", 2); // so h0 is pending on node a at version 2
        viewOfB.failApplies(false);
        assertTrue(b.storeSync().heal()); // node b puts version 2 in the store
        assertTrue(a.storeSync().isPending("h0"));
        java.util.concurrent.atomic.AtomicReference<org.statekeeper.Versioned<String>> first =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        viewOfA.beforeApply((key, version) -> {
            // Node a's heal has read h0's head (version 2) and is about to re-apply it, when node b commits
            // version 3 (its apply still on the way) and a reader on node a reads h0 from the log.
            if (key.equals("h0") && version == 2 && armed.getAndSet(false)) {
                viewOfB.failApplies(true);
                assertEquals(3, b.set("h0", "b-3"));
                first.set(a.getVersioned("h0", String.class).orElseThrow());
            }
        });
        assertTrue(a.storeSync().heal());
        assertFalse(armed.get(), "the commit and the read happened inside the heal's re-apply");
        assertEquals(3, first.get().version());
        assertEquals(3, a.getVersioned("h0", String.class).orElseThrow().version(),
                "a later read on the same node must not go back to the store's version 2");
    }

    @Test
    void aNodeSilentForMoreThanAnHourIsForgotten() {
        node(viewOfA, "node-a#1", clockA);
        StateEngine b = node(viewOfB, "node-b#1", clockB);
        clockB.set(clockB.instant().plus(NodeWatches.FORGET_AFTER).plusSeconds(1));
        assertTrue(b.storeSync().heal());
        assertEquals(List.of("node-b#1"), log.nodeMarks().stream().map(NodeMark::node).toList());
    }

    private void tick() {
        clockA.set(clockA.instant().plus(HEAL));
        clockB.set(clockB.instant().plus(HEAL));
    }

    private StateEngine node(SwitchableStore store, String id, MutableClock clock) {
        StateEngine engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), tx,
                Limits.DEFAULTS, () -> "alice", id, change -> { }, clock));
        engine.storeSync().healEvery(HEAL);
        assertTrue(engine.storeSync().heal());
        return engine;
    }
}

package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;
import org.statekeeper.core.metrics.MeteredStateManager;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.metrics.StateMetrics.Operation;
import org.statekeeper.core.metrics.StateMetrics.StoreFailure;

/** What the engine counts for metrics: each call once under its operation, conflicts, store failures, heals, rebuilds. */
class StateMetricsTest {

    private final EngineFixture fixture = new EngineFixture();
    private final StateMetrics metrics = new StateMetrics();
    private final StateEngine engine = new StateEngine(new EngineParts(fixture.store, fixture.log, new JsonbCodec(),
            fixture.tx, Limits.DEFAULTS, () -> "alice", "node-a", change -> { },
            Clock.fixed(EngineFixture.NOW, ZoneOffset.UTC)), metrics);

    @Test
    void everyCallIsCountedOnceUnderItsOperationAndListenersHearEachOne() {
        List<Operation> heard = new ArrayList<>();
        StateMetrics.Listener listener = (operation, nanos) -> heard.add(operation);
        metrics.listen(listener);
        StateManager state = new MeteredStateManager(engine, metrics);
        state.set("a", "1");
        state.get("a", String.class);
        state.get("a", String.class, "none");
        state.getVersioned("a", String.class);
        long version = state.compareAndSet("a", 1, "2");
        assertThrows(StateConflictException.class, () -> state.compareAndSet("a", 1, "3"));
        state.update("a", String.class, v -> v + "!");
        state.setAll(Map.of("b", "1", "c", "2"));
        state.delete("b");
        assertEquals(2, version);
        assertEquals(3, metrics.calls(Operation.GET));
        assertEquals(1, metrics.calls(Operation.SET));
        assertEquals(2, metrics.calls(Operation.COMPARE_AND_SET), "a conflict is a call too");
        assertEquals(1, metrics.casConflicts());
        assertEquals(1, metrics.calls(Operation.UPDATE));
        assertEquals(1, metrics.calls(Operation.SET_ALL));
        assertEquals(1, metrics.calls(Operation.DELETE));
        assertEquals(9, heard.size());
        metrics.stopListening(listener);
        state.get("a", String.class);
        assertEquals(9, heard.size(), "a listener that stopped hears nothing more");
    }

    @Test
    void aFailedApplyIsCountedAsAnApplyFailureAndItsKeyAsPendingSinceThen() {
        engine.storeSync().heal();
        assertNull(engine.storeSync().healStatus().oldestPendingSince());
        fixture.store.failApplies(true);
        fixture.tx.required(() -> engine.set("k", "v"));
        assertEquals(1, metrics.storeFailures(StoreFailure.APPLY));
        assertEquals(0, metrics.storeFailures(StoreFailure.READ));
        assertNotNull(engine.storeSync().healStatus().oldestPendingSince());
        fixture.store.failApplies(false);
        engine.storeSync().heal();
        assertNull(engine.storeSync().healStatus().oldestPendingSince(), "the heal applied it");
        assertEquals(2, metrics.heals());
    }

    @Test
    void aRebuildReportsItsKeysAndEnds() {
        fixture.tx.required(() -> engine.setAll(Map.of("x", "1", "y", "2", "z", "3")));
        engine.storeSync().rebuild();
        assertEquals(1, metrics.rebuilds());
        assertEquals((long) fixture.tx.requiresNew(fixture.log::countHeads), metrics.rebuildKeysTotal());
        assertEquals(3, metrics.rebuildKeysLoaded());
        assertFalse(metrics.rebuilding());
    }
}

package org.statekeeper.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.statekeeper.StateChanged;

/** A {@link StateEngine} wired to the in-test fakes, with everything a test inspects afterwards. */
final class EngineFixture {

    /** Nanosecond precision on purpose, so truncation to microseconds is observable. */
    static final Instant NOW = Instant.parse("2024-05-01T10:15:30.123456789Z");
    static final String PRINCIPAL = "alice";
    static final String NODE = "node-a";

    final FakeTransactions tx = new FakeTransactions();
    final FakeEventLog log = new FakeEventLog(tx);
    final SwitchableStore store = new SwitchableStore();
    final List<StateChanged> changed = new CopyOnWriteArrayList<>();
    final StateEngine engine;
    final EngineParts parts;

    EngineFixture() {
        this(Limits.DEFAULTS);
    }

    EngineFixture(Limits limits) {
        parts = new EngineParts(store, log, new JsonbCodec(), tx, limits,
                () -> PRINCIPAL, NODE, changed::add, Clock.fixed(NOW, ZoneOffset.UTC));
        engine = new StateEngine(parts);
        // The steady state: the store has been loaded, so reads are served from it.
        engine.storeSync().heal();
    }

    /** Runs {@code work} in one transaction that commits on return. */
    void inTransaction(Runnable work) {
        tx.required(() -> {
            work.run();
            return null;
        });
    }
}

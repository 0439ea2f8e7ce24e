package org.statekeeper.testing.log;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.statekeeper.StateChanged;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Limits;
import org.statekeeper.core.StateEngine;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.LoggedChange;
import org.statekeeper.spi.Transactions;

/**
 * What {@link EventLogContract} and {@link KeyListingContract} run on: the log under test, opened once per class, and before each
 * test empty tables, an in-memory store and a fresh engine writing through the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EventLogFixture {


    /** A structured value, so the JSON column holds more than a scalar. */
    public record Cart(String owner, List<String> items) {
    }

    /**
     * A log opened for the contract, with the transactions it is written in and its storage seen from
     * behind.
     *
     * @param log the log under test
     * @param transactions the transactions the engine and the test run in
     * @param tables the log's storage, read without the log
     * @param close releases what opening took
     */
    public record LogUnderTest(EventLog log, Transactions transactions, LogTables tables, Runnable close) {
    }

    /** Its sub-millisecond part (456 µs) would be lost by any millisecond or second rounding. */
    protected static final Instant MICRO_TIME = Instant.parse("2024-02-29T23:59:59.123456Z");
    /** {@link #MICRO_TIME} in microseconds since the epoch. */
    protected static final long MICRO_TIME_US = 1_709_251_199_123_456L;

    /** The codec values are encoded with. */
    protected final JsonbCodec codec = new JsonbCodec();
    /** The changes the engine announced, in order. */
    protected final List<StateChanged> events = new CopyOnWriteArrayList<>();
    private LogUnderTest opened;
    /** The transactions of the log under test. */
    protected Transactions tx;
    /** The log under test. */
    protected EventLog log;
    /** The log's storage seen from behind. */
    protected LogTables tables;
    /** The store the engine applies to. */
    protected InMemoryStateStore store;
    /** The engine of the current test. */
    protected StateEngine engine;

    /**
     * Opens the log on an empty storage, once for the test class.
     *
     * @return the log, its transactions and its storage
     */
    protected abstract LogUnderTest openLog();

    /**
     * Returns the engine of the current test, on the log under test and an in-memory store.
     *
     * @return the engine
     */
    protected StateEngine engine() {
        return engine;
    }

    /**
     * Returns the log's storage seen from behind.
     *
     * @return the tables
     */
    protected LogTables tables() {
        return tables;
    }

    @BeforeAll
    void openTheLog() {
        opened = openLog();
        log = opened.log();
        tables = opened.tables();
        tx = opened.transactions();
    }

    @AfterAll
    void closeTheLog() {
        if (opened != null) {
            opened.close().run();
        }
    }

    @BeforeEach
    void freshEngineAndEmptyLog() {
        tables.deleteAllRows();
        events.clear();
        store = new InMemoryStateStore();
        engine = engine(Clock.systemUTC());
    }

    /**
     * Returns a new engine on the log under test and the current store, whose events carry {@code clock}'s time.
     *
     * @param clock the time source
     * @return the engine
     */
    protected StateEngine engine(Clock clock) {
        return engine("node-1", clock);
    }

    /**
     * Returns a new engine as {@link #engine(Clock)} does, for the node {@code nodeId}.
     *
     * @param nodeId the node id its events and head rows record
     * @param clock the time source
     * @return the engine
     */
    protected StateEngine engine(String nodeId, Clock clock) {
        return engine(nodeId, "alice", clock);
    }

    /**
     * Returns a new engine as {@link #engine(String, Clock)} does, whose caller is {@code principal}.
     *
     * @param nodeId the node id its events and head rows record
     * @param principal the principal its events record
     * @param clock the time source
     * @return the engine
     */
    protected StateEngine engine(String nodeId, String principal, Clock clock) {
        return new StateEngine(new EngineParts(store, log, codec, tx, Limits.DEFAULTS,
                () -> principal, nodeId, events::add, clock));
    }

    /**
     * Returns the key's newest event as the log reads it back.
     *
     * @param key the key
     * @return the event, empty when the key has none
     */
    protected Optional<LoggedChange> latest(String key) {
        return tx.required(() -> log.history(key, 1)).stream().findFirst();
    }
}

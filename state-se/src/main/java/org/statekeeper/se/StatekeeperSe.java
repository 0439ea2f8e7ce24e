package org.statekeeper.se;

import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateManager;
import org.statekeeper.core.RetentionJob;
import org.statekeeper.core.StateEngine;
import org.statekeeper.core.StoreSync;
import org.statekeeper.jpa.LocalTransactions;
import org.statekeeper.redis.RedisStateStore;
import org.statekeeper.spi.EventLog;

/**
 * A running Statekeeper in Java SE, built by {@link StateManagers#builder()}. Thread safe. Close it
 * when done: that stops its maintenance thread and closes the Redis client (not the entity manager
 * factory, which belongs to the application).
 */
public final class StatekeeperSe implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatekeeperSe.class.getName());
    private static final int EXPIRE_BATCH = 1000;
    private static final long STOP_WAIT_SECONDS = 10;

    /**
     * What the builder assembled besides the transport: the engine and the operations over it.
     *
     * @param engine the engine
     * @param recovery the recovery operations on the engine's store
     * @param audit the audit queries over the log
     * @param retention the log retention job, null when every event is kept
     * @param retentionSchedule the pause between two retention runs
     */
    record Parts(StateEngine engine, RecoveryManager recovery, StateAudit audit, RetentionJob retention,
            Duration retentionSchedule) {
    }

    private final StateEngine engine;
    private final RecoveryManager recovery;
    private final StateAudit audit;
    private final GuardedStateManager manager;
    private final LocalTransactions transactions;
    private final EventLog log;
    private final RedisStateStore redis;
    private final ChangeRelay relay;
    private final ScheduledExecutorService maintenance;

    StatekeeperSe(Parts parts, LocalTransactions transactions, EventLog log, RedisStateStore redis,
            ChangeRelay relay, Duration maintenanceInterval) {
        this.engine = parts.engine();
        this.recovery = parts.recovery();
        this.audit = parts.audit();
        this.manager = new GuardedStateManager(engine);
        this.transactions = transactions;
        this.log = log;
        this.redis = redis;
        this.relay = relay;
        this.maintenance = maintenanceInterval.isZero() ? null : startMaintenance(maintenanceInterval);
        if (maintenance != null && parts.retention() != null) {
            long every = parts.retentionSchedule().toMillis();
            maintenance.scheduleWithFixedDelay(() -> guarded("apply the log retention",
                    () -> parts.retention().run(Instant.now())), Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Returns the recovery operations on this instance's store: rebuild, replay, recover, verify and
     * repairHeads, as {@code @Inject RecoveryManager} gives them in a container.
     *
     * @return the recovery operations
     */
    public RecoveryManager recovery() {
        return recovery;
    }

    /**
     * Returns the audit queries over the log (a key's history, events since a sequence or an instant,
     * events by principal), as {@code @Inject StateAudit} gives them in a container.
     *
     * @return the audit queries
     */
    public StateAudit audit() {
        return audit;
    }

    /**
     * Returns the state manager; it may be shared by every thread of the application.
     *
     * @return the state manager, which throws {@link IllegalStateException} once this instance is closed
     */
    public StateManager manager() {
        return manager;
    }

    /**
     * Returns the synchroniser of the store with the log: {@link StoreSync#heal()} and
     * {@link StoreSync#rebuild()} for operators and tests.
     *
     * @return the store synchroniser
     */
    public StoreSync storeSync() {
        return engine.storeSync();
    }

    /**
     * Returns the event log, for audit reads (history of a key, events since a sequence) inside
     * {@link #inTransaction(Supplier)}; writes go through {@link #manager()} only.
     *
     * @return the event log
     */
    public EventLog eventLog() {
        return log;
    }

    /**
     * Runs {@code work} in the current transaction of this thread, or in a new resource-local one
     * committed when it returns, and returns its result. Every {@link #manager()} call inside joins
     * that transaction: the changes commit together, or none does when {@code work} throws (the
     * exception is rethrown). The store is written, and observers called, after the commit.
     *
     * @param work the work to run
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws IllegalStateException when this instance is closed
     * @throws jakarta.persistence.RollbackException when the commit fails
     */
    public <T> T inTransaction(Supplier<T> work) {
        manager.checkOpen();
        return transactions.required(work);
    }

    /**
     * Runs {@code work} like {@link #inTransaction(Supplier)}, for work without a result.
     *
     * @param work the work to run
     * @throws IllegalStateException when this instance is closed
     */
    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Returns the entity manager of this thread's current transaction, so that the application's
     * own entities (listed in the same persistence unit) commit or roll back with its state changes.
     *
     * @return the entity manager of the transaction {@link #inTransaction(Supplier)} runs
     * @throws IllegalStateException when no transaction is running on this thread
     */
    public EntityManager entityManager() {
        return transactions.entityManager();
    }

    /**
     * Stops the maintenance thread, then closes the change feed and the Redis client, releasing
     * every connection and thread they hold. Idempotent. Changes committed before are in the log.
     */
    @Override
    public void close() {
        if (!manager.close()) {
            return;
        }
        try {
            if (maintenance != null) {
                // A run in progress finishes first (not interrupted: that would log a false store
                // outage); closing Redis under it would fail it anyway.
                maintenance.shutdown();
                if (!maintenance.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    maintenance.shutdownNow();
                    LOG.log(Level.WARNING, "Statekeeper maintenance did not stop within {0} s", STOP_WAIT_SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                relay.close();
            } finally {
                if (redis != null) {
                    redis.close();
                }
            }
        }
    }

    private ScheduledExecutorService startMaintenance(Duration interval) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "statekeeper-se-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long millis = Math.max(1, interval.toMillis());
        StoreSync sync = engine.storeSync();
        executor.scheduleWithFixedDelay(() -> guarded("heal the store", sync::heal), millis, millis, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> guarded("expire keys", () -> engine.expireDue(EXPIRE_BATCH)),
                millis, millis, TimeUnit.MILLISECONDS);
        return executor;
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; the next run tries again instead.
            LOG.log(Level.WARNING, "Statekeeper could not " + what + ": " + e);
        }
    }
}

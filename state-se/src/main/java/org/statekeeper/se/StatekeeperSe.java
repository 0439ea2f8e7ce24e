package org.statekeeper.se;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateChanged;
import org.statekeeper.StateManager;
import org.statekeeper.StateMonitor;
import org.statekeeper.core.runtime.Platform;
import org.statekeeper.core.runtime.StatekeeperRuntime;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.jpa.H2Durability;
import org.statekeeper.jpa.JpaEventLog;
import org.statekeeper.jpa.LocalTransactions;
import org.statekeeper.spi.StateCodec;

/**
 * A running Statekeeper in Java SE, built by {@link StateManagers#builder()}: the runtime a container
 * runs, on resource-local transactions and two threads of its own (maintenance, and delivery of other
 * nodes' changes). Thread safe. Close it when done: that stops the threads and closes the store's
 * client (not the entity manager factory, which belongs to the application).
 */
public final class StatekeeperSe implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatekeeperSe.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    private final StatekeeperRuntime runtime;
    private final GuardedStateManager manager;
    private final LocalTransactions transactions;
    private final ScheduledThreadPoolExecutor maintenance;
    private final ExecutorService remoteDelivery;

    private StatekeeperSe(StatekeeperRuntime runtime, LocalTransactions transactions,
            ScheduledThreadPoolExecutor maintenance, ExecutorService remoteDelivery) {
        this.runtime = runtime;
        this.manager = new GuardedStateManager(runtime.stateManager());
        this.transactions = transactions;
        this.maintenance = maintenance;
        this.remoteDelivery = remoteDelivery;
    }

    /** Assembles and starts the runtime; on failure nothing is left running. */
    static StatekeeperSe start(StatekeeperSettings settings, EntityManagerFactory factory, Supplier<String> principal,
            Consumer<StateChanged> observer, StateCodec codec, ClassLoader plugins, boolean maintain) {
        LocalTransactions transactions = new LocalTransactions(factory);
        try {
            transactions.requiresNew(() -> H2Durability.ensure(transactions.entityManager()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SK0501 Could not check or set the log database's durability: " + e);
        }
        // Other nodes' changes reach the observer on this thread, never on the store client's I/O thread,
        // which an observer calling back into the store would deadlock.
        ThreadPoolExecutor remote = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemon("statekeeper-se-remote-changes"));
        remote.prestartCoreThread(); // started with the instance, not by the first remote change

        ScheduledThreadPoolExecutor maintenance = null;
        StatekeeperRuntime runtime = null;
        try {
            Platform platform = new Platform(transactions, new JpaEventLog(transactions::entityManager, transactions),
                    codec, principal, observer, remote, plugins, Clock.systemUTC());
            runtime = StatekeeperRuntime.assemble(settings, platform);
            if (maintain) {
                maintenance = new ScheduledThreadPoolExecutor(1, daemon("statekeeper-se-maintenance"));
                maintenance.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                ScheduledThreadPoolExecutor scheduler = maintenance;
                runtime.start((job, first, every) -> scheduler.scheduleWithFixedDelay(job, first.toMillis(),
                        every.toMillis(), TimeUnit.MILLISECONDS));
            } else {
                runtime.start(null);
            }
            return new StatekeeperSe(runtime, transactions, maintenance, remote);
        } catch (RuntimeException | Error e) {
            if (maintenance != null) {
                maintenance.shutdownNow();
            }
            if (runtime != null) {
                runtime.close();
            }
            remote.shutdownNow();
            throw e;
        }
    }

    private static void awaitStop(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "SK0502 A StateChanged observer did not return within {0} s of close", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Returns the recovery operations on this instance's store: rebuild, replay, recover, verify and
     * repairHeads, as {@code @Inject RecoveryManager} gives them in a container.
     *
     * @return the recovery operations
     */
    public RecoveryManager recovery() {
        return runtime.recovery();
    }

    /**
     * Returns the audit queries over the log (a key's history, events since a sequence or an instant,
     * events by principal, the current keys by prefix), as {@code @Inject StateAudit} gives them in a container.
     *
     * @return the audit queries
     */
    public StateAudit audit() {
        return runtime.audit();
    }

    /**
     * Returns what this instance is doing, for monitoring: the near cache's statistics and the store's
     * status, as {@code @Inject StateMonitor} gives them in a container.
     *
     * @return the monitor
     */
    public StateMonitor monitor() {
        return runtime.monitor();
    }

    /**
     * Returns what this instance counts (calls and their time per operation, conflicts, store failures,
     * heals, rebuilds), as {@code @Inject StateMetrics} gives it in a container, for the application's metrics.
     *
     * @return the recorder
     */
    public org.statekeeper.core.metrics.StateMetrics metrics() {
        return runtime.metrics();
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
     * Stops the maintenance thread (a run in progress finishes first), then closes the change feed, the
     * store's client and the delivery thread, releasing every connection and thread they hold.
     * Idempotent. Changes committed before are in the log.
     */
    @Override
    public void close() {
        if (!manager.close()) {
            return;
        }
        try {
            if (maintenance != null) {
                // Not interrupted: that would log a false store outage; closing the store under it would fail it anyway.
                maintenance.shutdown();
                if (!maintenance.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    maintenance.shutdownNow();
                    LOG.log(Level.WARNING, "SK0503 Statekeeper maintenance did not stop within {0} s", STOP_WAIT_SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                runtime.close();
            } finally {
                remoteDelivery.shutdownNow();
                awaitStop(remoteDelivery);
            }
        }
    }
}

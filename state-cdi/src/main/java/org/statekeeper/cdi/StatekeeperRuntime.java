package org.statekeeper.cdi;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateManager;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.EventLogAudit;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.Recovery;
import org.statekeeper.core.RetentionJob;
import org.statekeeper.core.StateEngine;
import org.statekeeper.core.StoreSync;
import org.statekeeper.jpa.H2Durability;
import org.statekeeper.jpa.JpaEventLog;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.StateStore;

/** Assembles the application's one {@link StateEngine} from configuration and container services. */
@ApplicationScoped
class StatekeeperRuntime {

    private static final System.Logger LOG = System.getLogger(StatekeeperRuntime.class.getName());

    /**
     * Resolved on first use, not at injection: Payara binds a WAR's java:comp/env (which holds the
     * persistence context) only after CDI has started, so touching it during deployment fails.
     */
    @Inject
    @StateLog
    Instance<EntityManager> logEntityManager;

    private volatile EntityManager entityManager;

    @Inject
    JtaTransactions transactions;

    @Inject
    CallerPrincipal caller;

    @Inject
    Event<StateChanged> changed;

    private RedisWiring redis;

    private StatekeeperConfig config;
    private EventLog log;
    private StateEngine engine;
    private Recovery recovery;
    private StateAudit audit;
    /** Null when every event is kept. */
    private RetentionJob retention;
    private final List<ScheduledFuture<?>> jobs = new ArrayList<>();

    @PostConstruct
    void assemble() {
        try {
            assembleFrom(ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader()));
        } catch (StateConfigurationException e) {
            // Servers report only the outermost CDI failure (WELD-000049 …); say here what is wrong and how
            // to fix it, whichever part found it. The message names the property; credentials are masked.
            LOG.log(Level.ERROR, "Statekeeper cannot start: " + e.getMessage());
            throw e;
        }
    }

    private void assembleFrom(Config mp) {
        config = StatekeeperConfig.from(name -> mp.getOptionalValue(name, String.class));
        StateStore store;
        if (config.redis() != null) {
            redis = new RedisWiring(config.redis());
            store = redis.store();
        } else {
            store = new InMemoryStateStore();
        }
        log = new JpaEventLog(this::entityManager, transactions);
        EngineParts parts = new EngineParts(store, log, new JsonbCodec(), transactions, config.limits(),
                caller::name, config.nodeId(), this::committed, Clock.systemUTC());
        engine = new StateEngine(parts);
        recovery = new Recovery(engine, parts);
        audit = new EventLogAudit(log, transactions);
        if (config.retention() != null) {
            retention = new RetentionJob(log, store, transactions, config.retention().period());
        }
    }

    private EntityManager entityManager() {
        EntityManager em = entityManager;
        if (em == null) {
            em = logEntityManager.get();
            entityManager = em;
        }
        return em;
    }

    /**
     * Loads the store from the log unless it already holds a complete copy, then keeps it in line
     * (healing, expiry sweep) on the server's managed scheduler. Called by the web listener, not at
     * bean creation: a WAR's java:comp/env, where managed executors are found, is bound only then. A store that is unreachable now does
     * not stop the application: reads go to the log until it is back.
     */
    void start(ManagedScheduledExecutorService scheduler, ManagedExecutorService executor) {
        try {
            transactions.requiresNew(() -> H2Durability.ensure(entityManager()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not check or set the log database's durability: " + e);
        }
        if (redis != null) {
            redis.subscribe(config.nodeId(), executor, changed::fire);
        }
        StoreSync sync = engine.storeSync();
        switch (config.recoveryOnStartup()) {
            case "rebuild" -> guarded("rebuild the store at startup", recovery::rebuild);
            case "verify" -> {
                sync.heal();
                guarded("verify the store at startup", recovery::verify);
            }
            // The periodic heal below still rebuilds a store without generation marker.
            case "none" -> { }
            default -> sync.heal();
        }
        jobs.add(scheduler.scheduleWithFixedDelay(() -> guarded("heal the store", sync::heal),
                1, 1, TimeUnit.SECONDS));
        long sweep = config.sweepInterval().toMillis();
        jobs.add(scheduler.scheduleWithFixedDelay(() -> guarded("expire keys", () -> engine.expireDue(1000)),
                sweep, sweep, TimeUnit.MILLISECONDS));
        if (retention != null) {
            long every = config.retention().schedule().toMillis();
            // A first run soon after startup, so frequent redeployments do not postpone retention forever.
            jobs.add(scheduler.scheduleWithFixedDelay(() -> guarded("apply the log retention",
                    () -> retention.run(Instant.now())), Math.min(every, 60_000), every, TimeUnit.MILLISECONDS));
        }
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule; the next run tries again.
            LOG.log(Level.WARNING, "Statekeeper could not " + what + ": " + e);
        }
    }

    /** Other nodes hear of the change first: an observer of this node that throws must not keep it from them. */
    private void committed(StateChanged change) {
        if (redis != null) {
            redis.publish(change);
        }
        changed.fire(change);
    }

    /** Stops the jobs and closes the Redis client, so an undeployed application leaves no threads behind. */
    @PreDestroy
    void stop() {
        jobs.forEach(job -> job.cancel(false));
        if (redis != null) {
            redis.close();
        }
    }

    @Produces
    StateManager stateManager() {
        return engine;
    }

    /** The operator's recovery operations on this application's store. */
    @Produces
    RecoveryManager recoveryManager() {
        return recovery;
    }

    /** The audit queries over the log ({@code @Inject StateAudit}). */
    @Produces
    StateAudit stateAudit() {
        return audit;
    }

    /** The log, for audit reads; writes go through the {@link StateManager} only. */
    @Produces
    EventLog eventLog() {
        return log;
    }

    StatekeeperConfig config() {
        return config;
    }

}

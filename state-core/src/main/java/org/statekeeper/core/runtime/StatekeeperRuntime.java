package org.statekeeper.core.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.StateManager;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.EventLogAudit;
import org.statekeeper.core.Recovery;
import org.statekeeper.core.RetentionJob;
import org.statekeeper.core.StateEngine;
import org.statekeeper.core.StoreSync;
import org.statekeeper.core.metrics.MeteredStateManager;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.nearcache.NearCache;
import org.statekeeper.NearCacheStats;
import org.statekeeper.HealStatus;
import org.statekeeper.StateMonitor;
import org.statekeeper.StoreStatus;
import org.statekeeper.spi.ChangeFeed;
import org.statekeeper.spi.Credentials;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StorePlugin;

/**
 * One running Statekeeper, the same in every container and in Java SE: it builds the engine, the
 * store (through its plugin), the change feed, recovery, audit, retention and the periodic jobs from
 * one {@link StatekeeperSettings}, and closes every client and thread it started. The CDI and Java SE
 * adapters only supply the {@link Platform} and a {@link Scheduler}.
 */
public final class StatekeeperRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatekeeperRuntime.class.getName());
    private static final int EXPIRE_BATCH = 1000;
    /** A first retention run soon after startup, so frequent redeployments do not postpone retention forever. */
    private static final Duration FIRST_RETENTION_AT_MOST = Duration.ofMinutes(1);

    private final StatekeeperSettings settings;
    private final StorePlugin plugin;
    private final ChangeDispatch dispatch;
    private final StateEngine engine;
    private final StateMetrics metrics = new StateMetrics();
    /** The engine as applications get it: every call counted and timed. */
    private final StateManager metered;
    private final Recovery recovery;
    private final StateAudit audit;
    private final RetentionJob retention;
    /** The near cache in front of the store, null when it is off. */
    private final NearCache nearCache;
    private final List<Future<?>> jobs = new ArrayList<>();
    /** This run of the node ({@link NodeIds#life}): in events, head rows, marks and change-feed messages. */
    private final String life;
    private boolean started;
    private boolean closed;

    private StatekeeperRuntime(StatekeeperSettings settings, Platform platform, StorePlugin plugin) {
        this.settings = settings;
        this.plugin = plugin;
        this.life = NodeIds.life(settings.nodeId());
        this.dispatch = new ChangeDispatch(platform.observers(), platform.remoteDelivery(),
                change -> engine().storeSync().committedElsewhere(change.key(), change.version()), metrics);
        StateStore store = plugin.store();
        this.nearCache = settings.nearCache().map(bounds -> {
            if (!store.shared()) {
                throw new StateConfigurationException(StatekeeperSettings.NEAR_CACHE, "on",
                        "off with the " + settings.store() + " store, which is not shared between nodes (use state.store=redis)");
            }
            return new NearCache(store, bounds, dispatch::continuity, platform.clock(), dispatch::reportUnannouncedWrites);
        }).orElse(null);
        if (nearCache != null) {
            dispatch.onHeard(nearCache::invalidate);
        }
        EngineParts parts = new EngineParts(nearCache != null ? nearCache : store, platform.log(), platform.codec(), platform.transactions(),
                settings.limits(), platform.principal(), life, dispatch, platform.clock());
        this.engine = new StateEngine(parts, metrics);
        this.metered = new MeteredStateManager(engine, metrics);
        // Known before start: health checks validate their bounds against it when the application starts.
        engine.storeSync().healEvery(settings.healInterval());
        this.recovery = new Recovery(engine, parts);
        this.audit = new EventLogAudit(platform.log(), platform.transactions(), platform.clock());
        this.retention = settings.retention()
                .map(r -> new RetentionJob(platform.log(), parts.store(), platform.transactions(), r.period()))
                .orElse(null);
    }

    /**
     * Returns the engine itself, uncounted (remote changes arrive only after {@link #start}).
     *
     * @return the engine
     */
    public StateEngine engine() {
        return engine;
    }

    /**
     * Opens the configured store through its plugin and builds everything on it; nothing runs until
     * {@link #start}.
     *
     * @param settings the validated settings
     * @param platform what the surroundings give
     * @return the runtime, to be started and eventually closed
     * @throws org.statekeeper.StateConfigurationException when the store's settings are wrong or its plugin is missing
     */
    public static StatekeeperRuntime assemble(StatekeeperSettings settings, Platform platform) {
        StorePlugin plugin = StoreChoice.open(settings, platform.plugins());
        try {
            return new StatekeeperRuntime(settings, platform, plugin);
        } catch (RuntimeException | Error e) {
            plugin.close();
            throw e;
        }
    }

    /**
     * Connects the change feed, brings the store in line with the log as {@code state.recovery.on-startup}
     * says (a store that is unreachable now does not stop the application: reads go to the log until it
     * is back), then schedules healing, the expiry sweep and retention on {@code scheduler}, or nothing
     * when it is null (the application then heals and sweeps itself).
     *
     * @param scheduler where the periodic jobs run, or null for none
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start(Scheduler scheduler) {
        if (started || closed) {
            throw new IllegalStateException(closed ? "Statekeeper runtime is closed" : "Statekeeper runtime already started");
        }
        started = true;
        if (settings.changeFeed()) {
            // Two applications on one server share the node id; the feed must still tell them apart.
            plugin.openFeed(life, dispatch::remote).ifPresent(dispatch::connect);
        }
        StoreSync sync = engine.storeSync();
        sync.healEvery(settings.healInterval());
        switch (settings.recoveryOnStartup()) {
            case "rebuild" -> guarded("rebuild the store at startup", recovery::rebuild);
            case "verify" -> {
                guarded("heal the store at startup", sync::heal);
                guarded("verify the store at startup", recovery::verify);
            }
            // The periodic heal still rebuilds a store without generation marker.
            case "none" -> { }
            default -> guarded("heal the store at startup", sync::heal);
        }
        if (scheduler == null) {
            return;
        }
        Duration heal = settings.healInterval();
        jobs.add(scheduler.scheduleWithFixedDelay(() -> guarded("heal the store", sync::heal), heal, heal));
        Duration sweep = settings.sweepInterval();
        jobs.add(scheduler.scheduleWithFixedDelay(() -> guarded("expire keys", () -> engine.expireDue(EXPIRE_BATCH)),
                sweep, sweep));
        settings.retention().ifPresent(r -> {
            Duration first = r.schedule().compareTo(FIRST_RETENTION_AT_MOST) < 0 ? r.schedule() : FIRST_RETENTION_AT_MOST;
            jobs.add(scheduler.scheduleWithFixedDelay(() -> guarded("apply the log retention",
                    () -> retention.run(Instant.now())), first, r.schedule()));
        });
    }

    private static void guarded(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule; the next run tries again.
            LOG.log(Level.WARNING, "SK0125 Statekeeper could not " + what + ": " + e);
        }
    }

    /**
     * Returns the state manager applications use.
     *
     * @return the engine
     */
    public StateManager stateManager() {
        return metered;
    }

    /**
     * Returns what this runtime counts, for the metrics publishers.
     *
     * @return the metrics recorder
     */
    public StateMetrics metrics() {
        return metrics;
    }

    /**
     * Returns the operator's recovery operations on the store.
     *
     * @return rebuild, replay, recover, verify and repairHeads
     */
    public RecoveryManager recovery() {
        return recovery;
    }

    /**
     * Returns the audit queries over the log.
     *
     * @return history, events since, events by principal
     */
    public StateAudit audit() {
        return audit;
    }

    /**
     * Returns the near cache's statistics (hits, misses, size, evictions, invalidations, clears), or empty
     * when it is off.
     *
     * @return the statistics now
     */
    public Optional<NearCacheStats> nearCacheStats() {
        return Optional.ofNullable(nearCache).map(NearCache::stats);
    }

    /**
     * Returns the settings this runtime was built from.
     *
     * @return the settings
     */
    public StatekeeperSettings settings() {
        return settings;
    }

    /**
     * Returns which store is used and where, credentials hidden, for log lines.
     *
     * @return the store's description
     */
    public String storeDescription() {
        // Masked here too, whatever the plugin does: the description reaches the log and the console.
        return Credentials.mask(plugin.describe());
    }

    /**
     * Returns what this node's Statekeeper is doing, for monitoring: the near cache and the store's status.
     *
     * @return the monitor
     */
    public StateMonitor monitor() {
        return new StateMonitor() {
            @Override
            public Optional<NearCacheStats> nearCache() {
                return nearCacheStats();
            }

            @Override
            public StoreStatus store() {
                return engine.storeSync().status(storeDescription());
            }

            @Override
            public HealStatus healing() {
                return engine.storeSync().healStatus();
            }
        };
    }

    /**
     * Cancels the periodic jobs (a run in progress finishes), then closes the change feed and the store,
     * so that a stopped application leaves no thread or connection behind. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        jobs.forEach(job -> job.cancel(false));
        try {
            ChangeFeed feed = dispatch.disconnect();
            if (feed != null) {
                feed.close();
            }
        } finally {
            plugin.close();
        }
    }
}

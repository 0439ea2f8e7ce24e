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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.statekeeper.RecoveryManager;
import org.statekeeper.StateAudit;
import org.statekeeper.StateMonitor;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.StateManager;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.runtime.Platform;
import org.statekeeper.core.runtime.StatekeeperRuntime;
import org.statekeeper.core.runtime.StatekeeperSettings;
import org.statekeeper.jpa.H2Durability;
import org.statekeeper.jpa.JpaEventLog;
import org.statekeeper.spi.Credentials;
import org.statekeeper.spi.Settings;

/**
 * The CDI adapter of the one {@link StatekeeperRuntime}: fills its settings from MicroProfile Config,
 * gives it JTA, the caller's principal, CDI events and the server's managed executors, and produces
 * what applications inject.
 */
@ApplicationScoped
class StatekeeperProducers {

    private static final System.Logger LOG = System.getLogger(StatekeeperProducers.class.getName());

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

    private volatile Executor remoteDelivery;

    private StatekeeperRuntime runtime;

    @PostConstruct
    void assemble() {
        try {
            ClassLoader application = Thread.currentThread().getContextClassLoader();
            Config mp = ConfigProvider.getConfig(application);
            StatekeeperSettings settings = StatekeeperSettings.read(name -> mp.getOptionalValue(name, String.class),
                    mp.getPropertyNames());
            Platform platform = new Platform(transactions, new JpaEventLog(this::entityManager, transactions),
                    new JsonbCodec(), caller::name, changed::fire, this::deliverRemote, application, Clock.systemUTC());
            runtime = StatekeeperRuntime.assemble(settings, platform);
        } catch (StateConfigurationException e) {
            // Servers report only the outermost CDI failure (WELD-000049 …); say here what is wrong and how
            // to fix it, whichever part found it. The message names the property; credentials are masked.
            LOG.log(Level.ERROR, "SK0401 Statekeeper cannot start: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // Anything else would also reach the log only as WELD's wrapper; masked, since a client's
            // message may quote where it connects.
            LOG.log(Level.ERROR, "SK0405 Statekeeper cannot start: " + Credentials.mask(e.toString()));
            throw e;
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

    /** Other nodes' changes, delivered on the server's managed executor once the web module has started. */
    private void deliverRemote(Runnable delivery) {
        Executor executor = remoteDelivery;
        if (executor == null) {
            throw new RejectedExecutionException("not started");
        }
        executor.execute(delivery);
    }

    /**
     * Starts the runtime on the server's managed executors. Called by the web listener, not at bean
     * creation: a WAR's java:comp/env, where managed executors are found, is bound only then.
     */
    void start(ManagedScheduledExecutorService scheduler, ManagedExecutorService executor) {
        try {
            transactions.requiresNew(() -> H2Durability.ensure(entityManager()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SK0403 Could not check or set the log database's durability: " + e);
        }
        remoteDelivery = executor;
        runtime.start((job, first, every) -> scheduler.scheduleWithFixedDelay(job, first.toMillis(),
                every.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Stops the jobs and closes the store's clients, so an undeployed application leaves no threads behind. */
    @PreDestroy
    void stop() {
        runtime.close();
    }

    @Produces
    StateManager stateManager() {
        return runtime.stateManager();
    }

    /** The operator's recovery operations on this application's store. */
    @Produces
    RecoveryManager recoveryManager() {
        return runtime.recovery();
    }

    /** The audit queries over the log ({@code @Inject StateAudit}). */
    @Produces
    StateAudit stateAudit() {
        return runtime.audit();
    }

    /** What this node's Statekeeper is doing, for monitoring ({@code @Inject StateMonitor}). */
    @Produces
    StateMonitor stateMonitor() {
        return runtime.monitor();
    }

    /** What this node's Statekeeper counts ({@code @Inject StateMetrics}), for the metrics publishers of state-health. */
    @Produces
    StateMetrics stateMetrics() {
        return runtime.metrics();
    }

    /**
     * Statekeeper's configuration as plugins read it ({@code @Inject Settings}), so that the optional
     * modules (state-websocket, state-admin) validate their own properties the same way.
     */
    @Produces
    Settings settings() {
        return runtime.settings().source();
    }

    StatekeeperRuntime runtime() {
        return runtime;
    }
}

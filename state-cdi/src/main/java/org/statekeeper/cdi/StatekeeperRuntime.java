package org.statekeeper.cdi;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.System.Logger.Level;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.statekeeper.StateChanged;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.StateManager;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.StateEngine;
import org.statekeeper.core.StoreLoader;
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

    private StatekeeperConfig config;
    private EventLog log;
    private StateEngine engine;
    private StoreLoader loader;

    @PostConstruct
    void assemble() {
        Config mp = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        try {
            config = StatekeeperConfig.from(name -> mp.getOptionalValue(name, String.class));
        } catch (StateConfigurationException e) {
            // Servers report only the outermost CDI failure; say here what is wrong and how to fix it.
            LOG.log(Level.ERROR, "Statekeeper cannot start: " + e.getMessage());
            throw e;
        }
        StateStore store = new InMemoryStateStore();
        log = new JpaEventLog(this::entityManager, transactions);
        engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), transactions, config.limits(),
                caller::name, config.nodeId(), changed::fire, Clock.systemUTC()));
        loader = new StoreLoader(store, log, transactions);
    }

    private EntityManager entityManager() {
        EntityManager em = entityManager;
        if (em == null) {
            em = logEntityManager.get();
            entityManager = em;
        }
        return em;
    }

    /** Loads the store from the log unless it already holds a complete copy, then serves reads from it. */
    void loadStore() {
        try {
            transactions.requiresNew(() -> H2Durability.ensure(entityManager()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not check or set the log database's durability: " + e);
        }
        loader.loadIfUnmarked();
        engine.setStoreComplete(true);
    }

    @Produces
    StateManager stateManager() {
        return engine;
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

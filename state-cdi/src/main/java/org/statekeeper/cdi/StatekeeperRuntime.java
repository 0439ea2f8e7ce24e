package org.statekeeper.cdi;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.statekeeper.StateChanged;
import org.statekeeper.StateManager;
import org.statekeeper.core.EngineParts;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.core.JsonbCodec;
import org.statekeeper.core.StateEngine;
import org.statekeeper.core.StoreLoader;
import org.statekeeper.jpa.JpaEventLog;
import org.statekeeper.spi.EventLog;
import org.statekeeper.spi.StateStore;

/** Assembles the application's one {@link StateEngine} from configuration and container services. */
@ApplicationScoped
class StatekeeperRuntime {

    @Inject
    @StateLog
    EntityManager entityManager;

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
        config = StatekeeperConfig.from(name -> mp.getOptionalValue(name, String.class));
        StateStore store = new InMemoryStateStore();
        log = new JpaEventLog(() -> entityManager, transactions);
        engine = new StateEngine(new EngineParts(store, log, new JsonbCodec(), transactions, config.limits(),
                caller::name, config.nodeId(), changed::fire, Clock.systemUTC()));
        loader = new StoreLoader(store, log, transactions);
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

    StoreLoader loader() {
        return loader;
    }
}

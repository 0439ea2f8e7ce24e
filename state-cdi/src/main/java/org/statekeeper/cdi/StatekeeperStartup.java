package org.statekeeper.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Validates the configuration as soon as the application's CDI container starts, so a wrong
 * property fails the deployment instead of the first call.
 */
@ApplicationScoped
class StatekeeperStartup {

    private static final System.Logger LOG = System.getLogger(StatekeeperStartup.class.getName());

    @Inject
    StatekeeperProducers producers;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        LOG.log(Level.INFO, "SK0402 Statekeeper starting: store={0}, node={1}", producers.runtime().storeDescription(),
                producers.runtime().settings().nodeId());
    }
}

package org.statekeeper.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Validates the configuration and loads the store from the log when the application starts, so a
 * wrong property fails deployment and a restarted server serves the state it had.
 */
@ApplicationScoped
class StatekeeperStartup {

    private static final System.Logger LOG = System.getLogger(StatekeeperStartup.class.getName());

    @Inject
    StatekeeperRuntime runtime;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        StatekeeperConfig config = runtime.config();
        LOG.log(Level.INFO, "Statekeeper starting: store={0}, node={1}", config.store(), config.nodeId());
        runtime.loader().loadIfUnmarked();
    }
}

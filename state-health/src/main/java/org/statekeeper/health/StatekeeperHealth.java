package org.statekeeper.health;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.StateMonitor;
import org.statekeeper.spi.Settings;

/**
 * The health checks' settings, read when the application starts so that a wrong value fails the deployment
 * naming the property, not the first probe.
 */
@ApplicationScoped
public class StatekeeperHealth {

    private static final System.Logger LOG = System.getLogger(StatekeeperHealth.class.getName());

    @Inject
    Settings settings;

    @Inject
    StateMonitor monitor;

    private HealthSettings read;

    @PostConstruct
    void read() {
        try {
            read = HealthSettings.read(settings, monitor.healing().interval());
        } catch (StateConfigurationException e) {
            LOG.log(Level.ERROR, "SK0801 Statekeeper cannot start: " + e.getMessage());
            throw e;
        }
    }

    /** Creates this bean, and so validates the settings, when the application starts. */
    void atStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Nothing more: delivering the event made the container create this bean and run read().
    }

    /**
     * Returns the validated settings.
     *
     * @return whether the store is required, and the stall bound
     */
    public HealthSettings settings() {
        return read;
    }

    /**
     * Returns this application's Statekeeper monitor, which the checks read.
     *
     * @return the monitor
     */
    public StateMonitor monitor() {
        return monitor;
    }
}

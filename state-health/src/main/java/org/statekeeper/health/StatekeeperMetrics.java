package org.statekeeper.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.statekeeper.StateMonitor;
import org.statekeeper.core.metrics.StateMetrics;

/**
 * Publishes Statekeeper's figures, when the application starts, to whichever metrics API the server offers:
 * MicroProfile Metrics (Payara Micro) and Micrometer (WildFly's micrometer subsystem). A publisher is loaded only
 * when its API is visible, so the module deploys on a server that has neither; removed again at undeployment.
 */
@ApplicationScoped
public class StatekeeperMetrics {

    private static final System.Logger LOG = System.getLogger(StatekeeperMetrics.class.getName());

    @Inject
    StateMetrics metrics;

    @Inject
    StateMonitor monitor;

    /** Held here: registries may keep only weak references to what their gauges read. */
    private Figure.Sources sources;
    private final List<AutoCloseable> publishers = new ArrayList<>();

    void atStartup(@Observes Startup started) {
        sources = new Figure.Sources(metrics, monitor);
        if (visible("org.eclipse.microprofile.metrics.MetricRegistry")) {
            add(MicroProfileMetricsPublisher.start(sources), "MicroProfile Metrics");
        }
        if (visible("io.micrometer.core.instrument.MeterRegistry")) {
            add(MicrometerPublisher.start(sources), "Micrometer");
        }
    }

    private void add(AutoCloseable publisher, String api) {
        if (publisher != null) {
            publishers.add(publisher);
            LOG.log(Level.INFO, "SK0802 Statekeeper metrics published to {0}", api);
        }
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, StatekeeperMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @PreDestroy
    void stop() {
        for (AutoCloseable publisher : publishers) {
            try {
                publisher.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "SK0803 Statekeeper could not remove its metrics: " + e);
            }
        }
        publishers.clear();
    }
}

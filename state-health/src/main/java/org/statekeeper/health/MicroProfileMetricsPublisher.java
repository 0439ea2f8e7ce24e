package org.statekeeper.health;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.metrics.StateMetrics.Operation;

/**
 * Publishes the figures to MicroProfile Metrics (Payara Micro's {@code /metrics}): a timer per operation fed as
 * calls complete, and every other figure as a gauge read when scraped (MicroProfile Metrics has no counter read
 * from a function; a counter's gauge is named with {@code .total}, so that its Prometheus name is the same as
 * Micrometer's counter). Loaded only when the MicroProfile Metrics API is visible to the application.
 */
final class MicroProfileMetricsPublisher implements AutoCloseable {

    private final MetricRegistry registry;
    private final StateMetrics metrics;
    private final List<MetricID> registered = new ArrayList<>();
    private final Timer[] timers = new Timer[Operation.values().length];
    private final StateMetrics.Listener listener;

    private MicroProfileMetricsPublisher(MetricRegistry registry, Figure.Sources sources) {
        this.registry = registry;
        this.metrics = sources.metrics();
        for (Operation operation : Operation.values()) {
            Tag tag = new Tag("operation", operation.tag());
            timers[operation.ordinal()] = registry.timer(Metadata.builder().withName(Figure.OPERATION_TIMER)
                    .withDescription(Figure.OPERATION_TIMER_DESCRIPTION).withUnit(MetricUnits.NANOSECONDS).build(), tag);
            registered.add(new MetricID(Figure.OPERATION_TIMER, tag));
        }
        for (Figure figure : Figure.all(sources)) {
            String name = figure.counter() ? figure.name() + ".total" : figure.name();
            Tag[] tags = figure.tag() == null ? new Tag[0] : new Tag[] {new Tag(figure.tag(), figure.tagValue())};
            registry.gauge(Metadata.builder().withName(name).withDescription(figure.description()).build(),
                    () -> figure.read().applyAsDouble(sources), tags);
            registered.add(new MetricID(name, tags));
        }
        listener = (operation, nanos) -> timers[operation.ordinal()].update(Duration.ofNanos(nanos));
        metrics.listen(listener);
    }

    /** Returns a running publisher, or null when the server offers no MetricRegistry to the application. */
    static MicroProfileMetricsPublisher start(Figure.Sources sources) {
        if (!CDI.current().select(MetricRegistry.class).isResolvable()) {
            return null;
        }
        // Injected into a field, not looked up: Payara's producer reads the injection point's annotations, which a
        // programmatic lookup does not have.
        Unmanaged.UnmanagedInstance<ApplicationRegistry> holder = new Unmanaged<>(ApplicationRegistry.class).newInstance();
        MetricRegistry registry = holder.produce().inject().get().registry;
        return new MicroProfileMetricsPublisher(registry, sources);
    }

    /** Holds the application's registry, injected as into a bean's field. */
    static final class ApplicationRegistry {

        @Inject
        MetricRegistry registry;
    }

    /** Stops feeding the timers and removes every metric, so a redeployed application registers afresh. */
    @Override
    public void close() {
        metrics.stopListening(listener);
        registered.forEach(registry::remove);
    }
}

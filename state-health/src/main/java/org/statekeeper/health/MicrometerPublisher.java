package org.statekeeper.health;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.metrics.StateMetrics.Operation;

/**
 * Publishes the figures to Micrometer (WildFly's micrometer subsystem, scraped through its Prometheus registry):
 * a timer per operation fed as calls complete, and function counters and gauges read when scraped. Only the
 * registry's own registration methods are used, not the meter builders: WildFly's per-deployment registry passes
 * those on to the server's registries (with the deployment's tag), while a builder would register the meter in
 * the deployment's registry alone, which nothing exports. Loaded only when the Micrometer API is visible.
 */
final class MicrometerPublisher implements AutoCloseable {

    /** A meter registered here, found again by name and tags to be removed. */
    private record Registered(String name, Tags tags) {
    }

    private final MeterRegistry registry;
    private final StateMetrics metrics;
    private final List<Registered> registered = new ArrayList<>();
    private final Timer[] timers = new Timer[Operation.values().length];
    private final StateMetrics.Listener listener;

    private MicrometerPublisher(MeterRegistry registry, Figure.Sources sources) {
        this.registry = registry;
        this.metrics = sources.metrics();
        for (Operation operation : Operation.values()) {
            Tags tags = Tags.of("operation", operation.tag());
            timers[operation.ordinal()] = registry.timer(Figure.OPERATION_TIMER, tags);
            registered.add(new Registered(Figure.OPERATION_TIMER, tags));
        }
        for (Figure figure : Figure.all(sources)) {
            Tags tags = figure.tag() == null ? Tags.empty() : Tags.of(figure.tag(), figure.tagValue());
            if (figure.counter()) {
                registry.more().counter(figure.name(), tags, sources, figure.read());
            } else {
                registry.gauge(figure.name(), tags, sources, figure.read());
            }
            registered.add(new Registered(figure.name(), tags));
        }
        listener = (operation, nanos) -> timers[operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        metrics.listen(listener);
    }

    /** Returns a running publisher, or null when the server offers no MeterRegistry to the application. */
    static MicrometerPublisher start(Figure.Sources sources) {
        Instance<MeterRegistry> registry = CDI.current().select(MeterRegistry.class);
        return registry.isResolvable() ? new MicrometerPublisher(registry.get(), sources) : null;
    }

    /** Stops feeding the timers and removes every meter, so a redeployed application registers afresh. */
    @Override
    public void close() {
        metrics.stopListening(listener);
        for (Registered meter : registered) {
            Meter found = registry.find(meter.name()).tags(meter.tags()).meter();
            if (found != null) {
                registry.remove(found);
            }
        }
    }
}

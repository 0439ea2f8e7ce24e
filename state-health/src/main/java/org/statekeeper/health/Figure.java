package org.statekeeper.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.statekeeper.NearCacheStats;
import org.statekeeper.StateMonitor;
import org.statekeeper.core.metrics.StateMetrics;
import org.statekeeper.core.metrics.StateMetrics.StoreFailure;

/**
 * One figure both publishers expose under the same name, read when scraped: a counter (only ever grows) or a
 * gauge. Kept in one list so that Payara Micro and WildFly publish the same names.
 *
 * @param name the metric's name ({@code statekeeper.…}; Prometheus shows dots as underscores, counters with {@code _total})
 * @param counter whether it only grows
 * @param description what it counts, for the registry's metadata
 * @param tag the tag's name, or null for none
 * @param tagValue the tag's value, or null for none
 * @param read reads the figure now
 */
record Figure(String name, boolean counter, String description, String tag, String tagValue,
        ToDoubleFunction<Figure.Sources> read) {

    /** The timer of every operation, tagged {@code operation}. */
    static final String OPERATION_TIMER = "statekeeper.operation";
    static final String OPERATION_TIMER_DESCRIPTION = "Calls of a StateManager operation and their duration";

    /**
     * What the figures are read from; held by the publisher, since registries may keep only weak references.
     *
     * @param metrics the runtime's counters
     * @param monitor the store's and near cache's status
     */
    record Sources(StateMetrics metrics, StateMonitor monitor) {

        NearCacheStats nearCache() {
            return monitor.nearCache().orElseThrow();
        }
    }

    private static Figure counter(String name, String description, ToDoubleFunction<Sources> read) {
        return new Figure(name, true, description, null, null, read);
    }

    private static Figure gauge(String name, String description, ToDoubleFunction<Sources> read) {
        return new Figure(name, false, description, null, null, read);
    }

    /** Returns every figure for {@code sources}: the near cache's only when it is on. */
    static List<Figure> all(Sources sources) {
        List<Figure> all = new ArrayList<>(List.of(
                counter("statekeeper.cas.conflicts", "compareAndSet calls refused because the version had moved",
                        s -> s.metrics().casConflicts()),
                gauge("statekeeper.pending.keys", "Keys whose last committed change has not reached the store yet",
                        s -> s.monitor().store().pendingKeys()),
                gauge("statekeeper.pending.oldest.seconds", "How long the key pending longest has waited, 0 when none",
                        s -> age(s.monitor().healing().oldestPendingSince())),
                gauge("statekeeper.store.serving", "1 while the store serves reads, 0 while they go to the log",
                        s -> s.monitor().store().serving() ? 1 : 0),
                counter("statekeeper.heals", "Heal runs", s -> s.metrics().heals()),
                counter("statekeeper.heals.failed", "Heal runs that did not leave the store in line with the log",
                        s -> s.metrics().failedHeals()),
                gauge("statekeeper.heal.last.seconds", "Seconds since the last heal run ended",
                        s -> age(s.monitor().healing().lastHealEnded())),
                counter("statekeeper.rebuilds", "Rebuilds of the store that completed", s -> s.metrics().rebuilds()),
                gauge("statekeeper.rebuild.running", "1 while this node rebuilds the store",
                        s -> s.metrics().rebuilding() ? 1 : 0),
                gauge("statekeeper.rebuild.keys.total", "Keys the running or last rebuild has to load",
                        s -> s.metrics().rebuildKeysTotal()),
                gauge("statekeeper.rebuild.keys.loaded", "Keys the running or last rebuild has loaded",
                        s -> s.metrics().rebuildKeysLoaded()),
                counter("statekeeper.feed.changes", "Other nodes' changes delivered here through the change feed",
                        s -> s.metrics().remoteChanges()),
                counter("statekeeper.feed.delay.seconds",
                        "Seconds those changes waited here between the feed and their delivery, summed",
                        s -> s.metrics().feedDelaySeconds())));
        for (StoreFailure kind : StoreFailure.values()) {
            all.add(new Figure("statekeeper.store.failures", true, "Failures of the store, by what it failed to do",
                    "kind", kind.tag(), s -> s.metrics().storeFailures(kind)));
        }
        if (sources.monitor().nearCache().isPresent()) {
            all.addAll(List.of(
                    counter("statekeeper.nearcache.hits", "Reads served from the near cache", s -> s.nearCache().hits()),
                    counter("statekeeper.nearcache.misses", "Reads that found no copy in the near cache",
                            s -> s.nearCache().misses()),
                    counter("statekeeper.nearcache.bypassed", "Reads that went around the near cache while the feed could not vouch",
                            s -> s.nearCache().bypassed()),
                    gauge("statekeeper.nearcache.hit.ratio", "Share of reads served from the near cache since start",
                            s -> s.nearCache().hitRatio()),
                    gauge("statekeeper.nearcache.size", "Copies the near cache holds", s -> s.nearCache().size()),
                    gauge("statekeeper.nearcache.bytes", "Memory the copies are counted for", s -> s.nearCache().bytes()),
                    counter("statekeeper.nearcache.evictions", "Copies dropped for the bounds or their time to live",
                            s -> s.nearCache().evictions()),
                    counter("statekeeper.nearcache.invalidations", "Copies dropped because another node changed their key",
                            s -> s.nearCache().invalidations())));
        }
        return all;
    }

    private static double age(Instant since) {
        return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }
}

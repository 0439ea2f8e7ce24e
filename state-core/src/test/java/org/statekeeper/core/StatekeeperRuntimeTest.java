package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.statekeeper.ChangeType;
import org.statekeeper.StateChanged;
import org.statekeeper.core.runtime.Platform;
import org.statekeeper.core.runtime.StatekeeperRuntime;
import org.statekeeper.core.runtime.StatekeeperSettings;

/**
 * The one runtime, as the CDI and Java SE adapters run it, on a store plugin found through the
 * {@code ServiceLoader} like any other: what a commit reaches and in which order, other nodes' changes,
 * start and close.
 */
class StatekeeperRuntimeTest {

    private final FakeTransactions tx = new FakeTransactions();
    private final List<String> happened = new CopyOnWriteArrayList<>();
    private final List<Runnable> deliveries = new ArrayList<>();
    private final List<Future<?>> scheduled = new ArrayList<>();
    private volatile boolean observerThrows;
    private StatekeeperRuntime runtime;

    private StatekeeperRuntime start() {
        return start(Map.of());
    }

    private StatekeeperRuntime start(Map<String, String> more) {
        Executor delivery = deliveries::add; // run by the test, as the platform's executor would later
        Platform platform = new Platform(tx, new FakeEventLog(tx), new JsonbCodec(), () -> "alice", change -> {
            happened.add((change.remote() ? "remote " : "local ") + change.key() + "@" + change.version());
            if (observerThrows) {
                throw new IllegalStateException("observer bug");
            }
        }, delivery, getClass().getClassLoader(), Clock.systemUTC());
        Map<String, String> properties = new java.util.HashMap<>(Map.of("state.store", "recording", "state.node-id", "node-a"));
        properties.putAll(more);
        runtime = StatekeeperRuntime.assemble(StatekeeperSettings.read(properties), platform);
        runtime.start((job, first, every) -> {
            FutureTask<Void> task = new FutureTask<>(job, null);
            scheduled.add(task);
            return task;
        });
        return runtime;
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aNearCacheInFrontOfAStoreThatNodesDoNotShareIsRejectedNamingItsProperty() {
        Platform platform = new Platform(tx, new FakeEventLog(tx), new JsonbCodec(), () -> "alice", change -> { },
                Runnable::run, getClass().getClassLoader(), Clock.systemUTC());
        org.statekeeper.StateConfigurationException e = assertThrows(
                org.statekeeper.StateConfigurationException.class, () -> StatekeeperRuntime.assemble(
                        StatekeeperSettings.read(Map.of("state.store", "memory", "state.near-cache", "on")), platform));
        assertEquals("state.near-cache", e.getKey());
        assertTrue(e.getMessage().contains("not shared"), e.getMessage());
    }

    @Test
    void aPluginsDescriptionReachesTheLogAndStoreStatusWithItsPasswordMaskedWhateverThePluginDoes() {
        start(Map.of("recording.where", "redis://app:S3cr%2Fet@cache:6379"));
        assertEquals("recording redis://app:****@cache:6379", runtime.storeDescription());
        assertEquals("recording redis://app:****@cache:6379", runtime.monitor().store().store());
    }

    @Test
    void theStorePluginIsFoundByNameThroughTheServiceLoader() {
        start();
        assertEquals("recording", runtime.storeDescription());
        assertEquals(2, scheduled.size(), "heal and expiry sweep; log retention is off by default");
    }

    @Test
    void aCommitIsPublishedToOtherNodesBeforeLocalObserversRunAndAThrowingObserverKeepsNothingFromThem() {
        start();
        observerThrows = true;

        assertEquals(1, runtime.stateManager().set("k", "v"), "the commit stands");

        assertEquals(List.of(new StateChanged("k", 1, ChangeType.SET, false)), RecordingStoreProvider.last.published);
        assertEquals(List.of("local k@1"), happened);
    }

    @Test
    void anotherNodesChangeIsCheckedAgainstTheStoreThenDeliveredOnThePlatformsExecutor() {
        start();
        runtime.stateManager().set("k", "v1");
        RecordingStoreProvider.last.remote.accept(new StateChanged("k", 2, ChangeType.SET, true));
        assertEquals(List.of("local k@1"), happened, "not on the feed's thread");

        deliveries.forEach(Runnable::run);

        assertEquals(List.of("local k@1", "remote k@2"), happened);
        assertTrue(runtime.engine().storeSync().isPending("k"),
                "the store lacks the announced version: the key is read from the log until a heal has it");
    }

    @Test
    void theRuntimeStartsOnceAndCloseStopsJobsFeedAndStore() {
        start();
        assertThrows(IllegalStateException.class, () -> runtime.start(null));

        runtime.close();
        runtime.close();

        assertTrue(scheduled.stream().allMatch(Future::isCancelled), "every periodic job is cancelled");
        assertTrue(RecordingStoreProvider.last.feedClosed);
        assertTrue(RecordingStoreProvider.last.closed);
        assertThrows(IllegalStateException.class, () -> runtime.start(null));
    }
}

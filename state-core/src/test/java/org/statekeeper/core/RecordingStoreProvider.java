package org.statekeeper.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.statekeeper.StateChanged;
import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.spi.ChangeFeed;
import org.statekeeper.spi.Settings;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StorePlugin;
import org.statekeeper.spi.StoreProvider;

/**
 * A store plugin found through {@code META-INF/services} like any other ({@code state.store=recording}):
 * an in-memory store shared as if by several nodes, with a change feed that records what it was asked to
 * publish and lets a test deliver other nodes' changes.
 */
public final class RecordingStoreProvider implements StoreProvider {

    /** The last plugin opened, for the test to look into. */
    static volatile Opened last;

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public StorePlugin open(Settings settings) {
        // A plugin that, unlike the built-in ones, puts a URI with its password into its description.
        Opened opened = new Opened("recording" + settings.value("recording.where").map(w -> " " + w).orElse(""));
        last = opened;
        return opened;
    }

    static final class Opened implements StorePlugin {
        final String description;
        final InMemoryStateStore store = new InMemoryStateStore();
        final List<StateChanged> published = new CopyOnWriteArrayList<>();
        volatile Consumer<StateChanged> remote;
        volatile boolean feedClosed;
        volatile boolean closed;

        Opened(String description) {
            this.description = description;
        }

        @Override
        public StateStore store() {
            return store;
        }

        @Override
        public Optional<ChangeFeed> openFeed(String instanceId, Consumer<StateChanged> listener) {
            remote = listener;
            return Optional.of(new ChangeFeed() {
                @Override
                public void publish(StateChanged change) {
                    published.add(change);
                }

                @Override
                public void close() {
                    feedClosed = true;
                }
            });
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

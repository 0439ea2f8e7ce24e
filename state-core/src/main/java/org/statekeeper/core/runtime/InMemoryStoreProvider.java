package org.statekeeper.core.runtime;

import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.spi.Settings;
import org.statekeeper.spi.StateStore;
import org.statekeeper.spi.StorePlugin;
import org.statekeeper.spi.StoreProvider;

/** The built-in store: this JVM's memory, loaded from the log at startup; nothing to configure. */
final class InMemoryStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return StoreChoice.MEMORY;
    }

    @Override
    public StorePlugin open(Settings settings) {
        InMemoryStateStore store = new InMemoryStateStore();
        return new StorePlugin() {
            @Override
            public StateStore store() {
                return store;
            }

            @Override
            public String describe() {
                return "memory";
            }

            @Override
            public void close() {
                // Nothing held but the map, which goes with the runtime.
            }
        };
    }
}

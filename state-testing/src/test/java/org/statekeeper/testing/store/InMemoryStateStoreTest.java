package org.statekeeper.testing.store;

import org.statekeeper.core.InMemoryStateStore;
import org.statekeeper.spi.StateStore;

/** The store contract on the built-in store: this JVM's memory. */
class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore openStore() {
        return new InMemoryStateStore();
    }
}

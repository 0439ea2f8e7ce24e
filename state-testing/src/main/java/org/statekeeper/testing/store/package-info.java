/**
 * The contract every {@link org.statekeeper.spi.StateStore} passes: extend
 * {@link org.statekeeper.testing.store.StateStoreContract} in a store plugin's tests.
 */
package org.statekeeper.testing.store;

/**
 * The one runtime every container runs: {@link org.statekeeper.core.runtime.StatekeeperRuntime} builds the
 * engine, the store (through its {@link org.statekeeper.spi.StoreProvider} plugin), the change feed,
 * recovery, audit, retention and the periodic jobs from one validated
 * {@link org.statekeeper.core.runtime.StatekeeperSettings}. The CDI and Java SE modules are thin adapters
 * that fill the settings and supply a {@link org.statekeeper.core.runtime.Platform}; for them only, not
 * for applications.
 */
package org.statekeeper.core.runtime;

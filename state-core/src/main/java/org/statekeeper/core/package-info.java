/**
 * Internal: the container-free engine (the write path's ordering, healing, recovery, retention, expiry),
 * the in-memory store and the default codec. Not an API: applications compile against
 * {@code org.statekeeper}, plugin authors against {@code org.statekeeper.spi}; anything here may change
 * in any release. Assembled by {@link org.statekeeper.core.runtime.StatekeeperRuntime}.
 */
package org.statekeeper.core;

/**
 * Statekeeper in Java SE: {@link org.statekeeper.se.StateManagers#builder()} assembles the same
 * engine the container runs (log written in the caller's transaction, store written after commit),
 * on a resource-local persistence unit and a Redis or in-memory store.
 */
package org.statekeeper.se;

/**
 * Statekeeper's public API: inject {@link org.statekeeper.StateManager} and observe
 * {@link org.statekeeper.StateChanged}.
 */
package org.statekeeper;

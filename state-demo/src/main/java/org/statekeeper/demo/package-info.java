/**
 * The Statekeeper demo's application logic: a visitor counter, feature flags, per-user carts and a
 * feed of recent changes, each a few lines on top of {@link org.statekeeper.StateManager}.
 */
package org.statekeeper.demo;

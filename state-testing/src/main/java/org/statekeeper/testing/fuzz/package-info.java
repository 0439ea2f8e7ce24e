/**
 * What the property-based fuzz suites of the modules share: a small property harness ({@link
 * org.statekeeper.testing.fuzz.Fuzz} runs a property over samples of a {@link org.statekeeper.testing.fuzz.Gen}),
 * generators of odd text ({@link org.statekeeper.testing.fuzz.OddText}), and the configuration rule every
 * property must keep ({@link org.statekeeper.testing.fuzz.ConfigurationFuzz}).
 */
package org.statekeeper.testing.fuzz;

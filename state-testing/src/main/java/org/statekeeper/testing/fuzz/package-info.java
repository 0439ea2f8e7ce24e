/**
 * What the property-based (jqwik) fuzz suites of the modules share: generators of odd text
 * ({@link org.statekeeper.testing.fuzz.OddText}), the configuration rule every property must keep
 * ({@link org.statekeeper.testing.fuzz.ConfigurationFuzz}), and the hook that lets a run raise the
 * number of tries ({@link org.statekeeper.testing.fuzz.FuzzTries}).
 */
package org.statekeeper.testing.fuzz;

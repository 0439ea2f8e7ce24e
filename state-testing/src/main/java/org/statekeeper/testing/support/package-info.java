/**
 * Helpers the module suites share: a Redis to test against ({@link org.statekeeper.testing.support.TestRedis}),
 * a database with the shipped log schema ({@link org.statekeeper.testing.support.TestDatabase}), and racing
 * threads ({@link org.statekeeper.testing.support.Concurrently}).
 */
package org.statekeeper.testing.support;

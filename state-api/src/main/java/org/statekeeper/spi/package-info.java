/**
 * Service provider interfaces: stores, the event log, value codecs and the transaction system.
 * Applications use {@link org.statekeeper.StateManager}; integrators implement these.
 */
package org.statekeeper.spi;

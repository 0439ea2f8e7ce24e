/**
 * A concurrent mixed workload (get, set, compare-and-set, update, delete, setAll and transactions that
 * touch a key twice) and the checks of what it leaves: the log's invariants (every committed change moved
 * its head row to its event's version; versions without gaps or duplicates; the store never ahead of
 * the head) and the history of versions the callers were given.
 */
package org.statekeeper.testing.workload;

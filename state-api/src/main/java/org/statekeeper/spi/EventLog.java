package org.statekeeper.spi;

/**
 * The durable log: one event row per change and one head row per key, written in the caller's
 * transaction. The log is the source of truth; stores are rebuilt from it. A log implementation
 * provides every role; each part of Statekeeper uses only the role it needs.
 */
public interface EventLog extends LogWriter, LogReader, LogRetention, LogRepair, LogNodes {
}

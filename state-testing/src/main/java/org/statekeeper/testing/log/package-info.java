/**
 * The contract every {@link org.statekeeper.spi.EventLog} passes: extend
 * {@link org.statekeeper.testing.log.EventLogContract} (which includes
 * {@link org.statekeeper.testing.log.KeyListingContract}) in a log implementation's tests, with a
 * {@link org.statekeeper.testing.log.LogTables} that reads its storage behind its back.
 */
package org.statekeeper.testing.log;

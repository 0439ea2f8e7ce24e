package org.statekeeper.spi;

/**
 * The fast, shared view of the current state: a materialised copy of the log's head rows.
 *
 * <p>A store provides every role: {@link StoreValues}, {@link StoreMarkers}, {@link StoreLocks}.
 * Written only after the transaction that produced a change has committed. Every write is
 * version guarded, so applying the same change twice, late or out of order changes nothing.
 */
public interface StateStore extends StoreValues, StoreMarkers, StoreLocks {
}

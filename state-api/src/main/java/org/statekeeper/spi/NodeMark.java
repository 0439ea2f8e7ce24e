package org.statekeeper.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What one node last published about its own commits, each instant read from that node's own clock and
 * compared only with the times that node writes into its head rows: so no two nodes' clocks are ever
 * compared, and a transaction's length does not matter.
 *
 * @param node the node id
 * @param beat grows with every publication; a beat that stops growing is a node that stopped or is stuck
 * @param ended every transaction of the node whose first change was before this instant has ended
 * @param applied every change the node committed in a transaction whose first change was before this
 *        instant is in the store (never after {@code ended})
 * @param unapplied how many keys the node committed and could not put in the store yet (then the others
 *        put its heads written since {@code applied} in the store)
 */
public record NodeMark(String node, long beat, Instant ended, Instant applied, long unapplied) {

    /**
     * Checks the mark.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code applied} is after {@code ended} or {@code unapplied} is negative
     */
    public NodeMark {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(applied, "applied");
        if (applied.isAfter(ended)) {
            throw new IllegalArgumentException("node " + node + ": applied " + applied + " is after ended " + ended);
        }
        if (unapplied < 0) {
            throw new IllegalArgumentException("node " + node + ": unapplied must not be negative, was " + unapplied);
        }
    }
}

package org.statekeeper;

import java.time.Instant;

/**
 * What one node last published in the log about its own commits, as this node read it at its last heal.
 * Its {@code applied} instant comes from that node's clock.
 *
 * @param node the node id
 * @param beat grows with every publication of that node; one standing still is a node stopped or stuck
 * @param applied every change the node committed in a transaction begun before this instant is in the store
 * @param unapplied keys the node committed and could not put in the store yet (the others put them there)
 */
public record NodeHealth(String node, long beat, Instant applied, long unapplied) {
}

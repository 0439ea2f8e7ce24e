package org.statekeeper.spi;

import java.time.Instant;
import java.util.List;

/**
 * The nodes sharing the log: each publishes its {@link NodeMark} there, and the others read it to find the
 * changes a node committed and could not put in the store (it was cut off from the store, or stopped).
 */
public interface LogNodes {

    /** Returns the latest mark of every node that has published one, in node order. */
    List<NodeMark> nodeMarks();

    /** Makes {@code mark} its node's latest, in the current transaction. */
    void markNode(NodeMark mark);

    /** Removes {@code node}'s mark if its beat is still {@code beat} (the node stopped long ago), in the current transaction. */
    void forgetNode(String node, long beat);

    /**
     * Returns up to {@code limit} written heads whose latest version {@code node} wrote at or after
     * {@code since} (by that node's clock), keys after {@code afterKey} (null: from the start), in key order.
     */
    List<Head> headsWrittenBy(String node, Instant since, String afterKey, int limit);
}

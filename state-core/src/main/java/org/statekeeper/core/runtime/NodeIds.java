package org.statekeeper.core.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The node-id rule. A node id is written into every event row's 128-character column and read by
 * operators in audit output, so it must fit and print: 1 to 128 characters, none a control character.
 */
final class NodeIds {

    static final String ACCEPTED = "1 to 128 printable characters (default: the host name)";

    private NodeIds() {
    }

    static boolean valid(String nodeId) {
        return nodeId != null && !nodeId.isEmpty() && nodeId.length() <= 128
                && nodeId.chars().noneMatch(Character::isISOControl);
    }

    /**
     * The id of this run of the node: the node id, cut to leave room, and {@code #} and eight random hex
     * digits. Events, head rows and the nodes' marks record it, so that two applications on one server,
     * or two runs of one node, never pass for one another (each run's marks speak only of its own commits).
     */
    static String life(String nodeId) {
        String base = nodeId.length() > 119 ? nodeId.substring(0, 119) : nodeId;
        return base + "#" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The host name, which tells an operator where a change came from; a random id when the host has no name. */
    static String defaultId() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node-" + UUID.randomUUID();
        }
    }
}

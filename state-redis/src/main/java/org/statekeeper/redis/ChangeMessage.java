package org.statekeeper.redis;

import org.statekeeper.ChangeType;

/**
 * The text of a change-feed message: {@code sk2 <TYPE> <version> <seq> <n>:<nodeId> <m>:<key>}, where
 * {@code seq} counts the sending node's messages from 1 and {@code n} and {@code m} count UTF-16 chars. The
 * length prefixes make any key or node id (spaces, colons, newlines, anything) unambiguous without
 * escaping; a gap in a node's {@code seq} shows that its messages were lost. {@code PING} messages carry no
 * key and, as version, the sender's own {@link System#nanoTime()}: a node hearing its own ping back knows
 * every message that reached Redis before it has been delivered. Messages of the previous format
 * ({@code sk1}, no {@code seq}) are still read, from nodes of the previous version during a rolling upgrade.
 */
final class ChangeMessage {

    static final String FORMAT = "sk2 ";
    private static final String PREVIOUS_FORMAT = "sk1 ";
    private static final String PING = "PING";

    /**
     * A decoded message.
     *
     * @param node the sending node
     * @param seq the sender's count of its messages, -1 for a message of the previous format
     * @param change the change announced, or null for a ping
     * @param pingNanos a ping's {@link System#nanoTime()} at its sender
     */
    record Notice(String node, long seq, RemoteChange change, long pingNanos) {
    }

    private ChangeMessage() {
    }

    static String encode(RemoteChange change, long seq) {
        return encode(change.type().name(), change.version(), seq, change.nodeId(), change.key());
    }

    static String encodePing(String node, long seq, long nanos) {
        return encode(PING, nanos, seq, node, "");
    }

    private static String encode(String type, long version, long seq, String node, String key) {
        return new StringBuilder(FORMAT.length() + key.length() + node.length() + 64)
                .append(FORMAT).append(type).append(' ').append(version).append(' ').append(seq).append(' ')
                .append(node.length()).append(':').append(node).append(' ')
                .append(key.length()).append(':').append(key)
                .toString();
    }

    /**
     * Returns whether {@code message} is in a format this class reads.
     */
    static boolean understands(String message) {
        return message != null && (message.startsWith(FORMAT) || message.startsWith(PREVIOUS_FORMAT));
    }

    /**
     * Parses a message of this format or the previous one.
     *
     * @throws IllegalArgumentException when the message is malformed
     */
    static Notice decode(String message) {
        if (!understands(message)) {
            throw new IllegalArgumentException("not an " + FORMAT.trim() + " change message");
        }
        boolean previous = message.startsWith(PREVIOUS_FORMAT);
        Reader in = new Reader(message, FORMAT.length());
        String type = in.token();
        long version = Long.parseLong(in.token());
        long seq = previous ? -1 : Long.parseLong(in.token());
        if (!previous && seq < 1) {
            throw new IllegalArgumentException("change message has sequence number " + seq);
        }
        String node = in.counted();
        in.expect(' ');
        String key = in.counted();
        if (!in.atEnd()) {
            throw new IllegalArgumentException("change message has trailing text");
        }
        if (!previous && PING.equals(type)) {
            return new Notice(node, seq, null, version);
        }
        return new Notice(node, seq, new RemoteChange(key, version, ChangeType.valueOf(type), node), 0);
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text, int at) {
            this.text = text;
            this.at = at;
        }

        /** Reads up to the next space and skips it. */
        String token() {
            int space = text.indexOf(' ', at);
            if (space <= at) {
                throw new IllegalArgumentException("change message is missing a field at " + at);
            }
            String token = text.substring(at, space);
            at = space + 1;
            return token;
        }

        /** Reads {@code <n>:<n chars>}. */
        String counted() {
            int colon = text.indexOf(':', at);
            if (colon <= at || colon - at > 10) {
                throw new IllegalArgumentException("change message is missing a length at " + at);
            }
            int length = Integer.parseInt(text, at, colon, 10);
            if (length < 0 || length > text.length() - colon - 1) {
                throw new IllegalArgumentException("change message is shorter than its length field says");
            }
            int end = colon + 1 + length;
            at = end;
            return text.substring(colon + 1, end);
        }

        void expect(char c) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw new IllegalArgumentException("change message lacks '" + c + "' at " + at);
            }
            at++;
        }

        boolean atEnd() {
            return at == text.length();
        }
    }
}

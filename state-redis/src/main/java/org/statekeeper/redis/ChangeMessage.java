package org.statekeeper.redis;

import org.statekeeper.ChangeType;

/**
 * The text of a change notification: {@code sk1 <TYPE> <version> <n>:<nodeId> <m>:<key>}, where
 * {@code n} and {@code m} count UTF-16 chars. The length prefixes make any key or node id (spaces,
 * colons, newlines, anything) unambiguous without escaping; {@code sk1} lets a later format coexist
 * with this one during a rolling upgrade.
 */
final class ChangeMessage {

    static final String FORMAT = "sk1 ";

    private ChangeMessage() {
    }

    static String encode(RemoteChange change) {
        String node = change.nodeId();
        String key = change.key();
        return new StringBuilder(FORMAT.length() + key.length() + node.length() + 48)
                .append(FORMAT).append(change.type().name()).append(' ').append(change.version()).append(' ')
                .append(node.length()).append(':').append(node).append(' ')
                .append(key.length()).append(':').append(key)
                .toString();
    }

    /**
     * Returns whether {@code message} is in a format this class reads.
     */
    static boolean understands(String message) {
        return message != null && message.startsWith(FORMAT);
    }

    /**
     * Parses a message of this format.
     *
     * @throws IllegalArgumentException when the message is malformed
     */
    static RemoteChange decode(String message) {
        if (!understands(message)) {
            throw new IllegalArgumentException("not an " + FORMAT.trim() + " change message");
        }
        Reader in = new Reader(message, FORMAT.length());
        ChangeType type = ChangeType.valueOf(in.token());
        long version = Long.parseLong(in.token());
        String node = in.counted();
        in.expect(' ');
        String key = in.counted();
        if (!in.atEnd()) {
            throw new IllegalArgumentException("change message has trailing text");
        }
        return new RemoteChange(key, version, type, node);
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

package org.statekeeper.jpa;

/** Turns a prefix into a LIKE pattern that matches it literally, whatever characters it holds. */
final class LikePattern {

    /** The escape character the log's LIKE clauses declare. */
    static final char ESCAPE = '!';

    private LikePattern() {
    }

    /** Returns the pattern of every string starting with {@code prefix}: its wildcards and escape characters escaped, then {@code %}. */
    static String startingWith(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == ESCAPE) {
                pattern.append(ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}

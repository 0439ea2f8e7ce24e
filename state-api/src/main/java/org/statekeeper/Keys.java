package org.statekeeper;

/**
 * Renders keys safely in messages: quoted, control characters and unpaired surrogates escaped, long
 * keys shortened.
 */
final class Keys {

    private static final int SHOWN = 80;

    private Keys() {
    }

    static String describe(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(key.length(), SHOWN) + 16).append('"');
        int shown = Math.min(key.length(), SHOWN);
        if (shown < key.length() && Character.isHighSurrogate(key.charAt(shown - 1))
                && Character.isLowSurrogate(key.charAt(shown))) {
            shown--; // never cut a pair in two
        }
        for (int i = 0; i < shown; i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < shown && Character.isLowSurrogate(key.charAt(i + 1))) {
                out.append(c).append(key.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (key.length() > SHOWN) {
            out.append("… (").append(key.length()).append(" chars)");
        }
        return out.toString();
    }
}

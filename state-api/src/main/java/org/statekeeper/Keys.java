package org.statekeeper;

/** Renders keys safely in messages: quoted, control characters escaped, long keys shortened. */
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
        for (int i = 0; i < shown; i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
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

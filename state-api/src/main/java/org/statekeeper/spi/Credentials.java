package org.statekeeper.spi;

/**
 * Hides credentials in connection URIs before they reach a message or a log line. Configuration errors
 * quote the value they reject, and a Redis URI's user info holds a password.
 */
public final class Credentials {

    private static final String HIDDEN = "****";

    private Credentials() {
    }

    /**
     * Returns {@code text} with the user info of every {@code scheme://user:password@host} in it masked
     * ({@code user:****}, or {@code ****} when there is no user name, since a lone value is read as a
     * password). The user info runs to the last {@code @} before the next {@code scheme://}, so a
     * password holding {@code /}, {@code @} or {@code ,} is hidden whole; in text without any
     * {@code ://}, all that precedes the last {@code @} is hidden. When in doubt more is hidden, never less.
     *
     * @param text a URI, several separated by commas, or a message quoting them; may be null
     * @return the text with credentials masked ({@code "null"} for null)
     */
    public static String maskUserInfo(String text) {
        if (text == null) {
            return "null";
        }
        if (!text.contains("://")) {
            // No scheme (a mistyped URI such as user:pw@host): whatever precedes the last @ may be a password.
            int at = text.lastIndexOf('@');
            return at < 0 ? text : HIDDEN + text.substring(at);
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (true) {
            int scheme = text.indexOf("://", from);
            if (scheme < 0) {
                return out.append(text, from, text.length()).toString();
            }
            int start = scheme + 3;
            int next = text.indexOf("://", start);
            int end = next < 0 ? text.length() : next;
            int at = text.lastIndexOf('@', end - 1);
            out.append(text, from, start);
            if (at >= start) {
                String info = text.substring(start, at);
                int colon = info.indexOf(':');
                out.append(colon < 0 ? HIDDEN : info.substring(0, colon) + ":" + HIDDEN);
                from = at;
            } else {
                from = start;
            }
            out.append(text, from, end);
            from = end;
        }
    }
}

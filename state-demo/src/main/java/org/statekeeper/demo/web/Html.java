package org.statekeeper.demo.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HTML escaping for the demo page. Every value written into the page goes through {@link #text},
 * whether it came from a user or not, so no rendering path has to decide what is trusted.
 */
public final class Html {

    private Html() {
    }

    /**
     * Escapes a value for element content and double- or single-quoted attribute values.
     *
     * @param value any value; null renders as the empty string
     * @return the value's text with {@code & < > " '} replaced by character references
     */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Encodes a value as one query-string parameter value; escape the whole URL with {@link #text}
     * as well when it goes into an attribute.
     *
     * @param value the parameter value
     * @return the URL-encoded value
     */
    public static String param(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

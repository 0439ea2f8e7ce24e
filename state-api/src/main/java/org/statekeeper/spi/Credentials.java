package org.statekeeper.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials in connection URIs before they reach a message or a log line. Configuration errors
 * quote the value they reject, and a Redis URI's user info (or a {@code password=} query parameter)
 * holds a password, which may contain any character: {@code / @ , : %}, letters of any script,
 * percent-encoded bytes, even {@code ://}. When in doubt more is hidden, never less.
 */
public final class Credentials {

    private static final String HIDDEN = "****";

    /** A query parameter whose value is a secret; its value runs to the next {@code &}, {@code #}, blank or quote. */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&;](?:password|passwd|pwd|pass|secret|token|auth)=)([^&#\\s\"']*)");

    /** A scheme, such as {@code redis}, followed by {@code ://}. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

    /** What may precede a scheme that starts a URI; anything else (a ':' in a password) makes it part of one. */
    private static final String BEFORE_SCHEME = " \t\r\n,;'\"=(<`";

    private Credentials() {
    }

    /**
     * Returns {@code text} with the credentials of every URI in it masked: the user info of
     * {@code scheme://user:password@host} becomes {@code user:****} (or {@code ****} when there is no
     * user name, since a lone value is read as a password), and the value of a {@code password=},
     * {@code token=} or similar query parameter becomes {@code ****}. The user info runs to the last
     * {@code @} before the next URI, so a password holding {@code /}, {@code @}, {@code ,} or
     * {@code ://} is hidden whole; in text without any {@code ://}, all that precedes the last
     * {@code @} is hidden.
     *
     * @param text a URI, several separated by commas, or a message quoting them; may be null
     * @return the text with credentials masked ({@code "null"} for null)
     */
    public static String mask(String text) {
        if (text == null) {
            return "null";
        }
        String masked = SECRET_PARAMETER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + HIDDEN));
        List<int[]> uris = uris(masked);
        if (uris.isEmpty()) {
            // No scheme (a mistyped URI such as user:pw@host): whatever precedes the last @ may be a password.
            int at = masked.lastIndexOf('@');
            return at < 0 ? masked : HIDDEN + masked.substring(at);
        }
        StringBuilder out = new StringBuilder(masked.length());
        int done = 0;
        for (int[] uri : uris) {
            int start = uri[0];
            int end = uri[1];
            out.append(masked, done, start);
            done = end;
            int at = masked.lastIndexOf('@', end - 1);
            if (at >= start) {
                String info = masked.substring(start, at);
                int colon = info.indexOf(':');
                out.append(colon < 0 ? HIDDEN : info.substring(0, colon + 1) + HIDDEN);
                out.append(masked, at, end);
            } else {
                out.append(masked, start, end);
            }
        }
        return out.append(masked, done, masked.length()).toString();
    }

    /**
     * Returns {@code text} {@link #mask masked}, and with every password of {@code uri} removed wherever
     * it appears, as written and percent-decoded: for messages of a parser or client that may quote a
     * URI's parts outside the URI (a decoded password in an error about the port, say).
     *
     * @param text a message; may be null
     * @param uri the URI whose passwords must not appear; may be null
     * @return the text with credentials masked ({@code "null"} for null)
     */
    public static String scrub(String text, String uri) {
        if (text == null) {
            return "null";
        }
        String scrubbed = text;
        for (String secret : secrets(uri)) {
            scrubbed = scrubbed.replace(secret, HIDDEN);
        }
        return mask(scrubbed);
    }

    /** Returns the passwords in {@code uri}, as written and percent-decoded, longest first. */
    static Set<String> secrets(String uri) {
        List<String> found = new ArrayList<>();
        if (uri == null) {
            return Set.of();
        }
        Matcher parameter = SECRET_PARAMETER.matcher(uri);
        while (parameter.find()) {
            found.add(parameter.group(2));
        }
        List<int[]> uris = uris(uri);
        if (uris.isEmpty()) {
            uris = List.of(new int[] {0, uri.length()});
        }
        for (int[] part : uris) {
            int at = uri.lastIndexOf('@', part[1] - 1);
            if (at >= part[0]) {
                String info = uri.substring(part[0], at);
                found.add(info.substring(info.indexOf(':') + 1));
            }
        }
        Set<String> secrets = new LinkedHashSet<>();
        for (String secret : found) {
            if (!secret.isEmpty()) {
                secrets.add(secret);
                secrets.add(decoded(secret));
                // A parser splitting where a URI's parts end may quote a piece of the password as a host or port.
                for (String piece : secret.split("[,/@:?#]")) {
                    if (piece.length() > 1) {
                        secrets.add(piece);
                        secrets.add(decoded(piece));
                    }
                }
            }
        }
        secrets.remove("");
        return secrets.stream().sorted((a, b) -> b.length() - a.length())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }

    /** Percent-decodes {@code s} as a URI parser would ({@code +} stays), or returns it as it is when malformed. */
    private static String decoded(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    /**
     * Returns the [start, end) of each URI's part after {@code scheme://}, up to where the next URI's
     * scheme starts. A {@code scheme://} counts only after a separator (so {@code a://b} inside a password
     * does not), and a part that cannot be a host list (no {@code @}, a non-numeric port) followed by a
     * part with user info is joined with it: that is a password holding {@code ,x://}.
     */
    private static List<int[]> uris(String text) {
        List<int[]> starts = new ArrayList<>();
        Matcher scheme = SCHEME.matcher(text);
        while (scheme.find()) {
            int s = scheme.start();
            if (s == 0 || BEFORE_SCHEME.indexOf(text.charAt(s - 1)) >= 0) {
                starts.add(new int[] {s, scheme.end()});
            }
        }
        List<int[]> parts = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i)[1];
            int next = i + 1;
            while (next < starts.size() && joined(text, start, starts.get(next)[0], next + 1 < starts.size()
                    ? starts.get(next + 1)[0] : text.length())) {
                next++;
            }
            int end = next < starts.size() ? starts.get(next)[0] : text.length();
            parts.add(new int[] {start, end});
            i = next - 1;
        }
        return parts;
    }

    private static boolean joined(String text, int start, int end, int nextEnd) {
        String part = text.substring(start, end);
        if (part.indexOf('@') >= 0 || part.startsWith("[")) {
            return false;
        }
        int colon = part.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String port = part.substring(colon + 1).split("[,/?#\\s'\"]", 2)[0];
        return !port.chars().allMatch(Character::isDigit) && text.substring(end, nextEnd).indexOf('@') >= 0;
    }
}

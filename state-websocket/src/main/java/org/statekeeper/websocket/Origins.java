package org.statekeeper.websocket;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a browser request comes from a page of the application's own origin: its {@code Origin}
 * header names the host and port the request was sent to. A browser sends a user's cookies with a
 * request that another site's page makes, so what reads or changes that user's state checks this.
 */
public final class Origins {

    private Origins() {
    }

    /**
     * Returns whether {@code origin} is the origin of {@code host}, the request's {@code Host} header
     * (default ports aside); false for a missing host or an opaque origin ({@code null}).
     *
     * @param origin the request's {@code Origin} header, not null
     * @param host the request's {@code Host} header, may be null
     * @return whether both name the same host and port
     */
    public static boolean same(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || host == null) {
                return false;
            }
            String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return authority.equalsIgnoreCase(withoutDefaultPort(host.trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(":80") || h.endsWith(":443") ? h.substring(0, h.lastIndexOf(':')) : h;
    }
}

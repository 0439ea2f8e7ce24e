package org.statekeeper.websocket;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses, with 403 before the WebSocket handshake, a connection to the push endpoint from a page of
 * another site (a browser sends the user's cookies with it, so any site could otherwise read what the
 * user may read) or by a user who may read nothing. Declared by annotation so that it runs before the
 * servers' own WebSocket filters; a request to any other path passes straight on.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PushGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient PushHub hub;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        PushSettings settings = hub == null ? null : hub.settings();
        if (settings == null || !settings.enabled()
                || !request.getRequestURI().equals(request.getContextPath() + settings.path())) {
            chain.doFilter(request, response);
            return;
        }
        if (!sameSiteOrAllowed(request.getHeader("Origin"), request.getHeader("Host"), settings)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "statekeeper: pages of this origin may not connect");
            return;
        }
        if (settings.readableBy(request::isUserInRole).none()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "statekeeper: nothing is readable by this user");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether a page of {@code origin} may connect: no origin (not a browser), the application's own, or a listed one. */
    static boolean sameSiteOrAllowed(String origin, String host, PushSettings settings) {
        if (origin == null) {
            return true;
        }
        if (settings.allowedOrigins().contains(origin)) {
            return true;
        }
        return Origins.same(origin, host);
    }
}

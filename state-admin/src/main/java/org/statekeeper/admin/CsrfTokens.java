package org.statekeeper.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.statekeeper.websocket.Origins;

/**
 * Keeps another site from making an operator's browser change state: every request that changes
 * something must carry the token of the operator's session in a header, which a form or a script of
 * another site cannot send (nor read), and must not come from a page of another origin.
 */
final class CsrfTokens {

    static final String HEADER = "X-Statekeeper-Token";
    private static final String ATTRIBUTE = CsrfTokens.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {
    }

    /** Returns the token of the caller's session, making both when there is none. */
    static String tokenOf(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            String token = (String) session.getAttribute(ATTRIBUTE);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                session.setAttribute(ATTRIBUTE, token);
            }
            return token;
        }
    }

    /** Whether a request that changes something carries its session's token and no other site's origin. */
    static boolean allowed(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(ATTRIBUTE);
        String sent = request.getHeader(HEADER);
        if (expected == null || sent == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        String origin = request.getHeader("Origin");
        return origin == null || Origins.same(origin, request.getHeader("Host"));
    }
}

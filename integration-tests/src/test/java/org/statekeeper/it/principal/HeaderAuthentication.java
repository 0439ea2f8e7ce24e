package org.statekeeper.it.principal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/**
 * Test-only Jakarta Security mechanism: the caller is whoever the {@code X-Test-User} header or the
 * {@code test-user} cookie (what a browser can be given) names, as {@code name} (role {@code user}) or
 * {@code name:role} (that role).
 */
@ApplicationScoped
public class HeaderAuthentication implements HttpAuthenticationMechanism {

    static final String HEADER = "X-Test-User";
    static final String COOKIE = "test-user";

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String user = request.getHeader(HEADER);
        if (user == null && request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (COOKIE.equals(cookie.getName())) {
                    user = cookie.getValue();
                }
            }
        }
        if (user == null) {
            return context.doNothing();
        }
        int colon = user.indexOf(':');
        return colon < 0 ? context.notifyContainerAboutLogin(user, Set.of("user"))
                : context.notifyContainerAboutLogin(user.substring(0, colon), Set.of(user.substring(colon + 1)));
    }
}

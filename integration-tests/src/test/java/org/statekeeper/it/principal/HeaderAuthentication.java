package org.statekeeper.it.principal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/** Test-only Jakarta Security mechanism: the caller is whoever the {@code X-Test-User} header names. */
@ApplicationScoped
public class HeaderAuthentication implements HttpAuthenticationMechanism {

    static final String HEADER = "X-Test-User";

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String user = request.getHeader(HEADER);
        return user == null ? context.doNothing() : context.notifyContainerAboutLogin(user, Set.of("user"));
    }
}

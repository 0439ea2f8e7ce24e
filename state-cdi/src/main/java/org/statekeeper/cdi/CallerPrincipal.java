package org.statekeeper.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;

/** The name recorded as the principal of a change: the container's caller, or {@code anonymous}. */
@ApplicationScoped
class CallerPrincipal {

    static final String ANONYMOUS = "anonymous";

    @Inject
    Instance<SecurityContext> security;

    String name() {
        try {
            if (!security.isResolvable()) {
                return ANONYMOUS;
            }
            Principal caller = security.get().getCallerPrincipal();
            String name = caller == null ? null : caller.getName();
            return name == null || name.isBlank() || ANONYMOUS.equalsIgnoreCase(name) ? ANONYMOUS : name;
        } catch (RuntimeException noSecurityContextHere) {
            return ANONYMOUS;
        }
    }
}

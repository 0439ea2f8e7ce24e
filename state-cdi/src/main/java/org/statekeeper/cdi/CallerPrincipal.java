package org.statekeeper.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Principal;

/**
 * The name recorded as the principal of a change: the container's caller, or {@code anonymous}.
 *
 * <p>Reads the container's built-in {@link Principal} bean, which both servers answer from the
 * identity bound to the calling thread (an EJB's run-as identity included). Jakarta Security's
 * {@code SecurityContext} gives the same name but costs a JNDI lookup and a parse of the caller's
 * subject per call on Payara: a sixth of the CPU of a one-change transaction (BENCHMARKS.md).
 */
@ApplicationScoped
class CallerPrincipal {

    static final String ANONYMOUS = "anonymous";

    @Inject
    Principal caller;

    String name() {
        try {
            String name = caller.getName();
            return name == null || name.isBlank() || ANONYMOUS.equalsIgnoreCase(name) ? ANONYMOUS : name;
        } catch (RuntimeException noCallerHere) {
            // No security context on this thread (a thread the container did not start, a server
            // without security services): the change is not any user's.
            return ANONYMOUS;
        }
    }
}

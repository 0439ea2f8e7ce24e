package org.statekeeper.it.lifecycle;

import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Gives tests in other packages the servlet that drives a StateManager over HTTP. */
public final class LifecycleServlets {

    private LifecycleServlets() {
    }

    /**
     * Adds the state servlet and its observer bean to {@code war}.
     *
     * @param war the archive
     * @return the same archive
     */
    public static WebArchive addTo(WebArchive war) {
        return war.addClasses(StateServlet.class, ObservedChanges.class, HeldTransaction.class);
    }
}

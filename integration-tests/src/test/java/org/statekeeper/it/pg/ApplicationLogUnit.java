package org.statekeeper.it.pg;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.statekeeper.cdi.StateLog;

/** Points Statekeeper's log at the application's own persistence unit, as the README tells users to. */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class ApplicationLogUnit {

    @Produces
    @StateLog
    @PersistenceContext(unitName = "app")
    EntityManager em;
}

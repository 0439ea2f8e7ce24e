package org.statekeeper.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Produces the zero-configuration log entity manager, on the persistence unit shipped in state-jpa-log. */
@ApplicationScoped
class StateLogUnit {

    @Produces
    @StateLog
    @PersistenceContext(unitName = "statekeeper")
    EntityManager entityManager;
}

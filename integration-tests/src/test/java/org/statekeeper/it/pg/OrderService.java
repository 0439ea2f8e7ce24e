package org.statekeeper.it.pg;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.statekeeper.StateManager;

/** Writes a business row and a state key in one container transaction, as an application would. */
@Stateless
public class OrderService {

    @PersistenceContext(unitName = "app")
    EntityManager em;

    @Inject
    StateManager state;

    public void place(String orderId, String stateKey, boolean failAfterwards) {
        em.persist(new PurchaseOrder(orderId));
        state.set(stateKey, orderId);
        if (failAfterwards) {
            throw new IllegalStateException("payment refused");
        }
    }

    public boolean orderExists(String orderId) {
        return em.find(PurchaseOrder.class, orderId) != null;
    }

    /** Counts event rows with plain SQL on the application's datasource, bypassing Statekeeper. */
    public long eventRowsInApplicationDatabase(String stateKey) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM sk_event WHERE state_key = ?1")
                .setParameter(1, stateKey).getSingleResult()).longValue();
    }
}

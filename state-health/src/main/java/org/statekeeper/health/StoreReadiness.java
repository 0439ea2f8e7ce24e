package org.statekeeper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.statekeeper.StoreStatus;

/**
 * Readiness of the store ({@code statekeeper-store}): up while it serves reads or heals; down while it does not
 * answer only when {@code state.health.store-required=true}. Reports figures, never keys or values.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    @Inject
    StatekeeperHealth health;

    @Override
    public HealthCheckResponse call() {
        StoreStatus store = health.monitor().store();
        boolean required = health.settings().storeRequired();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("statekeeper-store")
                .status(Verdicts.storeReady(store, required))
                .withData("store", store.store())
                .withData("serving", store.serving())
                .withData("complete", store.complete())
                .withData("pendingKeys", store.pendingKeys())
                .withData("storeRequired", required);
        if (store.failingSince() != null) {
            response.withData("failingSince", store.failingSince().toString());
        }
        return response.build();
    }
}

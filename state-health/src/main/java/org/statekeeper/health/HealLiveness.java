package org.statekeeper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.statekeeper.HealStatus;
import org.statekeeper.StoreStatus;

/**
 * Liveness of the heal loop ({@code statekeeper-heal}): down when no heal run has ended within
 * {@code state.health.stall-after}, or a key has been pending that long while the store answers, the cases a
 * restart of the node would cure.
 */
@Liveness
@ApplicationScoped
public class HealLiveness implements HealthCheck {

    @Inject
    StatekeeperHealth health;

    @Override
    public HealthCheckResponse call() {
        HealStatus heal = health.monitor().healing();
        StoreStatus store = health.monitor().store();
        String stalled = Verdicts.stalled(heal, store, health.settings().stallAfter(), Instant.now());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("statekeeper-heal")
                .status(stalled == null)
                .withData("lastHealEnded", heal.lastHealEnded().toString())
                .withData("pendingKeys", store.pendingKeys())
                .withData("stallAfter", health.settings().stallAfter().toString());
        if (heal.oldestPendingSince() != null) {
            response.withData("oldestPendingSince", heal.oldestPendingSince().toString());
        }
        if (stalled != null) {
            response.withData("stalled", stalled);
        }
        return response.build();
    }
}

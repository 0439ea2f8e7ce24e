package org.statekeeper.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.statekeeper.HealStatus;

/**
 * Readiness of the log's datasource ({@code statekeeper-log}): up while the heal's last read of the log (every
 * {@code state.heal.interval}) answered. Read from the heal rather than probed here: a probe runs on the health
 * endpoint's thread, which on some servers has no transaction manager or naming context of the application.
 */
@Readiness
@ApplicationScoped
public class LogReadiness implements HealthCheck {

    @Inject
    StatekeeperHealth health;

    @Override
    public HealthCheckResponse call() {
        HealStatus heal = health.monitor().healing();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("statekeeper-log")
                .status(Verdicts.logReady(heal))
                .withData("lastHealEnded", heal.lastHealEnded().toString());
        if (heal.logFailingSince() != null) {
            response.withData("failingSince", heal.logFailingSince().toString());
        }
        return response.build();
    }
}

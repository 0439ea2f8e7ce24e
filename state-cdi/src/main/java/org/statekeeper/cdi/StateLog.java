package org.statekeeper.cdi;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the {@code EntityManager} the event log is written through.
 *
 * <p>Statekeeper produces one on its own persistence unit {@code statekeeper} (the server's default
 * datasource). To log in your application's own persistence unit, so that state changes and your
 * entities commit together on one datasource, declare an {@code @Alternative @Priority(...)} bean
 * with a {@code @Produces @StateLog @PersistenceContext(unitName = "yours") EntityManager} field,
 * and list {@code org.statekeeper.jpa.StateEventEntity} and {@code org.statekeeper.jpa.StateHeadEntity}
 * in that unit.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface StateLog {
}

package org.statekeeper.testing.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when {@link LocalRedis} can start {@code redis-server}; otherwise it is reported
 * as skipped, naming what to install. For classes that start servers before JUnit's {@code @BeforeAll}
 * (an Arquillian deployment), where the {@link LocalRedis} extension's own check comes too late.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresRedisServer.Condition.class)
public @interface RequiresRedisServer {

    /** Evaluates {@link RequiresRedisServer}. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return LocalRedis.installed() ? ConditionEvaluationResult.enabled("redis-server is installed")
                    : ConditionEvaluationResult.disabled(LocalRedis.missingReason());
        }
    }
}

package org.statekeeper.testing.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresDatabase}: skipped without the variable, failed with a malformed one. */
public final class DatabaseCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        RequiresDatabase required = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresDatabase.class))
                .orElse(null);
        if (required == null) {
            return ConditionEvaluationResult.enabled("no database required");
        }
        return evaluate(required, System.getenv(required.variable()));
    }

    /** Judges {@code value}, the variable's value (null when unset), against what {@code required} asks. */
    static ConditionEvaluationResult evaluate(RequiresDatabase required, String value) {
        if (value == null || value.isBlank()) {
            return ConditionEvaluationResult.disabled("set " + required.variable() + "=" + required.example()
                    + " to run");
        }
        if (!value.trim().startsWith(required.prefix()) || value.trim().length() == required.prefix().length()) {
            // Thrown, not disabled: a typo in the variable must fail the build rather than skip the suite.
            throw new ExtensionConfigurationException(required.variable() + " is set but is not a "
                    + required.prefix() + "… URL (e.g. " + required.example() + "): fix or unset it");
        }
        return ConditionEvaluationResult.enabled(required.variable() + " is set");
    }
}

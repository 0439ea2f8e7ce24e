package org.statekeeper.testing.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A database suite is skipped when its variable is unset, and fails, never skips, when it is malformed. */
class DatabaseConditionTest {

    @RequiresDatabase(variable = "SOME_PG_URL", prefix = "jdbc:postgresql:", example = "jdbc:postgresql://h:5432/db")
    private static final class Annotated {
    }

    private static final RequiresDatabase PG = Annotated.class.getAnnotation(RequiresDatabase.class);

    @Test
    void anUnsetVariableSkipsTheSuiteSayingHowToEnableIt() {
        for (String unset : new String[] {null, "", "  "}) {
            ConditionEvaluationResult result = DatabaseCondition.evaluate(PG, unset);
            assertTrue(result.isDisabled());
            assertTrue(result.getReason().orElseThrow().contains("set SOME_PG_URL=jdbc:postgresql://h:5432/db"),
                    result.getReason()::get);
        }
    }

    @Test
    void aMalformedVariableFailsTheSuiteNamingTheVariable() {
        for (String wrong : new String[] {"postgres://h:5432/db", "jdbc:mariadb://h/db", "jdbc:postgresql:", "h:5432"}) {
            ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                    () -> DatabaseCondition.evaluate(PG, wrong), wrong);
            assertTrue(e.getMessage().contains("SOME_PG_URL is set but is not a jdbc:postgresql:"), e.getMessage());
        }
    }

    @Test
    void aWellFormedVariableRunsTheSuite() {
        assertFalse(DatabaseCondition.evaluate(PG, " jdbc:postgresql://127.0.0.1:5432/test?user=postgres ").isDisabled());
    }
}

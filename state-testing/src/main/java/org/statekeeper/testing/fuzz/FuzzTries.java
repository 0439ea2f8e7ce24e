package org.statekeeper.testing.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets one run try every property of a fuzz suite more often than its {@code @Property(tries = …)} says:
 * {@code -Dstatekeeper.fuzz.tries=100000}. Never fewer: the number in the annotation is the floor a
 * normal build keeps; examples (one try) are left alone. Add it to a suite with {@code @AddLifecycleHook(FuzzTries.class)}.
 */
public final class FuzzTries implements AroundPropertyHook {

    /** The system property naming the number of tries for this run. */
    public static final String PROPERTY = "statekeeper.fuzz.tries";

    /** Creates the hook; jqwik does. */
    public FuzzTries() {
    }

    /** Added to a suite (a class), it applies to every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String wanted = System.getProperty(PROPERTY, "").trim();
        if (!wanted.isEmpty()) {
            int tries = Integer.parseInt(wanted);
            int declared = context.attributes().tries().orElse(1);
            // An @Example (one try) stays one: it checks a fact, not a sample.
            if (declared > 1 && tries > declared) {
                context.attributes().setTries(tries);
            }
        }
        return property.execute();
    }
}

package org.statekeeper.testing.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets one run try every property of a fuzz suite more often than its {@code @Property(tries = …)} says:
 * {@code -Dstatekeeper.fuzz.tries=100000}. Never fewer: the number in the annotation is the floor a
 * normal build keeps. Add it to a suite with {@code @AddLifecycleHook(FuzzTries.class)}.
 */
public final class FuzzTries implements AroundPropertyHook {

    /** The system property naming the number of tries for this run. */
    public static final String PROPERTY = "statekeeper.fuzz.tries";

    /** Creates the hook; jqwik does. */
    public FuzzTries() {
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String wanted = System.getProperty(PROPERTY, "").trim();
        if (!wanted.isEmpty()) {
            int tries = Integer.parseInt(wanted);
            if (tries > context.attributes().tries().orElse(0)) {
                context.attributes().setTries(tries);
            }
        }
        return property.execute();
    }
}

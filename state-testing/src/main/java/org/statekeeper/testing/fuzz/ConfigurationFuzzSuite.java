package org.statekeeper.testing.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/**
 * The base of a module's configuration fuzz suite: its properties' values ({@code @ForAll("values")}, from
 * {@link ConfigurationFuzz#values()}) and its properties themselves ({@code @ForAll("properties")}).
 */
public abstract class ConfigurationFuzzSuite {

    /** Creates the suite; jqwik does. */
    protected ConfigurationFuzzSuite() {
    }

    /**
     * Returns the properties the suite fuzzes.
     *
     * @return the property names
     */
    protected abstract List<String> fuzzedProperties();

    /**
     * Returns the values to try.
     *
     * @return the values
     */
    @Provide
    public Arbitrary<String> values() {
        return ConfigurationFuzz.values();
    }

    /**
     * Returns one of the fuzzed properties.
     *
     * @return the properties
     */
    @Provide
    public Arbitrary<String> properties() {
        return Arbitraries.of(fuzzedProperties());
    }
}

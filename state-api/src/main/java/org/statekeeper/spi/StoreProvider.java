package org.statekeeper.spi;

/**
 * Makes a {@link StateStore} from configuration. Statekeeper finds providers with
 * {@link java.util.ServiceLoader} (a jar lists its provider in
 * {@code META-INF/services/org.statekeeper.spi.StoreProvider}) and opens the one whose {@link #name()}
 * the {@code state.store} property names; adding a store to an application is adding its jar.
 */
public interface StoreProvider {

    /** Returns the name that selects this provider as {@code state.store}: lower case letters, digits and dashes. */
    String name();

    /**
     * Opens the store the settings describe (its own properties are {@code state.<name>.*} by
     * convention) and returns it with what belongs to it; throws
     * {@link org.statekeeper.StateConfigurationException} naming the property when a value is wrong.
     */
    StorePlugin open(Settings settings);
}

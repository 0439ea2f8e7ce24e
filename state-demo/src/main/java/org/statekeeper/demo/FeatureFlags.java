package org.statekeeper.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.statekeeper.StateConflictException;
import org.statekeeper.StateManager;

/**
 * Boolean feature flags, one key each ({@code flag:NAME}).
 *
 * <p>The set of flags is fixed by the application: a flag is only useful where code reads it, and a
 * fixed set keeps callers from creating arbitrary keys.
 */
@ApplicationScoped
public class FeatureFlags {

    /** Switches the page to a dark colour scheme. */
    public static final String DARK_MODE = "dark-mode";
    /** Shows a welcome banner at the top of the page. */
    public static final String WELCOME_BANNER = "welcome-banner";
    /** Hides the cart panel: a kill switch for a feature. */
    public static final String CART_DISABLED = "cart-disabled";
    /** Every flag the application knows, in display order. */
    public static final List<String> NAMES = List.of(DARK_MODE, WELCOME_BANNER, CART_DISABLED);

    private static final String PREFIX = "flag:";

    @Inject
    StateManager state;

    /**
     * Returns whether {@code name} is a flag this application knows.
     *
     * @param name a flag name, may be null
     * @return true for one of {@link #NAMES}
     */
    public boolean isKnown(String name) {
        return NAMES.contains(name);
    }

    /**
     * Reads every flag with its version.
     *
     * @return the flags in display order
     */
    public List<Flag> all() {
        return NAMES.stream().map(this::read).toList();
    }

    /**
     * Reads one flag with its version.
     *
     * @param name a known flag name
     * @return the flag; off with version 0 when it was never set
     * @throws IllegalArgumentException when the flag is unknown
     */
    public Flag read(String name) {
        return state.getVersioned(key(name), Boolean.class)
                .map(v -> new Flag(name, v.value(), v.version()))
                .orElseGet(() -> new Flag(name, false, 0));
    }

    /**
     * Returns whether a flag is on.
     *
     * @param name a known flag name
     * @return true when it is on
     * @throws IllegalArgumentException when the flag is unknown
     */
    public boolean isEnabled(String name) {
        return state.get(key(name), Boolean.class, false);
    }

    /**
     * Sets a flag whatever its current version (last write wins).
     *
     * @param name a known flag name
     * @param enabled the new value
     * @return the flag after the change
     * @throws IllegalArgumentException when the flag is unknown
     */
    public Flag set(String name, boolean enabled) {
        return new Flag(name, enabled, state.set(key(name), enabled));
    }

    /**
     * Sets a flag only if it is still at the version the caller saw, so that two people toggling the
     * same flag from stale pages cannot silently undo each other.
     *
     * @param name a known flag name
     * @param expectedVersion the version the caller read (0: the flag was never set)
     * @param enabled the new value
     * @return the flag after the change
     * @throws StateConflictException when the flag changed since the caller read it
     * @throws IllegalArgumentException when the flag is unknown
     */
    public Flag change(String name, long expectedVersion, boolean enabled) {
        return new Flag(name, enabled, state.compareAndSet(key(name), expectedVersion, enabled));
    }

    private String key(String name) {
        if (!isKnown(name)) {
            throw new IllegalArgumentException("Unknown feature flag");
        }
        return PREFIX + name;
    }
}

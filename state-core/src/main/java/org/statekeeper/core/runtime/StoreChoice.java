package org.statekeeper.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.StoreProvider;
import org.statekeeper.spi.StorePlugin;

/**
 * Which store an application gets, and opening it. Stores are plugins found with
 * {@link ServiceLoader}; only {@code memory} is built in. The first-party plugins are named here so
 * that asking for one whose jar is missing says which artifact to add instead of "unknown store".
 */
final class StoreChoice {

    static final String MEMORY = "memory";

    /** A first-party plugin: its store name, its Maven artifact, and the property whose presence asks for it. */
    private record Known(String name, String artifact, String impliedBy) {
    }

    private static final List<Known> KNOWN = List.of(
            new Known("redis", "org.statekeeper:state-redis", "state.redis.uri"));

    private StoreChoice() {
    }

    /**
     * The store named by {@code state.store}; unset, a first-party plugin whose address property is set
     * (so {@code state.redis.uri} alone switches to Redis), else memory.
     */
    static String storeName(SettingsReader read) {
        return read.value(StatekeeperSettings.STORE).orElseGet(() -> KNOWN.stream()
                .filter(k -> read.value(k.impliedBy()).isPresent())
                .map(Known::name).findFirst().orElse(MEMORY));
    }

    /** Opens the store the settings name, with the plugins {@code loader} sees. */
    static StorePlugin open(StatekeeperSettings settings, ClassLoader loader) {
        String name = settings.store();
        if (name.equals(MEMORY)) {
            return new InMemoryStoreProvider().open(settings.source());
        }
        Map<String, StoreProvider> found = new TreeMap<>();
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, loader)) {
            found.putIfAbsent(provider.name(), provider);
        }
        StoreProvider provider = found.get(name);
        if (provider != null) {
            return provider.open(settings.source());
        }
        List<String> available = new ArrayList<>(List.of(MEMORY));
        available.addAll(found.keySet());
        String property = settings.source().value(StatekeeperSettings.STORE).isPresent()
                ? StatekeeperSettings.STORE : null;
        for (Known known : KNOWN) {
            if (known.name().equals(name)) {
                String asked = property != null ? property : known.impliedBy();
                String value = settings.source().value(asked).orElse(name);
                throw new StateConfigurationException(asked, value, String.join(" | ", available)
                        + " with the store modules on the class path; the '" + name + "' store needs the module "
                        + known.artifact() + ", which is missing: add it to the application (WEB-INF/lib), or"
                        + " remove " + asked + " to use the in-memory store");
            }
        }
        throw new StateConfigurationException(StatekeeperSettings.STORE, name, String.join(" | ", available)
                + " (a store plugin is found through META-INF/services/" + StoreProvider.class.getName()
                + " in its jar)");
    }
}

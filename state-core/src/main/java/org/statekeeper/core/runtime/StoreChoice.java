package org.statekeeper.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.StoreProvider;
import org.statekeeper.spi.StorePlugin;

/**
 * Which store an application gets, and opening it. Stores are plugins found with {@link ServiceLoader};
 * only {@code memory} is built in. Nothing here knows any plugin: a plugin's address property is
 * {@code state.<name>.uri} and Statekeeper's own plugins are the artifacts
 * {@code org.statekeeper:state-<name>}, by convention, so that a missing jar can be named.
 */
final class StoreChoice {

    static final String MEMORY = "memory";

    private static final Pattern ADDRESS = Pattern.compile("state\\.([a-z0-9][a-z0-9-]*)\\.uri");

    private StoreChoice() {
    }

    /**
     * The store named by {@code state.store}; unset, the one whose address property
     * ({@code state.<name>.uri}) is set, so that {@code state.redis.uri} alone switches to Redis; else memory.
     */
    static String storeName(SettingsReader read, Iterable<String> propertyNames) {
        Optional<String> named = read.value(StatekeeperSettings.STORE);
        if (named.isPresent()) {
            return named.get();
        }
        Set<String> addressed = new TreeSet<>();
        for (String property : propertyNames) {
            Matcher m = ADDRESS.matcher(property);
            if (m.matches() && read.value(property).filter(v -> !v.isEmpty()).isPresent()) {
                addressed.add(m.group(1));
            }
        }
        if (addressed.size() > 1) {
            throw new StateConfigurationException(StatekeeperSettings.STORE, "",
                    "one of " + String.join(" | ", addressed) + ": the addresses of several stores are set");
        }
        return addressed.isEmpty() ? MEMORY : addressed.iterator().next();
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
        boolean named = settings.source().value(StatekeeperSettings.STORE).isPresent();
        String asked = named ? StatekeeperSettings.STORE : "state." + name + ".uri";
        String value = settings.source().value(asked).orElse(name);
        throw new StateConfigurationException(asked, value, String.join(" | ", available)
                + " with the store modules on the class path; the '" + name + "' store needs the module"
                + " org.statekeeper:state-" + name + " (or the jar of a third-party '" + name + "' store), which is"
                + " missing: add it to the application (WEB-INF/lib), or remove " + asked + " to use the in-memory"
                + " store (a store plugin is found through META-INF/services/" + StoreProvider.class.getName() + ")");
    }
}

package org.statekeeper.websocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * The push endpoint's configuration ({@code state.push.*}), validated once at deployment: a wrong value
 * fails it with a {@link StateConfigurationException} naming the property and what it accepts.
 *
 * @param enabled whether the endpoint is deployed at all
 * @param path the endpoint's path within the application
 * @param publicPrefixes key prefixes anyone may read ({@code ""}: every key)
 * @param rolePrefixes for each role, the key prefixes its users may read
 * @param maxSubscriptions the most keys and prefixes one connection may subscribe to
 * @param maxPending the most keys with a change waiting to be sent to one connection before it is closed
 * @param maxMessageBytes the largest message a browser may send
 * @param allowedOrigins origins of pages on other sites allowed to connect, besides the application's own
 */
public record PushSettings(boolean enabled, String path, List<String> publicPrefixes,
        Map<String, List<String>> rolePrefixes, int maxSubscriptions, int maxPending, int maxMessageBytes,
        List<String> allowedOrigins) {

    /** Property turning the push endpoint on. */
    public static final String PUSH = "state.push";
    /** Property setting the endpoint's path. */
    public static final String PATH = "state.push.path";
    /** Property listing the prefixes anyone may read. */
    public static final String PUBLIC_PREFIXES = "state.push.public-prefixes";
    /** Property listing, as role=prefix pairs, the prefixes the users of a role may read. */
    public static final String ROLE_PREFIXES = "state.push.role-prefixes";
    /** Property bounding one connection's subscriptions. */
    public static final String MAX_SUBSCRIPTIONS = "state.push.max-subscriptions";
    /** Property bounding one connection's unsent changes. */
    public static final String MAX_PENDING = "state.push.max-pending";
    /** Property bounding the size of a browser's messages. */
    public static final String MAX_MESSAGE_BYTES = "state.push.max-message-bytes";
    /** Property listing the origins of other sites' pages allowed to connect. */
    public static final String ALLOWED_ORIGINS = "state.push.allowed-origins";

    private static final String PREFIX_LIST = "prefixes separated by commas, * for every key (default: none)";

    /** Copies the collections, so the settings cannot change after validation. */
    public PushSettings {
        publicPrefixes = List.copyOf(publicPrefixes);
        rolePrefixes = Map.copyOf(rolePrefixes);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * Reads and validates the push properties.
     *
     * @param settings Statekeeper's configuration
     * @return the validated settings
     * @throws StateConfigurationException naming the first property with a wrong value
     */
    public static PushSettings read(Settings settings) {
        boolean on = settings.oneOf(PUSH, "off", List.of("on", "off")).equals("on");
        String path = WebPaths.read(settings, PATH, "/statekeeper/push");
        List<String> open = prefixes(PUBLIC_PREFIXES, settings.value(PUBLIC_PREFIXES), PREFIX_LIST);
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        String rolesAccepted = "role=prefix pairs separated by commas, e.g. operator=flag:,operator=cart: (* for every key;"
                + " default: none)";
        Optional<String> roles = settings.value(ROLE_PREFIXES);
        for (String pair : roles.map(PushSettings::items).orElse(List.of())) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new StateConfigurationException(ROLE_PREFIXES, roles.get(), rolesAccepted);
            }
            String prefix = pair.substring(eq + 1).trim();
            byRole.computeIfAbsent(pair.substring(0, eq).trim(), r -> new ArrayList<>()).add("*".equals(prefix) ? "" : prefix);
        }
        int subscriptions = settings.intIn(MAX_SUBSCRIPTIONS, 100, 1, 10_000);
        int pending = settings.intIn(MAX_PENDING, 1_000, 1, 1_000_000);
        int message = settings.intIn(MAX_MESSAGE_BYTES, 16_384, 256, 1_048_576);
        List<String> origins = settings.value(ALLOWED_ORIGINS).map(PushSettings::items).orElse(List.of());
        for (String origin : origins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new StateConfigurationException(ALLOWED_ORIGINS, settings.value(ALLOWED_ORIGINS).get(),
                        "origins such as https://app.example.com or http://localhost:8080, separated by commas"
                                + " (default: only the application's own)");
            }
        }
        return new PushSettings(on, path, open, byRole, subscriptions, pending, message, origins);
    }

    private static List<String> prefixes(String property, Optional<String> raw, String accepted) {
        List<String> out = new ArrayList<>();
        for (String item : raw.map(PushSettings::items).orElse(List.of())) {
            out.add("*".equals(item) ? "" : item);
        }
        if (raw.isPresent() && out.isEmpty()) {
            throw new StateConfigurationException(property, raw.get(), accepted);
        }
        return out;
    }

    private static List<String> items(String list) {
        return List.of(list.split(",")).stream().map(String::trim).filter(Predicate.not(String::isEmpty)).toList();
    }

    /**
     * Returns the prefixes a caller may read: the public ones and those of every role {@code inRole} says
     * the caller has.
     *
     * @param inRole whether the caller is in a role
     * @return the readable prefixes, empty when the caller may read nothing
     */
    public Readable readableBy(Predicate<String> inRole) {
        List<String> readable = new ArrayList<>(publicPrefixes);
        rolePrefixes.forEach((role, prefixes) -> {
            if (inRole.test(role)) {
                readable.addAll(prefixes);
            }
        });
        return new Readable(readable);
    }
}

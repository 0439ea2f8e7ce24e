package org.statekeeper.admin;

import java.util.List;
import java.util.Optional;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * The operator console's configuration ({@code state.admin.*}): off unless a role is named.
 *
 * @param role the role a user needs to see or use the console, empty when the console is off
 * @param path the console's path within the application
 */
public record AdminSettings(Optional<String> role, String path) {

    /** Property naming the role of the console's users; the console is off without it. */
    public static final String ROLE = "state.admin.role";
    /** Property setting the console's path. */
    public static final String PATH = "state.admin.path";

    /**
     * Reads and validates the console's properties.
     *
     * @param settings Statekeeper's configuration
     * @return the validated settings
     * @throws StateConfigurationException naming the first property with a wrong value
     */
    public static AdminSettings read(Settings settings) {
        Optional<String> role = settings.value(ROLE);
        if (role.isPresent() && !role.get().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new StateConfigurationException(ROLE, role.get(),
                    "a role name of 1 to 64 letters, digits and _ . - (unset: no console)");
        }
        String path = org.statekeeper.websocket.WebPaths.read(settings, PATH, "/statekeeper/admin");
        return new AdminSettings(role, path);
    }

    /** The methods that change something, which need the console's token. */
    static final List<String> MUTATING = List.of("POST", "PUT", "DELETE", "PATCH");
}

package org.statekeeper.websocket;

import org.statekeeper.StateConfigurationException;
import org.statekeeper.spi.Settings;

/**
 * The one rule for the paths Statekeeper's web parts (the push endpoint, the console) are deployed at:
 * a path a servlet or endpoint mapping takes as it is, with nothing to escape or normalise.
 */
public final class WebPaths {

    private WebPaths() {
    }

    /**
     * Returns the path configured under {@code property}, or {@code defaultPath} when it is unset.
     *
     * @param settings Statekeeper's configuration
     * @param property the property naming the path
     * @param defaultPath the path when the property is unset
     * @return the validated path
     * @throws StateConfigurationException naming {@code property} when the path does not start with /, ends
     *         with /, holds // or a character other than letters, digits and . _ ~ - /, or is too long
     */
    public static String read(Settings settings, String property, String defaultPath) {
        String path = settings.value(property).orElse(defaultPath);
        if (!path.matches("/[A-Za-z0-9._~/-]{1,200}") || path.contains("//") || path.endsWith("/")) {
            throw new StateConfigurationException(property, path,
                    "a path starting with / of letters, digits and . _ ~ - /, not ending with / (default " + defaultPath + ")");
        }
        return path;
    }
}

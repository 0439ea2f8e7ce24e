package org.statekeeper.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateConfigurationException;
import org.statekeeper.core.runtime.StatekeeperSettings;

/** The push properties: defaults, what each accepts, and errors naming the property. */
class PushSettingsTest {

    private static PushSettings read(Map<String, String> properties) {
        return PushSettings.read(StatekeeperSettings.read(properties).source());
    }

    @Test
    void offByDefaultWithNothingReadable() {
        PushSettings s = read(Map.of());
        assertFalse(s.enabled());
        assertEquals("/statekeeper/push", s.path());
        assertTrue(s.readableBy(role -> true).none(), "nothing is readable unless configured");
    }

    @Test
    void publicAndRolePrefixesMakeUpWhatAUserMayRead() {
        PushSettings s = read(Map.of("state.push", "on", "state.push.public-prefixes", "flag:, visits",
                "state.push.role-prefixes", "operator=cart:,operator=audit:,user=cart:mine:"));
        assertEquals(List.of("flag:", "visits"), s.readableBy(role -> false).prefixes());
        Readable operator = s.readableBy("operator"::equals);
        assertTrue(operator.key("cart:ann") && operator.key("audit:x") && operator.key("flag:a"));
        assertFalse(operator.key("secret"));
        assertTrue(operator.prefix("cart:a"), "a narrower prefix of a readable one");
        assertFalse(operator.prefix("car"), "a wider prefix is not");
        assertTrue(read(Map.of("state.push.public-prefixes", "*")).readableBy(r -> false).key("anything"));
    }

    @Test
    void wrongValuesFailNamingThePropertyAndWhatItAccepts() {
        for (Map.Entry<String, String> bad : Map.of("state.push", "yes", "state.push.path", "no-slash",
                "state.push.role-prefixes", "operator", "state.push.public-prefixes", " , ",
                "state.push.max-subscriptions", "0", "state.push.max-pending", "lots",
                "state.push.max-message-bytes", "100", "state.push.allowed-origins", "javascript:alert(1)").entrySet()) {
            StateConfigurationException e = assertThrows(StateConfigurationException.class,
                    () -> read(Map.of(bad.getKey(), bad.getValue())), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
    }

    @Test
    void onlyTheApplicationsOwnOriginOrAListedOneMayConnect() {
        PushSettings s = read(Map.of("state.push.allowed-origins", "https://other.example"));
        assertTrue(PushGate.sameSiteOrAllowed(null, "app.example", s), "not a browser");
        assertTrue(PushGate.sameSiteOrAllowed("https://app.example", "app.example:443", s));
        assertTrue(PushGate.sameSiteOrAllowed("http://localhost:8080", "localhost:8080", s));
        assertTrue(PushGate.sameSiteOrAllowed("https://other.example", "app.example", s));
        assertFalse(PushGate.sameSiteOrAllowed("https://evil.example", "app.example", s));
        assertFalse(PushGate.sameSiteOrAllowed("http://localhost:9999", "localhost:8080", s));
        assertFalse(PushGate.sameSiteOrAllowed("null", "app.example", s), "a sandboxed page");
    }
}

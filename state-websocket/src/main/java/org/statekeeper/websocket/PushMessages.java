package org.statekeeper.websocket;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Collection;

/**
 * The messages the server sends, built with JSON-P so that every key, value and reason is escaped as
 * JSON whatever it holds; a browser that renders them as text (never as HTML) shows them inert.
 */
final class PushMessages {

    private PushMessages() {
    }

    /** A key's value at a version. */
    static String value(String key, long version, JsonValue value) {
        return Json.createObjectBuilder().add("op", "value").add("key", key).add("version", version)
                .add("value", value).build().toString();
    }

    /** A key that no longer holds a value ({@code version} 0 when not known). */
    static String deleted(String key, long version) {
        return Json.createObjectBuilder().add("op", "deleted").add("key", key).add("version", version).build().toString();
    }

    /** What a subscribe request was granted and refused. */
    static String subscribed(Collection<String> keys, Collection<String> prefixes, Collection<String> denied,
            String reason) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("op", "subscribed").add("keys", array(keys))
                .add("prefixes", array(prefixes)).add("denied", array(denied));
        if (reason != null) {
            b.add("reason", reason);
        }
        return b.build().toString();
    }

    /** A request the server could not take. */
    static String error(String reason) {
        return Json.createObjectBuilder().add("op", "error").add("reason", reason).build().toString();
    }

    private static JsonArrayBuilder array(Collection<String> items) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        items.forEach(a::add);
        return a;
    }
}

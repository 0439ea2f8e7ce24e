package org.statekeeper.core;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.bind.Jsonb;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Type;
import org.statekeeper.StateSerializationException;
import org.statekeeper.spi.StateCodec;

/**
 * The default codec: JSON through the platform's JSON Binding. A value nested deeper than
 * {@value #MAX_DEPTH} arrays and objects is refused when it is written: JSON-B reads nesting by
 * recursion, and such a value would be stored but overflow the reader's stack on every read. An unpaired
 * surrogate in a string is written as a {@code \\u} escape: UTF-8, which databases store (and Redis), has no
 * encoding for it, and PostgreSQL and MariaDB would keep {@code ?} in its place.
 */
public final class JsonbCodec implements StateCodec {

    /** The deepest nesting of arrays and objects a value may have. */
    public static final int MAX_DEPTH = 256;

    private final Jsonb jsonb;
    /**
     * Made once: {@code Json.createParser} looks the JSON-P provider up through ServiceLoader on
     * every call (about 44 KB and tens of microseconds each), which dominated a rebuild that checks
     * every stored value. Parser factories are thread safe.
     */
    private final JsonParserFactory parsers = Json.createParserFactory(null);

    /** Creates a codec on the platform's default JSON-B provider. */
    public JsonbCodec() {
        this(JsonbBuilder.create());
    }

    /**
     * Creates a codec on a configured JSON-B instance.
     *
     * @param jsonb the instance to use; it must be thread safe, as JSON-B instances are
     */
    public JsonbCodec(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    @Override
    public String encode(String key, Object value) {
        if (value == null) {
            throw new StateSerializationException(key, 0,
                    "A null value cannot be stored: use delete(key) to remove a key", null);
        }
        String json;
        try {
            json = jsonb.toJson(value);
        } catch (RuntimeException | StackOverflowError e) {
            throw new StateSerializationException(key, 0, "JSON-B cannot encode a value of "
                    + value.getClass().getName() + ": " + e.getMessage(), e);
        }
        json = escapeUnpairedSurrogates(json);
        int depth = depth(json);
        if (depth > MAX_DEPTH) {
            throw new StateSerializationException(key, 0, "A value of " + value.getClass().getName()
                    + " nested " + depth + " arrays and objects deep cannot be stored: at most " + MAX_DEPTH
                    + " levels can be read back", null);
        }
        if ("null".equals(json)) {
            // e.g. Optional.empty(): stored, it would be a present key whose value reads back as null.
            throw new StateSerializationException(key, 0, "A value of " + value.getClass().getName()
                    + " that encodes as JSON null cannot be stored: use delete(key) to remove a key", null);
        }
        return json;
    }

    @Override
    public boolean isWellFormed(String encoded) {
        try (JsonParser parser = parsers.createParser(new StringReader(encoded))) {
            while (parser.hasNext()) {
                parser.next();
            }
            return true;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            return false;
        }
    }

    @Override
    public <T> T decode(String key, long version, String encoded, Type type) {
        try {
            return jsonb.fromJson(encoded, type);
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError: a value nested deeper than this codec now writes (another codec wrote it).
            throw new StateSerializationException(key, version, "JSON-B cannot decode the stored value as "
                    + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JSON with every unpaired surrogate written as a six-character escape, which reads back as the same
     * character; paired surrogates (a character beyond the BMP) stay as they are. They occur only inside strings.
     */
    static String escapeUnpairedSurrogates(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(json.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    /** The deepest nesting of arrays and objects in well-formed JSON text, brackets inside strings not counted. */
    static int depth(String json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return deepest;
    }
}

package org.statekeeper.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statekeeper.StateSerializationException;

class JsonbCodecTest {

    public record Item(String sku, int quantity) {
    }

    public record Cart(String owner, List<Item> items, Map<String, Integer> counts) {
    }

    /** A bean JSON-B can see but not read: its getter fails. */
    public static class Exploding {
        public String getSecret() {
            throw new IllegalStateException("getter refuses");
        }
    }

    /** A value that refers to itself, so a naive serialiser recurses forever. */
    public static class Loop {
        public Loop getSelf() {
            return this;
        }
    }

    /** Only here to carry the generic type {@code List<Item>} for reflection. */
    @SuppressWarnings("unused")
    private static List<Item> listOfItems;

    private final JsonbCodec codec = new JsonbCodec();

    private static Type listOfItemsType() throws NoSuchFieldException {
        return JsonbCodecTest.class.getDeclaredField("listOfItems").getGenericType();
    }

    @Test
    void recordWithListAndMapRoundTrips() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("views", 3);
        counts.put("edits", 0);
        Cart cart = new Cart("bob", List.of(new Item("A-1", 2), new Item("B-\u20ac", 1)), counts);

        String json = codec.encode("cart", cart);
        Cart back = codec.decode("cart", 1, json, Cart.class);

        assertEquals(cart, back);
    }

    @Test
    void genericListOfRecordsRoundTripsThroughReflectedType() throws Exception {
        List<Item> items = List.of(new Item("A", 1), new Item("B", 2));
        String json = codec.encode("items", items);

        List<Item> back = codec.decode("items", 1, json, listOfItemsType());

        // Decoded through the raw List type the elements would be maps; the Type must reach JSON-B.
        assertInstanceOf(Item.class, back.get(0));
        assertEquals(items, back);
    }

    @Test
    void nullValueIsRejected() {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.encode("k", null));
        assertEquals("k", e.getKey());
        assertEquals(0, e.getVersion());
        assertTrue(e.getMessage().contains("delete"), e.getMessage());
    }

    @Test
    void valueEncodingToJsonNullIsRejectedLikeNull() {
        // Stored as "null" it would be a present key whose value reads back as null.
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.encode("k", Optional.empty()));
        assertEquals("k", e.getKey());
        assertThrows(StateSerializationException.class, () -> codec.encode("k", OptionalInt.empty()));
    }

    @Test
    void valueJsonbCannotEncodeIsRejectedNamingTheKey() {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.encode("user:7", new Exploding()));
        assertEquals("user:7", e.getKey());
        assertTrue(e.getMessage().contains("\"user:7\""), e.getMessage());
        assertTrue(e.getMessage().contains(Exploding.class.getName()), e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void selfReferencingValueIsRejectedNotCrashing() {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.encode("loop", new Loop()));
        assertEquals("loop", e.getKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "]", "{\"owner\": \"bob\", "})
    void garbageIsRejectedNamingKeyAndVersion(String stored) {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.decode("cart:9", 7, stored, Cart.class));
        assertEquals("cart:9", e.getKey());
        assertEquals(7, e.getVersion());
        assertTrue(e.getMessage().contains("\"cart:9\"") && e.getMessage().contains("version 7"), e.getMessage());
        assertTrue(e.getMessage().contains(Cart.class.getTypeName()), e.getMessage());
    }

    @Test
    void wrongShapedJsonIsRejectedNamingKeyAndVersion() {
        assertWrongShape("[1, 2]", Cart.class);
        assertWrongShape("\"text\"", Item.class);
        assertWrongShape("{\"sku\": \"A\"}", Integer.class);
        assertWrongShape("{\"sku\": \"A\", \"quantity\": \"many\"}", Item.class);
    }

    @Test
    void wrongShapedElementsOfGenericListAreRejected() throws Exception {
        Type type = listOfItemsType();
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.decode("items", 4, "[1, 2]", type));
        assertEquals(4, e.getVersion());
        assertTrue(e.getMessage().contains("version 4"), e.getMessage());
    }

    private void assertWrongShape(String stored, Type type) {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.decode("k", 3, stored, type), stored + " as " + type);
        assertEquals("k", e.getKey());
        assertEquals(3, e.getVersion());
        assertTrue(e.getMessage().contains("\"k\"") && e.getMessage().contains("version 3"), e.getMessage());
    }

    /** Lists {@code depth} deep, as JSON-B reads them from text (its depth is within what it reads). */
    private Object nested(int depth) {
        return codec.decode("nested", 1, "[".repeat(depth) + "]".repeat(depth), Object.class);
    }

    /** Found by ValuesFuzzTest: a list 1000 deep was stored, then every read of it overflowed the stack. */
    @Test
    void aValueNestedDeeperThanMaxDepthIsRefusedWhenWrittenAndOneAtMaxDepthReadsBackOnASmallStack() throws Exception {
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.encode("deep", nested(JsonbCodec.MAX_DEPTH + 1)));
        assertEquals("deep", e.getKey());
        assertTrue(e.getMessage().contains("nested " + (JsonbCodec.MAX_DEPTH + 1)), e.getMessage());

        String json = codec.encode("deep", nested(JsonbCodec.MAX_DEPTH));
        // Read on a thread with half the usual 1 MiB stack: the bound leaves room for a server's deeper call chain.
        Object[] read = new Object[1];
        Throwable[] failed = new Throwable[1];
        Thread reader = new Thread(null, () -> {
            try {
                read[0] = codec.decode("deep", 1, json, Object.class);
            } catch (Throwable t) {
                failed[0] = t;
            }
        }, "small-stack-reader", 512 * 1024);
        reader.start();
        reader.join();
        assertEquals(null, failed[0]);
        assertEquals(nested(JsonbCodec.MAX_DEPTH), read[0]);
    }

    @Test
    void aStoredValueTooDeepToReadFailsAsASerializationErrorNotAStackOverflow() {
        String stored = "[".repeat(100_000) + "]".repeat(100_000);
        StateSerializationException e = assertThrows(StateSerializationException.class,
                () -> codec.decode("deep", 2, stored, Object.class));
        assertEquals(2, e.getVersion());
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        assertEquals(1, JsonbCodec.depth("[\"[[[{{\\\"[\",\"]]\"]"));
        assertEquals(0, JsonbCodec.depth("\"[\""));
        assertEquals(3, JsonbCodec.depth("{\"a\":[{\"b\":1}]}"));
    }

    /** Found by ValuesFuzzTest: PostgreSQL and MariaDB stored "a?b" for "a\\ud800b", and reads returned it. */
    @Test
    void anUnpairedSurrogateIsWrittenAsAnEscapeThatReadsBackExactlyWhilePairsStayAsTheyAre() {
        String value = "a\ud800b\udc00c\ud83d\ude00d\\\ud800";
        String json = codec.encode("k", value);
        assertEquals("\"a\\ud800b\\udc00c\ud83d\ude00d\\\\\\ud800\"", json);
        assertTrue(json.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), json);
        assertEquals(value, codec.decode("k", 1, json, String.class));
        assertEquals(List.of(value), codec.decode("k", 1, codec.encode("k", List.of(value)), List.class));
    }
}

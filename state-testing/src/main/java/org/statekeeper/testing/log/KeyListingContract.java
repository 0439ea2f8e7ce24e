package org.statekeeper.testing.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.statekeeper.KeyInfo;
import org.statekeeper.core.StateEngine;
import org.statekeeper.spi.LogReader;

/**
 * What every log's key listing ({@link LogReader#keys}) must do: prefixes matched literally, only live
 * values, paging after a key, and each key's fields those of the event that wrote its current version.
 * Every listing is also made by {@link LogReader}'s default and must be the same, so a log's own query
 * and the default's meaning cannot drift apart. {@link EventLogContract} includes these tests.
 */
public abstract class KeyListingContract extends EventLogFixture {

    /** The keys' writes are stamped with this time: listings at it see every value that has not expired. */
    private static final Instant NOW = MICRO_TIME;

    /**
     * Returns the log's reads with {@link LogReader#keys}'s default in place of the log's own listing: a proxy,
     * so every other read, including any added to the interface later, stays the log's.
     */
    private static LogReader withDefaultListing(LogReader log) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("keys")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(log, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (LogReader) Proxy.newProxyInstance(LogReader.class.getClassLoader(), new Class<?>[] {LogReader.class},
                handler);
    }

    private List<KeyInfo> keys(String prefix, String afterKey, Instant now, int limit) {
        List<KeyInfo> listed = tx.required(() -> log.keys(prefix, afterKey, now, limit));
        List<KeyInfo> byDefault = tx.required(() -> withDefaultListing(log).keys(prefix, afterKey, now, limit));
        assertEquals(byDefault, listed, "the log's listing and LogReader's default listing differ");
        return listed;
    }

    private List<String> keyNames(String prefix, String afterKey, int limit) {
        return keys(prefix, afterKey, NOW, limit).stream().map(KeyInfo::key).toList();
    }

    private StateEngine fixedEngine() {
        return engine(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void prefixesHoldingLikeWildcardsAndEscapeCharactersMatchOnlyLiterally() {
        StateEngine fixed = fixedEngine();
        List<String> all = Stream.of("a%b:1", "axb:1", "a_c", "abc", "a\\b", "aXb", "a!b", "a!!b", "b")
                .sorted().toList();
        all.forEach(key -> fixed.set(key, 1));

        assertEquals(List.of("a%b:1"), keyNames("a%", null, 100));
        assertEquals(List.of("a%b:1"), keyNames("a%b:", null, 100));
        assertEquals(List.of("a_c"), keyNames("a_", null, 100));
        assertEquals(List.of("a\\b"), keyNames("a\\", null, 100));
        assertEquals(List.of("a!!b", "a!b"), keyNames("a!", null, 100));
        assertEquals(List.of("a!!b"), keyNames("a!!", null, 100));
        assertEquals(List.of("abc"), keyNames("ab", null, 100));
        assertEquals(List.of(), keyNames("A", null, 100), "a prefix matches case exactly");
        assertEquals(List.of(), keyNames("%", null, 100));
        assertEquals(List.of(), keyNames("_", null, 100));
        assertEquals(all, keyNames("", null, 100), "the empty prefix lists every key, in key order");
        assertEquals(all.subList(0, 8), keyNames("a", null, 100));
    }

    @Test
    void deletedKeysExpiredButUnsweptKeysAndUnwrittenHeadRowsAreLeftOut() {
        StateEngine fixed = fixedEngine();
        fixed.set("k:live", 1);
        fixed.set("k:deleted", 1);
        fixed.delete("k:deleted");
        fixed.set("k:expires-soon", 1, Duration.ofMinutes(1));
        fixed.set("k:expires-later", 1, Duration.ofHours(1));
        // Leaves at most a head row at version 0.
        assertThrows(RuntimeException.class, () -> tx.required(() -> {
            fixed.set("k:rolled-back", 1);
            throw new IllegalStateException("roll back");
        }));

        assertEquals(List.of("k:expires-later", "k:expires-soon", "k:live"), keyNames("k:", null, 100));
        Instant soonExpired = NOW.plus(Duration.ofMinutes(1));
        assertEquals(List.of("k:expires-later", "k:live"), keys("k:", null, soonExpired, 100).stream()
                .map(KeyInfo::key).toList(), "gone at its expiry instant, although the sweep has logged no EXPIRE");
        assertEquals(List.of("k:live"), keys("", null, NOW.plus(Duration.ofDays(1)), 100).stream()
                .map(KeyInfo::key).toList());
    }

    @Test
    void pagesReadOnAfterTheLastKeyReturnedUntilAnEmptyPage() {
        StateEngine fixed = fixedEngine();
        for (int i = 0; i < 8; i++) {
            fixed.set("p:" + i, i);
            fixed.set("o:" + i, i);
            fixed.set("q:" + i, i);
        }
        fixed.delete("p:1");
        fixed.delete("p:5");

        List<List<String>> pages = new ArrayList<>();
        String after = null;
        for (List<String> page = keyNames("p:", null, 3); !page.isEmpty(); page = keyNames("p:", after, 3)) {
            pages.add(page);
            after = page.get(page.size() - 1);
        }
        assertEquals(List.of(List.of("p:0", "p:2", "p:3"), List.of("p:4", "p:6", "p:7")), pages);
        assertEquals(List.of("p:2", "p:3"), keyNames("p:", "p:1", 2), "after a key that is no longer listed");
        assertEquals(List.of("p:3"), keyNames("p:", "p:2x", 1), "after a string that is no key at all");
        assertEquals(List.of("p:0"), keyNames("p:", "a", 1), "after a string sorting before the prefix");
        assertEquals(List.of(), keyNames("p:", "p:7", 10));
        assertEquals(List.of(), keyNames("p:", "z", 10));
    }

    @Test
    void eachKeyCarriesTheVersionTimeExpiryWriterAndUtf8SizeOfItsCurrentValue() {
        Cart cart = new Cart("Zoë Müller 🍐", List.of("Äpfel", "pear"));
        fixedEngine().set("f:cart", "first");
        Instant written = NOW.plusSeconds(30);
        StateEngine bob = engine("node-2", "bob", Clock.fixed(written, ZoneOffset.UTC));
        bob.set("f:cart", cart, Duration.ofHours(2));
        bob.set("f:plain", "x");

        String json = codec.encode("f:cart", cart);
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertNotEquals(json.length(), bytes, "the value must hold characters of more than one byte");
        assertEquals(List.of(
                new KeyInfo("f:cart", 2, bytes, written, written.plus(Duration.ofHours(2)), "bob", "node-2"),
                new KeyInfo("f:plain", 1, 3, written, null, "bob", "node-2")), keys("f:", null, written, 10));
    }
}

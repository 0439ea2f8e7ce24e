package org.statekeeper.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hibernate's schema validation checks tables and columns but not indexes, so this compares the
 * indexes the entities declare (what servers create on the default datasource) with those in each
 * shipped DDL file (what Flyway and Liquibase users create): the audit and retention queries rely
 * on both.
 */
class ShippedSchemaIndexesTest {

    private static final Pattern CREATE_INDEX =
            Pattern.compile("CREATE\\s+INDEX\\s+(\\w+)\\s+ON\\s+(\\w+)\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(strings = {"/META-INF/statekeeper/schema-h2.sql", "/META-INF/statekeeper/schema-postgresql.sql",
        "/META-INF/statekeeper/schema-mariadb.sql"})
    void shippedDdlCreatesExactlyTheIndexesTheEntitiesDeclare(String resource) throws IOException {
        Set<String> inDdl = new TreeSet<>();
        Matcher m = CREATE_INDEX.matcher(read(resource));
        while (m.find()) {
            inDdl.add(index(m.group(2), m.group(1), m.group(3)));
        }
        Set<String> declared = new TreeSet<>();
        for (Class<?> entity : new Class<?>[] {StateEventEntity.class, StateHeadEntity.class}) {
            Table table = entity.getAnnotation(Table.class);
            Stream.of(table.indexes()).forEach(i -> declared.add(index(table.name(), i.name(), i.columnList())));
        }

        assertTrue(declared.contains("sk_event:sk_event_key_seq(state_key,seq)"), declared::toString);
        assertTrue(declared.contains("sk_event:sk_event_principal(principal,seq)"), declared::toString);
        assertEquals(declared, inDdl, resource);
    }

    private static String index(String table, String name, String columns) {
        return (table + ":" + name + "(" + columns.replaceAll("\\s+", "") + ")").toLowerCase(Locale.ROOT);
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ShippedSchemaIndexesTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

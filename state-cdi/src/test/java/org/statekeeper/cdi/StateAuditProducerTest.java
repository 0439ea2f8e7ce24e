package org.statekeeper.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import java.lang.annotation.Annotation;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.statekeeper.StateAudit;
import org.statekeeper.core.EventLogAudit;

/**
 * {@code @Inject StateAudit} must resolve to exactly one bean: this module's producer. Checked by
 * reflection over the module's classes, since no container runs in the unit tests.
 */
class StateAuditProducerTest {

    @Test
    void exactlyOneUnqualifiedProducerOfStateAuditOnAnApplicationScopedBean() throws Exception {
        List<Member> producers = new ArrayList<>();
        List<Class<?>> implementations = new ArrayList<>();
        for (Class<?> type : moduleClasses()) {
            if (StateAudit.class.isAssignableFrom(type)) {
                implementations.add(type);
            }
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Produces.class) && StateAudit.class.isAssignableFrom(m.getReturnType())) {
                    producers.add(m);
                    assertTrue(Stream.of(m.getAnnotations()).map(Annotation::annotationType)
                            .noneMatch(a -> a.isAnnotationPresent(Qualifier.class)), m + " must not be qualified");
                }
            }
            Stream.of(type.getDeclaredFields())
                    .filter(f -> f.isAnnotationPresent(Produces.class) && StateAudit.class.isAssignableFrom(f.getType()))
                    .forEach(producers::add);
        }

        assertEquals(1, producers.size(), producers::toString);
        assertEquals(StatekeeperProducers.class, producers.get(0).getDeclaringClass());
        assertTrue(StatekeeperProducers.class.isAnnotationPresent(ApplicationScoped.class));
        assertEquals(List.of(), implementations, "a bean implementing StateAudit here would make injection ambiguous");
    }

    @Test
    void theCoreImplementationIsNotInABeanArchive() throws Exception {
        // state-api has no beans.xml, so EventLogAudit is never discovered as a second StateAudit bean.
        Path api = Path.of(EventLogAudit.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(api)) {
            assertFalse(Files.exists(api.resolve("META-INF/beans.xml")), api.toString());
        } else {
            try (ZipFile jar = new ZipFile(api.toFile())) {
                assertEquals(null, jar.getEntry("META-INF/beans.xml"), api.toString());
            }
        }
    }

    private static List<Class<?>> moduleClasses() throws Exception {
        Path root = Path.of(StatekeeperProducers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("org/statekeeper/cdi");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, StateAuditProducerTest.class.getClassLoader()));
            }
        }
        assertTrue(classes.contains(StatekeeperProducers.class), "scanned " + dir);
        return classes;
    }
}

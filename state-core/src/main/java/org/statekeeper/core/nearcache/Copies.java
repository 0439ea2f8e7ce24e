package org.statekeeper.core.nearcache;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Fresh copies of decoded values, so that a decoded value can be kept with a near-cached copy and each
 * reader still gets an object of its own, as if it had been decoded for it: immutable values (strings,
 * numbers, enums, {@code java.time} values, records of such) are shared; records rebuilt through their
 * canonical constructor; lists, sets and maps copied into the class the JSON-B decoder made. A type
 * with anything else (a bean with setters, an array, a raw or wildcard collection) has no copier, and is
 * decoded for every read.
 */
final class Copies {

    /** Marks a type that cannot be copied. */
    private static final UnaryOperator<Object> NONE = v -> {
        throw new IllegalStateException("not copyable");
    };
    private static final UnaryOperator<Object> SHARED = UnaryOperator.identity();
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigDecimal.class, BigInteger.class,
            UUID.class, boolean.class, char.class, byte.class, short.class, int.class, long.class, float.class,
            double.class);
    private static final Map<Type, UnaryOperator<Object>> KNOWN = new ConcurrentHashMap<>();
    /** The JDK's unmodifiable collections ({@code List.of}, {@code List.copyOf}, {@code Map.of} …). */
    private static final String UNMODIFIABLE = "java.util.ImmutableCollections$";

    private Copies() {
    }

    /**
     * Returns the copier of values decoded as {@code type}, or null when they cannot be copied safely.
     *
     * @param type the type values are decoded as
     * @return a function returning a fresh copy of its argument (the argument itself when immutable), or null
     */
    static UnaryOperator<Object> of(Type type) {
        UnaryOperator<Object> copier = KNOWN.get(type);
        if (copier == null) {
            copier = build(type, 0);
            if (KNOWN.size() < 10_000) {
                KNOWN.put(type, copier);
            }
        }
        return copier == NONE ? null : copier;
    }

    private static UnaryOperator<Object> build(Type type, int depth) {
        if (depth > 8) {
            return NONE;
        }
        if (type instanceof Class<?> c) {
            if (IMMUTABLE.contains(c) || c.isEnum() || immutableTime(c)) {
                return SHARED;
            }
            return c.isRecord() ? record(c, depth) : NONE;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if ((raw == List.class || raw == Collection.class || raw == ArrayList.class) && args.length == 1) {
                return collection(build(args[0], depth + 1), ArrayList.class, ArrayList::new);
            }
            if ((raw == Set.class || raw == HashSet.class) && args.length == 1) {
                return collection(build(args[0], depth + 1), HashSet.class, HashSet::new);
            }
            if (raw == LinkedHashSet.class && args.length == 1) {
                return collection(build(args[0], depth + 1), LinkedHashSet.class, LinkedHashSet::new);
            }
            if ((raw == Map.class || raw == HashMap.class || raw == LinkedHashMap.class) && args.length == 2
                    && build(args[0], depth + 1) == SHARED) {
                return map(build(args[1], depth + 1));
            }
        }
        return NONE;
    }

    private static boolean immutableTime(Class<?> c) {
        // Every public class of java.time is an immutable value, except the abstract Clock and ZoneId's subclasses.
        return c.getPackageName().equals("java.time") && !java.time.Clock.class.isAssignableFrom(c);
    }

    private static UnaryOperator<Object> record(Class<?> c, int depth) {
        RecordComponent[] components = c.getRecordComponents();
        List<UnaryOperator<Object>> copiers = new ArrayList<>(components.length);
        boolean allShared = true;
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            UnaryOperator<Object> copier = build(components[i].getGenericType(), depth + 1);
            if (copier == NONE) {
                return NONE;
            }
            allShared &= copier == SHARED;
            copiers.add(copier);
            types[i] = components[i].getType();
        }
        if (allShared) {
            return SHARED;
        }
        MethodHandle constructor;
        MethodHandle[] accessors = new MethodHandle[components.length];
        try {
            // As a JSON-B provider does: a record nested in a package-private class is common in applications.
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            java.lang.reflect.Constructor<?> canonical = c.getDeclaredConstructor(types);
            if (!canonical.trySetAccessible()) {
                return NONE;
            }
            constructor = lookup.unreflectConstructor(canonical);
            for (int i = 0; i < components.length; i++) {
                java.lang.reflect.Method accessor = components[i].getAccessor();
                if (!accessor.trySetAccessible()) {
                    return NONE;
                }
                accessors[i] = lookup.unreflect(accessor);
            }
        } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
            return NONE;
        }
        MethodHandle spread = constructor.asSpreader(Object[].class, components.length);
        return value -> {
            if (value == null) {
                return null;
            }
            try {
                Object[] args = new Object[accessors.length];
                for (int i = 0; i < accessors.length; i++) {
                    args[i] = copiers.get(i).apply(accessors[i].invoke(value));
                }
                return spread.invoke(args);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Could not copy a " + c.getName(), e);
            }
        };
    }

    private static UnaryOperator<Object> collection(UnaryOperator<Object> element, Class<?> made,
            java.util.function.IntFunction<Collection<Object>> create) {
        if (element == NONE) {
            return NONE;
        }
        return value -> {
            if (value == null) {
                return null;
            }
            if (value.getClass() != made) {
                if (element == SHARED && value.getClass().getName().startsWith(UNMODIFIABLE)) {
                    return value; // List.of/Set.of of immutable elements, made by a record's compact constructor
                }
                throw new NotCopyable();
            }
            Collection<?> from = (Collection<?>) value;
            Collection<Object> copy = create.apply(from.size());
            for (Object e : from) {
                copy.add(element.apply(e));
            }
            return copy;
        };
    }

    private static UnaryOperator<Object> map(UnaryOperator<Object> value) {
        if (value == NONE) {
            return NONE;
        }
        return v -> {
            if (v == null) {
                return null;
            }
            Map<?, ?> from = (Map<?, ?>) v;
            Map<Object, Object> copy;
            if (v.getClass() == HashMap.class) {
                copy = new HashMap<>(Math.max(4, from.size() * 2));
            } else if (v.getClass() == LinkedHashMap.class) {
                copy = new LinkedHashMap<>(Math.max(4, from.size() * 2));
            } else if (value == SHARED && v.getClass().getName().startsWith(UNMODIFIABLE)) {
                return v;
            } else {
                throw new NotCopyable();
            }
            for (Map.Entry<?, ?> e : from.entrySet()) {
                copy.put(e.getKey(), value.apply(e.getValue()));
            }
            return copy;
        };
    }

    /** The decoder made a container of a class a copy would not reproduce: decode instead. */
    static final class NotCopyable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotCopyable() {
            super(null, null, false, false);
        }
    }
}

package dev.graft.datasets.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.ServiceLoader;

/**
 * Implementations of one kind (architectures, weight formats, augmentation operations, …) by
 * name, the way timm's model registry works: a name is registered once (a second registration is
 * refused), an unknown name fails naming the nearest known ones, and plug-ins add entries through
 * {@link ServiceLoader} from a {@link RegistryProvider} subtype per kind. Names list sorted;
 * entries keep the order they were registered in. Registries are safe to read and extend from
 * several threads.
 *
 * @param <T> what is registered
 */
public final class Registry<T> {

    /** The most nearest names an unknown-name message suggests. */
    private static final int SUGGESTED = 3;

    private final String kind;
    private final Map<String, T> entries = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * Creates an empty registry.
     *
     * @param kind what it holds, singular, for messages, e.g. {@code augmentation operation}
     */
    public Registry(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return what the registry holds, e.g. {@code augmentation operation} */
    public String kind() {
        return kind;
    }

    /**
     * Adds an entry.
     *
     * @param name its name, non-blank
     * @param implementation what the name stands for
     * @return this registry
     * @throws IllegalArgumentException if the name is blank or already registered
     */
    public Registry<T> register(String name, T implementation) {
        Objects.requireNonNull(implementation, "implementation");
        if (name == null || name.isBlank() || !name.strip().equals(name)) {
            throw new IllegalArgumentException(kind + " name '" + name + "' must be non-blank without surrounding spaces.");
        }
        if (entries.putIfAbsent(name, implementation) != null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is already registered; pick another name. Known: " + names());
        }
        return this;
    }

    /**
     * Copies the registry, for extending it without touching this one.
     *
     * @return a new registry of the same kind with the same entries, in the same order
     */
    public Registry<T> copy() {
        Registry<T> copy = new Registry<>(kind);
        entries().forEach(copy::register);
        return copy;
    }

    /**
     * Adds every entry the service-loaded providers of a kind offer.
     *
     * @param providerType the kind's provider interface, listed in {@code META-INF/services}
     * @return this registry
     * @throws IllegalArgumentException if a provider registers a name already taken
     */
    public Registry<T> load(Class<? extends RegistryProvider<T>> providerType) {
        for (RegistryProvider<T> provider : ServiceLoader.load(providerType)) {
            provider.register(this);
        }
        return this;
    }

    /**
     * Finds an entry.
     *
     * @param name its name
     * @return the entry
     * @throws IllegalArgumentException naming the nearest known names and listing all of them
     */
    public T get(String name) {
        T implementation = name == null ? null : entries.get(name);
        if (implementation == null) {
            List<String> nearest = nearest(String.valueOf(name));
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'"
                    + (nearest.isEmpty() ? "" : "; did you mean '" + String.join("' or '", nearest) + "'?")
                    + " Known: " + names());
        }
        return implementation;
    }

    /**
     * Finds an entry that may be missing.
     *
     * @param name its name
     * @return the entry, or empty
     */
    public Optional<T> find(String name) {
        return Optional.ofNullable(name == null ? null : entries.get(name));
    }

    /**
     * Tells whether a name is registered.
     *
     * @param name the name
     * @return whether it is
     */
    public boolean contains(String name) {
        return name != null && entries.containsKey(name);
    }

    /** @return every name, sorted */
    public List<String> names() {
        synchronized (entries) {
            return entries.keySet().stream().sorted().toList();
        }
    }

    /** @return every entry by name, in registration order; a snapshot */
    public Map<String, T> entries() {
        synchronized (entries) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /**
     * The known names closest to a name by edit distance, sorted.
     *
     * @param name the unknown name
     * @return up to three names at the smallest distance, empty when nothing is registered
     */
    public List<String> nearest(String name) {
        int best = Integer.MAX_VALUE;
        List<String> nearest = new ArrayList<>();
        for (String known : names()) {
            int d = EditDistance.between(name, known);
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best && nearest.size() < SUGGESTED) {
                nearest.add(known);
            }
        }
        return nearest;
    }

    @Override
    public String toString() {
        return kind + " registry " + names();
    }
}

package dev.graft.datasets.registry;

/**
 * Adds entries to a registry; each kind has a subinterface (e.g. {@code AugmentOperationProvider})
 * that plug-ins implement and list in {@code META-INF/services/<subinterface name>}, so the kind's
 * standard registry finds them through {@link java.util.ServiceLoader}.
 *
 * @param <T> what the provider registers
 */
public interface RegistryProvider<T> {

    /**
     * Registers this provider's entries.
     *
     * @param registry the kind's registry
     * @throws IllegalArgumentException if a name is already taken
     */
    void register(Registry<T> registry);
}

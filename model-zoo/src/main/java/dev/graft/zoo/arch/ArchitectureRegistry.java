package dev.graft.zoo.arch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The architectures Graft knows, by name: the built-in torchvision ones plus any registered
 * through {@link ServiceLoader} ({@code META-INF/services/dev.graft.zoo.arch.Architecture}). A
 * duplicate name is refused; an unknown one fails listing the nearest names.
 */
public final class ArchitectureRegistry {

    private final Map<String, Architecture> architectures = new LinkedHashMap<>();

    /** Creates an empty registry. */
    public ArchitectureRegistry() {}

    /** @return a registry with the built-in architectures and the service-loaded ones */
    public static ArchitectureRegistry standard() {
        ArchitectureRegistry registry = new ArchitectureRegistry();
        registry.register(ResNet.resnet18());
        registry.register(ResNet.resnet34());
        registry.register(ResNet.resnet50());
        registry.register(new MobileNetV2());
        registry.register(new SqueezeNet());
        for (Architecture plugin : ServiceLoader.load(Architecture.class)) {
            registry.register(plugin);
        }
        return registry;
    }

    /**
     * Adds an architecture.
     *
     * @param architecture the architecture
     * @throws IllegalArgumentException if its name is already registered
     */
    public void register(Architecture architecture) {
        String name = architecture.spec().name();
        if (architectures.putIfAbsent(name, architecture) != null) {
            throw new IllegalArgumentException("architecture '" + name + "' is already registered");
        }
    }

    /**
     * Finds an architecture.
     *
     * @param name its name
     * @return the architecture
     * @throws IllegalArgumentException naming the closest known names if there is none
     */
    public Architecture get(String name) {
        Architecture architecture = architectures.get(name);
        if (architecture == null) {
            List<String> names = new ArrayList<>(architectures.keySet());
            names.sort(Comparator.comparingInt(n -> distance(n, name)));
            throw new IllegalArgumentException(
                    "unknown architecture '"
                            + name
                            + "'; did you mean "
                            + String.join(" or ", names.subList(0, Math.min(2, names.size())))
                            + "? Known: "
                            + String.join(", ", architectures.keySet()));
        }
        return architecture;
    }

    /** @return every architecture, in registration order */
    public Collection<Architecture> all() {
        return List.copyOf(architectures.values());
    }

    /** Levenshtein distance, for suggesting names. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

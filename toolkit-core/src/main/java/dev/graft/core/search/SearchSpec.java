package dev.graft.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to search, read from the search file: the strategy and its knobs, and the space.
 *
 * <pre>
 * strategy: coarse-to-fine      # grid, random, coarse-to-fine, halving or a plug-in's (SearchStrategies)
 * trials: 24
 * stages: 2                     # coarse-to-fine: sampling stages
 * keep: 0.25                    # coarse-to-fine: share of best trials the next stage zooms around
 * space:
 *   lr: {log-uniform: [1e-4, 1e-1]}
 *   weight-decay: {log-uniform: [1e-6, 1e-2]}
 *   dropout: {uniform: [0, 0.5]}
 *   hidden: {int: [64, 512]}
 *   cut: [layer3, layer4, pool]   # a list is a choice
 * </pre>
 *
 * @param strategy a name in {@link SearchStrategies}: {@code grid}, {@code random}, {@code coarse-to-fine},
 *     {@code halving} or a plug-in's
 * @param trials the number of trials (halving: configurations on the first rung)
 * @param parallel trials run at once
 * @param seed the sampling seed
 * @param stages coarse-to-fine stages
 * @param keep coarse-to-fine: the share of best trials to zoom around
 * @param gridPoints values per numeric range in a grid
 * @param minEpochs halving: epochs on the first rung
 * @param eta halving: the promotion ratio
 * @param space the searched options
 */
public record SearchSpec(String strategy, int trials, int parallel, long seed, int stages, double keep, int gridPoints,
        int minEpochs, int eta, SearchSpace space) {

    /** The keys a search file may hold besides {@code base}. */
    public static final Set<String> KEYS = Set.of("strategy", "trials", "parallel", "seed", "stages", "keep", "grid-points",
            "min-epochs", "eta", "space");

    /** Checks the numbers. */
    public SearchSpec {
        SearchStrategies.REGISTRY.get(strategy);
        if (trials < 1 || trials > 10_000) {
            throw new IllegalArgumentException("trials must be in [1, 10000], got " + trials);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (parallel < 1 || parallel > cores) {
            throw new IllegalArgumentException("parallel must be in [1, " + cores + "] (this machine's cores), got " + parallel);
        }
    }

    /**
     * Reads a search file's strategy and space; {@code base} and the option names are checked
     * by the caller.
     *
     * @param root the file's root mapping
     * @param origin the file, for messages
     * @param options the fine-tuning options a space may name
     * @return the spec
     */
    public static SearchSpec parse(JsonNode root, String origin, Set<String> options) {
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key) && !key.equals("base")) {
                throw new IllegalArgumentException(origin + ": unknown key '" + key + "'; a search file holds base, " + KEYS + ".");
            }
        });
        JsonNode spaceNode = root.path("space");
        if (!spaceNode.isObject()) {
            throw new IllegalArgumentException(origin + ": 'space' must map option names to ranges, e.g. lr: {log-uniform: [1e-4, 1e-1]}.");
        }
        Map<String, Dimension> dimensions = new LinkedHashMap<>();
        spaceNode.fields().forEachRemaining(e -> {
            String name = e.getKey().replace('_', '-');
            if (!options.contains(name)) {
                throw new IllegalArgumentException(origin + ": space names '" + e.getKey() + "', which is not a finetune option.");
            }
            dimensions.put(name, dimension(e.getValue(), origin + ": space." + e.getKey()));
        });
        String strategy = root.path("strategy").asText("random");
        int defaultStages = SearchStrategies.REGISTRY.get(strategy).defaultStages();
        return new SearchSpec(strategy, root.path("trials").asInt(20), root.path("parallel").asInt(1), root.path("seed").asLong(0),
                root.path("stages").asInt(defaultStages), root.path("keep").asDouble(0.25),
                root.path("grid-points").asInt(3), root.path("min-epochs").asInt(1), root.path("eta").asInt(3),
                new SearchSpace(dimensions));
    }

    private static Dimension dimension(JsonNode node, String where) {
        if (node.isArray()) {
            return new Dimension.Choice(texts(node));
        }
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(where + ": give a list of choices or one of {choice: [...]}, {uniform: [lo, hi]},"
                    + " {log-uniform: [lo, hi]}, {int: [lo, hi]}.");
        }
        String kind = node.fieldNames().next();
        JsonNode args = node.get(kind);
        if (kind.equals("choice")) {
            return new Dimension.Choice(texts(args));
        }
        if (!args.isArray() || args.size() != 2 || !args.get(0).isNumber() || !args.get(1).isNumber()) {
            throw new IllegalArgumentException(where + ": " + kind + " takes two numbers [low, high].");
        }
        double low = args.get(0).asDouble();
        double high = args.get(1).asDouble();
        return switch (kind) {
            case "uniform" -> Dimension.RealRange.uniform(low, high);
            case "log-uniform", "log_uniform", "loguniform" -> Dimension.RealRange.logUniform(low, high);
            case "int", "integer" -> new Dimension.IntRange((int) low, (int) high);
            default -> throw new IllegalArgumentException(where + ": unknown range kind '" + kind
                    + "'; use choice, uniform, log-uniform or int.");
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * Builds the strategy.
     *
     * @param epochs the base epoch budget (halving: the most a trial gets)
     * @param higherIsBetter the metric's direction
     * @return the strategy
     */
    public Strategy strategy(int epochs, boolean higherIsBetter) {
        return SearchStrategies.REGISTRY.get(strategy).create(this, epochs, higherIsBetter);
    }
}

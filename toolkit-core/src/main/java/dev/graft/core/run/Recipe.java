package dev.graft.core.run;

import dev.graft.core.options.OptionValues;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A named recipe: a set of ordinary option values that worked well in Graft's own measurements
 * (see the recipes log of issue 18), chosen with {@code --recipe NAME} or {@code
 * FineTuning.builder().optRecipe(NAME)}. A recipe only fills in options: any option the user
 * gives, by flag, config file or builder, overrides the recipe's value, and the run's saved
 * {@code config.yaml} lists the expanded options, so a run is reproduced without the recipe. Each
 * entry is an option's name and its value as typed; a unit test checks every name is a declared
 * option and every value parses, so adding an option to a recipe is one line.
 */
public enum Recipe {

    /**
     * A strong answer in about a minute: the pretrained trunk frozen, its features computed once
     * and cached, a small MLP head trained at the rate the learning-rate range test suggests (on
     * the cached features, seconds).
     */
    QUICK("quick", "frozen trunk on cached features, MLP head, rate from the range test; about a minute", entries(
            "freeze", "all",
            "head", "mlp",
            "hidden", "256",
            "lr", "auto",
            "epochs", "10",
            "schedule", "cosine")),

    /**
     * Discriminative fine-tuning: the trunk's last stage and feature convolution train, on cached
     * features of the frozen rest, at a tenth of the head's rate (chosen by the range test); a
     * small MLP head; flips and mild random-resized crops; validation, selection and the saved
     * model on an exponential moving average of the weights. Measured on PneumoniaMNIST at 64 px
     * (test AUC 0.9746 and 0.9707 on two seeds) and ants/bees (val accuracy 0.9608 and 0.9477).
     */
    BEST("best", "the trunk's top fine-tuned at a tenth of the head's rate, augmentation, EMA of the weights", entries(
            "freeze", "stage4",
            "head", "mlp",
            "hidden", "256",
            "lr", "auto",
            "trunk-lr-factor", "0.1",
            "augment", "hflip,rrc=0.8-1.0",
            "ema", "0.99",
            "epochs", "10",
            "schedule", "cosine"));

    private final String label;
    private final String description;
    private final Map<String, String> values;

    Recipe(String label, String description, Map<String, String> values) {
        this.label = label;
        this.description = description;
        this.values = values;
    }

    /** @return the name, as typed after {@code --recipe} */
    public String label() {
        return label;
    }

    /** @return what the recipe is for, in a few words */
    public String description() {
        return description;
    }

    /** @return option name to value as typed, in the recipe's order (unmodifiable) */
    public Map<String, String> options() {
        return values;
    }

    /**
     * Finds a recipe by name.
     *
     * @param name the name, e.g. {@code quick}
     * @return the recipe
     * @throws IllegalArgumentException naming the known recipes if none has that name
     */
    public static Recipe named(String name) {
        for (Recipe r : values()) {
            if (r.label.equals(name.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("recipe '" + name + "' is unknown; the recipes are " + names() + ".");
    }

    /** @return the recipes' names, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(Recipe::label).collect(Collectors.joining(", "));
    }

    /**
     * Expands the recipe that option values name, if any: the recipe's values, overridden by every
     * value given (flags, config file, builder).
     *
     * @param given the values as given, possibly naming a recipe
     * @return the values with the recipe's filled in; {@code given} itself when it names none
     * @throws IllegalArgumentException naming the known recipes if the name is unknown
     */
    public static OptionValues expand(OptionValues given) {
        String name = given.get(FinetuneOptions.RECIPE.name());
        if (name == null || name.isBlank()) {
            return given;
        }
        OptionValues recipe = OptionValues.empty();
        for (Map.Entry<String, String> e : named(name).values.entrySet()) {
            recipe = recipe.with(e.getKey(), e.getValue());
        }
        return recipe.overriddenBy(given);
    }

    /**
     * Every recipe in one line each, for help: its name, purpose and the options it sets.
     *
     * @return the lines, joined by {@code "; "}
     */
    public static String help() {
        return Arrays.stream(values()).map(r -> r.label + " = " + r.values.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + " (" + r.description + ")")
                .collect(Collectors.joining("; "));
    }

    private static Map<String, String> entries(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
